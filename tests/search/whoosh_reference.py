"""Whoosh's own way to answer a parsed query: the reference the numpy fast path is held to.

The archive searches with numpy over postings (archive/search/postings.py); this builds the same
query as Whoosh query objects, for Whoosh's matchers and a BM25 weighting with the fast path's
idf, so the two can be compared (test_fast_path_differential.py). Not used by the archive.
"""

from __future__ import annotations

import math

from whoosh import query as wq
from whoosh import scoring
from whoosh.reading import TermNotFound

from archive.search.postings import BM25_B, BM25_K1
from archive.search.querying import Clause, ParsedQuery
from archive.search.schema import TEXT_FIELDS


def _term_query(term: str) -> wq.Query:
    return wq.Or([wq.Term(name, term, boost=boost) for name, boost in TEXT_FIELDS.items()])


def _clause_query(clause: Clause) -> wq.Query:
    if clause.phrase:
        terms = [word.term for word in clause.words]
        return wq.Or([wq.Phrase(name, terms, boost=boost) for name, boost in TEXT_FIELDS.items()])
    return wq.And([_term_query(word.term) for word in clause.words])


def to_whoosh(parsed: ParsedQuery) -> wq.Query:
    """The Whoosh query for a parsed text; Every() when it has no positive clause."""
    positive: list[wq.Query] = [
        wq.Or([_clause_query(clause) for clause in group]) for group in parsed.groups
    ]
    result: wq.Query = wq.And(positive) if positive else wq.Every()
    if parsed.excluded:
        result = wq.AndNot(result, wq.Or([_clause_query(c) for c in parsed.excluded]))
    return result.normalize()


class FastPathBM25(scoring.BM25F):
    """Whoosh's BM25F with the fast path's idf: log(1 + (N - df + 0.5) / (df + 0.5)) over live
    documents (Whoosh's own, log(N / (df + 1)) + 1, counts deleted ones too)."""

    def __init__(self) -> None:
        super().__init__(B=BM25_B, K1=BM25_K1)
        self._live_df: dict[tuple[str, str], int] = {}

    def idf(self, searcher, fieldname, text):
        top = searcher.get_parent()  # Whoosh scores each segment with a sub-searcher
        key = (fieldname, text)
        if key not in self._live_df:
            self._live_df[key] = _live_doc_frequency(top.reader(), fieldname, text)
        df, n = self._live_df[key], top.doc_count()
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def _live_doc_frequency(reader, fieldname: str, text) -> int:
    try:
        postings = reader.postings(fieldname, text)
    except TermNotFound:
        return 0
    return sum(1 for docnum in postings.all_ids() if not reader.is_deleted(docnum))


def scored_matches(searcher, parsed: ParsedQuery, filter_docs: set[int] | None) -> dict[int, float]:
    """Global docnum -> score of every live document Whoosh's matchers match, with its scorer.

    Walks the matchers segment by segment rather than calling searcher.search(), whose
    collector leaves out documents scored at or below zero. Exclusions are taken out as a set:
    whoosh 2.7's AndNot matcher, skipping through multi-block postings, lets through some
    documents that contain the excluded word (seen on this test's corpus).
    """
    query = to_whoosh(ParsedQuery(groups=parsed.groups))
    if parsed.excluded:
        excluded = set(searcher.docs_for_query(to_whoosh(ParsedQuery(groups=[parsed.excluded]))))
        filter_docs = set(range(searcher.doc_count_all())) if filter_docs is None else filter_docs
        filter_docs = filter_docs - excluded
    found: dict[int, float] = {}
    for sub, offset in searcher.subsearchers:
        matcher = query.matcher(sub)
        while matcher.is_active():
            docnum = matcher.id() + offset
            if filter_docs is None or docnum in filter_docs:
                found[docnum] = matcher.score()
            matcher.next()
    return found
