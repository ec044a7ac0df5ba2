"""Which news agency or outlet an article comes from, read from its credits.

The outlets are data (``SOURCE_ALIASES``: alias -> canonical short name), so adding one is a
one-line change; the code only decides *where* in the text a credit counts.
"""

from __future__ import annotations

import re

from archive.extraction.text import fold_diacritics
from archive.extraction.types import CleanText

# alias -> canonical short name. Aliases are matched on whole words, diacritics folded; all-caps
# aliases (acronyms) must match in capitals so "vov" in a URL path or "ap" in prose never count.
SOURCE_ALIASES: dict[str, str] = {
    "VNA": "VNA",
    "TTXVN": "VNA",
    "Vietnam News Agency": "VNA",
    "Viet Nam News Agency": "VNA",
    "VietnamPlus": "VNA",
    "VNS": "VNS",
    "Viet Nam News": "VNS",
    "Vietnam News": "VNS",
    "VnExpress": "VnExpress",
    "VnExpress International": "VnExpress",
    "VNE": "VnExpress",
    "Tuoi Tre": "Tuoi Tre",
    "Tuoi Tre News": "Tuoi Tre",
    "TTO": "Tuoi Tre",
    "Nhan Dan": "Nhan Dan",
    "Nhan Dan Online": "Nhan Dan",
    "NDO": "Nhan Dan",
    "VOV": "VOV",
    "Voice of Vietnam": "VOV",
    "VGP": "VGP",
    "VGP News": "VGP",
    "Hanoi Times": "Hanoi Times",
    "Hanoitimes": "Hanoi Times",
    "The Hanoi Times": "Hanoi Times",
    "Saigon Times": "Saigon Times",
    "The Saigon Times": "Saigon Times",
    "SGT": "Saigon Times",
    "SGGP": "SGGP",
    "Saigon Giai Phong": "SGGP",
    "VIR": "VIR",
    "Vietnam Investment Review": "VIR",
    "Thanh Nien": "Thanh Nien",
    "VietNamNet": "VietNamNet",
    "VnEconomy": "VnEconomy",
    "VTV": "VTV",
    "Reuters": "Reuters",
    "AFP": "AFP",
    "Kyodo": "Kyodo",
    "Kyodo News": "Kyodo",
    "Yonhap": "Yonhap",
    "Xinhua": "Xinhua",
    "Bernama": "Bernama",
    "NHK": "NHK",
    "Nikkei": "Nikkei",
    "Nikkei Asia": "Nikkei",
    "Bloomberg": "Bloomberg",
}


def _alias_pattern(alias: str) -> str:
    """One alias as a regex: flexible spaces, case-insensitive unless it is an acronym."""
    body = r"\s+".join(re.escape(word) for word in alias.split())
    return body if alias.isupper() else f"(?i:{body})"


# Every alias, longest first so "Vietnam News Agency" wins over "Vietnam News". Lookarounds
# instead of \b so "VNA/VNS" splits into two aliases while "VNAs" or "xVNA" never match.
ALIAS_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(_alias_pattern(a) for a in sorted(SOURCE_ALIASES, key=len, reverse=True))
    + r")(?![\w])"
)
_CANONICAL_BY_FOLDED = {fold_diacritics(a).casefold(): name for a, name in SOURCE_ALIASES.items()}

# "Source: VGP", "(Sources: Reuters, VNA)", "Theo VnExpress": an explicit credit line or clause.
_CREDIT_RE = re.compile(r"(?:\bSources?\s*:|^\s*Theo\b)\s*(?P<credit>[^\n)]{1,80})", re.MULTILINE)
# "(VNA)" where agencies put their tag: before a dash near a line's start (a dateline the cleaner
# did not take apart) or at a line's end. Mid-sentence, "the Voice of Vietnam (VOV) reported"
# cites another outlet rather than crediting this one.
_DATELINE_TAG_RE = re.compile(r"^.{0,60}?\((?P<credit>[^()\n]{2,30})\)\s*[—–-]", re.MULTILINE)
_CLOSING_TAG_RE = re.compile(r"\((?P<credit>[^()\n]{2,30})\)\s*$", re.MULTILINE)
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

    In order of trust: the agency the cleaner read from the dateline or the closing tag
    (``clean.agency``); an explicit ``Source: X`` credit; an ``(X)`` tag naming a known outlet
    in a dateline or at a line's end of the non-caption text; and only then a photo credit
    (``Photo: VNA``), since outlets often run other agencies' photos.
    """
    # Imported here: the cleaner imports this module's aliases at load time.
    from archive.extraction.cleaning import article_lines, is_caption

    # Credits are looked for in the article only: not in other stories' links, not in captions.
    article_text = "\n".join(line for line in article_lines(text) if not is_caption(line))
    candidates = [
        canonical_source(clean.agency),
        _first_credit(_CREDIT_RE, article_text),
        _first_credit(_DATELINE_TAG_RE, article_text),
        _first_credit(_CLOSING_TAG_RE, article_text),
        _photo_credit(clean.captions),
    ]
    return next((source for source in candidates if source), None)


def _first_credit(pattern: re.Pattern[str], text: str) -> str | None:
    for match in pattern.finditer(text):
        source = canonical_source(match.group("credit"))
        if source:
            return source
    return None


def _photo_credit(captions: tuple[str, ...]) -> str | None:
    for caption in captions:
        for match in _PHOTO_CREDIT_RE.finditer(caption):
            source = canonical_source(match.group("credit") or match.group("before"))
            if source:
                return source
    return None
