"""Entity mentions are found when entities are saved, and the article page links from them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from archive.ingest.mentions import (
    COUNTRY,
    LOCALITY,
    OFFICIAL,
    NamedEntity,
    first_mentions,
    named_entities,
    record_mentions,
)
from archive.ingest.pipeline import import_paths
from archive.models import Article, Country, Locality, Official
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db


def entity_links(client, article: Article) -> list[tuple[str, str]]:
    html = client.get(article.get_absolute_url()).content.decode()
    body = html.split('<div class="article-body">')[1].split("</div>")[0]
    return re.findall(r'<a class="entity[^"]*" href="([^"]+)"[^>]*>([^<]+)</a>', body)


def test_a_place_inside_a_persons_name_is_not_a_mention_of_the_place():
    text = "Vuong Dinh Hue met investors. Later, Vuong Dinh Hue flew to Hue."
    entities = [NamedEntity(LOCALITY, 1, ("Hue",)), NamedEntity(OFFICIAL, 2, ("Vuong Dinh Hue",))]

    spans = first_mentions(text, entities)

    assert [(kind, text[start:end], start) for kind, _, start, end in spans] == [
        (OFFICIAL, "Vuong Dinh Hue", 0),
        (LOCALITY, "Hue", text.rindex("Hue")),
    ]


def test_the_longest_name_at_a_place_wins_and_each_entity_is_linked_once():
    text = "South Korea and North Korea; South Korea again."
    entities = [
        NamedEntity(COUNTRY, 1, ("South Korea", "Korea")),
        NamedEntity(COUNTRY, 2, ("North Korea",)),
    ]

    spans = first_mentions(text, entities)

    # "Korea" inside "North Korea" is not a second mention of South Korea.
    assert [(pk, text[start:end], start) for _, pk, start, end in spans] == [
        (1, "South Korea", 0),
        (2, "North Korea", 16),
    ]


def test_an_imported_article_records_its_mentions_and_the_page_links_them(client, write_article):
    path = write_article(
        "hue.txt",
        "Chairman Vuong Dinh Hue receives Japanese investors\n\n"
        "Ha Noi (VNA) – National Assembly Chairman Vuong Dinh Hue received a delegation from "
        "Japan on Monday. The delegation later visited Thua Thien Hue province, where Japanese "
        "firms run two factories near Hue city.\n",
    )
    import_paths([path])
    article = Article.objects.get()

    links = entity_links(client, article)

    hue_person = Official.objects.get(name="Vuong Dinh Hue")
    assert (hue_person.get_absolute_url(), "Vuong Dinh Hue") in links
    # No link to a place sits inside the person's name.
    name_at = article.body.index("Vuong Dinh Hue")
    assert all(
        not (name_at <= start < name_at + len("Vuong Dinh Hue")) or kind == OFFICIAL
        for kind, _, start, _ in article.mention_spans
    )


def test_the_page_view_does_not_search_the_text_for_names(client, write_article, monkeypatch):
    path = write_article(
        "jp.txt",
        "Japan backs Bac Ninh plant\n\nBac Ninh (VNA) – Japan will finance a plant in Bac Ninh.\n",
    )
    import_paths([path])
    article = Article.objects.get()

    def no_search(*args, **kwargs):
        raise AssertionError("the page searched the text for names")

    monkeypatch.setattr("archive.ingest.mentions.first_mentions", no_search)
    links = entity_links(client, article)

    assert (Country.objects.get(code="JP").get_absolute_url(), "Japan") in links


def test_an_editors_entity_correction_updates_the_links(admin_client, client, write_article):
    path = write_article(
        "sg.txt",
        "Singapore firm expands in Binh Duong\n\n"
        "Binh Duong (VNA) – A Singaporean developer opened a park in Binh Duong, near Dong Nai.\n",
    )
    import_paths([path])
    article = Article.objects.get()
    binh_duong = Locality.objects.get(name="Binh Duong")
    dong_nai = Locality.objects.get(name="Dong Nai")
    assert binh_duong.get_absolute_url() in dict(entity_links(client, article))

    # The editor drops Binh Duong and keeps Dong Nai.
    response = admin_client.post(
        reverse("admin:archive_article_change", args=[article.pk]),
        change_form_data(article, localities=[dong_nai.pk]),
    )
    assert response.status_code == 302

    links = dict(entity_links(client, article))
    assert binh_duong.get_absolute_url() not in links
    assert links[dong_nai.get_absolute_url()] == "Dong Nai"


def test_recorded_spans_survive_an_entity_removed_outside_the_admin(client, write_article):
    path = write_article(
        "jp2.txt", "Japan backs Bac Ninh plant\n\nBac Ninh (VNA) – Japan will finance a plant.\n"
    )
    import_paths([path])
    article = Article.objects.get()
    article.countries.remove(Country.objects.get(code="JP"))

    links = dict(entity_links(client, article))

    assert Country.objects.get(code="JP").get_absolute_url() not in links  # nothing dangling
    record_mentions(article)
    assert Country.objects.get(code="JP").get_absolute_url() not in dict(
        entity_links(client, article)
    )


def test_spans_recorded_at_import_equal_those_of_the_saved_entities(corpus):
    # The import finds spans from the extraction without querying the entities back; the result
    # must be what the saved article's own entities give (an editor's save recomputes from those).
    for article in Article.objects.all():
        expected = first_mentions(article.body, named_entities(article))
        assert (article.source_file, article.mention_spans) == (article.source_file, expected)
