"""Organisations in search: their names, acronyms and aliases find the articles that name them,
the "Organisation" facet counts and filters, and the downloads carry them."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Article, Organisation
from archive.search import indexing
from archive.search.base import SearchDocument, document_fingerprint

pytestmark = pytest.mark.django_db

LOAN = (
    "Drainage loan signed for Hai Phong\n\n"
    "Hai Phong (VNA) – The Japan International Cooperation Agency signed a drainage loan with "
    "the city on Tuesday, officials said.\n"
)
PARK = (
    "Bac Ninh welcomes electronics investors\n\n"
    "Bac Ninh (VNA) – Samsung Electronics will expand its factory in the province, the company "
    "said on Monday.\n"
)


@pytest.fixture
def indexed(write_article):
    write_article("loan.txt", LOAN)
    import_paths([write_article("park.txt", PARK).parent])
    indexing.rebuild()
    return Organisation.objects.get(name="Japan International Cooperation Agency")


def get_json(client, **params):
    response = client.get(reverse("search-json"), params)
    assert response.status_code == 200
    return response.json()


def test_an_acronym_the_text_never_uses_finds_the_organisation(client, indexed):
    assert "JICA" not in LOAN and indexed.short_name == "JICA"

    data = get_json(client, q="JICA")

    assert [r["source_file"] for r in data["results"]] == ["loan.txt"]
    assert data["results"][0]["organisations"] == ["Japan International Cooperation Agency"]


def test_an_alias_an_editor_gives_is_searched_after_reindexing(client, indexed):
    indexed.aliases = ["Jaika"]
    indexed.save()
    indexing.index_articles(indexed.articles.values_list("pk", flat=True))

    assert [r["source_file"] for r in get_json(client, q="Jaika")["results"]] == ["loan.txt"]


def test_the_organisation_facet_counts_and_filters(client, indexed):
    data = get_json(client)
    values = {f["value"]: f["count"] for f in data["facets"]["organisation"]}
    assert values[indexed.slug] == 1

    filtered = get_json(client, organisation=indexed.slug)

    assert [r["source_file"] for r in filtered["results"]] == ["loan.txt"]
    page = client.get(reverse("search"), {"organisation": indexed.slug}).content.decode()
    assert '<h3 id="facet-organisation">Organisation</h3>' in page
    facet = page.split('id="facet-organisation"')[1].split("</section>")[0]
    assert "Japan International Cooperation Agency" in facet
    assert "naming Japan International Cooperation Agency" in page


def test_an_unknown_organisation_is_a_note_not_an_error(client, indexed):
    response = client.get(reverse("search"), {"organisation": "no-such-body"})

    assert response.status_code == 200
    assert "No organisation “no-such-body” in the archive" in response.content.decode()


def test_the_organisation_page_links_to_its_filtered_search(client, indexed):
    html = client.get(indexed.get_absolute_url()).content.decode()
    assert f"organisation={indexed.slug}" in html


def test_the_csv_download_has_an_organisations_column(client, indexed):
    response = client.get(reverse("articles-export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    loan = next(r for r in rows if r["source_file"] == "loan.txt")
    assert "Japan International Cooperation Agency" in loan["organisations"].split("; ")


def test_the_fingerprint_changes_with_the_organisations():
    document = SearchDocument(1, "t", "b", date(2024, 1, 1), "VNA")
    with_one = SearchDocument(1, "t", "b", date(2024, 1, 1), "VNA", organisations=("jica",))

    assert document_fingerprint(document) != document_fingerprint(with_one)
    assert Article.objects.count() == 0
