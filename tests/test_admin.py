"""The editors' admin: staff only, edits saved and marked, officials merged."""

import pytest
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Article, ArticleOfficial, Official
from archive.search import get_backend
from archive.search.base import SearchQuery

pytestmark = pytest.mark.django_db

TEXT = """Osaka investors tour Hai Duong industrial zones
Hai Duong (VNA) – A delegation of Japanese investors from Osaka visited industrial zones in Hai Duong \
province on Thursday, Vice Chairman of the provincial People's Committee Tran Van Quan said.

Quan said the province hopes to attract 1 billion USD of Japanese capital./.
"""


@pytest.fixture
def article(write_article):
    import_paths([write_article("osaka.txt", TEXT)])
    return Article.objects.get()


def change_form_data(article, **overrides):
    """The article change form as an editor would submit it unchanged, plus overrides."""
    appearances = list(article.appearances.all())
    links = list(article.organisation_links.all())
    data = {
        "title": article.title,
        "published": article.published.isoformat() if article.published else "",
        "source": article.source,
        "publisher": article.publisher,
        "author": article.author,
        "countries": [c.pk for c in article.countries.all()],
        "localities": [loc.pk for loc in article.localities.all()],
        "body": article.body,
        "appearances-TOTAL_FORMS": str(len(appearances)),
        "appearances-INITIAL_FORMS": str(len(appearances)),
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
        "organisation_links-TOTAL_FORMS": str(len(links)),
        "organisation_links-INITIAL_FORMS": str(len(links)),
        "organisation_links-MIN_NUM_FORMS": "0",
        "organisation_links-MAX_NUM_FORMS": "1000",
        "money_figures-TOTAL_FORMS": str(article.money_figures.count()),
        "money_figures-INITIAL_FORMS": str(article.money_figures.count()),
        "money_figures-MIN_NUM_FORMS": "0",
        "money_figures-MAX_NUM_FORMS": "1000",
    }
    for i, appearance in enumerate(appearances):
        data[f"appearances-{i}-id"] = appearance.pk
        data[f"appearances-{i}-article"] = article.pk
        data[f"appearances-{i}-official"] = appearance.official_id
        data[f"appearances-{i}-title"] = appearance.title
    for i, link in enumerate(links):
        data[f"organisation_links-{i}-id"] = link.pk
        data[f"organisation_links-{i}-article"] = article.pk
        data[f"organisation_links-{i}-organisation"] = link.organisation_id
    for i, figure in enumerate(article.money_figures.all()):
        data[f"money_figures-{i}-id"] = figure.pk
        data[f"money_figures-{i}-article"] = article.pk
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_official_changelist"),
    ],
)
def test_the_admin_requires_a_staff_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_the_article_list_shows_title_date_source_and_countries(admin_client, article):
    response = admin_client.get(reverse("admin:archive_article_changelist"))

    content = response.content.decode()
    assert response.status_code == 200
    assert article.title in content
    assert "Japan" in content


def test_the_change_page_shows_the_original_text_read_only(admin_client, article):
    response = admin_client.get(reverse("admin:archive_article_change", args=[article.pk]))

    content = response.content.decode()
    assert 'name="original_text"' not in content
    assert "A delegation of Japanese investors from Osaka" in content


def test_an_editors_title_change_is_saved_marked_and_searchable(
    admin_client, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:archive_article_change", args=[article.pk]),
            change_form_data(article, title="Osaka delegation studies Hai Duong parks"),
        )

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Osaka delegation studies Hai Duong parks"
    assert article.corrected_fields == ["title"]
    assert article.corrected_at is not None
    hits = get_backend().search(SearchQuery(text="delegation studies")).hits
    assert [h.id for h in hits] == [article.pk]


def test_a_corrected_official_title_is_kept_by_reimport(admin_client, article, write_article):
    appearance = article.appearances.get()
    data = change_form_data(article)
    data["appearances-0-title"] = "Vice Chairman of the Hai Duong People's Committee"
    admin_client.post(reverse("admin:archive_article_change", args=[article.pk]), data)

    import_paths([write_article("osaka.txt", TEXT + "\nMore cooperation is expected.\n")])

    appearance = ArticleOfficial.objects.get(article=article)
    assert appearance.title == "Vice Chairman of the Hai Duong People's Committee"
    assert Article.objects.get().corrected_fields == ["officials"]


def test_merging_officials_repoints_their_appearances(admin_client, article):
    duplicate = Official.objects.create(name="Trần Văn Quân", slug="tran-van-quan-2")
    kept = article.appearances.get().official
    other = Article.objects.create(
        title="Another",
        slug="another",
        body="x",
        original_text="x",
        source_file="x.txt",
        sha256="0",
    )
    ArticleOfficial.objects.create(article=other, official=duplicate, title="Vice Chairman")

    response = admin_client.post(
        reverse("admin:archive_official_changelist"),
        {"action": "merge_selected", "_selected_action": [kept.pk, duplicate.pk]},
    )

    assert response.status_code == 302
    assert list(Official.objects.all()) == [kept]
    assert sorted(a.article_id for a in kept.appearances.all()) == sorted([article.pk, other.pk])


def test_a_nul_byte_in_an_admin_filter_is_a_clear_400(admin_client):
    response = admin_client.get(reverse("admin:archive_article_changelist"), {"source": "V\x00NA"})

    assert response.status_code == 400
    assert "The archive could not understand this request." in response.content.decode()


# --- Where the title came from, and the original page -------------------------------------------


@pytest.fixture
def made_up_title(article):
    Article.objects.filter(pk=article.pk).update(
        title_origin=Article.TitleOrigin.LEDE,
        url="https://baoquocte.vn/osaka-investors-123.html",
        publisher="Bao Quoc Te",
        author="Minh Anh",
        crawled="2024-05-06T07:08:09Z",
    )
    article.refresh_from_db()
    return article


def test_the_change_form_shows_title_origin_url_and_crawl_date_read_only(
    admin_client, made_up_title
):
    response = admin_client.get(reverse("admin:archive_article_change", args=[made_up_title.pk]))

    content = response.content.decode()
    assert "the lede (no headline found)" in content
    assert 'name="title_origin"' not in content
    assert "https://baoquocte.vn/osaka-investors-123.html" in content
    assert 'name="url"' not in content
    assert 'name="crawled' not in content
    assert "6 May 2024" in content or "May 6, 2024" in content
    assert 'name="publisher" value="Bao Quoc Te"' in content
    assert 'name="author" value="Minh Anh"' in content


def test_the_article_list_shows_and_filters_by_title_origin(
    admin_client, made_up_title, write_article
):
    import_paths(
        [write_article("other.txt", TEXT.replace("Osaka investors tour", "Kobe firms visit"))]
    )
    url = reverse("admin:archive_article_changelist")

    listing = admin_client.get(url).content.decode()
    assert "the lede (no headline found)" in listing
    assert "title_origin__exact=lede" in listing.replace("&amp;", "&")

    filtered = admin_client.get(url, {"title_origin__exact": "lede"}).content.decode()
    assert made_up_title.title in filtered
    assert "Kobe firms visit" not in filtered


def test_an_editors_title_makes_the_title_origin_editor(admin_client, made_up_title):
    admin_client.post(
        reverse("admin:archive_article_change", args=[made_up_title.pk]),
        change_form_data(made_up_title, title="Osaka investors tour Hai Duong"),
    )

    made_up_title.refresh_from_db()
    assert made_up_title.title_origin == Article.TitleOrigin.EDITOR
    assert made_up_title.corrected_fields == ["title"]


def test_saving_without_changing_the_title_keeps_its_origin(admin_client, made_up_title):
    admin_client.post(
        reverse("admin:archive_article_change", args=[made_up_title.pk]),
        change_form_data(made_up_title, author="Minh Anh, Hoang Nam"),
    )

    made_up_title.refresh_from_db()
    assert made_up_title.title_origin == Article.TitleOrigin.LEDE
    assert made_up_title.author == "Minh Anh, Hoang Nam"
    assert made_up_title.corrected_fields == ["author"]
    assert made_up_title.url == "https://baoquocte.vn/osaka-investors-123.html"
