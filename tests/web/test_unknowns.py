"""What the archive does not know is counted and findable: undated articles, unknown sources."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.http import QueryDict
from django.urls import reverse

from archive.models import Article, Country
from archive.search import indexing
from archive.web import timeline

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def get_json(client, **params) -> dict:
    response = client.get(reverse("search-json"), params)
    assert response.status_code == 200
    return response.json()


def links_in(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


@pytest.fixture
def undated(corpus):
    """The corpus with two undated articles: us-danang (never dated) and jp-hanoi (date removed)."""
    Article.objects.filter(source_file="jp-hanoi.txt").update(published=None, published_origin="")
    indexing.rebuild()
    assert Article.objects.filter(published__isnull=True).count() == 2
    return Article.objects.filter(published__isnull=True)


# --- Home and entity pages ---------------------------------------------------------------------


def test_the_home_page_counts_undated_articles_and_links_to_them(client, undated):
    html = page(client, reverse("home"))

    holdings = text_of(html.split('id="holdings-heading"')[1].split("</dl>")[0])
    assert "2 undated" in holdings
    assert "/search/?undated=1" in links_in(html)


def test_the_home_timeline_has_a_labelled_undated_bar_linking_to_the_undated_search(
    client, undated
):
    html = page(client, reverse("home"))

    assert 'class="undated"' in html
    assert 'aria-label="undated: 2 articles without a date"' in html
    assert "without a date" in text_of(html.split("<figcaption>")[1].split("</figcaption>")[0])
    table = html.split('class="timeline-table"')[1]
    assert '<tr class="undated"><td><a href="/search/?undated=1">undated</a></td><td>2</td>' in (
        table
    )


def test_an_entity_timeline_counts_its_undated_articles_with_its_filter(client, undated):
    japan = Country.objects.get(code="JP")  # jp-hanoi (undated) and jp-bacninh (2023)
    html = page(client, japan.get_absolute_url())

    assert "/search/?country=japan&undated=1" in links_in(html)
    assert 'aria-label="undated: 1 article without a date"' in html


def test_without_undated_articles_there_is_no_undated_bar():
    bars = timeline.bars([("2024", 3)], QueryDict("q=ODA"))

    assert [bar.undated for bar in bars] == [False]


def test_the_undated_bar_comes_last_set_apart_and_keeps_the_other_filters():
    bars = timeline.bars(
        [("2023", 4), ("2024", 2)], QueryDict("q=ODA&date_from=2024-01-01&page=3"), 2
    )

    *dated, last = bars
    assert last.undated and last.label == "undated" and last.count == 2
    assert last.x > dated[-1].x + dated[-1].width + 1  # a gap before it
    assert last.url == "?q=ODA&undated=1"
    assert last.height == dated[-1].height  # same scale as the dated bars


# --- Search: finding undated articles ----------------------------------------------------------


def test_undated_1_finds_exactly_the_undated_articles(client, undated):
    data = get_json(client, undated="1")

    assert data["total"] == 2
    assert {r["source_file"] for r in data["results"]} == {"us-danang.txt", "jp-hanoi.txt"}
    assert all(r["published"] is None for r in data["results"])
    html = page(client, reverse("search"), undated="1")
    assert "2 articles without a date" in html


def test_undated_0_finds_only_dated_articles(client, undated):
    data = get_json(client, undated="0")

    assert data["total"] == 3
    assert all(r["published"] for r in data["results"])


def test_the_search_timeline_shows_the_undated_matches(client, undated):
    html = page(client, reverse("search"), q="Japanese")

    assert "?q=Japanese&undated=1" in links_in(html)
    assert get_json(client, q="Japanese")["undated"] == 1


def test_a_date_range_says_how_many_undated_articles_it_leaves_out(client, undated):
    html = page(client, reverse("search"), date_from="2023-01-01")

    assert "This date range leaves out 2 undated articles" in html
    assert "?date_from=2023-01-01&include_undated=1" in links_in(html)
    data = get_json(client, date_from="2023-01-01")
    assert (data["total"], data["undated_excluded"]) == (2, 2)


def test_the_left_out_count_respects_the_other_filters(client, undated):
    data = get_json(client, country="japan", date_to="2030-01-01")

    assert (data["total"], data["undated_excluded"]) == (1, 1)


def test_include_undated_adds_them_back_to_a_date_range(client, undated):
    data = get_json(client, date_from="2023-01-01", include_undated="1")

    assert data["total"] == 4
    assert data["undated_excluded"] == 0
    html = page(client, reverse("search"), date_from="2023-01-01", include_undated="1")
    assert "leaves out" not in html
    assert "or undated" in html
    assert "Including undated articles" in html  # a chip that removes it


def test_undated_1_ignores_a_date_range_and_says_so(client, undated):
    data = get_json(client, undated="1", date_from="2023-01-01")

    assert data["total"] == 2
    assert any("date range was ignored" in note for note in data["notes"])


def test_a_bad_undated_value_is_explained_and_ignored(client, undated):
    data = get_json(client, undated="maybe")

    assert data["total"] == 5
    assert any(note.startswith("Undated:") for note in data["notes"])


def test_the_undated_filters_agree_with_the_database(client, undated):
    from archive.web.params import validated_params

    for raw in ("undated=1", "undated=0", "date_from=2023-01-01&include_undated=1"):
        _, filterset, _ = validated_params(QueryDict(raw))
        expected = set(filterset.qs.values_list("source_file", flat=True))
        found = {r["source_file"] for r in get_json(client, **QueryDict(raw).dict())["results"]}
        assert found == expected, raw


def test_downloads_and_feeds_follow_undated_1(client, undated):
    response = client.get(reverse("search-export", args=["jsonl"]), {"undated": "1"})
    lines = b"".join(response.streaming_content).decode().splitlines()

    assert len(lines) == 2


# --- Sources -----------------------------------------------------------------------------------


@pytest.fixture
def sourceless(corpus):
    Article.objects.filter(source_file__in=["jp-hanoi.txt", "us-danang.txt"]).update(source="")
    indexing.rebuild()


def test_the_source_facet_counts_articles_without_a_source(client, sourceless):
    html = page(client, reverse("search"))

    facet = html.split('id="facet-source"')[1].split("</section>")[0]
    assert "unknown source" in facet
    assert re.search(r'<span class="label">unknown source</span>\s*<span class="count">2<', facet)
    assert "None in these results" not in facet


def test_unknown_source_is_selectable_and_filters_to_the_sourceless(client, sourceless):
    data = get_json(client, source="_unknown")

    assert {r["source_file"] for r in data["results"]} == {"jp-hanoi.txt", "us-danang.txt"}
    [unknown] = [v for v in data["facets"]["source"] if v["value"] == "_unknown"]
    assert unknown == {"value": "_unknown", "label": "unknown source", "count": 2, "selected": True}
    assert data["notes"] == []
    html = page(client, reverse("search"), source="_unknown")
    assert "2 articles from unknown source" in html


def test_unknown_source_combines_with_a_known_source(client, sourceless):
    data = get_json(client, source=["_unknown", "VNA"])

    assert data["total"] == 5


def test_a_search_with_only_sourceless_results_shows_unknown_source(client, sourceless):
    data = get_json(client, q="Hanoi")

    assert [v["value"] for v in data["facets"]["source"]] == ["_unknown"]


# --- Feeds -------------------------------------------------------------------------------------


def test_an_undated_article_has_no_published_date_in_the_feed(client, undated):
    response = client.get(reverse("latest-feed"))
    root = ET.fromstring(response.content)

    entries = {e.find(f"{ATOM}title").text: e for e in root.iter(f"{ATOM}entry")}
    for article in Article.objects.all():
        entry = entries[article.title]
        published = entry.find(f"{ATOM}published")
        assert entry.find(f"{ATOM}updated") is not None  # Atom requires it
        if article.published is None:
            assert published is None, article.title
        else:
            assert published.text.startswith(article.published.isoformat()), article.title
