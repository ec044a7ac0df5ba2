"""The editors' admin for organisations: list, search, merge (acronyms kept as aliases), and an
article's organisations corrected in the article form and kept through a re-import."""

from __future__ import annotations

import pytest
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Article, ArticleOrganisation, Organisation
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db

TEXT = (
    "JICA signs drainage loan with Hai Phong\n\n"
    "Hai Phong (VNA) – The Japan International Cooperation Agency (JICA) signed a loan for the "
    "city's drainage on Tuesday. Tan Phu Precision Co., Ltd will build the pumps.\n"
)


@pytest.fixture
def article(write_article):
    import_paths([write_article("jica.txt", TEXT)])
    return Article.objects.get()


def other_article(slug: str) -> Article:
    return Article.objects.create(
        title=slug,
        slug=slug,
        body="JICA lent again.",
        original_text="x",
        source_file=f"{slug}.txt",
        sha256=slug,
    )


def test_the_organisation_list_shows_kind_country_and_article_count(admin_client, article):
    response = admin_client.get(
        reverse("admin:archive_organisation_changelist"), {"kind__exact": "development"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Japan International Cooperation Agency" in content
    assert "Tan Phu Precision" not in content  # a company, filtered out
    assert 'class="field-article_count">1<' in content


def test_the_organisation_list_searches_short_names_and_aliases(admin_client, article):
    Organisation.objects.filter(short_name="JICA").update(aliases=["Jaika"])
    url = reverse("admin:archive_organisation_changelist")
    for term in ("JICA", "jaika"):
        content = admin_client.get(url, {"q": term}).content.decode()
        assert "Japan International Cooperation Agency" in content, term


def test_merging_organisations_keeps_one_and_makes_the_acronym_an_alias(admin_client, article):
    full = Organisation.objects.get(short_name="JICA")
    acronym = Organisation.objects.create(name="JICA", slug="jica-row", kind="other")
    other = other_article("again")
    ArticleOrganisation.objects.create(article=other, organisation=acronym)
    ArticleOrganisation.objects.create(article=other_article("both"), organisation=acronym)
    ArticleOrganisation.objects.create(article=Article.objects.get(slug="both"), organisation=full)

    response = admin_client.post(
        reverse("admin:archive_organisation_changelist"),
        {"action": "merge_selected", "_selected_action": [full.pk, acronym.pk]},
    )

    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=acronym.pk).exists()
    full.refresh_from_db()
    assert full.appearances.count() == 3  # one link in the article that named both
    assert "organisations" in Article.objects.get(slug="again").corrected_fields
    # "JICA" is already its short name: no alias repeats it; another spelling would be kept.
    assert full.aliases == []


def test_a_merged_organisations_other_names_become_aliases(admin_client, article):
    full = Organisation.objects.get(short_name="JICA")
    other = Organisation.objects.create(
        name="Japan Intl. Cooperation Agency",
        short_name="J.I.C.A.",
        slug="japan-intl",
        kind="other",
    )
    ArticleOrganisation.objects.create(article=other_article("again"), organisation=other)
    ArticleOrganisation.objects.create(article=other_article("more"), organisation=other)

    admin_client.post(
        reverse("admin:archive_organisation_changelist"),
        {"action": "merge_selected", "_selected_action": [full.pk, other.pk]},
    )

    kept = Organisation.objects.get(pk=other.pk)
    assert kept.name == "Japan Intl. Cooperation Agency"  # the one with most articles
    assert kept.kind == "development"  # taken from the other: "other" says nothing
    assert kept.country.code == "JP"
    assert {"Japan International Cooperation Agency", "JICA"} <= set(kept.aliases)


def test_removing_an_organisation_in_the_article_form_is_kept_through_reimport(
    admin_client, article, write_article
):
    company = article.organisation_links.get(organisation__kind="company")
    data = change_form_data(article)
    index = [link.pk for link in article.organisation_links.all()].index(company.pk)
    data[f"organisation_links-{index}-DELETE"] = "on"

    response = admin_client.post(reverse("admin:archive_article_change", args=[article.pk]), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert "organisations" in article.corrected_fields
    import_paths([write_article("jica.txt", TEXT + "\nIt was the second loan this year.\n")])
    names = [o.name for o in Article.objects.get().organisations.all()]
    assert "Japan International Cooperation Agency" in names
    assert not any("Tan Phu" in name for name in names)
