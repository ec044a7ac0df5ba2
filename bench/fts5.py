"""The reference the search page is measured against: SQLite FTS5 over the same articles.

A fair equivalent of what the page computes, in plain SQL: the text query once (MATCH, bm25) into a
temporary table, then the total, one page of hits with snippets, facet counts over the join tables
(disjunctive, like the page: each facet counted without its own selection) and the timeline. The
FTS5 table lives in its own file, with the archive's database attached, so the archive's database
stays as the importer left it. Beside it a slim ``doc`` table (id, published, source) plays the part
of the backend's in-memory document table: joining the article table itself would read every
matched article's text just to get its date.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from archive.models import Article, ArticleOfficial, Country, Locality, Official
from bench.queries import BenchQuery

PER_PAGE = 20
FACET_LIMIT = 50
# The archive's analyzer folds diacritics and stems with Porter; FTS5's tokenizers do the same.
TOKENIZER = "porter unicode61 remove_diacritics 2"
_TERM_RE = re.compile(r'"[^"]*"|[^\s"]+')


@dataclass(frozen=True)
class Fts5Result:
    total: int
    hits: list[tuple[int, str, str]]  # (id, title, snippet)
    facets: dict[str, list[tuple[str, str, int]]]  # facet -> (value, label, count)
    timeline: list[tuple[str, int]]


def match_expression(text: str) -> str | None:
    """User text as an FTS5 query: every word and "phrase" required, quoted so none is syntax."""
    terms = []
    for term in _TERM_RE.findall(text):
        words = re.findall(r"\w+", term)
        if words:
            terms.append('"' + " ".join(words) + '"')
    return " ".join(terms) or None


def _table(model) -> str:
    return f"app.{model._meta.db_table}"


class Fts5Reference:
    """An FTS5 index of the archive's articles in ``path``; ``app_db`` is the archive's SQLite."""

    def __init__(self, path: Path, app_db: Path) -> None:
        self.path = path
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA temp_store = MEMORY")
        self.connection.execute("ATTACH DATABASE ? AS app", (f"file:{app_db}?mode=ro",))

    def build(self) -> int:
        """Index every article's title and body; returns the number indexed."""
        db = self.connection
        db.execute("DROP TABLE IF EXISTS fts")
        db.execute(f"CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize = '{TOKENIZER}')")
        db.execute("BEGIN")
        db.execute(
            f"INSERT INTO fts (rowid, title, body) SELECT id, title, body FROM {_table(Article)}"
        )
        db.execute("DROP TABLE IF EXISTS doc")
        db.execute("CREATE TABLE doc (id INTEGER PRIMARY KEY, published TEXT, source TEXT)")
        db.execute(f"INSERT INTO doc SELECT id, published, source FROM {_table(Article)}")
        db.execute("CREATE INDEX doc_published ON doc (published, id)")
        db.execute("COMMIT")
        db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        return db.execute("SELECT COUNT(*) FROM fts").fetchone()[0]

    def size_bytes(self) -> int:
        return self.path.stat().st_size

    def search(self, query: BenchQuery) -> Fts5Result:
        db = self.connection
        text = match_expression(" ".join(query.values("q")))
        if text:
            db.execute("DROP TABLE IF EXISTS temp.m")
            db.execute(
                "CREATE TEMP TABLE m AS SELECT rowid AS id, bm25(fts) AS rank "
                "FROM fts WHERE fts MATCH ?",
                (text,),
            )
            base = "temp.m JOIN doc a ON a.id = m.id"
        else:
            base = "doc a"
        restrictions = self._restrictions(query)

        def where(skip: str | None = None) -> tuple[str, list]:
            parts = [(sql, args) for name, (sql, args) in restrictions.items() if name != skip]
            if not parts:
                return "", []
            return " WHERE " + " AND ".join(sql for sql, _ in parts), [
                arg for _, args in parts for arg in args
            ]

        clause, args = where()
        total = db.execute(f"SELECT COUNT(*) FROM {base}{clause}", args).fetchone()[0]
        sort = (query.values("sort") or [""])[0] or ("relevance" if text else "newest")
        order = (
            "m.rank, a.id"
            if text and sort == "relevance"
            else "a.published IS NULL, a.published DESC, a.id DESC"
        )
        page = int((query.values("page") or ["1"])[0])
        ids = [
            pk
            for (pk,) in db.execute(
                f"SELECT a.id FROM {base}{clause} ORDER BY {order} LIMIT ? OFFSET ?",
                [*args, PER_PAGE, (page - 1) * PER_PAGE],
            )
        ]
        hits = self._hits(ids, text)

        facets = {
            name: db.execute(
                f"SELECT {value}, {label}, COUNT(*) FROM {base} {joins}{where(name)[0]} "
                f"GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT {FACET_LIMIT}",
                where(name)[1],
            ).fetchall()
            for name, (value, label, joins) in _FACETS.items()
        }
        timeline = db.execute(
            f"SELECT substr(a.published, 1, 4), COUNT(*) FROM {base}{clause}"
            f"{' AND' if clause else ' WHERE'} a.published IS NOT NULL GROUP BY 1 ORDER BY 1",
            args,
        ).fetchall()
        return Fts5Result(total=total, hits=hits, facets=facets, timeline=timeline)

    def _hits(self, ids: list[int], text: str | None) -> list[tuple[int, str, str]]:
        """The page's articles: titles from the archive's table, snippets from FTS5."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        db = self.connection
        titles = dict(
            db.execute(f"SELECT id, title FROM {_table(Article)} WHERE id IN ({marks})", ids)
        )
        snippets = {}
        if text:
            snippets = dict(
                db.execute(
                    "SELECT rowid, snippet(fts, 1, '<mark>', '</mark>', '…', 30) FROM fts "
                    f"WHERE fts MATCH ? AND rowid IN ({marks})",
                    [text, *ids],
                )
            )
        return [(pk, titles.get(pk, ""), snippets.get(pk, "")) for pk in ids]

    def _restrictions(self, query: BenchQuery) -> dict[str, tuple[str, list]]:
        found: dict[str, tuple[str, list]] = {}
        for name, (link, column, model) in _ENTITY_LINKS.items():
            slugs = query.values(name)
            if slugs:
                found[name] = (
                    f"a.id IN (SELECT l.article_id FROM {link} l JOIN {_table(model)} e "
                    f"ON e.id = l.{column} WHERE e.slug IN ({','.join('?' * len(slugs))}))",
                    slugs,
                )
        if sources := query.values("source"):
            found["source"] = (f"a.source IN ({','.join('?' * len(sources))})", sources)
        if date_from := query.values("date_from"):
            found["date_from"] = ("a.published >= ?", date_from[:1])
        if date_to := query.values("date_to"):
            found["date_to"] = ("a.published <= ?", date_to[:1])
        return found

    def close(self) -> None:
        self.connection.close()


_ENTITY_LINKS = {
    "country": (_table(Article.countries.through), "country_id", Country),
    "locality": (_table(Article.localities.through), "locality_id", Locality),
    "official": (_table(ArticleOfficial), "official_id", Official),
}
# facet -> (value, label, joins): slugs and names for the entities, as the page shows them.
_FACETS = {
    name: (
        "e.slug",
        "e.name",
        f"JOIN {link} l ON l.article_id = a.id JOIN {_table(model)} e ON e.id = l.{column}",
    )
    for name, (link, column, model) in _ENTITY_LINKS.items()
} | {
    "source": ("a.source", "a.source", ""),
    "year": ("substr(a.published, 1, 4)", "substr(a.published, 1, 4)", ""),
}
