"""The officials index (/officials/): names in folded order, each person's latest role and country."""

import re
from datetime import date

import pytest
from django.urls import reverse

from archive.models import Article, ArticleOfficial, Country, Official
from archive.web import stats

pytestmark = pytest.mark.django_db


def make_article(name: str, published: date | None) -> Article:
    return Article.objects.create(
        title=f"Story {name}",
        slug=name,
        body="An invented body.",
        original_text="An invented body.",
        source_file=f"{name}.txt",
        sha256=name.ljust(64, "0"),
        published=published,
    )


def make_official(name: str, slug: str, country: Country | None = None) -> Official:
    return Official.objects.create(name=name, slug=slug, country=country)


def row_names(html: str) -> list[str]:
    rows = re.findall(r'<th scope="row">(.*?)</th>', html, flags=re.S)
    return [re.sub(r"<[^>]+>", "", row).strip() for row in rows]


def index_html(client, **params) -> str:
    response = client.get(reverse("official-index"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_names_sort_with_diacritics_folded_so_nguyen_sits_with_nguyen(client):
    for name, slug in [
        ("Nguyen Xuan Phuc", "nguyen-xuan-phuc"),
        ("Nguyễn Văn Bình", "nguyen-van-binh"),
        ("Nguyen Van Anh", "nguyen-van-anh"),
        ("Đặng Quốc Khánh", "dang-quoc-khanh"),
        ("Dao Ngoc Dung", "dao-ngoc-dung"),
        ("Ōta Akihiro", "ota-akihiro"),
        ("Oh Young-ju", "oh-young-ju"),
        ("Nguyễn Xuân Hà", "nguyen-xuan-ha"),
    ]:
        make_official(name, slug)

    assert row_names(index_html(client)) == [
        "Đặng Quốc Khánh",  # Đ folds to D: before "Dao", not after every N and O
        "Dao Ngoc Dung",
        "Nguyen Van Anh",
        "Nguyễn Văn Bình",
        "Nguyễn Xuân Hà",
        "Nguyen Xuan Phuc",
        "Oh Young-ju",
        "Ōta Akihiro",
    ]


def test_one_name_with_and_without_diacritics_sits_side_by_side(client):
    make_official("Nguyễn Văn Thành", "nguyen-van-thanh-2")
    make_official("Nguyen Van Tien", "nguyen-van-tien")
    make_official("Nguyen Van Thanh", "nguyen-van-thanh")
    make_official("Nguyen Van Thach", "nguyen-van-thach")

    assert row_names(index_html(client)) == [
        "Nguyen Van Thach",
        "Nguyen Van Thanh",
        "Nguyễn Văn Thành",
        "Nguyen Van Tien",
    ]


def test_the_count_sort_breaks_ties_by_folded_name(client):
    article = make_article("a1", date(2024, 1, 5))
    for name, slug in [("Nguyen Xuan Son", "nxs"), ("Nguyễn Anh Tú", "nat"), ("Zhou Li", "zl")]:
        ArticleOfficial.objects.create(article=article, official=make_official(name, slug))
    ArticleOfficial.objects.create(
        article=make_article("a2", None), official=Official.objects.get(slug="zl")
    )

    assert row_names(index_html(client, sort="count")) == [
        "Zhou Li",
        "Nguyễn Anh Tú",
        "Nguyen Xuan Son",
    ]


def test_the_index_shows_each_persons_latest_role_and_country(client):
    korea = Country.objects.create(code="KR", name="Korea, Republic of", slug="korea")
    person = make_official("Seo Jae-hyun", "seo-jae-hyun", korea)
    untitled = make_official("Vi Thi Hoa", "vi-thi-hoa")
    old, newer, newest, undated = (
        make_article("old", date(2021, 3, 1)),
        make_article("newer", date(2023, 8, 9)),
        make_article("newest", date(2024, 2, 2)),
        make_article("undated", None),
    )
    ArticleOfficial.objects.create(
        article=newer, official=person, title="Consul General in Da Nang"
    )
    ArticleOfficial.objects.create(article=old, official=person, title="First Secretary")
    ArticleOfficial.objects.create(article=undated, official=person, title="Trade Attaché")
    # The newest appearance gives no title: the latest role is the newest title given.
    ArticleOfficial.objects.create(article=newest, official=person, title="")
    ArticleOfficial.objects.create(article=old, official=untitled, title="")

    html = index_html(client)

    row = html.split("Seo Jae-hyun", 1)[1].split("</tr>", 1)[0]
    cells = [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
    assert cells[:2] == ["Consul General in Da Nang", "Korea, Republic of"]
    assert '<th scope="col">Latest role</th>' in html
    row = html.split("Vi Thi Hoa", 1)[1].split("</tr>", 1)[0]
    assert [c.strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)][:2] == ["", ""]


def test_the_latest_role_is_escaped(client):
    person = make_official("Lo Van Minh", "lo-van-minh")
    ArticleOfficial.objects.create(
        article=make_article("x", date(2024, 1, 1)), official=person, title="<b>Head</b> & co"
    )
    html = index_html(client)
    assert "&lt;b&gt;Head&lt;/b&gt; &amp; co" in html
    assert "<b>Head</b>" not in html


def test_the_index_query_counts_once_per_page_not_per_row(client, django_assert_max_num_queries):
    for i in range(30):
        person = make_official(f"Nguyen Van Name{i:02d}", f"p{i}")
        ArticleOfficial.objects.create(
            article=make_article(f"art{i}", date(2024, 1, 1 + i % 28)),
            official=person,
            title="Director",
        )
    with django_assert_max_num_queries(8):
        index_html(client)
    assert [o.latest_role for o in stats.official_index()][:1] == ["Director"]
