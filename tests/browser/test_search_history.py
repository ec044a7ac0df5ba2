"""A search's state lives in its URL: facets, pages and the back button all restore it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.data import japan_articles


@pytest.fixture
def japan_corpus(import_snippets):
    return import_snippets(japan_articles())


def expect_search(page: Page, *, query: str, summary: str, selected: list[str], pager: str):
    """What a person sees of the search: the box, the sentence, the ticked facets, the page."""
    expect(page.get_by_label("Search the archive")).to_have_value(query)
    expect(page.locator("#summary")).to_have_text(summary)
    expect(page.locator(".facets li.selected .label")).to_have_text(selected)
    expect(page.get_by_role("navigation", name="Result pages")).to_contain_text(pager)


def test_facet_page_and_back_button_restore_the_search_from_the_url(page: Page, japan_corpus):
    page.goto("/search/?q=investment")
    everything = {"query": "investment", "summary": "25 articles matching “investment”"}
    expect_search(page, **everything, selected=[], pager="Page 1 of 2")

    page.locator(".facets").get_by_role("link", name="Japan 25 articles", exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]country=japan(&|$)"))
    japan = {"query": "investment", "summary": "25 articles about Japan matching “investment”"}
    expect_search(page, **japan, selected=["Japan"], pager="Page 1 of 2")

    page.get_by_role("link", name="Next →").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2(&|$)"))
    expect_search(page, **japan, selected=["Japan"], pager="Page 2 of 2")
    expect(page.locator(".results .article-item")).to_have_count(5)

    same_url_elsewhere = page.context.new_page()
    same_url_elsewhere.goto(page.url)
    expect_search(same_url_elsewhere, **japan, selected=["Japan"], pager="Page 2 of 2")
    same_url_elsewhere.close()

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"page=2"))
    expect(page).to_have_url(re.compile(r"[?&]country=japan(&|$)"))
    expect_search(page, **japan, selected=["Japan"], pager="Page 1 of 2")

    page.go_back()
    expect(page).to_have_url(re.compile(r"/search/\?q=investment$"))
    expect_search(page, **everything, selected=[], pager="Page 1 of 2")
