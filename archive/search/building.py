"""Writing many documents fast: chunks of documents become segments, written side by side.

Why not one Whoosh writer for a rebuild: once its pool passes `limitmb` it pickles every posting
to temporary run files (about ten times the index in temporary disk) and merges them back one
Python call per posting, and `optimize=True` merges again. Here each chunk of `chunk_docs`
documents fits a writer's pool in memory and becomes one segment; the segments are committed
together, unmerged (search reads segments as numpy arrays, so a few more cost little). On a
directory index, worker processes write chunks while this process reads the next documents.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.filedb.filestore import FileStorage
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from archive.search.analysis import distinct_words
from archive.search.base import SearchDocument
from archive.search.schema import SPELLING_FIELD, document_fields
from archive.search.whoosh_compat import check_whoosh

check_whoosh()  # before anything below touches Whoosh's private names

CHUNK_DOCS = 5_000  # documents per segment of a rebuild: about 1M postings, ~250 MB in the pool
POOL_MB = 2_048  # Whoosh's estimate of its pool; above a chunk's, so nothing spills to disk
MAX_WORKERS = 4


def add_documents(writer: SegmentWriter, documents: Iterable[SearchDocument], *, update: bool):
    """Add (or replace, by id) documents with one writer, and their spelling words."""
    spelling: Counter[str] = Counter()
    add = writer.update_document if update else writer.add_document
    for document in documents:
        add(**document_fields(document))
        spelling.update(
            distinct_words(document.title)
            | distinct_words(document.body)
            | distinct_words("\n".join(document.entity_names))
        )
    add_spelling(writer, spelling)


def add_spelling(writer: SegmentWriter, counts: Counter[str]) -> None:
    """One posting per word for the segment being written, weighted by the documents using it.

    Whoosh's `spelling=True` does the same at docnum 0 once per document; this goes round its
    add_document through the writer's pool (a private attribute, stable in whoosh 2.7).
    """
    if not counts or writer.docnum == writer.docbase:  # no document: no segment to hold them
        return
    first = writer.docbase
    for word, count in counts.items():
        # The value is what Whoosh's Frequency format stores: the frequency as a packed uint.
        posting = (SPELLING_FIELD, word.encode("utf-8"), first, float(count), pack_uint(count))
        writer.pool.add(posting)


def _write_segment(ix, documents: list[SearchDocument]):
    """One new segment holding ``documents``, not yet in the index's table of contents."""
    writer = SegmentWriter(ix, _lk=False, limitmb=POOL_MB, compound=False)
    try:
        add_documents(writer, documents, update=False)
        segment = writer._finalize_segment()
    except BaseException:
        writer.cancel()
        raise
    finally:
        writer._tempstorage.destroy()
    return segment


def _write_segment_in_worker(storage_class: type, folder: str, indexname: str, documents):
    return _write_segment(storage_class(folder).open_index(indexname), documents)


def _chunks(documents: Iterable[SearchDocument], size: int) -> Iterator[list[SearchDocument]]:
    seen: set[int] = set()
    chunk: list[SearchDocument] = []
    for document in documents:
        if document.id in seen:  # a duplicate id keeps its first version
            continue
        seen.add(document.id)
        chunk.append(document)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def fill(
    ix,
    documents: Iterable[SearchDocument],
    *,
    chunk_docs: int = CHUNK_DOCS,
    workers: int | None = None,
) -> int:
    """Add ``documents`` (first of each id) to an index nobody else writes; returns the count.

    ``workers`` defaults to the CPU count (at most MAX_WORKERS). A single chunk, one worker or a
    RAM index is written in this process.
    """
    if workers is None:
        workers = min(MAX_WORKERS, os.cpu_count() or 1)
    chunks = _chunks(documents, chunk_docs)
    head = list(itertools.islice(chunks, 2))
    if not head:
        return 0
    everything = itertools.chain(head, chunks)
    if len(head) < 2 or workers < 2 or not isinstance(ix.storage, FileStorage):
        segments, count = [], 0
        for chunk in everything:
            segments.append(_write_segment(ix, chunk))
            count += len(chunk)
    else:
        segments, count = _write_in_workers(ix, everything, workers)
    _commit(ix, segments)
    return count


def _write_in_workers(ix, chunks: Iterator[list[SearchDocument]], workers: int):
    """Segments written by worker processes; at most ``workers + 1`` chunks wait in memory."""
    storage = ix.storage
    # fork: workers need no Django setup and inherit the imported modules; they never touch
    # the database (their connections are the parent's and stay unused).
    context = multiprocessing.get_context("fork")
    segments, written = [], 0
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque[Future] = deque()

        def submit(chunk: list[SearchDocument]) -> None:
            nonlocal written
            written += len(chunk)
            args = (type(storage), storage.folder, ix.indexname, chunk)
            pending.append(pool.submit(_write_segment_in_worker, *args))
            while len(pending) > workers:
                segments.append(pending.popleft().result())

        for chunk in chunks:
            submit(chunk)
        segments.extend(future.result() for future in pending)
    return segments, written


def _commit(ix, segments: list) -> None:
    """Add the segments to the index's table of contents as they are (no merge)."""
    writer = ix.writer()
    try:
        existing = list(writer.segments)
        writer._close_segment()
    except BaseException:
        writer.cancel()
        raise
    writer._commit_toc(existing + segments)
    writer._finish()


def _cache_missing_columns() -> None:
    """Make W3PerDocReader remember that a column is absent.

    Writing postings asks the length of every posting's field in its document; for a field
    without lengths (keywords, ids, spelling) whoosh 2.7 checks the file system every time
    (has_column -> file_exists): about a third of a rebuild's time. A segment's files never
    change once written, so the answer is kept per reader.

    Why patching the class for the whole process is safe: the cache lives on each reader
    instance, and a W3PerDocReader reads exactly one segment, whose column files are written
    before the reader can exist and never added or removed afterwards (Whoosh writes a new
    segment instead). So the cached answer is the answer the file system would give for the
    reader's whole life, for any caller, search or build. check_whoosh() has already verified
    the release whose has_column this wraps; the patch is applied once (idempotent).
    """
    if getattr(W3PerDocReader, "_archive_caches_columns", False):
        return
    original = W3PerDocReader.has_column

    def has_column(self, fieldname):
        known = self.__dict__.setdefault("_archive_has_column", {})
        if fieldname not in known:
            known[fieldname] = original(self, fieldname)
        return known[fieldname]

    W3PerDocReader.has_column = has_column
    W3PerDocReader._archive_caches_columns = True


_cache_missing_columns()
