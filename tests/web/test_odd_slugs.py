"""A row whose slug no URL can hold never breaks a page that lists it.

Such rows come from around the model and its forms (a restore of a hand-edited backup, a SQL
fix): an empty slug, spaces, a slash. Every page that lists entities or articles answers 200 and
shows that row's name without a link, and the log says which row it was.
"""

import logging

import pytest
from django.db.models import Count
from django.urls import reverse

from archive.models import Article, Country, Locality, Official

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/search/",
    "/search/?q=investors",
    "/search.json",
    "/feed.atom",
    "/search.atom?q=investors",
    "/countries/",
    "/localities/",
    "/officials/",
    "/matrix/",
    "/articles.csv",
    "/articles.jsonl",
]


@pytest.fixture
def odd_rows(corpus):
    """An article naming a country, a province and an official, each given a slug no URL holds,
    and another article with such a slug."""
    article = (
        Article.objects.annotate(
            n_countries=Count("countries", distinct=True),
            n_localities=Count("localities", distinct=True),
            n_officials=Count("appearances", distinct=True),
        )
        .filter(n_countries__gt=0, n_localities__gt=0, n_officials__gt=0)
        .first()
    )
    country = article.countries.first()
    locality = article.localities.first()
    official = article.appearances.first().official
    Country.objects.filter(pk=country.pk).update(slug="")
    Locality.objects.filter(pk=locality.pk).update(slug="a slug with spaces")
    Official.objects.filter(pk=official.pk).update(slug="bad slug/../x")
    other = Article.objects.exclude(pk=article.pk).first()
    Article.objects.filter(pk=other.pk).update(slug="bad slug/../x")
    return {
        "article": article,
        "other": Article.objects.get(pk=other.pk),
        "names": [country.name, locality.name, official.name],
    }


@pytest.mark.parametrize("url", PAGES)
def test_a_listing_with_odd_slugs_answers(client, odd_rows, url, caplog):
    with caplog.at_level(logging.WARNING, logger="archive.web.links"):
        response = client.get(url)

    assert response.status_code == 200
    page = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"bad%20slug" not in page and b"bad slug/" not in page
    assert b"a%20slug%20with" not in page


def test_the_article_page_shows_the_entities_without_links(client, odd_rows, caplog):
    article = odd_rows["article"]

    with caplog.at_level(logging.WARNING, logger="archive.web.links"):
        response = client.get(article.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    for name in odd_rows["names"]:
        assert name in page
    assert 'href="/countries//"' not in page
    assert "no URL can hold" in caplog.text


@pytest.mark.parametrize("url", ["/countries/", "/localities/", "/officials/", "/matrix/"])
def test_an_index_lists_the_odd_entity_by_name(client, odd_rows, url):
    page = client.get(url).content.decode()

    assert any(name in page for name in odd_rows["names"])


def test_the_odd_article_is_listed_by_title_without_a_link(client, odd_rows, caplog):
    other = odd_rows["other"]

    with caplog.at_level(logging.WARNING, logger="archive.web.links"):
        page = client.get(reverse("search"), {"versions": "all"}).content.decode()
        data = client.get(reverse("search-json"), {"versions": "all"}).json()

    assert other.title in page
    assert [r["url"] for r in data["results"] if r["source_file"] == other.source_file] in (
        [None],
        [],
    )
    assert f"Article {other.pk} has a slug no URL can hold" in caplog.text
