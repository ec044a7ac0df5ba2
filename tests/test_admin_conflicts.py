"""Editors never lose work silently: a save of a form opened before the article changed."""

import re

import pytest
from django.urls import reverse

from archive.ingest.backup import article_record
from archive.ingest.pipeline import import_paths
from archive.models import Article
from tests.test_admin import TEXT, change_form_data

pytestmark = pytest.mark.django_db

# The same file, re-published: another official quoted, a sentence added.
REIMPORTED = TEXT.replace(
    "Vice Chairman of the provincial People's Committee Tran Van Quan said.",
    "Chairman of the provincial People's Committee Le Ngoc Chau said.",
).replace("Quan said the province", "Chau said the province")
EDITED_TITLE = "Osaka delegation studies Hai Duong parks"


@pytest.fixture
def article(write_article):
    path = write_article("osaka.txt", TEXT)
    import_paths([path])
    article = Article.objects.get()
    assert [a.official.name for a in article.appearances.all()] == ["Tran Van Quan"]
    return article


def reimport(write_article, text: str) -> Article:
    import_paths([write_article("osaka.txt", text)])
    return Article.objects.get()


def change_url(article) -> str:
    return reverse("admin:archive_article_change", args=[article.pk])


def opened_form(admin_client, article, **overrides) -> dict:
    """What the editor's browser holds: the form as opened now, with their edits."""
    response = admin_client.get(change_url(article))
    version = response.context["adminform"].form["opened_version"].value()
    assert version
    return change_form_data(article, opened_version=version, **overrides)


def officials(article) -> list[tuple[str, str]]:
    return [(a.official.name, a.title) for a in article.appearances.all()]


def test_a_save_after_a_reimport_changed_the_officials_is_refused_with_what_changed(
    admin_client, article, write_article
):
    data = opened_form(admin_client, article, title=EDITED_TITLE)
    data["appearances-0-title"] = "Vice Chairman of Hai Duong"
    changed = reimport(write_article, REIMPORTED)
    assert [name for name, _ in officials(changed)] == ["Le Ngoc Chau"]
    before = article_record(changed)

    response = admin_client.post(change_url(article), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r"This article was changed by a re-import at \d\d:\d\d after you opened it: "
        r"[a-z ,]*officials[a-z ,]*\. Your edits are kept below; review them and save again\.",
        page,
    )
    assert f'value="{EDITED_TITLE}"' in page  # the editor's title is still in the form
    assert article_record(Article.objects.get()) == before  # nothing saved


def test_saving_the_kept_form_again_saves_the_edits(admin_client, article, write_article):
    data = opened_form(admin_client, article, title=EDITED_TITLE)
    reimport(write_article, REIMPORTED)
    refused = admin_client.post(change_url(article), data)
    kept = refused.context["adminform"].form.data

    response = admin_client.post(change_url(article), kept)

    assert response.status_code == 302
    saved = Article.objects.get()
    assert saved.title == EDITED_TITLE
    assert "title" in saved.corrected_fields
    assert [name for name, _ in officials(saved)] == [
        name for name, _ in officials(Article.objects.get())
    ]


def test_a_save_after_another_editor_saved_names_them(admin_client, article):
    mine = opened_form(admin_client, article, title=EDITED_TITLE)
    theirs = opened_form(admin_client, article, author="Thu Trang")
    assert admin_client.post(change_url(article), theirs).status_code == 302

    response = admin_client.post(change_url(article), mine)

    assert response.status_code == 200
    assert "This article was changed by another editor at" in response.content.decode()
    assert "after you opened it: author." in response.content.decode()
    assert Article.objects.get().title == article.title


def test_a_form_opened_on_the_current_article_saves(admin_client, article):
    response = admin_client.post(
        change_url(article), opened_form(admin_client, article, title=EDITED_TITLE)
    )

    assert response.status_code == 302
    assert Article.objects.get().title == EDITED_TITLE


def test_a_reimport_that_only_replaced_the_rows_does_not_stop_the_save(
    admin_client, article, write_article
):
    """The same officials and figures saved again under new ids: nothing the editor sees changed."""
    data = opened_form(admin_client, article, title=EDITED_TITLE)
    data["appearances-0-title"] = "Vice Chairman of Hai Duong"
    ids_before = list(article.appearances.values_list("pk", flat=True))
    changed = reimport(write_article, TEXT + "\n\n\n")  # other bytes, the same article
    assert changed.body == article.body
    assert list(changed.appearances.values_list("pk", flat=True)) != ids_before

    response = admin_client.post(change_url(article), data)

    assert response.status_code == 302
    saved = Article.objects.get()
    assert (saved.title, officials(saved)) == (
        EDITED_TITLE,
        [("Tran Van Quan", "Vice Chairman of Hai Duong")],
    )
