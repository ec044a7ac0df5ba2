"""The numpy fast path answers as Whoosh's own matchers and scorer would.

postings.py reads Whoosh's private block fields and decodes positions by hand; this holds it to
Whoosh itself on a generated corpus large enough that common terms span many 128-posting blocks
and several segments, with deleted documents, for a few hundred random queries: AND, OR, NOT,
exclusions, phrases and facet filters. Same documents always; the same order wherever Whoosh's
scores differ by more than a small tolerance (averages of field lengths are computed slightly
differently once documents are deleted).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np
import pytest
from whoosh import query as wq

from archive.search.base import SearchDocument, SearchQuery
from archive.search.querying import parse
from archive.search.whoosh_backend import WhooshBackend
from tests.search.whoosh_reference import FastPathBM25, scored_matches

DOCUMENTS = 3_000
BATCHES = 4  # each batch a segment (Whoosh's merge policy may join some)
DELETED_SHARE = 0.1
QUERIES = 300
SCORE_TOLERANCE = 0.05  # relative gap under which two reference scores count as a tie

# Plain English words the analyzer keeps distinct after stemming; Zipf-weighted below, so the
# first ones appear in most documents (thousands of postings, dozens of blocks).
_WORDS = (
    "investment port factory province delegation minister ambassador loan bank railway "
    "electronics textile energy solar wind airport bridge hospital school village market "
    "export import tariff agreement partner cooperation capital project fund grant "
    "semiconductor battery vehicle logistics warehouse garment seafood coffee rice rubber "
    "tourism culture student scholarship research innovation startup software cloud satellite "
    "harbour canal river mountain coast island forest highway tunnel metro"
)
VOCABULARY = tuple(_WORDS.split(" "))
COUNTRIES = ("japan", "south-korea", "singapore", "germany", "australia")
SOURCES = ("VNA", "VNS", "VOV", "Nhan Dan")
NAMES = ("Bac Ninh", "Hai Phong", "Da Nang", "Osaka", "Busan")
WEIGHTS = [1.0 / (rank + 1) ** 0.8 for rank in range(len(VOCABULARY))]


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choices(VOCABULARY, WEIGHTS, k=rng.randint(low, high)))


def _corpus(rng: random.Random) -> list[SearchDocument]:
    start = date(2015, 1, 1)
    return [
        SearchDocument(
            id=number,
            title=_words(rng, 3, 8),
            body=". ".join(_words(rng, 6, 20) for _ in range(rng.randint(2, 8))),
            published=start + timedelta(days=rng.randrange(3_000)) if rng.random() > 0.1 else None,
            source=rng.choice(SOURCES),
            countries=tuple(rng.sample(COUNTRIES, rng.randint(0, 2))),
            entity_names=tuple(rng.sample(NAMES, rng.randint(0, 2))),
        )
        for number in range(1, DOCUMENTS + 1)
    ]


def _word(rng: random.Random) -> str:
    # Common words most of the time, so results are large and span blocks; rare ones too.
    return rng.choices(VOCABULARY, [w**0.5 for w in WEIGHTS])[0]


def _random_query(rng: random.Random) -> str:
    shape = rng.randrange(7)
    a, b, c = _word(rng), _word(rng), _word(rng)
    return [
        f"{a}",
        f"{a} {b}",
        f"{a} OR {b}",
        f"{a} -{b}",
        f"{a} NOT {b} {c}",
        f'"{a} {b}"',
        f'{a} OR {b} -"{b} {c}"',
    ][shape]


@pytest.fixture(scope="module")
def corpus_backend():
    rng = random.Random(20261130)
    documents = _corpus(rng)
    backend = WhooshBackend()
    size = len(documents) // BATCHES
    for start in range(0, len(documents), size):
        backend.index(documents[start : start + size])
    backend.delete(rng.sample(range(1, DOCUMENTS + 1), int(DOCUMENTS * DELETED_SHARE)))
    index = backend.store.open(backend.store.current_key())
    assert len(list(index.reader().leaf_readers())) > 1, "the corpus should span segments"
    with index.searcher(weighting=FastPathBM25()) as searcher:
        yield backend, searcher


def _reference(searcher, text: str, country: str | None) -> dict[int, float]:
    """Article id -> Whoosh's score, for the live documents Whoosh's own matchers find."""
    allowed = set(searcher.docs_for_query(wq.Term("country", country))) if country else None
    by_docnum = scored_matches(searcher, parse(text), allowed)
    return {searcher.stored_fields(docnum)["id"]: score for docnum, score in by_docnum.items()}


def _assert_same_order(ours: list[int], reference: dict[int, float]) -> None:
    """Wherever Whoosh scores a doc clearly above another, the fast path ranks it higher."""
    position = {doc: rank for rank, doc in enumerate(ours)}
    by_score = sorted(reference, key=reference.get, reverse=True)
    scores = np.array([reference[doc] for doc in by_score])
    positions = np.array([position[doc] for doc in by_score])
    highest_position_so_far = np.maximum.accumulate(positions)
    for j, score in enumerate(scores):
        # Docs before this one in Whoosh's order whose score is clearly higher.
        clearly_higher = int(np.searchsorted(-scores, -score * (1 + SCORE_TOLERANCE), "left"))
        if clearly_higher:
            assert highest_position_so_far[clearly_higher - 1] < positions[j], (
                f"doc {by_score[j]} (score {score:.3f}) ranked above a doc Whoosh scores "
                f"clearly higher"
            )


def test_a_large_term_spans_many_posting_blocks(corpus_backend):
    _, searcher = corpus_backend
    most_common = parse(VOCABULARY[0]).positive_words()[0].term  # the index's stemmed term
    assert searcher.doc_frequency("body", most_common) > 10 * 128


def test_the_fast_path_matches_whoosh_on_random_queries(corpus_backend):
    backend, searcher = corpus_backend
    rng = random.Random(7)
    compared_orders = 0
    for _ in range(QUERIES):
        text = _random_query(rng)
        country = rng.choice((None, None, *COUNTRIES))
        filters = {"country": (country,)} if country else {}
        results = backend.search(SearchQuery(text=text, filters=filters, per_page=DOCUMENTS))
        reference = _reference(searcher, text, country)
        ours = [hit.id for hit in results.hits]
        if results.fuzzy:  # the fuzzy retry runs only when nothing matched exactly
            assert reference == {}, text
            continue
        assert (results.total, set(ours)) == (len(reference), set(reference)), (text, country)
        if '"' not in text:  # Whoosh scores a phrase as a unit, the fast path word by word
            _assert_same_order(ours, reference)
            compared_orders += 1
    assert compared_orders > QUERIES // 2
