"""Unicode helpers shared by extraction, slugs and the search analyzer.

Three foldings, each for its own comparison:

- ``fold_diacritics``: diacritics off, nothing else ("Bắc Ninh" -> "Bac Ninh");
- ``fold_key``: diacritics off and lower case, the key one word or name is compared by
  ("Nguyễn" -> "nguyen");
- ``fold_text``: diacritics off in running text, case kept (case carries meaning: "US" vs "us"),
  quotes, spaces and dashes between words made plain: the form the gazetteers' phrases are
  matched in.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache, lru_cache

# Letters that NFD does not decompose into a base letter plus marks.
_EXTRA_FOLDS = str.maketrans(
    {"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"}
)


# "Is the character at this position a word character (\w)": the test the whole-word matchers
# (gazetteer phrases, closing tags, mention spans) make beside a match.
is_word_character = re.compile(r"\w").match


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Latin, combining marks, Latin Extended Additional (Vietnamese), punctuation and currency signs:
# no two of these characters, once folded, compose under NFC, so a text written only in them
# folds character by character (tests/extraction/test_text.py checks every pair).
LATIN_RANGES = ((0x0, 0x370), (0x1E00, 0x1F00), (0x2000, 0x2070), (0x20A0, 0x20D0))
_OUTSIDE_LATIN = re.compile(
    "[^" + "".join(f"\\U{low:08x}-\\U{high - 1:08x}" for low, high in LATIN_RANGES) + "]"
)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")  # fold_diacritics changes no other character
_FEW_LETTERS = 12  # distinct non-ASCII characters up to which replace beats translate


def fold_diacritics(text: str) -> str:
    """'Bắc Ninh' -> 'Bac Ninh', 'Đà Nẵng' -> 'Da Nang'; works the same on NFC and NFD input."""
    if text.isascii():  # nothing to fold: no extra letter, no mark, NFD and NFC change nothing
        return text
    # Only these can change; found by a regex scan in C instead of a set of every character.
    others = set(_NON_ASCII.findall(text))
    if _OUTSIDE_LATIN.search("".join(others)) is not None:
        return fold_by_normalising(text)
    return _translate(text, _latin_folds(), others)


def _translate(text: str, table: dict[int, str | None], others: set[str]) -> str:
    """text.translate(table), for a table whose values hold no character it replaces
    (_latin_folds, _fold_table); others: text's characters, at least those the table replaces."""
    if len(others) > _FEW_LETTERS:  # one str.translate, in C
        return text.translate(table)
    # Most articles hold a few distinct non-ASCII letters ("Việt Nam", a name or two): a
    # str.replace per letter (a fast search in C) instead of a dict lookup per character. The
    # same as translate, since no letter's replacement holds a letter that is replaced.
    for letter in others:
        if (folded := table.get(ord(letter), letter)) != letter:
            text = text.replace(letter, folded or "")
    return text


def fold_by_normalising(text: str) -> str:
    """fold_diacritics for any text: NFD, marks off, NFC."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLDS))
    stripped = decomposed.translate(_combining_marks())
    return unicodedata.normalize("NFC", stripped.translate(_EXTRA_FOLDS))


@cache
def _latin_folds() -> dict[int, str | None]:
    """fold_by_normalising of each character in LATIN_RANGES that it changes."""
    table: dict[int, str | None] = {}
    for low, high in LATIN_RANGES:
        for codepoint in range(low, high):
            letter = chr(codepoint)
            if (folded := fold_by_normalising(letter)) != letter:
                table[codepoint] = folded or None
    # fold_diacritics may replace letter by letter: no fold may hold a letter that folds
    assert not any(ord(char) in table for folded in table.values() for char in folded or "")
    return table


@cache
def _combining_marks() -> dict[int, None]:
    """Every code point with a combining class, deleted by str.translate (in C, where a Python
    loop over each character of each article cost more than the rest of the folding)."""
    return {
        codepoint: None
        for codepoint in range(sys.maxunicode + 1)
        if unicodedata.combining(chr(codepoint))
    }


@lru_cache(maxsize=65536)
def fold_key(word: str) -> str:
    """'Nguyễn' -> 'nguyen': the key names, name words and places are compared by."""
    return fold_diacritics(word).lower()


_INLINE_SPACE = re.compile(r"[^\S\n]+")
_ODD_SPACE = re.compile(r"[^\S\n ]")  # an inline space other than " "
# "Ba Ria – Vung Tau", "Ba Ria - Vung Tau" and "Ba Ria-Vung Tau" are one spelling.
_WORD_DASH = re.compile(r"(?<=\w) ?[-\u2010-\u2015\u2212] ?(?=\w)")
# Without one of these, every _WORD_DASH match is a "-" between two letters, made "-" again.
_DASHES_TO_PLAIN = (" -", "- ", *(chr(code) for code in (*range(0x2010, 0x2016), 0x2212)))


@cache
def _fold_table() -> dict[int, str | None]:
    """fold_diacritics as a str.translate table over the Latin letters that carry diacritics:
    the same result, but in C, since every article passes through it."""
    table: dict[int, str | None] = {}
    for codepoint in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        letter = chr(codepoint)
        if (plain := fold_diacritics(letter)) != letter:
            table[codepoint] = plain
    table.update(dict.fromkeys(range(0x300, 0x370)))  # marks NFC could not compose
    table.update({ord(quote): "'" for quote in "\u2019\u2018\u02bc`"})
    # fold_text translates letter by letter (_translate): no replacement may hold a key
    assert not any(ord(char) in table for folded in table.values() for char in folded or "")
    return table


@cache
def _fold_keys() -> frozenset[str]:
    return frozenset(map(chr, _fold_table()))


@cache
def _fold_keys_re() -> re.Pattern[str]:
    """One character class of _fold_keys: the ones a text holds found by a scan in C, not by a
    set of every character of the text."""
    return re.compile("[" + "".join(map(re.escape, sorted(_fold_keys()))) + "]")


@lru_cache(maxsize=8)  # the countries and the localities of one article read the same text
def fold_text(text: str) -> str:
    """The form every gazetteer lookup compares: NFC, no diacritics, plain apostrophes and
    spaces, dashes between words written "-". Case is kept (case carries meaning: "US" vs "us")."""
    text = nfc(text)
    if text.isascii():  # str.translate's own fast path
        folded = text.translate(_fold_table())
    else:
        folded = _translate(text, _fold_table(), set(_fold_keys_re().findall(text)))
    # Most texts space words with single " " only: then the substitution would change nothing,
    # and two searches in C cost less than rewriting every space.
    if "  " in folded or _ODD_SPACE.search(folded):
        folded = _INLINE_SPACE.sub(" ", folded)
    if any(dash in folded for dash in _DASHES_TO_PLAIN):  # most texts have none: skip the scan
        return _WORD_DASH.sub("-", folded)
    return folded
