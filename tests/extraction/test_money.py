"""find_money(): sums of money with their amount in units and ISO 4217 currency."""

from decimal import Decimal

import pytest

from archive.extraction.money import find_money
from archive.extraction.types import MoneyMention


@pytest.mark.parametrize(
    ("written", "amount", "currency"),
    [
        ("3 billion USD", "3e9", "USD"),
        ("US$30 billion", "30e9", "USD"),
        ("100 billion yen", "100e9", "JPY"),
        ("$685.5 million", "685.5e6", "USD"),
        ("VND 1.2 trillion", "1.2e12", "VND"),
        ("1,200 billion VND", "1.2e12", "VND"),
        ("5 million euros", "5e6", "EUR"),
        ("USD 2.5 billion", "2.5e9", "USD"),
        ("US$14-million", "14e6", "USD"),
        ("¥100 billion", "100e9", "JPY"),
        ("€3m", "3e6", "EUR"),
        ("4.5 trillion dong", "4.5e12", "VND"),
        ("KRW 3 billion", "3e9", "KRW"),
        ("S$10 million", "10e6", "SGD"),
        ("A$2bn", "2e9", "AUD"),
        ("£7.5 million", "7.5e6", "GBP"),
        ("20 million US dollars", "20e6", "USD"),
        ("8 billion baht", "8e9", "THB"),
        ("60 billion won", "60e9", "KRW"),
        ("2 billion yuan", "2e9", "CNY"),
        ("350 thousand USD", "350e3", "USD"),
        ("2.000.000 VND", "2e6", "VND"),
        ("1,5 billion euros", "1.5e9", "EUR"),
    ],
)
def test_a_sum_is_read_with_its_amount_and_currency(written, amount, currency):
    assert find_money(f"The fund holds {written} for new projects.") == (
        MoneyMention(text=written, amount=Decimal(amount), currency=currency),
    )


def test_the_text_is_only_the_amount_without_its_qualifier():
    assert find_money("It drew nearly 6 billion USD.") == (
        MoneyMention(text="6 billion USD", amount=Decimal(6_000_000_000), currency="USD"),
    )


def test_amounts_are_whole_numbers_when_they_are_whole():
    (mention,) = find_money("$685.5 million")
    assert str(mention.amount) == "685500000"


def test_every_mention_counts_in_text_order_and_a_bracketed_conversion_once():
    # Issue 12: "(about $650 million)" restates the figure before it, so it is not a second sum;
    # the repeated 100 billion yen is the article's choice and still counts.
    text = "Loans of 100 billion yen (about $650 million) followed 100 billion yen last year."
    assert find_money(text) == (
        MoneyMention(
            text="100 billion yen",
            amount=Decimal(100_000_000_000),
            currency="JPY",
            measure="oda_loan",
        ),
        MoneyMention(text="100 billion yen", amount=Decimal(100_000_000_000), currency="JPY"),
    )


def test_a_range_counts_as_its_lower_bound():
    assert find_money("It needs US$3-4 billion.") == (
        MoneyMention(text="US$3-4 billion", amount=Decimal(3_000_000_000), currency="USD"),
    )


def test_numbers_without_a_currency_are_not_money():
    assert find_money("In 2023 the province had 4,082 projects worth 40 billion in total.") == ()


def test_won_as_a_verb_is_not_money():
    assert find_money("Of the bids, 3 won approval.") == ()


def test_a_place_name_after_a_number_is_not_a_currency():
    assert find_money("Phase 2 Dong Nai industrial park opened.") == ()
