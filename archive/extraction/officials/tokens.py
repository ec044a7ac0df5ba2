"""An article's text as tokens, and what each token can be in a person's name or title.

Credits (bylines, "Photo: X", "Nguyen Anh/VNA") are blanked out before tokenizing; "Viet Nam" is
one token, and a name particle joins the word after it ("van Baar").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from archive.extraction import vocabulary as vocab
from archive.extraction.countries import find_countries
from archive.extraction.gazetteer import vietnamese_name_part_countries
from archive.extraction.localities import is_place
from archive.extraction.names import is_vietnamese_syllable
from archive.extraction.sources import outlet_names
from archive.extraction.text import fold_key

_TOKEN_RE = re.compile(
    r"(?P<abbr>\b(?:Mr|Mrs|Ms|Dr|Prof|Mme|Jr|Sr|Corp|Co|Inc|Ltd|Assoc)\.|\bH\.\s?E\."
    # "đồng chí": a form of address written as two words is one token
    + "".join(rf"|\b(?i:{re.escape(words)})\b" for words in vocab.MULTIWORD_HONORIFICS)
    + r")"
    r"|(?P<acronym>\b(?:[A-Z]\.){2,})"
    r"|(?P<initial>\b[A-Z]\.(?=[ \t]+[A-Z]))"
    r"|(?P<word>[^\W\d_]+(?:['’\-][^\W\d_]+)*)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<newline>\n)"
    r"|(?P<punct>[^\w\s])"
)


# "Nguyen Anh/VNA": the slash and an outlet's short name first, the photographer's words before it.
_AGENCY_CREDIT_RE = re.compile(
    r"/\s*(?:"
    + "|".join(re.escape(name) for name in sorted(outlet_names(), key=len, reverse=True))
    + r")\b"
)
_CREDITED_WORDS_RE = re.compile(r"(?:[^\W\d_][\w’'-]*\s+){0,3}[^\W\d_][\w’'-]*\s*$")


class Token(NamedTuple):
    text: str
    low: str  # lower case, straight apostrophe, no closing dot
    base: str  # ``low`` without a possessive "'s"
    start: int
    end: int
    kind: str  # word, initial, num, newline, punct
    cap: bool
    possessive: bool


def mask_credits(text: str) -> str:
    """Blank out bylines and photo credits, keeping every other character where it was."""
    text = vocab.CREDIT_RE.sub(lambda match: " " * len(match.group()), text)
    if "/" not in text:
        return text
    for match in reversed(list(_AGENCY_CREDIT_RE.finditer(text))):
        line_start = text.rfind("\n", 0, match.start()) + 1
        words = _CREDITED_WORDS_RE.search(text, line_start, match.start())
        start = words.start() if words else match.start()
        text = text[:start] + " " * (match.end() - start) + text[match.end() :]
    return text


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append  # the hot loop of the extraction: names bound once, tuples built raw
    new_token = tuple.__new__
    forms_of = _TOKEN_FORMS.get
    for match in _TOKEN_RE.finditer(text):
        value = match.group()
        start, end = match.span()
        forms = forms_of(value)
        if forms is None:
            if len(_TOKEN_FORMS) >= _MAX_TOKEN_FORMS:  # a long import meets many words: stay small
                _TOKEN_FORMS.clear()
            forms = _TOKEN_FORMS[value] = _token_forms(value, match.lastgroup or "punct")
        kind, low, base, cap, possessive = forms
        if base == "nam" and tokens and tokens[-1].low in ("viet", "việt"):
            previous = tokens[-1]
            if text[previous.end : start] == " ":
                # "Viet Nam" is one word, a country, not two name syllables.
                value = text[previous.start : end]
                low, base = f"{previous.low} {low}", f"{previous.low} {base}"
                tokens[-1] = Token(value, low, base, previous.start, end, kind, cap, possessive)
                continue
        append(new_token(Token, (value, low, base, start, end, kind, cap, possessive)))
    return _join_place_honorifics(_join_name_particles(tokens, text), text)


# A token's forms by its text: the text alone decides its group (see _TOKEN_RE), so its forms.
_TOKEN_FORMS: dict[str, tuple[str, str, str, bool, bool]] = {}


_MAX_TOKEN_FORMS = 65536


def _joined_word(first: Token, second: Token, text: str) -> Token:
    """Two adjacent words as one capitalised word token ("van Baar", "Bà Rịa")."""
    return Token(
        text[first.start : second.end],
        f"{first.low} {second.low}",
        f"{first.low} {second.base}",
        first.start,
        second.end,
        "word",
        True,
        second.possessive,
    )


def _join_name_particles(tokens: list[Token], text: str) -> list[Token]:
    """'Kees van Baar', 'Jan Willem de Vries': a lower-case particle between two capitalised
    words joins the word after it, so the name reads as one capitalised run."""
    particles = vocab.NAME_PARTICLES
    if not any(token.low in particles for token in tokens):  # most articles: nothing to join
        return tokens
    joined: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        previous = joined[-1] if joined else None
        if (
            token.kind == "word"
            and token.low in vocab.NAME_PARTICLES
            and not token.cap
            and previous is not None
            and previous.kind == "word"
            and previous.cap
            and not previous.possessive
            and following is not None
            and following.kind == "word"
            and following.cap
            and text[previous.end : token.start] == " "
            and text[token.end : following.start] == " "
        ):
            joined.append(_joined_word(token, following, text))
            index += 2
            continue
        joined.append(token)
        index += 1
    return joined


def _join_place_honorifics(tokens: list[Token], text: str) -> list[Token]:
    """'Bà Rịa-Vũng Tàu', 'Ông Lãnh market': a capitalised "Bà" or "Ông" addresses a person only
    before a Vietnamese family name that does not begin a place; otherwise it is a name's first
    word and joins the word after it, as "Viet Nam" is one word, so the place stays whole."""
    if not any(token.cap and token.low in vocab.LOWER_CASE_HONORIFICS for token in tokens):
        return tokens
    joined: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if (
            token.cap
            and token.low in vocab.LOWER_CASE_HONORIFICS
            and following is not None
            and following.kind == "word"
            and following.cap
            and text[token.end : following.start] == " "
            and (
                fold_key(following.base) not in vocab.VIETNAMESE_SURNAMES
                or any(
                    is_place([t.base for t in tokens[index:stop]])
                    for stop in range(index + 2, min(len(tokens), index + 4) + 1)
                )
            )
        ):
            joined.append(_joined_word(token, following, text))
            index += 2
            continue
        joined.append(token)
        index += 1
    return joined


def _token_forms(value: str, group: str) -> tuple[str, str, str, bool, bool]:
    """A token's kind, lower-case form, form without possessive, capitalisation, possessiveness."""
    kind = "word" if group in ("abbr", "acronym") else group
    low = value.lower().replace("’", "'").rstrip(".")
    possessive = kind == "word" and low.endswith(("'s", "'"))
    base = low[:-2] if low.endswith("'s") else low.rstrip("'")
    cap = kind in ("word", "initial") and value[0].isupper()
    return kind, low, base, cap, possessive


def in_words(token: Token, words: frozenset[str]) -> bool:
    return token.low in words or token.base in words


@lru_cache(maxsize=65536)
def is_country_word(word: str) -> bool:
    """'Japanese', 'Japan's', 'RoK': a word that names or qualifies a country."""
    return bool(find_countries(word))


@lru_cache(maxsize=65536)
def is_acronym(word: str) -> bool:
    """'JICA', 'RoK', 'VinFast': capitals inside a word mark an acronym or a brand, not a name."""
    parts = re.split(r"[-'’ ]", word)  # a space: "van Baar", a name particle joined to its word
    return any(
        any(ch.isupper() for ch in part[1:]) and not part.startswith(("Mc", "Mac"))
        for part in parts
    )


_HONORIFICS = vocab.HONORIFICS


def is_honorific(token: Token) -> bool:
    return token.kind == "word" and token.low in _HONORIFICS


def is_name_word(token: Token) -> bool:
    """A word that can be part of a person's name: capitalised, not an organisation's word."""
    if token.kind == "initial":
        return True
    if token.kind != "word" or not token.cap or is_acronym(token.text):
        return False
    if (
        in_words(token, vocab.ORGANISATION_WORDS)
        or in_words(token, vocab.FUNCTION_WORDS)
        or in_words(token, vocab.HONORIFICS)
        or in_words(token, vocab.MODIFIERS)
        or token.base in vocab.HEAD_WORDS
    ):
        return False
    return not is_country_word(token.text)


def is_vietnamese_name_word(token: Token) -> bool:
    """A syllable of a Vietnamese name; unlike is_name_word it admits 'An', 'To', 'My'."""
    return (
        token.kind == "word"
        and token.cap
        and not is_acronym(token.text)
        and not in_words(token, vocab.ORGANISATION_WORDS)
        and not in_words(token, vocab.HONORIFICS)
        and is_vietnamese_syllable(token.base)
    )


def is_name_syllable_country(token: Token) -> bool:
    """'Thai' in 'Le Hong Thai': a country word that is also a Vietnamese given name."""
    return token.cap and token.text in vietnamese_name_part_countries()


def is_run_word(token: Token) -> bool:
    """A token that continues a capitalised run."""
    kind = token.kind  # called for every token, several times: is_honorific written out
    return kind == "initial" or (kind == "word" and token.cap and token.low not in _HONORIFICS)


def name_of(tokens: list[Token], start: int, end: int) -> tuple[str, ...]:
    words = [token.text for token in tokens[start:end]]
    last = tokens[end - 1]
    if last.possessive:
        words[-1] = re.sub(r"['’]s?$", "", words[-1])
    return tuple(words)


def span_text(text: str, tokens: list[Token], start: int, end: int) -> str:
    return " ".join(text[tokens[start].start : tokens[end - 1].end].split())


def names_a_place_kind(tokens: list[Token], index: int) -> bool:
    """'Governor of Gyeonggi province': the place's kind after its name belongs to the title."""
    return (
        index > 0
        and tokens[index].low in vocab.PLACE_KIND_WORDS
        and tokens[index - 1].cap
        and tokens[index - 1].kind == "word"
    )
