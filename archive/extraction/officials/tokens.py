"""An article's text as tokens, and what each token can be in a person's name or title.

Credits (bylines, "Photo: X", "Nguyen Anh/VNA") are blanked out before tokenizing; "Viet Nam" is
one token, and a name particle joins the word after it ("van Baar").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add, attrgetter
from typing import NamedTuple

from archive.extraction import vocabulary as vocab
from archive.extraction.countries import find_countries
from archive.extraction.gazetteer import vietnamese_name_part_countries
from archive.extraction.localities import is_place
from archive.extraction.names import is_vietnamese_syllable
from archive.extraction.sources import outlet_names
from archive.extraction.text import fold_key

# Tokens, in this order: an abbreviation or a form of address, an acronym, an initial, a word, a
# number, a newline, a punctuation mark. The text a token holds decides which (see _token_forms).
# Two groups for re.split: the spaces before a token (matched with it, so the scanner does not
# try every space as a token's start) and the token. The look-ahead lets the scanner leave the
# abbreviation, honorific, acronym and initial branches at once on a token that cannot open
# one (most tokens: lower-case words, numbers, punctuation): each of them opens with a capital
# or with a multi-word honorific's first letter, in its case-insensitive form.
_SPLIT_RE = re.compile(
    r"([ \t]*)((?=[A-Z]"
    + "".join(f"|(?i:{re.escape(words[0])})" for words in vocab.MULTIWORD_HONORIFICS)
    + r")\b(?:(?:Mr|Mrs|Ms|Dr|Prof|Mme|Jr|Sr|Corp|Co|Inc|Ltd|Assoc)\.|H\.\s?E\."
    # "đồng chí": a form of address written as two words is one token
    + "".join(rf"|(?i:{re.escape(words)})\b" for words in vocab.MULTIWORD_HONORIFICS)
    + r"|(?:[A-Z]\.){2,}"  # an acronym
    r"|[A-Z]\.(?=[ \t]+[A-Z]))"  # an initial
    r"|[^\W\d_]+(?:['’\-][^\W\d_]+)*"
    r"|\d+(?:[.,]\d+)*"
    r"|\n"
    r"|[^\w\s])"
)
_INITIAL_RE = re.compile(r"[A-Z]\.")
_NUMBER_START_RE = re.compile(r"\d")
_PUNCT_RE = re.compile(r"[^\w\s]")

_VIET_NAM_RE = re.compile(r"(?i:viet|việt) (?P<nam>(?i:nam))")


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
    kind: str  # word, initial, num, newline, punct
    cap: bool
    possessive: bool
    run: bool  # continues a capitalised run (see is_run_word)
    start: int
    end: int


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
    # The hot loop of the extraction, in C: the scanner splits the text into gaps, spaces and
    # tokens, their lengths add up to each token's start and end, and a token's forms come from
    # its text alone (see _token_forms), looked up once per distinct word.
    parts = _SPLIT_RE.split(text)
    offsets = list(accumulate(map(len, parts)))
    starts = offsets[1::3]
    places = zip(starts, offsets[2::3], strict=True)
    forms = map(_TOKEN_FORMS.__getitem__, parts[2::3])
    tokens = list(map(tuple.__new__, repeat(Token), map(add, forms, places)))
    if _VIET_NAM_RE.search(text):
        tokens = _join_viet_nam(tokens, text, starts)
    return _join_place_honorifics(_join_name_particles(tokens, text), text)


def _join_viet_nam(tokens: list[Token], text: str, starts: list[int]) -> list[Token]:
    """ "Viet Nam" is one word, a country, not two name syllables."""
    for match in reversed(list(_VIET_NAM_RE.finditer(text))):
        start = match.start("nam")
        index = bisect_left(starts, start)
        if index == 0 or index >= len(tokens) or tokens[index].start != start:
            continue
        previous, token = tokens[index - 1], tokens[index]
        if token.base != "nam" or previous.low not in ("viet", "việt"):
            continue
        if text[previous.end : start] != " ":
            continue
        tokens[index - 1 : index + 1] = [
            _token(
                text[previous.start : token.end],
                f"{previous.low} {token.low}",
                f"{previous.low} {token.base}",
                token.kind,
                token.cap,
                token.possessive,
                previous.start,
                token.end,
            )
        ]
    return tokens


class _Forms(dict):
    """A token's forms by its text, made on first sight; a long import meets many words, so the
    dictionary starts again when it grows large."""

    def __missing__(self, value: str) -> tuple:
        if len(self) >= _MAX_TOKEN_FORMS:
            self.clear()
        forms = self[value] = _token_forms(value)
        return forms


_TOKEN_FORMS = _Forms()


_MAX_TOKEN_FORMS = 65536


_LOW = attrgetter("low")


def _token(text, low, base, kind, cap, possessive, start, end) -> Token:
    run = kind == "initial" or (kind == "word" and cap and low not in _HONORIFICS)
    return Token(text, low, base, kind, cap, possessive, run, start, end)


def _joined_word(first: Token, second: Token, text: str) -> Token:
    """Two adjacent words as one capitalised word token ("van Baar", "Bà Rịa")."""
    return _token(
        text[first.start : second.end],
        f"{first.low} {second.low}",
        f"{first.low} {second.base}",
        "word",
        True,
        second.possessive,
        first.start,
        second.end,
    )


def _join_name_particles(tokens: list[Token], text: str) -> list[Token]:
    """'Kees van Baar', 'Jan Willem de Vries': a lower-case particle between two capitalised
    words joins the word after it, so the name reads as one capitalised run."""
    particles = bytes(map(vocab.NAME_PARTICLES.__contains__, map(_LOW, tokens)))
    if 1 not in particles:  # most articles: nothing to join
        return tokens
    # Only the particles visited (found in C); the tokens between them copied as they are.
    joined: list[Token] = []
    index = 0  # the first token not yet in ``joined``
    at = -1
    while (at := particles.find(1, at + 1)) >= 0:
        if at < index:  # already joined to the particle before it
            continue
        joined += tokens[index:at]
        index = at
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
    joined += tokens[index:]
    return joined


def _join_place_honorifics(tokens: list[Token], text: str) -> list[Token]:
    """'Bà Rịa-Vũng Tàu', 'Ông Lãnh market': a capitalised "Bà" or "Ông" addresses a person only
    before a Vietnamese family name that does not begin a place; otherwise it is a name's first
    word and joins the word after it, as "Viet Nam" is one word, so the place stays whole."""
    if vocab.LOWER_CASE_HONORIFICS.isdisjoint(map(_LOW, tokens)) or not any(
        token.cap and token.low in vocab.LOWER_CASE_HONORIFICS for token in tokens
    ):
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


def _token_forms(value: str) -> tuple[str, str, str, str, bool, bool, bool]:
    """A token's text, lower-case form, form without possessive, kind, capitalisation,
    possessiveness and whether it continues a capitalised run: a Token without its place."""
    return _token(value, *_forms(value, _kind(value)), 0, 0)[:-2]


def _kind(value: str) -> str:
    """word (abbreviations and acronyms too), initial, num, newline or punct: of the scanner's
    choices (see _SPLIT_RE) only one can give this text."""
    if _INITIAL_RE.fullmatch(value):
        return "initial"
    if _NUMBER_START_RE.match(value):
        return "num"
    if value == "\n":
        return "newline"
    if _PUNCT_RE.fullmatch(value):
        return "punct"
    return "word"


def _forms(value: str, kind: str) -> tuple[str, str, str, bool, bool]:
    """A token's lower-case form, form without possessive, kind, capitalisation, possessiveness."""
    low = value.lower().replace("’", "'").rstrip(".")
    possessive = kind == "word" and low.endswith(("'s", "'"))
    base = low[:-2] if low.endswith("'s") else low.rstrip("'")
    cap = kind in ("word", "initial") and value[0].isupper()
    return low, base, kind, cap, possessive


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
    """A token that continues a capitalised run: an initial, or a capitalised word that is not an
    honorific (worked out once per token, see _token)."""
    return token.run


_RUN = attrgetter("run")
_RUNS_RE = re.compile(rb"\x01+")


def capitalised_runs(tokens: list[Token]) -> Iterator[re.Match[bytes]]:
    """The maximal runs of tokens that continue a capitalised run (is_run_word), as matches
    whose span is the run's [start, end) in ``tokens``."""
    return _RUNS_RE.finditer(bytes(map(_RUN, tokens)))


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
