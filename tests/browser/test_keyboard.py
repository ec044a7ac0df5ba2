"""The search works from the keyboard alone: skip link, search box, facets, pager, visible focus."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.data import japan_articles

MAX_TAB_PRESSES = 250  # a results page has a few links per result; more means focus got lost


@pytest.fixture
def japan_corpus(import_snippets):
    return import_snippets(japan_articles())


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(MAX_TAB_PRESSES):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} was not reached with {MAX_TAB_PRESSES} Tab presses")


def outline_of(element: Locator) -> dict:
    return element.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"
    )


def test_search_facet_and_pager_work_by_keyboard_with_visible_focus(page: Page, japan_corpus):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.keyboard.press("Tab")
    search_box = page.get_by_label("Search the archive")
    expect(search_box).to_be_focused()
    page.keyboard.type("investment")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=investment$"))
    expect(page.locator("#summary")).to_have_text("25 articles matching “investment”")

    japan = page.locator(".facets").get_by_role("link", name="Japan 25 articles", exact=True)
    tab_to(page, japan)
    outline = outline_of(japan)
    assert outline["style"] != "none" and outline["width"] > 0, outline
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]country=japan(&|$)"))
    expect(page.locator(".facets li.selected .label")).to_have_text(["Japan"])
    expect(page.locator("#summary")).to_have_text("25 articles about Japan matching “investment”")

    next_page = page.get_by_role("navigation", name="Result pages").get_by_role("link", name="Next")
    tab_to(page, next_page)
    assert outline_of(next_page)["style"] != "none"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect(page.get_by_role("navigation", name="Result pages")).to_contain_text("Page 2 of 2")
