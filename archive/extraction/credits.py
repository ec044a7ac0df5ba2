"""Which news agency or outlet an article comes from, read from its credits.

The outlets and their names are ``sources``' data; this module decides *where* in the text a
credit counts, reading the article's lines as the cleaner splits them.
"""

from __future__ import annotations

import re

from archive.extraction.cleaning import article_lines, is_caption, page_lines
from archive.extraction.sources import ALIAS_RE, canonical_source
from archive.extraction.text import fold_diacritics
from archive.extraction.types import CleanText

# "Source: VGP", "(Sources: Reuters, VNA)", "Theo VnExpress": an explicit credit line or clause.
_CREDIT_RE = re.compile(r"(?:\bSources?\s*:|^\s*Theo\b)\s*(?P<credit>[^\n)]{1,80})", re.MULTILINE)
# "(VNA)" where agencies put their tag: before a dash near a line's start (a dateline the cleaner
# did not take apart) or at a line's end. Mid-sentence, "the Voice of Vietnam (VOV) reported"
# cites another outlet rather than crediting this one.
_DATELINE_TAG_RE = re.compile(r"^.{0,60}?\((?P<credit>[^()\n]{2,30})\)\s*[—–-]", re.MULTILINE)
_CLOSING_TAG_RE = re.compile(r"\((?P<credit>[^()\n]{2,30})\)\s*$", re.MULTILINE)
# The page's copyright line: "© Copyright 2012 - 2016 Vietnam Investment Review", "Copyright by
# VOV", "©2023 Bloomberg L.P.". It sits in the footer, past the boilerplate the article ends at.
_COPYRIGHT_RE = re.compile(r"^\W{0,3}(?:©|ⓒ|\(c\)|copyright\b)", re.IGNORECASE)
# An outlet's own interview: "..., the chairman told Tuoi Tre (Youth) newspaper on Sunday".
_INTERVIEW_RE = re.compile(
    r"\b(?:told|said\s+to|in\s+an\s+interview\s+with|speaking\s+to)\s+"
    r"(?P<credit>[A-Z][^,.;:!?\n]{1,60})"
)
# "Photo: VNA", "(Photo: VNA/Nguyen Hoang)", "VNA Photo": photo credits, a last resort.
_PHOTO_CREDIT_RE = re.compile(
    r"\bPhotos?\s*(?::|by\b|courtesy of\b)\s*(?P<credit>.{1,80})|(?P<before>[\w/]+)\s+[Pp]hoto\b"
)


def find_source(text: str, clean: CleanText) -> str | None:
    """The outlet or agency an article comes from, or None when nothing credits one.

    In order of trust: the agency the cleaner read from the dateline, the outlet opening the
    lede, a byline or credit line, or the closing tag (``clean.agency``); an explicit
    ``Source: X`` credit; an ``(X)`` tag naming a known outlet in a dateline or at a line's end
    of the non-caption text; the page's copyright line (``© ... Vietnam Investment Review``);
    the outlet someone "told" in the story (its own interview: "told Tuoi Tre (Youth)
    newspaper"); and only then a photo credit (``Photo: VNA``), since outlets often run other
    agencies' photos.
    """
    if source := canonical_source(clean.agency):
        return source
    # Credits are looked for in the article only: not in other stories' links, not in captions.
    # Each kind only when the more trusted ones found nothing.
    article_text = "\n".join(line for line in article_lines(text) if not is_caption(line))
    return (
        _first_credit(_CREDIT_RE, article_text)
        or _first_credit(_DATELINE_TAG_RE, article_text)
        or _first_credit(_CLOSING_TAG_RE, article_text)
        or _copyright_credit(page_lines(text))
        or _interview_credit(article_text)
        or _photo_credit(clean.captions)
        or None
    )


def _first_credit(pattern: re.Pattern[str], text: str) -> str | None:
    for match in pattern.finditer(text):
        source = canonical_source(match.group("credit"))
        if source:
            return source
    return None


def _copyright_credit(lines: list[str]) -> str | None:
    """The outlet the page's (last) copyright line names."""
    for line in reversed(lines):
        if _COPYRIGHT_RE.match(line):
            source = canonical_source(line)
            if source:
                return source
    return None


def _interview_credit(text: str) -> str | None:
    """The outlet a source "told" something, when the outlet's name comes right after."""
    for match in _INTERVIEW_RE.finditer(text):
        outlet = ALIAS_RE.match(fold_diacritics(match.group("credit")))
        if outlet:
            return canonical_source(outlet.group())
    return None


def _photo_credit(captions: tuple[str, ...]) -> str | None:
    for caption in captions:
        for match in _PHOTO_CREDIT_RE.finditer(caption):
            source = canonical_source(match.group("credit") or match.group("before"))
            if source:
                return source
    return None
