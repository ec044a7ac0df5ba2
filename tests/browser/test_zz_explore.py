import pytest
from tests.browser.data import import_articles, japan_articles

def test_explore(transactional_db, live_server, page, tmp_path):
    arts = import_articles(tmp_path / "a", japan_articles())
    a = arts[0]
    print(a.title, [c.name for c in a.countries.all()], [l.name for l in a.localities.all()], a.published)
    page.goto(live_server.url + "/search/?q=investment")
    print(page.locator(".facets").inner_text())
    print(page.locator("#summary").inner_text())
    print(page.locator(".pager").inner_text())
