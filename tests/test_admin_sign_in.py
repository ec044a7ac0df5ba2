"""The admin sign-in page as an editor meets it: the archive's favicon, and a refused ?next=."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
FAVICON = '<link rel="icon" href="/static/archive/favicon.svg" type="image/svg+xml">'


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", PASSWORD)


def test_the_admin_sign_in_page_has_the_favicon(client):
    html = client.get(reverse("admin:login")).content.decode()

    assert FAVICON in html


def test_admin_pages_have_the_favicon(admin_client):
    for url in (reverse("admin:index"), reverse("admin:archive_article_changelist")):
        assert FAVICON in admin_client.get(url).content.decode(), url


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)"]
)
def test_a_refused_next_lands_on_the_admin_index(client, editor, next_url):
    response = client.post(
        reverse("admin:login") + "?next=" + next_url,
        {"username": "editor", "password": PASSWORD, "next": next_url},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


def test_an_allowed_next_is_still_followed(client, editor):
    target = reverse("admin:archive_article_changelist")
    response = client.post(
        reverse("admin:login"), {"username": "editor", "password": PASSWORD, "next": target}
    )

    assert response["Location"] == target
