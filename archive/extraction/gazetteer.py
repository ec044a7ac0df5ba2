"""The archive's gazetteers: country names (pycountry plus data/countries.json) and localities
(data/localities_vn.csv, data/localities_foreign.csv), loaded once; plus the text helpers the
country and locality finders share (one compiled phrase regex per gazetteer, person-name cues).

Every lookup works on *folded* text (NFC, diacritics removed, one space between words, dashes
between words written "-"), so "Bắc Ninh", "Bac Ninh" and NFD input all read the same.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import pycountry

from archive.extraction.names import is_vietnamese_syllable
from archive.extraction.text import fold_text, is_word_character, nfc
from archive.extraction.types import LocalityMention
from archive.extraction.vocabulary import (
    PLACE_NAME_HONORIFICS,
    SURNAMES_NOT_MARKING_A_NAME,
    VIETNAMESE_NAME_MARKERS,
    VIETNAMESE_SURNAMES,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

# ---------------------------------------------------------------------------------------------
# Text preparation and phrase matching
# ---------------------------------------------------------------------------------------------


def case_variants(phrase: str) -> set[str]:
    """A phrase as written and in capitals (headlines): matching stays case-sensitive otherwise,
    so "us", "china" (porcelain) and "turkey" (the bird) never match."""
    return {phrase, phrase.upper()}


def phrase_regex(
    phrases: Iterable[str], not_after: str | None = None, after: str = r"(?![\w$])"
) -> re.Pattern[str]:
    """One regex matching any of ``phrases`` as whole words, longest first.

    ``after`` is the look-ahead after the phrase: by default the end of a word, and not before
    "$" ("US$30 million" is money, not a mention of the United States). ``not_after`` is the
    class of characters a phrase may not follow. By default a word character, in a look-behind
    opening the regex (what PhraseFinder takes off); another class is tested by a look-behind
    after the phrase's first character, where it leaves the regex opening with the phrases'
    first characters, so the engine skips to the positions holding one instead of trying every
    position of the text.

    The phrases are laid out as a character trie so matching costs about the same for 50 or
    5,000 phrases; a greedy optional tail makes the longest phrase win ("North Korea" over
    "Korea"), and backtracking falls back to a shorter one when the word goes on ("Koreas").
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict, guard: str = "") -> str:
        branches = [
            re.escape(char) + guard + pattern(child) for char, child in sorted(node.items()) if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    if not_after is None:
        return re.compile(_WHOLE_WORD_START + "(?:" + pattern(trie) + ")" + after)
    if not trie:  # no first character to test after
        return re.compile(rf"(?<!{not_after})(?:){after}")
    # (?<!X[\s\S]) after the first character: the character before that one is not an X.
    return re.compile("(?:" + pattern(trie, rf"(?<!{not_after}[\s\S])") + ")" + after)


_WHOLE_WORD_START = r"(?<!\w)"


class PhraseFinder:
    """``phrase_regex(phrases).finditer(text)``, the same matches several times as fast.

    The regex opens with a look-behind, which keeps Python's engine from skipping ahead to the
    characters a phrase can start with: it tries every position. Without it the engine skips,
    and the look-behind's test is made here on each match found instead.

    A few phrases open with a lower-case letter ("state of Georgia"): in the one regex they would
    stop the engine at every such letter of the text. Each of those letters gets its own regex,
    which the engine finds by its literal opening ("state of "), and the finder takes the
    leftmost of the regexes' matches: a position's first character picks the one regex that can
    match there, and there it matches what the single regex would.
    """

    def __init__(self, phrases: Iterable[str]) -> None:
        phrases = list(phrases)
        split = "" not in phrases  # an empty phrase matches wherever the others fail: one regex
        groups: dict[str, list[str]] = {}
        for phrase in phrases:
            lower = split and phrase[:1].islower()
            groups.setdefault(phrase[0] if lower else "", []).append(phrase)
        searches = {
            first: _without_look_behind(phrase_regex(group)).search
            for first, group in (groups or {"": []}).items()
        }
        self._search = searches.pop("", None)
        self._rare = list(searches.values())

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        searches = [search for search in self._rare if search(text) is not None]  # most: none
        if self._search is not None:
            searches.insert(0, self._search)
        if len(searches) != 1:  # none: every phrase opens with a lower-case letter, none here
            yield from _leftmost(text, searches)
            return
        search, after_word = searches[0], is_word_character
        position = 0
        while (match := search(text, position)) is not None:
            start, end = match.span()
            if start and after_word(text, start - 1):  # inside a word: the regex goes on at +1
                position = start + 1
                continue
            yield match
            # The regex's own finditer steps past an empty match; a phrase is never empty.
            position = end if end > start else end + 1


def _leftmost(
    text: str, searches: list[Callable[..., re.Match[str] | None]]
) -> Iterator[re.Match[str]]:
    """PhraseFinder.finditer over several regexes: each one's next match kept until the text is
    read past its start, the leftmost taken."""
    after_word = is_word_character
    found = [search(text) for search in searches]
    position = 0
    while True:
        match = None
        for index, candidate in enumerate(found):
            if candidate is not None and candidate.start() < position:
                candidate = found[index] = searches[index](text, position)
            if candidate is not None and (match is None or candidate.start() < match.start()):
                match = candidate
        if match is None:
            return
        start, end = match.span()
        if start and after_word(text, start - 1):
            position = start + 1
            continue
        yield match
        position = end if end > start else end + 1


def _without_look_behind(regex: re.Pattern[str]) -> re.Pattern[str]:
    assert regex.pattern.startswith(_WHOLE_WORD_START), regex.pattern
    return re.compile(regex.pattern[len(_WHOLE_WORD_START) :], regex.flags)


# ---------------------------------------------------------------------------------------------
# People's names: place and country words that are also parts of names
# ---------------------------------------------------------------------------------------------


# Person-name words as running text writes them, capitalised: "Nguyen", "Van", "Mr", "Mr.".
_VIETNAMESE_NAME_WORDS = frozenset(
    word.capitalize()
    for word in (VIETNAMESE_SURNAMES - SURNAMES_NOT_MARKING_A_NAME) | VIETNAMESE_NAME_MARKERS
)
HONORIFIC_WORDS = frozenset(
    form for word in PLACE_NAME_HONORIFICS for form in (word.capitalize(), word.capitalize() + ".")
)

# Whole words only: "Japan's Fukushima" has no word right before "Fukushima".
_WORDS_BEFORE = re.compile(r"(?<![\w'.\-])(?:[A-Za-z][A-Za-z.]* )+$")
_LOOK_BACK = 80  # characters: enough for a title and a three-part name
_WORD_AFTER = re.compile(r" ([A-Za-z][A-Za-z]*)")


def capitalised(word: str) -> bool:
    return word[:1].isupper()


def words_before(folded: str, start: int) -> list[str]:
    """The words right before ``start``, separated by single spaces only (punctuation stops)."""
    found = _WORDS_BEFORE.search(folded, max(0, start - _LOOK_BACK), start)
    return found.group().split() if found else []


def word_after(folded: str, end: int) -> str | None:
    """The word right after ``end`` when only a space separates them."""
    found = _WORD_AFTER.match(folded, end)
    return found.group(1) if found else None


def ends_vietnamese_name(folded: str, start: int) -> bool:
    """True when the text just before ``start`` is a person: an honorific ("Ms Thanh Hoa") or a
    run of capitalised Vietnamese syllables holding a surname ("Nguyen Hoa Binh", "Vuong Dinh
    Hue"), so the word at ``start`` is the end of their name, not a place."""
    before = words_before(folded, start)
    if before and before[-1] in HONORIFIC_WORDS:
        return True
    run: list[str] = []
    for word in reversed(before):
        if not (capitalised(word) and is_vietnamese_syllable(word)):
            break
        run.append(word)
    return any(word in _VIETNAMESE_NAME_WORDS for word in run)


# ---------------------------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------------------------


@cache
def _countries_file() -> dict:
    return json.loads((DATA_DIR / "countries.json").read_text(encoding="utf-8"))


def _archive_entry(code: str) -> dict:
    return _countries_file()["countries"].get(code.upper(), {})


@cache
def _pycountry_names() -> dict[str, tuple[str, ...]]:
    names: dict[str, tuple[str, ...]] = {}
    for country in pycountry.countries:
        found = [getattr(country, attr, None) for attr in ("common_name", "name", "official_name")]
        names[country.alpha_2] = tuple(dict.fromkeys(name for name in found if name))
    return names


def country_name(code: str) -> str:
    """The display name of an alpha-2 code: countries.json's override, else pycountry's
    ``common_name``, else its ``name``. Raises KeyError for a code ISO 3166 does not have."""
    code = code.upper()
    names = _pycountry_names()[code]
    return _archive_entry(code).get("name") or names[0]


@cache  # a few hundred codes; indexing and the importer's mention spans ask for the same few often
def country_aliases(code: str) -> tuple[str, ...]:
    """Every name the archive recognises for a country: pycountry's names, the archive's aliases
    and demonyms, and the folded (diacritic-free) form of each. Empty for an unknown code."""
    code = code.upper()
    if code not in _pycountry_names():
        return ()
    entry = _archive_entry(code)
    names = [
        country_name(code),
        *_pycountry_names()[code],
        *entry.get("aliases", ()),
        *entry.get("demonyms", ()),
    ]
    return tuple(dict.fromkeys(form for name in names for form in (nfc(name), fold_text(name))))


def _plural(demonym: str) -> str | None:
    # "Americans", "Thais", "Filipinos"; "Japanese" and "Swiss" have no plural of their own.
    return None if demonym.endswith(("ese", "s", "sh", "ch")) else demonym + "s"


@cache
def country_phrases() -> dict[str, str | None]:
    """Folded phrase (as written and in capitals) -> alpha-2 code, or None for a phrase that only
    looks like a country ("Indian Ocean", "US dollar"). The archive's data wins over pycountry."""
    data = _countries_file()
    table: dict[str, str | None] = {}

    def put(phrase: str, code: str | None) -> None:
        for variant in case_variants(fold_text(phrase)):
            table[variant] = code

    for code, names in _pycountry_names().items():
        for name in names:
            put(name, code)
    for code, entry in data["countries"].items():
        for alias in (entry.get("name"), *entry.get("aliases", ())):
            if alias:
                put(alias, code)
        for demonym in entry.get("demonyms", ()):
            put(demonym, code)
            if plural := _plural(demonym):
                put(plural, code)
    for code, organisations in data["organisations"].items():
        for organisation in organisations:
            put(organisation, code)
    for phrase in data["not_countries"]:
        put(phrase, None)
    return table


@cache
def country_finder() -> PhraseFinder:
    return PhraseFinder(country_phrases())


@cache
def person_name_countries() -> frozenset[str]:
    """Country names that are also given names ("Michael Jordan", "Chad Smith")."""
    return frozenset(_countries_file()["person_names"])


@cache
def vietnamese_name_part_countries() -> frozenset[str]:
    """Country words that are also Vietnamese name syllables ("Nguyen Van Thai", "Lao Cai")."""
    return frozenset(_countries_file()["vietnamese_name_parts"])


def country_code_for(word: str) -> str | None:
    """The alpha-2 code a name, alias or demonym stands for: "Viet Nam" -> "VN", "Korean" ->
    "KR", "U.S." -> "US". Exact case first; otherwise any case, except for all-capital
    abbreviations ("us" is a pronoun). None when the word names no country."""
    phrases = country_phrases()
    folded = fold_text(word.strip())
    if folded in phrases:
        return phrases[folded]
    if not folded.isupper():
        return _caseless_country_phrases().get(folded.casefold())
    return None


@cache
def _caseless_country_phrases() -> dict[str, str | None]:
    return {
        phrase.casefold(): code
        for phrase, code in country_phrases().items()
        if not phrase.replace(".", "").isupper()
    }


# ---------------------------------------------------------------------------------------------
# Localities
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalityEntry:
    """One gazetteer row: a province, city, prefecture, state, ... of one country."""

    name: str  # English/ASCII: "Bac Ninh"
    name_local: str  # local spelling: "Bắc Ninh", "東京都"
    kind: str
    country: str  # alpha-2
    aliases: tuple[str, ...] = ()
    became: str | None = None  # for a Vietnamese province merged on 2025-07-01

    def spellings(self) -> tuple[str, ...]:
        """The name, local name and aliases, each as written and folded."""
        names = (self.name, self.name_local, *self.aliases)
        return tuple(dict.fromkeys(form for name in names for form in (nfc(name), fold_text(name))))

    def mention(self) -> LocalityMention:
        return LocalityMention(
            name=self.name,
            name_local=self.name_local,
            kind=self.kind,
            country=self.country,
            became=self.became,
        )


def _split_aliases(field: str) -> tuple[str, ...]:
    return tuple(alias.strip() for alias in field.split("|") if alias.strip())


def _read_csv(filename: str) -> list[dict[str, str]]:
    with (DATA_DIR / filename).open(encoding="utf-8", newline="") as handle:
        return [
            {key: (value or "").strip() for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


@cache
def locality_entries() -> tuple[LocalityEntry, ...]:
    """Every locality the archive knows: Vietnam's provinces and centrally-run cities (before and
    after the 2025 reform) first, then foreign ones, in file order."""
    vietnamese = [
        LocalityEntry(
            name=row["name"],
            name_local=nfc(row["name_local"]),
            kind=row["kind"],
            country="VN",
            aliases=_split_aliases(row["aliases"]),
            became=row["became"] or None,
        )
        for row in _read_csv("localities_vn.csv")
    ]
    foreign = [
        LocalityEntry(
            name=row["name"],
            name_local=nfc(row["name_local"]),
            kind=row["kind"],
            country=row["country"].upper(),
            aliases=_split_aliases(row["aliases"]),
        )
        for row in _read_csv("localities_foreign.csv")
    ]
    return tuple(vietnamese + foreign)


def find_locality_entry(name: str, country: str) -> LocalityEntry | None:
    """The entry of ``country`` that ``name`` (any spelling, any case) names; names first."""
    by_name, by_spelling = _locality_lookup().get(country.upper(), ({}, {}))
    wanted = fold_text(name).casefold()
    return by_name.get(wanted) or by_spelling.get(wanted)


@cache
def _locality_lookup() -> dict[str, tuple[dict[str, LocalityEntry], dict[str, LocalityEntry]]]:
    """Per country: folded name -> its first entry, and any spelling -> its first entry, so
    that a lookup (each import and each index document makes several) reads two dicts instead
    of folding every entry of the gazetteer."""
    lookup: dict[str, tuple[dict[str, LocalityEntry], dict[str, LocalityEntry]]] = {}
    for entry in locality_entries():
        by_name, by_spelling = lookup.setdefault(entry.country, ({}, {}))
        by_name.setdefault(fold_text(entry.name).casefold(), entry)
        for spelling in entry.spellings():
            by_spelling.setdefault(spelling.casefold(), entry)
    return lookup


@lru_cache(maxsize=4096)
def locality_aliases(name: str, country: str) -> tuple[str, ...]:
    """All spellings of a locality (name, local name, aliases; with and without diacritics) and,
    for a merged Vietnamese province, the spellings of what it became, so that a search for the
    old or the new name finds it. Empty for a locality the gazetteer does not have."""
    entry = find_locality_entry(name, country)
    if entry is None:
        return ()
    spellings = list(entry.spellings())
    if entry.became and (successor := find_locality_entry(entry.became, entry.country)):
        spellings += [successor.name, successor.name_local, fold_text(successor.name_local)]
    return tuple(dict.fromkeys(spellings))
