"""Provinces as provinces: Vietnam's provinces apart from foreign places in the search, its JSON,
the browse pages, the map and the matrix; grouped as the articles name them or by the 2025
reform's units."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Country, Locality
from archive.search import indexing
from tests.provinces_corpus import PLACES

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(write_article):
    for name, text in PLACES.items():
        path = write_article(name, text)
    import_paths([path.parent])
    indexing.rebuild()


def get_json(client, **params) -> dict:
    response = client.get(reverse("search-json"), params)
    assert response.status_code == 200
    return response.json()


def counts(facet: list[dict]) -> dict[str, int]:
    return {value["label"]: value["count"] for value in facet}


def html(client, url, params=None, **more) -> str:
    response = client.get(url, {**(params or {}), **more})
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, start: str, end: str = "</section>") -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


# --- The split -----------------------------------------------------------------------------------


def test_the_json_splits_provinces_from_foreign_places(client, places):
    data = get_json(client)

    assert counts(data["facets"]["province"]) == {
        "Bac Ninh": 2,
        "Bac Giang": 1,
        "Hai Duong": 1,
        "Hanoi": 1,
    }
    assert counts(data["facets"]["foreign_place"]) == {
        "Aichi (Japan)": 1,
        "Gumi (South Korea)": 1,
        "Seoul (South Korea)": 1,
    }
    # The old mixed facet is still there for a deprecation period.
    assert set(counts(data["facets"]["locality"])) == {
        "Bac Ninh",
        "Bac Giang",
        "Hai Duong",
        "Hanoi",
        "Aichi",
        "Gumi",
        "Seoul",
    }
    assert data["provinces"] == "named"


def test_the_search_page_shows_two_facets_and_no_mixed_one(client, places):
    page = html(client, reverse("search"))

    provinces = section(page, 'id="facet-province"')
    foreign = section(page, 'id="facet-foreign_place"')
    assert "Province (Vietnam)" in provinces and "Seoul" not in provinces
    assert "Bac Giang" in provinces and "Bac Ninh" in provinces
    assert "Foreign place" in foreign and "Seoul (South Korea)" in foreign
    assert "Bac Ninh" not in foreign
    assert "Province or place" not in page


def test_the_foreign_place_and_province_parameters_filter(client, places):
    seoul = get_json(client, foreign_place="seoul")
    bac_ninh = get_json(client, province="bac-ninh")

    assert [r["source_file"] for r in seoul["results"]] == ["bn-korea.txt"]
    assert {r["source_file"] for r in bac_ninh["results"]} == {"bn-japan.txt", "bn-korea.txt"}


def test_the_old_locality_parameter_still_filters(client, places):
    data = get_json(client, locality="seoul")

    assert [r["source_file"] for r in data["results"]] == ["bn-korea.txt"]
    assert data["notes"] == []


def test_a_foreign_place_is_not_a_province_and_says_so(client, places):
    data = get_json(client, province="seoul")

    assert data["total"] == 5
    assert data["notes"] == [
        "Seoul is outside Vietnam, not one of its provinces; that filter was ignored."
    ]
    other_way = get_json(client, foreign_place="bac-ninh")
    assert other_way["notes"] == [
        "Bac Ninh is a province of Vietnam, not a foreign place; that filter was ignored."
    ]


def test_result_tags_filter_by_province_or_foreign_place(client, places):
    page = unescape(html(client, reverse("search"), {"q": "Seoul"}))

    assert "?q=Seoul&province=bac-ninh" in page
    assert "?q=Seoul&foreign_place=seoul" in page


# --- The 2025 reform -------------------------------------------------------------------------------


def test_by_2025_units_bac_giang_counts_under_bac_ninh(client, places):
    data = get_json(client, provinces="2025")

    assert counts(data["facets"]["province"]) == {"Bac Ninh": 3, "Hai Phong": 1, "Hanoi": 1}
    assert data["provinces"] == "2025"


def test_by_2025_units_the_new_unit_finds_the_old_provinces_articles(client, places):
    data = get_json(client, provinces="2025", province="bac-ninh")
    by_old_name = get_json(client, provinces="2025", province="bac-giang")

    assert {r["source_file"] for r in data["results"]} == {
        "bg-korea.txt",
        "bn-japan.txt",
        "bn-korea.txt",
    }
    assert [r["source_file"] for r in by_old_name["results"]] == ["bg-korea.txt"]


def test_both_names_find_the_article_as_words(client, places):
    for words in ("Bac Giang", "Bac Ninh"):
        found = {r["source_file"] for r in get_json(client, q=words)["results"]}
        assert "bg-korea.txt" in found, words


def test_the_grouping_is_kept_in_every_link_and_the_form(client, places):
    page = unescape(html(client, reverse("search"), {"provinces": "2025", "q": "investment"}))

    facet_links = re.findall(r'href="(\?[^"]*province=[^"]*)"', page)
    assert facet_links
    assert all("provinces=2025" in link for link in facet_links)
    assert '<input type="hidden" name="provinces" value="2025">' in page
    groupings = section(page, 'class="groupings"', "</p>")
    assert 'aria-current="true">by today' in groupings
    assert "?q=investment&provinces=named" in groupings


def test_a_bad_grouping_is_dropped_with_a_note(client, places):
    data = get_json(client, provinces="1990")

    assert data["provinces"] == "named"
    assert any(note.startswith("Group provinces") for note in data["notes"])


# --- The map ---------------------------------------------------------------------------------------


def map_links(page: str) -> dict[str, str]:
    """Circle label -> its link, from the map's SVG."""
    svg = section(page, 'id="province-map"', "</svg>")
    return {
        unescape(label): unescape(href)
        for href, label in re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)
    }


def map_table(page: str) -> dict[str, str]:
    table = section(page, 'class="province-table"', "</table>")
    return dict(re.findall(r"<a [^>]*>([^<]+)</a></td><td>(\d+)</td>", table))


def test_the_home_page_map_links_each_province_to_its_search(client, places):
    page = html(client, reverse("home"))

    links = map_links(page)
    assert set(links) == {
        "Bac Ninh: 2 articles",
        "Bac Giang: 1 article",
        "Hai Duong: 1 article",
        "Hanoi: 1 article",
    }
    assert parse_qs(urlsplit(links["Bac Ninh: 2 articles"]).query) == {"province": ["bac-ninh"]}
    assert map_table(page) == {"Bac Ninh": "2", "Bac Giang": "1", "Hai Duong": "1", "Hanoi": "1"}


def test_the_home_page_map_by_2025_units(client, places):
    page = html(client, reverse("home"), provinces="2025")

    links = map_links(page)
    assert set(links) == {"Bac Ninh: 3 articles", "Hai Phong: 1 article", "Hanoi: 1 article"}
    query = parse_qs(urlsplit(links["Bac Ninh: 3 articles"]).query)
    assert query == {"province": ["bac-ninh"], "provinces": ["2025"]}
    # The circle's search finds what the circle counts.
    assert get_json(client, **{k: v[0] for k, v in query.items()})["total"] == 3


def test_the_country_page_map_counts_its_articles_only(client, places):
    korea = Country.objects.get(code="KR")
    page = html(client, korea.get_absolute_url())

    links = map_links(page)
    assert set(links) == {"Bac Ninh: 1 article", "Bac Giang: 1 article", "Hai Duong: 1 article"}
    query = parse_qs(urlsplit(links["Bac Giang: 1 article"]).query)
    assert query == {"country": [korea.slug], "province": ["bac-giang"]}
    foreign = section(page, "Foreign places in these articles")
    assert "Seoul" in foreign and "South Korea" in foreign
    assert "Bac Ninh" not in foreign


def test_the_search_page_map_toggles_the_province_like_the_facet(client, places):
    page = html(client, reverse("search"), {"country": "south-korea"})

    links = map_links(page)
    assert unescape(links["Bac Ninh: 1 article"]) == "?country=south-korea&province=bac-ninh"


def test_map_circles_are_escaped(client, places):
    Locality.objects.filter(name="Hanoi").update(slug='x"><script>alert(1)</script>')
    indexing.rebuild()
    page = html(client, reverse("home"))

    assert "<script>alert(1)" not in page


# --- The matrix ------------------------------------------------------------------------------------


def matrix_rows(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="/localities/[^"]+/">([^<]+)</a>', page)


def test_the_matrix_rows_are_vietnamese_provinces_by_count(client, places):
    page = html(client, reverse("matrix"))

    assert matrix_rows(page) == ["Bac Ninh", "Bac Giang", "Hai Duong", "Hanoi"]
    header = section(page, "<thead>", "</thead>")
    assert re.findall(r'<a href="/countries/[^"]+/">([^<]+)</a>', header) == [
        "South Korea",
        "Japan",
    ]
    assert "Seoul" not in section(page, "<table", "</table>")


def test_the_matrix_sorts_by_name_on_request(client, places):
    page = html(client, reverse("matrix"), sort="name")

    assert matrix_rows(page) == ["Bac Giang", "Bac Ninh", "Hai Duong", "Hanoi"]


def test_matrix_cells_are_shaded_by_count_with_classes(client, places):
    page = html(client, reverse("matrix"))

    cells = re.findall(r'<td class="num shade-(\d)">(?:<a [^>]*>(\d+)</a>)?', page)
    assert {(shade, count) for shade, count in cells} == {("5", "1"), ("0", "")}
    assert "style=" not in section(page, "<table", "</table>")


# --- Phones ------------------------------------------------------------------------------------


def test_the_filters_link_counts_the_filters_and_comes_before_the_results(client, places):
    page = html(client, reverse("search"), {"country": "south-korea", "province": "bac-ninh"})

    link = re.search(r'<a class="button" href="#filters">Filters \((\d+)\)', page)
    assert link and link.group(1) == "2"
    assert page.index('href="#filters"') < page.index('class="article-list"')
    assert 'id="filters"' in page
