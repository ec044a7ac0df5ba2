"""Which news agency or outlet an article comes from, read from its credits.

The outlets are data (``data/outlets.json``: each outlet's canonical short name, full name, web
domains and aliases), so adding one is a change to that file; the code only decides *where* in
the text a credit counts. ``outlet_for_url`` maps a page's URL to the same short names, for
importers that know where a page came from.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from archive.extraction.text import fold_diacritics
from archive.extraction.types import CleanText

OUTLETS_PATH = Path(__file__).resolve().parent / "data" / "outlets.json"


def _load_outlets() -> list[dict]:
    return json.loads(OUTLETS_PATH.read_text(encoding="utf-8"))["outlets"]


def _aliases(outlets: list[dict]) -> dict[str, str]:
    """alias -> canonical short name: each outlet's short name, full name and aliases."""
    aliases: dict[str, str] = {}
    for outlet in outlets:
        names = [outlet["short"], outlet["name"], *outlet["aliases"]]
        for alias in names:
            if "(" not in alias:  # "Vietnam Government Portal (VGP News)" is shown, not matched
                aliases.setdefault(alias, outlet["short"])
    return aliases


_OUTLETS = _load_outlets()
# alias -> canonical short name. Aliases are matched on whole words, diacritics folded; all-caps
# aliases (acronyms) must match in capitals so "vov" in a URL path or "ap" in prose never count.
SOURCE_ALIASES: dict[str, str] = _aliases(_OUTLETS)
_DOMAINS: dict[str, str] = {
    domain.lower(): outlet["short"] for outlet in _OUTLETS for domain in outlet["domains"]
}


def outlet_names() -> dict[str, str]:
    """Every known outlet: canonical short name -> full name ("VNA" -> "Vietnam News Agency")."""
    return {outlet["short"]: outlet["name"] for outlet in _OUTLETS}


def outlet_for_url(url: str) -> str | None:
    """The canonical short name of the outlet a page URL belongs to, else None.

    The host decides, subdomains included: "https://en.vietnamplus.vn/x.html" -> "VNA",
    "www.vir.com.vn/..." -> "VIR", "https://asia.nikkei.com/..." -> "Nikkei". A URL without a
    scheme is read as a host and path; case, a port, a trailing dot and "www." do not matter.
    Pure: no network, no DNS.
    """
    return _outlet_for_host(_host(url))


_SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def _host(url: str) -> str:
    url = url.strip()
    if not _SCHEME_RE.match(url):
        url = "//" + url.lstrip("/")  # "vir.com.vn/news": urlsplit would read it as a path
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # "http://[::1" and similar
        return ""
    return host.rstrip(".").lower()


@cache
def _outlet_for_host(host: str) -> str | None:
    labels = host.split(".")
    for start in range(len(labels) - 1):  # "en.vietnamplus.vn", then "vietnamplus.vn"
        outlet = _DOMAINS.get(".".join(labels[start:]))
        if outlet:
            return outlet
    return None


def _alias_pattern(alias: str) -> str:
    """One alias as a regex: flexible spaces, case-insensitive unless it is an acronym."""
    body = r"\s+".join(re.escape(word) for word in alias.split())
    return body if alias.isupper() else f"(?i:{body})"


# Every alias, folded (text is matched with its diacritics folded: "Báo Đầu tư" -> "Bao Dau tu"),
# longest first so "Vietnam News Agency" wins over "Vietnam News". Lookarounds instead of \b so
# "VNA/VNS" splits into two aliases while "VNAs" or "xVNA" never match.
_FOLDED_ALIASES = sorted(
    {fold_diacritics(alias) for alias in SOURCE_ALIASES}, key=len, reverse=True
)
ALIAS_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(_alias_pattern(a) for a in _FOLDED_ALIASES) + r")(?![\w])"
)
_CANONICAL_BY_FOLDED = {fold_diacritics(a).casefold(): name for a, name in SOURCE_ALIASES.items()}

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


def canonical_source(credit: str | None) -> str | None:
    """The canonical name of the first known outlet named in ``credit`` ('VNA/VNS' -> 'VNA')."""
    if not credit:
        return None
    match = ALIAS_RE.search(fold_diacritics(credit))
    if match is None:
        return None
    return _CANONICAL_BY_FOLDED[" ".join(match.group().split()).casefold()]


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
    # Imported here: the cleaner imports this module's aliases at load time.
    from archive.extraction.cleaning import article_lines, is_caption, page_lines

    # Credits are looked for in the article only: not in other stories' links, not in captions.
    article_text = "\n".join(line for line in article_lines(text) if not is_caption(line))
    candidates = [
        canonical_source(clean.agency),
        _first_credit(_CREDIT_RE, article_text),
        _first_credit(_DATELINE_TAG_RE, article_text),
        _first_credit(_CLOSING_TAG_RE, article_text),
        _copyright_credit(page_lines(text)),
        _interview_credit(article_text),
        _photo_credit(clean.captions),
    ]
    return next((source for source in candidates if source), None)


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
