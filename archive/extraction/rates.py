"""Approximate US dollar values of money figures, from annual average exchange rates.

``data/exchange_rates.csv`` holds, per currency and year, how many units of the currency one US
dollar bought on average that year (sources in ``data/SOURCES.md``). A figure is converted at the
rate of its article's year, so "300 billion yen" in a 2015 article is 300e9 / 121.08 = US$2.48
billion. A figure whose year or currency has no rate stays unconverted, with a note saying why.
These are approximations for comparing and sorting figures, not what was paid.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path

RATES_PATH = Path(__file__).resolve().parent / "data" / "exchange_rates.csv"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class UsdValue:
    usd: Decimal | None  # None: not converted (see note)
    rate: Decimal | None  # units of the currency per US dollar, the year's average
    year: int | None  # the year whose rate was used
    note: str = ""  # why the figure was not converted


@cache
def rates() -> dict[tuple[str, int], Decimal]:
    """(currency, year) -> units per US dollar."""
    with RATES_PATH.open(encoding="utf-8", newline="") as handle:
        return {
            (row["currency"], int(row["year"])): Decimal(row["per_usd"])
            for row in csv.DictReader(handle)
        }


@cache
def years() -> tuple[int, int]:
    """The first and last year the file has rates for."""
    known = [year for _, year in rates()]
    return min(known), max(known)


def to_usd(amount: Decimal, currency: str, year: int | None) -> UsdValue:
    """``amount`` of ``currency`` in US dollars at the average rate of ``year``."""
    currency = (currency or "").strip().upper()
    if not (len(currency) == 3 and currency.isalpha()):  # no ISO 4217 code: "", "$?", "dollars"
        return UsdValue(None, None, None, "not converted: currency unclear")
    if currency == "USD":  # needs no rate, so no year either
        return UsdValue(Decimal(amount).quantize(CENT), Decimal(1), year)
    if year is None:
        return UsdValue(None, None, None, "not converted: the article has no date")
    rate = rates().get((currency, year))
    if rate is None:
        first, last = years()
        if not any(code == currency for code, _ in rates()):
            return UsdValue(None, None, None, f"not converted: no exchange rate for {currency}")
        return UsdValue(None, None, None, f"not converted: rates cover {first}–{last}, not {year}")
    usd = (Decimal(amount) / rate).quantize(CENT, rounding=ROUND_HALF_EVEN)
    return UsdValue(usd, rate, year)
