"""Refining a search without losing work (issue 10, part 2): field searches become filters, the
search box keeps the filters, zero results say what to drop, the help page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def get_json(client, **params):
    response = client.get(reverse("search-json"), params)
    assert response.status_code == 200
    return response.json()


def titles(data) -> set[str]:
    return {result["title"] for result in data["results"]}


def test_country_field_search_is_the_country_filter(client, corpus):
    by_field = get_json(client, q="country:japan ODA")
    by_filter = get_json(client, q="ODA", country="japan")

    assert titles(by_field) == titles(by_filter) != set()
    assert [v["value"] for v in by_field["facets"]["country"] if v["selected"]] == ["japan"]


@pytest.mark.parametrize("value", ["Japan", "japan", "Japanese", '"Nhật Bản"', '"Nhat Ban"', "JP"])
def test_a_country_is_found_by_name_alias_demonym_or_code(client, corpus, value):
    data = get_json(client, q=f"country:{value}")

    assert data["total"] == get_json(client, country="japan")["total"] > 0
    assert not any("ignored" in note for note in data["notes"])


@pytest.mark.parametrize("value", ['"Bac Ninh"', '"Bắc Ninh"', "bac-ninh"])
def test_a_province_is_found_with_or_without_diacritics_or_by_slug(client, corpus, value):
    data = get_json(client, q=f"province:{value}")

    assert titles(data) == {
        "Japanese electronics maker expands in Bac Ninh",
        "Korean investors flock to Bac Ninh industrial parks",
    }


def test_source_and_official_field_searches(client, corpus):
    assert get_json(client, q="source:vns")["total"] == get_json(client, source="VNS")["total"] > 0
    data = get_json(client, q='official:"Nguyen Huong Giang"')
    assert titles(data) == {"Japanese electronics maker expands in Bac Ninh"}


def test_an_unknown_value_or_field_says_so_and_is_never_spell_corrected(client, corpus):
    data = get_json(client, q="country:Narnia ODA")
    assert "No country “Narnia” in the archive; “country:Narnia” was ignored." in data["notes"]
    assert data["total"] == get_json(client, q="ODA")["total"]

    data = get_json(client, q="time:Japan")
    assert any("“time:” is not a field search" in note for note in data["notes"])
    data = get_json(client, q="title:Japn")
    assert data["suggestion"] in (None, "title:Japan")


def test_title_field_searches_headlines_only(client, corpus):
    # "ODA" is in the headline of the Hanoi article, only in the body of the Bac Ninh one.
    assert titles(get_json(client, q="title:ODA")) == {"Hanoi seeks Japanese ODA for metro lines"}
    assert len(titles(get_json(client, q="ODA"))) == 2


def test_the_search_box_keeps_the_filters_and_links_to_dropping_them(client, corpus):
    page = client.get(
        reverse("search"), {"q": "investors", "country": "japan", "source": "VNA", "sort": "newest"}
    ).content.decode()

    box = page[page.index('id="search-form"') : page.index("</form>")]
    assert '<input type="hidden" name="country" value="japan">' in box
    assert '<input type="hidden" name="source" value="VNA">' in box
    assert "Searches within 2 filters." in box
    assert 'href="?q=investors&amp;sort=newest">Search all articles instead' in box
    # The order and Apply belong to the same form: Apply sends the query as typed in the box.
    assert re.search(r'<select name="sort" form="search-form">', page)
    assert '<button type="submit" form="search-form">Apply</button>' in page
    assert reverse("search-help") in box


def test_zero_results_offer_no_downloads_but_the_filters_to_drop(client, corpus):
    page = client.get(reverse("search"), {"q": "Singaporean", "country": "japan"}).content.decode()

    assert "No articles match." in page
    assert 'class="downloads"' not in page and "/search.csv" not in page
    assert re.search(r"Drop Country: Japan</a>: 1 article\b", page)


def test_the_help_page_explains_the_fields(client):
    response = client.get(reverse("search-help"))

    content = response.content.decode()
    assert response.status_code == 200
    for field in ("title:", "country:", "province:", "official:", "source:", "OR", "-Japan"):
        assert field in content
