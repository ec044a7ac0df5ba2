"""Provinces as provinces, in the browser: the province / foreign place split, the province map's
links, the matrix's headers while it scrolls, and the phone's "Filters" button."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.provinces_corpus import PLACES

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
MATRIX_PROVINCES = [
    "Bac Ninh", "Hai Phong", "Dong Nai", "Binh Duong", "Long An", "Thai Nguyen", "Quang Ninh",
    "Hung Yen", "Vinh Phuc", "Ha Nam", "Nam Dinh", "Thanh Hoa", "Nghe An", "Ha Tinh",
    "Quang Nam", "Quang Ngai", "Binh Dinh", "Khanh Hoa", "Lam Dong", "Tay Ninh", "Can Tho",
    "An Giang", "Kien Giang", "Ca Mau", "Da Nang", "Hue", "Lao Cai", "Lang Son",
]  # fmt: skip
MATRIX_COUNTRIES = [
    "Japan", "South Korea", "Singapore", "China", "Taiwan", "Thailand", "Germany", "France",
    "Australia", "India", "Malaysia", "Indonesia", "Canada", "Italy", "Netherlands",
]  # fmt: skip


def matrix_articles() -> dict[str, str]:
    """One invented article per province, each naming two partner countries: a table far wider
    and taller than the screen."""
    articles = {}
    for n, province in enumerate(MATRIX_PROVINCES):
        first = MATRIX_COUNTRIES[n % len(MATRIX_COUNTRIES)]
        second = MATRIX_COUNTRIES[(n + 5) % len(MATRIX_COUNTRIES)]
        articles[f"matrix-{n:02d}.txt"] = (
            f" date 2024-{1 + n % 12:02d}-{1 + n % 27:02d} Investors from {first} and {second} "
            f"visit {province}\n"
            f"{province} (VNA) – Delegations from {first} and {second} met leaders of "
            f"{province} about new industrial projects on Monday./.\n"
        )
    return articles


@pytest.fixture
def places(import_snippets):
    return import_snippets(PLACES)


def facet(page: Page, title: str):
    return page.locator("section.facet", has=page.get_by_role("heading", name=title, exact=True))


def test_provinces_and_foreign_places_are_separate_filters(page: Page, places):
    page.set_viewport_size(DESKTOP)
    page.goto("/search/")

    provinces = facet(page, "Province (Vietnam)")
    foreign = facet(page, "Foreign place")
    expect(provinces.get_by_role("link", name=re.compile(r"^Bac Giang \d"))).to_be_visible()
    expect(provinces.get_by_role("link", name=re.compile("Seoul"))).to_have_count(0)
    expect(page.get_by_role("heading", name="Province or place")).to_have_count(0)

    foreign.get_by_role("link", name=re.compile(r"^Seoul \(South Korea\)")).click()

    expect(page.locator("#summary")).to_contain_text("1 article in Seoul (South Korea)")
    expect(page).to_have_url(re.compile(r"[?&]foreign_place=seoul"))


def test_grouping_by_2025_provinces_counts_bac_giang_under_bac_ninh(page: Page, places):
    page.set_viewport_size(DESKTOP)
    page.goto("/search/")
    provinces = facet(page, "Province (Vietnam)")

    provinces.get_by_role("link", name="by today's 34 provinces").click()
    provinces = facet(page, "Province (Vietnam)")
    provinces.get_by_role("link", name=re.compile(r"^Bac Ninh \d")).click()

    expect(page).to_have_url(re.compile(r"provinces=2025"))
    expect(page.locator("#summary")).to_contain_text("3 articles in Bac Ninh")
    expect(page.get_by_role("link", name="Korean component makers from Gumi choose Bac Giang"))


def test_a_map_circle_opens_the_search_of_its_province(page: Page, places):
    page.set_viewport_size(DESKTOP)
    page.goto("/")

    circle = page.locator("#province-map svg").get_by_role("link", name="Bac Ninh: 2 articles")
    circle.click()

    expect(page).to_have_url(re.compile(r"/search/\?province=bac-ninh$"))
    expect(page.locator("#summary")).to_contain_text("2 articles in Bac Ninh")


def test_the_map_table_says_the_same_as_the_circles(page: Page, places):
    page.goto("/countries/south-korea/")
    page.locator("#province-map summary").click()

    rows = page.locator("#province-map table tbody tr")
    expect(rows).to_have_count(3)
    page.locator("#province-map table").get_by_role("link", name="Bac Giang").click()
    expect(page.locator("#summary")).to_contain_text("1 article about South Korea in Bac Giang")


def test_the_matrix_headers_stay_in_view_while_it_scrolls(page: Page, import_snippets):
    import_snippets(matrix_articles())
    page.set_viewport_size(DESKTOP)
    page.goto("/matrix/")
    box = page.locator(".matrix-scroll")
    first_country = page.locator(".matrix thead th").nth(1)
    first_province = page.locator(".matrix tbody th").first
    header_top = first_country.bounding_box()["y"]
    province_left = first_province.bounding_box()["x"]

    box.evaluate("el => { el.scrollTop = el.scrollHeight; el.scrollLeft = el.scrollWidth; }")
    page.wait_for_function(
        "() => document.querySelector('.matrix-scroll').scrollTop > 0"
        " && document.querySelector('.matrix-scroll').scrollLeft > 0"
    )

    assert abs(first_country.bounding_box()["y"] - header_top) < 1
    assert abs(first_province.bounding_box()["x"] - province_left) < 1
    # The rows are Vietnam's provinces, most articles first.
    assert first_province.inner_text().split()[0] in {p.split()[0] for p in MATRIX_PROVINCES}


def test_on_a_phone_the_filters_button_jumps_to_the_facets(page: Page, places):
    page.set_viewport_size(PHONE)
    page.goto("/search/?country=south-korea")
    facets = page.locator("#filters")
    expect(facets).not_to_be_in_viewport()

    page.get_by_role("link", name=re.compile(r"^Filters \(1\)")).click()

    expect(facets).to_be_in_viewport()
    expect(facet(page, "Province (Vietnam)")).to_be_in_viewport()


def test_the_filters_button_is_only_for_narrow_screens(page: Page, places):
    page.set_viewport_size(DESKTOP)
    page.goto("/search/")

    expect(page.get_by_role("link", name=re.compile(r"^Filters \("))).to_be_hidden()


def test_on_a_phone_timeline_labels_are_at_least_12_px(page: Page, places):
    page.set_viewport_size(PHONE)
    page.goto("/search/")
    labels = page.locator(".timeline-labels text")
    expect(labels.first).to_be_visible()

    sizes = labels.evaluate_all(
        "els => els.filter(e => e.getBoundingClientRect().width > 0)"
        ".map(e => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a)"
    )

    assert sizes and min(sizes) >= 12
