"""Saved web pages and web archives: one article per HTML page, its URL its identity, the page's
metadata beside what the text says, the bytes as fetched kept exactly."""

import hashlib
import io
import json
import unicodedata
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from archive import extraction
from archive.extraction.types import Extraction, ImpliedCountry
from archive.ingest.pipeline import import_paths
from archive.ingest.web import normalise_url
from archive.models import Article
from tests.ingest.webpages import (
    FURNITURE,
    JAPAN,
    KOREA,
    SINGAPORE,
    html_response,
    page,
    request,
    response,
    revisit,
    write_warc,
)

pytestmark = pytest.mark.django_db

JAPAN_URL = "https://en.vietnamplus.vn/japanese-investors-eye-bac-ninh.html"
KOREA_URL = "https://e.vnexpress.net/news/business/korean-firms-hai-phong.html"
SINGAPORE_URL = "https://vietnamnews.vn/economy/singapore-fund-da-nang.html"


def crawl(path, *, gzip=True, japan=JAPAN, date="2024-06-01T10:00:00Z"):
    """A crawl of three articles with what else a crawler writes: a request, an image, a style
    sheet, a 404 page and a revisit of an unchanged page."""
    return write_warc(
        path,
        [
            lambda w: w.create_warcinfo_record(path.name, {"software": "tests"}),
            request(JAPAN_URL),
            html_response(JAPAN_URL + "?utm_source=rss#top", japan, date=date),
            lambda w: response(w, "https://en.vietnamplus.vn/logo.png", b"\x89PNG\r\n\x1a\n",
                               content_type="image/png"),
            lambda w: response(w, "https://en.vietnamplus.vn/site.css", b"body{}",
                               content_type="text/css"),
            html_response(KOREA_URL, KOREA, date=date),
            html_response("https://en.vietnamplus.vn/missing.html", "<html>Not found</html>",
                          status="404 Not Found"),
            revisit(JAPAN_URL),
            html_response("http://VietnamNews.vn/economy/singapore-fund-da-nang.html", SINGAPORE,
                          date=date),
        ],
        gzip=gzip,
    )  # fmt: skip


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_each_html_page_of_a_warc_is_an_article_and_the_rest_is_skipped(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    offsets = crawl(path, gzip=gzip)

    report = import_paths([path])

    assert report.counts == {"created": 3, "updated": 0, "unchanged": 0, "failed": 0}
    # warcinfo, request, image, style sheet, 404, revisit
    assert report.skipped == 6
    assert report.summary() == "created 3, updated 0, unchanged 0, failed 0, skipped 6"
    japan = Article.objects.get(url=JAPAN_URL)
    assert japan.source_file == f"{path.name}#{offsets[2]}"
    assert japan.crawled == datetime(2024, 6, 1, 10, 0, tzinfo=UTC)
    assert (japan.title, japan.title_origin) == (
        "Japanese investors eye Bac Ninh electronics hub",
        "page metadata",
    )
    assert (japan.published.isoformat(), japan.published_origin) == ("2024-03-12", "page metadata")
    assert japan.author == "Minh Anh"
    assert japan.publisher  # the outlet of en.vietnamplus.vn, or the page's site name
    assert japan.original_text == JAPAN
    assert japan.original_text.encode(japan.encoding) == JAPAN.encode("utf-8")
    assert japan.sha256 == hashlib.sha256(JAPAN.encode("utf-8")).hexdigest()
    assert "Takeda Kenji" in japan.body and "US$120 million" in japan.body
    assert "JP" in {c.code for c in japan.countries.all()}
    assert "Bac Ninh" in {loc.name for loc in japan.localities.all()}
    assert {m.currency for m in japan.money_figures.all()} == {"USD"}
    # No canonical link: the crawled URL, normalised; the site name goes from the title.
    korea = Article.objects.get(url=KOREA_URL)
    assert korea.title == "Korean firms study green industrial parks in Hai Phong"
    assert korea.author == "Hoang Phong"
    assert Article.objects.filter(url=SINGAPORE_URL).exists()


def test_page_furniture_never_reaches_the_body(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    crawl(path)

    import_paths([path])

    for article in Article.objects.all():
        for furniture in FURNITURE:
            assert furniture not in article.body, (article.url, furniture)
        assert "By Minh Anh" not in article.body
        assert not article.body.startswith(article.title)  # the headline is the title, not text


def test_a_warc_imported_again_changes_nothing(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    crawl(path)
    import_paths([path])
    before = list(Article.objects.order_by("pk").values())

    report = import_paths([path])

    assert report.counts == {"created": 0, "updated": 0, "unchanged": 3, "failed": 0}
    assert list(Article.objects.order_by("pk").values()) == before


def test_a_newer_crawl_of_the_same_url_updates_its_article_and_keeps_corrections(tmp_path):
    crawl(tmp_path / "june.warc.gz")
    import_paths([tmp_path / "june.warc.gz"])
    article = Article.objects.get(url=JAPAN_URL)
    article.title = "Corrected by an editor"
    article.corrected_fields = ["title"]
    article.save()
    changed = JAPAN.replace("US$120 million", "US$150 million")
    crawl(tmp_path / "july.warc", gzip=False, japan=changed, date="2024-07-01T10:00:00Z")

    report = import_paths([tmp_path / "july.warc"])

    assert report.counts == {"created": 0, "updated": 1, "unchanged": 2, "failed": 0}
    article.refresh_from_db()
    assert Article.objects.filter(url=JAPAN_URL).count() == 1
    assert "US$150 million" in article.body
    assert article.title == "Corrected by an editor"
    assert article.crawled == datetime(2024, 7, 1, 10, 0, tzinfo=UTC)
    assert article.source_file.startswith("july.warc#")


def test_an_older_crawl_never_replaces_a_newer_one(tmp_path):
    crawl(tmp_path / "july.warc.gz", date="2024-07-01T10:00:00Z")
    import_paths([tmp_path / "july.warc.gz"])
    older = JAPAN.replace("US$120 million", "US$90 million")
    crawl(tmp_path / "may.warc.gz", japan=older, date="2024-05-01T10:00:00Z")

    report = import_paths([tmp_path / "may.warc.gz"])

    assert report.counts["updated"] == 0
    assert "US$120 million" in Article.objects.get(url=JAPAN_URL).body


def test_a_warc_cut_short_keeps_the_records_before_the_cut_and_names_file_and_reason(tmp_path):
    path = tmp_path / "cut.warc.gz"
    offsets = crawl(path)
    data = path.read_bytes()
    last = offsets[-1]  # the Singapore page's gzip member
    path.write_bytes(data[: last + (len(data) - last) // 2])
    (tmp_path / "other.html").write_text(SINGAPORE, encoding="utf-8")

    report = import_paths([tmp_path])

    assert report.counts["created"] == 3  # Japan and Korea from the WARC, the page beside it
    assert set(Article.objects.values_list("url", flat=True)) == {
        JAPAN_URL,
        KOREA_URL,
        SINGAPORE_URL,
    }
    [failure] = report.failures
    assert failure.path == path
    assert failure.reason.startswith(f"broken WARC file at offset {last}: ")
    assert "cut short" in failure.reason


def test_a_bad_record_is_named_by_offset_and_uri_and_the_others_import(tmp_path):
    path = tmp_path / "crawl.warc"
    offsets = write_warc(
        path,
        [
            html_response("https://example.org/binary", "x"),
            lambda w: response(w, "https://example.org/binary", b"\x00\x01\x02" * 50),
            html_response(KOREA_URL, KOREA),
        ],
        gzip=False,
    )

    report = import_paths([path])

    assert report.counts["created"] == 1
    reasons = [failure.reason for failure in report.failures]
    assert reasons == [
        f"record at offset {offsets[0]} (https://example.org/binary): not an HTML page",
        f"record at offset {offsets[1]} (https://example.org/binary): "
        "binary file (contains NUL bytes)",
    ]


@pytest.mark.parametrize(
    ("encoding", "paragraph", "expected"),
    [
        (
            "windows-1258",
            # cp1258 writes a tone mark as a combining character after its vowel
            "Vi\u00ea\u0323t Nam welcomes Japanese investors in B\u0103\u0301c Ninh province.",
            "Việt Nam",
        ),
        ("windows-1252", "Japan\u2019s \u201cgreen\u201d investors visit Bac Ninh.", "Japan’s"),
    ],
)
def test_a_legacy_encoding_declared_only_in_a_meta_tag(tmp_path, encoding, paragraph, expected):
    html = page(
        title="Japanese investors visit Bac Ninh",
        charset=encoding,
        canonical="https://en.vietnamplus.vn/legacy.html",
        paragraphs=[
            paragraph,
            "A delegation of Japanese investors studied a 200 million USD electronics plant.",
        ],
    )
    data = html.encode(encoding)
    path = tmp_path / "legacy.warc"
    write_warc(
        path,
        [lambda w: response(w, "https://en.vietnamplus.vn/legacy.html", data,
                            content_type="text/html")],
        gzip=False,
    )  # fmt: skip

    report = import_paths([path])

    assert report.counts["created"] == 1, report.failures
    article = Article.objects.get()
    assert article.original_text.encode(article.encoding) == data  # the bytes, exactly
    assert article.sha256 == hashlib.sha256(data).hexdigest()
    assert expected in unicodedata.normalize("NFC", article.body)


def test_the_http_header_charset_wins_over_the_meta_tag(tmp_path):
    html = page(title="Japanese investors visit Hanoi", charset="windows-1252",
                paragraphs=["Việt Nam welcomes 3 billion USD of Japanese investment in Hà Nội."])  # fmt: skip
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [html_response("https://example.org/a", html)], gzip=True)

    import_paths([path])

    article = Article.objects.get()
    assert (article.encoding, "Việt Nam" in article.body) == ("utf-8", True)


# --- saved pages ---------------------------------------------------------------------------


def test_a_saved_page_uses_its_canonical_link_byline_and_page_title(tmp_path):
    (tmp_path / "japan.html").write_text(JAPAN, encoding="utf-8")

    report = import_paths([tmp_path])

    assert report.counts["created"] == 1
    article = Article.objects.get()
    assert (article.url, article.source_file, article.author) == (
        JAPAN_URL,
        "japan.html",
        "Minh Anh",
    )
    assert article.crawled is None
    assert article.title == "Japanese investors eye Bac Ninh electronics hub"


def test_a_saved_page_without_a_canonical_link_uses_its_og_url(tmp_path):
    html = page(title="Korean firms eye Hai Phong", canonical=None,
                og_url="HTTPS://E.VnExpress.net/news/korea.html?utm_medium=x&id=7#c",
                paragraphs=["South Korean firms plan to invest 500 million USD in Hai Phong."])  # fmt: skip
    (tmp_path / "korea.htm").write_text(html, encoding="utf-8")

    import_paths([tmp_path])

    assert Article.objects.get().url == "https://e.vnexpress.net/news/korea.html?id=7"


def test_a_resaved_page_with_the_same_url_updates_its_article(tmp_path):
    (tmp_path / "japan.html").write_text(JAPAN, encoding="utf-8")
    import_paths([tmp_path / "japan.html"])
    (tmp_path / "japan (1).html").write_text(
        JAPAN.replace("US$120 million", "US$130 million"), encoding="utf-8"
    )

    report = import_paths([tmp_path / "japan (1).html"])

    assert report.counts["updated"] == 1
    article = Article.objects.get()
    assert ("US$130 million" in article.body, article.source_file) == (True, "japan (1).html")


def test_a_page_and_a_txt_file_in_one_folder(tmp_path, write_article):
    (tmp_path / "articles").mkdir(exist_ok=True)
    (tmp_path / "articles" / "korea.html").write_text(KOREA, encoding="utf-8")
    path = write_article(
        "one.txt",
        "Hanoi asks Japan for metro loans\nHanoi (VNA) – Ha Noi asked Japan for 1 billion USD./.",
    )

    report = import_paths([path.parent])

    assert report.counts["created"] == 2
    txt = Article.objects.get(source_file="one.txt")
    assert (txt.url, txt.publisher, txt.author, txt.crawled) == ("", "", "", None)


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("HTTPS://Example.ORG/a/b?x=1&utm_source=rss&UTM_campaign=y#frag",
         "https://example.org/a/b?x=1"),
        ("http://example.org:80", "http://example.org/"),
        ("https://example.org:8443/p", "https://example.org:8443/p"),
        ("ftp://example.org/file", ""),
        ("not a url", ""),
    ],
)  # fmt: skip
def test_urls_are_normalised_for_identity(url, normal):
    assert normalise_url(url) == normal


# --- what every article stores: title origin and implied countries ---------------------------


def test_implied_countries_are_stored_and_linked(write_article):
    path = write_article(
        "binh-duong.txt",
        "Binh Duong courts Japanese investors\nBinh Duong (VNA) – Japanese firms plan 300 million "
        "USD of new factories in Binh Duong, the provincial leader said./.",
    )

    import_paths([path])

    article = Article.objects.get()
    extracted = extraction.extract(path.read_text(encoding="utf-8"))
    expected = [{"code": c.code, "place": c.place} for c in extracted.implied_countries]
    assert article.implied_countries == expected
    assert article.title_origin == extracted.title_origin
    codes = {c.code for c in article.countries.all()}
    assert {entry["code"] for entry in expected} <= codes


def test_implied_countries_follow_the_countries_correction(write_article, monkeypatch):
    def extract(text):
        return Extraction(
            title="Story",
            body=text,
            countries=("JP",),
            implied_countries=(ImpliedCountry("VN", "Binh Duong"),),
            title_origin="lede",
        )

    monkeypatch.setattr("archive.extraction.extract", extract)
    path = write_article("a.txt", "Japanese firms invest in Binh Duong.")
    import_paths([path])
    article = Article.objects.get()
    assert (article.implied_countries, article.title_origin) == (
        [{"code": "VN", "place": "Binh Duong"}],
        "lede",
    )
    assert {c.code for c in article.countries.all()} == {"JP", "VN"}
    article.countries.set([])
    article.implied_countries = []
    article.corrected_fields = ["countries", "title"]
    article.title_origin = "editor"
    article.save()
    write_article("a.txt", "Japanese firms invest more in Binh Duong.")

    import_paths([path])

    article.refresh_from_db()
    assert (article.implied_countries, article.title_origin) == ([], "editor")
    assert not article.countries.exists()


def test_export_and_backup_carry_the_web_fields(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    crawl(path)
    import_paths([path])
    out = io.StringIO()
    call_command("export_articles", stdout=out)
    records = {r["url"]: r for r in map(json.loads, out.getvalue().splitlines())}
    record = records[JAPAN_URL]
    assert record["crawled"] == "2024-06-01T10:00:00+00:00"
    assert (record["author"], record["title_origin"]) == ("Minh Anh", "page metadata")
    assert record["publisher"]
    full = io.StringIO()
    call_command("export_articles", "--full", stdout=full)
    before = full.getvalue()
    Article.objects.all().delete()
    backup = tmp_path / "backup.jsonl"
    backup.write_text(before, encoding="utf-8")

    call_command("restore_articles", str(backup), stdout=io.StringIO(), stderr=io.StringIO())

    again = io.StringIO()
    call_command("export_articles", "--full", stdout=again)
    assert again.getvalue() == before
