"""Named people in an article and the titles the text gives them.

``find_officials(text)`` reads four kinds of mention:

- a title before the name: "Secretary of the Hanoi Party Committee Vuong Dinh Hue", "FM Kamikawa";
- a title after the name: "Hiroshi Imano, Executive Vice President of THK Corporation";
- an honorific: "Mr. Tanaka", "Ms Nguyen Thi Hang";
- a full Vietnamese, Japanese or Korean name that speaks: "Nguyen Van Loi said".

Then it merges mentions into people: full names by their words, short references ("Hue",
"Takio", "Kamikawa") onto the person they name. Each person keeps the longest title the text gives
them; the country and the kind (government, business, other) are read from that title and its
context.

The package's modules, each above the ones it imports: ``tokens`` (the text as tokens and what a
token can be in a name), ``name_spans`` (where a name begins and ends in a run of capitalised
words), ``titles`` (title phrases), ``people`` (the mentions, merged into people) and
``classification`` (a person's country and the kind of their title).
"""

from __future__ import annotations

from archive.extraction.officials.classification import country_of, kind_of
from archive.extraction.officials.people import (
    Person,
    honorific_names,
    merge,
    speaking_names,
    titles_after_names,
    titles_before_apposed_names,
    titles_before_names,
)
from archive.extraction.officials.tokens import mask_credits, tokenize
from archive.extraction.text import nfc
from archive.extraction.types import OfficialMention

__all__ = ["find_officials"]


def find_officials(text: str) -> tuple[OfficialMention, ...]:
    """The people an article names, each once, in order of first mention, with their best title."""
    text = mask_credits(nfc(text))
    tokens = tokenize(text)
    mentions = [
        *titles_before_names(tokens, text),
        *titles_after_names(tokens, text),
        *titles_before_apposed_names(tokens, text),
        *honorific_names(tokens),
        *speaking_names(tokens),
    ]
    people = merge(mentions, tokens)
    return tuple(_official(person) for person in people)


def _official(person: Person) -> OfficialMention:
    titled = [m for m in person.mentions if m.title and not m.weak]
    # A current title beats a past one ("President and CEO" over "a former US ambassador").
    titled.sort(key=lambda m: (_is_past_title(m.title), -len(m.title), m.position))
    title = titled[0].title if titled else ""
    return OfficialMention(
        name=" ".join(person.name),
        title=title,
        country=country_of(person, titled),
        kind=kind_of(title),
    )


def _is_past_title(title: str) -> bool:
    return title.lower().startswith(("former ", "ex-", "late ", "then-"))
