"""The Whoosh implementation of SearchBackend.

Reads: one searcher per index generation, refreshed when a commit lands, with a DocTable of numpy
arrays (facets, dates, ids, field lengths) beside it. The text query is evaluated over numpy
postings into a match mask and BM25 scores (postings.py); facets, totals, the timeline, ranking
and date sorts are numpy over that mask. Whoosh itself only checks phrase positions and reads
stored bodies for snippets. Writes: serialised by the store's lock; rebuilds go to a new
generation and swap.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import gc
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from os import PathLike
from typing import TypeVar

import numpy as np
from whoosh import query as wq
from whoosh.codec.base import Automata
from whoosh.reading import SegmentReader
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from archive.extraction.text import nfc
from archive.search.analysis import ANALYZER, cached_stem
from archive.search.base import (
    FACET_FIELDS,
    NO_INDEX,
    SORTS,
    UNKNOWN_SOURCE,
    UNREADABLE_INDEX,
    FacetCount,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    timeline_from_months,
)
from archive.search.building import add_documents, fill
from archive.search.facets import DocTable, build_doc_table, facet_counts, save_missing_arrays
from archive.search.highlight import snippet_html
from archive.search.postings import SEGMENT_MEMO, TermScorer, evaluate
from archive.search.querying import (
    NOTE_NO_WORDS,
    Clause,
    Expander,
    ParsedQuery,
    Word,
    clean,
    parse,
)
from archive.search.schema import (
    LATER_FACET_FIELDS,
    LEGACY_SPELLING_FIELDS,
    MONEY_FIELD,
    SPELLING_FIELD,
    date_number,
    facet_field,
    fingerprint_field,
    money_field,
    spelling_field,
    story_field,
)
from archive.search.storage import DirectoryStore, IndexStore, MemoryStore, Op

logger = logging.getLogger("archive.search")

MAX_FUZZY_EXPANSIONS = 8  # index words tried per misspelt word in the fuzzy retry
# Typo tolerance in every search: a word of TYPO_MIN_LENGTH letters or more also matches index
# words one edit away (two from TYPO_TWO_EDITS_LENGTH letters), an edit being a letter added,
# dropped, changed, or two neighbours swapped; the first letter must be right. A word the index
# knows is taken as meant: its near spellings are added only when they are TYPO_MORE_COMMON times
# as common (so "China" never matches "Chinh", but a rare slip matches the word it slipped from).
TYPO_MIN_LENGTH = 5
TYPO_TWO_EDITS_LENGTH = 9
TYPO_MORE_COMMON = 10
EXPANSION_CACHE_SIZE = 4096
EVALUATION_CACHE_SIZE = 16
T = TypeVar("T")


class WhooshBackend:
    """SearchBackend over Whoosh; ``path`` for an on-disk index, nothing for an in-memory one."""

    def __init__(
        self,
        path: str | PathLike[str] | None = None,
        *,
        store: IndexStore | None = None,
        lock_timeout: float = 60.0,
        workers: int | None = None,
        persist_arrays: bool = True,
    ) -> None:
        if store is None:
            store = DirectoryStore(path) if path is not None else MemoryStore()
        self.store = store
        self.lock_timeout = lock_timeout
        self.workers = workers  # processes writing a rebuild; None: one per CPU (building.py)
        # Keep each segment's search arrays in a file beside it (segment_files), so that other and
        # later processes load them rather than build them; off: every process builds its own.
        self.persist_arrays = persist_arrays
        self._read_lock = threading.RLock()  # a Whoosh searcher is not safe across threads
        self._key: str | None = None
        self._view: _View | None = None
        self._segment_cache: dict = {}  # segment id -> its arrays; segments never change
        self._writing = threading.local()  # this thread's hold on the store's write lock

    # -- the write lock -------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self, timeout: float | None = None, *, create: bool = False) -> Iterator[None]:
        """Hold the index's write lock (waiting at most ``timeout`` seconds, else
        SearchUnavailable) across several writes; ``index``, ``delete`` and ``clear`` called inside
        take it again at no cost.

        Inside, a write never makes a new index: when the live one is missing or unreadable it
        raises SearchUnavailable (naming ``rebuild_index``), so a single save can never become an
        index of one article. ``create=True`` allows it, for a caller writing every article.
        """
        held = getattr(self._writing, "depth", 0)
        lock = (
            contextlib.nullcontext()
            if held
            else self.store.write_lock(self.lock_timeout if timeout is None else timeout)
        )
        with lock:
            outer = getattr(self._writing, "must_exist", False)
            self._writing.depth = held + 1
            self._writing.must_exist = not create
            try:
                yield
            finally:
                self._writing.depth = held
                self._writing.must_exist = outer

    def has_index(self) -> bool:
        """Whether there is a live index that opens."""
        try:
            key = self.store.current_key()
            if key is None:
                return False
            self.store.open(key).close()
        except Exception:  # noqa: BLE001 - any failure to open is "no usable index"
            return False
        return True

    def leftovers(self) -> list[str]:
        """What killed writers and rebuilds left in the index folder (see IndexStore)."""
        with self.writing():
            return self.store.leftovers()

    def remove_leftovers(self) -> list[str]:
        with self.writing():
            return self.store.remove_leftovers()

    # -- writes ---------------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace these documents (by id) in one commit."""
        batch = list(documents)
        if batch:
            self._write(("index", batch))

    def delete(self, ids: Iterable[int]) -> None:
        doomed = [int(i) for i in ids]
        if doomed:
            self._write(("delete", doomed))

    def clear(self) -> None:
        """Empty the index: an empty generation is swapped in."""
        with self.writing():
            key, _ = self.store.create()
            self.store.publish(key)
            self._journal(("clear",))

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Build a complete index in a new generation, replay writes made meanwhile, swap it in."""
        with self.store.rebuild_lock():
            with self.writing():
                # No other rebuild runs now: what earlier, killed ones left goes first.
                self.store.remove_leftovers(rebuilding_here=True)
                key, ix = self.store.create()
                self.store.start_journal(key)
            published = False
            try:
                count = self._fill(ix, documents)
                with self.writing():
                    for op in self.store.read_journal(key):
                        self._apply(ix, op)
                    # Before it goes live: the first search anywhere then loads the arrays.
                    self._save_arrays(ix, key)
                    self.store.publish(key)
                    published = True
            finally:
                with self.writing():
                    self.store.stop_journal(key)
                    if not published:
                        self.store.discard(key)
        return count

    def _fill(self, ix, documents: Iterable[SearchDocument]) -> int:
        return fill(ix, documents, workers=self.workers)

    def _write(self, op: Op) -> None:
        with self.writing(create=not getattr(self._writing, "must_exist", False)):
            must_exist = self._writing.must_exist
            key = self.store.current_key()
            if key is None:
                if must_exist:  # lost or never built: only a whole rebuild makes it again
                    raise SearchUnavailable(NO_INDEX)
                key, ix = self.store.create()  # a bare backend's first write creates its index
                self._apply(ix, op)
                self._save_arrays(ix, key)
                self.store.publish(key)
            else:
                try:
                    ix = self.store.open(key)
                except Exception as exc:
                    if not must_exist:
                        raise
                    raise SearchUnavailable(UNREADABLE_INDEX.format(exc)) from exc
                self._apply(ix, op)
                self._save_arrays(ix, key)
            self._journal(op)

    def _journal(self, op: Op) -> None:
        rebuilding = self.store.journal_key()
        if rebuilding is not None:
            self.store.append_journal(rebuilding, op)

    def _apply(self, ix, op: Op) -> None:
        # Our lock already serialises writers; Whoosh's own lock only guards against strangers.
        writer: IndexWriter = ix.writer(timeout=self.lock_timeout)
        try:
            if "fingerprint" not in writer.schema:  # an index built before fingerprints existed
                writer.add_field("fingerprint", fingerprint_field())
            if SPELLING_FIELD not in writer.schema:  # ... or before the spelling field
                writer.add_field(SPELLING_FIELD, spelling_field())
            if "story" not in writer.schema:  # ... or before stories
                writer.add_field("story", story_field())
            for name in LATER_FACET_FIELDS:  # ... or before the province split
                if name not in writer.schema:
                    writer.add_field(name, facet_field())
            if MONEY_FIELD not in writer.schema:  # ... or before money as data
                writer.add_field(MONEY_FIELD, money_field())
            if op[0] == "index":
                add_documents(writer, op[1], update=True)
            elif op[0] == "delete":
                for doomed in op[1]:
                    writer.delete_by_term("id", doomed)
            elif op[0] == "clear":
                writer.delete_by_query(wq.Every())
        except BaseException:
            writer.cancel()
            raise
        writer.commit()  # Whoosh's default merge policy keeps the segment count bounded
        _free_closed_segments()

    def _arrays_folder(self, key: str):
        return self.store.arrays_folder(key) if self.persist_arrays else None

    def _save_arrays(self, ix, key: str) -> None:
        """Save the search arrays of the segments a write just committed (segment_files).

        Only what this commit made is new (a document's segment, a merge); the write itself has
        succeeded, so a failure here is logged and left to the first reader to redo.
        """
        folder = self._arrays_folder(key)
        if folder is None:
            return
        try:
            reader = ix.reader()
            try:
                save_missing_arrays(reader, folder, self._segment_cache)
            finally:
                reader.close()
                _free_closed_segments()
        except Exception:  # noqa: BLE001 - the index is written; arrays are an optimisation
            logger.warning("could not save the search arrays of %s", key, exc_info=True)

    # -- reads ----------------------------------------------------------------------------------

    def _open(self) -> _View:
        """The view of the live generation, reopened or refreshed when it changed.

        Call with the read lock held.
        """
        key = self.store.current_key()
        if key is None:
            self._close()
            raise SearchUnavailable(NO_INDEX)
        if self._view is not None and key == self._key and self._view.searcher.up_to_date():
            return self._view
        # A new searcher, not searcher.refresh(): refresh reuses segment readers whose deleted
        # docs are stale. The segments' arrays are cached anyway, so reopening is cheap.
        self._close()
        searcher = self.store.open(key).searcher()
        self._key = key
        self._view = _View.build(searcher, self._segment_cache, self._arrays_folder(key))
        return self._view

    def _close(self) -> None:
        view, self._view, self._key = self._view, None, None
        if view is not None:
            try:
                view.searcher.close()
            except Exception:  # closing a searcher whose files are gone is not worth an error
                logger.debug("closing a stale searcher failed", exc_info=True)
            del view
            _free_closed_segments()

    def _with_view(self, action: Callable[[_View], T]) -> T:
        """Run ``action(view)``; on a failure reopen the index once, then SearchUnavailable."""
        with self._read_lock:
            for attempt in (1, 2):
                try:
                    return action(self._open())
                except SearchUnavailable:
                    self._close()
                    raise
                except Exception as exc:
                    self._close()
                    if attempt == 2:
                        raise SearchUnavailable(UNREADABLE_INDEX.format(exc)) from exc
                    logger.warning("search failed, reopening the index", exc_info=True)
        raise AssertionError("unreachable")

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = parse(query.text)
        return self._with_view(lambda view: _search(view, query, parsed))

    def suggest(self, text: str) -> str | None:
        """A spelling of ``text`` with unknown words replaced by close index words, or None."""
        cleaned, _ = clean(text or "")
        try:
            return self._with_view(lambda view: _suggestion(view.reader, cleaned))
        except SearchUnavailable:
            return None

    def indexed_ids(self) -> set[int]:
        try:
            return self._with_view(lambda view: set(view.table.ids[view.table.live].tolist()))
        except SearchUnavailable:
            return set()

    def indexed_fingerprints(self) -> dict[int, str]:
        """id -> stored document fingerprint of every live document ("" when it has none)."""
        try:
            return self._with_view(lambda view: _fingerprints(view.searcher.reader()))
        except SearchUnavailable:
            return {}


def _free_closed_segments() -> None:
    """Close the files of the readers Whoosh has just closed, now rather than some day.

    A closed Whoosh searcher over several segments (the writer's for update_document and
    delete_by_term, and a replaced view's) sits in reference cycles with memoryviews of its
    segments' mmaps, so every segment file stays open, merged-away ones and their disk space
    included, until the cyclic garbage collector runs. Each write and reopen would leave a few
    descriptors behind; a collection (about 10 ms) frees them at once.
    """
    gc.collect(1)


def _fingerprints(reader) -> dict[int, str]:
    found: dict[int, str] = {}
    for leaf, _ in reader.leaf_readers():
        if not leaf.segment():  # an empty index
            continue
        ids = list(leaf.column_reader("id"))
        has_column = "fingerprint" in leaf.schema and leaf.has_column("fingerprint")
        prints = list(leaf.column_reader("fingerprint")) if has_column else [""] * len(ids)
        for docnum in leaf.all_doc_ids():  # live documents only
            found[int(ids[docnum])] = prints[docnum] or ""
    return found


@dataclass
class _View:
    """One searcher and everything derived from it; replaced when the index changes."""

    searcher: Searcher
    table: DocTable
    scorer: TermScorer
    # Paging and facet clicks repeat the text query: its evaluation is kept.
    evaluations: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=OrderedDict
    )
    # (word, retry?) -> the terms it matches: near spellings take an automaton walk per segment.
    expansions: OrderedDict[tuple[str, bool], list[str]] = field(default_factory=OrderedDict)

    @classmethod
    def build(cls, searcher: Searcher, segment_cache: dict, folder=None) -> _View:
        table = build_doc_table(searcher.reader(), segment_cache, folder)
        return cls(searcher, table, TermScorer(searcher.reader(), table.live, table.lengths))

    @property
    def reader(self):
        return self.searcher.reader()

    def evaluate(
        self, parsed: ParsedQuery, expand: Expander | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(mask, scores) of the text; the whole live index for a text without words."""
        if parsed.is_empty:
            return self.table.live, np.zeros(self.table.size, dtype=np.float32)
        key = (
            tuple(tuple(group) for group in parsed.groups),
            tuple(parsed.excluded),
            # exact only, typo-tolerant (self.expand), or the no-match retry's wider expansions
            None if expand is None else expand == self.expand,
        )
        if key in self.evaluations:
            self.evaluations.move_to_end(key)
            return self.evaluations[key]
        result = evaluate(parsed, self.scorer, self.phrase_mask, expand)
        self.evaluations[key] = result
        while len(self.evaluations) > EVALUATION_CACHE_SIZE:
            self.evaluations.popitem(last=False)
        return result

    def phrase_mask(
        self, clause: Clause, within: np.ndarray, fields: tuple[str, ...]
    ) -> np.ndarray:
        return self.scorer.phrase_mask([word.term for word in clause.words], within, fields)

    def snippet(self, docnum: int, marked: frozenset[str]) -> str:
        """The document's snippet around the ``marked`` terms, kept per segment (SEGMENT_MEMO):
        paging, a facet clicked or another order show the same documents for the same words."""
        position = bisect.bisect_right(self.scorer.offsets, docnum) - 1
        leaf, offset = self.scorer.leaves[position]
        return SEGMENT_MEMO.get(
            leaf,
            "snippet",
            (docnum - offset, marked),
            lambda: snippet_html(self.searcher.stored_fields(docnum).get("body", ""), marked),
        )

    def expand(self, word: Word, *, retry: bool = False) -> list[str]:
        """The word's own term, then the near spellings it also matches (cached per view)."""
        key = (word.surface, retry)
        if key in self.expansions:
            self.expansions.move_to_end(key)
            return self.expansions[key]
        found = _expand(self.reader, word) if retry else _typo_terms(self.reader, word)
        self.expansions[key] = found
        while len(self.expansions) > EXPANSION_CACHE_SIZE:
            self.expansions.popitem(last=False)
        return found


def _search(view: _View, query: SearchQuery, parsed: ParsedQuery) -> SearchResults:
    table = view.table
    notes = list(parsed.notes)
    if parsed.is_empty and parsed.text.strip():
        notes.append(NOTE_NO_WORDS)
    page, per_page = max(1, query.page), max(1, query.per_page)
    dates = _date_mask(table, query.date_from, query.date_to, query.undated)
    undated = table.published == 0
    no_source = _without_values(table, "source")
    selections = {
        facet: tuple(values)
        for facet, values in query.filters.items()
        if facet in table.facets and values
    }
    chosen = {f: table.facets[f].docs_with_any(v, table.size) for f, v in selections.items()}
    by_2025 = query.provinces == "2025" and "province_2025" in table.facets
    if by_2025 and "province" in chosen:  # the unit today, or the province as named
        chosen["province"] |= table.facets["province_2025"].docs_with_any(
            selections["province"], table.size
        )
    if UNKNOWN_SOURCE in selections.get("source", ()):
        chosen["source"] |= no_source
    # The money filter: the amount range and the measure on the same figure (SearchQuery.usd_min).
    figures = table.money.kept(query) if query.money_filtered else None
    ranged = (  # the figures the amount range alone keeps: what the measure facet counts
        table.money.kept(replace(query, filters={}))
        if query.usd_min is not None or query.usd_max is not None
        else None  # no range: the index's own "measure" facet column counts the same
    )
    if figures is not None:
        chosen.pop("measure", None)
        chosen["~money"] = table.money.docs_with(figures, table.size)
    restriction = dates.copy()
    for mask in chosen.values():
        restriction &= mask

    matched, scores = view.evaluate(parsed, expand=view.expand)
    main = matched & restriction
    marked = {
        term for word in parsed.positive_words() for term in view.expand(word)
    }  # typo-tolerant matches are highlighted too
    # "No exact matches; showing close spellings": the hits come only from near spellings.
    fuzzy = bool(main.any()) and any(len(view.expand(w)) > 1 for w in parsed.positive_words())
    if fuzzy:
        fuzzy = not (view.evaluate(parsed)[0] & restriction).any()
    if parsed.has_positive and not main.any():
        fuzzy_matched, fuzzy_scores = view.evaluate(
            parsed, expand=lambda word: view.expand(word, retry=True)
        )
        if (fuzzy_matched & restriction).any():
            matched, scores, main = fuzzy_matched, fuzzy_scores, fuzzy_matched & restriction
            fuzzy = True
            marked |= {
                term for word in parsed.positive_words() for term in view.expand(word, retry=True)
            }
    suggestion = _useful_suggestion(view, parsed, restriction) if parsed.has_positive else None

    sort = query.sort if query.sort in SORTS else "relevance"
    if not parsed.has_positive and sort == "relevance":
        sort = "newest"
    shown, versions = main, {}
    if query.collapse_stories:
        shown, versions = _collapse(
            table, main, scores, sort, _largest(table, figures) if sort == "amount" else None
        )
    total = int(shown.sum())
    offset = (page - 1) * per_page
    if offset >= total:
        docnums: list[int] = []
    elif sort == "relevance":
        docnums = _by_score(shown, scores, offset, per_page)
    elif sort == "amount":
        docnums = _by_amount(table, shown, _largest(table, figures), offset, per_page)
    else:
        docnums = _by_date(table, shown, sort, offset, per_page)
    if not parsed.has_positive:
        marked = set()  # browse: the snippet is the start of the body
    hits = [
        SearchHit(
            id=int(table.ids[docnum]),
            score=float(scores[docnum]),
            snippet_html=view.snippet(docnum, frozenset(marked)),
            story=int(table.stories[docnum]),
            versions=versions.get(int(table.stories[docnum]), 1),
        )
        for docnum in docnums
    ]

    facets: dict[str, list[FacetCount]] = {}
    for facet in FACET_FIELDS:
        if facet not in table.facets:
            continue
        # Disjunctive: a facet is counted as if its own selection were off.
        scope = matched & dates
        for other, mask in chosen.items():
            if other != facet and not (facet == "measure" and other == "~money"):
                scope &= mask
        column = table.facets["province_2025" if by_2025 and facet == "province" else facet]
        if facet == "measure" and ranged is not None:  # per figure, in the amount range
            column = table.money.measure_column(ranged, table.size)
        # Provinces are few (at most 64) and all drawn on the map: never cut to facet_limit.
        limit = len(column.values) if facet == "province" else query.facet_limit
        facets[facet] = facet_counts(column, scope, selections.get(facet, ()), limit)
        if by_2025 and facet == "province":
            facets[facet] = _with_named_provinces(facets[facet], table, scope, column)
        if facet == "source":
            facets[facet] = _with_unknown_source(facets[facet], scope & no_source, selections)
    timeline, unit = _timeline(table.published[main], query.date_from, query.date_to)
    undated_excluded = 0
    if (query.date_from or query.date_to) and not query.undated:
        # What the date range left out: undated articles matching everything else.
        beside_dates = matched & undated
        for mask in chosen.values():
            beside_dates &= mask
        undated_excluded = int(beside_dates.sum())
    return SearchResults(
        hits=hits,
        total=total,
        page=page,
        per_page=per_page,
        facets=facets,
        timeline=timeline,
        timeline_unit=unit,
        suggestion=suggestion,
        fuzzy=fuzzy,
        notes=notes,
        undated=int((main & undated).sum()),
        undated_excluded=undated_excluded,
        articles=int(main.sum()),
    )


def _collapse(
    table: DocTable,
    main: np.ndarray,
    scores: np.ndarray,
    sort: str,
    largest: np.ndarray | None = None,
) -> tuple[np.ndarray, dict[int, int]]:
    """The matches with one docnum per story, its best by ``sort`` (what the page would list
    first), and story key -> matching versions for the stories with more than one."""
    candidates = main & table.grouped  # matches whose story has other versions in the index
    if not candidates.any():
        return main, {}
    docs = np.flatnonzero(candidates)
    if sort == "relevance":  # the orders of _by_score, _by_amount and _by_date
        order = np.lexsort((docs, -scores[docs]))
    elif sort == "amount" and largest is not None:
        order = _amount_order(table, docs, largest)
    elif sort == "oldest":
        published = table.published[docs]
        order = np.lexsort((table.ids[docs], np.where(published > 0, published, 99_999_999)))
    else:
        order = np.lexsort((-table.ids[docs], -table.published[docs]))
    ranked = docs[order]
    keys, first, counts = np.unique(table.stories[ranked], return_index=True, return_counts=True)
    shown = main & ~table.grouped
    shown[ranked[first]] = True
    return shown, {
        key: count for key, count in zip(keys.tolist(), counts.tolist(), strict=True) if count > 1
    }


def _without_values(table: DocTable, facet: str) -> np.ndarray:
    """A mask of the live docs with no value in ``facet`` (no source: "unknown source")."""
    mask = table.live.copy()
    column = table.facets.get(facet)
    if column is not None and column.pair_docs.size:
        mask[column.pair_docs] = False
    return mask


def _with_named_provinces(
    counts: list[FacetCount], table: DocTable, scope: np.ndarray, units
) -> list[FacetCount]:
    """By 2025 units, a selected province that is no unit today (Bac Giang) filters the articles
    naming it: count those, not 0."""
    named = table.facets["province"]
    return [
        FacetCount(fc.value, int(named.docs_with_any([fc.value], table.size)[scope].sum()), True)
        if fc.selected and fc.value not in units.values
        else fc
        for fc in counts
    ]


def _with_unknown_source(
    counts: list[FacetCount], unknown: np.ndarray, selections: dict[str, tuple[str, ...]]
) -> list[FacetCount]:
    """The source facet with UNKNOWN_SOURCE counted (after the known sources), never hidden."""
    selected = UNKNOWN_SOURCE in selections.get("source", ())
    kept = [fc for fc in counts if fc.value != UNKNOWN_SOURCE]
    count = int(unknown.sum())
    if count or selected:
        kept.append(FacetCount(UNKNOWN_SOURCE, count, selected))
    return kept


def _by_score(mask: np.ndarray, scores: np.ndarray, offset: int, limit: int) -> list[int]:
    """Docnums of one page by score (desc), ties by docnum."""
    docs = np.flatnonzero(mask)
    wanted = offset + limit
    if docs.size > 4 * wanted:  # only the best `wanted` need a full sort
        best = np.argpartition(-scores[docs], wanted - 1)[:wanted]
        docs = np.sort(docs[best])
    order = np.lexsort((docs, -scores[docs]))
    return docs[order[offset:wanted]].tolist()


def _date_mask(
    table: DocTable, date_from: date | None, date_to: date | None, undated: str = ""
) -> np.ndarray:
    """The docs a date range and SearchQuery.undated keep (undated docs have published 0)."""
    if undated == "only":
        return table.published == 0
    mask = np.ones(table.size, dtype=bool)
    if date_from is not None:
        mask &= table.published >= date_number(date_from)
    if date_to is not None:
        mask &= (table.published <= date_number(date_to)) & (table.published > 0)
    if undated == "include":
        mask |= table.published == 0
    elif undated == "exclude":
        mask &= table.published > 0
    return mask


def _by_date(table: DocTable, mask: np.ndarray, sort: str, offset: int, limit: int) -> list[int]:
    """Docnums of one page by published date (undated last), ties by article id."""
    docs = np.flatnonzero(mask)
    published = table.published[docs]
    if sort == "oldest":
        published = np.where(published > 0, published, 99_999_999)
        order = np.lexsort((table.ids[docs], published))
    else:  # newest: undated (0) sorts last on its own
        order = np.lexsort((-table.ids[docs], -published))
    return docs[order[offset : offset + limit]].tolist()


def _largest(table: DocTable, figures: np.ndarray | None) -> np.ndarray:
    """Per docnum, the largest USD value of its figures the money filter keeps (all when there
    is none); -inf without one."""
    every = np.ones(table.money.docs.size, dtype=bool) if figures is None else figures
    return table.money.largest(every, table.size)


def _amount_order(table: DocTable, docs: np.ndarray, largest: np.ndarray) -> np.ndarray:
    """The order of ``docs`` by largest figure (desc; none last), then newest, then id (desc)."""
    return np.lexsort((-table.ids[docs], -table.published[docs], -largest[docs]))


def _by_amount(
    table: DocTable, mask: np.ndarray, largest: np.ndarray, offset: int, limit: int
) -> list[int]:
    """Docnums of one page by the largest figure (SORTS' "amount")."""
    docs = np.flatnonzero(mask)
    wanted = offset + limit
    if docs.size > 4 * wanted:  # only the docs at least as large as the page's last need sorting
        values = -largest[docs]
        last = np.partition(values, wanted - 1)[wanted - 1]
        docs = docs[values <= last]  # ties with the last included: the order stays exact
    return docs[_amount_order(table, docs, largest)[offset:wanted]].tolist()


def _timeline(
    published: np.ndarray, date_from: date | None, date_to: date | None
) -> tuple[list[tuple[str, int]], str]:
    """The matches' timeline (base.timeline_from_months) from yyyymmdd integers."""
    dated = published[published > 0]
    if dated.size == 0:
        return [], "year"
    months = (dated // 10000) * 12 + (dated // 100) % 100 - 1  # year * 12 + month - 1
    first = int(months.min())
    counts = {first + i: int(n) for i, n in enumerate(np.bincount(months - first)) if n}
    span = None
    if date_from is not None and date_to is not None:
        span = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
    return timeline_from_months(counts, span)


# -- spelling -------------------------------------------------------------------------------------


def _frequency(reader, word: str) -> int:
    """Documents using ``word`` (the spelling field's weights; older indexes: doc frequencies).

    The sums over the segments of what each segment says (kept per segment: SEGMENT_MEMO), in
    the order Whoosh's MultiReader sums them."""
    leaves = [leaf for leaf, _ in reader.leaf_readers()]
    counts = [
        SEGMENT_MEMO.get(leaf, "frequency", word, _leaf_frequency(leaf, word)) for leaf in leaves
    ]
    found = int(sum(weights for weights, _ in counts)) if SPELLING_FIELD in reader.schema else 0
    return found + sum(documents for _, documents in counts)


def _leaf_frequency(leaf, word: str) -> Callable[[], tuple[float, int]]:
    """One segment's (spelling field weight, legacy fields' document frequency) of ``word``."""

    def compute() -> tuple[float, int]:
        weights = leaf.frequency(SPELLING_FIELD, word) if SPELLING_FIELD in leaf.schema else 0
        documents = sum(
            leaf.doc_frequency(name, word) for name in LEGACY_SPELLING_FIELDS if name in leaf.schema
        )
        return weights, documents

    return compute


@functools.lru_cache(maxsize=256)
def _spelling_automaton(word: str, maxdist: int):
    """The automaton of the words within ``maxdist`` edits of ``word`` with its first letter, as
    SegmentReader.terms_within builds it (it depends on the word only, never on the index)."""
    return Automata.levenshtein_dfa(word, maxdist, prefix=1)


def _close_words(reader, word: str, maxdist: int) -> set[str]:
    """Index words within ``maxdist`` edits of ``word`` with its first letter; an edit is a
    letter added, dropped or changed, or two neighbouring letters swapped ("nihn" -> "ninh")."""
    names = [n for n in (SPELLING_FIELD, *LEGACY_SPELLING_FIELDS) if n in reader.schema]
    found: set[str] = set()
    # Each segment's words are walked with the one automaton of the word (Whoosh's own
    # leaf.terms_within builds it again for every segment and field: most of a first search's
    # near-spelling lookup at 100k articles, 20 segments), and what each segment gave is kept
    # (SEGMENT_MEMO): after a save only the new segment is walked.
    for leaf, _ in reader.leaf_readers():
        found.update(
            SEGMENT_MEMO.get(
                leaf, "close words", (word, maxdist), _leaf_close_words(leaf, names, word, maxdist)
            )
        )
    # Whoosh's automaton counts a swap as two edits: swaps are looked up one by one.
    for i in range(1, len(word) - 1):
        swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if swapped != word and _frequency(reader, swapped):
            found.add(swapped)
    found.discard(word)
    return found


def _leaf_close_words(
    leaf, names: list[str], word: str, maxdist: int
) -> Callable[[], frozenset[str]]:
    """One segment's words within ``maxdist`` edits of ``word`` (see _close_words)."""

    def compute() -> frozenset[str]:
        found: set[str] = set()
        automaton = _spelling_automaton(word, maxdist)
        for name in names:
            if isinstance(leaf, SegmentReader):
                spelled = leaf.schema[name].spelling_fieldname(name)
                found.update(Automata.find_matches(automaton, leaf.cursor(spelled)))
            else:
                found.update(leaf.terms_within(name, word, maxdist, prefix=1))
        return frozenset(found)

    return compute


def _typo_terms(reader, word: Word) -> list[str]:
    """The word's term, then the terms of the index words it is taken to be a slip for (see
    TYPO_MIN_LENGTH): the index's near spellings, most common first."""
    surface = word.surface
    if len(surface) < TYPO_MIN_LENGTH or not surface.isalpha():
        return [word.term]
    maxdist = 2 if len(surface) >= TYPO_TWO_EDITS_LENGTH else 1
    typed = _frequency(reader, surface)
    near = [
        (frequency, candidate)
        for candidate in _close_words(reader, surface, maxdist)
        if (frequency := _frequency(reader, candidate)) >= max(1, TYPO_MORE_COMMON * typed)
    ]
    near.sort(key=lambda pair: (-pair[0], pair[1]))
    stems = [cached_stem(candidate) for _, candidate in near[:MAX_FUZZY_EXPANSIONS]]
    return list(dict.fromkeys([word.term, *stems]))


def _correction(reader, word: str) -> str | None:
    if len(word) < 3 or not word.isalpha():
        return None
    for maxdist in (1, 2) if len(word) >= 5 else (1,):
        candidates = _close_words(reader, word, maxdist)
        if candidates:
            return min(candidates, key=lambda c: (-_frequency(reader, c), c))
    return None


def _suggestion(reader, text: str) -> str | None:
    """``text`` with each word the index does not know replaced by its closest known word.

    Field names (`title:`) are never corrected."""
    text = nfc(text)
    pieces, position = [], 0
    for token in ANALYZER(text, no_morph=True, chars=True):
        word, start, end = token.text, token.startchar, token.endchar
        if text[end : end + 1] == ":" or _frequency(reader, word):
            continue
        fix = _correction(reader, word)
        if fix is None:
            continue
        typed = text[start:end]
        pieces += [text[position:start], fix.capitalize() if typed[:1].isupper() else fix]
        position = end
    if not pieces:
        return None
    return "".join(pieces) + text[position:]


def _useful_suggestion(view: _View, parsed: ParsedQuery, restriction: np.ndarray) -> str | None:
    """The spelling suggestion for the query, if searching it (with these filters) finds more
    than the query itself; None otherwise."""
    suggestion = _suggestion(view.reader, parsed.text)
    if suggestion is None:
        return None
    suggested = parse(suggestion)
    if not suggested.has_positive:
        return None
    found, _ = view.evaluate(suggested, expand=view.expand)
    return suggestion if (found & restriction).any() else None


def _expand(reader, word: Word) -> list[str]:
    """Index terms for a word in the fuzzy retry: itself and its most frequent near spellings."""
    maxdist = 1 if len(word.surface) <= 4 else 2
    near = sorted(_close_words(reader, word.surface, maxdist), key=lambda c: -_frequency(reader, c))
    return list(dict.fromkeys([word.term] + [cached_stem(w) for w in near[:MAX_FUZZY_EXPANSIONS]]))
