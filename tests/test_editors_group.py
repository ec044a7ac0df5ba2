"""The "Editors" group the data migration creates, and what a member can and cannot do."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.fixture
def article(write_article):
    import_paths([write_article("a.txt", " date 2024-03-01 Japan plan\nJapan invests in Hanoi.")])
    return Article.objects.get()


def test_the_editors_group_has_exactly_the_editing_permissions():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )

    assert codenames == {
        "view_article",
        "change_article",
        "add_articleofficial",
        "change_articleofficial",
        "delete_articleofficial",
        "view_articleofficial",
        "add_country",
        "change_country",
        "view_country",
        "add_locality",
        "change_locality",
        "view_locality",
        "add_official",
        "change_official",
        "delete_official",
        "view_official",
        "view_moneyfigure",
        "add_organisation",
        "change_organisation",
        "delete_organisation",
        "view_organisation",
        "add_articleorganisation",
        "change_articleorganisation",
        "delete_articleorganisation",
        "view_articleorganisation",
    }


def test_an_editor_can_open_an_article_for_correction(editor_client, article):
    response = editor_client.get(reverse("admin:archive_article_change", args=[article.pk]))

    assert response.status_code == 200
    assert 'name="title"' in response.content.decode()


def test_an_editor_cannot_delete_an_article(editor_client, article):
    response = editor_client.get(reverse("admin:archive_article_delete", args=[article.pk]))

    assert response.status_code == 403


def test_an_editor_cannot_manage_users(editor_client):
    response = editor_client.get(reverse("admin:auth_user_changelist"))

    assert response.status_code == 403
