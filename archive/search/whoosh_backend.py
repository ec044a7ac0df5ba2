"""The Whoosh implementation of SearchBackend.

Reads: one searcher per index generation, refreshed when a commit lands, with a DocTable of numpy
arrays (facets, dates, ids) beside it; a query's matching docnums become a mask, and facets,
totals, the timeline and date sorts are numpy over that mask. Only relevance ranking asks Whoosh
for scores. Writes: serialised by the store's lock; rebuilds go to a new generation and swap.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import date
from itertools import islice
from os import PathLike

import numpy as np
from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from archive.extraction.text import nfc
from archive.search.analysis import ANALYZER, cached_stem
from archive.search.base import (
    FACET_FIELDS,
    SORTS,
    FacetCount,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
)
from archive.search.facets import DocTable, build_doc_table, facet_counts
from archive.search.highlight import snippet_html
from archive.search.querying import NOTE_NO_WORDS, ParsedQuery, Word, clean, parse, to_whoosh
from archive.search.schema import SPELLING_FIELDS, date_number, document_fields
from archive.search.storage import DirectoryStore, IndexStore, MemoryStore, Op

logger = logging.getLogger("archive.search")

MAX_FUZZY_EXPANSIONS = 8  # index words tried per misspelt word in the fuzzy retry
MONTHLY_TIMELINE_MONTHS = 24  # a result span of at most two years is charted per month


class WhooshBackend:
    """SearchBackend over Whoosh; ``path`` for an on-disk index, nothing for an in-memory one."""

    supports_facets = True

    def __init__(
        self,
        path: str | PathLike[str] | None = None,
        *,
        store: IndexStore | None = None,
        lock_timeout: float = 60.0,
    ) -> None:
        if store is None:
            store = DirectoryStore(path) if path is not None else MemoryStore()
        self.store = store
        self.lock_timeout = lock_timeout
        self._read_lock = threading.RLock()  # a Whoosh searcher is not safe across threads
        self._key: str | None = None
        self._searcher: Searcher | None = None
        self._table: DocTable | None = None
        self._segment_cache: dict = {}

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
        with self.store.write_lock(self.lock_timeout):
            key, _ = self.store.create()
            self.store.publish(key)
            self._journal(("clear",))

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Build a complete index in a new generation, replay writes made meanwhile, swap it in."""
        with self.store.rebuild_lock():
            with self.store.write_lock(self.lock_timeout):
                key, ix = self.store.create()
                self.store.start_journal(key)
            try:
                count = self._fill(ix, documents)
                with self.store.write_lock(self.lock_timeout):
                    for op in self.store.read_journal(key):
                        self._apply(ix, op)
                    self.store.publish(key)
                    self.store.stop_journal(key)
            except BaseException:
                with self.store.write_lock(self.lock_timeout):
                    self.store.stop_journal(key)
                    self.store.discard(key)
                raise
        return count

    def _fill(self, ix, documents: Iterable[SearchDocument]) -> int:
        seen: set[int] = set()
        writer = ix.writer(limitmb=256)
        try:
            for document in documents:
                if document.id in seen:  # a duplicate id keeps its first version
                    continue
                seen.add(document.id)
                writer.add_document(**document_fields(document))
        except BaseException:
            writer.cancel()
            raise
        writer.commit(optimize=True)
        return len(seen)

    def _write(self, op: Op) -> None:
        with self.store.write_lock(self.lock_timeout):
            key = self.store.current_key()
            if key is None:  # the first write creates the index
                key, ix = self.store.create()
                self._apply(ix, op)
                self.store.publish(key)
            else:
                self._apply(self.store.open(key), op)
            self._journal(op)

    def _journal(self, op: Op) -> None:
        rebuilding = self.store.journal_key()
        if rebuilding is not None:
            self.store.append_journal(rebuilding, op)

    def _apply(self, ix, op: Op) -> None:
        # Our lock already serialises writers; Whoosh's own lock only guards against strangers.
        writer: IndexWriter = ix.writer(timeout=self.lock_timeout)
        try:
            if op[0] == "index":
                for document in op[1]:
                    writer.update_document(**document_fields(document))
            elif op[0] == "delete":
                for doomed in op[1]:
                    writer.delete_by_term("id", doomed)
            elif op[0] == "clear":
                writer.delete_by_query(wq.Every())
        except BaseException:
            writer.cancel()
            raise
        writer.commit()  # Whoosh's default merge policy keeps the segment count bounded

    # -- reads ----------------------------------------------------------------------------------

    def _open(self) -> tuple[Searcher, DocTable]:
        """The searcher and DocTable of the live generation (call with the read lock held)."""
        key = self.store.current_key()
        if key is None:
            self._close()
            raise SearchUnavailable("the search index has not been built yet")
        if key != self._key or self._searcher is None:
            self._close()
            self._searcher = self.store.open(key).searcher()
            self._key = key
            self._table = None
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
            self._table = None
        if self._table is None:
            self._table = build_doc_table(self._searcher.reader(), self._segment_cache)
        return self._searcher, self._table

    def _close(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.close()
            except Exception:  # closing a searcher whose files are gone is not worth an error
                logger.debug("closing a stale searcher failed", exc_info=True)
        self._searcher, self._table, self._key = None, None, None

    def _with_searcher(self, action):
        """Run ``action(searcher, table)``; on failure reopen once, then SearchUnavailable."""
        with self._read_lock:
            for attempt in (1, 2):
                try:
                    searcher, table = self._open()
                    return action(searcher, table)
                except SearchUnavailable:
                    self._close()
                    raise
                except Exception as exc:
                    self._close()
                    if attempt == 2:
                        raise SearchUnavailable(f"the search index cannot be read: {exc}") from exc
                    logger.warning("search failed, reopening the index", exc_info=True)
        raise AssertionError("unreachable")

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = parse(query.text)
        return self._with_searcher(lambda s, t: self._search(s, t, query, parsed))

    def suggest(self, text: str) -> str | None:
        """A spelling of ``text`` with unknown words replaced by close index words, or None."""
        cleaned, _ = clean(text or "")
        try:
            return self._with_searcher(lambda s, _t: _suggestion(s.reader(), cleaned))
        except SearchUnavailable:
            return None

    def indexed_ids(self) -> set[int]:
        try:
            return self._with_searcher(lambda _s, t: set(t.ids[t.live].tolist()))
        except SearchUnavailable:
            return set()

    def _search(
        self, searcher: Searcher, table: DocTable, query: SearchQuery, parsed: ParsedQuery
    ) -> SearchResults:
        notes = list(parsed.notes)
        if parsed.is_empty and parsed.text.strip():
            notes.append(NOTE_NO_WORDS)
        page, per_page = max(1, query.page), max(1, query.per_page)
        dates = _date_mask(table, query.date_from, query.date_to)
        selections = {
            facet: tuple(values)
            for facet, values in query.filters.items()
            if facet in table.facets and values
        }
        chosen = {f: table.facets[f].docs_with_any(v, table.size) for f, v in selections.items()}
        restriction = dates.copy()
        for mask in chosen.values():
            restriction &= mask

        text_query = to_whoosh(parsed)
        matched = self._matches(searcher, table, text_query, parsed)
        main = matched & restriction
        suggestion = _suggestion(searcher.reader(), parsed.text) if parsed.has_positive else None
        fuzzy, highlight_terms = False, {w.term for w in parsed.positive_words()}
        if not main.any() and parsed.has_positive:
            expansions: set[str] = set()
            fuzzy_query = to_whoosh(
                parsed, expand=lambda word: _expand(searcher.reader(), word, expansions)
            )
            fuzzy_matched = self._matches(searcher, table, fuzzy_query, parsed)
            if (fuzzy_matched & restriction).any():
                text_query, matched, main = fuzzy_query, fuzzy_matched, fuzzy_matched & restriction
                fuzzy, highlight_terms = True, expansions

        total = int(main.sum())
        sort = query.sort if query.sort in SORTS else "relevance"
        if not parsed.has_positive and sort == "relevance":
            sort = "newest"
        offset = (page - 1) * per_page
        if offset >= total:
            ranked: list[tuple[int, float]] = []
        elif sort == "relevance":
            # Whoosh ranks; the facet and date filters reach it as the set of allowed docnums.
            allow = None if restriction.all() else set(np.flatnonzero(main).tolist())
            results = searcher.search(text_query, limit=offset + per_page, filter=allow)
            ranked = [(hit.docnum, hit.score) for hit in islice(results, offset, None)]
        else:
            ranked = [(d, 0.0) for d in _by_date(table, main, sort, offset, per_page)]

        marked = highlight_terms if parsed.has_positive else set()  # browse: the body's start
        hits = [
            SearchHit(
                id=int(table.ids[docnum]),
                score=float(score),
                snippet_html=snippet_html(searcher.stored_fields(docnum).get("body", ""), marked),
            )
            for docnum, score in ranked
        ]

        facets: dict[str, list[FacetCount]] = {}
        for facet in FACET_FIELDS:
            if facet not in table.facets:
                continue
            # Disjunctive: a facet is counted as if its own selection were off.
            scope = matched & dates
            for other, mask in chosen.items():
                if other != facet:
                    scope &= mask
            facets[facet] = facet_counts(
                table.facets[facet], scope, selections.get(facet, ()), query.facet_limit
            )
        timeline, unit = _timeline(table.published[main], query.date_from, query.date_to)
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
        )

    @staticmethod
    def _matches(
        searcher: Searcher, table: DocTable, text_query: wq.Query, parsed: ParsedQuery
    ) -> np.ndarray:
        if parsed.is_empty:
            return table.live.copy()
        return table.mask_of(searcher.docs_for_query(text_query))


def _date_mask(table: DocTable, date_from: date | None, date_to: date | None) -> np.ndarray:
    mask = np.ones(table.size, dtype=bool)
    if date_from is not None:
        mask &= table.published >= date_number(date_from)
    if date_to is not None:
        mask &= (table.published <= date_number(date_to)) & (table.published > 0)
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


def _timeline(
    published: np.ndarray, date_from: date | None, date_to: date | None
) -> tuple[list[tuple[str, int]], str]:
    """Counts per year, or per month when the span is two years or less; gaps filled with 0."""
    dated = published[published > 0]
    if dated.size == 0:
        return [], "year"
    months = (dated // 10000) * 12 + (dated // 100) % 100 - 1  # months since year 0
    if date_from is not None and date_to is not None:
        span = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
    else:
        span = int(months.max() - months.min()) + 1
    if span <= MONTHLY_TIMELINE_MONTHS:
        first = int(months.min())
        counts = np.bincount(months - first)
        return [
            (f"{(first + i) // 12:04d}-{(first + i) % 12 + 1:02d}", int(n))
            for i, n in enumerate(counts)
        ], "month"
    years = dated // 10000
    first = int(years.min())
    counts = np.bincount(years - first)
    return [(f"{first + i:04d}", int(n)) for i, n in enumerate(counts)], "year"


# -- spelling -------------------------------------------------------------------------------------


def _frequency(reader, word: str) -> int:
    return sum(reader.doc_frequency(name, word) for name in SPELLING_FIELDS)


def _close_words(reader, word: str, maxdist: int) -> set[str]:
    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():  # a segment reader walks its terms with an automaton
        for name in SPELLING_FIELDS:
            found.update(leaf.terms_within(name, word, maxdist, prefix=1))
    found.discard(word)
    return found


def _correction(reader, word: str) -> str | None:
    if len(word) < 3 or not word.isalpha():
        return None
    for maxdist in (1, 2) if len(word) >= 5 else (1,):
        candidates = _close_words(reader, word, maxdist)
        if candidates:
            return min(candidates, key=lambda c: (-_frequency(reader, c), c))
    return None


def _suggestion(reader, text: str) -> str | None:
    """``text`` with each word the index does not know replaced by its closest known word."""
    text = nfc(text)
    pieces, position = [], 0
    for token in ANALYZER(text, no_morph=True, chars=True):
        word, start, end = token.text, token.startchar, token.endchar
        if _frequency(reader, word):
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


def _expand(reader, word: Word, seen: set[str]) -> list[str]:
    """Index terms for a word in the fuzzy retry: itself and its most frequent near spellings."""
    maxdist = 1 if len(word.surface) <= 4 else 2
    near = sorted(_close_words(reader, word.surface, maxdist), key=lambda c: -_frequency(reader, c))
    terms = list(dict.fromkeys([word.term] + [cached_stem(w) for w in near[:MAX_FUZZY_EXPANSIONS]]))
    seen.update(terms)
    return terms
