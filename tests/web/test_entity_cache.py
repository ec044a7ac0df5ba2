"""Entity names each process remembers (archive/web/entity_cache.py): fewer queries, never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Country, EntityGeneration, Locality, Official
from archive.search import indexing
from archive.web.entity_cache import entity_cache
from tests.provinces_corpus import PLACES

pytestmark = pytest.mark.django_db


def facet_labels(client, facet: str, **params) -> list[str]:
    data = client.get(reverse("search-json"), params).json()
    return [value["label"] for value in data["facets"][facet]]


def test_an_official_renamed_in_the_admin_is_shown_by_the_next_search(admin_client, corpus):
    official = Official.objects.get(name="Nguyen Huong Giang")
    page = admin_client.get(reverse("search"), {"q": "Bac Ninh"}).content.decode()
    assert "Nguyen Huong Giang" in page  # the name is now remembered by this process

    change = reverse("admin:archive_official_change", args=[official.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["name"] = "Nguyễn Hương Giang"
    response = admin_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    page = admin_client.get(reverse("search"), {"q": "Bac Ninh"}).content.decode()
    facet = page[page.index('id="facet-official"') :]
    facet = facet[: facet.index("</section>")]
    assert "Nguyễn Hương Giang" in facet
    assert "Nguyen Huong Giang" not in facet  # (the article's own text still says it so)


def test_a_change_made_by_another_process_is_seen_by_the_next_request(client, corpus):
    """Another worker's rename: its signal ran there; here only the database's token moved."""
    official = Official.objects.get(name="Nguyen Huong Giang")
    assert "Nguyen Huong Giang" in facet_labels(client, "official")

    Official.objects.filter(pk=official.pk).update(name="Nguyen H. Giang")  # no signal here
    EntityGeneration.bump()  # what the other process's save did in its transaction

    assert "Nguyen H. Giang" in facet_labels(client, "official")


def test_a_renamed_country_renames_the_foreign_places_it_labels(client, write_article):
    for name, text in PLACES.items():
        path = write_article(name, text)
    import_paths([path.parent])
    indexing.rebuild()
    assert "Seoul (South Korea)" in facet_labels(client, "foreign_place")

    country = Country.objects.get(code="KR")
    country.name = "Korea, Republic of"
    country.save()

    assert "Seoul (Korea, Republic of)" in facet_labels(client, "foreign_place")


def test_a_deleted_official_is_no_longer_a_filter(client, corpus):
    official = Official.objects.get(name="Nguyen Huong Giang")
    slug = official.slug
    assert client.get(reverse("search-json"), {"official": slug}).json()["total"] == 1

    official.delete()

    data = client.get(reverse("search-json"), {"official": slug}).json()
    assert any("that filter was ignored" in note for note in data["notes"])


def test_the_entities_a_page_looked_up_are_not_asked_for_again(client, corpus):
    jp = Country.objects.get(code="JP").slug
    bac_ninh = Locality.objects.get(name="Bac Ninh").slug
    client.get(reverse("search"), {"country": jp, "province": bac_ninh})

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"country": jp, "province": bac_ninh})

    assert "1 article about Japan in Bac Ninh" in response.content.decode()
    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "archive_official" not in tables
    assert '"archive_country"."slug" IN' not in tables


def test_a_filtered_search_page_asks_five_questions_once_its_entities_are_known(
    client, corpus, django_assert_max_num_queries
):
    """The entity token, the page's articles, their countries, their places, the index outbox."""
    jp = Country.objects.get(code="JP").slug
    bac_ninh = Locality.objects.get(name="Bac Ninh").slug
    client.get(reverse("search"), {"country": jp, "province": bac_ninh})

    with django_assert_max_num_queries(5):
        response = client.get(reverse("search"), {"country": jp, "province": bac_ninh})

    assert "1 article about Japan in Bac Ninh" in response.content.decode()


def test_outside_a_request_every_lookup_reads_the_token(corpus):
    official = Official.objects.get(name="Nguyen Huong Giang")
    assert entity_cache.get(Official, [official.slug])[official.slug].name == "Nguyen Huong Giang"

    official.name = "Nguyen H. Giang"
    official.save()

    assert entity_cache.get(Official, [official.slug])[official.slug].name == "Nguyen H. Giang"


def test_an_alias_an_import_adds_to_a_known_organisation_is_not_hidden_by_the_cache(db):
    # The importer adds a new form of a known organisation's name with update(), which sends no
    # signal: it must renew the token itself, or pages would go on showing the old aliases.
    from archive.extraction.types import OrganisationMention
    from archive.ingest.entities import organisation_for, organisation_key
    from archive.models import Organisation

    name = "Mekong Harbour Holdings"
    known = Organisation.objects.create(
        name=name, slug=organisation_key(name), kind="company", aliases=["Mekong Harbour"]
    )
    assert entity_cache.get(Organisation, [known.slug])[known.slug].aliases == ["Mekong Harbour"]

    organisation_for(
        OrganisationMention(
            name=name, short_name=None, kind="company", country=None, aliases=("MHH Group",)
        )
    )

    cached = entity_cache.get(Organisation, [known.slug])[known.slug]
    assert cached.aliases == ["Mekong Harbour", "MHH Group"]
