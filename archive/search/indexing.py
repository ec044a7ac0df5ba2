"""Database -> search index: the documents the backend indexes, and keeping them current.

Writes reach the index only after the database transaction commits (``transaction.on_commit``), so a
rolled-back save never shows up in search.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from archive.extraction import gazetteer
from archive.models import Article
from archive.search import get_backend
from archive.search.base import (
    SearchDocument,
    SearchQuery,
    SearchUnavailable,
    document_fingerprint,
)

log = logging.getLogger(__name__)
BATCH_SIZE = 500


def article_document(article: Article) -> SearchDocument:
    """The index's view of an article, with its entities' names and aliases for matching."""
    countries = list(article.countries.all())
    localities = list(article.localities.all())
    officials = [appearance.official for appearance in article.appearances.all()]
    names: list[str] = []
    for country in countries:
        names.append(country.name)
        names.extend(gazetteer.country_aliases(country.code))
    for locality in localities:
        names.extend([locality.name, locality.name_local])
        names.extend(gazetteer.locality_aliases(locality.name, locality.country.code))
        if locality.became_id:
            names.append(locality.became.name)
    names.extend(official.name for official in officials)
    return SearchDocument(
        id=article.pk,
        title=article.title,
        body=article.body,
        published=article.published,
        source=article.source,
        countries=tuple(c.slug for c in countries),
        localities=tuple(loc.slug for loc in localities),
        officials=tuple(o.slug for o in officials),
        entity_names=tuple(dict.fromkeys(n for n in names if n)),
        story=article.story_id if article.story_id != article.pk else None,
    )


def _articles_for_index():
    return Article.objects.prefetch_related(
        "countries", "localities__country", "localities__became", "appearances__official"
    ).order_by("pk")


def iter_documents(ids: Iterable[int] | None = None) -> Iterator[SearchDocument]:
    queryset = _articles_for_index()
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    for article in queryset.iterator(chunk_size=BATCH_SIZE):
        yield article_document(article)


def index_articles(ids: Iterable[int]) -> None:
    """(Re)index these articles now; ids no longer in the database are removed from the index."""
    ids = list(ids)
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        documents = list(iter_documents(batch))
        backend = get_backend()
        backend.index(documents)
        missing = set(batch) - {d.id for d in documents}
        if missing:
            backend.delete(missing)


def reindex_on_commit(ids: Iterable[int]) -> None:
    """Index these articles once the current transaction commits (never if it rolls back)."""
    ids = list(ids)
    transaction.on_commit(lambda: index_articles(ids))


def remove_on_commit(ids: Iterable[int]) -> None:
    ids = list(ids)
    transaction.on_commit(lambda: get_backend().delete(ids))


def rebuild() -> int:
    return get_backend().rebuild(iter_documents())


# -- Consistency: does the index hold exactly what the database would index now? ----------------


@dataclass
class IndexCheck:
    """What differs between the database and the index, as sorted article ids."""

    missing: list[int] = field(default_factory=list)  # in the database, not in the index
    stale: list[int] = field(default_factory=list)  # indexed, but not as the database has it now
    phantom: list[int] = field(default_factory=list)  # in the index, no longer in the database

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.phantom)


def check_index(ids: Iterable[int] | None = None) -> IndexCheck:
    """Compare the index with the database: every article, or only these ids.

    A document is stale when its stored fingerprint differs from the fingerprint of the document
    the database gives now (an index built before fingerprints existed is stale throughout).
    """
    indexed = get_backend().indexed_fingerprints()
    check = IndexCheck()
    in_database: set[int] = set()
    wanted = None if ids is None else sorted(set(ids))
    batches = [None] if wanted is None else _batches(wanted)
    for batch in batches:
        for document in iter_documents(batch):
            in_database.add(document.id)
            fingerprint = indexed.get(document.id)
            if fingerprint is None:
                check.missing.append(document.id)
            elif fingerprint != document_fingerprint(document):
                check.stale.append(document.id)
    candidates = set(indexed) if wanted is None else set(wanted) & set(indexed)
    check.phantom = sorted(candidates - in_database)
    check.missing.sort()
    check.stale.sort()
    return check


def repair_index(check: IndexCheck) -> None:
    """Index the missing and stale articles again and remove the phantoms."""
    index_articles(check.missing + check.stale + check.phantom)


def bring_up_to_date(ids: Iterable[int]) -> IndexCheck:
    """Reindex those of ``ids`` whose index entry is missing, stale or phantom; returns what was."""
    check = check_index(ids)
    repair_index(check)
    return check


def _batches(ids: list[int]) -> list[list[int]]:
    # SQLite caps the variables of one query: ask for ids a batch at a time.
    return [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]


def warm_up() -> bool:
    """Open the index and build its per-segment arrays now, before a visitor waits for them.

    The first search in a process builds them (0.4 s at 20k articles, seconds at 100k); later
    searches and searches after an editor's save reuse them. Returns whether the index was there.
    """
    try:
        get_backend().search(SearchQuery())
    except SearchUnavailable:
        log.info("no search index to warm up yet")
        return False
    return True
