"""Every main page fits a 375 px phone and a desktop without sideways scrolling; screenshots of
them land in test-artifacts/screenshots/ for a person to look at."""

import pytest
from playwright.sync_api import Page

from archive.models import Article, Official
from tests.corpus import ARTICLES

VIEWPORTS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 900}}
# Real articles carry long links and compound words; a page must wrap them, not widen.
LONG_WORDS = {
    "long-words.txt": " date 2024-07-01 Public-private-partnership-infrastructure-cooperation "
    "roadmap agreed with Japan in Bac Ninh\n"
    "Bac Ninh (VNA) – Details are at https://investment.example.org/announcements/2024/07/"
    "public-private-partnership-infrastructure-cooperation-roadmap-bac-ninh-province-japan "
    "according to the provincial People's Committee./.\n",
}
# name -> path, or a function of the database giving it; True: keep a screenshot.
PAGES = {
    "home": ("/", True),
    "search": ("/search/?q=investors&country=japan", True),
    "article": (lambda: Article.objects.get(source_file__endswith="long-words.txt"), True),
    "locality": ("/localities/bac-ninh/", True),
    "country": ("/countries/japan/", False),
    "official": (lambda: Official.objects.order_by("name").first(), False),
    "countries": ("/countries/", False),
    "localities": ("/localities/", False),
    "officials": ("/officials/", False),
    "matrix": ("/matrix/", True),
}
SIDEWAYS_OVERFLOW = (
    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


@pytest.fixture
def corpus(import_snippets):
    return import_snippets({**ARTICLES, **LONG_WORDS})


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_no_main_page_scrolls_sideways(page: Page, corpus, screenshot, screen):
    page.set_viewport_size(VIEWPORTS[screen])
    overflow = {}
    for name, (where, keep_screenshot) in PAGES.items():
        page.goto(where if isinstance(where, str) else where().get_absolute_url())
        overflow[name] = page.evaluate(SIDEWAYS_OVERFLOW)
        if keep_screenshot:
            screenshot(f"{name}-{screen}")

    assert overflow == dict.fromkeys(PAGES, 0)
