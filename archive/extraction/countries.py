"""Which countries an article mentions: names, aliases and demonyms from the gazetteer."""

from __future__ import annotations

import re

from archive.extraction.gazetteer import (
    capitalised,
    country_finder,
    country_phrases,
    ends_vietnamese_name,
    person_name_countries,
    vietnamese_name_part_countries,
    word_after,
    words_before,
)
from archive.extraction.names import is_vietnamese_syllable
from archive.extraction.text import fold_text
from archive.extraction.vocabulary import word_set

# Capitalised words that may stand before a country name without making it part of a person's
# name ("In Jordan", "The Thai side").
_FUNCTION_WORDS = word_set(
    "The A An In On At To From Of For With By And Or But As Both Between Including Like Unlike "
    "About Across Via Into Than Neighbouring Neighboring"
)
# Capitalised words that may follow a country name that is also a given name ("Jordan's King"
# is fine; "Jordan Henderson" is a person).
_WORDS_AFTER_A_COUNTRY = word_set(
    "Prime President King Queen Crown Royal Foreign Government Embassy Ambassador Minister "
    "Ministry Deputy Parliament National Investment Trade"
)


def find_countries(text: str) -> tuple[str, ...]:
    """ISO 3166-1 alpha-2 codes of the countries ``text`` mentions, in order of first mention.

    Whole words and phrases only, longest first ("North Korea" before "Korea"); case-sensitive
    apart from all-capital headlines, so "us" is never the United States; diacritics do not
    matter ("Việt Nam" = "Viet Nam"). Places inside a country (Tokyo, Bac Ninh) imply nothing.
    """
    folded = fold_text(text)
    phrases = country_phrases()
    found: dict[str, None] = {}
    for match in country_finder().finditer(folded):
        code = phrases[match.group()]
        if code is None or code in found or _part_of_a_name(folded, match):
            continue
        found[code] = None
    return tuple(found)


def _part_of_a_name(folded: str, match: re.Match[str]) -> bool:
    """True when a country word is really part of a person's name or a Vietnamese place."""
    word = match.group().capitalize()
    after = word_after(folded, match.end())
    if word in person_name_countries():
        before = words_before(folded, match.start())
        if before and capitalised(before[-1]) and before[-1] not in _FUNCTION_WORDS:
            return True  # "Michael Jordan"
        return bool(after and capitalised(after) and after not in _WORDS_AFTER_A_COUNTRY)
    if word in vietnamese_name_part_countries():
        if ends_vietnamese_name(folded, match.start()):
            return True  # "Nguyen Van Thai"
        # "Thai Thanh Quy" (Thai as a surname), "Lao Bao" (a border gate) vs "Thai Prime Minister"
        return bool(after and capitalised(after) and is_vietnamese_syllable(after))
    return False
