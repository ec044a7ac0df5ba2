"""Downloads (CSV, JSON Lines), Atom feeds and the OpenSearch description."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from archive.ingest.backup import article_record
from archive.ingest.pipeline import import_paths
from archive.models import Article, Country, Locality, Official
from archive.search import indexing
from tests.corpus import ARTICLES

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"


def download(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def jsonl_rows(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def feed_entries(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def test_the_csv_of_all_articles_has_a_row_per_article(client, corpus):
    rows = csv_rows(download(client, reverse("articles-export", args=["csv"])))

    assert sorted(r["source_file"] for r in rows) == sorted(ARTICLES)


def test_a_csv_row_carries_the_articles_metadata(client, corpus):
    rows = csv_rows(download(client, reverse("articles-export", args=["csv"])))

    article = Article.objects.get(source_file="jp-hanoi.txt")
    row = next(r for r in rows if r["source_file"] == "jp-hanoi.txt")
    countries = list(article.countries.all())
    assert "JP" in [c.code for c in countries]
    assert row == {
        "url": f"http://testserver{article.get_absolute_url()}",
        "source_file": "jp-hanoi.txt",
        "sha256": article.sha256,
        "title": article.title,
        "published": "2024-06-20",
        "source": article.source,
        "country_codes": "; ".join(c.code for c in countries),
        "countries": "; ".join(c.name for c in countries),
        "localities": "Hanoi",
        "officials": "; ".join(f"{a.official.name} ({a.title})" for a in article.appearances.all()),
        "money": "",
        "original_url": "",
        "publisher": "",
        "author": "",
        "crawled": "",
        "title_origin": article.title_origin,
        "implied_countries": "; ".join(
            f"{c['code']} ({c['place']})" for c in article.implied_countries
        ),
        "organisations": "; ".join(o.name for o in article.organisations.all()),
        "largest_figure": "",
        "largest_usd": "",
    }


@pytest.fixture
def web_article(corpus):
    article = Article.objects.get(source_file="sg-binhduong.txt")
    article.url = "https://www.vietnamplus.vn/singapore-park-post1.vnp"
    article.publisher = "VietnamPlus"
    article.author = "Tran Thi Lan"
    article.crawled = datetime(2022, 9, 9, 4, 30, tzinfo=UTC)
    article.title_origin = Article.TitleOrigin.LEDE
    article.implied_countries = [{"code": "VN", "place": "Binh Duong"}]
    article.save()
    return article


def test_the_csv_has_the_original_url_publisher_author_crawl_date_and_title_origin(
    client, web_article
):
    rows = csv_rows(download(client, reverse("articles-export", args=["csv"])))

    row = next(r for r in rows if r["source_file"] == "sg-binhduong.txt")
    assert row["url"] == f"http://testserver{web_article.get_absolute_url()}"
    assert row["original_url"] == "https://www.vietnamplus.vn/singapore-park-post1.vnp"
    assert row["publisher"] == "VietnamPlus"
    assert row["author"] == "Tran Thi Lan"
    assert row["crawled"] == "2022-09-09T04:30:00+00:00"
    assert row["title_origin"] == "lede"
    assert row["implied_countries"] == "VN (Binh Duong)"


def test_a_jsonl_line_keeps_url_as_the_archive_page_and_adds_the_original_url(client, web_article):
    lines = jsonl_rows(download(client, reverse("search-export", args=["jsonl"]), q="Singaporean"))

    [line] = lines
    assert line["url"] == f"http://testserver{web_article.get_absolute_url()}"
    assert line["original_url"] == "https://www.vietnamplus.vn/singapore-park-post1.vnp"
    assert line["publisher"] == "VietnamPlus"
    assert line["author"] == "Tran Thi Lan"
    assert line["crawled"] == "2022-09-09T04:30:00+00:00"
    assert line["title_origin"] == "lede"
    assert line["implied_countries"] == [{"code": "VN", "place": "Binh Duong"}]


def test_a_jsonl_line_is_the_export_record_with_the_page_url(client, corpus):
    lines = jsonl_rows(download(client, reverse("articles-export", args=["jsonl"])))

    article = Article.objects.get(source_file="kr-bacninh.txt")
    line = next(row for row in lines if row["source_file"] == "kr-bacninh.txt")
    assert line == {
        **article_record(article),
        "url": f"http://testserver{article.get_absolute_url()}",
        "original_url": None,
    }


def test_an_entity_export_holds_exactly_its_articles(client, corpus):
    japan = Country.objects.get(code="JP")
    lines = jsonl_rows(download(client, reverse("country-export", args=[japan.slug, "jsonl"])))

    expected = list(japan.articles.newest_first().values_list("source_file", flat=True))
    assert [row["source_file"] for row in lines] == expected


def test_a_locality_export_holds_exactly_its_articles(client, corpus):
    bac_ninh = Locality.objects.get(name="Bac Ninh")
    rows = csv_rows(download(client, reverse("locality-export", args=[bac_ninh.slug, "csv"])))

    assert {r["source_file"] for r in rows} == set(
        bac_ninh.articles.values_list("source_file", flat=True)
    )


def test_a_search_export_holds_every_match_not_only_the_first_page(client, corpus, write_article):
    for n in range(25):
        write_article(f"more-{n:02}.txt", f"Railway note {n}\nJapan funds railway works, part {n}.")
    import_paths([write_article("more-25.txt", "Railway note\nJapan funds railway works.").parent])
    indexing.rebuild()

    rows = csv_rows(download(client, reverse("search-export", args=["csv"]), q="railway"))

    total = client.get(reverse("search-json"), {"q": "railway"}).json()["total"]
    assert total > 20
    assert len(rows) == total
    assert len({r["source_file"] for r in rows}) == total


def test_a_search_export_uses_the_search_filters_and_order(client, corpus):
    japan = Country.objects.get(code="JP")
    rows = csv_rows(
        download(client, reverse("search-export", args=["csv"]), country=japan.slug, sort="oldest")
    )

    expected = list(japan.articles.order_by("published").values_list("source_file", flat=True))
    assert [r["source_file"] for r in rows] == expected


def test_a_csv_cell_that_looks_like_a_formula_is_kept_as_text(client, write_article):
    import_paths([write_article("formula.txt", "=HYPERLINK(1) report\nJapan invests in Vietnam.")])

    rows = csv_rows(download(client, reverse("articles-export", args=["csv"])))

    assert rows[0]["title"].startswith("'=")


def test_the_latest_feed_lists_the_newest_articles(client, corpus):
    titles = feed_entries(client, reverse("latest-feed"))

    assert titles == list(Article.objects.newest_first().values_list("title", flat=True))


def test_an_official_feed_lists_their_articles(client, corpus):
    official = Official.objects.get(name="Ito Naoki")
    titles = feed_entries(client, reverse("official-feed", args=[official.slug]))

    assert titles == list(official.articles.values_list("title", flat=True))


def test_a_search_feed_lists_the_searchs_articles(client, corpus):
    titles = feed_entries(client, reverse("search-feed"), q="ODA", sort="newest")

    expected = [
        Article.objects.get(source_file=name).title for name in ("jp-hanoi.txt", "jp-bacninh.txt")
    ]
    assert titles == expected


def test_the_feed_escapes_markup_in_titles(client, write_article):
    import_paths([write_article("x.txt", "A <script>alert(1)</script> plan\nJapan invests.")])

    response = client.get(reverse("latest-feed"))

    assert b"<script>" not in response.content
    assert feed_entries(client, reverse("latest-feed")) == ["A <script>alert(1)</script> plan"]


def test_the_opensearch_description_points_at_the_search(client, corpus):
    response = client.get(reverse("opensearch"))

    root = ET.fromstring(response.content)
    templates = {u.get("type"): u.get("template") for u in root.iter(f"{OPENSEARCH}Url")}
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    assert templates["text/html"] == "http://testserver/search/?q={searchTerms}"


def test_every_page_links_the_opensearch_description(client, corpus):
    html = client.get(reverse("home")).content.decode()

    assert (
        '<link rel="search" type="application/opensearchdescription+xml" '
        'title="Vietnam investment archive" href="/opensearch.xml">'
    ) in html
