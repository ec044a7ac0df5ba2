"""The browse pages as a researcher uses them: home, entity pages, indexes, articles, the matrix."""

import re
from datetime import date

import pytest
from django.db.models import Count
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Article, ArticleOfficial, Country, Locality, Official
from archive.search import indexing
from archive.web.linking import linked_body

pytestmark = pytest.mark.django_db


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def links_in(html: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html)]


# --- Home --------------------------------------------------------------------------------------


def test_home_says_what_the_archive_holds(client, corpus):
    html = page(client, reverse("home"))

    assert "<dt>Articles</dt><dd>5</dd>" in html
    assert '<time datetime="2022-09-08">8 Sep 2022</time> to' in html
    assert '<time datetime="2024-06-20">20 Jun 2024</time>' in html


def test_home_lists_the_latest_articles_newest_first(client, corpus):
    html = page(client, reverse("home"))

    latest = html.split('id="latest-heading"')[1]
    titles = [a.title for a in Article.objects.newest_first()]
    positions = [latest.index(title) for title in titles]
    assert positions == sorted(positions)


def test_home_shows_top_countries_with_their_article_counts(client, corpus):
    html = page(client, reverse("home"))

    japan = Country.objects.get(code="JP")
    count = japan.articles.count()
    assert (
        f'<a href="{japan.get_absolute_url()}">Japan</a> <span class="count">{count}'
        f'<span class="visually-hidden"> article{"s" if count != 1 else ""}</span>'
    ) in html


def test_home_timeline_bars_link_into_the_search(client, corpus):
    html = page(client, reverse("home"))

    # The corpus spans 22 months, so the home page charts months, as a search over it would.
    assert "/search/?date_from=2024-05-01&date_to=2024-05-31" in links_in(html)


# --- Entity pages ------------------------------------------------------------------------------


def test_a_country_page_lists_its_articles_newest_first(client, corpus):
    japan = Country.objects.get(code="JP")
    html = page(client, japan.get_absolute_url())

    titles = list(japan.articles.newest_first().values_list("title", flat=True))
    assert len(titles) == 2
    assert html.index(titles[0]) < html.index(titles[1])
    assert f"Articles ({len(titles)}), newest first" in html


def test_an_entity_page_links_into_the_faceted_search(client, corpus):
    japan = Country.objects.get(code="JP")
    html = page(client, japan.get_absolute_url())

    assert f"/search/?country={japan.slug}" in links_in(html)


def test_an_entity_page_is_paginated(client, corpus, write_article):
    for n in range(25):
        write_article(
            f"extra-{n:02}.txt", f"Japan extra story {n}\nJapan and Vietnam agree item {n}."
        )
    import_paths([write_article("extra-25.txt", "Japan extra story\nJapan talks.").parent])
    japan = Country.objects.get(code="JP")

    second = page(client, japan.get_absolute_url(), page=2)

    total = japan.articles.count()
    assert f"Page 2 of {-(-total // 20)}" in second
    assert '<a rel="prev" href="?page=1">' in second


def test_a_country_page_lists_the_provinces_of_its_articles(client, corpus):
    japan = Country.objects.get(code="JP")
    html = page(client, japan.get_absolute_url())

    provinces = html.split("Provinces of Vietnam in these articles")[1].split("</section>")[0]
    foreign = html.split("Foreign places in these articles")[1].split("</section>")[0]
    places = Locality.objects.filter(articles__countries=japan).distinct()
    assert places.filter(country__code="VN").exists()
    for locality in places:
        expected = locality.articles.filter(countries=japan).count()
        vietnamese = locality.country.code == "VN"
        section = provinces if vietnamese else foreign
        parameter = "province" if vietnamese else "foreign_place"
        assert f'href="/search/?country={japan.slug}&amp;{parameter}={locality.slug}"' in section
        assert f">{expected}<span" in section


def test_a_province_page_lists_the_countries_investing_there(client, corpus):
    bac_ninh = Locality.objects.get(name="Bac Ninh")
    html = page(client, bac_ninh.get_absolute_url())

    section = html.split("Countries investing or meeting here")[1].split("</section>")[0]
    names = re.findall(r'<a href="/countries/[^"]+/">([^<]+)</a>', section)
    assert sorted(names) == ["Japan", "South Korea"]


def test_a_province_page_shows_its_local_name_with_diacritics(client, corpus):
    html = page(client, Locality.objects.get(name="Bac Ninh").get_absolute_url())

    assert '<span lang="vi">Bắc Ninh</span>' in html


def test_a_merged_province_shows_what_it_became_and_the_successor_what_merged_in(client, corpus):
    vietnam = Country.objects.get(code="VN")
    new = Locality.objects.create(
        name="Song Lam", name_local="Sông Lam", country=vietnam, slug="sl"
    )
    old = Locality.objects.create(name="Lam Thuong", country=vietnam, slug="lt", became=new)

    old_html = page(client, old.get_absolute_url())
    new_html = page(client, new.get_absolute_url())

    assert (
        f'part of <a href="{new.get_absolute_url()}">Song Lam</a> (<span lang="vi">Sông Lam'
        in old_html
    )
    assert f'includes\n    <a href="{old.get_absolute_url()}">Lam Thuong</a>.' in new_html


def test_an_official_page_shows_the_titles_they_held_in_date_order(client, corpus):
    official = Official.objects.get(name="Choi Young-sam")
    early = Article.objects.get(source_file="jp-bacninh.txt")
    ArticleOfficial.objects.create(article=early, official=official, title="Consul General")
    html = page(client, official.get_absolute_url())

    rows = re.findall(r'<tr>\s*<th scope="row">([^<]+)</th>\s*<td><time datetime="([^"]+)"', html)
    later = ArticleOfficial.objects.get(official=official, article__source_file="kr-bacninh.txt")
    assert rows == [("Consul General", "2023-03-14"), (later.title, "2024-05-02")]


def test_an_official_page_lists_countries_and_places(client, corpus):
    official = Official.objects.get(name="Ito Naoki")
    html = page(client, official.get_absolute_url())

    assert "/search/?official=ito-naoki&country=japan" in links_in(html)
    assert "/search/?official=ito-naoki&province=hanoi" in links_in(html)


def test_an_entity_timeline_links_to_the_search_with_its_filter(client, corpus):
    japan = Country.objects.get(code="JP")
    html = page(client, japan.get_absolute_url())

    # Japan's articles span 16 months: one bar per month, each a search with the country.
    assert f"/search/?country={japan.slug}&date_from=2023-03-01&date_to=2023-03-31" in links_in(
        html
    )


# --- Index pages -------------------------------------------------------------------------------


def test_the_country_index_counts_equal_the_database(client, corpus):
    html = page(client, reverse("country-index"))

    rows = re.findall(
        r'<th scope="row"><a href="/countries/([^/]+)/">[^<]+</a></th><td>[A-Z]{2}</td>'
        r'<td class="num">(\d+)</td>',
        html,
    )
    expected = {c.slug: c.n for c in Country.objects.annotate(n=Count("articles"))}
    assert {slug: int(n) for slug, n in rows} == expected


def test_the_country_index_sorts_by_count(client, corpus):
    html = page(client, reverse("country-index"), sort="count")

    slugs = re.findall(r'<th scope="row"><a href="/countries/([^/]+)/">', html)
    expected = list(
        Country.objects.annotate(n=Count("articles"))
        .order_by("-n", "name")
        .values_list("slug", flat=True)
    )
    assert slugs == expected


def test_the_country_index_sorts_by_name_by_default(client, corpus):
    html = page(client, reverse("country-index"))

    names = re.findall(r'<th scope="row"><a href="/countries/[^/]+/">([^<]+)</a>', html)
    assert names == sorted(names)


def test_the_locality_index_puts_vietnamese_provinces_first(client, corpus):
    japan = Country.objects.get(code="JP")
    Locality.objects.create(name="Aichi", country=japan, slug="aichi", kind="prefecture")
    html = page(client, reverse("locality-index"))

    groups = re.findall(r'<h2 id="group-([A-Z]{2})">', html)
    assert groups == ["VN", "JP"]


def test_the_official_index_sorts_by_count(client, corpus):
    official = Official.objects.get(name="Ito Naoki")
    ArticleOfficial.objects.create(
        article=Article.objects.get(source_file="jp-bacninh.txt"), official=official
    )
    html = page(client, reverse("official-index"), sort="count")

    names = re.findall(r'<th scope="row"><a href="/officials/[^/]+/">([^<]+)</a>', html)
    assert names[0] == "Ito Naoki"
    assert len(names) == Official.objects.count()


# --- Article page ------------------------------------------------------------------------------


def test_the_article_links_the_first_mention_of_each_entity(client, corpus):
    article = Article.objects.get(source_file="jp-hanoi.txt")
    html = page(client, article.get_absolute_url())

    body = html.split('<div class="article-body">')[1].split("</div>")[0]
    assert re.findall(r'<a class="entity[^"]*" href="([^"]+)"', body) == [
        "/localities/hanoi/",
        "/countries/japan/",
        "/officials/tran-sy-thanh/",
        "/officials/ito-naoki/",
    ]


def test_the_article_shows_its_original_text_and_hash(client, corpus):
    article = Article.objects.get(source_file="jp-hanoi.txt")
    html = page(client, article.get_absolute_url())

    assert f'<code class="hash">{article.sha256}</code>' in html
    assert " date 2024-06-20 Hanoi seeks Japanese ODA" in html


def test_the_article_shows_the_money_figures(client, corpus):
    article = Article.objects.get(source_file="kr-bacninh.txt")
    html = page(client, article.get_absolute_url())

    assert '1.5 billion USD <span class="meta">(USD 1,500,000,000)</span>' in html


def test_more_like_this_lists_articles_sharing_entities(client, corpus):
    article = Article.objects.get(source_file="kr-bacninh.txt")
    html = page(client, article.get_absolute_url())

    similar = html.split('id="similar-heading"')[1]
    assert re.findall(r'<h3><a href="([^"]+)">', similar) == [
        Article.objects.get(source_file="jp-bacninh.txt").get_absolute_url()
    ]


def test_search_results_carry_the_search_to_the_article(client, corpus):
    html = page(client, reverse("search"), q="ODA")

    article = Article.objects.get(source_file="jp-hanoi.txt")
    assert f"{article.get_absolute_url()}?from=q%3DODA" in links_in(html)


def test_previous_and_next_follow_the_search_it_was_reached_from(client, corpus):
    ordered = [
        Article.objects.get(source_file=name)
        for name in ("jp-hanoi.txt", "kr-bacninh.txt", "jp-bacninh.txt")
    ]
    html = page(
        client,
        ordered[1].get_absolute_url(),
        **{"from": "sort=newest&country=japan&country=south-korea"},
    )

    prev_link = re.search(r'<a rel="prev" href="([^"?]+)', html).group(1)
    next_link = re.search(r'<a rel="next" href="([^"?]+)', html).group(1)
    assert (prev_link, next_link) == (ordered[0].get_absolute_url(), ordered[2].get_absolute_url())
    assert "Result 2 of 3" in html


def test_without_a_search_the_article_has_no_previous_or_next(client, corpus):
    html = page(client, Article.objects.get(source_file="kr-bacninh.txt").get_absolute_url())

    assert 'rel="prev"' not in html
    assert 'rel="next"' not in html


def test_the_article_says_which_metadata_an_editor_corrected(client, corpus):
    article = Article.objects.get(source_file="kr-bacninh.txt")
    article.corrected_fields = ["title"]
    article.corrected_at = article.updated_at
    article.save()
    html = page(client, article.get_absolute_url())

    rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td>(.*?)</td>', html))
    assert rows["Title"].startswith("<strong>corrected by an editor</strong> on <time")
    assert rows["Date"] == "extracted by the importer (from the crawl prefix)"


def test_an_editors_change_shows_on_the_next_request(client, corpus):
    article = Article.objects.get(source_file="kr-bacninh.txt")
    page(client, article.get_absolute_url())
    Article.objects.filter(pk=article.pk).update(
        title="Corrected headline", published=date(2024, 5, 3)
    )

    html = page(client, article.get_absolute_url())
    response = client.get(reverse("home"))

    assert '<h1 id="article-title">Corrected headline</h1>' in html
    assert "no-cache" in response["Cache-Control"]


# --- Matrix ------------------------------------------------------------------------------------


def test_the_matrix_cells_count_articles_and_link_to_the_search(client, corpus):
    html = page(client, reverse("matrix"))

    cells = re.findall(
        r'href="/search/\?province=([^&]+)&amp;country=([^"]+)"[^>]*>(\d+)</a>', html
    )
    cells = [(c, loc, n) for loc, c, n in cells]
    expected = {
        (c.slug, loc.slug): Article.objects.filter(countries=c, localities=loc).count()
        for c in Country.objects.exclude(code="VN")
        for loc in Locality.objects.filter(country__code="VN")
    }
    assert {(c, loc): int(n) for c, loc, n in cells} == {k: n for k, n in expected.items() if n}


# --- Escaping ----------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def hostile(write_article):
    path = write_article(
        "hostile.txt",
        f" date 2024-01-02 Investors {SCRIPT} Bac Ninh\nBac Ninh (VNA) – Japan {SCRIPT} pledged ODA.",
    )
    import_paths([path])
    article = Article.objects.get(source_file="hostile.txt")
    vietnam = Country.objects.get(code="VN")
    country = Country.objects.create(code="XS", name=f"Evil{SCRIPT}land", slug="evil")
    locality = Locality.objects.create(name=f"Bad{SCRIPT}", country=vietnam, slug="bad")
    official = Official.objects.create(name=f"Mr {SCRIPT}", slug="mr-script", country=country)
    article.countries.add(country)
    article.localities.add(locality)
    ArticleOfficial.objects.create(article=article, official=official, title=f"Chief {SCRIPT}")
    indexing.rebuild()
    return article, country, locality, official


def test_script_in_titles_names_and_text_is_escaped_on_every_page(client, hostile):
    article, country, locality, official = hostile
    urls = [
        reverse("home"),
        article.get_absolute_url(),
        article.get_absolute_url() + "?from=q%3DODA",
        country.get_absolute_url(),
        locality.get_absolute_url(),
        official.get_absolute_url(),
        reverse("country-index"),
        reverse("locality-index"),
        reverse("official-index"),
        reverse("matrix"),
        reverse("search") + "?q=ODA",
    ]
    pages = {url: page(client, url) for url in urls}

    assert {url: SCRIPT in html for url, html in pages.items()} == dict.fromkeys(urls, False)
    assert all("&lt;script&gt;" in html for html in pages.values())


def test_linked_body_escapes_the_text_and_the_names_it_links():
    country = Country.objects.create(code="XA", name="A <b>", slug="a-b")
    locality = Locality.objects.create(name="Bac Ninh", country=country, slug="bac-ninh")
    article = Article.objects.create(
        title="t",
        slug="t",
        source_file="t.txt",
        body="Bắc Ninh & A <b> met.\n\nBac Ninh again; <i>A <b></i>",
        mention_spans=[["locality", locality.pk, 0, 8], ["country", country.pk, 11, 16]],
    )
    article.countries.add(country)
    article.localities.add(locality)

    html = linked_body(Article.objects.with_entities().get(pk=article.pk))

    assert html == (
        '<p><a class="entity entity-locality" href="/localities/bac-ninh/" title="Bac Ninh">'
        "Bắc Ninh</a> &amp; "
        '<a class="entity entity-country" href="/countries/a-b/" title="A &lt;b&gt;">'
        "A &lt;b&gt;</a> met.</p>\n\n<p>Bac Ninh again; &lt;i&gt;A &lt;b&gt;&lt;/i&gt;</p>"
    )


@pytest.mark.parametrize(
    "state", ["country=<script>", "page=abc&date_from=2024-99-99", "q=" + "x" * 5000, "%%%"]
)
def test_a_hostile_from_parameter_still_gives_the_article(client, corpus, state):
    article = Article.objects.get(source_file="jp-hanoi.txt")

    html = page(client, article.get_absolute_url(), **{"from": state})

    assert "<script>" not in html.split("<body>")[1]
