"""Stories on the pages: one search result per story with its versions; the article's versions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Article
from archive.search import indexing
from tests.ingest.stories_pairs import TEXTS

pytestmark = pytest.mark.django_db

# (file, story text, date, headline); b and c are other outlets' versions of a.
FILES = (
    ("a.txt", "kr_plant", "2024-03-12", "Daesan expands camera module plant"),
    ("b.txt", "kr_plant_vns", "2024-03-13", "Korean firm adds <b>450m</b> to Bac Ninh plant"),
    ("c.txt", "kr_plant_short", "2024-03-14", "Daesan to expand in Que Vo"),
    ("d.txt", "kr_plant_other", "2024-03-15", "Hanul Precision builds circuit board factory"),
    ("e.txt", "jp_tour", "2024-03-10", "Japanese firms tour Hai Phong parks"),
)


@pytest.fixture
def stories_corpus(write_article):
    for name, key, day, headline in FILES:
        path = write_article(name, f" date {day} {headline}\n{TEXTS[key]}")
    import_paths([path.parent])
    indexing.rebuild()
    return {a.source_file: a for a in Article.objects.all()}


def get_json(client, **params):
    response = client.get(reverse("search-json"), params)
    assert response.status_code == 200
    return response.json()


def test_the_json_lists_one_result_per_story_with_its_versions(client, stories_corpus):
    data = get_json(client)

    # `total` still counts matching articles; `stories` counts the entries.
    assert (data["total"], data["stories"], data["one_per_story"]) == (5, 3, True)
    assert len(data["results"]) == 3
    by_file = {r["source_file"]: r for r in data["results"]}
    assert set(by_file) == {"c.txt", "d.txt", "e.txt"}  # the newest version of the story
    story = by_file["c.txt"]
    assert story["story"] == stories_corpus["a.txt"].pk
    assert (story["versions"], story["versions_matched"]) == (3, 3)
    assert [v["title"] for v in story["other_versions"]] == [
        "Daesan expands camera module plant",
        "Korean firm adds <b>450m</b> to Bac Ninh plant",
    ]
    assert story["other_versions"][0]["published"] == "2024-03-12"
    assert story["other_versions"][0]["url"].endswith(stories_corpus["a.txt"].get_absolute_url())
    alone = by_file["d.txt"]
    assert (alone["story"], alone["versions"], alone["other_versions"]) == (
        stories_corpus["d.txt"].pk,
        1,
        [],
    )


def test_versions_all_lists_every_version(client, stories_corpus):
    data = get_json(client, versions="all")

    assert (data["total"], data["stories"], data["one_per_story"]) == (5, 5, False)
    assert {r["versions_matched"] for r in data["results"]} == {1}


def test_a_bad_versions_value_is_noted_and_ignored(client, stories_corpus):
    data = get_json(client, versions="some")

    assert (data["stories"], data["one_per_story"]) == (3, True)
    assert any(note.startswith("Versions:") for note in data["notes"])


def test_pages_count_stories_and_articles(client, stories_corpus):
    data = get_json(client, q="Daesan")

    assert (data["stories"], data["total"]) == (1, 3)
    page = client.get(reverse("search"), {"q": "Daesan"}).content.decode()
    assert "1 story from 3 articles" in page
    assert "3 versions" in page
    assert "versions=all" in page


def test_the_search_page_links_each_other_version_escaped(client, stories_corpus):
    page = client.get(reverse("search")).content.decode()

    assert "3 stories from 5 articles" in page
    assert stories_corpus["a.txt"].get_absolute_url() in page
    assert "Korean firm adds &lt;b&gt;450m&lt;/b&gt; to Bac Ninh plant" in page
    assert "<b>450m</b>" not in page


def test_the_article_page_says_who_else_published_the_story(client, stories_corpus):
    page = client.get(stories_corpus["b.txt"].get_absolute_url()).content.decode()

    section = page.split("Also published by")[1].split("</section>")[0]
    assert stories_corpus["a.txt"].get_absolute_url() in section
    assert stories_corpus["c.txt"].get_absolute_url() in section
    assert stories_corpus["d.txt"].get_absolute_url() not in section


def test_an_article_without_other_versions_has_no_such_section(client, stories_corpus):
    page = client.get(stories_corpus["e.txt"].get_absolute_url()).content.decode()

    assert "Also published by" not in page


def test_downloads_keep_every_version(client, stories_corpus):
    response = client.get(reverse("search-export", args=["jsonl"]))
    lines = b"".join(response.streaming_content).decode().splitlines()

    assert len(lines) == 5
