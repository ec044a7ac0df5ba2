"""Snippets find the same matched words as a plain walk over every word of the text."""

from __future__ import annotations

import random

import pytest

from archive.extraction.text import fold_diacritics
from archive.search.analysis import MAX_TOKEN_CHARS, cached_stem
from archive.search.highlight import _WORD, _matches, snippet_html


def every_word_matches(text: str, terms: set[str]) -> list[tuple[int, int, str]]:
    """The reference: each word of the text folded, and stemmed when its first two letters are
    those of a term, one by one."""
    prefixes = {term[:2] for term in terms}
    found = []
    for match in _WORD.finditer(text):
        word = fold_diacritics(match.group().lower())
        if word[:2] not in prefixes or len(word) > MAX_TOKEN_CHARS:
            continue
        if (term := cached_stem(word)) in terms:
            found.append((match.start(), match.end(), term))
    return found


# Letters, case pairs, diacritics (composed and not), dots and underscores inside words, digits,
# and characters whose lower case or folding is ASCII (Kelvin sign, dotted capital I, đ, ß).
PIECES = [
    "invest", "Investment", "INVESTORS", "port", "Ports", "in", "a", "I", "k", "K", "\u212aey",
    "\u0130nvest", "đầu", "Đà", "Bắc", "Ninh", "Bac", "ba", "ßtraße", "u.s", "U.S.", "a..b",
    "x.port", "port.x", "_in", "in_", "9in", "in9", "é", "e\u0301", "\u0301in", "—", "..", ".",
    ",", " ", " ", "\n", "(", ")", "'", "’s", "ODA", "loan", "loans", "Loaned", "park", "parks",
    "x" * (MAX_TOKEN_CHARS + 1), "in" + "x" * MAX_TOKEN_CHARS, "Hải", "Dương", "ĐẦU", "tư",
]  # fmt: skip
TERMS = [
    "invest", "investor", "port", "in", "a", "i", "k", "kei", "dau", "da", "bac", "ninh", "u.s",
    "x.port", "_in", "in_", "9in", "e", "oda", "loan", "park", "hai", "duong", "tu", "sstrass",
    "ba", "ke",
]  # fmt: skip


@pytest.mark.parametrize("seed", range(300))
def test_the_matched_words_are_those_of_a_walk_over_every_word(seed):
    rng = random.Random(seed)
    text = "".join(rng.choice(PIECES) + rng.choice(["", " ", "", ".", " "]) for _ in range(60))
    terms = set(rng.sample(TERMS, rng.randint(1, 6)))
    assert _matches(text, terms) == every_word_matches(text, terms)


def test_words_starting_outside_ascii_are_matched_by_their_folding():
    text = "Đầu tư: \u212aey đầu Bắc Ninh, \u0130nvest"
    assert [text[s:e] for s, e, _ in _matches(text, {"dau", "bac", "kei", "invest"})] == [
        "Đầu",
        "\u212aey",
        "đầu",
        "Bắc",
        "\u0130nvest",
    ]


def test_a_word_with_dots_is_one_word_and_only_matched_whole():
    assert snippet_html("The x.port and the port.", {"port"}) == (
        "The x.port and the <mark>port</mark>."
    )
