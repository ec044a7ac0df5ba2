"""A person's country and the kind of their title: government, business or other."""

from __future__ import annotations

import re
from functools import lru_cache

from archive.extraction import vocabulary as vocab
from archive.extraction.countries import find_countries
from archive.extraction.localities import find_localities, vietnamese_place_names
from archive.extraction.names import name_origin
from archive.extraction.officials.people import Mention, Person
from archive.extraction.officials.tokens import is_country_word
from archive.extraction.text import fold_key


def _countries(text: str) -> tuple[str, ...]:
    return find_countries(text) if text.strip() else ()


def country_of(person: Person, titled: list[Mention]) -> str | None:
    origin = name_origin(person.name)
    titles = [m.title for m in titled] + [m.title for m in person.mentions if m.weak]
    for title in titles:
        home = _title_countries(title)
        if home == ("VN",) and origin not in (None, "VN") and kind_of(title) == "business":
            continue  # "General Director of Samsung Vietnam": the firm's arm, not the person
        if home:
            return home[0]
        if origin not in ("JP", "KR") and _is_vietnamese_title(title):
            return "VN"
    if origin == "VN":
        return "VN"
    for mention in person.mentions:
        found = _countries(mention.context)
        if found:
            return found[0]
    # The name's shape is the last clue: a Japanese-looking name in a Vietnamese story is Japanese.
    return origin


def _title_countries(title: str) -> tuple[str, ...]:
    """Countries a title belongs to, leaving out where it is posted: 'Ambassador to Vietnam'.
    A foreign place in it names its country too: 'Governor of Yunnan' is Chinese."""
    home = _home_part(title)
    found = _countries(home)
    if found or not home.strip():
        return found
    return tuple(
        dict.fromkeys(place.country for place in find_localities(home) if place.country != "VN")
    )


def _home_part(title: str) -> str:
    """The title without the places it is posted to: 'Consul General in HCMC' -> 'Consul
    General'."""
    home = []
    posted = False
    for word in re.findall(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’\-][^\W\d_]+)*|,", title):
        if word in ("to", "in"):
            posted = True
        elif word in ("of", ",", "for", "from", "at"):
            posted = False
        if not posted:
            home.append(word)
    return " ".join(home)


@lru_cache(maxsize=1)
def _vietnamese_place_re() -> re.Pattern[str] | None:
    places = sorted(vietnamese_place_names(), key=len, reverse=True)
    if not places:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(place) for place in places) + r")\b")


def _is_vietnamese_title(title: str) -> bool:
    folded = fold_key(title).replace("’", "'")
    if vocab.VIETNAMESE_TITLE_RE.search(folded):
        return True
    places = _vietnamese_place_re()
    return bool(places and places.search(fold_key(_home_part(title))))


def kind_of(title: str) -> str:
    """government, business or other, from the words of the title."""
    if not title:
        return "other"
    low = title.lower().replace("’", "'")
    if vocab.PURE_GOVERNMENT_RE.search(low):
        return "government"
    if vocab.BUSINESS_COMMUNITY_RE.search(low):
        return "other"
    if vocab.BUSINESS_ORGANISATION_RE.search(low):
        return "business"
    if vocab.COMPANY_OFFICER_RE.search(low):  # "Deputy CEO": the company's, whatever "deputy" says
        return "business"
    if vocab.GOVERNMENT_RE.search(low):
        return "government"
    if vocab.BUSINESS_HEAD_RE.search(low):
        return "business"
    words = re.findall(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", low)
    if any(word in vocab.HEAD_OF_STATE_HEADS for word in words):
        rest = [
            word
            for word in words
            if word not in vocab.HEAD_WORDS
            and word not in vocab.MODIFIERS
            and word not in vocab.TITLE_CONNECTORS
            and word not in vocab.STATE_WORDS
        ]
        if all(is_country_word(word.capitalize()) for word in rest):
            return "government"
    return "other"
