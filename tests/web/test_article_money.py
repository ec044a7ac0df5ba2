"""The article page says, for each money figure, the US dollar value with the rate and year that
gave it, or why it has none: no rate for its currency, or a currency that is unclear."""

from __future__ import annotations

from decimal import Decimal

import pytest

from archive.ingest.pipeline import import_paths
from archive.models import Article, MoneyFigure
from archive.templatetags.archive_money import usd_words

pytestmark = pytest.mark.django_db

TAIPEI = (
    " date 2019-11-05 Taiwanese maker and a Cambodian partner in Tay Ninh\n"
    "Tay Ninh (VNA) – A Taiwanese tyre maker will invest NT$3 billion in a Tay Ninh plant, and "
    "its Cambodian partner will add 400 million riel for a warehouse, the province said.\n"
)


@pytest.fixture
def article(write_article):
    import_paths([write_article("tayninh.txt", TAIPEI)])
    return Article.objects.get()


def money_item(html: str, text: str) -> str:
    """The article page's list item of the figure written ``text``."""
    section = html[html.index('id="money-heading"') :]
    item = section[section.index(text) :]
    return item[: item.index("</li>")]


def test_each_converted_figure_shows_its_value_rate_and_year(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    item = money_item(html, "NT$3 billion")
    # 3e9 / 30.9049 (the Federal Reserve's 2019 average, exchange_rates.csv)
    assert "≈ US$97.1 million" in item
    assert "(at 30.9049 TWD per US dollar, the 2019 average)" in item


def test_a_figure_without_a_rate_says_it_was_not_converted_and_why(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    item = money_item(html, "400 million riel")
    assert "not converted: no exchange rate for KHR" in item
    assert "≈" not in item


def test_a_figure_whose_currency_is_unclear_says_so(client, article):
    # A figure restored from a backup without a currency code: the importer never writes one.
    MoneyFigure.objects.create(
        article=article, text="3 billion", amount=3_000_000_000, currency="", measure="other"
    )

    html = client.get(article.get_absolute_url()).content.decode()

    item = money_item(html, "<li>3 billion ")
    assert "not converted: currency unclear" in item


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (Decimal("5000000.00"), "US$5 million"),  # a sum as PostgreSQL returns it: two places
        (Decimal("5000000"), "US$5 million"),  # the same sum from SQLite
        (Decimal("82600000.12"), "US$82.6 million"),
        (Decimal("2480000000"), "US$2.48 billion"),
        (Decimal("999600000"), "US$1,000 million"),  # never "1e+03"
        (Decimal("950000"), "US$950,000"),
    ],
)
def test_usd_values_read_the_same_whatever_the_database_returns(value, words):
    assert usd_words(value) == words
