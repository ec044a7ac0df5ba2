"""Web pages and web archives written for the tests: HTML the tests make themselves, put in WARC
files with warcio's own writer (no page copied from the web)."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FURNITURE = (
    "We use cookies to improve your experience",
    "Accept all cookies",
    "Home",
    "Politics",
    "Related articles",
    "Korean firms eye green parks in Hai Phong",
    "Share on Facebook",
    "Leave a comment",
    "Great article, thanks for sharing",
    "Copyright",
    "Subscribe to our newsletter",
)


def page(
    *,
    title: str,
    paragraphs: list[str],
    site: str = "VietnamPlus",
    canonical: str | None = None,
    og_url: str | None = None,
    og_title: bool = True,
    author: str | None = "Minh Anh",
    published: str | None = "2024-03-12",
    charset: str | None = "utf-8",
    title_suffix: str = " | VietnamPlus",
) -> str:
    """A news page with everything a real one has around the article: a cookie banner,
    navigation, a byline, share buttons, related articles, a comment form, a footer."""
    head = []
    if charset:
        head.append(f'<meta charset="{charset}">')
    head.append(f"<title>{title}{title_suffix}</title>")
    if og_title:
        head.append(f'<meta property="og:title" content="{title}">')
    if site:
        head.append(f'<meta property="og:site_name" content="{site}">')
    if og_url:
        head.append(f'<meta property="og:url" content="{og_url}">')
    if author:
        head.append(f'<meta name="author" content="{author}">')
    if published:
        head.append(
            f'<meta property="article:published_time" content="{published}T08:15:00+07:00">'
        )
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    body = "\n".join(f"<p>{text}</p>" for text in paragraphs)
    byline = f'<p class="byline">By {author}</p>' if author else ""
    return f"""<!doctype html>
<html lang="en"><head>
{chr(10).join(head)}
</head><body>
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
 <button>Accept all cookies</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li>
<li><a href="/business">Business</a></li></ul></nav></header>
<main><article>
<h1>{title}</h1>
{byline}
{body}
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
</article>
<aside class="related"><h3>Related articles</h3><ul>
<li><a href="/a">Korean firms eye green parks in Hai Phong</a></li>
<li><a href="/b">Singapore fund eyes Da Nang hub</a></li></ul></aside>
<section id="comments" class="comments"><h3>Leave a comment</h3>
<form><textarea name="comment">Your comment</textarea><button>Send</button></form>
<div class="comment"><p>Great article, thanks for sharing this information!</p></div></section>
</main>
<footer><p>Subscribe to our newsletter</p><p>Copyright 2024 VietnamPlus</p></footer>
</body></html>
"""


JAPAN = page(
    title="Japanese investors eye Bac Ninh electronics hub",
    canonical="https://en.vietnamplus.vn/japanese-investors-eye-bac-ninh.html",
    paragraphs=[
        "Bac Ninh (VNA) – A delegation of Japanese investors led by Takeda Kenji, President of "
        "Sakura Electronics Corporation, visited the northern province of Bac Ninh on Monday to "
        "study investment in a new electronics hub.",
        "Chairman of the provincial People's Committee Nguyen Huong Giang said the province had "
        "attracted 2.5 billion USD of Japanese capital this year.",
        "Takeda said his company plans to invest US$120 million in a new factory next year.",
    ],
)
KOREA = page(
    title="Korean firms study green industrial parks in Hai Phong",
    site="VnExpress International",
    title_suffix=" - VnExpress International",
    og_title=False,
    canonical=None,
    author="Hoang Phong",
    published="2024-05-02",
    paragraphs=[
        "A delegation of South Korean businesses visited the northern port city of Hai Phong on "
        "Tuesday to seek investment opportunities in green industrial parks.",
        "The delegation was led by Park Min-soo, Chairman of the Korea Green Industry "
        "Association, who said Korean firms planned to invest 500 million USD in the city.",
    ],
)
SINGAPORE = page(
    title="Singapore fund eyes Da Nang logistics hub",
    canonical="https://vietnamnews.vn/economy/singapore-fund-da-nang.html",
    site="Viet Nam News",
    title_suffix=" - Viet Nam News",
    author=None,
    published="2023-11-20",
    paragraphs=[
        "Singaporean investors are studying a 300 million USD logistics hub in Da Nang city, "
        "Chairman of the municipal People's Committee Le Trung Chinh said on Monday.",
        "The hub would serve the central region's industrial parks and its deep-water port.",
    ],
)


def response(
    writer: WARCWriter,
    uri: str,
    payload: bytes,
    *,
    status: str = "200 OK",
    content_type: str | None = "text/html; charset=utf-8",
    date: str = "2024-06-01T10:00:00Z",
):
    headers = [("Content-Type", content_type)] if content_type else []
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    return writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(payload),
        length=len(payload),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )


def write_warc(path: Path, records: list, *, gzip: bool) -> list[int]:
    """Write records made by ``record(writer)`` callables; returns each record's offset."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    offsets = []
    for make in records:
        offsets.append(buffer.tell())
        writer.write_record(make(writer))
    path.write_bytes(buffer.getvalue())
    return offsets


def html_response(uri: str, html: str, **kwargs):
    return lambda writer: response(writer, uri, html.encode("utf-8"), **kwargs)


def request(uri: str):
    def make(writer: WARCWriter):
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        return writer.create_warc_record(
            uri, "request", payload=io.BytesIO(b""), length=0, http_headers=http
        )

    return make


def revisit(uri: str, date: str = "2024-06-02T10:00:00Z"):
    def make(writer: WARCWriter):
        return writer.create_revisit_record(
            uri,
            digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            refers_to_uri=uri,
            refers_to_date="2024-06-01T10:00:00Z",
            warc_headers_dict={"WARC-Date": date},
        )

    return make
