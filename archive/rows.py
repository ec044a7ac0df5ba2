"""Rows INSERTed by the hundred without model instances: what bulk_create writes, for the tables
an import fills for every article (links, money figures, story bands, index outbox rows), where
building a model instance per row cost more than the insert itself."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import chain
from typing import TypeVar

from django.db import connections, router, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Model

PARAMETERS_PER_QUERY = 900  # under SQLite's 999

_Item = TypeVar("_Item")

_INTEGER_TYPES = frozenset(
    (
        "ForeignKey",
        "IntegerField",
        "BigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "AutoField",
        "BigAutoField",
    )
)
_TEXT_TYPES = frozenset(("CharField", "TextField", "SlugField"))


def insert_rows(model: type[Model], fields: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT ``rows`` (values of ``fields``, foreign keys as pks) in one statement per few
    hundred rows, on the database the router writes ``model`` to; no ids read back. A failure
    marks the caller's transaction for rollback, as bulk_create's does."""
    if not rows:
        return
    db = connections[router.db_for_write(model)]
    columns = [model._meta.get_field(name) for name in fields]
    quote = db.ops.quote_name
    names = ", ".join(quote(column.column) for column in columns)
    head = f"INSERT INTO {quote(model._meta.db_table)} ({names})"
    row_sql = f"({', '.join(['%s'] * len(columns))})"
    per_statement = PARAMETERS_PER_QUERY // len(columns)
    # An int, str or decimal for an integer, text or decimal column (keys, titles, codes,
    # amounts), or None, is its own database value: only the others go through the field.
    plain = [plain_types(column, db) for column in columns]
    with transaction.mark_for_rollback_on_error(db.alias), db.cursor() as cursor:
        for chunk in in_chunks(rows, per_statement):
            if _all_own_values(chunk, plain):
                params = list(chain.from_iterable(chunk))
            else:
                params = [
                    value if is_own_value(value, kinds) else column.get_db_prep_save(value, db)
                    for row in chunk
                    for column, kinds, value in zip(columns, plain, row, strict=True)
                ]
            cursor.execute(f"{head} VALUES {', '.join([row_sql] * len(chunk))}", params)


def in_chunks(
    items: Sequence[_Item], size: int = PARAMETERS_PER_QUERY
) -> Iterator[Sequence[_Item]]:
    """``items`` a slice of ``size`` at a time: by default as many as one query takes as
    parameters (``pk__in=chunk`` and the like)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _all_own_values(chunk: list[tuple], plain: list[tuple[type, ...]]) -> bool:
    """Whether every value of ``chunk`` is its own database value (``is_own_value``), checked
    a column at a time by the set of its value types: the rows then go as they are."""
    if {len(row) for row in chunk} != {len(plain)}:
        return False  # the per-value path says which row is off
    for index, kinds in enumerate(plain):
        types = {type(row[index]) for row in chunk}
        if not types.issubset(kinds):
            return False
        if Decimal in types and not all(
            row[index].is_finite() for row in chunk if type(row[index]) is Decimal
        ):
            return False
    return True


def plain_types(column, db) -> tuple[type, ...]:
    """The value types that are their own database value in ``column`` (what the field's
    get_db_prep_save returns unchanged): int for an integer column, str for a text column, a
    Decimal for a decimal column while the backend passes decimals as they are, and None for
    each of these; none for the others (dates, JSON, where None is 'null', ...)."""
    kind = column.get_internal_type()
    if kind in _INTEGER_TYPES:
        return int, type(None)
    if kind in _TEXT_TYPES:
        return str, type(None)
    if kind == "DecimalField" and (
        type(db.ops).adapt_decimalfield_value is BaseDatabaseOperations.adapt_decimalfield_value
    ):
        return Decimal, type(None)
    return ()


def is_own_value(value, kinds: tuple[type, ...]) -> bool:
    """Whether ``value`` is its own database value in a column taking ``kinds`` as they are; a
    decimal only when finite (the field's conversion refuses the others)."""
    return type(value) in kinds and (type(value) is not Decimal or value.is_finite())
