"""Refining a search keeps the work done (issue 10): a new query in the box searches within the
current filters and order, and Apply keeps a query edited in the box."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.data import japan_articles


@pytest.fixture
def japan_corpus(import_snippets):
    return import_snippets(japan_articles())


def test_a_new_query_searches_within_the_filters_and_keeps_the_order(page: Page, japan_corpus):
    page.goto("/search/?q=investment&country=south-korea&sort=oldest")
    expect(page.locator("#search-within")).to_contain_text("Searches within 1 filter.")

    box = page.get_by_label("Search the archive")
    box.fill("factory")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]q=factory(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]country=south-korea(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]sort=oldest(&|$)"))
    expect(page.locator("#summary")).to_contain_text("about South Korea matching “factory”")
    expect(page.locator("select[name=sort]")).to_have_value("oldest")

    page.get_by_role("link", name="Search all articles instead").click()
    expect(page).not_to_have_url(re.compile(r"country="))
    expect(page.locator("#summary")).to_contain_text("25 articles matching “factory”")
    expect(page.locator("#summary")).not_to_contain_text("about")


def test_apply_keeps_a_query_edited_in_the_box(page: Page, japan_corpus):
    page.goto("/search/?q=investment&country=japan")

    page.get_by_label("Search the archive").fill("factory")
    page.locator("select[name=sort]").select_option("newest")
    page.get_by_role("button", name="Apply").click()

    expect(page).to_have_url(re.compile(r"[?&]q=factory(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]sort=newest(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]country=japan(&|$)"))
    expect(page.get_by_label("Search the archive")).to_have_value("factory")
    expect(page.locator("#summary")).to_contain_text("about Japan matching “factory”")
