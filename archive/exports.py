"""Articles as plain records: the shape of export_articles, the JSON pages and the CSV exports."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from archive.models import Article


def article_record(article: Article) -> dict[str, Any]:
    """One article as the export promises it (country fields as ISO alpha-2 codes)."""
    return {
        "source_file": article.source_file,
        "sha256": article.sha256,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source or None,
        "countries": [{"code": c.code, "name": c.name} for c in article.countries.all()],
        "localities": [
            {
                "name": loc.name,
                "name_local": loc.name_local,
                "kind": loc.kind,
                "country": loc.country.code,
            }
            for loc in article.localities.all()
        ],
        "officials": [
            {
                "name": a.official.name,
                "title": a.title,
                "country": a.official.country.code if a.official.country_id else None,
                "kind": a.official.kind,
            }
            for a in article.appearances.all()
        ],
        "money": [
            {"text": m.text, "amount": _number(m.amount), "currency": m.currency}
            for m in article.money_figures.all()
        ],
    }


def full_article_record(article: Article) -> dict[str, Any]:
    """article_record plus what a restore needs (``export_articles --full``).

    Adds the texts, the article's slug, where its date came from, what editors corrected and when,
    and the entities' slugs (and what a province became), so that restore_articles rebuilds the
    same articles, URLs and corrections in an empty database.
    """
    record = article_record(article)
    record.update(
        slug=article.slug,
        encoding=article.encoding,
        published_origin=article.published_origin,
        corrected_fields=list(article.corrected_fields or ()),
        corrected_at=article.corrected_at.isoformat() if article.corrected_at else None,
        body=article.body,
        original_text=article.original_text,
    )
    for entry, country in zip(record["countries"], article.countries.all(), strict=True):
        entry["slug"] = country.slug
    for entry, locality in zip(record["localities"], article.localities.all(), strict=True):
        entry["slug"] = locality.slug
        became = locality.became
        entry["became"] = (
            None
            if became is None
            else {
                "name": became.name,
                "name_local": became.name_local,
                "kind": became.kind,
                "country": became.country.code,
                "slug": became.slug,
            }
        )
    for entry, appearance in zip(record["officials"], article.appearances.all(), strict=True):
        entry["slug"] = appearance.official.slug
    return record


def _number(amount) -> int | float:
    """Decimal -> a JSON number: whole amounts as integers (3000000000, not 3000000000.00)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


# --- Streamed downloads: every article of a listing or a search, as CSV or JSON Lines ----------

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


def csv_row(record: dict[str, Any], url: str) -> list[str]:
    """One article_record flattened: lists joined with "; ", officials with their title."""
    officials = [
        f"{o['name']} ({o['title']})" if o["title"] else o["name"] for o in record["officials"]
    ]
    values = [
        url,
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
    ]
    return [_safe_cell(value) for value in values]


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def csv_lines(articles: Iterable[Article], absolute_url: Callable[[str], str]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # a BOM so spreadsheet programs read the diacritics as UTF-8
    yield writer.writerow(CSV_COLUMNS)
    for article in articles:
        url = absolute_url(article.get_absolute_url())
        yield writer.writerow(csv_row(article_record(article), url))


def jsonl_lines(articles: Iterable[Article], absolute_url: Callable[[str], str]) -> Iterator[str]:
    for article in articles:
        record = {**article_record(article), "url": absolute_url(article.get_absolute_url())}
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
