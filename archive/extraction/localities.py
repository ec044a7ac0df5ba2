"""Which localities an article mentions: Vietnam's provinces and centrally-run cities (old and new
names of the 2025 reform) and the foreign prefectures, states and cities such news names."""

from __future__ import annotations

import re
from functools import cache

from archive.extraction.gazetteer import (
    HONORIFIC_WORDS,
    LocalityEntry,
    PhraseFinder,
    capitalised,
    case_variants,
    ends_vietnamese_name,
    locality_entries,
    word_after,
    words_before,
)
from archive.extraction.text import fold_key, fold_text
from archive.extraction.types import LocalityMention
from archive.extraction.vocabulary import word_set

# Phrases that hold a locality's name but do not mention the place: newspapers, treaties,
# organisations. Matched as phrases so they win over the shorter name inside them.
_NOT_LOCALITIES = (
    "New York Times", "Los Angeles Times", "Washington Post", "Hanoi Times", "Ha Noi Times",
    "Saigon Times", "Saigon Giai Phong", "Ha Noi Moi", "Hanoi Moi", "Paris Agreement",
    "Paris Climate Agreement", "Paris Peace", "Kyoto Protocol", "Geneva Accords",
    "Geneva Agreements", "Geneva Convention", "Geneva Conventions", "Shanghai Cooperation",
    "Boston Consulting", "Kobe Bryant", "Washington Consensus",
    "Taipei Economic and Cultural Office", "Taipei Economic and Trade Office",
)  # fmt: skip

# A name followed by one of these is a river, street or the like named after the place
# ("Dong Nai River", "Nguyen Hue Street").
_FEATURE_WORDS = word_set(
    "River river Street street St Road road Avenue avenue Boulevard boulevard Lake lake Bridge "
    "bridge Mountain Mountains Canal canal"
)

# Bare names that mean the place only with a cue, keyed by (name, country); the cue kinds are
# explained in _has_cue. "Hue" is also a given name ("Vuong Dinh Hue"); "Georgia" is also a
# country; "Washington" is also the US capital and a surname.
_NEEDS_CUE = {
    ("Hue", "VN"): "place",
    ("Georgia", "US"): "state",
    ("Washington", "US"): "state",
    ("New York", "US"): "state",
    ("Victoria", "AU"): "state",
    ("Sejong", "KR"): "city",
    ("Kawasaki", "JP"): "city",
    ("Saga", "JP"): "prefecture",
    ("Kochi", "JP"): "prefecture",
}
# Place names that are also common personal names: not matched next to another capitalised
# word that is not about the place ("Yamaguchi Tsuyoshi", "Mr Chiba").
_PERSON_NAME_LIKE = word_set(
    "Fukushima Miyazaki Yamaguchi Chiba Ishikawa Nagano Miyagi Kanagawa Okayama Fukuoka Nara "
    "Yamagata Nagasaki Kumamoto Toyama Wakayama Kagawa Akita Adelaide Sofia Milan Kobe"
)
# Every bare name that may be a person's: the names that need a cue and those above.
NAMES_LIKE_PEOPLE = _PERSON_NAME_LIKE | {name for name, _country in _NEEDS_CUE}
_PLACE_NOUNS = word_set(
    "Prefecture Prefectural City Province Provincial State Governor Mayor Government Metropolitan "
    "Airport Port University Bay Region Assembly"
)
_PLACE_WORDS_BEFORE = word_set(
    "in to of from at near via visit visits visited visiting around across throughout outside "
    "inside In To Of From At Near Visit Visiting"
)
_FUNCTION_WORDS = word_set("The A An In On At To From Of For With By And Or But As")
# "to" after these is about a person: "according to Hue", "said to Hue".
_SPEECH_BEFORE_TO = word_set(
    "according thanks owing due said talked spoke told replied responded explained proposed "
    "suggested reported listened"
)
_LIST_AND = re.compile(r",? (?:and|&) ")
_LIST_COMMA = re.compile(r", ?")
_LIST_GOES_ON = re.compile(r",? (?:and|&) |, ?[A-Z]")


def find_localities(text: str) -> tuple[LocalityMention, ...]:
    """The localities ``text`` mentions, in order of first mention, each once.

    Any spelling counts ("Bắc Ninh", "Bac Ninh province", "HCMC", "Saigon"); a Vietnamese
    province merged in 2025 comes with ``became`` set. Names that are also people's names
    need a place cue (see ``_NEEDS_CUE``) and never match as the end of a person's name.
    """
    folded = fold_text(text)
    phrases = locality_phrases()
    found: dict[tuple[str, str], LocalityMention] = {}
    previous_end: int | None = None
    for match in locality_finder().finditer(folded):
        entry = _accept(folded, match, phrases[match.group()], previous_end)
        if entry is None:
            continue
        previous_end = match.end()
        found.setdefault((entry.name, entry.country), entry.mention())
    return tuple(found.values())


@cache
def locality_phrases() -> dict[str, tuple[LocalityEntry, ...]]:
    """Folded spelling (as written and in capitals) -> the entries it may name, those that need a
    cue first (a cue decides "New York state" before the city takes "New York"); () for a phrase
    that is not a locality."""
    table: dict[str, list[LocalityEntry]] = {}
    for entry in locality_entries():
        for spelling in entry.spellings():
            forms = (
                {spelling, spelling[: -len("City")] + "city"}
                if spelling.endswith(" City")
                else {spelling}
            )
            for form in forms:
                for variant in case_variants(fold_text(form)):
                    if entry not in table.setdefault(variant, []):
                        table[variant].append(entry)
    phrases = {
        phrase: tuple(
            sorted(entries, key=lambda entry: (entry.name, entry.country) not in _NEEDS_CUE)
        )
        for phrase, entries in table.items()
    }
    for phrase in _NOT_LOCALITIES:
        for variant in case_variants(phrase):
            phrases[variant] = ()
    return phrases


@cache
def locality_finder() -> PhraseFinder:
    return PhraseFinder(locality_phrases())


def _accept(
    folded: str, match: re.Match[str], entries: tuple[LocalityEntry, ...], previous_end: int | None
) -> LocalityEntry | None:
    """The entry this match stands for, or None when the context says it is no place."""
    if not entries or word_after(folded, match.end()) in _FEATURE_WORDS:
        return None
    if ends_vietnamese_name(folded, match.start()) or _names_a_university(folded, match):
        return None
    for entry in entries:
        if not _is_bare_name(match.group(), entry):
            return entry
        cue = _NEEDS_CUE.get((entry.name, entry.country))
        if cue and not _has_cue(folded, match, cue, previous_end):
            continue
        if entry.name in _PERSON_NAME_LIKE and _beside_another_name(folded, match):
            continue
        return entry
    return None


def _names_a_university(folded: str, match: re.Match[str]) -> bool:
    """ "University of Melbourne", "Hanoi University": an institution's name, not the place."""
    if word_after(folded, match.end()) == "University":
        return True
    return words_before(folded, match.start())[-2:] == ["University", "of"]


def _is_bare_name(phrase: str, entry: LocalityEntry) -> bool:
    bare = {fold_text(entry.name).casefold(), fold_text(entry.name_local).casefold()}
    return phrase.casefold() in bare


# The kind's plural shortly before, in the same sentence: "Australian states, especially
# Victoria", "the states of Victoria and Queensland".
_PLURAL_CUE_BEFORE = {
    kind: re.compile(rf"\b{plural}\b[^.;:!?]*$", re.IGNORECASE)
    for kind, plural in (("state", "states"), ("city", "cities"), ("prefecture", "prefectures"))
}


def _has_cue(folded: str, match: re.Match[str], cue: str, previous_end: int | None) -> bool:
    """Whether the words around a bare name make it the place.

    "state": "Georgia state", "state of Georgia"; "city": "Sejong City"; "prefecture": "Saga
    Prefecture"; "place": any of those or a preposition before it ("in Hue", "to Hue") or a
    list of places it ends ("Hanoi, Da Nang and Hue").
    """
    after = (word_after(folded, match.end()) or "").lower()
    before = [word.lower() for word in words_before(folded, match.start())]
    suffix = {"state": "state", "city": "city", "prefecture": "prefecture"}.get(cue)
    if suffix:
        return (
            after == suffix
            or before[-2:] == [suffix, "of"]
            or _PLURAL_CUE_BEFORE[suffix].search(folded, max(0, match.start() - 40), match.start())
            is not None
        )
    if after in {"city", "province"} or before[-2:] in (["city", "of"], ["province", "of"]):
        return True
    if before and before[-1] in _PLACE_WORDS_BEFORE:
        return before[-1] != "to" or len(before) < 2 or before[-2] not in _SPEECH_BEFORE_TO
    if previous_end is None:
        return False
    # A list of places: "Hanoi, Da Nang and Hue", "Hanoi, Hue and Da Nang"; not "Hanoi, Hue said".
    glue = folded[previous_end : match.start()]
    if _LIST_AND.fullmatch(glue):
        return True
    return bool(_LIST_COMMA.fullmatch(glue) and _LIST_GOES_ON.match(folded, match.end()))


def _beside_another_name(folded: str, match: re.Match[str]) -> bool:
    """ "Yamaguchi Tsuyoshi", "Ichiro Chiba", "Mr Chiba": a person, not the prefecture."""
    before = words_before(folded, match.start())
    if before and (
        before[-1] in HONORIFIC_WORDS
        or (capitalised(before[-1]) and before[-1] not in _FUNCTION_WORDS)
    ):
        return True
    after = word_after(folded, match.end())
    return bool(after and capitalised(after) and after not in _PLACE_NOUNS)


# --- place names among a person's name words (the officials finder asks) ---------------------


@cache
def vietnamese_place_names() -> frozenset[str]:
    """Folded names and aliases of Vietnam's provinces and cities ('binh duong', 'ha noi')."""
    return frozenset(
        fold_key(name)
        for entry in locality_entries()
        if entry.country == "VN"
        for name in (entry.name, *entry.aliases)
        if name
    )


@cache
def foreign_place_names() -> frozenset[str]:
    """Folded names of the gazetteer's foreign places ('kanagawa', 'gyeonggi'), leaving out
    those that are also people's names ('Chiba', 'Washington')."""
    return frozenset(
        fold_key(entry.name)
        for entry in locality_entries()
        if entry.country != "VN" and entry.name not in NAMES_LIKE_PEOPLE
    )


def is_place(words: tuple[str, ...] | list[str]) -> bool:
    """'Binh Duong', 'Bắc Ninh', 'Kanagawa': a place, not a person."""
    name = fold_key(" ".join(words))
    return name in vietnamese_place_names() or name in foreign_place_names()
