"""Downloads: every listing and search as CSV or JSON Lines, streamed as export records."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from archive.ingest.backup import article_record
from archive.models import ENTITY_MODELS, Article
from archive.search.base import SearchUnavailable
from archive.web.links import url_of
from archive.web.walk import query_from, walk

EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
CSV_COLUMNS = (
    "url",
    "source_file",
    "sha256",
    "title",
    "published",
    "source",
    "country_codes",
    "countries",
    "localities",
    "officials",
    "money",
    # Added with web pages (appended, so existing columns keep their places).
    "original_url",
    "publisher",
    "author",
    "crawled",
    "title_origin",
    "implied_countries",
    # Added with organisations.
    "organisations",
    # Added with money as data: the figure with the largest approximate USD value, and that value.
    "largest_figure",
    "largest_usd",
)
EXPORT_BATCH = 500
# A spreadsheet runs a cell that starts with one of these as a formula; a leading ' keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_queryset() -> QuerySet:
    """Articles with everything article_record reads, prefetched."""
    return Article.objects.with_entities().prefetch_related(
        "localities__country", "appearances__official__country"
    )


def articles_in_order(ids: Iterable[int]) -> Iterator[Article]:
    """The articles with these ids, in this order, loaded a batch at a time."""
    batch: list[int] = []
    for pk in ids:
        batch.append(pk)
        if len(batch) == EXPORT_BATCH:
            yield from _load(batch)
            batch = []
    if batch:
        yield from _load(batch)


def _load(ids: list[int]) -> Iterator[Article]:
    found = export_queryset().in_bulk(ids)
    yield from (found[pk] for pk in ids if pk in found)


def download_record(article: Article, url: str | None) -> dict[str, Any]:
    """The export record of a download: article_record plus ``url``, the archive page's link (as
    it always was), and ``original_url``, where the article was published (Article.url).

    publisher, author, crawled and title_origin come from article_record; where a record lacks
    them they are added from the article.
    """
    record = article_record(article)
    extras = {
        "publisher": article.publisher or None,
        "author": article.author or None,
        "crawled": article.crawled.isoformat() if article.crawled else None,
        "title_origin": article.title_origin,
    }
    for name, value in extras.items():
        record.setdefault(name, value)
    record["url"] = url
    record["original_url"] = article.url or None
    return record


def _largest_figure(money) -> tuple[str, str]:
    """The text and USD value of the figure worth most in US dollars; blanks when none has one."""
    converted = [m for m in money if m.get("usd") is not None]
    if not converted:
        return "", ""
    largest = max(converted, key=lambda m: m["usd"])
    return largest["text"], str(largest["usd"])


def csv_row(record: dict[str, Any], url: str | None = None) -> list[str]:
    """One download_record flattened: lists joined with "; ", officials with their title."""
    officials = [
        f"{o['name']} ({o['title']})" if o["title"] else o["name"] for o in record["officials"]
    ]
    values = [
        url if url is not None else record["url"] or "",
        record["source_file"],
        record["sha256"],
        record["title"],
        record["published"] or "",
        record["source"] or "",
        "; ".join(c["code"] for c in record["countries"]),
        "; ".join(c["name"] for c in record["countries"]),
        "; ".join(loc["name"] for loc in record["localities"]),
        "; ".join(officials),
        "; ".join(m["text"] for m in record["money"]),
        record.get("original_url") or "",
        record.get("publisher") or "",
        record.get("author") or "",
        record.get("crawled") or "",
        record.get("title_origin") or "",
        "; ".join(
            f"{c.get('code')} ({c.get('place')})" if c.get("place") else str(c.get("code"))
            for c in record.get("implied_countries") or ()
            if isinstance(c, dict)
        ),
        "; ".join(o["name"] for o in record.get("organizations") or ()),
        *_largest_figure(record.get("money") or ()),
    ]
    return [_safe_cell(value) for value in values]


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _page_url(article: Article, absolute_url: Callable[[str], str]) -> str | None:
    """The article's page in this archive; None (unknown) when its slug makes no URL."""
    url = url_of(article)
    return absolute_url(url) if url else None


def csv_lines(articles: Iterable[Article], absolute_url: Callable[[str], str]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM so spreadsheet programs read the diacritics as UTF-8
    yield writer.writerow(CSV_COLUMNS)
    for article in articles:
        yield writer.writerow(csv_row(download_record(article, _page_url(article, absolute_url))))


def jsonl_lines(articles: Iterable[Article], absolute_url: Callable[[str], str]) -> Iterator[str]:
    for article in articles:
        record = download_record(article, _page_url(article, absolute_url))
        yield json.dumps(record, ensure_ascii=False) + "\n"


def export_response(
    articles: Iterable[Article], fmt: str, filename: str, absolute_url: Callable[[str], str]
) -> StreamingHttpResponse:
    """A download of ``articles`` streamed as they are read (``fmt``: "csv" or "jsonl")."""
    lines = csv_lines if fmt == "csv" else jsonl_lines
    response = StreamingHttpResponse(
        lines(articles, absolute_url), content_type=EXPORT_FORMATS[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


# --- The download views ------------------------------------------------------------------------


@never_cache
def all_articles_export(request, fmt: str):
    articles = export_queryset().newest_first().iterator(chunk_size=500)
    return export_response(articles, fmt, "articles", request.build_absolute_uri)


@never_cache
def entity_export(request, kind: str, slug: str, fmt: str):
    model = ENTITY_MODELS.get(kind)
    if model is None:
        raise Http404
    entity = get_object_or_404(model, slug=slug)
    articles = export_queryset().filter(**{_relation(kind): entity}).newest_first()
    return export_response(
        articles.iterator(chunk_size=500), fmt, f"{kind}-{slug}", request.build_absolute_uri
    )


def _relation(kind: str) -> str:
    return {
        "country": "countries",
        "locality": "localities",
        "official": "officials",
        "organisation": "organisations",
    }[kind]


@never_cache
def search_export(request, fmt: str):
    """Every article the search matches (same parameters as /search/), in the search's order."""
    try:
        # Every version of every story: a download lists articles, never one per story.
        _, ids = walk(replace(query_from(request.GET), collapse_stories=False))
    except SearchUnavailable:
        return HttpResponse(
            "Search is unavailable right now.", status=503, content_type="text/plain"
        )
    return export_response(articles_in_order(ids), fmt, "search", request.build_absolute_uri)
