"""What a process keeps per index segment (postings, word frequencies, near spellings, phrase
matches) never changes an answer: after saves and deletions, searches answer as a process that
kept nothing."""

from __future__ import annotations

from datetime import date

from archive.search.base import SearchDocument, SearchQuery
from archive.search.postings import SEGMENT_MEMO
from archive.search.whoosh_backend import WhooshBackend


def _document(number: int, title: str, body: str) -> SearchDocument:
    return SearchDocument(
        id=number,
        title=title,
        body=body,
        published=date(2024, 1, number % 28 + 1),
        source="VNA",
        countries=("japan",) if number % 2 else ("south-korea",),
    )


FIRST = [
    _document(1, "Industrial park opens in Bac Ninh", "The industrial park hosts investors."),
    _document(2, "Investors tour a park", "An industrial zone, not a park, for investment."),
    _document(3, "Investment in Dong Nai", "Foreign investment rose; an industrial park grew."),
    _document(4, "ODA loan for a metro", "The loan and a grant fund the industrial park."),
    _document(5, "Park industrial", "Words in the other order: park industrial investors."),
]
LATER = [
    _document(6, "A second industrial park", "Investmnet slip and industrial park news."),
    _document(7, "Investment plan", "Investment in the industrial park of Bac Ninh."),
    _document(3, "Investment in Dong Nai, corrected", "Now without the phrase at all."),
]
QUERIES = [
    '"industrial park"',
    "investmnet",
    "investors",
    "Bac Nihn",
    "ODA -loan",
    '"industrial park" investors',
    "title:park",
    "investmant industrail",
]


def answers(backend: WhooshBackend) -> list:
    found = []
    for text in QUERIES:
        results = backend.search(SearchQuery(text=text, per_page=50))
        found.append(
            (
                text,
                [(hit.id, round(hit.score, 4), hit.snippet_html) for hit in results.hits],
                results.total,
                results.suggestion,
                results.fuzzy,
                results.facets,
                backend.suggest(text),
            )
        )
    return found


def test_searches_after_saves_and_deletions_answer_as_a_process_that_kept_nothing(tmp_path):
    backend = WhooshBackend(path=tmp_path / "index")
    backend.index(FIRST)
    before = answers(backend)  # the first segment's entries are kept now
    backend.index(LATER)  # a new segment; document 3 replaced (deleted in the first one)
    backend.delete([4])
    kept = answers(backend)

    SEGMENT_MEMO.clear()
    fresh = answers(WhooshBackend(path=tmp_path / "index"))

    assert kept == fresh
    assert kept != before  # the changes changed the answers


def test_a_kept_snippet_is_the_one_of_the_words_searched(tmp_path):
    backend = WhooshBackend(path=tmp_path / "index")
    backend.index(FIRST)
    for _ in range(2):  # computed, then kept
        park = backend.search(SearchQuery(text="park", sort="oldest")).hits[0]
        investors = backend.search(SearchQuery(text="investors", sort="oldest")).hits[0]
        browse = backend.search(SearchQuery(sort="oldest")).hits[0]
        assert park.id == investors.id == browse.id == 1
        assert park.snippet_html == "The industrial <mark>park</mark> hosts investors."
        assert investors.snippet_html == "The industrial park hosts <mark>investors</mark>."
        assert browse.snippet_html == "The industrial park hosts investors."
