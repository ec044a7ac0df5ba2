"""The Whoosh schema and the mapping from a SearchDocument to the fields it indexes."""

from __future__ import annotations

from datetime import date
from typing import Any

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from archive.extraction.text import nfc
from archive.search.analysis import archive_analyzer
from archive.search.base import SearchDocument, document_fingerprint

# Query-time boosts per text field (kept out of the index so they can change without a rebuild).
TEXT_FIELDS = {"title": 3.0, "entity_names": 2.5, "body": 1.0}
# Whoosh indexes unstemmed words of a `spelling=True` field under this prefix.
SPELLING_FIELDS = tuple(f"spell_{name}" for name in TEXT_FIELDS)
# SearchQuery facet name -> index field.
FACET_INDEX_FIELDS = {
    "country": "country",
    "locality": "locality",
    "official": "official",
    "source": "source",
    "year": "year",
}
UNDATED = 0  # `published` of an article without a date: yyyymmdd integers sort it first


def build_schema() -> Schema:
    """A fresh schema; every generation of the index is created with it."""
    analyzer = archive_analyzer()
    facet = KEYWORD(commas=True, lowercase=False, scorable=False)
    return Schema(
        id=NUMERIC(int, bits=64, signed=False, unique=True, stored=True, sortable=True),
        title=TEXT(analyzer=analyzer, spelling=True),
        body=TEXT(analyzer=analyzer, stored=True, spelling=True),
        entity_names=TEXT(analyzer=analyzer, spelling=True),
        published=NUMERIC(int, bits=32, signed=False, sortable=True),
        country=facet,
        locality=facet,
        official=facet,
        source=ID,
        year=ID(sortable=True),
        month=ID(sortable=True),
        fingerprint=fingerprint_field(),
    )


def fingerprint_field() -> ID:
    """document_fingerprint per document, in a column so check_index reads it without bodies."""
    return ID(sortable=True)


def date_number(day: date | None) -> int:
    """2024-03-05 -> 20240305; None -> UNDATED."""
    return UNDATED if day is None else day.year * 10000 + day.month * 100 + day.day


def _keywords(values: tuple[str, ...]) -> str:
    # Commas separate values in a KEYWORD field; a stray comma in a slug must not split it.
    return ",".join(value.replace(",", " ").strip() for value in values if value.strip())


def document_fields(document: SearchDocument) -> dict[str, Any]:
    """The keyword arguments for ``writer.update_document`` for one article."""
    fields: dict[str, Any] = {
        "id": document.id,
        "title": nfc(document.title),
        "body": nfc(document.body),
        "entity_names": nfc("\n".join(document.entity_names)),
        "published": date_number(document.published),
        "country": _keywords(document.countries),
        "locality": _keywords(document.localities),
        "official": _keywords(document.officials),
        "fingerprint": document_fingerprint(document),
    }
    if document.source.strip():
        fields["source"] = document.source.strip()
    if document.published is not None:
        fields["year"] = f"{document.published.year:04d}"
        fields["month"] = f"{document.published.year:04d}-{document.published.month:02d}"
    return fields
