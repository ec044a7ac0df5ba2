"""Importing article files: file -> ParsedArticle (pure) -> saved in one transaction -> indexed.

One bad file never stops or rolls back the others: each file is read and parsed on its own, and each
article is written in its own transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from archive import entities, extraction
from archive.decoding import DecodeError, decode_article_bytes
from archive.extraction.types import Extraction
from archive.models import Article, ArticleOfficial, MoneyFigure, unique_slug

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"


class ImportFailure(Exception):
    """A file that cannot become an article; str() is the one-line reason shown to the user."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class ParsedArticle:
    source_file: str
    sha256: str
    encoding: str
    original_text: str
    extraction: Extraction


@dataclass
class ImportReport:
    counts: dict[str, int] = field(
        default_factory=lambda: {CREATED: 0, UPDATED: 0, UNCHANGED: 0, FAILED: 0}
    )
    failures: list[ImportFailure] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)
    # Articles this run left as they were; a killed earlier run may not have indexed them.
    unchanged_ids: list[int] = field(default_factory=list)

    def summary(self) -> str:
        return ", ".join(f"{name} {count}" for name, count in self.counts.items())


def find_article_files(paths: Iterable[str | Path]) -> Iterator[Path | ImportFailure]:
    """The ``*.txt`` files under each path (folders recursively, sorted); bad paths as failures."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.txt") if p.is_file())
        elif path.is_file():
            yield path
        elif path.exists():
            yield ImportFailure(path, "not a regular file")
        else:
            yield ImportFailure(path, "no such file or folder")


def read_article_file(path: Path, *, max_bytes: int | None = None) -> ParsedArticle:
    """Read, decode and extract one file. Pure: touches no database."""
    max_bytes = max_bytes or settings.ARCHIVE_MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFailure(
                path, f"file too large ({size:,} bytes; the limit is {max_bytes:,})"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFailure(path, f"cannot read: {exc.strerror or exc}") from exc
    try:
        decoded = decode_article_bytes(data)
    except DecodeError as exc:
        raise ImportFailure(path, str(exc)) from exc
    extracted = extraction.extract(decoded.text)
    if not extracted.body.strip():
        raise ImportFailure(path, "no article text after removing boilerplate")
    return ParsedArticle(
        source_file=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=decoded.encoding,
        original_text=decoded.text,
        extraction=extracted,
    )


def save_article(parsed: ParsedArticle) -> tuple[str, Article]:
    """Create or update the article for this file in one transaction.

    The same bytes again change nothing. Changed bytes update the text and the extracted metadata,
    except the fields an editor corrected (Article.corrected_fields), which are kept.
    """
    with transaction.atomic():
        article = Article.objects.select_for_update().filter(source_file=parsed.source_file).first()
        if article is not None and article.sha256 == parsed.sha256:
            return UNCHANGED, article
        outcome = CREATED if article is None else UPDATED
        if article is None:
            article = Article(
                source_file=parsed.source_file,
                slug=unique_slug(Article, parsed.extraction.title, max_length=300),
            )
        kept = set(article.corrected_fields or ())
        _apply_text(article, parsed)
        _apply_scalar_metadata(article, parsed.extraction, kept=kept)
        article.save()
        _apply_entities(article, parsed.extraction, kept=kept)
    return outcome, article


def _apply_text(article: Article, parsed: ParsedArticle) -> None:
    article.original_text = parsed.original_text
    article.sha256 = parsed.sha256
    article.encoding = parsed.encoding
    article.body = parsed.extraction.body


def _apply_scalar_metadata(article: Article, extracted: Extraction, *, kept: set[str]) -> None:
    if "title" not in kept:
        article.title = extracted.title[:300]
    if "published" not in kept:
        article.published = extracted.published.value if extracted.published else None
        article.published_origin = extracted.published.origin if extracted.published else ""
    if "source" not in kept:
        article.source = (extracted.source or "")[:80]


def _apply_entities(article: Article, extracted: Extraction, *, kept: set[str]) -> None:
    if "countries" not in kept:
        article.countries.set([entities.country_for_code(code) for code in extracted.countries])
    if "localities" not in kept:
        article.localities.set([entities.locality_for(m) for m in extracted.localities])
    if "officials" not in kept:
        article.appearances.all().delete()
        seen: set[int] = set()
        for mention in extracted.officials:
            official = entities.official_for(mention)
            if official.pk not in seen:
                seen.add(official.pk)
                ArticleOfficial.objects.create(
                    article=article, official=official, title=mention.title[:300]
                )
    # Money figures are not editable: they always follow the text.
    article.money_figures.all().delete()
    MoneyFigure.objects.bulk_create(
        MoneyFigure(article=article, text=m.text[:120], amount=m.amount, currency=m.currency)
        for m in extracted.money
    )


def import_paths(
    paths: Iterable[str | Path],
    *,
    on_file: Callable[[Path, str, ImportFailure | None], None] | None = None,
) -> ImportReport:
    """Import every article file under ``paths``; ``on_file(path, outcome, failure)`` after each."""
    report = ImportReport()
    for item in find_article_files(paths):
        if isinstance(item, ImportFailure):
            _record_failure(report, item, on_file)
            continue
        try:
            outcome, article = save_article(read_article_file(item))
        except ImportFailure as failure:
            _record_failure(report, failure, on_file)
            continue
        except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop the others
            _record_failure(report, ImportFailure(item, f"{type(exc).__name__}: {exc}"), on_file)
            continue
        report.counts[outcome] += 1
        if outcome != UNCHANGED:
            report.changed_ids.append(article.pk)
        else:
            report.unchanged_ids.append(article.pk)
        if on_file:
            on_file(item, outcome, None)
    return report


def _record_failure(report: ImportReport, failure: ImportFailure, on_file) -> None:
    report.counts[FAILED] += 1
    report.failures.append(failure)
    if on_file:
        on_file(failure.path, FAILED, failure)


def mark_corrected(article: Article, fields: Iterable[str]) -> None:
    """Record that an editor corrected these metadata fields (kept by later re-imports)."""
    changed = set(fields) & set(Article.CORRECTABLE_FIELDS)
    if changed:
        article.corrected_fields = sorted(set(article.corrected_fields or ()) | changed)
        article.corrected_at = timezone.now()
