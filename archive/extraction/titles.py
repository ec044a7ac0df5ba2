"""A readable title for an article: its headline, or else the opening of its lede."""

from __future__ import annotations

import re

from archive.extraction.types import TITLE_FROM_HEADLINE, TITLE_FROM_LEDE, CleanText

UNTITLED = "Untitled article"
_ELLIPSIS = "…"
# Where the first sentence ends: ". ", "! " or "? " before a capital, digit or quote, unless the
# full stop closes an abbreviation or an initial ("Mr.", "Dr.", "U.S.", "No.", "Jan.", "H.").
_SENTENCE_BREAK_RE = re.compile(
    r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\bJan)(?<!\bFeb)(?<!\bAug)(?<!\bSep)"
    r"(?<!\bOct)(?<!\bNov)(?<!\bDec)(?<!\bMrs)(?<!\bProf)(?<!\bCorp)(?<!\bInc)(?<!\bLtd)(?<!\bCo)"
    r"(?<!\b[A-Z])[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9À-Ỹ])"
)
# Punctuation a cut title should not end on before its ellipsis.
_TRAILING_PUNCTUATION = ' ,;:–—-("“‘'
# Clause breaks worth cutting at when they keep most of the allowed length.
_CLAUSE_BREAK_RE = re.compile(r"[,;:–—]\s")
_MIN_CLAUSE_SHARE = 0.6


def title_and_origin(clean: CleanText, *, max_chars: int = 90) -> tuple[str, str]:
    """The headline when the text has one, else the lede's first sentence, cut to ``max_chars``.

    A headline is kept whole: it is the article's own title and the cleaner only takes short
    ones. A sentence longer than ``max_chars`` is cut at a clause break (comma, dash, ...) if one
    keeps most of the length, else at a word boundary, and ends with "…". Never empty. The
    origin is ``TITLE_FROM_HEADLINE`` or ``TITLE_FROM_LEDE`` (also for "Untitled article").
    """
    if clean.headline:
        return clean.headline, TITLE_FROM_HEADLINE
    sentence = first_sentence(clean.body)
    if not sentence:
        return UNTITLED, TITLE_FROM_LEDE
    return _capitalised(_shortened(sentence, max_chars)), TITLE_FROM_LEDE


def first_sentence(body: str) -> str:
    """The first sentence of the first paragraph, without its final full stop."""
    paragraph = body.strip().split("\n\n", 1)[0].strip()
    sentence = _SENTENCE_BREAK_RE.split(paragraph, maxsplit=1)[0].strip()
    return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence


def _shortened(sentence: str, max_chars: int) -> str:
    if len(sentence) <= max_chars:
        return sentence
    room = sentence[: max_chars - len(_ELLIPSIS) + 1]  # +1: a space right after the cut is fine
    clause_ends = [m.start() for m in _CLAUSE_BREAK_RE.finditer(room)]
    if clause_ends and clause_ends[-1] >= _MIN_CLAUSE_SHARE * max_chars:
        cut = room[: clause_ends[-1]]
    elif " " in room.strip():
        cut = room.rsplit(" ", 1)[0]
    else:  # one word longer than the title: nothing to cut at but inside it
        cut = room[: max_chars - 1]
    return cut.rstrip(_TRAILING_PUNCTUATION) + _ELLIPSIS


def _capitalised(title: str) -> str:
    """Capitalise a lower-case first word; leave "iPhone" or "eVTOL" as their makers spell them."""
    first_word = title.split(" ", 1)[0]
    return title[:1].upper() + title[1:] if first_word.islower() and first_word.isalpha() else title
