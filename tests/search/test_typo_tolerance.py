"""Typo tolerance in matching (issue 10): near spellings match, below exact matches; suggestions
fix every word and are offered only when they find something; field names are never corrected."""

from __future__ import annotations

from datetime import date

import pytest

from archive.search.base import SearchDocument, SearchQuery
from archive.search.schema import LEGACY_SPELLING_FIELDS, SPELLING_FIELD
from archive.search.whoosh_backend import WhooshBackend, _close_words, _frequency

PROVINCES = ("Bac Ninh", "Ha Nam", "Dong Nai", "Long An", "Hai Phong", "Quang Ninh")


def _document(number: int, title: str, body: str = "") -> SearchDocument:
    return SearchDocument(
        id=number,
        title=title,
        body=body or f"Article {number} about projects.",
        published=date(2024, 1, number % 28 + 1),
        source="VNA",
    )


@pytest.fixture
def backend():
    documents = [
        _document(n, f"New investment plan for {PROVINCES[n % len(PROVINCES)]}")
        for n in range(1, 13)
    ]
    documents.append(_document(50, "An investmnet slip in an old headline"))
    documents.append(_document(51, "Chinh meets delegation", "Prime Minister Chinh spoke."))
    documents.append(_document(52, "China opens consulate", "China and Vietnam talked."))
    backend = WhooshBackend()
    backend.index(documents)
    return backend


def ids(results) -> list[int]:
    return [hit.id for hit in results.hits]


def test_a_misspelt_long_word_matches_the_common_spelling_below_the_exact_match(backend):
    results = backend.search(SearchQuery(text="investmnet", per_page=50))

    assert ids(results)[0] == 50  # the one article spelling it so comes first
    assert set(ids(results)) == {50, *range(1, 13)}
    assert not results.fuzzy


def test_a_word_the_index_knows_is_not_widened_to_an_equally_common_neighbour(backend):
    assert ids(backend.search(SearchQuery(text="China"))) == [52]
    assert ids(backend.search(SearchQuery(text="Chinh"))) == [51]


def test_short_words_are_exact_but_the_retry_and_the_suggestion_fix_every_word(backend):
    results = backend.search(SearchQuery(text="investmnt Bac Nihn", per_page=50))

    assert results.suggestion == "investment Bac Ninh"
    assert set(ids(results)) == {n for n in range(1, 13) if PROVINCES[n % 6] == "Bac Ninh"}
    assert results.fuzzy


def test_a_suggestion_that_finds_nothing_is_not_offered(backend):
    results = backend.search(SearchQuery(text="Chinaa consulate Nihn"))

    assert results.total == 0
    assert results.suggestion is None


def test_a_field_name_is_never_corrected(backend):
    results = backend.search(SearchQuery(text="title:Chinaa"))

    assert results.suggestion == "title:China"
    assert ids(results) == [52]


def test_near_words_over_several_segments_are_the_ones_whooshs_own_lookup_finds():
    """One automaton per word walks every segment (not one per segment, as Whoosh's
    terms_within builds): the near words must be the same as Whoosh's per-segment lookup's."""
    backend = WhooshBackend()
    batches = [
        ["investment plan", "investments grew", "investor visit"],
        ["invesment slip", "Ninh province", "Binh province"],
        ["Nihn typo", "Ninh again", "invastment note", "provinces merged"],
    ]
    number = 0
    for titles in batches:  # one commit per batch: one segment each
        documents = []
        for title in titles:
            number += 1
            documents.append(_document(number, title))
        backend.index(documents)
    reader = backend.store.open(backend.store.current_key()).reader()
    assert len(list(reader.leaf_readers())) > 1

    def whooshs_own(word: str, maxdist: int) -> set[str]:
        names = [n for n in (SPELLING_FIELD, *LEGACY_SPELLING_FIELDS) if n in reader.schema]
        found = {
            term
            for leaf, _ in reader.leaf_readers()
            for name in names
            for term in leaf.terms_within(name, word, maxdist, prefix=1)
        }
        for i in range(1, len(word) - 1):
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if swapped != word and _frequency(reader, swapped):
                found.add(swapped)
        return found - {word}

    for word in ("investment", "invesment", "ninh", "nihn", "province", "binh", "zzzz"):
        for maxdist in (1, 2):
            assert _close_words(reader, word, maxdist) == whooshs_own(word, maxdist), word
    assert _close_words(reader, "investment", 2) >= {"investments", "invesment", "invastment"}
