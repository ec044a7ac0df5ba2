"""Warm starts: each segment's search arrays kept in a file beside it (archive/search/
segment_files.py), loaded by a new process instead of being built again; a file that is stale, cut
or damaged is never used."""

from __future__ import annotations

from dataclasses import replace

import pytest

from archive.search import facets
from archive.search.base import SearchQuery
from archive.search.whoosh_backend import WhooshBackend
from tests.search.conftest import CORPUS

QUERIES = (
    SearchQuery(text="investors", per_page=50),
    SearchQuery(text='"industrial park"', per_page=50),
    SearchQuery(text="Japan OR Denmark", per_page=50, sort="newest"),
    SearchQuery(text="Bac Ninh -Korean", per_page=50),
    SearchQuery(filters={"country": ("japan",)}, per_page=50),
    SearchQuery(text="investment", filters={"source": ("VNA",)}, collapse_stories=True),
    SearchQuery(per_page=50, provinces="2025"),
)


def _answers(backend: WhooshBackend) -> list:
    """Everything a page shows of each query: hits in order, totals, facets and timeline."""
    found = []
    for query in QUERIES:
        results = backend.search(query)
        found.append(
            (
                [(hit.id, round(hit.score, 4), hit.story, hit.versions) for hit in results.hits],
                results.total,
                results.facets,
                results.timeline,
                results.undated,
            )
        )
    return found


def _array_files(backend: WhooshBackend) -> dict[str, object]:
    """segment id -> its arrays file, for the live generation's segments."""
    key = backend.store.current_key()
    folder = backend.store.arrays_folder(key)
    reader = backend.store.open(key).reader()
    try:
        return {
            leaf.segment().segment_id(): facets.segment_files.arrays_path(
                folder, leaf.segment().segment_id(), facets._SegmentArrays
            )
            for leaf, _ in reader.leaf_readers()
            if leaf.segment()
        }
    finally:
        reader.close()


def _no_building(monkeypatch) -> None:
    """From now on, building a segment's arrays from its postings fails the test."""

    def refuse(reader):
        raise AssertionError("built arrays that a file should have given")

    monkeypatch.setattr(facets, "_segment_arrays", refuse)


@pytest.fixture
def written(tmp_path):
    """A directory index written by one backend: a rebuild, then an editor's save."""
    writer = WhooshBackend(path=tmp_path / "index", workers=1)
    writer.rebuild(CORPUS)
    writer.index([replace(CORPUS[2], title="Binh Duong welcomes industrial park investors again")])
    return writer


def test_writes_leave_a_file_for_every_segment_of_the_live_generation(written):
    files = _array_files(written)
    assert len(files) >= 2  # the rebuild's segment and the save's
    assert all(path.is_file() for path in files.values())
    generation = written.store.arrays_folder(written.store.current_key())
    assert sorted(generation.glob("*.arrays*.npz")) == sorted(files.values())
    assert not list(generation.glob("*.tmp"))
    assert written.leftovers() == []


def test_a_new_process_loads_the_files_and_answers_as_one_that_builds(written, monkeypatch):
    building = WhooshBackend(path=written.store.path, persist_arrays=False)
    expected = _answers(building)

    _no_building(monkeypatch)
    assert _answers(WhooshBackend(path=written.store.path)) == expected
    assert _answers(written) == expected


def test_without_persisted_arrays_nothing_is_written(tmp_path):
    backend = WhooshBackend(path=tmp_path / "index", workers=1, persist_arrays=False)
    backend.rebuild(CORPUS)
    backend.search(SearchQuery(text="investors"))

    generation = backend.store.arrays_folder(backend.store.current_key())
    assert not list(generation.glob("*.arrays*"))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="cut-in-half"),
        pytest.param(lambda data: data[:-1], id="last-byte-missing"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"not a zip file at all" * 10, id="garbage"),
        # A flipped byte inside an array's data: only the checksum can tell.
        pytest.param(
            lambda data: data[:400] + bytes([data[400] ^ 0xFF]) + data[401:], id="one-byte-flipped"
        ),
        pytest.param(
            lambda data: (
                data[: len(data) // 2]
                + bytes([data[len(data) // 2] ^ 1])
                + data[len(data) // 2 + 1 :]
            ),
            id="one-bit-flipped-mid-file",
        ),
    ],
)
def test_a_damaged_file_is_ignored_and_rebuilt(written, damage, caplog):
    expected = _answers(WhooshBackend(path=written.store.path, persist_arrays=False))
    files = _array_files(written)
    damaged = max(files.values(), key=lambda path: path.stat().st_size)
    original = damaged.read_bytes()
    damaged.write_bytes(damage(original))

    assert _answers(WhooshBackend(path=written.store.path)) == expected
    assert "ignoring the search arrays" in caplog.text
    # The file was replaced by a sound one, which a later process loads.
    segment_id = next(key for key, path in files.items() if path == damaged)
    reader = written.store.open(written.store.current_key()).reader()
    try:
        docs = next(
            leaf.doc_count_all()
            for leaf, _ in reader.leaf_readers()
            if leaf.segment().segment_id() == segment_id
        )
    finally:
        reader.close()
    loaded = facets.segment_files.load(damaged, segment_id, docs, facets._SegmentArrays)
    assert loaded is not None


def test_a_file_written_for_another_segment_is_not_used(written):
    expected = _answers(WhooshBackend(path=written.store.path, persist_arrays=False))
    first, second = sorted(_array_files(written).items())[:2]
    # The other segment's arrays under this segment's name (another size, other ids).
    second[1].write_bytes(first[1].read_bytes())

    assert _answers(WhooshBackend(path=written.store.path)) == expected


def test_a_file_of_another_format_is_not_used(written, monkeypatch):
    expected = _answers(WhooshBackend(path=written.store.path, persist_arrays=False))
    old_files = set(_array_files(written).values())
    monkeypatch.setattr(
        facets.segment_files, "ARRAYS_FORMAT", facets.segment_files.ARRAYS_FORMAT + 1
    )
    new_files = _array_files(written)
    assert not set(new_files.values()) & old_files  # a new name: never read as the new layout

    assert _answers(WhooshBackend(path=written.store.path)) == expected
    # Beside the old ones, which code of the other format (a server not yet upgraded) still reads.
    assert all(path.is_file() for path in [*new_files.values(), *old_files])


def test_merged_and_replaced_segments_take_their_files_along(tmp_path):
    backend = WhooshBackend(path=tmp_path / "index", workers=1)
    backend.rebuild(CORPUS)
    first_generation = backend.store.current_key()
    for round_ in range(12):  # Whoosh merges small segments as they pile up
        backend.index([replace(CORPUS[round_ % len(CORPUS)], body=f"Round {round_} of edits.")])
    generation = backend.store.arrays_folder(backend.store.current_key())
    assert sorted(generation.glob("*.arrays*.npz")) == sorted(_array_files(backend).values())

    backend.rebuild(CORPUS)
    backend.rebuild(CORPUS)  # the first generation is now neither live nor the one replaced
    assert not (tmp_path / "index" / first_generation).exists()
    live = backend.store.arrays_folder(backend.store.current_key())
    assert sorted(live.glob("*.arrays*.npz")) == sorted(_array_files(backend).values())


def test_another_processs_rebuild_is_searched_with_its_files(written, monkeypatch):
    reader = WhooshBackend(path=written.store.path)
    reader.search(SearchQuery(text="investors"))  # its view of the first generation
    WhooshBackend(path=written.store.path, workers=1).rebuild(
        [*CORPUS, replace(CORPUS[0], id=99, title="A new article on investors in Hai Phong")]
    )
    expected = _answers(WhooshBackend(path=written.store.path, persist_arrays=False))

    _no_building(monkeypatch)
    assert _answers(reader) == expected
    assert 99 in [hit.id for hit in reader.search(SearchQuery(text="Hai Phong")).hits]


def test_a_memory_index_keeps_no_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    backend = WhooshBackend()
    backend.rebuild(CORPUS)
    assert backend.store.arrays_folder(backend.store.current_key()) is None
    assert backend.search(SearchQuery(text="investors")).total > 0
    assert not list(tmp_path.rglob("*.npz"))
