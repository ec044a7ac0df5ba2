"""Text analysis shared by indexing, querying, suggestions and highlighting.

One chain for every text field: NFC, word tokens, lowercase, diacritics folded (so `Việt Nam`,
`Viet Nam` and NFD-encoded `Việt Nam` index the same terms), stop words, Porter stemming.
Folding happens per token on NFC text, so token offsets still point into the NFC text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import (
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.lang.porter import stem as porter_stem

from archive.extraction.text import fold_diacritics, nfc

# Whoosh's list minus "us" (the United States), "may" (the month) and "it" (the sector).
STOP_WORDS = frozenset(
    {
        *("a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have"),
        *("if", "in", "into", "is", "its", "not", "of", "on", "or", "that", "the", "their"),
        *("this", "to", "was", "were", "which", "will", "with"),
    }
)
MAX_TOKEN_CHARS = 60  # longer "words" are noise (hashes, URLs squashed together)
MIN_TOKEN_CHARS = 2
WORD_PATTERN = r"\w+(?:\.\w+)*"  # words and dotted runs (U.S., 1.5); no `*` wildcards
_WORD = re.compile(WORD_PATTERN)


@lru_cache(maxsize=100_000)
def cached_stem(word: str) -> str:
    """Porter stem, cached; functools' cache is thread-safe where whoosh's LFU cache is not."""
    return porter_stem(word)


class NfcTokenizer(RegexTokenizer):
    """A word tokenizer that NFC-normalises first, so NFD input yields the same tokens.

    Its own pattern: WORD_PATTERN.
    """

    def __init__(self):
        super().__init__(expression=WORD_PATTERN)

    def __call__(self, value, **kwargs):  # noqa: D102 - whoosh's signature
        return super().__call__(nfc(value), **kwargs)


class FoldFilter(Filter):
    """Folds diacritics per token with archive's fold_diacritics (`đ` -> `d` included).

    Whoosh's own CharsetFilter(accent_map) mangles NFD input and ignores `đ`, hence this filter.
    """

    def __call__(self, tokens):  # noqa: D102 - whoosh's signature
        for token in tokens:
            if not token.text.isascii():
                token.text = fold_diacritics(token.text)
            yield token


def archive_analyzer():
    """The analyzer for title, body and entity names (its morph step is skipped for spelling)."""
    return (
        NfcTokenizer()
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=MIN_TOKEN_CHARS, maxsize=MAX_TOKEN_CHARS)
        | StemFilter(stemfn=cached_stem, cachesize=None)
    )


ANALYZER = archive_analyzer()


def terms(text: str) -> list[str]:
    """The index terms for a piece of text (folded, stopped, stemmed)."""
    return [token.text for token in ANALYZER(text)]


def words(text: str) -> list[str]:
    """The folded, lowercased words of a text without stemming: what a user would recognise."""
    return [token.text for token in ANALYZER(text, no_morph=True)]


def distinct_words(text: str) -> set[str]:
    """The distinct words of ``words(text)``, without Whoosh's per-token pipeline (for spelling).

    Indexing needs these once per document; the regex and a set are several times faster than
    running the analyzer a second time.
    """
    found: set[str] = set()
    for token in set(_WORD.findall(nfc(text))):
        word = token.lower()
        if not word.isascii():
            word = fold_diacritics(word)
        if MIN_TOKEN_CHARS <= len(word) <= MAX_TOKEN_CHARS and word not in STOP_WORDS:
            found.add(word)
    return found
