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
import logging
import multiprocessing
import os
import zlib
from array import array
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from operator import sub

from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3Codec,
    W3FieldWriter,
    W3PerDocReader,
    W3TermInfo,
    byte_to_length,
    length_to_byte,
)
from whoosh.compat import dumps
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Positions
from whoosh.system import emptybytes, pack_int, pack_uint, pack_ushort
from whoosh.writing import SegmentWriter

from archive.search.analysis import ArchiveAnalyzer, indexed_terms, text_tokens, token_words
from archive.search.base import SearchDocument
from archive.search.facets import adopt_prebuilt, new_segment_arrays
from archive.search.schema import SPELLING_FIELD, document_fields
from archive.search.whoosh_compat import check_instance, check_whoosh

check_whoosh()  # before anything below touches Whoosh's private names

logger = logging.getLogger("archive.search")

CHUNK_DOCS = 5_000  # documents per segment of a rebuild: about 1M postings, ~250 MB in the pool
POOL_MB = 2_048  # Whoosh's estimate of its pool; above a chunk's, so nothing spills to disk
MAX_WORKERS = 4
_INDEXED_MAX = 50_000  # (field, value) pairs a segment builder remembers the terms of


def add_documents(writer: SegmentWriter, documents: Iterable[SearchDocument], *, update: bool):
    """Add (or replace, by id) documents with one writer, and their spelling words."""
    spelling: Counter[str] = Counter()
    add = writer.update_document if update else writer.add_document
    for document in documents:
        add(**document_fields(document))
        spelling.update(_document_words(document))
    add_spelling(writer, spelling)


def _document_words(document: SearchDocument, cut: dict[str, list[str]] | None = None) -> set[str]:
    """A document's spelling words: the distinct unstemmed words of its text fields.

    ``cut``: the tokens indexing already cut some of those fields into (by field name, from
    _SegmentBuilder.add); document_fields gives them the same text up to NFC, which the
    tokenizer applies anyway, so they are the tokens cutting the text again would give.
    """
    cut = cut or {}
    tokens: set[str] = set()
    for name, text in (
        ("title", document.title),
        ("body", document.body),
        ("entity_names", "\n".join(document.entity_names)),
    ):
        found = cut.get(name)
        tokens.update(text_tokens(text) if found is None else found)
    return token_words(tokens)


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
    fields get their terms and positions in one pass (analysis.indexed_terms), encoded as
    Whoosh's Positions format encodes them. Fields the fast path does not know go through the
    field's own index(). The writer's private parts used here are those of the release
    check_whoosh() verified.
    """

    def __init__(self, writer: SegmentWriter):
        self.writer = writer
        self.schema = writer.schema
        # fieldname -> term bytes -> [docnum, weight, value, docnum, weight, value, ...] in
        # docnum order: one flat list per term (a million postings, no tuple kept for each)
        self.postings: dict[str, dict[bytes, list]] = {}
        # fieldname -> {docnum: length as the segment's length column reads back}
        self.lengths: dict[str, dict[int, int]] = {}
        self.fast_text = {
            name
            for name, field in self.schema.items()
            if type(field.format) is Positions
            and field.format.field_boost == 1.0
            and isinstance(field.analyzer, ArchiveAnalyzer)
        }
        # Fields whose values a block stores joined or not at all (fixed-size values, as
        # keywords' frequencies): their index() items are kept per value and reused (a posting's
        # value object may then be shared, which only a pickled tuple of values would show).
        self.reusable = {
            name
            for name, field in self.schema.items()
            if field.format is not None
            and field.format.fixed_value_size() is not None
            and field.format.fixed_value_size() >= 0
            and not field.unique
        }
        self.indexed: dict[tuple[str, str], list[tuple]] = {}  # (field, value) -> index() items
        for name, field in self.schema.items():
            if field.separate_spelling() or field.vector:
                raise ValueError(f"field {name!r}: per-document spelling or vectors unsupported")

    def add(self, fields: dict) -> dict[str, list[str]]:
        """SegmentWriter.add_document(**fields) (no boosts, no _stored_ values); returns the
        tokens the fast path cut each archive text field into (for the spelling words)."""
        writer, schema = self.writer, self.schema
        writer._check_state()
        perdocwriter = writer.perdocwriter
        docnum = writer.docnum
        docboost = writer._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        writer._check_fields(schema, fieldnames)
        cut: dict[str, list[str]] = {}
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
                        length, cut[fieldname] = _add_positions(terms, docnum, value, fieldboost)
                        if not field.scorable:
                            length = 0
                        items = ()
                    elif fieldname in self.reusable and isinstance(value, str):
                        items = self._index_items(fieldname, field, value)
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
                            terms[tbytes] = [*posting]
                        else:
                            found += posting
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
        return cut

    def _index_items(self, fieldname: str, field, value: str) -> list[tuple]:
        """field.index(value), remembered per value (facet values repeat across documents)."""
        key = (fieldname, value)
        items = self.indexed.get(key)
        if items is None:
            if len(self.indexed) >= _INDEXED_MAX:
                self.indexed.clear()
            items = self.indexed[key] = list(field.index(value))
        return items

    def add_spelling(self, counts: Counter[str]) -> None:
        """building.add_spelling's postings."""
        if not counts or self.writer.docnum == self.writer.docbase:
            return
        terms = self.postings.setdefault(SPELLING_FIELD, {})
        for _field, tbytes, docnum, weight, value in _spelling_postings(
            counts, self.writer.docbase
        ):
            terms[tbytes] = [docnum, weight, value]

    def finalize(self):
        """SegmentWriter._finalize_segment with the postings written from here."""
        writer = self.writer
        writer.perdocwriter.close()
        fieldwriter = writer.fieldwriter
        blocks = _BlockWriter.for_writer(writer)
        for fieldname in sorted(self.postings):
            terms = self.postings[fieldname]
            if not terms:
                continue
            lengths = self.lengths.get(fieldname, {}).get
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            if blocks is not None:
                blocks.write_field(fieldwriter, self.schema[fieldname].format, terms, lengths)
            else:
                for tbytes in sorted(terms):
                    fieldwriter.start_term(tbytes)
                    add_posting = fieldwriter._postwriter.add_posting
                    flat = terms[tbytes]
                    for docnum, weight, value in zip(
                        flat[::3], flat[1::3], flat[2::3], strict=True
                    ):
                        add_posting(docnum, weight, value, lengths(docnum, 0))
                    fieldwriter.finish_term()
            fieldwriter.finish_field()
        fieldwriter.close()
        writer._close_segment()
        writer._assemble_segment()
        return writer.get_segment()


_ONCE = pack_uint(1)  # Positions.encode's count for a term used once
# position -> the pickle of [position] (what follows _ONCE), shared by every document
_PICKLED_PLACE: dict[int, bytes] = {}
_PICKLED_PLACE_MAX = 100_000


def _add_positions(terms: dict, docnum: int, value: str, fieldboost: float):
    """What TEXT's index() gives for Whoosh's Positions format and the archive analyzer, added
    to ``terms`` (term bytes -> its postings, flat): docnum, weight and the positions as
    Positions.encode writes them, per term. Returns the field's length (its terms' frequencies
    added up) and its tokens.

    Every posting gets a value object of its own (a concatenation, never a cached object): the
    block pickle refers back to an object it has already written instead of writing it again,
    so sharing one would change the bytes Whoosh writes.
    """
    found, tokens = indexed_terms(value)
    pickled = _PICKLED_PLACE
    once = 1.0 * fieldboost
    length = 0
    for tbytes, places in found.items():
        count = len(places)
        if count == 1:
            # Positions.encode's gaps; a term used once has one gap, its position
            place = places[0]
            tail = pickled.get(place)
            if tail is None:
                tail = dumps(places, 2)
                if len(pickled) < _PICKLED_PLACE_MAX:
                    pickled[place] = tail
            posting = (docnum, once, _ONCE + tail)
        else:
            deltas = list(map(sub, places, [0, *places[:-1]]))
            posting = (docnum, float(count) * fieldboost, pack_uint(count) + dumps(deltas, 2))
        length += count
        postings = terms.get(tbytes)
        if postings is None:
            terms[tbytes] = [*posting]
        else:
            postings += posting
    return length, tokens


class _Block:
    """What W3TermInfo.add_block reads of W3PostingsWriter's buffered block."""

    __slots__ = ("_ids", "_weights", "_minlength", "_maxlength", "_maxweight")

    def __init__(self, ids, weights, minlength, maxlength, maxweight):
        self._ids = ids
        self._weights = weights
        self._minlength = minlength
        self._maxlength = maxlength
        self._maxweight = maxweight

    def __len__(self):
        return len(self._ids)

    def min_id(self):
        return self._ids[0]

    def max_id(self):
        return self._ids[-1]

    def min_length(self):
        return self._minlength

    def max_length(self):
        return self._maxlength

    def max_weight(self):
        return self._maxweight


class _BlockWriter:
    """W3FieldWriter.start_term/add/finish_term for a whole term at once: the bytes
    W3PostingsWriter writes (its blocks of ``blocklimit`` postings, each a header of statistics
    and a zlib-compressed pickle of the gaps between ids, the weights and the values, the last
    block's length negative) and the term info row, with one Python step per block instead of
    one add_posting call per posting (tests/search/test_building.py compares the files)."""

    def __init__(self, blocklimit: int, compression: int):
        self.blocklimit = blocklimit
        self.compression = compression

    @classmethod
    def for_writer(cls, writer: SegmentWriter) -> _BlockWriter | None:
        """One for this writer's codec, or None when it is not the W3 codec this writes like
        (or inlines postings: only an empty posting list is inlined at inlinelimit 1)."""
        codec = writer.codec
        if type(codec) is not W3Codec or type(writer.fieldwriter) is not W3FieldWriter:
            return None
        check_instance(codec)
        check_instance(writer.fieldwriter)
        if codec._inlinelimit > 1:
            return None
        return cls(codec._blocklimit, codec._compression)

    def write_field(self, fieldwriter, fmt, terms: dict[bytes, list], lengths) -> None:
        """Every term of the field started on ``fieldwriter``, in order, with its postings."""
        postfile = fieldwriter._postfile
        add_row = fieldwriter._tindex.add
        fieldkey = pack_ushort(fieldwriter._fieldid)
        fixed = fmt.fixed_value_size()
        limit = self.blocklimit
        block = self._block
        for tbytes in sorted(terms):
            postings = terms[tbytes]
            terminfo = W3TermInfo()
            start = postfile.tell()
            postfile.write(WHOOSH3_HEADER_MAGIC)
            count = len(postings)
            step = 3 * limit
            for begin in range(0, count, step):
                end = begin + step
                ids = postings[begin:end:3]
                weights = postings[begin + 1 : end : 3]
                values = postings[begin + 2 : end : 3]
                last = end >= count
                postfile.write(block(terminfo, ids, weights, values, lengths, fixed, last))
            terminfo.set_extent(start, postfile.tell() - start)
            add_row(fieldkey + tbytes, terminfo.to_bytes())

    def _block(self, terminfo, ids, weights, values, lengths, fixed, last) -> bytes:
        """One block's bytes (W3PostingsWriter._write_block), its statistics added to
        ``terminfo``."""
        present = list(filter(None, map(lengths, ids)))
        minlength = min(present) if present else None
        maxlength = max(present) if present else 0
        top = max(weights)
        maxweight = top if top > 0 else 0  # add_posting's running maximum starts at int 0
        stored = array("f", weights)  # the block keeps its weights as float32
        terminfo.add_block(_Block(ids, stored, minlength, maxlength, maxweight))
        # _mini_ids, _mini_weights, _mini_values
        gaps = tuple(map(sub, ids, (0, *ids[:-1])))
        size = len(stored)
        if stored.count(1.0) == size:
            mini_weights = None
        elif stored.count(stored[0]) == size:
            mini_weights = stored[0]
        else:
            mini_weights = tuple(stored)
        kept = list(filter(None, values))  # add_posting keeps the non-empty values only
        if fixed is None or fixed < 0:
            mini_values = tuple(kept)
        elif fixed == 0:
            mini_values = None
        else:
            mini_values = emptybytes.join(kept)
        databytes = dumps((gaps, mini_weights, mini_values), 2)
        comp = self.compression
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = dumps(
            (
                len(ids),
                ids[-1],
                maxweight,
                comp,
                length_to_byte(minlength),
                length_to_byte(maxlength),
            ),
            2,
        )
        blocklength = len(infobytes) + len(databytes)
        return pack_int(-blocklength if last else blocklength) + infobytes + databytes


def _write_segment(ix, documents: list[SearchDocument]):
    """One new segment holding ``documents``, not yet in the index's table of contents."""
    writer = SegmentWriter(ix, _lk=False, limitmb=POOL_MB, compound=False)
    try:
        builder = _SegmentBuilder(writer)
        spelling: Counter[str] = Counter()
        for document in documents:
            cut = builder.add(document_fields(document))
            spelling.update(_document_words(document, cut))
        builder.add_spelling(spelling)
        segment = builder.finalize()
    except BaseException:
        writer.cancel()
        raise
    finally:
        writer._tempstorage.destroy()
    return segment


def _write_segment_in_worker(storage_class: type, folder: str, indexname: str, documents):
    """The new segment and its search arrays (facets), built here while the segment's files are
    fresh, side by side with the other workers, instead of in the parent after the last one."""
    ix = storage_class(folder).open_index(indexname)
    segment = _write_segment(ix, documents)
    try:
        arrays = new_segment_arrays(ix, segment)
    except Exception:  # noqa: BLE001 - arrays are an optimisation: the parent builds them then
        logger.warning("could not build the search arrays of a new segment", exc_info=True)
        arrays = None
    return segment, arrays


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
    arrays = {}

    def done(future: Future) -> None:
        segment, built = future.result()
        segments.append(segment)
        if built is not None:
            arrays[segment.segment_id()] = built

    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending: deque[Future] = deque()

        def submit(chunk: list[SearchDocument]) -> None:
            nonlocal written
            written += len(chunk)
            args = (type(storage), storage.folder, ix.indexname, chunk)
            pending.append(pool.submit(_write_segment_in_worker, *args))
            while len(pending) > workers:
                done(pending.popleft())

        for chunk in chunks:
            submit(chunk)
        for future in pending:
            done(future)
    adopt_prebuilt(arrays)
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
