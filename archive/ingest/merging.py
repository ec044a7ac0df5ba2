"""Merging duplicate officials: one person, one row, every appearance kept."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count

from archive.ingest import mentions
from archive.ingest.pipeline import mark_corrected
from archive.models import Article, ArticleOfficial, Official


@dataclass(frozen=True)
class MergeResult:
    kept: Official
    merged_count: int
    article_ids: list[int]


def merge_officials(officials: list[Official]) -> MergeResult:
    """Keep the official with most appearances (then the oldest); re-point the others' appearances.

    Where both appeared in one article, the longer title is kept. The articles touched are marked as
    corrected for their officials, so a re-import does not split the person again.
    """
    ranked = sorted(
        Official.objects.filter(pk__in=[o.pk for o in officials]).annotate(n=Count("appearances")),
        key=lambda o: (-o.n, o.pk),
    )
    kept, duplicates = ranked[0], ranked[1:]
    article_ids: set[int] = set()
    with transaction.atomic():
        for appearance in ArticleOfficial.objects.filter(official__in=duplicates):
            article_ids.add(appearance.article_id)
            existing = ArticleOfficial.objects.filter(
                article_id=appearance.article_id, official=kept
            ).first()
            if existing is None:
                appearance.official = kept
                appearance.save(update_fields=["official"])
                continue
            if len(appearance.title) > len(existing.title):
                existing.title = appearance.title
                existing.save(update_fields=["title"])
            appearance.delete()
        if kept.country_id is None:
            kept.country_id = next((d.country_id for d in duplicates if d.country_id), None)
            kept.save(update_fields=["country"])
        Official.objects.filter(pk__in=[d.pk for d in duplicates]).delete()
        for article in Article.objects.filter(pk__in=article_ids):
            mark_corrected(article, ["officials"])
            article.save(update_fields=["corrected_fields", "corrected_at"])
            mentions.record_mentions(article)
    return MergeResult(kept=kept, merged_count=len(duplicates), article_ids=sorted(article_ids))
