"""The article page as a citable record: who, what, when, where from, and a ready citation."""

import re
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from archive.models import Article, Country
from archive.web.citation import citable_record, safe_link

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def record_of(html: str) -> str:
    return html.split('id="record-heading"')[1].split("</section>")[0]


@pytest.fixture
def web_article(corpus):
    article = Article.objects.get(source_file="sg-binhduong.txt")
    article.url = "https://www.vietnamplus.vn/singapore-park-binh-duong-post1.vnp"
    article.publisher = "VietnamPlus"
    article.author = "Tran Thi Lan"
    article.crawled = datetime(2022, 9, 9, 4, 30, tzinfo=UTC)
    article.published_origin = "page date"
    article.save()
    return article


def test_the_record_shows_publisher_author_date_and_where_the_date_came_from(client, web_article):
    text = text_of(record_of(page(client, web_article.get_absolute_url())))

    assert "Publisher VietnamPlus" in text
    assert "Source / agency VNA" in text
    assert "Author Tran Thi Lan" in text
    assert "Published 8 September 2022 (date from the page date)" in text
    assert "Crawled 9 September 2022" in text


def test_the_original_url_is_a_link_that_passes_nothing_to_the_site(client, web_article):
    html = record_of(page(client, web_article.get_absolute_url()))

    assert (
        '<a class="original-url" href="https://www.vietnamplus.vn/singapore-park-binh-duong-post1'
        '.vnp" rel="noopener noreferrer nofollow">'
    ) in html


def test_the_permalink_and_the_date_accessed_are_given(client, web_article):
    html = record_of(page(client, web_article.get_absolute_url()))

    permalink = "http://testserver" + web_article.get_absolute_url()
    assert f'<a class="permalink" href="{permalink}">' in html
    today = timezone.localdate()
    assert f'accessed <time datetime="{today:%Y-%m-%d}">' in html


def test_a_ready_citation_names_author_title_publisher_date_and_both_urls(client, web_article):
    html = page(client, web_article.get_absolute_url())

    permalink = "http://testserver" + web_article.get_absolute_url()
    today = timezone.localdate()
    chicago = (
        "Tran Thi Lan. “Singaporean developer opens new park in Binh Duong.” "
        "VietnamPlus (VNA), September 8, 2022. "
        "https://www.vietnamplus.vn/singapore-park-binh-duong-post1.vnp. "
        f"Archived at Vietnam investment archive, {permalink}, "
        f"accessed {today:%B} {today.day}, {today.year}."
    )
    assert chicago.replace("“", "&ldquo;") in html or chicago in html
    assert (
        "Tran Thi Lan. (2022, September 8). Singaporean developer opens new park in Binh Duong. "
        "VietnamPlus (VNA). https://www.vietnamplus.vn/singapore-park-binh-duong-post1.vnp"
    ) in html


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "https://",
        "file:///etc/passwd",
    ],
)
def test_only_http_urls_become_links(client, web_article, url):
    Article.objects.filter(pk=web_article.pk).update(url=url)

    html = record_of(page(client, web_article.get_absolute_url()))

    assert "original-url" not in html
    assert 'href="javascript' not in html.lower()
    assert "not a web address, so not linked" in html
    assert "<script>" not in html


def test_safe_link_accepts_http_and_https_only():
    assert safe_link("http://a.example/x?y=1") == "http://a.example/x?y=1"
    assert safe_link("HTTPS://a.example/") == "HTTPS://a.example/"
    assert safe_link("https://a.example/\nx") is None
    assert safe_link("") is None


def test_an_undated_article_says_so_and_cites_no_date(client, corpus):
    article = Article.objects.get(source_file="us-danang.txt")
    html = page(client, article.get_absolute_url())

    assert "undated: no publication date found" in text_of(record_of(html))
    assert "(n.d.)." in html
    assert "n.d.." not in html


def test_unknown_fields_are_said_to_be_unknown(client, corpus):
    article = Article.objects.get(source_file="us-danang.txt")
    text = text_of(record_of(page(client, article.get_absolute_url())))

    assert "Author not given" in text
    assert "Original URL not known" in text
    assert "Crawled not known" in text


def test_a_title_made_from_the_lede_is_marked_next_to_the_title_and_bracketed_in_citations(
    client, web_article
):
    Article.objects.filter(pk=web_article.pk).update(title_origin=Article.TitleOrigin.LEDE)

    html = page(client, web_article.get_absolute_url())

    head = html.split('id="article-title"')[1].split("</p>")[0]
    assert "Title made from the article's first sentence; no headline found" in text_of(head)
    assert "“[Singaporean developer opens new park in Binh Duong].”" in html


def test_a_title_from_page_metadata_is_marked(client, web_article):
    Article.objects.filter(pk=web_article.pk).update(title_origin=Article.TitleOrigin.PAGE_METADATA)

    html = page(client, web_article.get_absolute_url())

    assert "Title taken from the page's metadata" in text_of(html)


def test_a_headline_title_has_no_note(client, web_article):
    html = page(client, web_article.get_absolute_url())

    assert 'class="title-note"' not in html


def test_implied_countries_are_marked_with_the_place_they_come_from(client, web_article):
    vietnam = Country.objects.get(code="VN")
    web_article.countries.add(vietnam)
    Article.objects.filter(pk=web_article.pk).update(
        implied_countries=[{"code": "VN", "place": "Binh Duong"}]
    )

    html = page(client, web_article.get_absolute_url())

    entities = html.split('aria-label="Named in this article"')[1].split("</ul>")[0]
    assert "Vietnam — implied by Binh Duong" in text_of(entities)
    assert "Singapore — implied" not in text_of(entities)


def test_malformed_implied_countries_do_not_break_the_page(client, web_article):
    Article.objects.filter(pk=web_article.pk).update(implied_countries=["VN", {"code": 3}, None])

    page(client, web_article.get_absolute_url())


def test_hostile_metadata_is_escaped_everywhere_on_the_page(client, web_article):
    Article.objects.filter(pk=web_article.pk).update(
        title=f"Park {SCRIPT}",
        publisher=f"Pub {SCRIPT}",
        author=f"Au {SCRIPT}",
        url='https://x.example/"><script>alert(1)</script>',
        title_origin=Article.TitleOrigin.LEDE,
        implied_countries=[{"code": "SG", "place": f"P {SCRIPT}"}],
    )

    html = page(client, web_article.get_absolute_url())

    assert SCRIPT not in html and "<script>" not in html
    assert "Pub &lt;script&gt;" in html
    assert "Au &lt;script&gt;" in html
    assert 'href="https://x.example/&quot;&gt;&lt;script&gt;' in html


def test_the_record_builder_without_a_request():
    article = Article(
        title="Why invest?",
        source="VNA",
        publisher="",
        author="",
        published=date(2024, 3, 5),
        url="",
    )

    record = citable_record(article, "https://archive.example/articles/x/", date(2026, 1, 2))

    assert record.chicago == (
        "“Why invest?” VNA, March 5, 2024. Archived at Vietnam investment archive, "
        "https://archive.example/articles/x/, accessed January 2, 2026."
    )
    assert record.apa == ("Why invest? (2024, March 5). VNA. https://archive.example/articles/x/")
