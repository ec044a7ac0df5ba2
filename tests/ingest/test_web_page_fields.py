"""A saved page's date, byline, site name and text as page layouts print them (web.read_page).

Pages written for these tests; each shows one layout real sites use.
"""

from __future__ import annotations

from datetime import date

from archive.ingest.web import read_page

STORY = (
    "<p>Singaporean investors are studying a logistics hub in the port city, the municipal "
    "People's Committee said on Monday.</p>"
    "<p>The hub would serve the region's industrial parks and its deep-water port, officials "
    "said, adding that work could start next year.</p>"
)


def _page(head: str, body: str) -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    )


def test_the_sites_clock_in_the_header_is_not_the_publication_date() -> None:
    html = _page(
        "<title>Singapore fund eyes logistics hub</title>",
        "<div class='date-today'>Saturday, 22/07/2023</div>"
        "<article><h1>Singapore fund eyes logistics hub</h1>"
        f"<div class='article__time'>Friday, 14:20, 21/07/2023</div>{STORY}</article>",
    )
    assert read_page(html).extraction.published.value == date(2023, 7, 21)


def test_a_portal_laid_out_in_a_table_keeps_its_article_text() -> None:
    html = _page(
        "<title>Provincial portal</title>",
        "<table class='layout' width='100%'><tr><td class='left-col' valign='top' width='200'>"
        "<div class='box-menu'><div class='box-title'>SECTIONS</div><ul><li><a href='/a'>"
        "Politics</a></li><li><a href='/b'>Economy</a></li></ul></div>"
        "<div class='counter'>Visits: 12.458.903</div></td><td class='main-col' valign='top'>"
        "<div class='path'>Home &gt;&gt; News &gt;&gt; Economy</div><div class='news-detail'>"
        "<h1 class='news-title'>Singapore fund eyes logistics hub</h1>"
        "<div class='news-date'>Posted: 03/03/2023 | Views: 1.204</div>"
        f"<div class='news-content'>{STORY}</div></div></td></tr></table>",
    )
    body = read_page(html).extraction.body
    assert "Singaporean investors are studying" in body
    assert "deep-water port" in body
    assert "Visits" not in body and "Politics" not in body
    assert not body.startswith("Singapore fund eyes") and "Published: " not in body


def test_the_printed_byline_is_the_author_and_the_site_name_never_is() -> None:
    html = _page(
        "<title>Singapore fund eyes logistics hub - Daily Port News</title>"
        "<meta property='og:site_name' content='Daily Port News'>"
        "<meta name='author' content='Daily Port News'>",
        "<article><h1>Singapore fund eyes logistics hub</h1>"
        f"{STORY}<div class='detail-author'>Hoang An / Daily Port News</div></article>",
    )
    assert read_page(html).author == "Hoang An"


def test_a_labelled_byline_without_markup_is_the_author() -> None:
    html = _page(
        "<title>Singapore fund eyes logistics hub</title>",
        "<article><h1>Singapore fund eyes logistics hub</h1>"
        "<div class='info'><p>PUBLISHED : 9 Aug 2023</p><p>WRITER: Somsak Chaiyaporn</p></div>"
        f"{STORY}</article>",
    )
    assert read_page(html).author == "Somsak Chaiyaporn"


def test_the_site_name_comes_from_the_title_when_the_page_has_no_site_name() -> None:
    html = _page(
        "<title>Press Releases｜Harbour Prefecture</title>",
        f"<article><h1>Singapore fund eyes logistics hub</h1>{STORY}</article>",
    )
    assert read_page(html).publisher == "Harbour Prefecture"


def test_a_breadcrumb_ending_in_the_headline_and_a_related_box_stay_out_of_the_body() -> None:
    html = _page(
        "<title>Singapore fund eyes logistics hub</title>",
        "<div class='main'><p class='crumbs'>Home &gt; Press Releases &gt; Singapore fund eyes "
        "logistics hub</p><h1>Singapore fund eyes logistics hub</h1>"
        f"{STORY}<div class='other'><p>OTHER NEWS</p><ul><li>Port city opens new ferry "
        "terminal</li><li>Industrial park adds solar roofs</li></ul></div></div>",
    )
    body = read_page(html).extraction.body
    assert body.startswith("Singaporean investors")
    assert "Press Releases" not in body and "OTHER NEWS" not in body


def test_a_commenters_name_is_never_the_author() -> None:
    html = _page(
        "<title>Singapore fund eyes logistics hub</title>",
        f"<article><h1>Singapore fund eyes logistics hub</h1>{STORY}</article>"
        "<section class='comments'><div class='comment-author'>Peter Walsh</div>"
        "<p>Good news for the port, I hope the roads get fixed too.</p></section>",
    )
    assert read_page(html).author == ""
