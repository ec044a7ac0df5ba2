"""Database -> search index: the documents the backend indexes, and keeping them current.

Writes reach the index only after the database transaction commits (``transaction.on_commit``), so a
rolled-back save never shows up in search.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from django.db import transaction

from archive.extraction import gazetteer
from archive.models import Article
from archive.search import get_backend
from archive.search.base import SearchDocument

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
