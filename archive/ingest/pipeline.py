"""Importing article files: file -> ParsedArticle (pure) -> saved in one transaction -> indexed.

One bad file never stops or rolls back the others: each file is read and parsed on its own, and each
article is written in its own transaction.

Speed, measured with ``make bench``: a large import reads and extracts files in worker processes
while this process writes them in order; a file whose bytes its article already has is recognised
from one query per few hundred files, without extraction; countries, localities and officials
come from a per-import cache (entities.EntityCache), and links are inserted in one statement each.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import DatabaseError, connection, transaction
from django.db.models import Model
from django.utils import timezone

from archive import extraction
from archive.extraction.types import Extraction
from archive.ingest import entities
from archive.ingest.decoding import DecodeError, decode_article_bytes
from archive.models import Article, ArticleOfficial, MoneyFigure, unique_slug

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"

PARALLEL_MIN_FILES = 200  # fewer files are read in this process: a pool costs more than it saves
MAX_WORKERS = 8
_BATCH = 16  # files per task sent to a worker
_PARENT_CHECK_SECONDS = 0.5
_BATCHES_PER_WORKER = 4  # tasks in flight per worker: enough to never wait, little memory
_PARAMETERS_PER_QUERY = 900  # under SQLite's 999


class ImportFailure(Exception):
    """A file that cannot become an article; str() is the one-line reason shown to the user."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # failures travel back from the reading processes
        return type(self), (self.path, self.reason)


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
    data = _read_bytes(path, max_bytes or settings.ARCHIVE_MAX_FILE_BYTES)
    return _parse(path, data, hashlib.sha256(data).hexdigest())


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportFailure(
                path, f"file too large ({size:,} bytes; the limit is {max_bytes:,})"
            )
        return path.read_bytes()
    except OSError as exc:
        raise ImportFailure(path, f"cannot read: {exc.strerror or exc}") from exc


def _parse(path: Path, data: bytes, sha256: str) -> ParsedArticle:
    try:
        decoded = decode_article_bytes(data)
    except DecodeError as exc:
        raise ImportFailure(path, str(exc)) from exc
    extracted = extraction.extract(decoded.text)
    if not extracted.body.strip():
        raise ImportFailure(path, "no article text after removing boilerplate")
    return ParsedArticle(
        source_file=path.name,
        sha256=sha256,
        encoding=decoded.encoding,
        original_text=decoded.text,
        extraction=extracted,
    )


def save_article(
    parsed: ParsedArticle, cache: entities.EntityCache | None = None, *, new: bool = False
) -> tuple[str, Article]:
    """Create or update the article for this file in one transaction.

    The same bytes again change nothing. Changed bytes update the text and the extracted metadata,
    except the fields an editor corrected (Article.corrected_fields), which are kept.

    ``cache`` (one per import) spares the entity lookups. ``new``: the caller found no article for
    this file just before, so the lookup is skipped. Either may be out of date (an editor deleted
    a cached row, another import created the article): the transaction then fails, and the
    article is saved again with the lookup and an emptied cache.
    """
    cache = cache if cache is not None else entities.EntityCache()
    try:
        return _save_once(parsed, cache, new=new)
    except (DatabaseError, ObjectDoesNotExist):
        if not new and not len(cache):  # nothing assumed, nothing stale: a real failure
            raise
        cache.clear()
        return _save_once(parsed, cache, new=False)


def _save_once(
    parsed: ParsedArticle, cache: entities.EntityCache, *, new: bool
) -> tuple[str, Article]:
    # The cache keeps what this transaction learnt only once it has committed.
    with cache.staged(), transaction.atomic():
        article = (
            None
            if new
            else Article.objects.select_for_update().filter(source_file=parsed.source_file).first()
        )
        if article is not None and article.sha256 == parsed.sha256:
            return UNCHANGED, article
        created = article is None
        if article is None:
            article = Article(
                source_file=parsed.source_file,
                slug=unique_slug(
                    Article, parsed.extraction.title, max_length=300, tiebreak=parsed.sha256[:8]
                ),
            )
        kept = set(article.corrected_fields or ())
        _apply_text(article, parsed)
        _apply_scalar_metadata(article, parsed.extraction, kept=kept)
        # A new article is inserted: a row made meanwhile for the file fails it (unique name).
        article.save(force_insert=created)
        _apply_entities(article, parsed.extraction, kept=kept, cache=cache, created=created)
    return CREATED if created else UPDATED, article


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


def _apply_entities(
    article: Article,
    extracted: Extraction,
    *,
    kept: set[str],
    cache: entities.EntityCache,
    created: bool,
) -> None:
    """Link the article's entities; a new article has no links to replace, so it only inserts."""
    if "countries" not in kept:
        pks = [cache.country_pk(code) for code in extracted.countries]
        _set_links(article, "countries", "country", pks, created=created)
    if "localities" not in kept:
        pks = [cache.locality_pk(mention) for mention in extracted.localities]
        _set_links(article, "localities", "locality", pks, created=created)
    if "officials" not in kept:
        if not created:
            article.appearances.all().delete()
        titles: dict[int, str] = {}  # official pk -> the title of its first mention
        mentions = extracted.officials
        for mention, pk in zip(mentions, cache.official_pks(mentions), strict=True):
            titles.setdefault(pk, mention.title[:300])
        _insert_rows(
            ArticleOfficial,
            ("article", "official", "title"),
            [(article.pk, pk, title) for pk, title in titles.items()],
        )
    # Money figures are not editable: they always follow the text.
    if not created:
        article.money_figures.all().delete()
    _insert_rows(
        MoneyFigure,
        ("article", "text", "amount", "currency"),
        [(article.pk, m.text[:120], m.amount, m.currency) for m in extracted.money],
    )


def _set_links(article: Article, field: str, target: str, pks: list[int], *, created: bool):
    """``article.<field>.set(pks)``; for a new article one INSERT of the through rows."""
    if not created:
        getattr(article, field).set(pks)
        return
    through = getattr(Article, field).through
    _insert_rows(through, ("article", target), [(article.pk, pk) for pk in dict.fromkeys(pks)])


def _insert_rows(model: type[Model], fields: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT ``rows`` (values of ``fields``, foreign keys as pks) in one statement per few
    hundred rows. What bulk_create does without building model instances or reading ids back,
    which cost more than the insert itself for the handful of rows an article links."""
    if not rows:
        return
    columns = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    names = ", ".join(quote(column.column) for column in columns)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({names})"
    row_sql = f"({', '.join(['%s'] * len(columns))})"
    per_statement = _PARAMETERS_PER_QUERY // len(columns)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [
                column.get_db_prep_save(value, connection)
                for row in chunk
                for column, value in zip(columns, row, strict=True)
            ]
            cursor.execute(f"{head} VALUES {', '.join([row_sql] * len(chunk))}", params)


# --- the import loop --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unchanged:
    """A file whose bytes are its article's already: nothing to extract or write."""

    article_id: int


# (path, sha256 and id of the article the file imported into earlier, the size limit)
_ReadTask = tuple[Path, str | None, int | None, int]
_ReadResult = ParsedArticle | _Unchanged | ImportFailure


def _read_task(task: _ReadTask) -> _ReadResult:
    """One file read and extracted, or recognised as unchanged; a failure as a value."""
    path, known_sha256, known_id, max_bytes = task
    try:
        data = _read_bytes(path, max_bytes)
        sha256 = hashlib.sha256(data).hexdigest()
        if known_id is not None and sha256 == known_sha256:
            return _Unchanged(known_id)
        return _parse(path, data, sha256)
    except ImportFailure as failure:
        return failure
    except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop the others
        return ImportFailure(path, f"{type(exc).__name__}: {exc}")


def _read_batch(tasks: list[_ReadTask]) -> list[_ReadResult]:
    return [_read_task(task) for task in tasks]


def _read_tasks(files: list[Path]) -> tuple[list[_ReadTask], set[str]]:
    """The files with what the database knows of them (one query per few hundred files), and the
    names it has no article for.

    A name that occurs twice in this import gets neither: its first file may change the article
    before the second is read.
    """
    names = Counter(path.name for path in files)
    wanted = sorted(name for name, count in names.items() if count == 1)
    known: dict[str, tuple[str, int]] = {}
    for start in range(0, len(wanted), _PARAMETERS_PER_QUERY):
        rows = Article.objects.filter(
            source_file__in=wanted[start : start + _PARAMETERS_PER_QUERY]
        ).values_list("source_file", "sha256", "pk")
        known.update((name, (sha256, pk)) for name, sha256, pk in rows)
    max_bytes = settings.ARCHIVE_MAX_FILE_BYTES
    tasks = [(path, *known.get(path.name, (None, None)), max_bytes) for path in files]
    return tasks, set(wanted) - known.keys()


def _default_workers(file_count: int) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if file_count < PARALLEL_MIN_FILES or (cpus or 1) < 2:
        return 0  # a pool's start-up costs more than it saves
    return min(cpus, MAX_WORKERS)


def _read_in_order(tasks: list[_ReadTask], workers: int) -> Iterator[_ReadResult]:
    """Each task's result, in order; with ``workers`` > 0 extracted in that many processes while
    the caller writes. A bounded window of batches in flight keeps memory flat."""
    if workers <= 0:
        yield from map(_read_task, tasks)
        return
    batches = iter([tasks[i : i + _BATCH] for i in range(0, len(tasks), _BATCH)])
    # fork: the workers start with the gazetteers and regexes already loaded.
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_exit_with, initargs=(os.getpid(),)
    )
    in_flight: deque[tuple[list[_ReadTask], Future | None]] = deque()

    def submit(batch: list[_ReadTask]) -> None:
        try:
            in_flight.append((batch, pool.submit(_read_batch, batch)))
        except BrokenProcessPool:
            in_flight.append((batch, None))  # read it here instead

    try:
        for batch in islice(batches, workers * _BATCHES_PER_WORKER):
            submit(batch)
        while in_flight:
            batch, future = in_flight.popleft()
            try:
                results = future.result() if future is not None else _read_batch(batch)
            except BrokenProcessPool:  # a worker died (killed, out of memory): go on here
                results = _read_batch(batch)
            next_batch = next(batches, None)
            if next_batch is not None:
                submit(next_batch)
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _exit_with(parent: int) -> None:
    """In a worker: exit when the importer is gone. A killed importer (SIGKILL) cannot stop its
    workers, which would otherwise wait for work forever."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="exit-with-importer").start()


def import_paths(
    paths: Iterable[str | Path],
    *,
    on_file: Callable[[Path, str, ImportFailure | None], None] | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import every article file under ``paths``; ``on_file(path, outcome, failure)`` after each.

    Files are read and extracted in ``workers`` processes (default: one per CPU for a large
    import, none for a small one) while this process writes them, in order, one transaction each.
    """
    report = ImportReport()
    items = list(find_article_files(paths))
    files = [item for item in items if not isinstance(item, ImportFailure)]
    tasks, absent = _read_tasks(files)
    results = _read_in_order(tasks, _default_workers(len(tasks)) if workers is None else workers)
    cache = entities.EntityCache()
    try:
        for item in items:
            if isinstance(item, ImportFailure):
                _record_failure(report, item, on_file)
                continue
            result = next(results)
            if isinstance(result, ImportFailure):
                _record_failure(report, result, on_file)
                continue
            if isinstance(result, _Unchanged):
                outcome, article_id = UNCHANGED, result.article_id
            else:
                try:
                    outcome, article = save_article(result, cache, new=item.name in absent)
                except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop the others
                    failure = ImportFailure(item, f"{type(exc).__name__}: {exc}")
                    _record_failure(report, failure, on_file)
                    continue
                article_id = article.pk
            report.counts[outcome] += 1
            if outcome != UNCHANGED:
                report.changed_ids.append(article_id)
            else:
                report.unchanged_ids.append(article_id)
            if on_file:
                on_file(item, outcome, None)
    finally:
        results.close()  # stops the workers if this loop ended early
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
