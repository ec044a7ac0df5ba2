"""Text analysis shared by indexing, querying, suggestions and highlighting.

One chain for every text field: NFC, word tokens, lowercase, diacritics folded (so `Việt Nam`,
`Viet Nam` and NFD-encoded `Việt Nam` index the same terms), stop words, Porter stemming.
Folding happens per token on NFC text, so token offsets still point into the NFC text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from whoosh.analysis import (
    CompositeAnalyzer,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
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


def _word(token: str) -> str:
    """What the filters of ``archive_analyzer`` up to the stemmer make of one token: the folded,
    lowercased word, "" when stopped (what ``words`` gives and spelling suggests)."""
    text = token.lower()
    if not text.isascii():
        text = fold_diacritics(text)
    if not MIN_TOKEN_CHARS <= len(text) <= MAX_TOKEN_CHARS or text in STOP_WORDS:
        return ""
    return text


def _term(word: str) -> str:
    """What the filters of ``archive_analyzer`` make of one token: its term, "" when stopped."""
    text = _word(word)
    return cached_stem(text) if text else ""


# token -> term ("" for a stop word), shared by every analyzer of this process: a corpus uses
# far fewer distinct tokens than it has, so most tokens cost one dict lookup. Emptied when full.
_TERMS: dict[str, str] = {}
_TERMS_MAX = 500_000
# The same memos for indexing (token -> its term's UTF-8 bytes, b"" for none) and for spelling
# (token -> its word, "" for none), each emptied when full.
_TERM_BYTES: dict[str, bytes] = {}
_WORDS: dict[str, str] = {}
# The keyword arguments of the calls the fast path answers: indexing (Whoosh's formats ask
# for positions and boosts in mode "index"), the PostgreSQL vector and plain queries.
_FAST_KWARGS = frozenset({"positions", "boosts", "mode"})


class ArchiveAnalyzer(CompositeAnalyzer):
    """The archive's chain (``archive_analyzer``) with a fast path for the calls that make
    index terms: the same tokens (text, position, boost) as the chain gives, from one regex scan
    and a per-process memo of token -> term, instead of five generators per token.

    Any other call (characters, no_morph for spelling and highlighting, stop words kept, start
    offsets) runs the chain itself. tests/search/test_analysis.py compares the two.
    """

    def __call__(self, value, no_morph=False, **kwargs):  # noqa: D102 - whoosh's signature
        if no_morph or not _FAST_KWARGS.issuperset(kwargs) or not isinstance(value, str):
            return super().__call__(value, no_morph=no_morph, **kwargs)
        return _fast_tokens(value, kwargs)


def _fast_tokens(value: str, kwargs: dict):
    kwargs = dict(kwargs)
    positions = kwargs.pop("positions", False)
    # One Token reused for every term, as Whoosh's tokenizers make it.
    token = Token(positions, False, removestops=True, mode=kwargs.pop("mode", ""), **kwargs)
    token.boost = 1.0
    token.stopped = False
    for pos, term in _renumbered(_through_memo(text_tokens(value), _TERMS, _term)):
        if positions:
            token.pos = pos
        token.text = term
        yield token


def indexed_terms(value: str) -> tuple[dict[bytes, list[int]], list[str]]:
    """Each index term of ``value`` as its UTF-8 bytes (what the index stores) with its
    positions, in order of first use: what the tokens of ``ArchiveAnalyzer(value,
    positions=True)`` add up to, without a Token per word (indexing asks for this once per text
    field; building.py). And the tokens the text was cut into (for ``token_words``).

    One regex scan, and for each token one lookup in a per-process memo, made in C (map) except
    for the tokens not seen before."""
    tokens = text_tokens(value)
    found: dict[bytes, list[int]] = {}
    for pos, term in _renumbered(_through_memo(tokens, _TERM_BYTES, _term_bytes)):
        places = found.get(term)
        if places is None:
            found[term] = [pos]
        else:
            places.append(pos)
    return found, tokens


def text_tokens(text: str) -> list[str]:
    """The tokens (raw words) the analyzer cuts a text into, before any filter."""
    return _WORD.findall(nfc(text))


def token_words(tokens: set[str]) -> set[str]:
    """The words of these tokens as ``words`` gives them (stop words and sizes left out)."""
    distinct = set(_through_memo(list(tokens), _WORDS, _word))
    distinct.discard("")
    return distinct


def _through_memo(keys: list[str], memo: dict, make) -> list:
    """``memo[key]`` for each key, in C (map) for those the memo holds; each one it lacked when
    asked is worked out by its place in the list (another thread may fill it meanwhile) and
    kept, the memo emptied when it holds _TERMS_MAX."""
    found = list(map(memo.get, keys))
    if None in found:
        for index, value in enumerate(found):
            if value is None:
                key = keys[index]
                value = memo.get(key)
                if value is None:
                    if len(memo) >= _TERMS_MAX:
                        memo.clear()
                    value = memo[key] = make(key)
                found[index] = value
    return found


def _term_bytes(token: str) -> bytes:
    return _term(token).encode("utf-8")


def _renumbered(terms: list) -> Iterator[tuple[int, Any]]:
    """(position, term) of each term a token made ("" or b"" for a stopped one), numbered as
    StopFilter(renumber=True) numbers them: the first keeps its place, then +1 each."""
    first = next((index for index, term in enumerate(terms) if term), 0)
    return enumerate(filter(None, terms), first)


def archive_analyzer():
    """The analyzer for title, body and entity names (its morph step is skipped for spelling)."""
    return ArchiveAnalyzer(
        NfcTokenizer(),
        LowercaseFilter(),
        FoldFilter(),
        StopFilter(stoplist=STOP_WORDS, minsize=MIN_TOKEN_CHARS, maxsize=MAX_TOKEN_CHARS),
        StemFilter(stemfn=cached_stem, cachesize=None),
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
    return token_words(set(text_tokens(text)))
