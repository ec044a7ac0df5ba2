"""Money as data: what a figure measures, from its own sentence; a bracketed conversion counted
once; approximate US dollar values at the average rate of the article's year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from archive.extraction.money import MEASURES, find_money
from archive.extraction.rates import rates, to_usd


def measures(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.measure) for m in find_money(text)]


@pytest.mark.parametrize(
    ("sentence", "measure"),
    [
        ("Registered FDI in Long An reached US$900 million in the first half.", "fdi_registered"),
        ("The province drew 2 billion USD of foreign direct investment.", "fdi_registered"),
        ("Disbursed FDI hit US$11 billion, up 8 percent.", "fdi_disbursed"),
        ("The city attracted US$1.4 billion in FDI disbursed by June.", "fdi_disbursed"),
        ("The bank will lend 40 billion yen for the metro line.", "oda_loan"),
        ("Both sides signed a loan agreement worth 25 billion yen.", "oda_loan"),
        ("Seoul gave a non-refundable grant of 6 million USD for clinics.", "oda_grant"),
        ("Two-way trade rose to 76 billion USD last year.", "trade_turnover"),
        ("Exports of seafood earned 9 billion USD.", "trade_turnover"),
        ("The firm will build a 300 million USD factory in Hai Duong.", "project_capital"),
        ("The plant has total investment of VND 5 trillion.", "project_capital"),
        ("It will raise the project's registered capital to 2 billion USD.", "project_capital"),
        ("The figure was 5 million USD.", "other"),
        ("Officials expect 40 billion USD by 2030.", "other"),
    ],
)
def test_a_figure_measures_what_its_sentence_says(sentence, measure):
    ((_, found),) = measures(sentence)
    assert found == measure
    assert found in MEASURES


def test_a_trade_target_in_the_same_clause_shares_the_measure():
    text = "Trade turnover reached 20 billion USD in 2023 and the two sides aim for 30 billion USD."
    assert measures(text) == [
        ("20 billion USD", "trade_turnover"),
        ("30 billion USD", "trade_turnover"),
    ]


def test_a_figure_never_borrows_a_measure_across_a_turn_of_the_clause():
    text = (
        "The project gets a grant of 3 million USD, while the city pays VND 90 billion in "
        "counterpart funds."
    )
    assert measures(text) == [("3 million USD", "oda_grant"), ("VND 90 billion", "other")]


def test_a_figure_never_borrows_a_measure_from_another_sentence():
    text = "The loan is worth 100 million USD. Officials expect 40 billion USD by 2030."
    assert measures(text) == [("100 million USD", "oda_loan"), ("40 billion USD", "other")]


@pytest.mark.parametrize(
    "text",
    [
        "The park will cost VND 2.7 trillion (USD 115 million), the board said.",
        "The park will cost VND 2.7 trillion (about US$115 million), the board said.",
        "The park will cost VND 2.7 trillion (equivalent to 115 million USD), the board said.",
    ],
)
def test_a_bracketed_conversion_is_counted_once(text):
    (mention,) = find_money(text)
    assert (mention.text, mention.amount, mention.currency) == (
        "VND 2.7 trillion",
        Decimal("2.7e12"),
        "VND",
    )


def test_a_bracketed_figure_in_the_same_currency_is_its_own():
    found = find_money("Phase one costs US$2 billion (US$500 million from the city).")
    assert [m.text for m in found] == ["US$2 billion", "US$500 million"]


def test_300_billion_yen_is_converted_at_its_years_average():
    (mention,) = find_money("JICA will lend 300 billion yen for the railway.")

    value = to_usd(mention.amount, mention.currency, 2015)
    later = to_usd(mention.amount, mention.currency, 2023)

    assert (value.rate, value.year) == (rates()[("JPY", 2015)], 2015)
    assert value.usd == (Decimal(300_000_000_000) / rates()[("JPY", 2015)]).quantize(
        Decimal("0.01")
    )
    assert Decimal("2.4e9") < value.usd < Decimal("2.6e9")  # about 121 yen to the dollar
    assert later.usd < value.usd  # the yen was weaker in 2023: fewer dollars


def test_the_rates_cover_the_promised_currencies_and_years():
    for currency in ("VND", "JPY", "KRW", "CNY", "EUR", "GBP", "SGD", "THB", "TWD", "AUD", "USD"):
        for year in range(2010, 2026):
            assert rates()[(currency, year)] > 0, (currency, year)
    assert rates()[("USD", 2020)] == 1


def test_dollars_need_no_rate_and_no_year():
    value = to_usd(Decimal("2.5e9"), "USD", None)
    assert (value.usd, value.rate, value.note) == (Decimal("2500000000.00"), 1, "")


@pytest.mark.parametrize(
    ("currency", "year", "note"),
    [
        ("JPY", None, "not converted: the article has no date"),
        ("KHR", 2020, "not converted: no exchange rate for KHR"),
        ("JPY", 2031, "not converted: rates cover 2010–2025, not 2031"),
        ("", 2020, "not converted: currency unclear"),
        ("", None, "not converted: currency unclear"),
    ],
)
def test_a_figure_without_a_rate_stays_unconverted_and_says_why(currency, year, note):
    value = to_usd(Decimal(1000), currency, year)
    assert (value.usd, value.rate, value.year, value.note) == (None, None, None, note)
