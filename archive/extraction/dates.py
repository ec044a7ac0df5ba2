"""The publication date an article states about itself, and nothing guessed.

Rule: a date counts only when the text states it *as the page's date*:

1. the crawl prefix `` date YYYY-MM-DD `` (origin ``"crawl prefix"``), else
2. a *page-date line* among the top lines (the headline and the first ``TOP_LINES`` paragraphs),
   origin ``"page date"``. A page-date line is a short line that either labels its date
   (``Updated: 12/03/2024 10:15``, ``Published on March 3, 2024``, ``Cập nhật: 29/02/2024``) or
   holds nothing but a date with its furniture: weekday (English or Vietnamese: ``Thứ 4``,
   ``Thứ hai``, ``Chủ nhật``), ``Ngày``, time, time zone, separators (``Monday, 8 August 2024``,
   ``08/08/2024 | 10:15 GMT+7``, ``Thứ 4, Ngày 19/07/2023, 15:00``,
   ``March 3, 2023 at 8:00 AM GMT+7``, ``2023-03-03T08:00:00+07:00``).

A date inside a sentence is never a publication date, even near the top and even with a year:
"in Tokyo, Japan, August 8, 2024" in a caption or "signed on March 3, 2024" in the lede say when
something happened, not when the page was published. A date without a year ("on December 27")
never counts: we do not invent years. Numeric dates are read day-first (``12/03/2024`` is
12 March), as Vietnamese and British sites print them, unless only month-first is valid.
"""

from __future__ import annotations

import re
from datetime import date

from archive.extraction.types import CleanText, StatedDate

TOP_LINES = 3  # paragraphs below the headline where a page prints its date
_MAX_PAGE_DATE_LINE = 80  # characters; a longer line is prose, not page furniture

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

# "12/03/2024", "12-03-2024", "12.03.2024": day first, one separator throughout.
_NUMERIC_DAY_FIRST = re.compile(rf"\b{_DAY}([/.-])(?P<month>\d{{1,2}})\2{_YEAR}\b")
# The date shapes pages print, each with named groups day / month / year.
_DATE_RES = (
    # "March 3, 2024", "Mar. 3 2024"
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    # "3 March 2024", "8 August, 2024", "3rd of March 2024"
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    # "2024-03-12" (ISO), also as the start of a timestamp "2024-03-12T08:00:00+07:00"
    re.compile(rf"\b{_YEAR}-(?P<month>\d{{1,2}})-(?P<day>\d{{1,2}})(?:\b|(?=T\d))"),
    _NUMERIC_DAY_FIRST,
)
# A label that makes the date on its line the page's date.
_LABEL_RE = re.compile(
    r"^\W*(?:last\s+)?(?:updated|update|published|posted|released|created|date|publish(?:ed)?"
    r"\s+date|cập nhật|ngày)\b(?:\s+(?:on|at))?\s*:?",
    re.IGNORECASE,
)
# What may stand beside a date on a bare date line: weekday (English or Vietnamese), "Ngày"
# (day), time (also an ISO timestamp's "T08:00:00+07:00"), time zone, "at"/"lúc", separators.
_FURNITURE_RE = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?"
    r"|\bthứ\s+(?:[2-7]|hai|ba|tư|bốn|năm|sáu|bảy)(?!\w)|\bchủ\s+nhật(?!\w)|\bngày(?!\w)"
    r"|(?:(?<=\d)|\b)T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?(?!\w)"
    r"|\b\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?!\w)"
    r"|\(?\b(?:GMT|UTC|ICT|JST|KST|SGT|HKT|WIB|PHT|CST|IST|BST|CET|CEST|EST|EDT|PST|PDT|AEST|AEDT)"
    r"\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\)?"
    r"|\b(?:at|lúc)\b"
    r"|[\s,|/\-–—:.()]+",
    re.IGNORECASE,
)


def stated_date(clean: CleanText) -> StatedDate | None:
    """The publication date the text states (crawl prefix, then a page-date line), else None."""
    if clean.crawl_date is not None:
        return StatedDate(clean.crawl_date, "crawl prefix")
    top_lines = ([clean.headline] if clean.headline else []) + clean.body.split("\n\n")[:TOP_LINES]
    for line in top_lines:
        if is_page_date_line(line):
            return StatedDate(find_date(line), "page date")
    return None


def is_page_date_line(line: str) -> bool:
    """True for a line that prints the page's date: labelled, or a date with only furniture."""
    line = line.strip()
    if len(line) > _MAX_PAGE_DATE_LINE:
        return False
    match = _first_date_match(line)
    if match is None:
        return False
    label = _LABEL_RE.match(line)
    if label:  # "Published on Monday, March 3, 2024 by ...": the label must lead to the date
        return _is_furniture(line[label.end() : match.start()])
    return _is_furniture(line[: match.start()] + " " + line[match.end() :])


def _is_furniture(text: str) -> bool:
    return _FURNITURE_RE.sub("", text) == ""


def find_date(text: str) -> date | None:
    """The first valid date with a year in ``text``, in any of the shapes pages print."""
    match = _first_date_match(text)
    return _to_date(match) if match else None


def _first_date_match(text: str) -> re.Match[str] | None:
    """The earliest match that is a real calendar date (so 31/02/2024 is skipped)."""
    matches = [m for pattern in _DATE_RES for m in pattern.finditer(text) if _to_date(m)]
    return min(matches, key=lambda m: m.start(), default=None)


def _to_date(match: re.Match[str]) -> date | None:
    year, day = int(match.group("year")), int(match.group("day"))
    month_text = match.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTHS[month_text[:3].lower()]
    orders = [(day, month)]
    if match.re is _NUMERIC_DAY_FIRST:
        orders.append((month, day))  # "03/25/2024": month-first only when day-first is impossible
    for d, m in orders:
        try:
            return date(year, m, d)
        except ValueError:
            continue
    return None
