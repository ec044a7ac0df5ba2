"""User text -> parsed clauses, through a small tokenizer instead of Whoosh's QueryParser.

The language: words are ANDed, "quoted phrases" match adjacent words, `OR` (upper case) between
two terms makes either do, `-word` / `-"a phrase"` / `NOT word` exclude. Field searches
(FIELDS): `title:word` / `title:"a phrase"` search the headline only; `country:`, `province:`,
`official:` and `source:` name an entity, which the search page resolves to a filter
(archive/web/params.py, ``split_fields``); a backend given one unresolved searches its words in the
entities' names. Anything else (wildcards, other `name:` prefixes, brackets, ranges, fuzzy `~`) is
searched as plain words, so no user input can build an expensive or failing query; oddities are
reported as notes instead of errors.
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
NOTE_PLAIN_TEXT = "Wildcards and brackets are not supported; the words were searched as plain text."
NOTE_NO_WORDS = "Your search has no searchable words, so all articles are shown."
# Field searches: the headline's text, and the entities a filter can be set for (SearchQuery
# facet names in ENTITY_FIELDS).
TEXT_FIELD_SEARCHES = {"title": "title"}
ENTITY_FIELDS = {
    "country": "country",
    "province": "locality",
    "official": "official",
    "source": "source",
}
FIELDS = (*TEXT_FIELD_SEARCHES, *ENTITY_FIELDS)
NOTE_UNKNOWN_FIELD = "“{}:” is not a field search (there are {}); it was searched as plain words."
NOTE_EMPTY_FIELD = "“{}:” needs a word or a quoted phrase after it; it was ignored."

_SPECIAL = re.compile(r"[*?~^()\[\]{}]")
_FIELD = re.compile(r"([A-Za-z_]+):(.*)", re.DOTALL)


def unknown_field_note(name: str) -> str:
    return NOTE_UNKNOWN_FIELD.format(name, ", ".join(f"{f}:" for f in FIELDS))


@dataclass(frozen=True)
class Word:
    surface: str  # folded, lowercased, unstemmed: what suggestions and fuzzy matching use
    term: str  # the index term


@dataclass(frozen=True)
class Clause:
    words: tuple[Word, ...]
    phrase: bool = False  # quoted: the words must be adjacent and in order
    field: str | None = None  # searched in this text field only (title:); None: all of them


@dataclass(frozen=True)
class FieldSearch:
    """`country:Japan`, `province:"Bac Ninh"`: an entity named in the text (ENTITY_FIELDS)."""

    name: str  # a key of ENTITY_FIELDS
    value: str  # as typed, without quotes
    negated: bool = False


@dataclass
class ParsedQuery:
    groups: list[list[Clause]] = field(default_factory=list)  # ANDed; a group's clauses ORed
    excluded: list[Clause] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text: str = ""  # the cleaned text the clauses came from
    fields: list[FieldSearch] = field(default_factory=list)  # entity field searches, in order

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
    field: str | None = None  # a FIELDS name the item was prefixed with
    start: int = 0  # where the item (its `-` and field prefix included) starts and ends in the text
    end: int = 0


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
    begin = 0  # where the current item began (its `-` included)
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
            start = i if not negate else begin
            items.append(_Item("phrase", text[i + 1 : close], negate, None, start, close + 1))
            negate = False
            i = close + 1
        elif char == "-" and (i + 1 == end or text[i + 1].isspace()):
            _note(notes, NOTE_DANGLING_OPERATOR)
            i += 1
        elif char == "-":
            negate, begin = True, i
            i += 1
        else:
            start = begin if negate else i
            word_start = i
            while i < end and not text[i].isspace() and text[i] != '"':
                i += 1
            word = text[word_start:i]
            if word in ("OR", "AND", "NOT"):
                if negate:
                    _note(notes, NOTE_DANGLING_OPERATOR)
                negate, begin = word == "NOT", word_start
                if word == "OR":
                    items.append(_Item("or"))
                continue
            prefixed = _FIELD.fullmatch(word)
            if prefixed and prefixed.group(1).lower() in FIELDS:
                name, value = prefixed.group(1).lower(), prefixed.group(2)
                kind = "word"
                if not value and i < end and text[i] == '"':  # title:"a phrase"
                    close = text.find('"', i + 1)
                    if close != -1:
                        value, kind, i = text[i + 1 : close], "phrase", close + 1
                if not value.strip():
                    _note(notes, NOTE_EMPTY_FIELD.format(name))
                    negate = False
                    continue
                items.append(_Item(kind, value, negate, name, start, i))
                negate = False
                continue
            if prefixed and prefixed.group(2) and prefixed.group(1)[:1].isalpha():
                _note(notes, unknown_field_note(prefixed.group(1)))
            if _SPECIAL.search(word):
                _note(notes, NOTE_PLAIN_TEXT)
            items.append(_Item("word", word, negate, None, start, i))
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
    if item.field in TEXT_FIELD_SEARCHES:
        field_name = TEXT_FIELD_SEARCHES[item.field]
    elif item.field is not None:  # an entity field nobody resolved: its words in entity names
        field_name = "entity_names"
    else:
        field_name = None
    # An entity's name is matched as a phrase: `country:"South Korea"`, `province:Bac Ninh`.
    phrase = (item.kind == "phrase" or field_name == "entity_names") and len(words) > 1
    return Clause(words, phrase=phrase, field=field_name)


def split_fields(text: str) -> tuple[str, list[FieldSearch]]:
    """The entity field searches (`country:Japan`) taken out of ``text``: (the rest, them).

    For a caller that turns them into filters; `title:` and everything else stays in the text.
    """
    cleaned, _ = clean(text or "")
    found: list[FieldSearch] = []
    kept, position = [], 0
    for item in _lex(cleaned, []):
        if item.field in ENTITY_FIELDS:
            found.append(FieldSearch(item.field, item.text.strip(), item.negated))
            kept.append(cleaned[position : item.start])
            position = item.end
    if not found:
        return text, []
    kept.append(cleaned[position:])
    return " ".join("".join(kept).split()), found


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
        if item.field in ENTITY_FIELDS:
            parsed.fields.append(FieldSearch(item.field, item.text.strip(), item.negated))
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


Expander = Callable[[Word], list[str]]  # a word -> its own index term, then near spellings
