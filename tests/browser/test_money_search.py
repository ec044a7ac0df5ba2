"""Money as data in the search page (issue 12 part 2): a researcher narrows the results to
figures of a size and orders them by the largest figure."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.data import MONEY_ARTICLES

NGHE_AN = "Steel project approved in Nghe An"  # US$650 million
QUANG_TRI = "Wind farm capital raised in Quang Tri"  # US$210 million
THAI_BINH = "Textile maker registers FDI in Thai Binh"  # US$40 million
CAN_THO = "Can Tho hosts a rice trade fair"  # no figure


@pytest.fixture
def money_corpus(import_snippets):
    return import_snippets(MONEY_ARTICLES)


def titles(page: Page):
    return page.locator(".article-list .result-title")


def test_an_amount_filter_from_the_search_page_narrows_the_results(page: Page, money_corpus):
    page.goto("/search/")
    expect(titles(page)).to_have_count(4)

    page.get_by_label("From US$").fill("100000000")
    page.get_by_role("button", name="Filter by amount").click()

    expect(page).to_have_url(re.compile(r"[?&]usd_min=100000000(&|$)"))
    expect(page.locator("#summary")).to_contain_text(
        "2 articles with a figure of US$100,000,000 or more"
    )
    expect(titles(page)).to_have_text([QUANG_TRI, NGHE_AN])  # newest first
    expect(
        page.get_by_role("link", name=re.compile("Amount from US\\$100,000,000"))
    ).to_be_visible()
    expect(page.get_by_label("From US$")).to_have_value("100000000")

    # The words typed next search within the amount, which the box's form keeps.
    box = page.get_by_label("Search the archive")
    box.fill("capital")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]usd_min=100000000(&|$)"))
    expect(page.locator("#search-within")).to_contain_text("Searches within 1 filter.")
    expect(titles(page)).to_have_text([QUANG_TRI, NGHE_AN], ignore_case=False)


def test_largest_figure_order_and_the_measure_facet(page: Page, money_corpus):
    page.goto("/search/")

    page.locator("select[name=sort]").select_option("amount")
    page.get_by_role("button", name="Apply", exact=True).click()

    expect(page).to_have_url(re.compile(r"[?&]sort=amount(&|$)"))
    expect(titles(page)).to_have_text([NGHE_AN, QUANG_TRI, THAI_BINH, CAN_THO])
    expect(page.locator("select[name=sort]")).to_have_value("amount")

    measures = page.locator("section.facet", has=page.locator("#facet-measure"))
    measures.get_by_role("link", name=re.compile("FDI registered")).click()
    expect(page.locator("#summary")).to_contain_text("1 article with a figure (FDI registered)")
    expect(titles(page)).to_have_text([THAI_BINH])
