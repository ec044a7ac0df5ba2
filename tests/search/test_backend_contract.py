"""The contract every search backend meets, run against each factory in conftest.

Expected facet counts come from a brute-force count over the corpus with the same filters.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest

from archive.search import get_backend, reset_backends
from archive.search.analysis import terms
from archive.search.base import (
    FACET_FIELDS,
    FacetCount,
    SearchDocument,
    SearchQuery,
    SearchUnavailable,
    document_fingerprint,
)
from archive.search.capabilities import capabilities_of
from archive.search.querying import (
    NOTE_CONTROL_CHARS,
    NOTE_DANGLING_OPERATOR,
    NOTE_EMPTY_FIELD,
    NOTE_NO_WORDS,
    NOTE_PLAIN_TEXT,
    NOTE_TOO_LONG,
    NOTE_TOO_MANY_TERMS,
    NOTE_UNMATCHED_QUOTE,
    unknown_field_note,
)
from archive.search.whoosh_backend import WhooshBackend
from tests.search.conftest import CORPUS, CORPUS_BY_ID

ALL_IDS = {document.id for document in CORPUS}


def requires(backend, *capabilities: str) -> None:
    """Skip a test of what this backend does not promise (archive/search/capabilities.py)."""
    promised = capabilities_of(backend)
    missing = [name for name in capabilities if not getattr(promised, name)]
    if missing:
        pytest.skip(f"{type(backend).__name__} does not promise {', '.join(missing)}")


def facet_values(document: SearchDocument, facet: str) -> tuple[str, ...]:
    if facet == "country":
        return document.countries
    if facet == "locality":
        return document.localities
    if facet == "province":
        return document.provinces
    if facet == "foreign_place":
        return document.foreign_places
    if facet == "official":
        return document.officials
    if facet == "organisation":
        return document.organisations
    if facet == "measure":
        return tuple(dict.fromkeys(measure for measure, _ in document.money))
    if facet == "source":
        return (document.source,)
    return (str(document.published.year),) if document.published else ()


def passes(document: SearchDocument, filters: dict[str, tuple[str, ...]], skip: str = "") -> bool:
    return all(
        set(facet_values(document, facet)) & set(values)
        for facet, values in filters.items()
        if facet != skip
    )


def brute_force_facets(
    text_ids: set[int], filters: dict[str, tuple[str, ...]], limit: int = 50
) -> dict[str, list[FacetCount]]:
    """Disjunctive counts: each facet over the text matches and every OTHER facet's filter."""
    expected = {}
    for facet in FACET_FIELDS:
        counts: dict[str, int] = {}
        for doc_id in text_ids:
            document = CORPUS_BY_ID[doc_id]
            if passes(document, filters, skip=facet):
                for value in facet_values(document, facet):
                    counts[value] = counts.get(value, 0) + 1
        selected = set(filters.get(facet, ()))
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
        shown = {value for value, _ in ranked}
        ranked += [(value, counts.get(value, 0)) for value in sorted(selected - shown)]
        expected[facet] = [FacetCount(v, n, v in selected) for v, n in ranked]
    return expected


def money_kept(document: SearchDocument, query: SearchQuery) -> list[tuple[str, float | None]]:
    """Brute force: the document's figures within the query's amount range and measures."""
    selected = set(query.filters.get("measure", ()))
    return [
        (measure, usd)
        for measure, usd in document.money
        if (not selected or measure in selected)
        and (query.usd_min is None or (usd is not None and usd >= query.usd_min))
        and (query.usd_max is None or (usd is not None and usd <= query.usd_max))
    ]


def text_matches(word: str) -> set[int]:
    """Brute force: the articles whose title, body or entity names contain the word's term."""
    (term,) = terms(word)
    return {d.id for d in CORPUS if term in terms(" ".join([d.title, d.body, *d.entity_names]))}


def ids(results) -> list[int]:
    return [hit.id for hit in results.hits]


def newest_first(doc_ids) -> list[int]:
    dated = sorted(
        (d for d in doc_ids if CORPUS_BY_ID[d].published),
        key=lambda d: (CORPUS_BY_ID[d].published, d),
        reverse=True,
    )
    return dated + sorted((d for d in doc_ids if not CORPUS_BY_ID[d].published), reverse=True)


class TestBackendContract:
    # -- browsing -------------------------------------------------------------------------------

    def test_empty_text_browses_everything_newest_first_undated_last(self, backend):
        results = backend.search(SearchQuery())

        assert (results.total, ids(results)) == (len(CORPUS), newest_first(ALL_IDS))

    def test_browse_snippet_is_the_escaped_start_of_the_body(self, backend):
        results = backend.search(SearchQuery(filters={"locality": ("da-nang",)}, sort="oldest"))

        assert [hit.snippet_html for hit in results.hits] == [
            "Port operators from both countries met city leaders about a container terminal.",
            "&lt;script&gt;alert(1)&lt;/script&gt; climate &amp; business survey shows steady "
            "growth.",
        ]

    # -- facets ---------------------------------------------------------------------------------

    @pytest.mark.parametrize(
        "filters",
        [
            {},
            {"country": ("japan",)},
            {"country": ("japan", "singapore")},
            {"country": ("japan",), "locality": ("bac-ninh",)},
            {"year": ("2024",), "source": ("VNA",)},
            {"official": ("le-thi-hoa",), "country": ("south-korea", "singapore")},
            # Three filters: an article failing two of them is in no facet's count.
            {"country": ("japan",), "locality": ("bac-ninh",), "year": ("2024",)},
        ],
    )
    def test_browse_facets_and_total_equal_a_brute_force_count(self, backend, filters):
        results = backend.search(SearchQuery(filters=filters))
        expected_ids = {d.id for d in CORPUS if passes(d, filters)}

        assert (results.total, set(ids(results)), results.facets) == (
            len(expected_ids),
            expected_ids,
            brute_force_facets(ALL_IDS, filters),
        )

    @pytest.mark.parametrize(
        "filters", [{}, {"country": ("japan",)}, {"locality": ("bac-ninh", "da-nang")}]
    )
    def test_text_facets_equal_a_brute_force_count(self, backend, filters):
        results = backend.search(SearchQuery(text="investors", filters=filters))
        text_ids = text_matches("investors")
        expected_ids = {d for d in text_ids if passes(CORPUS_BY_ID[d], filters)}

        assert (set(ids(results)), results.facets) == (
            expected_ids,
            brute_force_facets(text_ids, filters),
        )

    def test_a_facet_is_counted_as_if_its_own_selection_were_off(self, backend):
        results = backend.search(SearchQuery(filters={"country": ("japan",)}))

        assert (results.facets["country"], results.facets["locality"]) == (
            [
                FacetCount("japan", 3, True),
                FacetCount("south-korea", 3),
                FacetCount("denmark", 2),
                FacetCount("singapore", 2),
                FacetCount("united-states", 1),
            ],
            [FacetCount("bac-ninh", 1), FacetCount("da-nang", 1), FacetCount("ha-noi", 1)],
        )

    def test_values_of_one_facet_combine_with_or_and_facets_with_and(self, backend):
        either = backend.search(SearchQuery(filters={"country": ("denmark", "singapore")}))
        both = backend.search(
            SearchQuery(filters={"country": ("japan", "singapore"), "locality": ("da-nang",)})
        )

        assert (set(ids(either)), set(ids(both))) == ({3, 7, 11, 12}, {11})

    def test_a_selected_value_without_matches_is_still_listed(self, backend):
        results = backend.search(
            SearchQuery(filters={"country": ("japan",), "locality": ("quang-ninh",)})
        )

        assert (results.total, results.hits, results.facets["locality"]) == (
            0,
            [],
            [
                FacetCount("bac-ninh", 1),
                FacetCount("da-nang", 1),
                FacetCount("ha-noi", 1),
                FacetCount("quang-ninh", 0, True),
            ],
        )

    def test_facet_limit_keeps_the_largest_values_and_the_selected_ones(self, backend):
        results = backend.search(SearchQuery(filters={"locality": ("thai-binh",)}, facet_limit=2))

        assert results.facets["locality"] == [
            FacetCount("ha-noi", 3),
            FacetCount("bac-ninh", 2),
            FacetCount("thai-binh", 1, True),
        ]

    # -- dates and timeline ---------------------------------------------------------------------

    def test_date_range_keeps_dated_articles_inside_it_with_a_monthly_timeline(self, backend):
        results = backend.search(
            SearchQuery(date_from=date(2024, 1, 1), date_to=date(2024, 3, 10), sort="oldest")
        )

        assert (ids(results), results.timeline_unit, results.timeline) == (
            [3, 9, 11, 1],
            "month",
            [("2024-01", 1), ("2024-02", 2), ("2024-03", 1)],
        )

    def test_timeline_is_yearly_over_a_long_span_with_empty_years_filled(self, backend):
        results = backend.search(SearchQuery())

        assert (results.timeline_unit, results.timeline) == (
            "year",
            [("2019", 1), ("2020", 0), ("2021", 1), ("2022", 1), ("2023", 3), ("2024", 5)],
        )

    # -- money: the amount range, the measure, the largest figure ------------------------------

    @pytest.mark.parametrize(
        "query",
        [
            SearchQuery(usd_min=100_000_000),
            SearchQuery(usd_max=100_000_000),
            SearchQuery(usd_min=40_000_000, usd_max=350_000_000),
            SearchQuery(usd_min=40_000_000, usd_max=40_000_000),
            SearchQuery(filters={"measure": ("oda_loan",)}),
            SearchQuery(filters={"measure": ("fdi_registered", "trade_turnover")}),
            SearchQuery(filters={"measure": ("fdi_registered",)}, usd_min=100_000_000),
            SearchQuery(filters={"measure": ("project_capital",)}, usd_max=1e12),
            SearchQuery(filters={"country": ("japan",)}, usd_min=1),
            SearchQuery(text="investors", usd_max=500_000_000),
            SearchQuery(filters={"measure": ("oda_grant",)}, usd_min=1),
        ],
    )
    def test_money_filters_and_the_measure_facet_equal_a_brute_force_count(self, backend, query):
        results = backend.search(query)
        text_ids = text_matches("investors") if query.text else ALL_IDS
        others = {f: v for f, v in query.filters.items() if f != "measure"}
        kept = {d: money_kept(CORPUS_BY_ID[d], query) for d in text_ids}
        expected_ids = {d for d in text_ids if kept[d] and passes(CORPUS_BY_ID[d], others)}
        in_range = replace(query, filters={})  # the measure facet: the range, not the measure
        measures: dict[str, int] = {}
        for d in text_ids:
            if passes(CORPUS_BY_ID[d], others):
                for measure in {m for m, _ in money_kept(CORPUS_BY_ID[d], in_range)}:
                    measures[measure] = measures.get(measure, 0) + 1
        selected = set(query.filters.get("measure", ()))
        ranked = sorted(measures.items(), key=lambda item: (-item[1], item[0]))
        ranked += [(m, 0) for m in sorted(selected - set(measures))]
        countries: dict[str, int] = {}
        for d in expected_ids:
            for country in CORPUS_BY_ID[d].countries:
                countries[country] = countries.get(country, 0) + 1

        assert (set(ids(results)), results.total, results.facets["measure"]) == (
            expected_ids,
            len(expected_ids),
            [FacetCount(m, n, m in selected) for m, n in ranked],
        )
        if "country" not in query.filters:  # the other facets count within the money filter
            assert {fc.value: fc.count for fc in results.facets["country"]} == countries

    def test_the_range_and_the_measure_apply_to_the_same_figure(self, backend):
        # Article 3: FDI registered US$120 million and project capital US$40 million; neither
        # figure is project capital of US$100 million or more.
        results = backend.search(
            SearchQuery(filters={"measure": ("project_capital",)}, usd_min=100_000_000)
        )

        assert ids(results) == [1]

    def test_a_figure_without_a_usd_value_is_outside_every_amount_range(self, backend):
        loans = backend.search(SearchQuery(filters={"measure": ("oda_loan",)}))
        small_loans = backend.search(
            SearchQuery(filters={"measure": ("oda_loan",)}, usd_max=300_000_000)
        )

        assert (ids(loans), ids(small_loans)) == ([2], [])

    def test_largest_figure_sort_puts_articles_without_a_converted_figure_last(self, backend):
        results = backend.search(SearchQuery(sort="amount", per_page=50))

        with_figures = [7, 1, 11, 2, 3]  # US$3 billion, 2 billion, 900 million, 350, 120
        rest = [d for d in newest_first(ALL_IDS) if d not in with_figures]
        assert ids(results) == with_figures + rest

    def test_largest_figure_sort_ranks_by_the_figures_the_filter_keeps(self, backend):
        # Article 11's largest figure is trade (US$900 million); its FDI is US$40 million.
        results = backend.search(
            SearchQuery(filters={"measure": ("fdi_registered",)}, sort="amount")
        )

        assert ids(results) == [7, 3, 11]

    def test_largest_figure_pages_follow_the_one_page_order(self, backend):
        # Small pages: the first few hold figures, the later ones the articles without any.
        query = SearchQuery(sort="amount", per_page=2)

        paged = [hit.id for hit in _all_pages(backend, query)]

        assert paged == ids(backend.search(replace(query, per_page=50)))

    def test_largest_figure_pages_cover_the_results_once(self, backend):
        query = SearchQuery(text="investors OR port OR wind", sort="amount", per_page=2)
        first = backend.search(query)

        hits = [hit.id for hit in _all_pages(backend, query)]

        assert sorted(hits) == sorted(ids(backend.search(replace(query, per_page=50))))
        assert len(hits) == first.total

    def test_money_is_part_of_the_fingerprint_only_when_there_is_some(self):
        without = CORPUS_BY_ID[4]
        figures = (("fdi_registered", 1_000_000.0),)

        assert document_fingerprint(without) == document_fingerprint(replace(without, money=()))
        assert document_fingerprint(without) != document_fingerprint(
            replace(without, money=figures)
        )
        assert document_fingerprint(replace(without, money=figures)) != document_fingerprint(
            replace(without, money=(("fdi_registered", 2_000_000.0),))
        )

    # -- query language -------------------------------------------------------------------------

    def test_words_are_all_required(self, backend):
        results = backend.search(SearchQuery(text="investors port"))

        assert set(ids(results)) == {11}

    def test_a_quoted_phrase_needs_its_words_adjacent_and_in_order(self, backend):
        phrase = backend.search(SearchQuery(text='"industrial park"'))
        reversed_phrase = backend.search(SearchQuery(text='"park industrial"'))

        assert (ids(phrase), reversed_phrase.total, reversed_phrase.fuzzy) == ([3], 0, False)

    def test_or_between_terms_accepts_either(self, backend):
        results = backend.search(SearchQuery(text="Danish OR Singapore"))

        assert set(ids(results)) == {3, 7, 11, 12}

    def test_minus_excludes_articles_with_the_word(self, backend):
        results = backend.search(SearchQuery(text="investors -Japan"))

        assert set(ids(results)) == text_matches("investors") - text_matches("Japan") == {1, 3}

    @pytest.mark.parametrize(
        ("spellings", "expected"),
        [
            (["Bac Ninh", "Bắc Ninh", "bắc ninh", "B\u0061\u0306\u0301c Ninh"], {1, 5}),
            (["Viet Nam", "Việt Nam", "VIỆT NAM", "Vie\u0323\u0302t Nam"], {4}),
            (["Da Nang", "Đà Nẵng", "đà nẵng"], {6, 11}),
        ],
    )
    def test_spellings_with_and_without_diacritics_find_the_same_articles(
        self, backend, spellings, expected
    ):
        found = [set(ids(backend.search(SearchQuery(text=text)))) for text in spellings]

        assert found == [expected] * len(spellings)

    def test_a_phrase_in_an_nfd_article_is_found_by_ascii_text(self, backend):
        results = backend.search(SearchQuery(text='"visit Bac Ninh"'))

        assert ids(results) == [5]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [("RoK", {1, 4, 9}), ("Korean", {1, 4, 9}), ("Hung Yen", {10}), ("Thai Binh", {10})],
    )
    def test_entity_names_find_articles_that_do_not_use_the_name(self, backend, text, expected):
        results = backend.search(SearchQuery(text=text))

        assert set(ids(results)) == expected

    def test_a_title_match_outranks_a_body_match(self, backend):
        results = backend.search(SearchQuery(text="climate"))
        ranked = backend.search(SearchQuery(text="priorities"))

        assert (ids(results), ids(ranked)) == ([6], [10])

    def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body(self, backend):
        backend.index(
            [
                SearchDocument(10_001, "Turbines", "Notes about a harbour crane.", None, "VNA"),
                SearchDocument(10_002, "Notes", "Notes about a harbour and turbines.", None, "VNA"),
            ]
        )

        assert ids(backend.search(SearchQuery(text="turbines harbour"))) == [10_001, 10_002]

    # -- sorting and paging ---------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("sort", "expected"), [("newest", [1, 11, 3, 5]), ("oldest", [5, 3, 11, 1])]
    )
    def test_text_results_sort_by_date(self, backend, sort, expected):
        results = backend.search(SearchQuery(text="investors", sort=sort))

        assert ids(results) == expected

    @pytest.mark.parametrize("sort", ["newest", "oldest"])
    def test_undated_articles_come_last_in_both_date_orders(self, backend, sort):
        results = backend.search(SearchQuery(text="Danish", sort=sort))

        assert ids(results) == [12, 7]

    def test_pages_cover_the_results_once_and_past_the_end_is_empty(self, backend):
        pages = [backend.search(SearchQuery(page=n, per_page=5)) for n in (1, 2, 3, 4)]

        assert [ids(p) for p in pages] == [
            newest_first(ALL_IDS)[:5],
            newest_first(ALL_IDS)[5:10],
            newest_first(ALL_IDS)[10:],
            [],
        ]
        assert [(p.total, p.pages) for p in pages] == [(12, 3)] * 4

    def test_relevance_pages_do_not_overlap(self, backend):
        whole = backend.search(SearchQuery(text="investors OR Japan OR Korea"))
        pages = [
            backend.search(SearchQuery(text="investors OR Japan OR Korea", page=n, per_page=3))
            for n in (1, 2, 3)
        ]

        assert sum((ids(p) for p in pages), []) == ids(whole)[:9]

    # -- snippets -------------------------------------------------------------------------------

    def test_snippet_escapes_the_body_and_marks_only_the_matched_words(self, backend):
        results = backend.search(SearchQuery(text="climate script"))

        assert [hit.snippet_html for hit in results.hits] == [
            "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; <mark>climate</mark>"
            " &amp; business survey shows steady growth."
        ]

    def test_snippet_marks_the_words_as_written_in_the_article(self, backend):
        results = backend.search(SearchQuery(text="Bac Ninh land"))

        assert [hit.snippet_html for hit in results.hits] == [
            "A delegation of Japanese investors visited <mark>Bắc</mark> <mark>Ninh</mark> to look"
            " at <mark>land</mark> for component makers.",
            "The group will add two assembly lines in <mark>Bắc</mark> <mark>Ninh</mark>, raising"
            " its investment to USD 2 billion. Provincial officials promised faster "
            "<mark>land</mark> clearance for investors.",
        ]

    # -- hostile input --------------------------------------------------------------------------

    @pytest.mark.parametrize(
        ("text", "note"),
        [
            ('"industrial park', NOTE_UNMATCHED_QUOTE),
            ("NOT OR investors", NOTE_DANGLING_OPERATOR),
            ("investors -", NOTE_DANGLING_OPERATOR),
            ("OR investors OR", NOTE_DANGLING_OPERATOR),
            ("(((", NOTE_PLAIN_TEXT),
            ("*", NOTE_PLAIN_TEXT),
            ("?", NOTE_PLAIN_TEXT),
            ("inv*s*", NOTE_PLAIN_TEXT),
            ("port:terminal", unknown_field_note("port")),
            ("title:", NOTE_EMPTY_FIELD.format("title")),
            ("investors\x00\x1b[31m", NOTE_CONTROL_CHARS),
            ("x" * 10_000, NOTE_TOO_LONG),
            (" ".join(f"word{n}" for n in range(40)), NOTE_TOO_MANY_TERMS),
            ("the of and", NOTE_NO_WORDS),
        ],
    )
    def test_hostile_input_never_raises_and_says_what_was_done(self, backend, text, note):
        results = backend.search(SearchQuery(text=text))

        assert note in results.notes

    def test_an_unknown_field_prefix_is_searched_as_plain_words(self, backend):
        assert ids(backend.search(SearchQuery(text="port:terminal"))) == [11]

    def test_title_searches_the_headline_only(self, backend):
        # "terminal" is in article 11's body, not in its headline.
        assert ids(backend.search(SearchQuery(text="terminal"))) == [11]
        assert ids(backend.search(SearchQuery(text="title:terminal"))) == []
        assert ids(backend.search(SearchQuery(text="title:port"))) == [11]
        assert ids(backend.search(SearchQuery(text='title:"Japan investors"'))) == [11]
        assert ids(backend.search(SearchQuery(text="terminal -title:singapore"))) == []
        assert ids(backend.search(SearchQuery(text="terminal -title:hanoi"))) == [11]

    def test_a_long_query_is_cut_and_still_searched(self, backend):
        results = backend.search(SearchQuery(text="terminal " + "x" * 10_000))

        assert (ids(results), results.notes) == ([11], [NOTE_TOO_LONG])

    def test_a_query_of_only_exclusions_lists_the_rest(self, backend):
        results = backend.search(SearchQuery(text="-investors"))

        assert ids(results) == newest_first(ALL_IDS - text_matches("investors"))

    # -- did you mean, fuzzy --------------------------------------------------------------------

    def test_suggest_replaces_an_unknown_word_with_a_close_index_word(self, backend):
        requires(backend, "suggestions")

        assert [backend.suggest("Binh Duog"), backend.suggest("Binh Duong")] == [
            "Binh Duong",
            None,
        ]

    def test_results_carry_the_suggestion_and_fuzzy_hits_when_nothing_matches(self, backend):
        requires(backend, "suggestions", "fuzzy_retry")
        results = backend.search(SearchQuery(text="Singapre investrs"))

        assert (results.suggestion, results.fuzzy, set(ids(results))) == (
            "Singapore investors",
            True,
            {3, 11},
        )

    def test_exact_matches_are_not_fuzzy_and_have_no_suggestion(self, backend):
        results = backend.search(SearchQuery(text="Singapore"))

        assert (results.suggestion, results.fuzzy, set(ids(results))) == (None, False, {3, 11})

    def test_without_suggestions_or_fuzzy_retry_a_misspelling_finds_nothing_and_says_so(
        self, backend
    ):
        promised = capabilities_of(backend)
        if promised.suggestions or promised.fuzzy_retry:
            pytest.skip(f"{type(backend).__name__} gives suggestions and the fuzzy retry")

        results = backend.search(SearchQuery(text="Singapre investrs"))

        assert (results.total, results.suggestion, results.fuzzy, backend.suggest("Binh Duog")) == (
            0,
            None,
            False,
            None,
        )

    def test_nothing_close_gives_no_hits_and_no_suggestion(self, backend):
        results = backend.search(SearchQuery(text="qqqzzz"))

        assert (results.total, results.hits, results.suggestion, results.fuzzy) == (
            0,
            [],
            None,
            False,
        )

    # -- writes ---------------------------------------------------------------------------------

    def test_indexing_an_id_again_replaces_the_article(self, backend):
        changed = SearchDocument(2, "Railway tender opens", "Bids are due in May.", None, "VNS")
        backend.index([changed])

        assert (
            backend.indexed_ids(),
            ids(backend.search(SearchQuery(text="railway"))),
            ids(backend.search(SearchQuery(text="metro OR port"))),
        ) == (ALL_IDS, [2], [11])

    def test_delete_removes_articles_from_results_and_counts(self, backend):
        backend.delete([1, 5])
        results = backend.search(SearchQuery(text="Bac Ninh"))

        assert (backend.indexed_ids(), results.total, results.facets["locality"]) == (
            ALL_IDS - {1, 5},
            0,
            [],
        )

    def test_clear_empties_the_index(self, backend):
        backend.clear()

        assert (backend.indexed_ids(), backend.search(SearchQuery()).total) == (set(), 0)

    def test_rebuild_swaps_in_a_new_index_under_an_open_searcher(self, backend, make_backend):
        other_process = make_backend()
        before = [backend.search(SearchQuery()).total, other_process.search(SearchQuery()).total]

        count = backend.rebuild(CORPUS[:4])

        assert (before, count) == ([12, 12], 4)
        assert [backend.indexed_ids(), other_process.indexed_ids()] == [{1, 2, 3, 4}] * 2
        assert set(ids(other_process.search(SearchQuery(text="Japan")))) == {2}

    def test_writes_made_during_a_rebuild_are_kept(self, backend):
        late = SearchDocument(99, "Late article about harbours", "Harbours expand.", None, "VNA")

        def documents():
            for n, document in enumerate(CORPUS):
                if n == 6:  # another writer, mid-rebuild
                    backend.index([late])
                    backend.delete([2])
                yield document

        backend.rebuild(documents())

        assert backend.indexed_ids() == (ALL_IDS | {99}) - {2}

    def test_two_writers_at_once_both_land(self, make_backend):
        writers = [make_backend(), make_backend()]
        halves = [CORPUS[0::2], CORPUS[1::2]]

        def write(backend, documents):
            for document in documents:
                backend.index([document])

        threads = [
            threading.Thread(target=write, args=pair) for pair in zip(writers, halves, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert [w.indexed_ids() for w in writers] == [ALL_IDS, ALL_IDS]

    def test_searching_a_missing_index_raises_search_unavailable(self, empty_backend):
        with pytest.raises(SearchUnavailable):
            empty_backend.search(SearchQuery(text="investors"))

    def test_other_reads_of_a_missing_index_are_empty(self, empty_backend):
        assert (empty_backend.suggest("investors"), empty_backend.indexed_ids()) == (None, set())


def test_an_unreadable_index_raises_search_unavailable(tmp_path):
    backend = WhooshBackend(path=tmp_path)
    backend.index(CORPUS)
    (tmp_path / "CURRENT").write_text("gen-that-does-not-exist")

    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery())


def test_a_damaged_live_index_raises_search_unavailable(tmp_path):
    backend = WhooshBackend(path=tmp_path)
    backend.index(CORPUS)
    live = tmp_path / (tmp_path / "CURRENT").read_text()
    for toc in live.glob("*.toc"):
        toc.write_bytes(b"not a table of contents")

    with pytest.raises(SearchUnavailable):
        WhooshBackend(path=tmp_path).search(SearchQuery())


def test_get_backend_builds_the_configured_backend_once(settings, tmp_path):
    settings.ARCHIVE_SEARCH = {
        "default": {
            "BACKEND": "archive.search.whoosh_backend.WhooshBackend",
            "PATH": str(tmp_path),
        }
    }
    reset_backends()
    try:
        first, again = get_backend(), get_backend("default")
        reset_backends()
        fresh = get_backend()
    finally:
        reset_backends()

    assert (type(first), first is again, fresh is first, first.store.path) == (
        WhooshBackend,
        True,
        False,
        tmp_path,
    )


# -- stories: one hit per story when asked ------------------------------------------------------

# Two other outlets' versions of article 1 (Korean plant in Bac Ninh, 2024-03-05): its story.
VERSIONS = (
    SearchDocument(
        id=13,
        title="Korean group adds assembly lines in Bac Ninh",
        body="The Korean electronics group will add two assembly lines in Bac Ninh, raising its "
        "investment to USD 2 billion. Officials promised faster land clearance.",
        published=date(2024, 3, 6),
        source="VNS",
        countries=("south-korea",),
        localities=("bac-ninh",),
        entity_names=("South Korea", "Bac Ninh"),
        story=1,
    ),
    SearchDocument(
        id=14,
        title="Bac Ninh factory expansion",
        body="Investors from Korea expand a factory in Bac Ninh with two assembly lines.",
        published=None,
        source="Nhân Dân",
        countries=("south-korea",),
        localities=("bac-ninh",),
        entity_names=("South Korea", "Bac Ninh"),
        story=1,
    ),
)
STORY = {1, 13, 14}


@pytest.fixture
def story_backend(empty_backend):
    empty_backend.index(CORPUS + VERSIONS)
    return empty_backend


def _all_pages(backend, query: SearchQuery) -> list:
    hits, page = [], 1
    while True:
        results = backend.search(replace(query, page=page))
        hits.extend(results.hits)
        if page >= results.pages:
            return hits
        page += 1


class TestStoryCollapse:
    def test_without_collapse_every_version_is_a_hit(self, story_backend):
        results = story_backend.search(SearchQuery())

        assert (results.total, results.articles) == (14, 14)
        assert {hit.id for hit in results.hits} >= STORY
        assert {hit.story for hit in results.hits if hit.id in STORY} == {1}
        assert {hit.versions for hit in results.hits} == {1}

    def test_browse_shows_the_newest_version_once_with_the_count(self, story_backend):
        results = story_backend.search(SearchQuery(collapse_stories=True))

        shown = [hit for hit in results.hits if hit.id in STORY]
        assert (results.total, results.articles) == (12, 14)
        assert [(hit.id, hit.story, hit.versions) for hit in shown] == [(13, 1, 3)]
        # 13 (6 March 2024) stands where 1 (5 March) stood: no other article falls between.
        assert ids(results) == [13 if d == 1 else d for d in newest_first(ALL_IDS)]

    def test_oldest_first_shows_the_oldest_version(self, story_backend):
        results = story_backend.search(SearchQuery(collapse_stories=True, sort="oldest"))

        assert [hit.id for hit in results.hits if hit.id in STORY] == [1]

    def test_relevance_keeps_the_best_scoring_version(self, story_backend):
        every = story_backend.search(SearchQuery(text="assembly lines"))
        best = max((hit for hit in every.hits if hit.id in STORY), key=lambda h: (h.score, -h.id))

        results = story_backend.search(SearchQuery(text="assembly lines", collapse_stories=True))

        matching = {hit.id for hit in every.hits if hit.id in STORY}
        assert [h.id for h in results.hits if h.id in STORY] == [best.id]
        assert [h.versions for h in results.hits if h.id in STORY] == [len(matching)]
        assert results.total == every.total - len(matching) + 1

    def test_pages_hold_each_story_once_and_add_up_to_the_total(self, story_backend):
        query = SearchQuery(collapse_stories=True, per_page=5)
        first = story_backend.search(query)

        hits = _all_pages(story_backend, query)

        assert (first.total, first.pages, len(hits)) == (12, 3, 12)
        assert len({hit.story for hit in hits}) == 12
        assert len({hit.id for hit in hits}) == 12

    def test_a_filter_matching_one_version_shows_it_alone(self, story_backend):
        results = story_backend.search(
            SearchQuery(filters={"source": ("VNS",)}, collapse_stories=True)
        )

        shown = [(hit.id, hit.versions) for hit in results.hits if hit.id in STORY]
        assert shown == [(13, 1)]
        assert results.total == results.articles

    def test_facets_count_articles_not_stories(self, story_backend):
        collapsed = story_backend.search(SearchQuery(collapse_stories=True))
        every = story_backend.search(SearchQuery())

        assert collapsed.facets == every.facets

    def test_largest_figure_shows_the_version_with_the_largest_figure(self, story_backend):
        # The undated version reports a larger figure than the other two.
        story_backend.index([replace(VERSIONS[1], money=(("project_capital", 2.2e9),))])

        results = story_backend.search(SearchQuery(collapse_stories=True, sort="amount"))

        assert [(hit.id, hit.versions) for hit in results.hits[:2]] == [(7, 1), (14, 3)]

    def test_a_version_reindexed_alone_leaves_the_story(self, story_backend):
        story_backend.index([replace(VERSIONS[0], story=None), replace(VERSIONS[1], story=None)])

        results = story_backend.search(SearchQuery(collapse_stories=True))

        assert (results.total, results.articles) == (14, 14)

    def test_the_story_key_is_part_of_the_fingerprint_only_when_it_is_anothers(self):
        alone = CORPUS[0]

        assert document_fingerprint(alone) == document_fingerprint(replace(alone, story=alone.id))
        assert document_fingerprint(VERSIONS[0]) != document_fingerprint(
            replace(VERSIONS[0], story=None)
        )
