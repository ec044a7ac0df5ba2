"""The search page and its JSON twin, as a researcher uses them."""

import pytest
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Article, Country, Locality
from archive.search import reset_backends

pytestmark = pytest.mark.django_db


def get_json(client, **params):
    response = client.get(reverse("search-json"), params)
    assert response.status_code == 200
    return response.json()


def test_an_empty_query_browses_everything_newest_first(client, corpus):
    data = get_json(client)

    assert data["total"] == 5
    dated = [r["published"] for r in data["results"] if r["published"]]
    assert dated == sorted(dated, reverse=True)


def test_words_find_the_articles_that_contain_them(client, corpus):
    data = get_json(client, q="railway")

    assert [r["source_file"] for r in data["results"]] == ["jp-hanoi.txt"]
    assert "<mark>railway</mark>" in data["results"][0]["snippet"]


def test_the_json_has_the_promised_shape(client, corpus):
    data = get_json(client, q="Bac Ninh")

    assert set(data) >= {"total", "page", "results", "facets", "suggestion"}
    assert set(data["results"][0]) == {
        "source_file",
        "title",
        "published",
        "url",
        "snippet",
        "countries",
        "localities",
        "officials",
        "organisations",
        "money",  # each figure's text, measure and approximate USD value
        "story",
        "versions",
        "versions_matched",
        "other_versions",
    }
    assert set(data["facets"]) == {
        "country",
        "province",
        "foreign_place",
        "locality",  # deprecated: every place, Vietnamese or foreign
        "official",
        "organisation",
        "measure",
        "source",
        "year",
    }
    assert set(data["facets"]["country"][0]) == {"value", "label", "count", "selected"}


def test_a_country_filter_and_its_disjunctive_counts(client, corpus):
    japan = Country.objects.get(code="JP").slug
    data = get_json(client, country=japan)

    assert data["total"] == Article.objects.filter(countries__code="JP").count()
    counts = {f["value"]: (f["count"], f["selected"]) for f in data["facets"]["country"]}
    # The country facet's own counts ignore its own selection, so other countries stay choosable.
    assert counts[japan] == (Article.objects.filter(countries__code="JP").count(), True)
    korea = Country.objects.get(code="KR").slug
    assert counts[korea] == (Article.objects.filter(countries__code="KR").count(), False)


def test_facet_counts_equal_the_databases_counts_for_the_same_filters(client, corpus):
    bac_ninh = Locality.objects.get(name="Bac Ninh").slug
    data = get_json(client, locality=bac_ninh)

    for value in data["facets"]["country"]:
        expected = (
            Article.objects.filter(localities__slug=bac_ninh, countries__slug=value["value"])
            .distinct()
            .count()
        )
        assert value["count"] == expected, value


def test_two_values_of_one_facet_combine_with_or(client, corpus):
    jp, kr = Country.objects.get(code="JP").slug, Country.objects.get(code="KR").slug
    data = get_json(client, country=[jp, kr])

    expected = Article.objects.filter(countries__code__in=["JP", "KR"]).distinct().count()
    assert data["total"] == expected


def test_the_page_says_what_it_shows_and_offers_chips(client, corpus):
    jp = Country.objects.get(code="JP").slug
    response = client.get(reverse("search"), {"q": "ODA", "country": jp})

    content = response.content.decode()
    total = get_json(client, q="ODA", country=jp)["total"]
    assert f"{total} article{'s' if total != 1 else ''} about Japan matching “ODA”" in content
    assert "Clear all" in content
    assert "Country: Japan" in content


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"unbalanced quote'},
        {"q": "NOT OR x"},
        {"q": "(((("},
        {"q": "x" * 10_000},
        {"q": "* ? *a* b*c*d*"},
        {"q": "title:ODA body:"},
        {"q": "ODA\x00Japan"},
        {"date_from": "2024-13-45"},
        {"date_to": "yesterday"},
        {"country": "atlantis"},
        {"locality": ["<script>", "bac-ninh"]},
        {"sort": "sideways"},
        {"page": "99999"},
        {"page": "-3"},
        {"page": "two"},
        {"source": "Nowhere News"},
    ],
)
def test_hostile_input_gets_a_page_never_a_server_error(client, corpus, params):
    response = client.get(reverse("search"), params)
    json_response = client.get(reverse("search-json"), params)

    assert response.status_code == 200
    assert json_response.status_code == 200


def test_bad_values_are_explained(client, corpus):
    response = client.get(reverse("search"), {"country": "atlantis", "date_from": "2024-13-45"})

    content = response.content.decode()
    assert "No country “atlantis” in the archive; that filter was ignored." in content
    assert "Enter a valid date." in content


def test_a_page_past_the_end_shows_the_last_page_and_says_so(client, corpus):
    data = get_json(client, page=99999)

    assert data["page"] == data["pages"] == 1
    assert len(data["results"]) == data["stories"]
    assert any("first 500 pages" in note for note in data["notes"])
    assert any("showing page 1" in note for note in data["notes"])
    page = client.get(reverse("search"), {"page": "99"}).content.decode()
    assert "Page 99 of" not in page
    assert "Page 99 is past the last page of these results; showing page 1." in page


def test_the_query_echoed_into_the_search_box_is_escaped(client, corpus):
    response = client.get(reverse("search"), {"q": '"><script>alert(1)</script>'})

    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_article_text_with_markup_is_escaped_in_snippets(client, write_article):
    from archive.search import indexing

    import_paths(
        [
            write_article(
                "xss.txt", "Investors <script>alert('x')</script> praise Bac Ninh logistics."
            )
        ]
    )
    indexing.rebuild()

    response = client.get(reverse("search"), {"q": "logistics"})

    content = response.content.decode()
    assert "<script>alert('x')</script>" not in content
    assert "&lt;script&gt;" in content
    assert "<mark>logistics</mark>" in content


def test_a_missing_index_gives_a_search_unavailable_page_and_articles_still_work(
    client, corpus, settings, tmp_path
):
    article = corpus.first()
    broken = tmp_path / "no-index-here"
    broken.write_text("not a directory")
    settings.ARCHIVE_SEARCH = {
        "default": {"BACKEND": "archive.search.whoosh_backend.WhooshBackend", "PATH": str(broken)}
    }
    reset_backends()

    response = client.get(reverse("search"), {"q": "ODA"})

    assert response.status_code == 503
    assert "Search is unavailable right now" in response.content.decode()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_misspelling_gets_a_did_you_mean(client, corpus):
    data = get_json(client, q="Binh Duog")

    assert data["suggestion"] == "Binh Duong"


def test_the_json_counts_articles_per_year(client, corpus):
    data = get_json(client)

    years = {f["value"]: f["count"] for f in data["facets"]["year"]}
    assert years == {"2022": 1, "2023": 1, "2024": 2}


def test_a_filtered_search_page_asks_the_database_a_bounded_number_of_questions(
    client, corpus, django_assert_max_num_queries
):
    jp = Country.objects.get(code="JP").slug
    bac_ninh = Locality.objects.get(name="Bac Ninh").slug

    # A process that has looked no entity up yet (archive/web/entity_cache.py): read the entity
    # token, look the filters' and the facets' entities up once per model, load the page's
    # articles and the entities they name, count the changes still waiting in the index outbox.
    # Once its entities are known the page asks 5 (tests/web/test_entity_cache.py).
    with django_assert_max_num_queries(10):
        response = client.get(reverse("search"), {"country": jp, "locality": bac_ninh})

    assert "1 article about Japan in Bac Ninh" in response.content.decode()
