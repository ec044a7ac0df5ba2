"""Importing article files: file -> ParsedArticle (pure) -> saved in one transaction -> indexed.

One bad file never stops or rolls back the others: each file is read and parsed on its own, and each
article is written in a savepoint of its own, inside a transaction of up to SAVE_BATCH articles.

What is imported: ``.txt`` files, saved web pages (``.html``, ``.htm``) and web archives
(``.warc``, ``.warc.gz``: each HTML response record with status 200 is an article, every other
record is counted as skipped). Folders are walked without following symbolic links out of them.

Identity (what makes a file the same article again):

- a plain file is its path relative to the folder given on the command line, with "/" separators
  (a file given directly: its name); that is ``Article.source_file``;
- a web page is its normalised URL (``Article.url``: canonical link, else the crawled URL, else
  og:url); its ``source_file`` is the file's relative path, and ``path#offset`` for a WARC record;
- bytes (SHA-256) that are already an article under another identity are that article (counted
  unchanged), never a second one;
- two files of one import that claim the same identity with different bytes both fail.

Speed, measured with ``make bench`` and ``bench/import_split.py``: a large import reads and
extracts files in worker processes while this process writes them in order, SAVE_BATCH articles
per commit; a file whose bytes its article already has is recognised from one query per few
hundred files, without extraction, and whether new bytes are another article's from one query per
batch; countries, localities, officials and organisations come from a per-import cache
(entities.EntityCache, which also remembers which of a batch's officials and organisations the
database lacks); a batch's slugs are checked in one query, a new article's row is inserted by one
statement made once per process (_insert_article), and its links, money figures and index outbox
rows in one statement per table for the batch (BatchRows).
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import stat
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.models import Model
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from archive import extraction
from archive.extraction.rates import to_usd
from archive.extraction.types import Extraction
from archive.ingest import entities, mentions, stories, warc, web
from archive.ingest.decoding import DecodeError, decode_article_bytes, decode_html_bytes
from archive.models import (
    Article,
    ArticleOfficial,
    ArticleOrganisation,
    IndexOutbox,
    MoneyFigure,
    slug_candidates,
    unique_slug,
)
from archive.rows import in_chunks, insert_rows, is_own_value, plain_types

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
SKIPPED = "skipped"  # a WARC record that is not an HTML page with status 200

TEXT, HTML, WARC = "text", "html", "warc"
SUFFIXES = {".txt": TEXT, ".html": HTML, ".htm": HTML, ".warc": WARC, ".warc.gz": WARC}
SOURCE_FILE_MAX = Article._meta.get_field("source_file").max_length

PARALLEL_MIN_FILES = 200  # fewer files are read in this process: a pool costs more than it saves
MAX_WORKERS = 8
_BATCH = 16  # files per task sent to a worker
_PARENT_CHECK_SECONDS = 0.5
_BATCHES_PER_WORKER = 4  # tasks in flight per worker: enough to never wait, little memory


class ImportFailure(Exception):
    """A file that cannot become an article; str() is the one-line reason shown to the user."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # failures travel back from the reading processes
        return type(self), (self.path, self.reason)


@dataclass(frozen=True)
class SourceFile:
    """A file to import: where it is, its identity (the path relative to the folder given) and
    what kind of file it is."""

    path: Path
    name: str
    kind: str = TEXT


@dataclass(frozen=True)
class ParsedArticle:
    source_file: str
    sha256: str
    encoding: str
    original_text: str  # decoded; ``original_text.encode(encoding)`` gives the bytes back
    extraction: Extraction
    url: str = ""  # a web page's identity
    publisher: str = ""
    author: str = ""
    crawled: datetime | None = None
    # The body's near-duplicate signature (stories.py), made here so worker processes make it.
    story_signature: bytes = b""


@dataclass
class ImportReport:
    counts: dict[str, int] = field(
        default_factory=lambda: {CREATED: 0, UPDATED: 0, UNCHANGED: 0, FAILED: 0}
    )
    failures: list[ImportFailure] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)
    # Articles this run left as they were; a killed earlier run may not have indexed them.
    unchanged_ids: list[int] = field(default_factory=list)
    skipped: int = 0  # WARC records that are not pages (requests, images, 404s, revisits, ...)

    def summary(self) -> str:
        counts = [*self.counts.items(), (SKIPPED, self.skipped)]
        return ", ".join(f"{name} {count}" for name, count in counts)


def find_article_files(paths: Iterable[str | Path]) -> Iterator[SourceFile | ImportFailure]:
    """The article files under each path (folders walked in sorted order); what cannot be
    imported as a failure with its reason: missing paths, special files, unreadable folders,
    folders named like article files, symbolic links that lead out of the folder."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield SourceFile(path, _fit(path.name), _kind(path.name) or TEXT)
        elif path.exists():
            yield ImportFailure(path, f"not a regular file ({_file_type(path)})")
        else:
            yield ImportFailure(path, "no such file or folder")


def _kind(name: str) -> str | None:
    lower = name.lower()
    return next((kind for suffix, kind in SUFFIXES.items() if lower.endswith(suffix)), None)


def _walk(root: Path) -> Iterator[SourceFile | ImportFailure]:
    """One folder, recursively, without following symbolic links; sorted by relative path."""
    real_root = os.path.realpath(root)
    found: list[tuple[tuple[str, ...], SourceFile | ImportFailure]] = []

    def add(path: Path, item: SourceFile | ImportFailure) -> None:
        found.append((path.relative_to(root).parts, item))

    def unreadable(error: OSError) -> None:
        folder = Path(error.filename or root)
        add(folder, ImportFailure(folder, f"cannot read folder: {error.strerror or error}"))

    for folder, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(folder)
        for name in list(dirnames):
            path = here / name
            if path.is_symlink():
                dirnames.remove(name)  # never followed; its target is walked where it lives
                if not _inside(real_root, path):
                    add(path, ImportFailure(path, f"symbolic link points outside {root}"))
            elif _kind(name):
                add(path, ImportFailure(path, "a folder named like an article file"))
        for name in filenames:
            path = here / name
            item = _found_file(root, real_root, path)
            if item is not None:
                add(path, item)
    yield from (item for _, item in sorted(found, key=lambda pair: pair[0]))


def _found_file(root: Path, real_root: str, path: Path) -> SourceFile | ImportFailure | None:
    """A walked name as a file to import, a failure, or None for a file of another kind."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        return ImportFailure(path, f"cannot read: {exc.strerror or exc}")
    kind = _kind(path.name)
    if stat.S_ISLNK(mode):
        if not _inside(real_root, path):
            return ImportFailure(path, f"symbolic link points outside {root}")
        if not path.exists():
            return ImportFailure(path, "broken symbolic link") if kind else None
        if not path.is_file():
            return None  # a link to a folder inside: walked where it lives
        mode = path.stat().st_mode
    if stat.S_ISREG(mode):
        if kind is None:
            return None
        return SourceFile(path, _fit(path.relative_to(root).as_posix()), kind)
    return ImportFailure(path, f"not a regular file ({_file_type(path)})")


def _inside(real_root: str, path: Path) -> bool:
    target = os.path.realpath(path)
    return os.path.commonpath([real_root, target]) == real_root


def _file_type(path: Path) -> str:
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "unreadable"
    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return name
    return "special file"


def _fit(name: str) -> str:
    """``name`` as a source_file: a name too long for the column keeps its start and ends with a
    hash of the whole, so two long names stay two."""
    if len(name) <= SOURCE_FILE_MAX:
        return name
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f"{name[: SOURCE_FILE_MAX - len(digest) - 1]}~{digest}"


def read_article_file(path: Path | SourceFile, *, max_bytes: int | None = None) -> ParsedArticle:
    """Read, decode and extract one ``.txt`` or HTML file. Pure: touches no database."""
    source = path if isinstance(path, SourceFile) else SourceFile(path, path.name, _kind_of(path))
    data = _read_bytes(source.path, max_bytes or settings.ARCHIVE_MAX_FILE_BYTES)
    return _parse(source, data, hashlib.sha256(data).hexdigest())


def _kind_of(path: Path) -> str:
    return _kind(path.name) or TEXT


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


def _parse(source: SourceFile, data: bytes, sha256: str) -> ParsedArticle:
    if source.kind == HTML:
        return _parse_page(source.path, source.name, data, sha256)
    path = source.path
    try:
        decoded = decode_article_bytes(data)
    except DecodeError as exc:
        raise ImportFailure(path, str(exc)) from exc
    extracted = extraction.extract(decoded.text)
    if not extracted.body.strip():
        raise ImportFailure(path, "no article text after removing boilerplate")
    return ParsedArticle(
        source_file=source.name,
        sha256=sha256,
        encoding=decoded.encoding,
        original_text=decoded.text,
        extraction=extracted,
        story_signature=stories.to_bytes(stories.signature(extracted.body)),
    )


def _parse_page(
    path: Path,
    source_file: str,
    data: bytes,
    sha256: str,
    *,
    where: str = "",
    target_uri: str = "",
    charset: str | None = None,
    crawled: datetime | None = None,
) -> ParsedArticle:
    """An HTML page (a file, or a WARC record's payload) as an article; ``where`` names the
    record in a failure's reason."""
    try:
        decoded = decode_html_bytes(data, charset)
        page = web.read_page(decoded.text, target_uri=target_uri)
    except (DecodeError, web.PageError) as exc:
        raise ImportFailure(path, f"{where}{exc}") from exc
    return ParsedArticle(
        source_file=source_file,
        sha256=sha256,
        encoding=decoded.encoding,
        original_text=decoded.text,
        extraction=page.extraction,
        url=page.url[:2000],
        publisher=page.publisher,
        author=page.author,
        crawled=crawled,
        story_signature=stories.to_bytes(stories.signature(page.extraction.body)),
    )


def _read_warc(
    source: SourceFile, max_bytes: int, known: dict[str, tuple[str, int]]
) -> list[_ReadResult]:
    """Every record of a WARC file: pages parsed (or recognised as unchanged by ``known``:
    source_file -> (sha256, article id)), other records skipped, a broken file a failure after
    the records before the break."""
    results: list[_ReadResult] = []
    try:
        for item in warc.read_warc(source.path, max_payload=max_bytes):
            label = f"record at offset {item.offset} ({item.target_uri or 'no URI'}): "
            source_file = _fit(f"{source.name}#{item.offset}")
            if isinstance(item, warc.WarcSkip):
                results.append(_Skipped(source.path, item.offset, item.reason))
                continue
            if isinstance(item, warc.WarcBadRecord):
                results.append(ImportFailure(source.path, label + item.reason))
                continue
            sha256 = hashlib.sha256(item.payload).hexdigest()
            if known.get(source_file, ("",))[0] == sha256:
                results.append(_Unchanged(known[source_file][1], source.path, item.offset))
                continue
            try:
                results.append(
                    _parse_page(
                        source.path,
                        source_file,
                        item.payload,
                        sha256,
                        where=label,
                        target_uri=item.target_uri,
                        charset=item.charset,
                        crawled=item.crawled,
                    )
                )
            except ImportFailure as failure:
                results.append(failure)
            except Exception as exc:  # noqa: BLE001 - one record's surprise must not stop the rest
                results.append(ImportFailure(source.path, f"{label}{type(exc).__name__}: {exc}"))
    except warc.WarcError as exc:
        results.append(ImportFailure(source.path, f"broken WARC file {exc}"))
    except OSError as exc:
        results.append(ImportFailure(source.path, f"cannot read: {exc.strerror or exc}"))
    return results


def save_article(
    parsed: ParsedArticle,
    cache: entities.EntityCache | None = None,
    *,
    new: bool = False,
    stored_sha256: set[str] | None = None,
    known_slugs: dict[str, bool] | None = None,
    rows: BatchRows | None = None,
) -> tuple[str, Article]:
    """Create or update the article for this file in one transaction.

    The same bytes again change nothing. Changed bytes update the text and the extracted metadata,
    except the fields an editor corrected (Article.corrected_fields), which are kept.

    ``cache`` (one per import) spares the entity lookups. ``new``: the caller found no article for
    this file just before, so the lookup is skipped. Either may be out of date (an editor deleted
    a cached row, another import created the article): the transaction then fails, and the
    article is saved again with the lookup and an emptied cache.

    ``stored_sha256``: every SHA-256 an article in the database may have (a superset, read by the
    caller in the same transaction); bytes not in it are no other article's, without a query.
    ``known_slugs``: which article slugs exist, as the caller read them in the same transaction
    (``unique_slug``'s ``known``). ``rows``: the caller's batch writes the article's index
    outbox row and a new article's links (BatchRows.write, in the same transaction).
    """
    cache = cache if cache is not None else entities.EntityCache()
    mark = rows.mark() if rows is not None else None
    try:
        try:
            return _save_once(
                parsed,
                cache,
                new=new,
                stored_sha256=stored_sha256,
                known_slugs=known_slugs,
                rows=rows,
            )
        except (DatabaseError, ObjectDoesNotExist):
            if not new and not len(cache):  # nothing assumed, nothing stale: a real failure
                raise
            if rows is not None:
                rows.undo(mark)
            cache.clear()
            return _save_once(parsed, cache, new=False, rows=rows)
    except BaseException:
        if rows is not None:  # the article's savepoint is rolled back: so are its rows
            rows.undo(mark)
        raise


def _save_once(
    parsed: ParsedArticle,
    cache: entities.EntityCache,
    *,
    new: bool,
    stored_sha256: set[str] | None = None,
    known_slugs: dict[str, bool] | None = None,
    rows: BatchRows | None = None,
) -> tuple[str, Article]:
    # The cache keeps what this transaction learnt only once it has committed.
    with cache.staged(), transaction.atomic():
        article = None if new and not parsed.url else _article_for(parsed)
        if article is not None and article.sha256 == parsed.sha256:
            return UNCHANGED, article
        if article is not None and _older_crawl(parsed, article):
            return UNCHANGED, article  # an older crawl of the page never replaces a newer one
        if article is None and (stored_sha256 is None or parsed.sha256 in stored_sha256):
            # The same bytes under another identity (a renamed or copied file): that article.
            same = Article.objects.filter(sha256=parsed.sha256).order_by("pk").first()
            if same is not None:
                return UNCHANGED, same
        created = article is None
        if article is None:
            article = Article(
                slug=unique_slug(Article, **_slug_arguments(parsed), known=known_slugs),
            )
        article.source_file = _free_source_file(parsed, article.pk)
        kept = set(article.corrected_fields or ())
        _apply_text(article, parsed)
        _apply_scalar_metadata(article, parsed, kept=kept)
        # The entities are the extraction's unless an editor corrected them: then the article's.
        from_text = not (kept & set(mentions.ENTITY_FIELDS))
        named = None
        if from_text:
            named = mentions.from_extraction(parsed.extraction, cache)
            article.mention_spans = mentions.first_mentions(article.body, named)
        # A new article is inserted: a row made meanwhile for the file fails it (unique name).
        save = _insert_article if created else Article.save
        if rows is None:
            save(article)
        else:
            article.index_outbox_by_caller = True  # models._article_saved leaves it to rows
            try:
                save(article)
            finally:
                del article.index_outbox_by_caller
            rows.outbox.append(article.pk)
        insert = rows.add if rows is not None and created else insert_rows
        _apply_entities(
            article,
            parsed.extraction,
            kept=kept,
            cache=cache,
            created=created,
            insert=insert,
            named=named,
        )
        if not from_text:
            mentions.record_mentions(article)
    return CREATED if created else UPDATED, article


def _insert_article(article: Article) -> None:
    """``article.save(force_insert=True)``: the same signals, the same INSERT statement and
    values, the pk read back the same way, without the query compiler building the statement
    again for every article (the compiler cost more than the insert). Values that are their own
    database value (str for a text column) skip the field's conversion, as in insert_rows."""
    db = connections[DEFAULT_DB_ALIAS]  # what ``connection`` stands for, looked up once
    sql, columns, returning = _article_insert_sql(db.alias, db.vendor)
    meta = Article._meta
    pre_save.send(Article, instance=article, raw=False, using=db.alias, update_fields=None)
    params = []
    for column, kinds in columns:
        value = column.pre_save(article, True)  # auto_now(_add) set here, as save() does
        params.append(value if is_own_value(value, kinds) else column.get_db_prep_save(value, db))
    with transaction.mark_for_rollback_on_error(db.alias), db.cursor() as cursor:
        cursor.execute(sql, params)
        if db.features.can_return_columns_from_insert:
            pk = db.ops.fetch_returned_insert_columns(cursor, returning)[0]
        else:
            pk = db.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    setattr(article, meta.pk.attname, pk)
    article._state.adding = False
    article._state.db = db.alias
    post_save.send(
        Article, instance=article, created=True, update_fields=None, raw=False, using=db.alias
    )


@cache
def _article_insert_sql(alias: str, vendor: str) -> tuple[str, list, tuple]:
    """The INSERT of a new article as Model.save makes it, its columns with the types whose
    values need no conversion, and the RETURNING clause's parameters."""
    db = connections[alias]
    meta = Article._meta
    columns = [
        f for f in meta.local_concrete_fields if f is not meta.auto_field and not f.generated
    ]
    quote = db.ops.quote_name
    names = ", ".join(quote(column.column) for column in columns)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    )
    returning: tuple = ()
    if db.features.can_return_columns_from_insert:
        clause, returning = db.ops.return_insert_columns([meta.pk])
        sql = f"{sql} {clause}"
    return sql, [(column, plain_types(column, db)) for column in columns], tuple(returning)


def _slug_arguments(parsed: ParsedArticle) -> dict:
    """How a new article's slug is made (``unique_slug``, ``slug_candidates``)."""
    return {"text": parsed.extraction.title, "max_length": 300, "tiebreak": parsed.sha256[:8]}


def _article_for(parsed: ParsedArticle) -> Article | None:
    """The article this file or page is, by its identity: a web page's URL, else the file."""
    articles = Article.objects.select_for_update()
    if parsed.url:
        return articles.filter(url=parsed.url).first()
    return articles.filter(source_file=parsed.source_file).first()


def _older_crawl(parsed: ParsedArticle, article: Article) -> bool:
    return bool(parsed.crawled and article.crawled and parsed.crawled < article.crawled)


def _free_source_file(parsed: ParsedArticle, pk: int | None) -> str:
    """The parsed source_file, or, when another article holds it (a web page whose URL changed
    since that file was imported), the same name with the bytes' hash added."""
    name = parsed.source_file
    if parsed.url and Article.objects.filter(source_file=name).exclude(pk=pk).exists():
        return _fit(f"{name}#{parsed.sha256[:12]}")
    return name


def _apply_text(article: Article, parsed: ParsedArticle) -> None:
    article.story_signature = parsed.story_signature or None  # grouped after the import
    article.original_text = parsed.original_text
    article.sha256 = parsed.sha256
    article.encoding = parsed.encoding
    article.body = parsed.extraction.body
    if parsed.url or not article.url:  # a page saved without its URL keeps the one it had
        article.url = parsed.url
    article.crawled = parsed.crawled


def _apply_scalar_metadata(article: Article, parsed: ParsedArticle, *, kept: set[str]) -> None:
    extracted = parsed.extraction
    if "title" not in kept:
        article.title = extracted.title[:300]
        article.title_origin = extracted.title_origin
    if "published" not in kept:
        article.published = extracted.published.value if extracted.published else None
        article.published_origin = (extracted.published.origin if extracted.published else "")[:40]
    if "source" not in kept:
        article.source = (extracted.source or "")[:80]
    if "publisher" not in kept:
        article.publisher = parsed.publisher[:200]
    if "author" not in kept:
        article.author = parsed.author[:300]
    if "countries" not in kept:
        article.implied_countries = [
            {"code": implied.code, "place": implied.place}
            for implied in extracted.implied_countries
        ]


def _apply_entities(
    article: Article,
    extracted: Extraction,
    *,
    kept: set[str],
    cache: entities.EntityCache,
    created: bool,
    insert: Callable[[type[Model], tuple[str, ...], list[tuple]], None] | None = None,
    named: list[mentions.NamedEntity] | None = None,
) -> None:
    """Link the article's entities; a new article has no links to replace, so it only inserts.
    ``insert(model, fields, rows)`` writes rows (default: ``insert_rows``, now). ``named``:
    ``mentions.from_extraction`` of the same extraction, whose pks are then not looked up again."""
    insert = insert or insert_rows
    found: dict[str, list[int]] = {}  # kind -> pks, one per mention, in the extraction's order
    for entity in named or ():
        found.setdefault(entity.kind, []).append(entity.pk)
    if "countries" not in kept:
        implied = [country.code for country in extracted.implied_countries]
        codes = dict.fromkeys([*extracted.countries, *implied])
        pks = found.get(mentions.COUNTRY, []) if named is not None else None
        if pks is None:
            pks = [cache.country_pk(code) for code in codes]
        _set_links(article, "countries", "country", pks, created=created, insert=insert)
    if "localities" not in kept:
        pks = found.get(mentions.LOCALITY, []) if named is not None else None
        if pks is None:
            pks = [cache.locality_pk(mention) for mention in extracted.localities]
        _set_links(article, "localities", "locality", pks, created=created, insert=insert)
    if "officials" not in kept:
        if not created:
            article.appearances.all().delete()
        titles: dict[int, str] = {}  # official pk -> the title of its first mention
        officials = extracted.officials
        pks = found.get(mentions.OFFICIAL, []) if named is not None else None
        if pks is None:
            pks = cache.official_pks(officials)
        for mention, pk in zip(officials, pks, strict=True):
            titles.setdefault(pk, mention.title[:300])
        insert(
            ArticleOfficial,
            ("article", "official", "title"),
            [(article.pk, pk, title) for pk, title in titles.items()],
        )
    if "organisations" not in kept:
        if not created:
            article.organisation_links.all().delete()
        pks = found.get(mentions.ORGANISATION, []) if named is not None else None
        if pks is None:
            pks = cache.organisation_pks(extracted.organisations)
        insert(
            ArticleOrganisation,
            ("article", "organisation"),
            [(article.pk, pk) for pk in dict.fromkeys(pks)],
        )
    # Money figures are not editable: they always follow the text.
    if not created:
        article.money_figures.all().delete()
    # Each figure's approximate USD value at the average rate of the article's year.
    year = article.published.year if article.published else None
    rows = []
    for m in extracted.money:
        value = to_usd(m.amount, m.currency, year)
        rows.append(
            (article.pk, m.text[:120], m.amount, m.currency, m.measure)
            + (value.usd, value.rate, value.year)
        )
    insert(
        MoneyFigure,
        ("article", "text", "amount", "currency", "measure", "usd", "usd_rate", "usd_year"),
        rows,
    )


def set_usd_values(article: Article) -> None:
    """Convert the article's money figures again at its (corrected) year's rates."""
    year = article.published.year if article.published else None
    figures = list(article.money_figures.all())
    for figure in figures:
        figure.set_usd(year)
    MoneyFigure.objects.bulk_update(figures, ["usd", "usd_rate", "usd_year"])


def _set_links(
    article: Article, field: str, target: str, pks: list[int], *, created: bool, insert=None
):
    """``article.<field>.set(pks)``; for a new article an INSERT of the through rows
    (``insert``, as ``_apply_entities``)."""
    if not created:
        getattr(article, field).set(pks)
        return
    through = getattr(Article, field).through
    (insert or insert_rows)(
        through, ("article", target), [(article.pk, pk) for pk in dict.fromkeys(pks)]
    )


@dataclass
class BatchRows:
    """What a batch's articles add besides their own rows, written together at the end of the
    batch's transaction: one statement per table instead of a few per article. An article whose
    savepoint rolls back takes its rows out again (``mark``, ``undo``)."""

    outbox: list[int] = field(default_factory=list)  # ids for the index (IndexOutbox)
    # (model, fields) -> rows, as ``insert_rows`` takes them; in the order they were added
    tables: dict[tuple[type[Model], tuple[str, ...]], list[tuple]] = field(default_factory=dict)

    def add(self, model: type[Model], fields: tuple[str, ...], rows: list[tuple]) -> None:
        self.tables.setdefault((model, fields), []).extend(rows)

    def mark(self) -> tuple[int, dict]:
        return len(self.outbox), {key: len(rows) for key, rows in self.tables.items()}

    def undo(self, mark: tuple[int, dict]) -> None:
        outbox, tables = mark
        del self.outbox[outbox:]
        for key, rows in self.tables.items():
            del rows[tables.get(key, 0) :]

    def write(self) -> None:
        for (model, fields), rows in self.tables.items():
            insert_rows(model, fields, rows)
        if self.outbox:
            IndexOutbox.record(self.outbox)


# --- the import loop --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unchanged:
    """A file (or WARC record) whose bytes are its article's already: nothing to extract or
    write."""

    article_id: int
    path: Path | None = None  # the WARC file of a record, and its offset
    offset: int | None = None


@dataclass(frozen=True)
class _Skipped:
    """A WARC record that is not an article."""

    path: Path
    offset: int
    reason: str


@dataclass(frozen=True)
class _ReadTask:
    source: SourceFile
    max_bytes: int
    known_sha256: str | None = None  # of the article the file imported into earlier
    known_id: int | None = None
    known_records: dict[str, tuple[str, int]] | None = None  # a WARC's: source_file -> both


_ReadResult = ParsedArticle | _Unchanged | _Skipped | ImportFailure


def _read_task(task: _ReadTask) -> list[_ReadResult]:
    """One file read and extracted, or recognised as unchanged; failures as values. A WARC file
    gives one result per record."""
    source = task.source
    try:
        if source.kind == WARC:
            return _read_warc(source, task.max_bytes, task.known_records or {})
        data = _read_bytes(source.path, task.max_bytes)
        sha256 = hashlib.sha256(data).hexdigest()
        if task.known_id is not None and sha256 == task.known_sha256:
            return [_Unchanged(task.known_id)]
        return [_parse(source, data, sha256)]
    except ImportFailure as failure:
        return [failure]
    except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop the others
        return [ImportFailure(source.path, f"{type(exc).__name__}: {exc}")]


def _read_batch(tasks: list[_ReadTask]) -> list[list[_ReadResult]]:
    return [_read_task(task) for task in tasks]


def _read_tasks(files: list[SourceFile]) -> tuple[list[_ReadTask], set[str]]:
    """The files with what the database knows of them (one query per few hundred files), and the
    names it has no article for.

    A name that occurs twice in this import gets neither: its first file may change the article
    before the second is read.
    """
    names = Counter(source.name for source in files)
    wanted = sorted(name for name, count in names.items() if count == 1)
    known: dict[str, tuple[str, int]] = {}
    for chunk in in_chunks(wanted):
        rows = Article.objects.filter(source_file__in=chunk).values_list(
            "source_file", "sha256", "pk"
        )
        known.update((name, (sha256, pk)) for name, sha256, pk in rows)
    max_bytes = settings.ARCHIVE_MAX_FILE_BYTES
    tasks = []
    for source in files:
        records = None
        if source.kind == WARC and names[source.name] == 1:
            rows = Article.objects.filter(source_file__startswith=f"{source.name}#")
            records = {
                name: (sha256, pk)
                for name, sha256, pk in rows.values_list("source_file", "sha256", "pk")
            }
        tasks.append(_ReadTask(source, max_bytes, *known.get(source.name, (None, None)), records))
    return tasks, set(wanted) - known.keys()


def _claimed_twice(files: list[SourceFile]) -> dict[SourceFile, ImportFailure]:
    """Files of this import that claim one identity with different bytes: each a failure naming
    the others, so that neither silently replaces the other. The same bytes twice are one
    article."""
    by_name: dict[str, list[SourceFile]] = {}
    for source in files:
        by_name.setdefault(source.name, []).append(source)
    failures: dict[SourceFile, ImportFailure] = {}
    for name, sources in by_name.items():
        if len(sources) < 2 or len({_file_sha256(source.path) for source in sources}) < 2:
            continue
        for source in sources:
            others = ", ".join(str(other.path) for other in sources if other is not source)
            failures[source] = ImportFailure(
                source.path,
                f"another file of this import is also {name!r} with different contents: {others}",
            )
    return failures


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return f"unreadable {path}"  # read again later, where it fails with its reason
    return digest.hexdigest()


def _default_workers(file_count: int) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if file_count < PARALLEL_MIN_FILES or (cpus or 1) < 2:
        return 0  # a pool's start-up costs more than it saves
    return min(cpus, MAX_WORKERS)


def _read_in_order(tasks: list[_ReadTask], workers: int) -> Iterator[list[_ReadResult]]:
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
    on_source: Callable[[Path], None] | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import every article file under ``paths``; ``on_file(path, outcome, failure)`` after each
    article (a WARC record's path is ``file#offset``), ``on_source(path)`` after each file.

    Files are read and extracted in ``workers`` processes (default: one per CPU for a large
    import, none for a small one) while this process writes them, in order: up to SAVE_BATCH
    articles per transaction, each article in a savepoint of its own, so one article's failure
    undoes only that article. Should the batch's commit fail, its articles are saved again one
    transaction each. The callbacks run once the articles they report on are committed.
    """
    report = ImportReport()
    items = list(find_article_files(paths))
    clashes = _claimed_twice([item for item in items if isinstance(item, SourceFile)])
    items = [clashes.get(item, item) for item in items]
    files = [item for item in items if isinstance(item, SourceFile)]
    tasks, absent = _read_tasks(files)
    results = _read_in_order(tasks, _default_workers(len(tasks)) if workers is None else workers)
    saver = _BatchSaver(report, entities.EntityCache(), absent, on_file, on_source)
    try:
        for item in items:
            for result in [item] if isinstance(item, ImportFailure) else next(results):
                saver.add(item, result)
            saver.source_done(item)
        saver.flush()
    finally:
        results.close()  # stops the workers if this loop ended early
    # Near-duplicates join their story; articles regrouped with them need reindexing too.
    report.changed_ids.extend(stories.group_articles(report.changed_ids))
    return report


SAVE_BATCH = 32  # articles per transaction: fewer commits, a short hold of the write lock

# What saving one read result came to: a failure, a skipped WARC record (its path), or the
# outcome with the article's id and the path reported.
_Saved = ImportFailure | Path | tuple[str, int, Path]


@dataclass
class _BatchSaver:
    """Saves read results in batches and reports them, in order, once committed."""

    report: ImportReport
    cache: entities.EntityCache
    absent: set[str]
    on_file: Callable[[Path, str, ImportFailure | None], None] | None
    on_source: Callable[[Path], None] | None
    # (the file, its result) or (the file, None): the file is done
    pending: list[tuple[SourceFile | ImportFailure, _ReadResult | None]] = field(
        default_factory=list
    )
    articles: int = 0

    def add(self, item: SourceFile | ImportFailure, result: _ReadResult) -> None:
        self.pending.append((item, result))
        if isinstance(result, ParsedArticle):
            self.articles += 1
            if self.articles >= SAVE_BATCH:
                self.flush()

    def source_done(self, item: SourceFile | ImportFailure) -> None:
        self.pending.append((item, None))

    def flush(self) -> None:
        pending, self.pending, self.articles = self.pending, [], 0
        parsed = [result for _, result in pending if isinstance(result, ParsedArticle)]
        saved: list[_Saved | None] | None = None
        if len(parsed) > 1:  # one article alone has its own transaction anyway
            try:
                with transaction.atomic():
                    stored = _stored_sha256(parsed)
                    slugs = _known_slugs(parsed)
                    self.cache.prefetch(article.extraction for article in parsed)
                    rows = BatchRows()
                    saved = [
                        self._save(item, result, stored, slugs, rows) for item, result in pending
                    ]
                    rows.write()
            except DatabaseError:  # the commit failed (a row the cache gave is gone, ...)
                self.cache.clear()  # it learnt rows of the rolled-back batch
                saved = None
            finally:
                self.cache.batch_done()
        if saved is None:
            saved = [self._save(item, result, None, None, None) for item, result in pending]
        for (item, _), outcome in zip(pending, saved, strict=True):
            if outcome is None:
                if self.on_source:
                    self.on_source(item.path)
            else:
                _report(self.report, outcome, self.on_file)

    def _save(
        self,
        source: SourceFile | ImportFailure,
        result: _ReadResult | None,
        stored: set[str] | None,
        slugs: dict[str, bool] | None,
        rows: BatchRows | None,
    ) -> _Saved | None:
        """Save one read result (in the batch's transaction, if any); what it came to."""
        if result is None or isinstance(result, ImportFailure):
            return result
        if isinstance(result, _Skipped):
            return Path(f"{result.path}#{result.offset}")
        where = source.path
        if isinstance(result, _Unchanged):
            if result.offset is not None:
                where = Path(f"{source.path}#{result.offset}")
            return UNCHANGED, result.article_id, where
        if source.kind == WARC:
            where = Path(f"{source.path}#{result.source_file.rpartition('#')[2]}")
        try:
            outcome, article = save_article(
                result,
                self.cache,
                new=result.source_file in self.absent,
                stored_sha256=stored,
                known_slugs=slugs,
                rows=rows,
            )
        except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop the others
            return ImportFailure(where, f"{type(exc).__name__}: {exc}")
        if stored is not None and outcome != UNCHANGED:
            stored.add(result.sha256)
        if slugs is not None and outcome == CREATED:
            slugs[article.slug] = True
        return outcome, article.pk, where


def _stored_sha256(parsed: list[ParsedArticle]) -> set[str]:
    """Which of these articles' SHA-256 an article already has: one query per few hundred."""
    wanted = sorted({article.sha256 for article in parsed})
    found: set[str] = set()
    for chunk in in_chunks(wanted):
        found.update(Article.objects.filter(sha256__in=chunk).values_list("sha256", flat=True))
    return found


def _known_slugs(parsed: list[ParsedArticle]) -> dict[str, bool]:
    """Whether an article has each slug these articles would try first: one query per few
    hundred, instead of one or two per new article."""
    wanted = sorted(
        {slug for article in parsed for slug in slug_candidates(**_slug_arguments(article))}
    )
    known = dict.fromkeys(wanted, False)
    for chunk in in_chunks(wanted):
        known.update(
            (slug, True)
            for slug in Article.objects.filter(slug__in=chunk).values_list("slug", flat=True)
        )
    return known


def _report(report: ImportReport, saved: _Saved, on_file) -> None:
    """Count one saved result and tell ``on_file``."""
    if isinstance(saved, ImportFailure):
        _record_failure(report, saved, on_file)
        return
    if isinstance(saved, Path):
        report.skipped += 1
        if on_file:
            on_file(saved, SKIPPED, None)
        return
    outcome, article_id, where = saved
    report.counts[outcome] += 1
    if outcome != UNCHANGED:
        report.changed_ids.append(article_id)
    else:
        report.unchanged_ids.append(article_id)
    if on_file:
        on_file(where, outcome, None)


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
