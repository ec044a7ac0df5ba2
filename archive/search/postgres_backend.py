"""The PostgreSQL full-text implementation of SearchBackend: the index is a table in the database.

One row per article in ``archive_searchentry`` (models.SearchEntry): the document's text, its facet
values as arrays, its date, story key and fingerprint, and ``vector``, a stored tsvector with a GIN
index. Every application server reaching the database searches the same index (the Whoosh index
is a folder on one machine).

Terms. The vector holds the archive analyzer's own terms (analysis.py: NFC, folding with `đ` ->
`d`, lowercase, the archive's stop words, Porter stems) with their positions, each weighted by its
field: title A, entity names B, body C. The query side uses the same terms (querying.parse), so
this backend finds exactly the articles Whoosh finds, phrases included (positions are the
analyzer's: stop words dropped, the other words consecutive, as in the Whoosh index).
PostgreSQL's own 'english' configuration would stem with Snowball and drop a longer stop list
(other matches than Whoosh and the contract's brute force), and 'simple' with `unaccent` would
fold alike but not stem at all.
Since the terms arrive folded and stemmed, no text-search configuration touches them: the tsvector
and tsquery are built from quoted lexemes, and no extension (`unaccent`) is needed. Fields are
separated by a gap of one position, so a phrase never runs from the title into the body.

Queries. A ParsedQuery becomes a tsquery of quoted lexemes: a group's clauses joined by `|`, groups
by `&`, a phrase's words by `<->`, exclusions `!`; user text never reaches tsquery parsing
(parse() keeps only analyzer terms, which are quoted here). Ranking is the sum, over the query's
positive clauses, of ts_rank_cd with the weights of schema.TEXT_FIELDS (title 3 : names 2.5 :
body 1, scaled to 1.0), like BM25's sum over terms in the Whoosh backend; ties by id.

Counts. One statement per search gives every facet (disjunctive: each counted with the other
facets' filters only, the top ``facet_limit`` by count then value, plus the selected values),
the timeline's months, the undated count, articles and stories; a second gives the page of hits,
a third their bodies for the archive's own snippets (highlight.snippet_html: escaped, only <mark>).

What it does not give (capabilities): "did you mean" suggestions and the fuzzy retry.

Writes take a transaction-scoped advisory lock, so writers (and a rebuild, which replaces every
row in one transaction: readers see the old index until it commits) follow one another; writes
made on the rebuilding connection while its documents are read win over the rebuild's copy, as
the Whoosh backend's journal does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import date

from django.db import DatabaseError, connections, transaction

from archive import routing
from archive.search.analysis import ANALYZER
from archive.search.base import (
    FACET_FIELDS,
    SORTS,
    UNKNOWN_SOURCE,
    FacetCount,
    SearchDocument,
    SearchHit,
    SearchQuery,
    SearchResults,
    SearchUnavailable,
    document_fingerprint,
    timeline_from_months,
)
from archive.search.capabilities import Capabilities
from archive.search.highlight import snippet_html
from archive.search.querying import NOTE_NO_WORDS, Clause, ParsedQuery, parse
from archive.search.schema import TEXT_FIELDS

logger = logging.getLogger("archive.search")

TABLE = "archive_searchentry"
STATE_TABLE = "archive_searchindexstate"
STATE_NAME = "default"
NO_INDEX = "the search index is missing; run `manage.py rebuild_index`"
UNREADABLE_INDEX = "the search index cannot be read ({}); run `manage.py migrate`"
BUSY = "the search index is being written by another process (waited {:.0f} s); try again"
# An advisory lock key of our own: "archive search" as a number.
LOCK_KEY = 0x61726368_69766573
MAX_POSITION = 16383  # PostgreSQL's largest tsvector position; later words share it
MAX_POSITIONS_PER_TERM = 256  # and the most positions it keeps per lexeme
COPY_BATCH = 1000
# Per process, the results of the last searches, keyed by the index's generation (the xmin of its
# state row: every write transaction makes a new one, so a write anywhere retires them at once).
RESULT_CACHE_SIZE = 32
# Memory for one search's sorts and hashes (facet counts over every match), not spilled to disk.
SEARCH_WORK_MEM = "32MB"
GENERATION = (
    "SELECT xmin::text, current_setting('work_mem'), current_setting('enable_seqscan') "
    f"FROM {STATE_TABLE} WHERE name = %s"
)
PLANNER = "SELECT set_config('work_mem', %s, true), set_config('enable_seqscan', %s, true)"

# ts_rank_cd's weights are {D, C, B, A}: body C, entity names B, title A, scaled to the title's 1.0.
_TOP = max(TEXT_FIELDS.values())
WEIGHTS = [
    0.1,
    TEXT_FIELDS["body"] / _TOP,
    TEXT_FIELDS["entity_names"] / _TOP,
    TEXT_FIELDS["title"] / _TOP,
]
RANK_NORMALIZATION = 2  # divide by the document's length, as BM25 favours the shorter document
# A text field -> the weight its lexemes carry in the vector (a `title:` search matches A only).
FIELD_WEIGHTS = {"title": "A", "entity_names": "B", "body": "C"}

# A date's year and month as integers: date_part's float8, cheaper over every match than EXTRACT's
# numeric (the same whole numbers).
YEAR = "date_part('year', published)::int"
MONTH = "date_part('month', published)::int"
# Facet -> the array column holding its values; "source" and "year" are columns of their own.
ARRAY_FACETS = {
    "country": "countries",
    "locality": "localities",
    "province": "provinces",
    "foreign_place": "foreign_places",
    "official": "officials",
    "organisation": "organisations",
}
COLUMNS = (
    "id",
    "title",
    "body",
    "entity_names",
    "published",
    "source",
    "countries",
    "localities",
    "provinces",
    "provinces_2025",
    "foreign_places",
    "officials",
    "organisations",
    "money_measures",
    "money_usd",
    "largest_usd",
    "story",
    "fingerprint",
    "vector",
)


def _lexeme(term: str) -> str:
    """A term as a quoted tsvector/tsquery lexeme: nothing in it is read as an operator."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def document_vector(document: SearchDocument) -> str:
    """The tsvector literal of a document: the analyzer's terms with positions and weights."""
    found: dict[str, list[str]] = {}
    start = 1
    fields = (
        (document.title, FIELD_WEIGHTS["title"]),
        ("\n".join(document.entity_names), FIELD_WEIGHTS["entity_names"]),
        (document.body, FIELD_WEIGHTS["body"]),
    )
    for text, weight in fields:
        last = start - 1
        for token in ANALYZER(text or "", positions=True):
            position = min(start + token.pos, MAX_POSITION)
            places = found.setdefault(token.text, [])
            if len(places) < MAX_POSITIONS_PER_TERM:
                places.append(f"{position}{weight}")
            last = position
        start = last + 2  # one empty position: `<->` never joins two fields
    return " ".join(f"{_lexeme(term)}:{','.join(places)}" for term, places in found.items())


def _clause_query(clause: Clause) -> str:
    """A clause as tsquery: its words ANDed, or adjacent for a phrase; a field search (title:)
    matches only the lexemes of that field's weight."""
    joiner = " <-> " if clause.phrase else " & "
    weight = FIELD_WEIGHTS.get(clause.field or "", "")
    suffix = f":{weight}" if weight else ""
    return "(" + joiner.join(_lexeme(word.term) + suffix for word in clause.words) + ")"


class _Sql:
    """A fragment of SQL and its parameters, built up in order."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list = []

    def add(self, sql: str, *params) -> _Sql:
        self.parts.append(sql)
        self.params.extend(params)
        return self

    def extend(self, other: tuple[str, list]) -> _Sql:
        self.parts.append(other[0])
        self.params.extend(other[1])
        return self

    @property
    def sql(self) -> str:
        return "".join(self.parts)


class PostgresBackend:
    """SearchBackend over PostgreSQL full-text search, on the database alias ``using``."""

    capabilities = Capabilities(suggestions=False, fuzzy_retry=False, shared_across_hosts=True)

    def __init__(
        self,
        using: str = "default",
        *,
        lock_timeout: float = 60.0,
        result_cache: int = RESULT_CACHE_SIZE,
    ) -> None:
        self.using = using
        self.lock_timeout = lock_timeout
        self._local = threading.local()  # this thread's writing depth and rebuild journal
        self.result_cache = max(0, int(result_cache))
        self._results: dict[tuple[str, str], SearchResults] = {}  # oldest first
        self._results_lock = threading.Lock()

    # -- the write lock -------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self, timeout: float | None = None, *, create: bool = False) -> Iterator[None]:
        """Hold the index's write lock (at most ``timeout`` seconds of waiting, else
        SearchUnavailable) for one transaction of several writes; ``index``, ``delete`` and
        ``clear`` inside it share it. Inside, a write never makes a missing index (it raises
        SearchUnavailable naming rebuild_index) unless ``create``.
        """
        state = self._local
        held = getattr(state, "depth", 0)
        with transaction.atomic(using=self.using):
            self._lock(self.lock_timeout if timeout is None else timeout)
            outer = getattr(state, "must_exist", False)
            state.depth, state.must_exist = held + 1, not create
            try:
                yield
            finally:
                state.depth, state.must_exist = held, outer

    def _lock(self, timeout: float) -> None:
        """The advisory lock, held to the end of the transaction (re-entrant on one connection)."""
        deadline = time.monotonic() + max(0.0, timeout)
        pause = 0.01
        with connections[self.using].cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
                if cursor.fetchone()[0]:
                    return
                if time.monotonic() >= deadline:
                    raise SearchUnavailable(BUSY.format(timeout))
                time.sleep(pause)
                pause = min(pause * 2, 0.2)

    def has_index(self) -> bool:
        """Whether the index has been built (by a rebuild, a clear or a first write)."""
        try:
            with transaction.atomic(using=self.using), connections[self.using].cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM {STATE_TABLE} WHERE name = %s", [STATE_NAME])
                return cursor.fetchone() is not None
        except DatabaseError:
            return False

    # -- writes ---------------------------------------------------------------------------------

    def index(self, documents: Iterable[SearchDocument]) -> None:
        """Add or replace these documents (by id) in one transaction."""
        batch = list({document.id: document for document in documents}.values())
        if batch:
            self._write(lambda cursor: self._upsert(cursor, batch), [d.id for d in batch])

    def delete(self, ids: Iterable[int]) -> None:
        doomed = sorted({int(i) for i in ids})
        if doomed:
            self._write(
                lambda cursor: cursor.execute(f"DELETE FROM {TABLE} WHERE id = ANY(%s)", [doomed]),
                doomed,
            )

    def clear(self) -> None:
        """Empty the index (it exists afterwards, with nothing in it)."""
        with self.writing(create=True), connections[self.using].cursor() as cursor:
            self._mark_built(cursor)
            cursor.execute(f"DELETE FROM {TABLE}")

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        """Replace every row with ``documents`` in one transaction; returns the count indexed.

        Readers see the old index until the commit. Writes made meanwhile on this connection
        (the documents' iterator may cause them) are kept over the rebuild's copy of those ids.
        """
        count = 0
        state = self._local
        with self.writing(create=True), connections[self.using].cursor() as cursor:
            state.journal = set()
            try:
                self._mark_built(cursor)
                cursor.execute(f"DELETE FROM {TABLE}")
                batch: list[SearchDocument] = []
                for document in documents:
                    batch.append(document)
                    count += 1
                    if len(batch) >= COPY_BATCH:
                        self._copy(cursor, batch, state.journal)
                        batch = []
                self._copy(cursor, batch, state.journal)
            finally:
                state.journal = None
        return count

    def _write(self, apply, ids: list[int]) -> None:
        state = self._local
        with self.writing(create=not getattr(state, "must_exist", False)):
            with connections[self.using].cursor() as cursor:
                if state.must_exist and not self._built(cursor):
                    raise SearchUnavailable(NO_INDEX)
                self._mark_built(cursor)
                apply(cursor)
            journal = getattr(state, "journal", None)
            if journal is not None:
                journal.update(ids)

    def _built(self, cursor) -> bool:
        cursor.execute(f"SELECT 1 FROM {STATE_TABLE} WHERE name = %s", [STATE_NAME])
        return cursor.fetchone() is not None

    def _mark_built(self, cursor) -> None:
        cursor.execute(
            f"INSERT INTO {STATE_TABLE} (name, built_at) VALUES (%s, now()) "
            # Every write makes a new version of the row (a new xmin): the generation cached
            # results are keyed by. Made before the write, so that not even a search on the
            # writing connection keys a half-made write by the generation before it.
            f"ON CONFLICT (name) DO UPDATE SET built_at = {STATE_TABLE}.built_at",
            [STATE_NAME],
        )

    def _upsert(self, cursor, documents: list[SearchDocument]) -> None:
        columns = ", ".join(COLUMNS)
        values = ", ".join(["%s"] * (len(COLUMNS) - 1) + ["%s::tsvector"])
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS if c != "id")
        cursor.executemany(
            f"INSERT INTO {TABLE} ({columns}) VALUES ({values}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}",
            [_row(document) for document in documents],
        )

    def _copy(self, cursor, documents: list[SearchDocument], skip: set[int]) -> None:
        rows = [_row(d) for d in documents if d.id not in skip]
        if not rows:
            return
        # COPY is several times faster than INSERTs for a whole rebuild; psycopg's own cursor.
        with cursor.cursor.copy(f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    # -- reads ----------------------------------------------------------------------------------

    def suggest(self, text: str) -> str | None:
        """No "did you mean" from this backend (capabilities.suggestions is False)."""
        return None

    def indexed_ids(self) -> set[int]:
        return set(self.indexed_fingerprints())

    def indexed_fingerprints(self) -> dict[int, str]:
        """id -> stored document fingerprint of every indexed document."""
        try:
            with transaction.atomic(using=self.using), connections[self.using].cursor() as cursor:
                cursor.execute(f"SELECT id, fingerprint FROM {TABLE}")
                return {int(pk): fingerprint or "" for pk, fingerprint in cursor.fetchall()}
        except DatabaseError:
            return {}

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = parse(query.text)
        # Reads go where this request reads (a replica for public pages, archive.routing).
        using = routing.read_alias(self.using)
        try:
            with transaction.atomic(using=using), connections[using].cursor() as cursor:
                # Read first: the rows searched below are at least as new as this generation.
                cursor.execute(GENERATION, [STATE_NAME])
                row = cursor.fetchone()
                if row is None:
                    raise SearchUnavailable(NO_INDEX)
                key = (row[0], _query_key(query))
                cached = self._cached(key)
                if cached is not None:
                    return cached
                # The GIN index finds the matches without reading every row's vector (a
                # sequential scan reads them all, out of line); the planner does not count that
                # cost, so it is told. Both settings are put back (the search may run inside a
                # caller's transaction).
                seqscan = "off" if parsed.has_positive else row[2]
                cursor.execute(PLANNER, [SEARCH_WORK_MEM, seqscan])
                results = _Search(cursor, query, parsed).run()
                cursor.execute(PLANNER, [row[1], row[2]])
                self._remember(key, results)
                return _copy(results)
        except DatabaseError as exc:
            if routing.is_replica(using):
                raise  # the replica failed: the request is answered from the primary instead
            logger.exception("PostgreSQL search failed")
            raise SearchUnavailable(UNREADABLE_INDEX.format(exc)) from exc

    def _cached(self, key: tuple[str, str]) -> SearchResults | None:
        with self._results_lock:
            results = self._results.pop(key, None)
            if results is None:
                return None
            self._results[key] = results  # now the newest
        return _copy(results)

    def _remember(self, key: tuple[str, str], results: SearchResults) -> None:
        if not self.result_cache:
            return
        with self._results_lock:
            self._results[key] = results
            while len(self._results) > self.result_cache:
                del self._results[next(iter(self._results))]


def _query_key(query: SearchQuery) -> str:
    """Equal for queries that must give the same results (filters in any order)."""
    fields = dataclasses.asdict(query)
    fields["filters"] = {name: sorted(values) for name, values in sorted(query.filters.items())}
    return json.dumps(fields, sort_keys=True, default=str)


def _copy(results: SearchResults) -> SearchResults:
    """A copy the caller may change without changing the cached one (its items are frozen)."""
    return dataclasses.replace(
        results,
        hits=list(results.hits),
        facets={name: list(values) for name, values in results.facets.items()},
        timeline=list(results.timeline),
        notes=list(results.notes),
    )


def _row(document: SearchDocument) -> tuple:
    return (
        document.id,
        document.title,
        document.body,
        list(document.entity_names),
        document.published,
        document.source or "",
        list(document.countries),
        list(document.localities),
        list(getattr(document, "provinces", ())),
        list(getattr(document, "provinces_2025", ())),
        list(getattr(document, "foreign_places", ())),
        list(document.officials),
        list(getattr(document, "organisations", ())),
        [measure for measure, _ in document.money],
        [usd for _, usd in document.money],
        max((usd for _, usd in document.money if usd is not None), default=None),
        document.story_key,
        document_fingerprint(document),
        document_vector(document),
    )


class _Search:
    """One search: the SQL for its text, dates and filters, run as three statements."""

    def __init__(self, cursor, query: SearchQuery, parsed: ParsedQuery) -> None:
        self.cursor, self.query, self.parsed = cursor, query, parsed
        self.by_2025 = getattr(query, "provinces", "named") == "2025"
        self.selections = {
            facet: tuple(values)
            for facet, values in query.filters.items()
            if facet in FACET_FIELDS and values
        }
        # The amount range and the measure filter apply to the same figure (SearchQuery.usd_min).
        self.money_filtered = query.money_filtered

    # -- SQL pieces -----------------------------------------------------------------------------

    def text(self) -> tuple[str, list]:
        parsed = self.parsed
        positive = " & ".join(
            "(" + " | ".join(_clause_query(c) for c in group) + ")" for group in parsed.groups
        )
        excluded = " | ".join(_clause_query(c) for c in parsed.excluded)
        if positive and excluded:
            return "vector @@ %s::tsquery", [f"({positive}) & !({excluded})"]
        if positive:
            return "vector @@ %s::tsquery", [positive]
        if excluded:
            return "NOT (vector @@ %s::tsquery)", [excluded]
        return "TRUE", []

    def rank(self) -> tuple[str, list]:
        clauses = [clause for group in self.parsed.groups for clause in group]
        if not clauses:
            return "0.0::float4", []
        sql = " + ".join(
            f"ts_rank_cd(%s::float4[], vector, %s::tsquery, {RANK_NORMALIZATION})" for _ in clauses
        )
        params: list = []
        for clause in clauses:
            params += [WEIGHTS, _clause_query(clause)]
        return f"({sql})", params

    def dates(self) -> tuple[str, list]:
        """SearchQuery's date range and its `undated` choice (base.UNDATED_CHOICES)."""
        query = self.query
        if query.undated == "only":
            return "published IS NULL", []
        parts, params = ["TRUE"], []
        if query.date_from is not None:
            parts.append("published >= %s")
            params.append(query.date_from)
        if query.date_to is not None:
            parts.append("published <= %s")
            params.append(query.date_to)
        sql = "(" + " AND ".join(parts) + ")"
        if query.undated == "include":
            sql = f"({sql} OR published IS NULL)"
        elif query.undated == "exclude":
            sql = f"({sql} AND published IS NOT NULL)"
        return sql, params

    def figures(self, *, measures: bool = True) -> tuple[str, list]:
        """The condition on one figure ``f(usd, measure)`` (unnest of the money arrays) of the
        amount range and, with ``measures``, the measure filter."""
        parts, params = ["TRUE"], []
        if self.query.usd_min is not None:
            parts.append("f.usd >= %s")
            params.append(float(self.query.usd_min))
        if self.query.usd_max is not None:
            parts.append("f.usd <= %s")
            params.append(float(self.query.usd_max))
        if measures and self.selections.get("measure"):
            parts.append("f.measure = ANY(%s::text[])")
            params.append(list(self.selections["measure"]))
        return " AND ".join(parts), params

    def money_filter(self) -> tuple[str, list]:
        """Articles with a figure the money filter keeps."""
        if self.query.usd_min is None and self.query.usd_max is None:
            return "money_measures && %s::text[]", [list(self.selections["measure"])]
        condition, params = self.figures()
        return (
            "EXISTS (SELECT 1 FROM unnest(money_usd, money_measures) AS f(usd, measure) "
            f"WHERE {condition})",
            params,
        )

    def largest(self) -> tuple[str, list]:
        """Each article's largest USD value among the figures the money filter keeps."""
        if not self.money_filtered:
            return "largest_usd", []
        condition, params = self.figures()
        return (
            "(SELECT max(f.usd) FROM unnest(money_usd, money_measures) AS f(usd, measure) "
            f"WHERE {condition})",
            params,
        )

    def facet_filter(self, facet: str) -> tuple[str, list]:
        values = list(self.selections[facet])
        if facet == "province" and self.by_2025:  # the unit today, or the province as named
            return "(provinces && %s::text[] OR provinces_2025 && %s::text[])", [values, values]
        if facet in ARRAY_FACETS:
            return f"{ARRAY_FACETS[facet]} && %s::text[]", [values]
        if facet == "source":
            if UNKNOWN_SOURCE in values:
                return "(source = ANY(%s::text[]) OR source = '')", [values]
            return "source = ANY(%s::text[])", [values]
        years = [int(value) for value in values if value.isdigit() and len(value) <= 4]
        return f"{YEAR} = ANY(%s::int[])", [years]

    def filters(self, skip: str = "") -> tuple[str, list]:
        """Every facet's filter but ``skip``'s, ANDed; the money filter is the measure's (when
        ``skip`` is "measure", the amount range is left to the measure facet's own count)."""
        parts, params = ["TRUE"], []
        for facet in self.selections:
            if facet != skip and facet != "measure":
                sql, more = self.facet_filter(facet)
                parts.append(sql)
                params += more
        if self.money_filtered and skip != "measure":
            sql, more = self.money_filter()
            parts.append(sql)
            params += more
        return " AND ".join(parts), params

    def facet_column(self, facet: str) -> str:
        if facet == "province" and self.by_2025:
            return "provinces_2025"
        return ARRAY_FACETS[facet]

    # -- the statements -------------------------------------------------------------------------

    def counts(self) -> list[tuple[str, str, int]]:
        """(facet, value, count) rows: facets (their top values and the selected ones), and
        "~month", "~articles", "~undated", "~stories", "~built" for the rest."""
        columns = ", ".join(
            ["id", "published", "source", "story", "money_measures", "money_usd"]
            + sorted(set(ARRAY_FACETS.values()))
        )
        if self.by_2025:
            columns += ", provinces_2025"
        # Each filter is evaluated once per matching row, as a flag of m (not again in every
        # branch below); a row failing two filters is in no count (each count leaves out at most
        # one filter), so m keeps only the rows failing at most one.
        conditions = [
            (facet, self.facet_filter(facet)) for facet in self.selections if facet != "measure"
        ]
        if self.money_filtered:
            conditions.append(("measure", self.money_filter()))
        flags = {facet: f"f{n}" for n, (facet, _) in enumerate(conditions)}

        def passed(skip: str = "") -> tuple[str, list]:
            """The flags of every filter but ``skip``'s, ANDed (as filters(skip) on a row)."""
            return " AND ".join(["TRUE"] + [f for facet, f in flags.items() if facet != skip]), []

        rows = _Sql().add(f"SELECT {columns}")
        for facet, condition in conditions:
            rows.add(", coalesce((").extend(condition).add(f"), false) AS {flags[facet]}")
        rows.add(f" FROM {TABLE} WHERE ").extend(self.text()).add(" AND ").extend(self.dates())
        sql = _Sql().add("WITH m AS MATERIALIZED (")
        if len(conditions) > 1:
            failed = " + ".join(f"(NOT {f})::int" for f in flags.values())
            sql.add("SELECT * FROM (").extend((rows.sql, rows.params))
            sql.add(f") AS candidates WHERE {failed} <= 1")
        else:
            sql.extend((rows.sql, rows.params))
        sql.add(") ")
        sql.add(
            "SELECT facet, value, n FROM (SELECT facet, value, n, row_number() OVER "
            '(PARTITION BY facet ORDER BY n DESC, value COLLATE "C") AS rn FROM ('
        )
        branches: list[tuple[str, list]] = []
        unnested = _Sql()  # every array facet's values, counted in one aggregate below
        for facet in FACET_FIELDS:
            others, params = passed(skip=facet)
            if facet in ARRAY_FACETS:
                unnested.add(" UNION ALL " if unnested.parts else "")
                unnested.add(
                    f"SELECT '{facet}' AS facet, unnest(m.{self.facet_column(facet)}) AS value "
                    f"FROM m WHERE {others}",
                    *params,
                )
            elif facet == "measure":
                # Per figure: the measures of the figures in the amount range, once per article:
                # the distinct (article, measure) pairs in one hash, not a DISTINCT per row.
                in_range, more = self.figures(measures=False)
                if more:
                    pairs = (
                        "SELECT DISTINCT m.id, f.measure AS v "
                        "FROM m, unnest(m.money_usd, m.money_measures) AS f(usd, measure) "
                        f"WHERE {in_range} AND {others}"
                    )
                else:  # every figure in range: its measures, unnested in the select list
                    pairs = f"SELECT DISTINCT id, unnest(money_measures) AS v FROM m WHERE {others}"
                branches.append(
                    (
                        f"SELECT 'measure', v, count(*) FROM ({pairs}) AS kept GROUP BY v",
                        [*more, *params],
                    )
                )
            elif facet == "source":
                branches.append(
                    (
                        "SELECT 'source', source, count(*) FROM m "
                        f"WHERE source <> '' AND {others} GROUP BY source",
                        params,
                    )
                )
                branches.append(
                    (
                        f"SELECT '~unknown', '', count(*) FROM m WHERE source = '' AND {others}",
                        params,
                    )
                )
            elif facet == "year":
                branches.append(
                    (
                        f"SELECT 'year', {YEAR}::text, count(*) FROM m "
                        f"WHERE published IS NOT NULL AND {others} GROUP BY 2",
                        params,
                    )
                )
        if unnested.parts:
            branches.insert(
                0,
                (
                    f"SELECT facet, value, count(*) AS n FROM ({unnested.sql}) AS u "
                    "GROUP BY facet, value",
                    unnested.params,
                ),
            )
        every, params = passed()
        month = f"({YEAR} * 12 + {MONTH} - 1)"
        branches += [
            (
                f"SELECT '~month', {month}::text, count(*) FROM m "
                f"WHERE published IS NOT NULL AND {every} GROUP BY 2",
                params,
            ),
            (f"SELECT '~articles', '', count(*) FROM m WHERE {every}", params),
            (f"SELECT '~undated', '', count(*) FROM m WHERE published IS NULL AND {every}", params),
            (f"SELECT '~stories', '', count(DISTINCT story) FROM m WHERE {every}", params),
            (f"SELECT '~built', '', count(*) FROM {STATE_TABLE} WHERE name = %s", [STATE_NAME]),
        ]
        chosen = list(self.selections.get("province", ()))
        if self.by_2025 and chosen:
            # A selected province that is no unit today (Bac Giang) filters the articles naming
            # it: "~named" counts those, "~unit" says which selected values are units.
            others, params = passed(skip="province")
            branches += [
                (
                    "SELECT '~named', v, count(*) FROM m, unnest(m.provinces) AS v "
                    f"WHERE v = ANY(%s::text[]) AND {others} GROUP BY v",
                    [chosen, *params],
                ),
                (
                    f"SELECT DISTINCT '~unit', v, 1::bigint FROM {TABLE}, "
                    "unnest(provinces_2025) AS v "
                    "WHERE provinces_2025 && %s::text[] AND v = ANY(%s::text[])",
                    [chosen, chosen],
                ),
            ]
        for n, branch in enumerate(branches):
            sql.add(" UNION ALL " if n else "").extend(branch)
        selected = [
            f"{facet}:{value}" for facet, values in self.selections.items() for value in values
        ]
        sql.add(
            ") AS counts) AS ranked WHERE rn <= %s OR left(facet, 1) = '~' "
            # Provinces are few (at most 64) and all drawn on the map: never cut to facet_limit.
            "OR facet = 'province' OR facet || ':' || value = ANY(%s::text[])",
            max(0, self.query.facet_limit),
            selected,
        )
        self.cursor.execute(sql.sql, sql.params)
        return [(facet, value, int(n)) for facet, value, n in self.cursor.fetchall()]

    def order(self, sort: str) -> str:
        if sort == "relevance":
            return "score DESC, id ASC"
        if sort == "amount":  # the largest figure; none last; ties newest first
            return "largest DESC NULLS LAST, published DESC NULLS LAST, id DESC"
        if sort == "oldest":
            return "published ASC NULLS LAST, id ASC"
        return "published DESC NULLS LAST, id DESC"

    def page(self, sort: str, offset: int, limit: int) -> list[tuple[int, int, float, int]]:
        """(id, story, score, versions) of one page of hits; score is None unless sorted by
        relevance (then bodies() ranks the page's rows alone, not every match)."""
        every = self.filters()
        score = self.rank() if sort == "relevance" else ("NULL::float4", [])
        main = _Sql().add("SELECT id, story, published, ").extend(score).add(" AS score")
        if sort == "amount":
            main.add(", ").extend(self.largest()).add(" AS largest")
        main.add(" FROM " + TABLE + " WHERE ").extend(self.text())
        main.add(" AND ").extend(self.dates()).add(" AND ").extend(every)
        order = self.order(sort)
        if self.query.collapse_stories:
            sql = _Sql().add(
                "SELECT id, story, score, versions FROM (SELECT *, row_number() OVER "
                f"(PARTITION BY story ORDER BY {order}) AS rn, count(*) OVER "
                "(PARTITION BY story) AS versions FROM ("
            )
            sql.extend((main.sql, main.params)).add(") AS main) AS ranked WHERE rn = 1")
        else:
            sql = _Sql().add("SELECT id, story, score, 1 FROM (").extend((main.sql, main.params))
            sql.add(") AS main")
        sql.add(f" ORDER BY {order} LIMIT %s OFFSET %s", limit, offset)
        self.cursor.execute(sql.sql, sql.params)
        return [
            (int(a), int(b), None if c is None else float(c), int(d))
            for a, b, c, d in self.cursor.fetchall()
        ]

    def bodies(self, ids: list[int]) -> dict[int, tuple[str, float]]:
        """id -> (body, score) of these rows."""
        sql = _Sql().add("SELECT id, body, ").extend(self.rank())
        sql.add(f" FROM {TABLE} WHERE id = ANY(%s)", ids)
        self.cursor.execute(sql.sql, sql.params)
        return {int(pk): (body, float(score)) for pk, body, score in self.cursor.fetchall()}

    def undated_excluded(self) -> int:
        """Undated articles matching everything but the date range."""
        sql = _Sql().add(f"SELECT count(*) FROM {TABLE} WHERE published IS NULL AND ")
        sql.extend(self.text()).add(" AND ").extend(self.filters())
        self.cursor.execute(sql.sql, sql.params)
        return int(self.cursor.fetchone()[0])

    # -- the results ----------------------------------------------------------------------------

    def run(self) -> SearchResults:
        query, parsed = self.query, self.parsed
        rows = self.counts()
        special = {facet: n for facet, _, n in rows if facet.startswith("~") and facet != "~month"}
        if not special.get("~built"):
            raise SearchUnavailable(NO_INDEX)
        notes = list(parsed.notes)
        if parsed.is_empty and parsed.text.strip():
            notes.append(NOTE_NO_WORDS)
        page, per_page = max(1, query.page), max(1, query.per_page)
        articles = special.get("~articles", 0)
        total = special.get("~stories", 0) if query.collapse_stories else articles
        sort = query.sort if query.sort in SORTS else "relevance"
        if not parsed.has_positive and sort == "relevance":
            sort = "newest"
        offset = (page - 1) * per_page
        found = self.page(sort, offset, per_page) if offset < total else []
        bodies = self.bodies([row[0] for row in found]) if found else {}
        marked = {word.term for word in parsed.positive_words()}
        hits = [
            SearchHit(
                id=pk,
                score=bodies.get(pk, ("", 0.0))[1] if score is None else score,
                snippet_html=snippet_html(bodies.get(pk, ("", 0.0))[0], marked),
                story=story,
                versions=versions,
            )
            for pk, story, score, versions in found
        ]
        months = {int(value): n for facet, value, n in rows if facet == "~month"}
        span = None
        if query.date_from is not None and query.date_to is not None:
            span = _months_between(query.date_from, query.date_to)
        timeline, unit = timeline_from_months(months, span)
        undated_excluded = 0
        if (query.date_from or query.date_to) and not query.undated:
            undated_excluded = self.undated_excluded()
        return SearchResults(
            hits=hits,
            total=total,
            page=page,
            per_page=per_page,
            facets=self.facets(rows, special.get("~unknown", 0)),
            timeline=timeline,
            timeline_unit=unit,
            suggestion=None,
            fuzzy=False,
            notes=notes,
            undated=special.get("~undated", 0),
            undated_excluded=undated_excluded,
            articles=articles,
        )

    def facets(self, rows: list[tuple[str, str, int]], unknown: int) -> dict[str, list[FacetCount]]:
        """Per facet: values by count (desc) then value, at most facet_limit (provinces: all),
        then the selected values not among them (with their counts, 0 if none); the source facet
        lists its UNKNOWN_SOURCE after the known sources when it counts any or is selected."""
        limit = max(0, self.query.facet_limit)
        facets: dict[str, list[FacetCount]] = {}
        for facet in FACET_FIELDS:
            counts = {value: n for name, value, n in rows if name == facet}
            chosen = set(self.selections.get(facet, ()))
            if facet == "source":
                chosen.discard(UNKNOWN_SOURCE)
            shown = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
            shown = shown if facet == "province" else shown[:limit]
            listed = {value for value, _ in shown}
            shown += [(value, counts.get(value, 0)) for value in sorted(chosen - listed)]
            if facet == "province" and self.by_2025:
                units = {value for name, value, _ in rows if name == "~unit"}
                named = {value: n for name, value, n in rows if name == "~named"}
                shown = [
                    (value, named.get(value, 0) if value in chosen and value not in units else n)
                    for value, n in shown
                ]
            facets[facet] = [FacetCount(value, n, value in chosen) for value, n in shown]
            if facet == "source":
                selected = UNKNOWN_SOURCE in self.selections.get("source", ())
                if unknown or selected:
                    facets[facet].append(FacetCount(UNKNOWN_SOURCE, unknown, selected))
        return facets


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month + 1
