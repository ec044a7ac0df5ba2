"""What a person's name looks like: Vietnamese, Japanese, Korean and Chinese name shapes.

Tokens are compared folded and lower-cased ("Nguyễn" -> "nguyen"), so a name reads the same with or
without its diacritics.
"""

from __future__ import annotations

import re

from archive.extraction.text import fold_key
from archive.extraction.vocabulary import (
    CHINESE_SURNAMES,
    CHINESE_SYLLABLE_RE,
    JAPANESE_WORD_RE,
    KOREAN_SURNAMES,
    VIETNAMESE_SURNAMES,
    VIETNAMESE_SYLLABLE_RE,
)


def is_vietnamese_syllable(word: str) -> bool:
    """'Nguyễn', 'Van', 'thanh': one Vietnamese syllable, with or without its tone marks."""
    return VIETNAMESE_SYLLABLE_RE.fullmatch(fold_key(word)) is not None


def is_vietnamese_name(tokens: tuple[str, ...] | list[str]) -> bool:
    """2-4 syllables starting with a common Vietnamese surname: 'Nguyen Van Loi', 'To Lam'."""
    return (
        2 <= len(tokens) <= 4
        and fold_key(tokens[0]) in VIETNAMESE_SURNAMES
        and all(is_vietnamese_syllable(token) for token in tokens)
    )


def is_japanese_name(tokens: tuple[str, ...] | list[str]) -> bool:
    """Every word reads as romanised Japanese: 'Yamada Takio', 'Hiroshi Imano'."""
    folded = [fold_key(token) for token in tokens]
    return (
        len(folded) >= 2
        and any(len(word) >= 4 for word in folded)
        and all(JAPANESE_WORD_RE.fullmatch(word) for word in folded)
        and not is_vietnamese_name(tokens)
    )


def is_chinese_name(tokens: tuple[str, ...] | list[str]) -> bool:
    """A Chinese family name, then a given name of one or two syllables: 'Wang Yubo', 'Zhang
    Wei', 'Chang Chin-tang'."""
    folded = [fold_key(token) for token in tokens]
    if not 2 <= len(folded) <= 3 or folded[0] not in CHINESE_SURNAMES:
        return False
    given = "".join(folded[1:]).split("-")
    return len(given) <= 2 and all(
        re.fullmatch(f"(?:{CHINESE_SYLLABLE_RE.pattern}){{1,2}}", part) for part in given
    )


def is_korean_name(tokens: tuple[str, ...] | list[str]) -> bool:
    """A Korean surname with a hyphenated or two-syllable given name: 'Lee Jeong-won'."""
    folded = [fold_key(token) for token in tokens]
    if len(folded) < 2 or not (folded[0] in KOREAN_SURNAMES or folded[-1] in KOREAN_SURNAMES):
        return False
    return any("-" in word for word in folded) or (
        len(folded) == 3 and folded[0] in KOREAN_SURNAMES and not is_vietnamese_name(tokens)
    )


def name_origin(tokens: tuple[str, ...] | list[str]) -> str | None:
    """The country a name's shape points to, as alpha-2, or None when it does not tell."""
    if is_vietnamese_name(tokens):
        return "VN"
    if is_korean_name(tokens):
        return "KR"
    if is_japanese_name(tokens):
        return "JP"
    return None
