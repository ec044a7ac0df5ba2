"""User text -> parsed clauses, through a small tokenizer instead of Whoosh's QueryParser.

The language: words are ANDed, "quoted phrases" match adjacent words, `OR` (upper case) between
two terms makes either do, `-word` / `-"a phrase"` / `NOT word` exclude. Anything else (wildcards,
`field:value`, brackets, ranges, fuzzy `~`) is searched as plain words, so no user input can build
an expensive or failing query; oddities are reported as notes instead of errors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from archive.extraction.text import nfc
from archive.search.analysis import ANALYZER

MAX_QUERY_CHARS = 500
MAX_TERMS = 32

NOTE_TOO_LONG = f"Your search was shortened to its first {MAX_QUERY_CHARS} characters."
NOTE_TOO_MANY_TERMS = f"Only the first {MAX_TERMS} search words were used."
NOTE_CONTROL_CHARS = "Invisible control characters were removed from your search."
NOTE_UNMATCHED_QUOTE = "A quote mark without its pair was ignored."
NOTE_DANGLING_OPERATOR = "OR, NOT or - needs a word on its side; it was ignored."
NOTE_PLAIN_TEXT = (
    "Wildcards, brackets and field: searches are not supported; the words were searched as "
    "plain text."
)
NOTE_NO_WORDS = "Your search has no searchable words, so all articles are shown."

_SPECIAL = re.compile(r"[*?~^()\[\]{}]|\w:")


@dataclass(frozen=True)
class Word:
    surface: str  # folded, lowercased, unstemmed: what suggestions and fuzzy matching use
    term: str  # the index term


@dataclass(frozen=True)
class Clause:
    words: tuple[Word, ...]
    phrase: bool = False  # quoted: the words must be adjacent and in order


@dataclass
class ParsedQuery:
    groups: list[list[Clause]] = field(default_factory=list)  # ANDed; a group's clauses ORed
    excluded: list[Clause] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text: str = ""  # the cleaned text the clauses came from

    @property
    def has_positive(self) -> bool:
        return bool(self.groups)

    @property
    def is_empty(self) -> bool:
        return not self.groups and not self.excluded

    def positive_words(self) -> list[Word]:
        return [word for group in self.groups for clause in group for word in clause.words]


@dataclass(frozen=True)
class _Item:
    kind: str  # "word", "phrase" or "or"
    text: str = ""
    negated: bool = False


def clean(text: str) -> tuple[str, list[str]]:
    """Cut to MAX_QUERY_CHARS, drop control/format characters, NFC; returns (text, notes)."""
    notes: list[str] = []
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(NOTE_TOO_LONG)
    kept: list[str] = []
    removed = False
    for char in text:
        if unicodedata.category(char)[0] == "C":
            # Tabs and newlines separate words; NUL, escapes, zero-width marks are dropped.
            removed = removed or char not in "\t\n\r"
            kept.append(" " if char.isspace() else "")
        else:
            kept.append(char)
    if removed:
        notes.append(NOTE_CONTROL_CHARS)
    return nfc("".join(kept)), notes


def _lex(text: str, notes: list[str]) -> list[_Item]:
    items: list[_Item] = []
    negate = False
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if char.isspace():
            i += 1
        elif char == '"':
            close = text.find('"', i + 1)
            if close == -1:  # the rest is read as plain words
                _note(notes, NOTE_UNMATCHED_QUOTE)
                i += 1
                continue
            items.append(_Item("phrase", text[i + 1 : close], negate))
            negate = False
            i = close + 1
        elif char == "-" and (i + 1 == end or text[i + 1].isspace()):
            _note(notes, NOTE_DANGLING_OPERATOR)
            i += 1
        elif char == "-":
            negate = True
            i += 1
        else:
            start = i
            while i < end and not text[i].isspace() and text[i] != '"':
                i += 1
            word = text[start:i]
            if word in ("OR", "AND", "NOT"):
                if negate:
                    _note(notes, NOTE_DANGLING_OPERATOR)
                negate = word == "NOT"
                if word == "OR":
                    items.append(_Item("or"))
                continue
            if _SPECIAL.search(word):
                _note(notes, NOTE_PLAIN_TEXT)
            items.append(_Item("word", word, negate))
            negate = False
    if negate:
        _note(notes, NOTE_DANGLING_OPERATOR)
    return items


def _note(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def _clause(item: _Item, budget: int) -> Clause | None:
    surfaces = [token.text for token in ANALYZER(item.text, no_morph=True)]
    stems = [token.text for token in ANALYZER(item.text)]
    words = tuple(Word(s, t) for s, t in zip(surfaces, stems, strict=True))[:budget]
    if not words:
        return None
    return Clause(words, phrase=item.kind == "phrase" and len(words) > 1)


def parse(text: str) -> ParsedQuery:
    """Parse user text; never raises. Notes say what was cut or ignored."""
    cleaned, notes = clean(text or "")
    parsed = ParsedQuery(notes=notes, text=cleaned)
    budget = MAX_TERMS
    or_pending = last_positive = False
    for item in _lex(cleaned, notes):
        if item.kind == "or":
            if last_positive and not or_pending:
                or_pending = True
            else:
                _note(notes, NOTE_DANGLING_OPERATOR)
            continue
        if budget <= 0:
            _note(notes, NOTE_TOO_MANY_TERMS)
            break
        clause = _clause(item, budget)
        if clause is None:  # only stop words or punctuation
            continue
        if len(clause.words) < len(_clause(item, MAX_TERMS + 1).words):
            _note(notes, NOTE_TOO_MANY_TERMS)
        budget -= len(clause.words)
        if item.negated:
            parsed.excluded.append(clause)
            if or_pending:
                _note(notes, NOTE_DANGLING_OPERATOR)
            or_pending = last_positive = False
        elif or_pending:
            parsed.groups[-1].append(clause)
            or_pending = False
        else:
            parsed.groups.append([clause])
            last_positive = True
    if or_pending:
        _note(notes, NOTE_DANGLING_OPERATOR)
    return parsed


Expander = Callable[[Word], list[str]]  # a word -> the index terms to accept for it
