"""Name order that folds diacritics, computed by the database: "Nguyễn" sorts with "Nguyen".

Names keep the order they are written in (a Vietnamese name family name first: "Nguyễn Văn A"
files under N, as Vietnamese lists it); only case and diacritics are folded, by the extraction's
own fold (``fold_key``: "Đặng" -> "dang"), so the officials index and the admin agree with how
names are matched. Ties (one name with and without its diacritics) keep the written name as the
second key, so the two spellings sit side by side.

SQLite gets ``fold_key`` itself as a SQL function; PostgreSQL gets ``translate()`` over the same
letters (built from ``fold_key``, so one fact, one place). No stored column, so no migration.
"""

from __future__ import annotations

from functools import cache

from django.db.models import CharField, F, Func
from django.db.models.functions import Lower

from archive.extraction.text import fold_key

_SQLITE_FUNCTION = "archive_fold_key"


@cache
def _translation() -> tuple[str, str]:
    """The letters fold_key turns into one plain lower-case letter, and what it turns them into."""
    source, target = [], []
    for codepoint in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        letter = chr(codepoint)
        folded = fold_key(letter)
        if folded != letter.lower() and len(folded) == 1 and folded.isascii():
            source.append(letter)
            target.append(folded)
    return "".join(source), "".join(target)


def _sqlite_fold(value: str | None) -> str | None:
    return None if value is None else fold_key(value)


class FoldedName(Func):
    """``fold_key(field)`` in SQL: lower case, no diacritics."""

    output_field = CharField()

    def __init__(self, field: str = "name") -> None:
        super().__init__(F(field))

    def as_sqlite(self, compiler, connection, **extra_context):
        connection.ensure_connection()
        # Registered on each connection as it is first used (idempotent, cheap).
        connection.connection.create_function(_SQLITE_FUNCTION, 1, _sqlite_fold, deterministic=True)
        return super().as_sql(compiler, connection, function=_SQLITE_FUNCTION, **extra_context)

    def as_postgresql(self, compiler, connection, **extra_context):
        source, target = _translation()
        return super().as_sql(
            compiler,
            connection,
            template=f"LOWER(TRANSLATE(%(expressions)s, '{source}', '{target}'))",
            **extra_context,
        )

    def as_sql(self, compiler, connection, **extra_context):  # other databases: case only
        return Lower(*self.get_source_expressions()).as_sql(compiler, connection, **extra_context)


def by_name(field: str = "name") -> list:
    """The order_by() arguments for names: folded, then as written."""
    return [FoldedName(field).asc(), F(field).asc()]
