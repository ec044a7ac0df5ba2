"""Markup planted in article text, titles and names is shown as text and never runs."""

import pytest
from playwright.sync_api import Page, expect

from archive.models import ArticleOfficial, Official

SCRIPT = "<script>alert('xss')</script>"
IMAGE = "<img src=x onerror=\"alert('xss')\">"
PLANTED = {
    "planted.txt": f" date 2024-03-12 Investors {SCRIPT} visit Bac Ninh\n"
    f"Bac Ninh (VNA) – Japanese investors {SCRIPT} visited Bac Ninh province {IMAGE} on "
    "Tuesday to study new industrial parks./.\n",
}
OFFICIAL_NAME = f"Nguyen Van {SCRIPT}"


@pytest.fixture
def browser_context_args(browser_context_args):
    # Without the site's Content-Security-Policy, so a script would run if a template let it
    # through: the test proves the escaping itself (test_deploy covers the policy).
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def planted(import_snippets):
    (article,) = import_snippets(PLANTED)
    official = Official.objects.create(name=OFFICIAL_NAME, slug="nguyen-van-script")
    ArticleOfficial.objects.create(article=article, official=official, title=f"Minister {SCRIPT}")
    return article, official


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Every alert/confirm/prompt a page opens, with the URL it came from."""
    opened: list[str] = []

    def record(dialog) -> None:
        opened.append(f"{page.url}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def test_planted_markup_shows_as_text_and_never_runs(page: Page, planted, dialogs, editor, sign_in):
    article, official = planted

    page.goto("/")
    expect(page.locator(".article-list").first).to_contain_text(f"Investors {SCRIPT} visit")

    page.get_by_label("Search the archive").fill(SCRIPT)
    page.get_by_label("Search the archive").press("Enter")
    expect(page.locator("#summary")).to_contain_text(f"matching “{SCRIPT}”")
    expect(page.get_by_label("Search the archive")).to_have_value(SCRIPT)
    expect(page.locator(".result-title")).to_have_text([f"Investors {SCRIPT} visit Bac Ninh"])
    expect(page.locator(".snippet")).to_contain_text("xss")

    page.goto(article.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Investors {SCRIPT} visit Bac Ninh")
    expect(page.locator(".article-body")).to_contain_text(IMAGE)
    expect(page.locator(".entities")).to_contain_text(OFFICIAL_NAME)

    page.goto(official.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFICIAL_NAME)
    expect(page.locator("#roles-heading + .table-scroll")).to_contain_text(f"Minister {SCRIPT}")

    sign_in(editor)
    page.goto(f"/admin/archive/article/{article.pk}/change/")
    expect(page.get_by_label("Title")).to_have_value(f"Investors {SCRIPT} visit Bac Ninh")
    expect(page.locator("#appearances-group")).to_contain_text(OFFICIAL_NAME)

    assert dialogs == []
