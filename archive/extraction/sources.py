"""The news agencies and outlets the archive knows, and the names they go by.

The outlets are data (``data/outlets.json``: each outlet's canonical short name, full name, web
domains and aliases), so adding one is a change to that file. ``canonical_source`` reads an
outlet's name in a credit, ``ALIAS_RE`` finds one in text (the cleaner and ``credits`` use it),
and ``outlet_for_url`` maps a page's URL to the same short names, for importers that know where
a page came from. Where in an article a credit counts is ``credits.find_source``'s job.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from archive.extraction.text import fold_diacritics

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
# cleaning._strip_closing_tag looks for a closing tag only after a word character.
assert all(re.match(r"\w", alias[-1]) for alias in _FOLDED_ALIASES), "an alias ends in a mark"
_CANONICAL_BY_FOLDED = {fold_diacritics(a).casefold(): name for a, name in SOURCE_ALIASES.items()}


def canonical_source(credit: str | None) -> str | None:
    """The canonical name of the first known outlet named in ``credit`` ('VNA/VNS' -> 'VNA')."""
    if not credit:
        return None
    match = ALIAS_RE.search(fold_diacritics(credit))
    if match is None:
        return None
    return _CANONICAL_BY_FOLDED[" ".join(match.group().split()).casefold()]
