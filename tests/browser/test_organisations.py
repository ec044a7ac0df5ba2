"""Organisations in the browser (issue 12): the search page's Organisation facet filters the
results and the address keeps the filter; an organisation's page lists its articles, its
timeline, the places, countries and officials named with it, and the money reported per year."""

import re

import pytest
from playwright.sync_api import Page, expect

from archive.extraction.rates import rates
from tests.browser.data import ORGANISATION_ARTICLES


@pytest.fixture
def organisations(import_snippets):
    return import_snippets(ORGANISATION_ARTICLES)


def facet(page: Page, title: str):
    return page.locator("section.facet").filter(has=page.get_by_role("heading", name=title))


def test_an_organisation_facet_value_filters_the_results_and_the_address_keeps_it(
    page: Page, organisations
):
    page.goto("/search/?q=said")
    results = page.locator("section.results")
    expect(results.get_by_role("link", name="Drainage loan signed for Hai Phong")).to_be_visible()
    expect(
        results.get_by_role("link", name="Samsung Electronics expands in Bac Ninh")
    ).to_be_visible()

    facet(page, "Organisation").get_by_role(
        "link", name=re.compile(r"^Samsung Electronics")
    ).click()

    expect(page).to_have_url(re.compile(r"[?&]organisation=samsung-electronics(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]q=said(&|$)"))
    expect(
        results.get_by_role("link", name="Samsung Electronics expands in Bac Ninh")
    ).to_be_visible()
    expect(results.get_by_role("link", name="Drainage loan signed for Hai Phong")).to_have_count(0)
    selected = facet(page, "Organisation").locator("a[aria-current=true]")
    expect(selected).to_contain_text("Samsung Electronics")

    page.reload()  # the filter lives in the address, not in the page's state
    expect(facet(page, "Organisation").locator("a[aria-current=true]")).to_contain_text(
        "Samsung Electronics"
    )
    expect(results.get_by_role("link", name="Drainage loan signed for Hai Phong")).to_have_count(0)


def test_the_organisation_page_shows_articles_timeline_related_entities_and_money(
    page: Page, organisations
):
    page.goto("/organisations/")
    page.get_by_role("link", name="Japan International Cooperation Agency").click()

    expect(
        page.get_by_role("heading", level=1, name="Japan International Cooperation Agency")
    ).to_be_visible()
    articles = page.locator("section[aria-labelledby=articles-heading]")
    expect(articles.locator("#articles-heading")).to_contain_text("Articles (2)")
    expect(articles.get_by_role("link", name="Drainage loan signed for Hai Phong")).to_be_visible()
    expect(articles.get_by_role("link", name="Grant for Da Nang flood warnings")).to_be_visible()
    timeline = page.locator("figure.timeline")
    expect(timeline.get_by_role("link", name="2019: 1 article")).to_be_visible()
    expect(timeline.get_by_role("link", name="2021: 1 article")).to_be_visible()
    places = page.locator("section").filter(
        has=page.get_by_role("heading", name="Provinces and places in these articles")
    )
    expect(places.get_by_role("link", name="Hai Phong", exact=True)).to_be_visible()
    expect(places.get_by_role("link", name="Da Nang", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Countries in these articles")).to_be_visible()
    expect(page.get_by_role("heading", name="Officials in these articles")).to_be_visible()

    money = page.locator("#money-totals")
    expect(money).to_contain_text("not official statistics")
    table = money.get_by_role("table")
    expect(table.locator("caption")).to_contain_text("approximate US dollars")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Year", "ODA loan", "ODA grant", "All figures", "Figures"]
    )
    loan_2019 = f"US${20e9 / float(rates()[('JPY', 2019)]) / 1e6:.3g} million"
    expect(table.get_by_role("row", name=re.compile(r"^2019"))).to_contain_text(loan_2019)
    expect(table.get_by_role("row", name=re.compile(r"^2021"))).to_contain_text("US$5 million")
