"""Postings as numpy arrays, and BM25 scoring over them.

Whoosh's matchers walk postings one Python call per document, which costs about a second for a
broad query over 100k articles. Here a term's postings are read a block (128 postings) at a time
into numpy arrays, and AND / OR / NOT become boolean algebra over dense per-docnum vectors. Only
phrase checks, which need word positions, still go through a Whoosh matcher.
"""

from __future__ import annotations

import math
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from itertools import accumulate
from typing import TypeVar

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, byte_to_length
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader, TermNotFound

from archive.search.querying import Clause, Expander, ParsedQuery
from archive.search.schema import TEXT_FIELDS
from archive.search.whoosh_compat import check_whoosh

check_whoosh()  # before anything below touches Whoosh's private names

T = TypeVar("T")

CACHED_POSTINGS = 2_000_000  # about 16 MB of recently used postings per process
BM25_B = 0.75
BM25_K1 = 1.2
_LENGTHS = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
_EMPTY_IDS = np.zeros(0, dtype=np.int32)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)
# Typo tolerance (see evaluate): a near spelling's score counts this share of an exact word's, and
# every word matched only through a near spelling puts the document one tier below all documents
# matching that many more words exactly.
FUZZY_WEIGHT = 0.3
FUZZY_TIER = 1_000.0
# A quoted phrase found in the headline (not only in the body or entity names) scores this much
# more, so an article whose own headline is quoted comes first.
TITLE_PHRASE_BOOST = 4.0


def _raw_matcher(reader, fieldname: str, term: str | bytes):
    matcher = reader.postings(fieldname, term)
    # Deleted docs stay in the arrays; callers intersect with the live mask instead, so a
    # deletion does not invalidate arrays cached for the segment.
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


class SegmentMemo:
    """What searches read from a segment that stays the same while the segment exists: its
    postings, word frequencies, near spellings, phrase matches and snippets; kept per process
    across reopenings of the index.

    Every save (an editor's correction, an import) makes a new searcher: a new small segment, a
    deletion marked in an old one. What was kept per searcher went with it, and the searches after
    each save read the big segments' postings again. Whoosh segments never change once written,
    and deleted documents stay in everything kept here (callers mask them with the live docs), so
    an entry holds for as long as its segment id is read. Least recently used entries go first
    beyond ``budget`` (counted in postings: an array its length, a text its size, other values
    one).
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._items: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._used = 0
        self._lock = threading.Lock()

    def get(self, leaf, kind: str, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``'s value for ``key`` in this segment, computed once while kept."""
        segment = segment_id(leaf)
        if segment is None:  # not a stored segment (a reader of another kind): nothing kept
            return compute()
        full = (segment, kind, key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                return self._items[full][0]  # type: ignore[return-value]
        value = compute()
        for array in value if isinstance(value, tuple) else (value,):
            if isinstance(array, np.ndarray):
                array.flags.writeable = False  # shared by every search that reads the segment
        cost = _cost(value)
        with self._lock:
            if full not in self._items:
                self._items[full] = (value, cost)
                self._used += cost
            while self._used > self.budget and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self._used -= dropped
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._used = 0


def _cost(value) -> int:
    """About a value's size in postings (8 bytes each: a docnum and a frequency)."""
    if isinstance(value, str):
        return (len(value) + 64) // 8
    if isinstance(value, np.ndarray):
        return max(1, value.size)
    if isinstance(value, tuple) and value and isinstance(value[0], np.ndarray):
        return max(1, sum(part.size for part in value))
    if isinstance(value, (set, frozenset)):
        return max(1, len(value))
    return 1


def segment_id(leaf) -> str | None:
    """The id of the stored segment a leaf reader reads, or None for any other reader."""
    return leaf.segment().segment_id() if isinstance(leaf, SegmentReader) else None


# One per process: segment ids are unique (random), and a segment's entries are the same for
# every searcher that reads it.
SEGMENT_MEMO = SegmentMemo(CACHED_POSTINGS)


def segment_postings(
    reader, fieldname: str, term: str | bytes, weights: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """(docnums, term frequencies) of one term in one segment reader, deleted docs included."""
    try:
        matcher = _raw_matcher(reader, fieldname, term)
    except TermNotFound:
        return _EMPTY_IDS, _EMPTY_WEIGHTS
    ids: list[np.ndarray] = []
    freqs: list[np.ndarray] = []
    if isinstance(matcher, W3LeafMatcher):
        # Private, but stable in whoosh 2.7: one pickled block of ids/weights at a time.
        while matcher.is_active():
            matcher._read_ids()
            ids.append(np.asarray(matcher._ids, dtype=np.int32))
            if weights:
                matcher._read_weights()
                freqs.append(np.asarray(matcher._weights, dtype=np.float32))
            matcher._next_block()
    else:  # inlined short posting lists
        found, found_weights = [], []
        while matcher.is_active():
            found.append(matcher.id())
            if weights:
                found_weights.append(matcher.weight())
            matcher.next()
        ids.append(np.asarray(found, dtype=np.int32))
        freqs.append(np.asarray(found_weights, dtype=np.float32))
    doc_ids = np.concatenate(ids) if ids else _EMPTY_IDS
    doc_freqs = np.concatenate(freqs) if weights and freqs else _EMPTY_WEIGHTS
    return doc_ids, doc_freqs


def _kept_postings(leaf, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
    """segment_postings, kept in SEGMENT_MEMO."""
    return SEGMENT_MEMO.get(
        leaf, "postings", (fieldname, term), lambda: segment_postings(leaf, fieldname, term)
    )


def segment_lengths(reader, fieldname: str) -> np.ndarray:
    """Per-docnum length of a field in one segment (Whoosh stores it as a log-scaled byte)."""
    size = reader.doc_count_all()
    try:
        column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    except AttributeError:  # another codec: the slow public way
        column = None
    if column is None:
        return np.array(
            [reader.doc_field_length(d, fieldname, 0) for d in range(size)], dtype=np.float32
        )
    return _LENGTHS[np.fromiter(column, dtype=np.uint8, count=size)]


class TermScorer:
    """Dense match masks and BM25 score vectors for terms over one searcher's docnums."""

    def __init__(self, reader, live: np.ndarray, lengths: dict[str, np.ndarray]) -> None:
        self.reader = reader
        self.live = live
        self.size = int(live.size)
        self.lengths = lengths  # field -> per-docnum length (from the cached segments)
        self.leaves = list(reader.leaf_readers())
        self.offsets = [offset for _, offset in self.leaves]  # each leaf's first docnum
        self.doc_count = max(1, int(live.sum()))
        self.average_lengths = {
            name: max(1.0, float(values[live].mean())) if live.any() else 1.0
            for name, values in lengths.items()
        }

    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(global docnums, frequencies) of a term; each segment's kept (SEGMENT_MEMO)."""
        ids, freqs = [], []
        for leaf, offset in self.leaves:
            leaf_ids, leaf_freqs = _kept_postings(leaf, fieldname, term)
            ids.append(leaf_ids + offset if offset else leaf_ids)
            freqs.append(leaf_freqs)
        if len(ids) == 1:
            return ids[0], freqs[0]
        return np.concatenate(ids), np.concatenate(freqs)

    def score(self, term: str, boosts: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
        """(mask, scores) of one term searched in several fields, BM25 per field, boosted."""
        mask = np.zeros(self.size, dtype=bool)
        scores = np.zeros(self.size, dtype=np.float32)
        for fieldname, boost in boosts.items():
            ids, freqs = self.postings(fieldname, term)
            if not ids.size:
                continue
            # Postings include deleted documents (see _raw_matcher); counted in, a word in
            # most live documents would get a negative idf and push its matches down.
            df = int(np.count_nonzero(self.live[ids]))
            idf = math.log(1.0 + (self.doc_count - df + 0.5) / (df + 0.5))
            lengths = self.lengths[fieldname][ids]
            average = self.average_lengths[fieldname]
            norm = BM25_K1 * (1.0 - BM25_B + BM25_B * lengths / average)
            scores[ids] += boost * idf * freqs * (BM25_K1 + 1.0) / (freqs + norm)
            mask[ids] = True
        return mask & self.live, scores

    def phrase_mask(
        self, terms: list[str], within: np.ndarray, fields: Iterable[str] = tuple(TEXT_FIELDS)
    ) -> np.ndarray:
        """Docs of ``within`` where the terms are adjacent and in order in one of ``fields``."""
        mask = np.zeros(self.size, dtype=bool)
        for fieldname in fields:
            candidates = within.copy()
            for term in terms:  # a doc needs every term in this very field
                in_field = np.zeros(self.size, dtype=bool)
                in_field[self.postings(fieldname, term)[0]] = True
                candidates &= in_field
            if candidates.any():
                mask[phrase_docs(self.leaves, fieldname, terms, candidates)] = True
        return mask & within


def segment_positions(reader, fieldname: str, term: str, wanted: np.ndarray) -> dict[int, bytes]:
    """docnum -> encoded positions of a term, for the segment docnums where ``wanted`` is set."""
    try:
        matcher = _raw_matcher(reader, fieldname, term)
    except TermNotFound:
        return {}
    found: dict[int, bytes] = {}
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():  # a block at a time, as in segment_postings
            matcher._read_ids()
            ids = np.asarray(matcher._ids, dtype=np.int64)
            keep = np.flatnonzero(wanted[ids])
            if keep.size:
                matcher._read_values()
                values = matcher._values
                for i in keep.tolist():
                    found[int(ids[i])] = values[i]
            matcher._next_block()
    else:
        while matcher.is_active():
            if wanted[matcher.id()]:
                found[matcher.id()] = matcher.value()
            matcher.next()
    return found


def _positions(value: bytes) -> list[int]:
    # whoosh.formats.Positions: a packed count, then the pickled deltas (its trailing STOP cut).
    data = value[4:]
    return list(accumulate(pickle.loads(data if data.endswith(b".") else data + b".")))


def phrase_docs(leaves, fieldname: str, terms: list[str], candidates: np.ndarray) -> np.ndarray:
    """Global docnums among ``candidates`` where ``terms`` are adjacent, in order, in a field.

    Each segment's phrase matches are found once (segment_phrase_docs, kept in SEGMENT_MEMO)
    and then picked from for the candidates.
    """
    key = (fieldname, tuple(terms))
    matched: list[np.ndarray] = []
    for leaf, offset in leaves:
        wanted = candidates[offset : offset + leaf.doc_count_all()]
        if not wanted.any():
            continue
        local = SEGMENT_MEMO.get(
            leaf, "phrase", key, lambda leaf=leaf: segment_phrase_docs(leaf, fieldname, terms)
        )
        matched.append(local[wanted[local]] + offset)
    return np.concatenate(matched) if matched else np.zeros(0, dtype=np.int64)


def segment_phrase_docs(leaf, fieldname: str, terms: list[str]) -> np.ndarray:
    """Segment docnums (deleted ones included) where ``terms`` are adjacent, in order, in a field.

    Replaces Whoosh's span matchers (a Python object per posting and per position, half a
    second for a common two-word phrase over 10k articles): only the positions of the docs with
    every term are decoded, and each doc is one set intersection.
    """
    unique = list(dict.fromkeys(terms))
    wanted = np.ones(leaf.doc_count_all(), dtype=bool)
    for term in unique:
        in_field = np.zeros(wanted.size, dtype=bool)
        in_field[_kept_postings(leaf, fieldname, term)[0]] = True
        wanted &= in_field
    if not wanted.any():
        return np.zeros(0, dtype=np.int64)
    by_term = {term: segment_positions(leaf, fieldname, term, wanted) for term in unique}
    docs = set.intersection(*(set(found) for found in by_term.values()))
    matched = []
    for doc in docs:
        starts = set(_positions(by_term[terms[0]][doc]))
        for shift, term in enumerate(terms[1:], 1):
            starts &= {p - shift for p in _positions(by_term[term][doc])}
            if not starts:
                break
        if starts:
            matched.append(doc)
    return np.array(sorted(matched), dtype=np.int64)


PhraseMasker = Callable[[Clause, np.ndarray, tuple[str, ...]], np.ndarray]  # of the docs given,
# the docs where a quoted clause's words are adjacent in one of the fields


def clause_fields(clause: Clause) -> dict[str, float]:
    """The text fields a clause searches and their boosts: all of them, or its `field:` one."""
    if clause.field in TEXT_FIELDS:
        return {clause.field: TEXT_FIELDS[clause.field]}
    return TEXT_FIELDS


def evaluate(
    parsed: ParsedQuery,
    scorer: TermScorer,
    phrase_mask: PhraseMasker,
    expand: Expander | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(match mask, scores) of a parsed query: groups ANDed, a group's clauses ORed, exclusions
    removed. With ``expand`` each unquoted word also matches the near spellings it gives (after
    the word's own term, which comes first): FUZZY_WEIGHT of the score, and a tier below exact
    matches (FUZZY_TIER) for each word a document matches only that way.
    """
    mask = scorer.live.copy()
    scores = np.zeros(scorer.size, dtype=np.float32)
    for group in parsed.groups:
        group_mask = np.zeros(scorer.size, dtype=bool)
        for clause in group:
            clause_mask, clause_scores = _clause(clause, scorer, phrase_mask, expand)
            group_mask |= clause_mask
            scores += np.where(clause_mask, clause_scores, 0.0)
        mask &= group_mask
    for clause in parsed.excluded:
        mask &= ~_clause(clause, scorer, phrase_mask, None)[0]
    return mask, scores


def _clause(
    clause: Clause, scorer: TermScorer, phrase_mask: PhraseMasker, expand: Expander | None
) -> tuple[np.ndarray, np.ndarray]:
    if clause.phrase:  # quoted words stay exact, even in the fuzzy retry
        expand = None
    fields = clause_fields(clause)
    mask = scorer.live.copy()
    scores = np.zeros(scorer.size, dtype=np.float32)
    inexact = np.zeros(scorer.size, dtype=np.float32)  # words matched only by a near spelling
    for word in clause.words:
        word_mask = np.zeros(scorer.size, dtype=bool)
        terms = expand(word) if expand is not None else [word.term]
        for position, term in enumerate(terms):
            term_mask, term_scores = scorer.score(term, fields)
            if position == 0:
                exact = term_mask
                scores += term_scores
            else:
                scores += FUZZY_WEIGHT * term_scores
            word_mask |= term_mask
        if len(terms) > 1:
            inexact += word_mask & ~exact
        mask &= word_mask
    if clause.phrase and mask.any():
        mask = phrase_mask(clause, mask, tuple(fields))
        if "title" in fields and len(fields) > 1 and mask.any():
            in_title = phrase_mask(clause, mask, ("title",))
            scores = np.where(in_title, scores * TITLE_PHRASE_BOOST, scores)
    return mask, scores - FUZZY_TIER * inexact
