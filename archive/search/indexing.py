"""Database -> search index: the documents the backend indexes, and keeping them current.

The database is the truth and the index catches up through an outbox (``IndexOutbox``): every change
an article's document depends on leaves a row in the transaction that makes it (a save or delete of
an article by the model's signals, ``reindex_on_commit`` for the rest), so a rolled-back change
never reaches the index and a committed one is never forgotten, even if the process dies right after
the commit. Whoever holds the index's write lock drains the outbox: reads the rows, indexes the
articles as the database has them then, and deletes the rows it covered. A web request waits for
the lock at most ``settings.ARCHIVE_INDEX_WAIT_SECONDS`` and otherwise leaves its rows to the next
writer or to ``manage.py drain_index`` (which ``make serve`` runs in the background).

A write never makes a new index out of a few articles: when the live index is missing or cannot be
opened, rows stay in the outbox and search is unavailable until ``rebuild_index`` (or a command
that indexes, such as ``import_articles``, which then builds the whole index the same way).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from archive.extraction import gazetteer
from archive.models import (
    VIETNAM,
    Article,
    ArticleOfficial,
    ArticleOrganisation,
    Country,
    IndexOutbox,
    Locality,
    MoneyFigure,
    Official,
    Organisation,
)
from archive.search import get_backend
from archive.search.base import (
    NO_INDEX,
    SearchDocument,
    SearchQuery,
    SearchUnavailable,
    document_fingerprint,
)

log = logging.getLogger(__name__)
BATCH_SIZE = 500
ALONGSIDE = 50  # other waiting rows a web request's drain takes along with its own


def iter_documents(ids: Iterable[int] | None = None) -> Iterator[SearchDocument]:
    """The documents of these articles (every article when None), in id order.

    Read as plain rows, BATCH_SIZE articles a query: the articles' fields, their links to
    entities and their money figures; each entity is read once per call (``_Entities``), not once
    per article that names it, and no model instance is made.
    """
    entities = _Entities()
    if ids is None:
        last = 0
        while batch := list(_article_rows().filter(pk__gt=last)[:BATCH_SIZE]):
            # Every article from the batch's first id to its last is in it: its rows are read
            # by that range, not by a list of 500 ids to compile and bind per query.
            span = {"article_id__gte": batch[0][0], "article_id__lte": batch[-1][0]}
            yield from _documents(batch, entities, span)
            last = batch[-1][0]
    else:
        for batch_ids in _batches(sorted(set(ids))):
            batch = list(_article_rows().filter(pk__in=batch_ids))
            yield from _documents(batch, entities, {"article_id__in": batch_ids})


def _article_rows():
    return Article.objects.order_by("pk").values_list(
        "pk", "title", "body", "published", "source", "story_id"
    )


def _documents(articles: list[tuple], entities: _Entities, rows: dict) -> Iterator[SearchDocument]:
    """The documents of these articles; ``rows``: the filter on article_id that finds the rows of
    their links and money figures (of other articles too does no harm: only these are read)."""
    # The links as the related managers order them (the models' Meta.ordering): countries and
    # places as their own models order them, appearances and organisation links as theirs.
    countries = _links(Article.countries.through, "country", rows, by_entity=True)
    localities = _links(Article.localities.through, "locality", rows, by_entity=True)
    officials = _links(ArticleOfficial, "official", rows)
    organisations = _links(ArticleOrganisation, "organisation", rows)
    money: dict[int, list[tuple[str, float | None]]] = {}
    figures = MoneyFigure.objects.filter(**rows).order_by(*MoneyFigure._meta.ordering)
    for article_id, measure, usd in figures.values_list("article_id", "measure", "usd"):
        money.setdefault(article_id, []).append((measure, None if usd is None else float(usd)))
    entities.load(countries, localities, officials, organisations)
    for pk, title, body, published, source, story_id in articles:
        yield _document(
            pk,
            title,
            body,
            published,
            source,
            story_id,
            countries=[entities.countries[i] for i in countries.get(pk, ())],
            localities=[entities.localities[i] for i in localities.get(pk, ())],
            officials=[entities.officials[i] for i in officials.get(pk, ())],
            organisations=[entities.organisations[i] for i in organisations.get(pk, ())],
            money=money.get(pk, ()),
            became=entities.localities,
        )


def _links(through, name: str, rows: dict, *, by_entity: bool = False) -> dict[int, list[int]]:
    """article id -> the ids of its linked ``name`` entities, in the order of the entity's model
    (``by_entity``: a many-to-many manager's order) or of the link model (a reverse relation's)."""
    if by_entity:
        entity = through._meta.get_field(name).related_model
        order = [f"{name}__{field}" for field in entity._meta.ordering]
    else:
        order = list(through._meta.ordering)
    links = through.objects.filter(**rows).order_by(*order, f"{name}_id")
    linked: dict[int, list[int]] = {}
    for article_id, entity_id in links.values_list("article_id", f"{name}_id"):
        linked.setdefault(article_id, []).append(entity_id)
    return linked


class _Country(NamedTuple):
    slug: str
    name: str
    code: str


class _Locality(NamedTuple):
    slug: str
    name: str
    name_local: str
    country_code: str
    became_id: int | None


class _Official(NamedTuple):
    slug: str
    name: str


class _Organisation(NamedTuple):
    slug: str
    name: str
    short_name: str
    aliases: list[str]


class _Entities:
    """The entities one ``iter_documents`` call has read, by id: read once, as plain rows."""

    def __init__(self) -> None:
        self.countries: dict[int, _Country] = {}
        self.localities: dict[int, _Locality] = {}
        self.officials: dict[int, _Official] = {}
        self.organisations: dict[int, _Organisation] = {}

    def load(self, countries, localities, officials, organisations) -> None:
        """Read the entities these links name that are not read yet."""
        self._read(self.countries, countries, Country, _Country, "slug", "name", "code")
        fields = ("slug", "name", "name_local", "country__code", "became_id")
        self._read(self.localities, localities, Locality, _Locality, *fields)
        became = {loc.became_id for loc in self.localities.values() if loc.became_id}
        self._read(self.localities, {0: became}, Locality, _Locality, *fields)
        self._read(self.officials, officials, Official, _Official, "slug", "name")
        fields = ("slug", "name", "short_name", "aliases")
        self._read(self.organisations, organisations, Organisation, _Organisation, *fields)

    @staticmethod
    def _read(known: dict, links: dict[int, Iterable[int]], model, row, *fields) -> None:
        missing = sorted({i for linked in links.values() for i in linked} - known.keys())
        for batch in _batches(missing):
            for pk, *values in model.objects.filter(pk__in=batch).values_list("pk", *fields):
                known[pk] = row(*values)


def _document(
    pk: int,
    title: str,
    body: str,
    published,
    source: str,
    story_id: int | None,
    *,
    countries: list[_Country],
    localities: list[_Locality],
    officials: list[_Official],
    organisations: list[_Organisation],
    money: Iterable[tuple[str, float | None]],
    became: dict[int, _Locality],
) -> SearchDocument:
    """The index's view of an article, with its entities' names and aliases for matching."""
    names: list[str] = []
    for country in countries:
        names.append(country.name)
        names.extend(gazetteer.country_aliases(country.code))
    for locality in localities:
        names.extend([locality.name, locality.name_local])
        names.extend(gazetteer.locality_aliases(locality.name, locality.country_code))
        if locality.became_id:
            names.append(became[locality.became_id].name)
    names.extend(official.name for official in officials)
    for organisation in organisations:  # "JICA" finds the Japan International Cooperation Agency
        names.extend([organisation.name, organisation.short_name, *organisation.aliases])
    vietnamese = [loc for loc in localities if loc.country_code == VIETNAM]
    return SearchDocument(
        id=pk,
        title=title,
        body=body,
        published=published,
        source=source,
        countries=tuple(c.slug for c in countries),
        localities=tuple(loc.slug for loc in localities),
        provinces=tuple(loc.slug for loc in vietnamese),
        provinces_2025=tuple(
            dict.fromkeys(
                (became[loc.became_id] if loc.became_id else loc).slug for loc in vietnamese
            )
        ),
        foreign_places=tuple(loc.slug for loc in localities if loc.country_code != VIETNAM),
        officials=tuple(o.slug for o in officials),
        organisations=tuple(o.slug for o in organisations),
        entity_names=tuple(dict.fromkeys(n for n in names if n)),
        story=story_id if story_id != pk else None,
        money=tuple(money),
    )


# -- The outbox -----------------------------------------------------------------------------------


def index_articles(ids: Iterable[int]) -> None:
    """(Re)index these articles now, with whatever else the outbox holds; ids no longer in the
    database are removed from the index. For commands: waits for the index lock as long as the
    backend's lock timeout, and builds the whole index when there is none (``build_whole``).
    """
    _queue_missing(list(ids))
    drain(wait=None, rebuild_missing=True)
    with contextlib.suppress(SearchUnavailable):  # a writer killed mid-commit left its temp folder
        remove_leftovers()


def reindex_on_commit(ids: Iterable[int]) -> None:
    """Queue these articles in the current transaction; once it commits, drain if the index
    lock comes free within ARCHIVE_INDEX_WAIT_SECONDS (never if it rolls back)."""
    ids = list(ids)
    IndexOutbox.record(ids)
    transaction.on_commit(lambda: drain_soon(ids))


def remove_on_commit(ids: Iterable[int]) -> None:
    ids = list(ids)
    IndexOutbox.record(ids, IndexOutbox.Action.DELETE)
    transaction.on_commit(lambda: drain_soon(ids))


def drain_soon(ids: list[int] | None = None) -> None:
    """What a web request does after committing: one bounded drain of its own articles' rows (an
    import's backlog is left to the import and drain_index); whatever stops it (the lock busy, the
    index missing, a failing disk) leaves the rows for the next writer and is logged, never
    raised: the change is saved."""
    try:
        drain(wait=settings.ARCHIVE_INDEX_WAIT_SECONDS, batches=1, only=ids)
    except SearchUnavailable as exc:
        log.warning("index update left in the outbox: %s", exc)
    except Exception:
        log.exception("index update left in the outbox; manage.py drain_index retries it")


def drain(
    *,
    wait: float | None = None,
    batches: int | None = None,
    build_missing: bool = True,
    rebuild_missing: bool = False,
    only: list[int] | None = None,
) -> int:
    """Index what the outbox holds, BATCH_SIZE rows per index commit; returns how many articles
    it (re)indexed or removed.

    ``wait``: seconds to wait for the index lock (None: the backend's lock timeout), else
    SearchUnavailable with the rows left. ``batches``: at most that many commits. A missing or
    unreadable index is only ever made whole (``build_whole``): ``build_missing`` by one write
    when every article is queued and they fit one batch, ``rebuild_missing`` by a rebuild
    otherwise; else the rows stay and SearchUnavailable says to run rebuild_index. ``only``: the
    rows of these articles and the ALONGSIDE oldest others (at most BATCH_SIZE articles; more
    drains every row), so a web request never takes on a long import's backlog.
    """
    if only is not None and len(set(only)) > BATCH_SIZE:
        only = None
    backend = get_backend()
    done = 0
    while batches is None or batches > 0:
        if (build_missing or rebuild_missing) and not _has_index(backend):
            if not build_whole(backend, wait=wait, rebuild_allowed=rebuild_missing):
                raise SearchUnavailable(NO_INDEX)
            build_missing = rebuild_missing = False
            continue
        with _writing(backend, wait):
            pending = IndexOutbox.objects.order_by("pk").values_list("pk", "article_id")
            if only is None:
                rows = list(pending[:BATCH_SIZE])
            else:  # its own rows, and a few of whatever else waits (a save locked out before)
                own = sorted(set(only))
                rows = list(pending.filter(article_id__in=own)[:BATCH_SIZE])
                rows += list(pending.exclude(article_id__in=own)[:ALONGSIDE])
            if not rows:
                break
            ids = sorted({article_id for _, article_id in rows})
            _write_articles(backend, ids)
            IndexOutbox.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
        done += len(ids)
        if batches is not None:
            batches -= 1
    return done


def build_whole(backend=None, *, wait: float | None = None, rebuild_allowed: bool = True) -> bool:
    """Make the missing (or unreadable) index from every article; returns whether it did.

    When every article is queued anyway and they fit one batch (a first small import, a new
    archive's first save), one write of them all; else a rebuild, if ``rebuild_allowed``. Never an
    index of some articles only.
    """
    backend = backend or get_backend()
    every_article_queued = not Article.objects.exclude(
        pk__in=IndexOutbox.objects.values("article_id")
    ).exists()
    if every_article_queued and Article.objects.count() <= BATCH_SIZE:
        with _writing(backend, wait, create=True):
            if _has_index(backend):  # another writer made it meanwhile
                return True
            rows = list(IndexOutbox.objects.values_list("pk", flat=True))
            ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
            if not ids:
                return False
            backend.index(list(iter_documents(ids)))
            IndexOutbox.objects.filter(pk__in=rows).delete()
            return True
    if not rebuild_allowed:
        return False
    rebuild()
    return True


def rebuild() -> int:
    """Build the whole index from the database in a new generation and swap it in; the outbox rows
    committed before it read the database are covered and removed, later ones drained after."""
    covered: list[int] = []

    def documents() -> Iterator[SearchDocument]:
        # Runs once the new generation and its journal exist: a row seen here was committed with
        # its change, so the articles read below have it.
        covered.extend(IndexOutbox.objects.values_list("pk", flat=True))
        yield from iter_documents()

    backend = get_backend()
    count = backend.rebuild(documents())
    for batch in _batches(covered):
        IndexOutbox.objects.filter(pk__in=batch).delete()
    try:
        drain()
    except SearchUnavailable as exc:  # rows queued meanwhile wait for the next drain
        log.warning("index outbox not drained after the rebuild: %s", exc)
    return count


def pending_changes() -> int:
    """Articles with a change the index has not taken yet."""
    return IndexOutbox.objects.order_by().values("article_id").distinct().count()


@dataclass(frozen=True)
class OutboxState:
    rows: int
    articles: int
    oldest_seconds: float | None


def outbox_state() -> OutboxState:
    oldest = IndexOutbox.objects.order_by("pk").values_list("created_at", flat=True).first()
    return OutboxState(
        rows=IndexOutbox.objects.count(),
        articles=pending_changes(),
        oldest_seconds=(timezone.now() - oldest).total_seconds() if oldest else None,
    )


def _queue_missing(ids: list[int]) -> None:
    """Queue those of ``ids`` not queued yet (an import's saves queued theirs already)."""
    for batch in _batches(sorted(set(ids))):
        queued = set(
            IndexOutbox.objects.filter(article_id__in=batch).values_list("article_id", flat=True)
        )
        IndexOutbox.record([pk for pk in batch if pk not in queued])


def _write_articles(backend, ids: list[int]) -> None:
    documents = list(iter_documents(ids))
    if documents:
        backend.index(documents)
    gone = set(ids) - {d.id for d in documents}
    if gone:
        backend.delete(gone)


def _writing(backend, wait: float | None, *, create: bool = False):
    writing = getattr(backend, "writing", None)
    if writing is None:  # a backend without its own lock
        return contextlib.nullcontext()
    return writing(wait, create=create)


def _has_index(backend) -> bool:
    has_index = getattr(backend, "has_index", None)
    return True if has_index is None else has_index()


def leftovers() -> list[str]:
    """What killed rebuilds and writers left in the index folder."""
    found = getattr(get_backend(), "leftovers", None)
    return found() if found else []


def remove_leftovers() -> list[str]:
    remove = getattr(get_backend(), "remove_leftovers", None)
    return remove() if remove else []


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
