"""Snippets: a window of the body around the matched words, escaped, matches in <mark>.

Tokens are found with the analyzer's own word pattern and folded and stemmed the same way, so a
match here is a match in the index; only the words whose prefix could match are stemmed (speed).
Everything but the <mark> tags comes from html.escape.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Collection, Iterator
from functools import lru_cache

from archive.extraction.text import fold_diacritics, nfc
from archive.search.analysis import MAX_TOKEN_CHARS, cached_stem

SNIPPET_CHARS = 240
SCAN_CHARS = 50_000  # matches further into a (rare) very long body fall back to its start
CONTEXT_BEFORE = 40  # characters shown before the first match of the window
_WORD = re.compile(r"\w+(?:\.\w+)*")


def _matches(text: str, terms: Collection[str]) -> list[tuple[int, int, str]]:
    """(start, end, term) of each word of ``text`` that folds and stems to one of ``terms``."""
    prefixes = {term[:2] for term in terms}
    found = []
    for match in _candidate_words(text, frozenset(prefixes)):
        word = match.group().lower()
        if not word.isascii():
            word = fold_diacritics(word)
        if word[:2] not in prefixes or len(word) > MAX_TOKEN_CHARS:
            continue
        term = cached_stem(word)
        if term in terms:
            found.append((match.start(), match.end(), term))
    return found


def _candidate_words(text: str, prefixes: frozenset[str]) -> Iterator[re.Match]:
    """The words of ``text`` (as _WORD finds them) that may fold to one of the 2-letter
    ``prefixes``; _matches checks each exactly. Found by one regex scan in C instead of a Python
    step per word (most words of a body cannot match): a word starting with one of the prefixes
    in either case, or with a letter outside ASCII among its first two (folding decides)."""
    candidates = _candidate_pattern(prefixes)
    if candidates is None:
        yield from _WORD.finditer(text)
        return
    for candidate in candidates.finditer(text):
        if match := _WORD.match(text, candidate.start()):
            yield match


@lru_cache(maxsize=1024)
def _candidate_pattern(prefixes: frozenset[str]) -> re.Pattern | None:
    """Where a word (a _WORD match) may start that _matches could keep, or None to try every
    word (a prefix outside ASCII: never made by the analyzer, which folds)."""
    if not all(prefix.isascii() for prefix in prefixes):
        return None
    cased = "|".join(
        sorted(
            "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in prefix)
            for prefix in prefixes
        )
    )
    # A _WORD match starts where no word character precedes, nor a dot after one (_WORD takes
    # "a.b" whole); then one of the prefixes, or a word character outside ASCII first or second.
    # (The lookbehinds first: most positions are inside a word and fail there, fastest.)
    return re.compile(rf"(?<!\w)(?<!\w\.)(?={cased}|[^\W\x00-\x7f]|\w[^\W\x00-\x7f])")


def _best_window(matches: list[tuple[int, int, str]], width: int) -> int:
    """Index of the match starting the window with the most distinct terms (earliest on ties)."""
    best, best_score = 0, (-1, -1)
    inside: Counter[str] = Counter()
    end = 0  # matches[i:end] fit in the window starting at match i
    for i, (start, _, _) in enumerate(matches):
        while end < len(matches) and matches[end][1] <= start + width:
            inside[matches[end][2]] += 1
            end += 1
        score = (len(+inside), end - i)
        if score > best_score:
            best, best_score = i, score
        if end > i:
            inside[matches[i][2]] -= 1
        else:
            end = i + 1
    return best


def _word_boundary_before(text: str, index: int) -> int:
    cut = text.rfind(" ", 0, index)
    return 0 if cut == -1 else cut + 1


def _word_boundary_after(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    cut = text.find(" ", index)
    return len(text) if cut == -1 or cut - index > 20 else cut


def lead_html(body: str, width: int = SNIPPET_CHARS) -> str:
    """The escaped start of a body (the browse snippet)."""
    text = " ".join(nfc(body[: width * 4]).split())
    end = _word_boundary_after(text, width) if len(text) > width else len(text)
    return html.escape(text[:end]) + ("…" if end < len(text) else "")


def snippet_html(body: str, terms: Collection[str], width: int = SNIPPET_CHARS) -> str:
    """A window of ``body`` around the index ``terms`` it contains, matched words in <mark>."""
    text = " ".join(nfc(body[:SCAN_CHARS]).split())
    matches = _matches(text, set(terms)) if terms else []
    if not matches:
        return lead_html(body, width)
    first = matches[_best_window(matches, width - CONTEXT_BEFORE)][0]
    # Some context before the first match, more if the window would run past the end.
    start = max(0, min(first - CONTEXT_BEFORE, len(text) - width))
    start = min(_word_boundary_before(text, start), first) if start else 0
    end = _word_boundary_after(text, start + width)
    pieces = ["…" if start > 0 else ""]
    position = start
    for match_start, match_end, _ in matches:
        if match_start < start or match_end > end:
            continue
        pieces.append(html.escape(text[position:match_start]))
        pieces.append(f"<mark>{html.escape(text[match_start:match_end])}</mark>")
        position = match_end
    pieces.append(html.escape(text[position:end]))
    pieces.append("…" if end < len(text) else "")
    return "".join(pieces)
