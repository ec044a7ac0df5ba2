"""Sums of money an article mentions: "US$30 billion", "100 billion yen", "VND 1.2 trillion".

Each mention keeps its text as written (the amount only, without "nearly" or "over"), the amount
in units as a Decimal and the ISO 4217 currency. Every mention counts, in text order: repeating a
figure is the article's choice, not ours to undo. A number with no currency is not money.

A figure followed by its conversion in brackets ("VND 2.7 trillion (US$115 million)") is one
figure: the bracketed equivalent is not counted again.

What a figure measures (``MEASURES``) is read from the words of its own sentence, never guessed
from the number: the cue words between the previous figure of the sentence (or its start) and
this one, else those after it up to the next figure; a figure with no cue of its own shares the
measure of the figure before it in the same clause ("reached US$79 billion and aims for US$150
billion"); "other" otherwise.

Choices worth knowing: a bare ``$`` and "dollars" are US dollars and a bare ``¥`` is yen, as in
this archive's news; a range ("US$3-4 billion") counts as its lower bound; a comma followed by
three digits groups thousands ("1,200"), any other comma is a decimal point ("1,5 billion").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace
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
# A sum starts with a prefix or a number (_MONEY_RE: no flags, nothing optional before either).
_SUM_START = re.compile(r"[\d" + "".join(sorted({re.escape(p[0]) for p in _PREFIXES})) + "]")


def find_money(text: str) -> tuple[MoneyMention, ...]:
    """Every sum of money in ``text``, in order, with its amount in units, ISO 4217 currency and
    what it measures; a bracketed conversion of the figure before it is not counted again."""
    found: list[tuple[re.Match[str], MoneyMention]] = []
    for match in _money_matches(text):
        mention = _mention(match)
        if mention is None:
            continue
        if found and _is_conversion(text, found[-1], match, mention):
            continue
        found.append((match, mention))
    return tuple(
        replace(mention, measure=measure)
        for (_, mention), measure in zip(
            found, _measures(text, [match.span() for match, _ in found]), strict=True
        )
    )


# "(US$115 million)", "(about US$50 million)", "(equivalent to 115 million USD)"
_CONVERSION_OPEN = re.compile(
    r"\s*\(\s*(?:(?:about|around|approximately|approx\.|roughly|some|nearly|over|almost|"
    r"equivalent\s+to|equal\s+to|or)\s+)?$",
    re.IGNORECASE,
)
_CONVERSION_CLOSE = re.compile(r"\s*\)")


def _is_conversion(
    text: str, previous: tuple[re.Match[str], MoneyMention], match: re.Match[str], mention
) -> bool:
    """Is ``match`` the previous figure's conversion: in brackets right after it, in another
    currency?"""
    before, previous_mention = previous
    between = text[before.end() : match.start()]
    return (
        previous_mention.currency != mention.currency
        and _CONVERSION_OPEN.fullmatch(between) is not None
        and _CONVERSION_CLOSE.match(text, match.end()) is not None
    )


# --- What a figure measures ---------------------------------------------------------------------

# The measures, as stored (MoneyFigure.measure) and as labelled.
MEASURES = {
    "fdi_registered": "FDI registered",
    "fdi_disbursed": "FDI disbursed",
    "oda_loan": "ODA loan",
    "oda_grant": "ODA grant",
    "trade_turnover": "trade turnover",
    "project_capital": "project capital",
    "other": "other",
}
# Cue words, strongest first: where a window holds several, the first measure listed wins
# ("disbursed FDI" is disbursed; "the project's registered capital" is the project's).
_CUES = (
    (
        "fdi_disbursed",
        r"disburs\w*(?:\s+(?:FDI|capital|investment))?|realised\s+(?:capital|FDI)"
        r"|implemented\s+capital",
    ),
    ("oda_grant", r"grants?|non-refundable|aid"),
    ("oda_loan", r"loans?|lend(?:s|ing)?|lent|credit(?:s|\s+line)?|borrow\w*"),
    (
        "trade_turnover",
        r"trade(?!\s+(?:fair|show|promotion|mission|office|union|agreement|deal|pact))"
        r"|turnover|two-way|exports?|exported|imports?|imported|export\s+value",
    ),
    (
        "project_capital",
        r"project'?s?\s+(?:total\s+|registered\s+|investment\s+)*(?:capital|investment|cost)"
        r"|total\s+(?:investment|capital)|investment\s+capital|capital\s+of|costs?|cost\s+of",
    ),
    (
        "fdi_registered",
        r"FDI|foreign\s+(?:direct\s+)?investment|registered|pledged|attract\w*|investors?"
        r"|registered\s+capital",
    ),
    (
        "project_capital",
        r"invest(?:s|ed|ing)?|project|factory|plant|build(?:s|ing)?|built|expand\w*"
        r"|expansion|facility|complex|centre|center|capital|(?:industrial\s+)?(?:park|zone)"
        r"|port|airport|railway|expressway|road|hub",
    ),
)
_CUE_RES = tuple(
    (measure, re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE))
    for measure, pattern in _CUES
)
# Where a sentence ends, and where a clause turns to something else ("..., while the city
# contributes ..."): a figure never borrows a measure across these.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_CLAUSE_BREAK = re.compile(
    r"[;:]|,\s+(?:while|whereas|but|of\s+which|according|said|the\s+\w+\s+said)\b|\(",
    re.IGNORECASE,
)


def _cue(window: str) -> str | None:
    """The measure the window's words name nearest its end (the figure after it), or None; where
    two cues end together ("registered capital" in "the project's registered capital"), the
    stronger."""
    best: tuple[int, int, str] | None = None
    for rank, (measure, pattern) in enumerate(_CUE_RES):
        for match in pattern.finditer(window):
            key = (match.end(), -rank, measure)
            if best is None or key[:2] > best[:2]:
                best = key
    return best[2] if best else None


def _first_cue(window: str) -> str | None:
    """The measure of the cue nearest the window's start."""
    best: tuple[int, int, str] | None = None
    for rank, (measure, pattern) in enumerate(_CUE_RES):
        match = pattern.search(window)
        if match is not None and (best is None or (match.start(), rank) < best[:2]):
            best = (match.start(), rank, measure)
    return best[2] if best else None


def _strongest_cue(window: str) -> str | None:
    """The strongest measure a few words name ("in FDI disbursed" is disbursed)."""
    return next((measure for measure, pattern in _CUE_RES if pattern.search(window)), None)


# What the figure is, said right after it: "a US$246 million factory", "US$1.4 billion in FDI
# disbursed", "17 billion USD in sovereign loans", "1.5 billion USD of FDI".
_QUALIFIER = re.compile(r"\s*(?:(?:in|of|as)\s+)?(?:[\w'-]+\s+){0,2}[\w'-]+")


def _sentence_bounds(text: str, stops: list[int], start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end]; ``stops`` are the ends of the text's _SENTENCE_END
    matches, found once per text instead of once per figure."""
    if start and text[start - 1] in ".!?\n":  # "$" matches at ``start`` when the text stops there
        head = start
    else:
        head = stops[index - 1] if (index := bisect_left(stops, start)) else 0
    tail = _SENTENCE_END.search(text, end)
    return head, tail.start() if tail else len(text)


def _measures(text: str, spans: list[tuple[int, int]]) -> list[str]:
    measures: list[str] = []
    stops = [stop.end() for stop in _SENTENCE_END.finditer(text)]
    for i, (start, end) in enumerate(spans):
        head, tail = _sentence_bounds(text, stops, start, end)
        previous_end = spans[i - 1][1] if i and spans[i - 1][1] > head else head
        next_start = spans[i + 1][0] if i + 1 < len(spans) and spans[i + 1][0] < tail else tail
        before = text[previous_end:start]
        # Only the clause the figure is in: after the last clause break before it.
        breaks = list(_CLAUSE_BREAK.finditer(before))
        own_clause = before[breaks[-1].end() :] if breaks else before
        after = text[end:next_start]
        after_clause = after[: m.start()] if (m := _CLAUSE_BREAK.search(after)) else after
        qualifier = _QUALIFIER.match(after_clause)
        measure = (
            (_strongest_cue(qualifier.group()) if qualifier else None)
            or _cue(own_clause)
            or _first_cue(after_clause)
        )
        if measure is None and i and previous_end > head and not breaks:
            measure = measures[-1]  # "... reached US$79 billion and aims for US$150 billion"
        measures.append(measure or "other")
    return measures


def _money_matches(text: str) -> Iterator[re.Match[str]]:
    """``_MONEY_RE.finditer(text)``, trying only the positions a sum can start at: those at most
    _MAX_LEAD before a digit. The regex opens with look-behinds, so its own search tries all."""
    position = 0  # where the last sum ended: the next starts there or later
    for digits in _DIGITS.finditer(text):
        start = max(position, digits.start() - _MAX_LEAD)
        # Only where a sum's first character stands (found in C): a digit or a prefix's first.
        while (first := _SUM_START.search(text, start, digits.end())) is not None:
            match = _MONEY_RE.match(text, first.start())
            if match is None:
                start = first.start() + 1
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
