"""Rebuild writing: chunks as segments (in worker processes), spelling words, phrase checks."""

from __future__ import annotations

import contextlib
import random
import unicodedata
from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from datetime import date
from unittest import mock

import numpy as np
import pytest
from whoosh.filedb.filestore import FileStorage

from archive.search import facets, segment_files
from archive.search.analysis import distinct_words, words
from archive.search.base import SearchDocument, SearchQuery
from archive.search.building import POOL_MB, _BlockWriter, add_documents, fill
from archive.search.facets import _segment_arrays, _SegmentArrays
from archive.search.schema import build_schema
from archive.search.whoosh_backend import WhooshBackend
from tests.search.conftest import CORPUS

QUERIES = ("investors", '"industrial park"', "Japan OR Denmark", "Bac Ninh -Korean", "wind")


def _results(backend: WhooshBackend) -> list[tuple[int, list[int]]]:
    found = []
    for text in QUERIES:
        results = backend.search(SearchQuery(text=text, per_page=50))
        found.append((results.total, sorted(hit.id for hit in results.hits)))
    return found


@pytest.mark.parametrize(
    "text",
    [
        "Việt Nam and the U.S. signed 1.5 billion deals; Đà Nẵng, ĐÀ NẴNG",
        unicodedata.normalize("NFD", "Bắc Ninh welcomes Hưng Yên investors"),
        "A of the is I x " + "y" * 61 + " Straße",
    ],
)
def test_distinct_words_are_the_analyzers_unstemmed_words(text):
    assert distinct_words(text) == set(words(text))


def test_chunks_written_by_worker_processes_search_like_one_writer(tmp_path):
    serial = WhooshBackend(path=tmp_path / "serial", workers=1)
    serial.rebuild(CORPUS)
    parallel = WhooshBackend(path=tmp_path / "parallel")
    key, ix = parallel.store.create()
    assert fill(ix, CORPUS, chunk_docs=5, workers=2) == len(CORPUS)
    parallel.store.publish(key)

    assert (len(ix.reader().leaf_readers()), _results(parallel)) == (3, _results(serial))


@pytest.mark.parametrize("workers_fail", [False, True])
def test_a_rebuilds_saved_arrays_are_those_of_its_segments(tmp_path, workers_fail):
    # The worker processes build each segment's arrays (or fail to, and this process does);
    # they match the committed segments'.
    backend = WhooshBackend(path=tmp_path / "index", workers=2)
    failing = mock.patch("archive.search.building.new_segment_arrays", side_effect=OSError)
    with (
        mock.patch.object(fill, "__kwdefaults__", {"chunk_docs": 4, "workers": None}),
        failing if workers_fail else contextlib.nullcontext(),
    ):
        backend.rebuild(CORPUS)
    key = backend.store.current_key()
    reader = backend.store.open(key).reader()
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    for leaf in leaves:
        segment_id = leaf.segment().segment_id()
        path = segment_files.arrays_path(
            backend.store.arrays_folder(key), segment_id, _SegmentArrays
        )
        saved = segment_files.load(path, segment_id, leaf.doc_count_all(), _SegmentArrays)
        _assert_same_arrays(saved, _segment_arrays(leaf))
    assert len(leaves) > 1 and facets._PREBUILT == {}


def _assert_same_arrays(a, b) -> None:
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    elif isinstance(a, Mapping):
        assert a.keys() == b.keys()
        for key in a:
            _assert_same_arrays(a[key], b[key])
    elif isinstance(a, tuple):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _assert_same_arrays(x, y)
    elif is_dataclass(a):
        for f in fields(a):
            _assert_same_arrays(getattr(a, f.name), getattr(b, f.name))
    else:
        assert a == b


def test_a_duplicate_id_keeps_its_first_version_across_chunks(tmp_path):
    backend = WhooshBackend(path=tmp_path / "index")
    key, ix = backend.store.create()
    late = replace(CORPUS[0], title="A later copy about tea", body="Tea.")

    count = fill(ix, [*CORPUS, late], chunk_docs=4, workers=2)
    backend.store.publish(key)

    assert (count, backend.search(SearchQuery(text="tea")).total) == (len(CORPUS), 0)


def test_suggestions_rank_words_by_documents_over_all_segments(tmp_path):
    backend = WhooshBackend(path=tmp_path / "index")
    documents = [
        SearchDocument(id=i, title="", body=body, published=None, source="")
        for i, body in enumerate(["garment"] * 3 + ["garmant"] * 2, start=1)
    ]
    key, ix = backend.store.create()
    fill(ix, documents, chunk_docs=2, workers=2)
    backend.store.publish(key)

    assert backend.suggest("garmint") == "garment"


def test_a_phrase_does_not_join_words_of_different_fields(tmp_path):
    backend = WhooshBackend()
    backend.index(
        [
            SearchDocument(
                id=1, title="An industrial", body="park opened", published=None, source=""
            ),
            SearchDocument(
                id=2, title="Tea", body="The industrial park opened", published=None, source=""
            ),
        ]
    )

    assert [hit.id for hit in backend.search(SearchQuery(text='"industrial park"')).hits] == [2]


def test_a_phrase_with_a_repeated_word_needs_every_occurrence(tmp_path):
    backend = WhooshBackend()
    backend.index(
        [
            SearchDocument(id=1, title="", body="visa visa free", published=None, source=""),
            SearchDocument(id=2, title="", body="visa free visa", published=None, source=""),
        ]
    )

    assert [hit.id for hit in backend.search(SearchQuery(text='"visa visa free"')).hits] == [1]


def _generated_documents() -> list[SearchDocument]:
    """Documents that reach every case of the block writer: a term in more than one block of
    128 postings (and in exactly 128), terms used once and many times (positions past 255 and
    65,535 pickle differently), weights that differ within a block, folded and NFD words, stop
    words only, empty texts and repeated facet values."""
    rng = random.Random(13)
    vocabulary = [f"w{n}" for n in range(300)] + ["Đà Nẵng", "Việt", "the", "of", "U.S.", "1.5"]
    documents = []
    for n in range(1, 300):
        body = " ".join(rng.choice(vocabulary) for _ in range(rng.choice((0, 3, 40, 400))))
        if n % 97 == 0:
            body += " tail" * 70_000  # a term used 70,000 times, far down the text
        documents.append(
            SearchDocument(
                id=10_000 + n,
                title=("common " if n <= 128 else "") + ("the of" if n % 50 == 0 else f"t{n % 7}"),
                body=unicodedata.normalize("NFD", body) if n % 5 == 0 else body,
                published=date(2020, 1 + n % 12, 1) if n % 3 else None,
                source=("VNA", "Nhân Dân", " ")[n % 3],
                countries=(("vn",), ("vn", "jp"), ())[n % 3],
                localities=tuple(f"place-{k}" for k in range(n % 4)),
                provinces_2025=("ha-noi",) if n % 2 else (),
                entity_names=("Hà Nội", "Hanoi") if n % 2 else (),
                story=10_000 + n - 1 if n % 10 == 0 else None,
                money=(("usd", 1.5), ("vnd", None)) if n % 4 == 0 else (),
            )
        )
    return documents


def _segment_files(folder, write) -> dict[str, bytes]:
    """The segment's files a writing function leaves (by extension), with the segment's random
    name drawn the same way each time."""
    folder.mkdir()
    ix = FileStorage(str(folder)).create_index(build_schema())
    random.seed(5)
    write(ix)
    return {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in folder.iterdir()
        if path.name.startswith("MAIN_") and "." in path.name
    }


@pytest.mark.parametrize("blocks", [True, False], ids=["whole-blocks", "posting-by-posting"])
def test_the_segment_builder_writes_the_files_whooshs_own_writer_writes(
    tmp_path, monkeypatch, blocks
):
    documents = [*CORPUS, *_generated_documents()]
    if not blocks:  # as with a codec the block writer does not know: add_posting per posting
        monkeypatch.setattr(_BlockWriter, "for_writer", classmethod(lambda cls, writer: None))

    def whoosh_writer(ix):
        writer = ix.writer(compound=False, limitmb=POOL_MB)
        add_documents(writer, documents, update=False)
        writer.commit(merge=False)

    ours = _segment_files(tmp_path / "builder", lambda ix: fill(ix, documents, workers=1))
    theirs = _segment_files(tmp_path / "whoosh", whoosh_writer)

    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
