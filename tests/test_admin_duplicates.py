"""The officials' "Possible duplicates" admin page and its one-click merge (issue 10, part 4)."""

import re

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Article, ArticleOfficial, Country, Official
from archive.search import get_backend, indexing
from archive.search.base import SearchQuery

pytestmark = pytest.mark.django_db

DUPLICATES = reverse("admin:archive_official_duplicates")

# Invented for these tests. The second article names the investor by family name only, so the
# importer makes a one-word official of him.
FULL = """Hanbit Electronics opens a Bac Ninh line
Bac Ninh (VNA) – Kang Tae-won, chief executive of Hanbit Electronics, opened a camera module line \
in Bac Ninh province on Monday.
"""
SHORT = """Hanbit hires 500 more in Bac Ninh
Bac Ninh (VNA) – Mr. Kang said the camera module line in Bac Ninh would hire 500 more workers.
"""


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def viewer_client(client):
    """Staff who may look at officials but not change them."""
    user = User.objects.create_user("viewer", password="a long viewer password", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_official"))
    client.force_login(user)
    return client


def make_article(name: str) -> Article:
    return Article.objects.create(
        title=name, slug=name, body="x", original_text="x", source_file=f"{name}.txt", sha256=name
    )


@pytest.fixture
def kang(write_article):
    """'Kang Tae-won' and 'Kang', rows of one person; an older article named both as two."""
    import_paths([write_article("full.txt", FULL), write_article("short.txt", SHORT)])
    full = Official.objects.get(name="Kang Tae-won")
    short = Official.objects.get(name="Kang")
    both = make_article("both")
    ArticleOfficial.objects.create(article=both, official=full, title="chief executive")
    ArticleOfficial.objects.create(article=both, official=short)
    indexing.rebuild()
    return full, short


@pytest.fixture
def spellings():
    vietnam = Country.objects.create(code="VN", name="Viet Nam", slug="viet-nam")
    laos = Country.objects.create(code="LA", name="Lao People's Democratic Republic", slug="laos")

    def official(name, slug, country, title):
        person = Official.objects.create(name=name, slug=slug, country=country)
        ArticleOfficial.objects.create(article=make_article(slug), official=person, title=title)
        return person

    return {
        "thanh": official(
            "Nguyen Van Thanh", "nvthanh", vietnam, "Chairman of the Nam Dinh People's Committee"
        ),
        "tanh": official("Nguyen Van Tanh", "nvtanh", vietnam, "Chairman of Nam Dinh province"),
        # One letter apart too, but no role in common: two people.
        "hai": official("Pham Minh Hai", "pmhai", vietnam, "Director of a seafood exporter"),
        "hoi": official("Pham Minh Hoi", "pmhoi", vietnam, "Ambassador to Chile"),
        # One letter apart with a role in common, but from another country.
        "son": official(
            "Bounthong Sone", "bsone", laos, "Chairman of the Nam Dinh People's Committee"
        ),
        "comrade": official("Comrade Vu Duc Long", "cvdl", vietnam, ""),
        "long": official("Vũ Đức Long", "vdl", vietnam, "Secretary of the Party Committee"),
    }


def pairs_on_page(html: str) -> list[tuple[str, str]]:
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", html, flags=re.S)
    strip = lambda cell: re.sub(r"<[^>]+>", "", cell).split(" (")[0].split(",")[0].strip()  # noqa: E731
    return [(strip(a), strip(b)) for a, b in rows]


def test_a_short_name_beside_the_full_name_in_one_article_is_listed(editor_client, kang):
    response = editor_client.get(DUPLICATES)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Possible duplicates</h1>" in html
    assert pairs_on_page(html) == [("Kang Tae-won", "Kang")]
    assert "“Kang” is named beside “Kang Tae-won” in 1 article" in html


def test_spellings_one_letter_apart_with_country_and_role_in_common_are_listed(
    editor_client, spellings
):
    html = editor_client.get(DUPLICATES).content.decode()

    listed = {frozenset(pair) for pair in pairs_on_page(html)}
    assert frozenset({"Nguyen Van Thanh", "Nguyen Van Tanh"}) in listed
    assert frozenset({"Vũ Đức Long", "Comrade Vu Duc Long"}) in listed
    names = {name for pair in listed for name in pair}
    assert not {"Pham Minh Hai", "Pham Minh Hoi", "Bounthong Sone"} & names


def test_the_changelist_links_to_the_page_for_editors(editor_client):
    html = editor_client.get(reverse("admin:archive_official_changelist")).content.decode()

    assert f'<a href="{DUPLICATES}">Possible duplicates</a>' in html


def test_staff_who_cannot_change_officials_get_no_link_and_a_403(viewer_client, kang):
    changelist = viewer_client.get(reverse("admin:archive_official_changelist"))
    assert changelist.status_code == 200
    assert "Possible duplicates" not in changelist.content.decode()

    assert viewer_client.get(DUPLICATES).status_code == 403
    full, short = kang
    response = viewer_client.post(DUPLICATES, {"keep": full.pk, "other": short.pk})
    assert response.status_code == 403
    assert Official.objects.filter(pk=short.pk).exists()


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(DUPLICATES)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_one_click_merges_into_the_full_name_and_updates_the_search(
    editor_client, kang, django_capture_on_commit_callbacks
):
    full, short = kang
    short_article = Article.objects.get(source_file="short.txt")

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(DUPLICATES, {"keep": full.pk, "other": short.pk})

    assert response.status_code == 302
    assert response["Location"] == DUPLICATES
    assert not Official.objects.filter(pk=short.pk).exists()
    articles = set(
        ArticleOfficial.objects.filter(official=full).values_list("article__slug", flat=True)
    )
    assert articles == {
        "both",
        Article.objects.get(source_file="full.txt").slug,
        short_article.slug,
    }
    short_article.refresh_from_db()
    assert "officials" in short_article.corrected_fields  # a re-import keeps the merge
    hits = get_backend().search(SearchQuery(filters={"official": (full.slug,)})).hits
    assert short_article.pk in {hit.id for hit in hits}

    page = editor_client.get(DUPLICATES).content.decode()
    assert "Merged Kang into Kang Tae-won" in page
    assert pairs_on_page(page) == []


def test_a_superuser_can_merge_the_other_way_round(admin_client, spellings):
    thanh, tanh = spellings["thanh"], spellings["tanh"]

    response = admin_client.post(DUPLICATES, {"keep": tanh.pk, "other": thanh.pk})

    assert response.status_code == 302
    assert not Official.objects.filter(pk=thanh.pk).exists()
    titles = set(ArticleOfficial.objects.filter(official=tanh).values_list("title", flat=True))
    assert titles == {
        "Chairman of the Nam Dinh People's Committee",
        "Chairman of Nam Dinh province",
    }


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"keep": "x", "other": "1"},
        {"keep": "999999", "other": "999998"},
        {"keep": "1", "other": "1"},
    ],
    ids=["nothing", "not a number", "gone", "the same official"],
)
def test_a_bad_or_stale_merge_is_a_message_not_an_error(editor_client, kang, data):
    response = editor_client.post(DUPLICATES, data, follow=True)

    assert response.status_code == 200
    assert Official.objects.count() == 2
    html = response.content.decode()
    assert "Choose a pair of officials to merge." in html or "no longer exists" in html


def test_the_admin_lists_officials_by_name_with_diacritics_folded(editor_client):
    for name, slug in [
        ("Nguyen Xuan Phuc", "a"),
        ("Nguyễn Văn Bình", "b"),
        ("Nguyen Van Anh", "c"),
        ("Đỗ Văn Chiến", "d"),
    ]:
        Official.objects.create(name=name, slug=slug)
    expected = ["Đỗ Văn Chiến", "Nguyen Van Anh", "Nguyễn Văn Bình", "Nguyen Xuan Phuc"]

    for params in ({}, {"o": "1"}):  # the default order, and a click on the "name" column
        html = editor_client.get(reverse("admin:archive_official_changelist"), params)
        names = re.findall(
            r'<th class="field-sorted_name"><a href="[^"]+">([^<]+)</a>', html.content.decode()
        )
        assert names == expected, params
