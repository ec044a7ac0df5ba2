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

from whoosh.codec.whoosh3 import W3PerDocReader, byte_to_length, length_to_byte
from whoosh.compat import dumps
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions
from whoosh.system import emptybytes, pack_uint
from whoosh.writing import SegmentWriter

from archive.search.analysis import ArchiveAnalyzer, distinct_words, term_positions
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
        spelling.update(_document_words(document))
    add_spelling(writer, spelling)


def _document_words(document: SearchDocument) -> set[str]:
    """A document's spelling words: the distinct unstemmed words of its text fields."""
    return (
        distinct_words(document.title)
        | distinct_words(document.body)
        | distinct_words("\n".join(document.entity_names))
    )


def add_spelling(writer: SegmentWriter, counts: Counter[str]) -> None:
    """One posting per word for the segment being written, weighted by the documents using it.

    Whoosh's `spelling=True` does the same at docnum 0 once per document; this goes round its
    add_document through the writer's pool (a private attribute, stable in whoosh 2.7).
    """
    if not counts or writer.docnum == writer.docbase:  # no document: no segment to hold them
        return
    for posting in _spelling_postings(counts, writer.docbase):
        writer.pool.add(posting)


def _spelling_postings(counts: Counter[str], first: int) -> Iterator[tuple]:
    for word, count in counts.items():
        # The value is what Whoosh's Frequency format stores: the frequency as a packed uint.
        yield (SPELLING_FIELD, word.encode("utf-8"), first, float(count), pack_uint(count))


class _SegmentBuilder:
    """What SegmentWriter.add_document and _flush_segment do for a new segment, with less work
    per posting and the same files.

    Whoosh puts every posting as a tuple into a pool, sorts the pool at the end, and then reads
    the length of the posting's field in its document back from the segment's length column,
    once per posting. Here postings are grouped by field and term as they come (docnums only
    grow, so each term's list is already in the pool's order), the lengths are remembered
    as the length column gives them back (one byte's approximation), and the archive's text
    fields get their terms and positions in one pass (analysis.term_positions), encoded as
    Whoosh's Positions format encodes them. Fields the fast path does not know go through the
    field's own index(). The writer's private parts used here are those of the release
    check_whoosh() verified.
    """

    def __init__(self, writer: SegmentWriter):
        self.writer = writer
        self.schema = writer.schema
        # fieldname -> term bytes -> [(docnum, weight, value)], in docnum order
        self.postings: dict[str, dict[bytes, list[tuple]]] = {}
        # fieldname -> {docnum: length as the segment's length column reads back}
        self.lengths: dict[str, dict[int, int]] = {}
        self.fast_text = {
            name
            for name, field in self.schema.items()
            if type(field.format) is Positions
            and field.format.field_boost == 1.0
            and isinstance(field.analyzer, ArchiveAnalyzer)
        }
        for name, field in self.schema.items():
            if field.separate_spelling() or field.vector:
                raise ValueError(f"field {name!r}: per-document spelling or vectors unsupported")

    def add(self, fields: dict) -> None:
        """SegmentWriter.add_document(**fields) (no boosts, no _stored_ values)."""
        writer, schema = self.writer, self.schema
        writer._check_state()
        perdocwriter = writer.perdocwriter
        docnum = writer.docnum
        docboost = writer._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        writer._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = writer._field_boost(fields, fieldname, docboost)
                    terms = self.postings.setdefault(fieldname, {})
                    if fieldname in self.fast_text and isinstance(value, str):
                        items = _positions_items(value)
                    else:
                        items = field.index(value)
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in items:
                        weight *= fieldboost
                        if scorable:
                            length += freq
                        posting = (docnum, weight, emptybytes if vbytes is None else vbytes)
                        found = terms.get(tbytes)
                        if found is None:
                            terms[tbytes] = [posting]
                        else:
                            found.append(posting)
                    if length:
                        byte = length_to_byte(length)
                        if byte:
                            self.lengths.setdefault(fieldname, {})[docnum] = byte_to_length(byte)
                sv = value if field.stored else None
                perdocwriter.add_field(fieldname, field, sv, length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        writer._added = True
        writer.docnum += 1

    def add_spelling(self, counts: Counter[str]) -> None:
        """building.add_spelling's postings."""
        if not counts or self.writer.docnum == self.writer.docbase:
            return
        terms = self.postings.setdefault(SPELLING_FIELD, {})
        for _field, tbytes, docnum, weight, value in _spelling_postings(
            counts, self.writer.docbase
        ):
            terms[tbytes] = [(docnum, weight, value)]

    def finalize(self):
        """SegmentWriter._finalize_segment with the postings written from here."""
        writer = self.writer
        writer.perdocwriter.close()
        fieldwriter = writer.fieldwriter
        for fieldname in sorted(self.postings):
            terms = self.postings[fieldname]
            if not terms:
                continue
            lengths = self.lengths.get(fieldname, {}).get
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            for tbytes in sorted(terms):
                fieldwriter.start_term(tbytes)
                add_posting = fieldwriter._postwriter.add_posting
                for docnum, weight, value in terms[tbytes]:
                    add_posting(docnum, weight, value, lengths(docnum, 0))
                fieldwriter.finish_term()
            fieldwriter.finish_field()
        fieldwriter.close()
        writer._close_segment()
        writer._assemble_segment()
        return writer.get_segment()


def _positions_items(value: str) -> Iterator[tuple]:
    """What TEXT's index() gives for Whoosh's Positions format and the archive analyzer:
    (term bytes, frequency, weight, positions as Positions.encode writes them)."""
    for term, places in term_positions(value).items():
        count = len(places)
        # Positions.encode's gaps; a term used once has one gap, its position
        if count == 1:
            deltas = places
        else:
            deltas = [b - a for a, b in zip([0, *places[:-1]], places, strict=True)]
        yield term.encode("utf-8"), count, float(count), pack_uint(count) + dumps(deltas, 2)


def _write_segment(ix, documents: list[SearchDocument]):
    """One new segment holding ``documents``, not yet in the index's table of contents."""
    writer = SegmentWriter(ix, _lk=False, limitmb=POOL_MB, compound=False)
    try:
        builder = _SegmentBuilder(writer)
        spelling: Counter[str] = Counter()
        for document in documents:
            builder.add(document_fields(document))
            spelling.update(_document_words(document))
        builder.add_spelling(spelling)
        segment = builder.finalize()
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
