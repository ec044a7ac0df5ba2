"""The Whoosh schema and the mapping from a SearchDocument to the fields it indexes."""

from __future__ import annotations

from datetime import date
from typing import Any

from whoosh import formats
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, TEXT, FieldType, Schema

from archive.extraction.text import nfc
from archive.search.analysis import archive_analyzer
from archive.search.base import SearchDocument, document_fingerprint

# Query-time boosts per text field (kept out of the index so they can change without a rebuild).
TEXT_FIELDS = {"title": 3.0, "entity_names": 2.5, "body": 1.0}
# The unstemmed words of title, body and entity names, for suggestions (see SpellingField).
SPELLING_FIELD = "spelling"
# Indexes built before SPELLING_FIELD kept Whoosh's per-field `spelling=True` words here.
LEGACY_SPELLING_FIELDS = tuple(f"spell_{name}" for name in TEXT_FIELDS)
# SearchQuery facet name -> index field.
FACET_INDEX_FIELDS = {
    "country": "country",
    "locality": "locality",
    "province": "province",
    # Not a facet of its own: the "province" facet's column when SearchQuery.provinces == "2025".
    "province_2025": "province_2025",
    "foreign_place": "foreign_place",
    "official": "official",
    "organisation": "organisation",
    "measure": "measure",
    "source": "source",
    "year": "year",
}
UNDATED = 0  # `published` of an article without a date: yyyymmdd integers sort it first


def build_schema() -> Schema:
    """A fresh schema; every generation of the index is created with it."""
    analyzer = archive_analyzer()
    facet = facet_field()
    # Every posting costs Python time when the index is written, so fields index only what is
    # searched: `id` one exact term (no range tiers, shift_step=0), `published` only a column
    # (date filters and sorts are numpy over it), spelling words once per segment, not per doc.
    return Schema(
        id=NUMERIC(
            int, bits=64, signed=False, unique=True, stored=True, sortable=True, shift_step=0
        ),
        title=TEXT(analyzer=analyzer),
        body=TEXT(analyzer=analyzer, stored=True),
        entity_names=TEXT(analyzer=analyzer),
        published=COLUMN(NumericColumn("I", default=UNDATED)),
        country=facet,
        locality=facet,
        province=facet,
        province_2025=facet,
        foreign_place=facet,
        official=facet,
        organisation=facet,
        measure=facet,
        money=money_field(),
        source=ID,
        year=ID(sortable=True),
        fingerprint=fingerprint_field(),
        story=story_field(),
        spelling=spelling_field(),
    )


class SpellingField(FieldType):
    """Unstemmed words with the number of documents using them; never given in a document.

    Whoosh's `spelling=True` adds one posting per word per document (half of all postings of
    an article). The writers here add one posting per word per segment instead, weighted by the
    segment's documents using it (see `building.add_spelling`); suggestions rank by that weight.
    """

    def __init__(self) -> None:
        self.format = formats.Frequency()
        self.analyzer = None
        self.column_type = None
        self.scorable = False
        self.stored = False
        self.unique = False
        self.indexed = True
        self.spelling = False
        self.vector = None


def spelling_field() -> SpellingField:
    return SpellingField()


def story_field() -> COLUMN:
    """The story key per document (archive.ingest.stories): a column only, for collapsing."""
    return COLUMN(NumericColumn("Q", default=0))


# Facet fields added after the first release: an older index gets them on its next write (and has
# no values in them until rebuild_index, which check_index reports through the fingerprints).
LATER_FACET_FIELDS = ("province", "province_2025", "foreign_place", "organisation", "measure")
MONEY_FIELD = "money"  # the money figures column (money_field); added like the later facets


def money_field() -> COLUMN:
    """Each document's money figures (SearchDocument.money) in a column, read once per segment
    into numpy arrays (facets.MoneyFigures): "measure=usd" per figure, ";"-joined, usd empty when
    the figure has no USD value."""
    return COLUMN(VarBytesColumn())


def money_bytes(money: tuple[tuple[str, float | None], ...]) -> bytes:
    return ";".join(f"{m}={'' if usd is None else repr(float(usd))}" for m, usd in money).encode()


def money_figures(raw: bytes) -> list[tuple[str, float | None]]:
    """money_bytes read back."""
    figures = []
    for part in raw.decode().split(";") if raw else ():
        measure, _, usd = part.partition("=")
        figures.append((measure, float(usd) if usd else None))
    return figures


def facet_field() -> KEYWORD:
    return KEYWORD(commas=True, lowercase=False, scorable=False)


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
        "province": _keywords(document.provinces),
        "province_2025": _keywords(document.provinces_2025),
        "foreign_place": _keywords(document.foreign_places),
        "official": _keywords(document.officials),
        "organisation": _keywords(document.organisations),
        "measure": _keywords(tuple(dict.fromkeys(measure for measure, _ in document.money))),
        "money": money_bytes(document.money),
        "fingerprint": document_fingerprint(document),
        "story": document.story_key,
    }
    if document.source.strip():
        fields["source"] = document.source.strip()
    if document.published is not None:
        fields["year"] = f"{document.published.year:04d}"
    return fields
