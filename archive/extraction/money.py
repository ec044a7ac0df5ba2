"""Sums of money an article mentions: "US$30 billion", "100 billion yen", "VND 1.2 trillion".

Each mention keeps its text as written (the amount only, without "nearly" or "over"), the amount
in units as a Decimal and the ISO 4217 currency. Every mention counts, in text order: repeating a
figure is the article's choice, not ours to undo. A number with no currency is not money.

Choices worth knowing: a bare ``$`` and "dollars" are US dollars and a bare ``¥`` is yen, as in
this archive's news; a range ("US$3-4 billion") counts as its lower bound; a comma followed by
three digits groups thousands ("1,200"), any other comma is a decimal point ("1,5 billion").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from archive.extraction.types import MoneyMention

# Symbols and codes written before the amount: "US$30", "S$10", "¥100", "€3m", "USD 2.5", "VND1.2".
_PREFIXES = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "S$": "SGD", "SG$": "SGD", "A$": "AUD",
    "AU$": "AUD", "HK$": "HKD", "NT$": "TWD", "C$": "CAD", "CA$": "CAD", "NZ$": "NZD",
    "¥": "JPY", "€": "EUR", "£": "GBP", "₩": "KRW", "₫": "VND", "฿": "THB", "₹": "INR",
    "RMB": "CNY",
}  # fmt: skip
# Words and codes written after the amount: "3 billion USD", "100 billion yen", "4.5 trillion dong".
_SUFFIXES = {
    "US dollars": "USD", "U.S. dollars": "USD", "USD": "USD", "dollars": "USD",
    "Singapore dollars": "SGD", "Australian dollars": "AUD", "Hong Kong dollars": "HKD",
    "Taiwan dollars": "TWD", "Canadian dollars": "CAD", "New Zealand dollars": "NZD",
    "yen": "JPY", "dong": "VND", "đồng": "VND", "VND": "VND", "VNĐ": "VND", "₫": "VND",
    "euros": "EUR", "euro": "EUR", "won": "KRW", "yuan": "CNY", "renminbi": "CNY",
    "baht": "THB", "ringgit": "MYR", "rupiah": "IDR", "rupees": "INR", "pesos": "PHP",
    "pounds sterling": "GBP", "kip": "LAK", "riel": "KHR",
}  # fmt: skip
# ISO codes, which may stand on either side: "USD 2.5 billion", "1,200 billion VND".
_CODES = (
    "USD", "VND", "JPY", "EUR", "KRW", "SGD", "CNY", "THB", "AUD", "GBP", "HKD", "TWD", "CAD",
    "NZD", "MYR", "IDR", "INR", "PHP", "LAK", "KHR", "CHF",
)  # fmt: skip
_PREFIXES.update({code: code for code in _CODES})
_SUFFIXES.update({code: code for code in _CODES})

_SCALES = {
    "thousand": 10**3, "k": 10**3,
    "million": 10**6, "mln": 10**6, "mn": 10**6, "m": 10**6,
    "billion": 10**9, "bln": 10**9, "bn": 10**9, "b": 10**9,
    "trillion": 10**12, "tn": 10**12, "trn": 10**12,
}  # fmt: skip


def _alternation(words: dict[str, str]) -> str:
    """Longest first, so "US dollars" wins over "dollars" and "US$" over "$"."""
    return "|".join(
        r"\s+".join(re.escape(w) for w in word.split())
        for word in sorted(words, key=len, reverse=True)
    )


# A number: "30", "685.5", "1,200", "1.200.000" (dot-grouped thousands), "1,5" (decimal comma).
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:\.\d{3}){2,}|\d+(?:[.,]\d+)?"
# A scale after the number: " billion", "-million" ("US$14-million"), or a letter glued on ("€3m").
_SCALE = (
    r"(?:[\s-]?(?P<{0}>thousand|million|billion|trillion|mln|bln|bn|mn|trn|tn)"
    r"|(?P<{0}_short>[kmbKMB]))(?![\w])"
)
# The upper end of a range, which the mention's text includes: "3-4", "3 to 4".
_RANGE_END = rf"(?:\s?[-–]\s?|\s+to\s+)(?:{_NUMBER})"

# Either a currency before the amount ("US$30 billion", "VND 1.2 trillion") or after it
# ("3 billion USD", "100 billion yen"). Symbols need no letter before them ("S$" not "US$" cut).
_MONEY_RE = re.compile(
    rf"(?<![\w$])(?P<prefix>{_alternation(_PREFIXES)})\s?(?P<pnumber>{_NUMBER})(?:{_RANGE_END})?"
    rf"(?:{_SCALE.format('pscale')})?"
    rf"|(?<![\w.,])(?P<snumber>{_NUMBER})(?:{_RANGE_END})?(?:{_SCALE.format('sscale')})?"
    rf"\s?(?P<suffix>{_alternation(_SUFFIXES)})(?![\w])"
)


# Every sum has a digit at most this far from its start: the longest prefix ("U.S.$") and a space.
_MAX_LEAD = max(len(prefix) for prefix in _PREFIXES) + 1
assert not any(" " in prefix for prefix in _PREFIXES), "a spaced prefix has no bounded lead"
_DIGITS = re.compile(r"\d+")


def find_money(text: str) -> tuple[MoneyMention, ...]:
    """Every sum of money in ``text``, in order, with its amount in units and ISO 4217 currency."""
    return tuple(
        mention for match in _money_matches(text) if (mention := _mention(match)) is not None
    )


def _money_matches(text: str) -> Iterator[re.Match[str]]:
    """``_MONEY_RE.finditer(text)``, trying only the positions a sum can start at: those at most
    _MAX_LEAD before a digit. The regex opens with look-behinds, so its own search tries all."""
    position = 0  # where the last sum ended: the next starts there or later
    for digits in _DIGITS.finditer(text):
        start = max(position, digits.start() - _MAX_LEAD)
        while start < digits.end():
            match = _MONEY_RE.match(text, start)
            if match is None:
                start += 1
                continue
            yield match
            position = start = match.end()  # never empty: a sum holds a number


def _mention(match: re.Match[str]) -> MoneyMention | None:
    side = "p" if match.group("prefix") else "s"
    currency_text = " ".join(match.group("prefix" if side == "p" else "suffix").split())
    scale_text = match.group(f"{side}scale") or match.group(f"{side}scale_short")
    if currency_text == "won" and not scale_text:  # "the 3 won ..." is a verb, not a sum
        return None
    currency = (_PREFIXES if side == "p" else _SUFFIXES)[currency_text]
    multiplier = _SCALES[scale_text.lower()] if scale_text else 1
    amount = _number(match.group(f"{side}number")) * multiplier
    return MoneyMention(text=match.group(), amount=_integral(amount), currency=currency)


def _number(text: str) -> Decimal:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", text):  # "1.200.000": dots group thousands
        return Decimal(text.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):  # "1,200.5": commas group thousands
        return Decimal(text.replace(",", ""))
    return Decimal(text.replace(",", "."))  # "1,5": a decimal comma


def _integral(amount: Decimal) -> Decimal:
    """685500000.0 -> 685500000, so equal amounts print the same."""
    return (
        amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount.normalize()
    )
