"""axe-core finds no serious or critical accessibility problem on the main pages."""

from pathlib import Path

import pytest
from playwright.sync_api import Page

from archive.models import Article
from tests.browser.data import ORGANISATION_ARTICLES
from tests.corpus import ARTICLES

BLOCKING_IMPACTS = {"serious", "critical"}

# Each page: a path, or a function giving the object whose page it is. No rule is skipped, the
# admin's login page included.
PAGES = {
    "home": "/",
    "search with results": "/search/?q=investors",
    "search without results": "/search/?q=zebrafish+semaphore",
    "locality": "/localities/bac-ninh/",
    "country": "/countries/japan/",
    "matrix": "/matrix/",
    "search by 2025 provinces": "/search/?provinces=2025&province=bac-ninh",
    "home by 2025 provinces": "/?provinces=2025",
    "article": lambda: Article.objects.get(source_file__endswith="jp-hanoi.txt"),
    # with the yearly money totals table (an ODA loan and an ODA grant)
    "organisation": "/organisations/japan-international-cooperation-agency/",
    "organisation index": "/organisations/",
    "article with converted figures": lambda: Article.objects.get(
        source_file__endswith="org-jica-haiphong.txt"
    ),
    "admin login": "/admin/login/",
}

RUN_AXE = """async () => {
  const result = await axe.run();
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


@pytest.fixture
def browser_context_args(browser_context_args):
    # The site's Content-Security-Policy forbids inline scripts, and add_script_tag injects one.
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def corpus(import_snippets):
    return import_snippets({**ARTICLES, **ORGANISATION_ARTICLES})


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violations(page: Page, corpus, axe_script: Path, name):
    where = PAGES[name]
    page.goto(where if isinstance(where, str) else where().get_absolute_url())
    page.add_script_tag(path=str(axe_script))

    violations = page.evaluate(RUN_AXE)

    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    for violation in blocking:
        print(f"{name}: {violation}")
    assert blocking == []
