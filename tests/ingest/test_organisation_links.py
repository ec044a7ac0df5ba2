"""Organisations at import through the entity cache, their mention spans and links, and their
pages: /organisations/, /organisations/<slug>/, its feed and downloads."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.extraction.types import Extraction, OrganisationMention
from archive.ingest.entities import EntityCache
from archive.ingest.mentions import ORGANISATION, first_mentions, named_entities
from archive.ingest.pipeline import ParsedArticle, import_paths, save_article
from archive.models import Article, Organisation

pytestmark = pytest.mark.django_db

TEXT = (
    "JICA lends 30 billion yen for Hai Phong drainage\n\n"
    "Hai Phong (VNA) – The Japan International Cooperation Agency (JICA) signed a loan with the "
    "Ministry of Finance on Tuesday for drainage in Hai Phong city. JICA said the pumps would be "
    "built by Tan Phu Precision Co., Ltd.\n"
)

JICA = OrganisationMention("Japan International Cooperation Agency", "JICA", "development", "JP")
KOCHAM = OrganisationMention(
    "Korea Chamber of Business in Vietnam", "KOCHAM", "business_association", "KR"
)


def _parsed(name: str, *organisations: OrganisationMention) -> ParsedArticle:
    body = "Talks with " + " and ".join(o.name for o in organisations) + " on investment."
    return ParsedArticle(
        source_file=name,
        sha256=name,
        encoding="utf-8",
        original_text=body,
        extraction=Extraction(title=body, body=body, organisations=organisations),
    )


def test_an_imported_article_links_an_organisations_first_mention(client, write_article):
    import_paths([write_article("jica.txt", TEXT)])
    article = Article.objects.get()
    jica = Organisation.objects.get(short_name="JICA")

    html = client.get(article.get_absolute_url()).content.decode()

    links = re.findall(
        r'<a class="entity entity-organisation" href="([^"]+)"[^>]*>([^<]+)</a>', html
    )
    assert (jica.get_absolute_url(), "Japan International Cooperation Agency") in links
    assert [link for link in links if link[0] == jica.get_absolute_url()] == [
        (jica.get_absolute_url(), "Japan International Cooperation Agency")
    ]  # linked once
    # What the import recorded is what the saved entities give (an editor's save recomputes).
    assert article.mention_spans == first_mentions(article.body, named_entities(article))


def test_an_organisations_short_name_and_aliases_are_its_mentions():
    article = Article.objects.create(
        title="t",
        slug="t",
        body="Later, Jaika and JICA spoke.",
        original_text="x",
        source_file="t.txt",
        sha256="t",
    )
    jica = Organisation.objects.create(
        name="Japan International Cooperation Agency",
        short_name="JICA",
        slug="jica",
        aliases=["Jaika"],
    )
    article.organisation_links.create(organisation=jica)

    spans = first_mentions(article.body, named_entities(article))

    assert [(kind, article.body[start:end]) for kind, _, start, end in spans] == [
        (ORGANISATION, "Jaika")
    ]


def test_the_cache_reads_known_organisations_once_per_import():
    cache = EntityCache()
    with cache.staged():
        save_article(_parsed("a.txt", JICA, KOCHAM), cache)

    with CaptureQueriesContext(connection) as queries, cache.staged():
        save_article(_parsed("b.txt", KOCHAM, JICA), cache)

    reads = [q["sql"] for q in queries if 'FROM "archive_organisation"' in q["sql"]]
    assert reads == []  # both came from the cache
    assert Organisation.objects.count() == 2
    b = Article.objects.get(source_file="b.txt")
    assert sorted(b.organisations.values_list("short_name", flat=True)) == ["JICA", "KOCHAM"]


def test_the_cache_finds_a_renamed_organisation_by_its_short_name_and_adds_aliases():
    Organisation.objects.create(
        name="JICA (Japan)", short_name="JICA", slug="jica-japan", kind="development"
    )
    cache = EntityCache()
    mention = OrganisationMention(JICA.name, "JICA", "development", "JP", ("Jaika",))

    save_article(_parsed("a.txt", mention), cache)

    organisation = Organisation.objects.get()
    assert organisation.name == "JICA (Japan)"  # the editor's name is kept
    assert organisation.aliases == ["Jaika"]
    assert list(Article.objects.get().organisations.all()) == [organisation]


def test_the_cache_gives_the_rows_organisation_for_gives(write_article):
    # One import with the cache, one without: the same organisations, the same links.
    write_article("a.txt", TEXT)
    import_paths([write_article("b.txt", TEXT.replace("Tuesday", "Monday"))])
    rows = sorted(Organisation.objects.values_list("name", "short_name", "kind"))
    assert len(rows) == Organisation.objects.values("slug").distinct().count()
    for article in Article.objects.all():
        assert sorted(article.organisations.values_list("name", "short_name", "kind")) == rows


def test_the_organisation_page_index_feed_and_downloads(client, write_article):
    import_paths([write_article("jica.txt", TEXT)])
    jica = Organisation.objects.get(short_name="JICA")
    article = Article.objects.get()

    page = client.get(jica.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Japan International Cooperation Agency" in html
    assert "Development agency or bank" in html
    assert article.title in html
    assert "Hai Phong" in html.split("Provinces and places in these articles")[1]
    index = client.get(reverse("organisation-index"), {"sort": "count"}).content.decode()
    assert jica.get_absolute_url() in index
    feed = client.get(reverse("organisation-feed", args=[jica.slug]))
    assert feed.status_code == 200 and article.title in feed.content.decode()
    csv = client.get(reverse("organisation-export", args=[jica.slug, "csv"]))
    assert csv.status_code == 200 and article.title in csv.getvalue().decode()
    assert client.get(reverse("organisation", args=["no-such-body"])).status_code == 404
