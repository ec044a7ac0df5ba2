"""archive/rows.py: rows INSERTed without model instances store what bulk_create would."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError

from archive.models import Article, MoneyFigure, StoryBand
from archive.rows import PARAMETERS_PER_QUERY, in_chunks, insert_rows

MONEY = ("article", "text", "amount", "currency", "measure", "usd", "usd_rate", "usd_year")


def _article(name: str) -> Article:
    return Article.objects.create(
        title=name, slug=name, body="x", original_text="x", source_file=f"{name}.txt", sha256=name
    )


@pytest.mark.django_db
def test_rows_of_plain_values_and_of_values_the_field_converts_store_alike():
    # Ints, strs, decimals and None go as they are; anything else (a numeric string for a key,
    # a float for an amount) through its field, in the same statement as the plain rows.
    article = _article("a")
    count = PARAMETERS_PER_QUERY // 2 + 7  # more than one statement
    bands = [(article.pk, key) for key in range(-count, 0)] + [(str(article.pk), 2**62)]
    money = [
        (article.pk, "USD 1.5 billion", Decimal("1500000000.00"), "USD", "fdi", None, None, None),
        (article.pk, "VND 20 trillion", 2e13, "VND", "total", Decimal("800000000"), 1.0, 2024),
    ]

    insert_rows(StoryBand, ("article", "key"), bands)
    insert_rows(MoneyFigure, MONEY, money)

    stored = sorted(StoryBand.objects.values_list("article_id", "key"))
    assert stored == sorted((article.pk, key) for _, key in bands)
    figures = MoneyFigure.objects.order_by("pk").values_list(
        "amount", "usd", "usd_rate", "usd_year"
    )
    assert list(figures) == [
        (Decimal("1500000000.00"), None, None, None),
        (Decimal("20000000000000.00"), Decimal("800000000.00"), Decimal("1.00"), 2024),
    ]


@pytest.mark.django_db
def test_a_row_of_the_wrong_length_or_a_decimal_that_is_not_a_number_is_refused():
    # Each in a savepoint of its own, as the importer saves an article: a failure marks it
    # for rollback (test_a_failed_insert_leaves_...).
    article = _article("b")
    with pytest.raises(ValueError), transaction.atomic():
        insert_rows(StoryBand, ("article", "key"), [(article.pk, 1), (article.pk, 2, 3)])
    nan = (article.pk, "NaN", Decimal("NaN"), "USD", "fdi", None, None, None)
    with pytest.raises(Exception, match="(?i)nan|decimal|invalid"), transaction.atomic():
        insert_rows(MoneyFigure, MONEY, [nan])
    assert not StoryBand.objects.exists() and not MoneyFigure.objects.exists()


@pytest.mark.django_db
def test_a_failed_insert_leaves_the_callers_transaction_marked_for_rollback_as_bulk_create():
    # The caller cannot go on writing as if the rows were there: its next query is refused
    # until its transaction (or savepoint) is rolled back.
    article = _article("c")
    with transaction.atomic():
        with pytest.raises(ValueError):
            insert_rows(StoryBand, ("article", "key"), [(article.pk, 1, 2)])
        with pytest.raises(TransactionManagementError):
            StoryBand.objects.count()
    assert Article.objects.filter(pk=article.pk).exists()  # the outer test transaction goes on


def test_in_chunks_hands_every_item_once_in_order_a_query_s_worth_at_a_time():
    items = list(range(2 * PARAMETERS_PER_QUERY + 5))

    chunks = list(in_chunks(items))

    assert [len(chunk) for chunk in chunks] == [PARAMETERS_PER_QUERY, PARAMETERS_PER_QUERY, 5]
    assert [item for chunk in chunks for item in chunk] == items
    assert list(in_chunks([])) == []
    assert list(in_chunks("abcde", 2)) == ["ab", "cd", "e"]
