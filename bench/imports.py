"""Import throughput by input format: ``python -m bench.imports``.

The same generated articles (bench/corpus.py) are written three ways: as ``.txt`` files, as saved
web pages (``.html``: the article inside a page with a cookie banner, navigation, a byline, share
buttons, related articles and a comment form, a canonical link and page metadata) and as one
gzipped WARC holding those pages as HTTP responses, between request records. Each is imported
with the real importer into an empty archive (no index update: ``make bench`` times that) and
timed. Prints a table and one line other tools read:
``imports: articles=N txt_per_s=X html_per_s=Y warc_per_s=Z``.

Environment: BENCH_ARTICLES (default 2000), BENCH_SEED, BENCH_WORKERS (the importer's worker
processes; default: the importer's own choice).
"""

from __future__ import annotations

import html
import io
import os
import time
from pathlib import Path

from bench.corpus import DEFAULT_SEED, GeneratedArticle, generate_articles
from bench.environment import BenchEnvironment, prepare

DEFAULT_ARTICLES = 2000
SITE = "https://news.example.org"


def page_for(article: GeneratedArticle) -> str:
    """The article as a news site would serve it."""
    text = article.text
    if text.startswith(" date "):
        text = text[len(" date 2017-02-17 ") :]
    paragraphs = [p for p in text.split("\n\n")[1:] if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    title = html.escape(article.headline)
    published = (
        f'<meta property="article:published_time" content="{article.published.isoformat()}">'
        if article.published
        else ""
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | Example News</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Staff reporter">
{published}
<link rel="canonical" href="{url_for(article)}">
</head><body>
<div class="cookie-banner">We use cookies. <button>Accept all cookies</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/business">Business</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/world">World</a></li></ul></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Staff reporter</p>
{body}
<div class="share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div></article>
<aside class="related"><h3>Related articles</h3><ul><li><a href="/a">Another story</a></li>
<li><a href="/b">Yet another story</a></li></ul></aside>
<section class="comments"><h3>Leave a comment</h3><form><textarea></textarea></form></section>
</main><footer>Copyright Example News</footer></body></html>
"""


def url_for(article: GeneratedArticle) -> str:
    return f"{SITE}/{article.folder}/{article.filename.removesuffix('.txt')}.html"


def write_inputs(root: Path, count: int, seed: int) -> dict[str, Path]:
    """The three corpora of the same ``count`` articles; returns format -> path to import."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    txt, pages = root / "txt", root / "html"
    warc = root / "warc" / "crawl.warc.gz"
    warc.parent.mkdir(parents=True)
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for article in generate_articles(count, seed):
            for folder, name, data in (
                (txt, article.filename, article.text.encode("utf-8")),
                (pages, article.filename.replace(".txt", ".html"), page_for(article).encode()),
            ):
                (folder / article.folder).mkdir(parents=True, exist_ok=True)
                (folder / article.folder / name).write_bytes(data)
            payload = page_for(article).encode("utf-8")
            uri = url_for(article)
            request = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "news.example.org")], is_http_request=True
            )
            writer.write_record(
                writer.create_warc_record(
                    uri, "request", payload=io.BytesIO(b""), length=0, http_headers=request
                )
            )
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(payload),
                    length=len(payload),
                    http_headers=headers,
                )
            )
    return {"txt": txt, "html": pages, "warc": warc}


def empty_archive() -> None:
    from archive.models import Article, Country, Locality, Official

    Article.objects.all().delete()
    for model in (Official, Locality, Country):
        model.objects.all().delete()


def time_import(path: Path, workers: int | None) -> tuple[float, dict, int]:
    from archive.ingest.pipeline import import_paths

    empty_archive()
    started = time.perf_counter()
    report = import_paths([path], workers=workers)
    return time.perf_counter() - started, report.counts, len(report.failures)


def main() -> int:
    count = int(os.environ.get("BENCH_ARTICLES", DEFAULT_ARTICLES))
    seed = int(os.environ.get("BENCH_SEED", DEFAULT_SEED))
    workers = int(os.environ["BENCH_WORKERS"]) if "BENCH_WORKERS" in os.environ else None
    environment: BenchEnvironment = prepare()
    try:
        inputs = write_inputs(environment.root / "inputs", count, seed)
        rates = {}
        print(f"{'input':<6} {'seconds':>8} {'articles/s':>11}  counts")
        for name, path in inputs.items():
            seconds, counts, failed = time_import(path, workers)
            rates[name] = count / seconds
            print(f"{name:<6} {seconds:8.2f} {rates[name]:11.1f}  {counts}")
            if failed:
                print(f"  {failed} failed")
        print(
            f"imports: articles={count} "
            + " ".join(f"{name}_per_s={rate:.1f}" for name, rate in rates.items())
        )
    finally:
        environment.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
