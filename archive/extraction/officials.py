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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from archive.extraction import vocabulary as vocab
from archive.extraction.countries import find_countries
from archive.extraction.gazetteer import vietnamese_name_part_countries
from archive.extraction.localities import find_localities, is_place, vietnamese_place_names
from archive.extraction.names import (
    VIETNAMESE_SURNAMES,
    is_chinese_name,
    is_japanese_name,
    is_korean_name,
    is_vietnamese_name,
    is_vietnamese_syllable,
    name_origin,
)
from archive.extraction.sources import outlet_names
from archive.extraction.text import fold_key, nfc
from archive.extraction.types import OfficialMention

_TOKEN_RE = re.compile(
    r"(?P<abbr>\b(?:Mr|Mrs|Ms|Dr|Prof|Mme|Jr|Sr|Corp|Co|Inc|Ltd|Assoc)\.|\bH\.\s?E\.)"
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

_MAX_DESCRIPTIVE_WORDS = 3  # "an urban planning expert": plain words before a head after "a/an"
_MAX_HEAD_LENGTH = max(len(phrase) for phrase in vocab.TITLE_HEADS | vocab.WEAK_HEADS)
_MAX_COMPLEMENT = 24


class _Token(NamedTuple):
    text: str
    low: str  # lower case, straight apostrophe, no closing dot
    base: str  # ``low`` without a possessive "'s"
    start: int
    end: int
    kind: str  # word, initial, num, newline, punct
    cap: bool
    possessive: bool


@dataclass
class _Mention:
    position: int
    name: tuple[str, ...]  # as written, possessive dropped
    title: str = ""
    weak: bool = False  # "his Japanese counterpart": a country, not a title
    context: str = ""  # words around the title that may name the person's country
    may_create: bool = True  # a lone word only becomes a person behind a title or an honorific


@dataclass
class _Person:
    name: tuple[str, ...]
    key: frozenset[str]
    first: int
    mentions: list[_Mention] = field(default_factory=list)


def find_officials(text: str) -> tuple[OfficialMention, ...]:
    """The people an article names, each once, in order of first mention, with their best title."""
    text = _mask_credits(nfc(text))
    tokens = _tokenize(text)
    mentions = [
        *_titles_before_names(tokens, text),
        *_titles_after_names(tokens, text),
        *_titles_before_apposed_names(tokens, text),
        *_honorific_names(tokens),
        *_speaking_names(tokens),
    ]
    people = _merge(mentions, tokens)
    return tuple(_official(person) for person in people)


def _mask_credits(text: str) -> str:
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


# --- tokens -----------------------------------------------------------------------------------


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
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
                tokens[-1] = _Token(value, low, base, previous.start, end, kind, cap, possessive)
                continue
        append(new_token(_Token, (value, low, base, start, end, kind, cap, possessive)))
    return _join_name_particles(tokens, text)


# A token's forms by its text: the text alone decides its group (see _TOKEN_RE), so its forms.
_TOKEN_FORMS: dict[str, tuple[str, str, str, bool, bool]] = {}
_MAX_TOKEN_FORMS = 65536


def _join_name_particles(tokens: list[_Token], text: str) -> list[_Token]:
    """'Kees van Baar', 'Jan Willem de Vries': a lower-case particle between two capitalised
    words joins the word after it, so the name reads as one capitalised run."""
    particles = vocab.NAME_PARTICLES
    if not any(token.low in particles for token in tokens):  # most articles: nothing to join
        return tokens
    joined: list[_Token] = []
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
            joined.append(
                _Token(
                    text[token.start : following.end],
                    f"{token.low} {following.low}",
                    f"{token.low} {following.base}",
                    token.start,
                    following.end,
                    "word",
                    True,
                    following.possessive,
                )
            )
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


def _in(token: _Token, words: frozenset[str]) -> bool:
    return token.low in words or token.base in words


@lru_cache(maxsize=65536)
def _is_country_word(word: str) -> bool:
    """'Japanese', 'Japan's', 'RoK': a word that names or qualifies a country."""
    return bool(find_countries(word))


def _countries(text: str) -> tuple[str, ...]:
    return find_countries(text) if text.strip() else ()


@lru_cache(maxsize=65536)
def _is_acronym(word: str) -> bool:
    """'JICA', 'RoK', 'VinFast': capitals inside a word mark an acronym or a brand, not a name."""
    parts = re.split(r"[-'’ ]", word)  # a space: "van Baar", a name particle joined to its word
    return any(
        any(ch.isupper() for ch in part[1:]) and not part.startswith(("Mc", "Mac"))
        for part in parts
    )


def _is_honorific(token: _Token) -> bool:
    return token.kind == "word" and token.low in vocab.HONORIFICS


def _is_name_word(token: _Token) -> bool:
    """A word that can be part of a person's name: capitalised, not an organisation's word."""
    if token.kind == "initial":
        return True
    if token.kind != "word" or not token.cap or _is_acronym(token.text):
        return False
    if (
        _in(token, vocab.ORGANISATION_WORDS)
        or _in(token, vocab.FUNCTION_WORDS)
        or _in(token, vocab.HONORIFICS)
        or _in(token, vocab.MODIFIERS)
        or token.base in vocab.HEAD_WORDS
    ):
        return False
    return not _is_country_word(token.text)


def _is_vietnamese_name_word(token: _Token) -> bool:
    """A syllable of a Vietnamese name; unlike _is_name_word it admits 'An', 'To', 'My'."""
    return (
        token.kind == "word"
        and token.cap
        and not _is_acronym(token.text)
        and not _in(token, vocab.ORGANISATION_WORDS)
        and not _in(token, vocab.HONORIFICS)
        and is_vietnamese_syllable(token.base)
    )


def _is_name_syllable_country(token: _Token) -> bool:
    """'Thai' in 'Le Hong Thai': a country word that is also a Vietnamese given name."""
    return token.cap and token.text in vietnamese_name_part_countries()


def _is_run_word(token: _Token) -> bool:
    """A token that continues a capitalised run."""
    return token.kind == "initial" or (
        token.kind == "word" and token.cap and not _is_honorific(token)
    )


def _name_of(tokens: list[_Token], start: int, end: int) -> tuple[str, ...]:
    words = [token.text for token in tokens[start:end]]
    last = tokens[end - 1]
    if last.possessive:
        words[-1] = re.sub(r"['’]s?$", "", words[-1])
    return tuple(words)


def _span_text(text: str, tokens: list[_Token], start: int, end: int) -> str:
    return " ".join(text[tokens[start].start : tokens[end - 1].end].split())


# --- titles -----------------------------------------------------------------------------------


def _head_at(tokens: list[_Token], index: int) -> int:
    """The end of the title head starting at ``index``, or 0: 'Prime Minister', 'CEO'."""
    if tokens[index].low not in vocab.HEAD_FIRST_WORDS:
        return 0
    if index > 0 and tokens[index - 1].kind == "num":  # "3 PM"
        return 0
    for length in range(min(_MAX_HEAD_LENGTH, len(tokens) - index), 0, -1):
        span = tokens[index : index + length]
        if all(token.kind == "word" for token in span):
            phrase = tuple(token.low for token in span)
            if phrase in vocab.TITLE_HEADS or phrase in vocab.WEAK_HEADS:
                return index + length
    return 0


def _full_head_at(tokens: list[_Token], index: int) -> int:
    """A head and the heads that follow it: 'Deputy' + 'Prime Minister', 'Minister Counsellor'."""
    end = _head_at(tokens, index)
    while end:
        probe = end
        while probe < len(tokens) and _is_modifier(tokens[probe]) and not _head_at(tokens, probe):
            probe += 1
        following = _head_at(tokens, probe) if probe < len(tokens) else 0
        if not following:
            break
        end = following
    return end


def _is_modifier(token: _Token) -> bool:
    """A word that qualifies a title head: 'Deputy', 'Japanese', 'Japan's', 'Party', 'NA'."""
    if token.kind != "word":
        return False
    if _in(token, vocab.MODIFIERS):
        return True
    if not token.cap:
        return False
    return (
        _in(token, vocab.ORGANISATION_WORDS)
        or _is_country_word(token.text)
        or (_is_acronym(token.text) and token.text.isupper() and len(token.text) <= 6)
    )


def _title_start(tokens: list[_Token], head: int) -> int:
    """Extend a head leftwards over its modifiers: 'Vietnamese Deputy Minister'."""
    start = head
    while start > 0 and head - start < 4 and _is_modifier(tokens[start - 1]):
        start -= 1
    start = _place_before(tokens, start)
    if start < head and tokens[start].cap and _in(tokens[start], vocab.ORGANISATION_WORDS):
        # The company before its word: "Mitsubishi Corporation President", "Hanoi Party ...".
        named = start
        while named > 0 and start - named < 3 and _is_name_word(tokens[named - 1]):
            named -= 1
        start = named
    return start


def _place_before(tokens: list[_Token], start: int) -> int:
    """Extend a title over the place or country that qualifies it: 'Seoul Mayor', 'Savannakhet
    Vice Governor', "New Zealand's ambassador", "Hong Kong's Secretary for ..."."""
    for length in (3, 2):
        first = start - length
        span = tokens[max(first, 0) : start]
        if first < 0 or not all(token.kind == "word" and token.cap for token in span):
            continue
        if any(token.possessive for token in span[:-1]):
            continue
        if is_place([token.base for token in span]) or _is_country_word(
            " ".join(token.text for token in span)
        ):
            return first
    previous = tokens[start - 1] if start > 0 else None
    if previous and previous.kind == "word" and previous.cap and is_place([previous.base]):
        return start - 1
    return start


def _complement_end(tokens: list[_Token], start: int, stop_before_person: bool = False) -> int:
    """Where a title's complement ends: 'of the provincial Party Committee', 'to Vietnam'."""
    index = start
    while index < len(tokens) and index - start < _MAX_COMPLEMENT:
        token = tokens[index]
        if (
            _is_run_word(token)
            or (token.kind == "word" and token.low in vocab.TITLE_CONNECTORS)
            or (token.text == "&" and index > start and tokens[index - 1].cap)
            or (
                token.kind == "word"
                and token.low in vocab.ORGANISATION_UNIT_NOUNS
                and index > start
                and (tokens[index - 1].cap or tokens[index - 1].text == ")")
            )
        ):
            previous = tokens[index - 1]
            new_title = index > start and token.cap and not previous.cap and previous.low != "and"
            if new_title and _head_at(
                tokens, index
            ):  # "envoy at General Secretary Trong's funeral"
                break
            if stop_before_person and token.low == "and" and _person_follows(tokens, index + 1):
                break
            index += 1
        elif (
            token.text == "("
            and index + 2 < len(tokens)
            and _is_acronym(tokens[index + 1].text)
            and tokens[index + 2].text == ")"
        ):
            index += 3  # "Ministry of Planning and Investment (MPI)"
        elif token.text == "," and _joins_organisation_words(tokens, index):
            index += 1  # "Minister of Culture, Sports and Tourism"
        else:
            break
    return index


def _joins_organisation_words(tokens: list[_Token], comma: int) -> bool:
    """A comma inside a ministry's name: 'Labour, Invalids and Social Affairs'."""
    if comma == 0 or comma + 1 >= len(tokens):
        return False
    before, after = tokens[comma - 1], tokens[comma + 1]
    return (
        before.cap
        and _in(before, vocab.ORGANISATION_WORDS)
        and after.cap
        and _in(after, vocab.ORGANISATION_WORDS)
        and not _is_country_word(after.text)
        and not _head_at(tokens, comma + 1)
    )


def _person_follows(tokens: list[_Token], index: int) -> bool:
    end = index
    while end < len(tokens) and _is_run_word(tokens[end]):
        end += 1
    words = tokens[index:end]
    return len(words) >= 2 and (
        all(_is_name_word(token) for token in words)
        or is_vietnamese_name([token.base for token in words])
    )


def _trim_title_end(tokens: list[_Token], start: int, end: int) -> int:
    """Drop trailing connectors, honorifics and brackets: 'Minister of the' -> 'Minister'."""
    while end > start and (
        tokens[end - 1].kind not in ("word", "initial")
        and not (tokens[end - 1].text == ")" and end - 3 > start and tokens[end - 3].text == "(")
        or tokens[end - 1].low in vocab.TITLE_CONNECTORS
        and not tokens[end - 1].cap
        and not _names_a_place_kind(tokens, end - 1)
        or _is_honorific(tokens[end - 1])
    ):
        end -= 1
    return end


def _names_a_place_kind(tokens: list[_Token], index: int) -> bool:
    """'Governor of Gyeonggi province': the place's kind after its name belongs to the title."""
    return (
        index > 0
        and tokens[index].low in vocab.PLACE_KIND_WORDS
        and tokens[index - 1].cap
        and tokens[index - 1].kind == "word"
    )


def _split_name(tokens: list[_Token], start: int, end: int, needs_organisation: bool):
    """Where the name sits in a capitalised run: 'Hanoi Party Committee [Vuong Dinh Hue]'.

    Returns (name start, how) or None; ``how`` is "vietnamese", "lexical" (split after an
    organisation's word) or "shape" (split by the name's shape alone, a weaker guess).
    """
    best, best_rank = None, 9
    for index in range(start + (1 if needs_organisation else 0), end - 1):
        length = end - index
        if fold_key(tokens[index].base) not in VIETNAMESE_SURNAMES or not 2 <= length <= 4:
            continue
        words = tokens[index:end]
        if all(
            _is_vietnamese_name_word(token) or (position and _is_name_syllable_country(token))
            for position, token in enumerate(words)
        ) and not is_place([token.base for token in words]):
            rank = {3: 0, 4: 1, 2: 2}[length]
            if length == 4 and (index == 0 or not _is_vietnamese_name_word(tokens[index - 1])):
                # "Committee Luong Nguyen Minh Triet": nothing before it could start the name,
                # so a four-syllable name wins over the three-syllable one inside it.
                rank = -1
            if rank < best_rank:
                best, best_rank = index, rank
    if best is not None:
        return best, "vietnamese"
    last_other = start - 1
    for index in range(start, end):
        token = tokens[index]
        ambiguous_park = (
            token.base == "park" and index > start and not _is_name_word(tokens[index - 1])
        )
        inner_possessive = token.possessive and index < end - 1
        if not _is_name_word(token) or ambiguous_park or inner_possessive:
            last_other = index
    name_start, how = last_other + 1, "lexical"
    if name_start == start:
        after_place = _after_leading_place(tokens, start, end)
        if after_place and end - after_place >= 2:
            # "Consul General in Da Nang Khamphao Sisouk": the place ends the title as surely
            # as an organisation's word would, so the two or more words after it are the name.
            name_start = after_place
        else:
            how = "shape" if needs_organisation else "lexical"
            name_start += 1 if needs_organisation else 0
    if name_start >= end or end - name_start > 4:
        return None
    for length in (3, 2, 1):
        words = [token.base for token in tokens[name_start : name_start + length]]
        if name_start + length < end and is_place(words):
            name_start += length
            break
    words = [token.base for token in tokens[name_start:end]]
    if is_place(words):
        return None
    if how == "shape" and not (
        is_korean_name(words) or is_japanese_name(words) or is_chinese_name(words)
    ):
        return None
    return name_start, how


def _after_leading_place(tokens: list[_Token], start: int, end: int) -> int:
    """The index after a place that opens the run [start, end), or 0: '[Da Nang] Khamphao'."""
    for length in (3, 2, 1):
        if start + length < end and is_place([t.base for t in tokens[start : start + length]]):
            return start + length
    return 0


def _name_in_complement(tokens: list[_Token], start: int, end: int):
    """The name that ends a title: the first capitalised run in [start, end) that holds one."""
    index = start
    while index < end:
        if not _is_run_word(tokens[index]):
            index += 1
            continue
        run_start = index
        while index < end and _is_run_word(tokens[index]):
            index += 1
            if tokens[index - 1].possessive:
                break
        direct = run_start == start
        # After "of the" the run opens with the organisation's name; after "(MPI)" it does not.
        needs_organisation = (
            not direct
            and tokens[run_start - 1].kind == "word"
            # "Governor of Kanagawa prefecture Kuroiwa Yuji": the place ended with its kind
            and not _names_a_place_kind(tokens, run_start - 1)
        )
        found = _split_name(tokens, run_start, index, needs_organisation=needs_organisation)
        if not found:
            continue
        name_start, how = found
        following = tokens[index] if index < len(tokens) else None
        continues = (
            following is not None
            and following.kind == "word"
            and following.low in vocab.CONTINUING_CONNECTORS
        )
        if direct or how == "vietnamese" or not continues:
            if not direct and index - name_start == 1 and how != "lexical":
                return None
            return name_start, index, how
    return None


def _titles_before_names(tokens: list[_Token], text: str) -> list[_Mention]:
    """'Deputy Minister of Planning and Investment Tran Duy Dong', 'FM Kamikawa'."""
    mentions = []
    index = 0
    while index < len(tokens):
        head_end = _full_head_at(tokens, index) if tokens[index].kind == "word" else 0
        if not head_end:
            index += 1
            continue
        start = _title_start(tokens, index)
        after = head_end
        while after < len(tokens) and _is_honorific(tokens[after]):
            after += 1
        found = _name_in_complement(tokens, after, _complement_end(tokens, after))
        if not found:
            index = head_end
            continue
        name_start, name_end, _how = found
        title_end = _trim_title_end(tokens, start, name_start)
        title = _span_text(text, tokens, start, title_end)
        if name_start == after:
            title += _title_tail(tokens, text, name_end)
        weak = tuple(token.low for token in tokens[index:head_end]) in vocab.WEAK_HEADS
        mentions.append(
            _Mention(
                position=tokens[name_start].start,
                name=_name_of(tokens, name_start, name_end),
                title=title,
                weak=weak,
                may_create=name_start == after and not weak,
            )
        )
        index = name_end
    return mentions


def _title_tail(tokens: list[_Token], text: str, index: int) -> str:
    """' at the Vietnamese Embassy in Japan' after 'Minister Nguyen Duc Minh': part of the title."""
    if index >= len(tokens) or tokens[index].low not in ("of", "at"):
        return ""
    start = index + 1
    if start < len(tokens) and tokens[start].low == "the":
        start += 1
    end = _trim_title_end(tokens, start, _complement_end(tokens, start, stop_before_person=True))
    if end <= start or not tokens[start].cap:
        return ""
    span = tokens[start:end]
    if end < len(tokens) and tokens[end].text in vocab.DASHES:
        return ""
    if any(_in(token, vocab.EVENT_WORDS) for token in span):
        return ""
    if not any(
        _in(token, vocab.ORGANISATION_WORDS) or _is_country_word(token.text) for token in span
    ):
        return ""
    return " " + _span_text(text, tokens, index, end)


def _titles_after_names(tokens: list[_Token], text: str) -> list[_Mention]:
    """'Hiroshi Imano, Executive Vice President of THK Corporation', and the title in brackets:
    'Mai Van Binh (Vice Chairman of the provincial People's Committee)'."""
    mentions = []
    for comma, token in enumerate(tokens):
        if token.text == "(":
            name_end = comma
            title = _bracketed_title(tokens, text, comma + 1)
        elif token.text == ",":
            name_end = _before_position_note(tokens, comma)
            title = _title_after(tokens, text, comma + 1)
        else:
            continue
        if title is None:
            continue
        name = _name_before(tokens, name_end)
        if name is None:
            continue
        name_start, honorific = name
        title_text, context = title
        words = _name_of(tokens, name_start, name_end)
        mentions.append(
            _Mention(
                position=tokens[name_start].start,
                name=words,
                title=title_text,
                context=context,
                may_create=len(words) > 1 or honorific,
            )
        )
    return mentions


def _titles_before_apposed_names(tokens: list[_Token], text: str) -> list[_Mention]:
    """'The head of the Da Nang Department of Finance, Tran Anh Tuan, said': a title, then the
    name set off by commas."""
    mentions = []
    for comma, token in enumerate(tokens):
        if token.text != "," or comma == 0:
            continue
        name_end = comma + 1
        while name_end < len(tokens) and _is_run_word(tokens[name_end]) and name_end - comma <= 4:
            name_end += 1
        if name_end >= len(tokens) or tokens[name_end].text != "," or name_end == comma + 1:
            continue
        found = _name_before(tokens, name_end)
        if found is None or found[0] != comma + 1:
            continue
        title_start = _apposed_title_start(tokens, comma)
        if title_start is None:
            continue
        words = _name_of(tokens, comma + 1, name_end)
        mentions.append(
            _Mention(
                position=tokens[comma + 1].start,
                name=words,
                title=_span_text(text, tokens, title_start, comma),
                may_create=len(words) > 1,
            )
        )
    return mentions


def _apposed_title_start(tokens: list[_Token], comma: int) -> int | None:
    """Where the title phrase that ends right at ``comma`` starts, the longest one in its clause."""
    clause_start = comma
    while clause_start > 0 and comma - clause_start < _MAX_COMPLEMENT + 8:
        previous = tokens[clause_start - 1]
        if previous.kind in ("newline", "punct") and previous.text not in "()&'’":
            break
        clause_start -= 1
    for start in range(clause_start, comma):
        if tokens[start].low in vocab.ARTICLES or not (
            _is_modifier(tokens[start]) or _head_at(tokens, start)
        ):
            continue
        if _title_phrase_end(tokens, start) == comma:
            return _place_before(tokens, start)
    return None


def _before_position_note(tokens: list[_Token], end: int) -> int:
    """Step back over a photo's position note: 'Nguyen Van Loi (left), Secretary ...'."""
    if end < 3 or tokens[end - 1].text != ")":
        return end
    opening = end - 2
    while opening > 0 and end - opening <= 5 and tokens[opening].low in vocab.POSITION_WORDS:
        opening -= 1
    return opening if tokens[opening].text == "(" and opening < end - 2 else end


def _name_before(tokens: list[_Token], end: int) -> tuple[int, bool] | None:
    """The name that ends right before ``end`` (a comma), and whether an honorific precedes it."""
    start = end
    while (
        start > 0
        and end - start < 5
        and (
            _is_name_word(tokens[start - 1])
            or _is_vietnamese_name_word(tokens[start - 1])
            and not _in(tokens[start - 1], vocab.MODIFIERS)
            and tokens[start - 1].base not in vocab.HEAD_WORDS
        )
        and not (start < end and tokens[start - 1].possessive)
    ):
        start -= 1
    while start < end:
        words = tokens[start:end]
        if all(_is_name_word(token) for token in words) or is_vietnamese_name(
            [token.base for token in words]
        ):
            break
        start += 1
    if start == end or tokens[end - 1].possessive:
        return None
    previous = tokens[start - 1] if start > 0 else None
    honorific = previous is not None and _is_honorific(previous)
    according = start > 1 and tokens[start - 2].low == "according"
    if (
        previous is not None
        and previous.kind == "word"
        and previous.low in vocab.PLACE_PREPOSITIONS
        and not according
    ):
        return None
    if is_place([token.base for token in tokens[start:end]]):
        return None
    return start, honorific


def _title_after(tokens: list[_Token], text: str, start: int) -> tuple[str, str] | None:
    """The title that follows a name and its comma, and the words after it (its context)."""
    start = _skip_relative_clause(tokens, start)
    title_start = _skip_articles(tokens, start)
    end = _title_phrase_end(tokens, title_start, descriptive=title_start > start)
    if not end:
        return None
    # A second title after another comma: "Executive Director, Head of Global Strategy".
    while end + 1 < len(tokens) and tokens[end].text == ",":
        more = _title_phrase_end(tokens, end + 1)
        if not more:
            break
        end = more
    context = ""
    if end < len(tokens) and (tokens[end].text in vocab.DASHES or tokens[end].text == "("):
        stop = end + 1
        while stop < len(tokens) and tokens[stop].text not in {",", ".", ")", "\n", ";"}:
            stop += 1
        context = text[tokens[end].end : tokens[stop - 1].end] if stop > end + 1 else ""
    return _span_text(text, tokens, title_start, end), context


def _bracketed_title(tokens: list[_Token], text: str, start: int) -> tuple[str, str] | None:
    """The title filling a bracket that opens at ``start`` - 1: '(Chairman of X)', no more."""
    title_start = _skip_articles(tokens, start)
    end = _title_phrase_end(tokens, title_start)
    if not end or end >= len(tokens) or tokens[end].text != ")":
        return None
    return _span_text(text, tokens, title_start, end), ""


def _skip_relative_clause(tokens: list[_Token], index: int) -> int:
    """'Name, who is also the chairman of X': the title starts after 'who is (also)'."""
    if index + 1 >= len(tokens) or tokens[index].low != "who":
        return index
    if tokens[index + 1].low not in vocab.RELATIVE_VERBS:
        return index
    index += 2
    while index < len(tokens) and tokens[index].low in vocab.RELATIVE_ADVERBS:
        index += 1
    return index


def _skip_articles(tokens: list[_Token], index: int) -> int:
    while index < len(tokens) and tokens[index].low in vocab.ARTICLES:
        index += 1
    return index


def _title_phrase_end(tokens: list[_Token], start: int, descriptive: bool = False) -> int:
    """The end of a title phrase starting at ``start`` (modifiers, head, complement), or 0.

    ``descriptive``: the phrase follows an article ("an urban planning expert"), so a few plain
    lower-case words may qualify the head too."""
    head = start
    plain = 0
    while head < len(tokens) and head - start < 5 and not _head_at(tokens, head):
        if not _is_modifier(tokens[head]):
            if (
                not (descriptive and _is_plain_word(tokens[head]))
                or plain == _MAX_DESCRIPTIVE_WORDS
            ):
                return 0
            plain += 1
        head += 1
    if head >= len(tokens):
        return 0
    head_end = _full_head_at(tokens, head)
    if not head_end:
        return 0
    if tuple(token.low for token in tokens[head:head_end]) in vocab.WEAK_HEADS:
        return 0
    complement_end = _lowercase_tail_end(
        tokens, _complement_end(tokens, head_end, stop_before_person=True)
    )
    # "Minister of Industry and Trade Tran Van B" names someone else: not this person's title.
    found = _name_in_complement(tokens, head_end, complement_end)
    if found and found[2] != "shape" and found[1] - found[0] > 1:
        return 0
    return _trim_title_end(tokens, head, complement_end)


def _is_plain_word(token: _Token) -> bool:
    return (
        token.kind == "word"
        and not token.cap
        and token.low not in vocab.FUNCTION_WORDS
        and token.low not in vocab.TITLE_CONNECTORS
        and token.low not in vocab.RELATIVE_VERBS
    )


def _lowercase_tail_end(tokens: list[_Token], end: int) -> int:
    """'director of the centre,': one or two plain words may close a title before punctuation."""
    if end == 0 or end >= len(tokens) or tokens[end - 1].low not in ("the", "of", "for"):
        return end
    for length in (1, 2):
        stop = end + length
        words = tokens[end:stop]
        if stop >= len(tokens) or not all(t.kind == "word" and not t.cap for t in words):
            return end
        if tokens[stop].text in {",", ".", ";", ")", *vocab.DASHES}:
            return stop
    return end


def _honorific_names(tokens: list[_Token]) -> list[_Mention]:
    """'Mr. Tanaka', 'Ms Nguyen Thi Hang': a person, with no title of their own."""
    mentions = []
    for index, token in enumerate(tokens):
        if not _is_honorific(token) or not token.cap:
            continue
        start = index + 1
        while start < len(tokens) and _is_honorific(tokens[start]):
            start += 1
        end = start
        while end < len(tokens) and _is_run_word(tokens[end]) and end - start < 4:
            end += 1
            if tokens[end - 1].possessive:
                break
        found = _split_name(tokens, start, end, needs_organisation=False) if end > start else None
        if found and found[0] == start:
            mentions.append(_Mention(tokens[start].start, _name_of(tokens, start, end)))
    return mentions


def _speaking_names(tokens: list[_Token]) -> list[_Mention]:
    """'Nguyen Van Loi said': a full Vietnamese, Japanese or Korean name that speaks."""
    mentions = []
    index = 0
    while index < len(tokens):
        if not _is_run_word(tokens[index]):
            index += 1
            continue
        start = index
        while index < len(tokens) and _is_run_word(tokens[index]):
            index += 1
        verb = index
        while verb < len(tokens) and tokens[verb].low in vocab.SPEECH_ADVERBS:
            verb += 1
        if verb >= len(tokens) or tokens[verb].low not in vocab.SPEECH_VERBS:
            continue
        found = _split_name(tokens, start, index, needs_organisation=False)
        if not found:
            continue
        name_start = found[0]
        words = [token.base for token in tokens[name_start:index]]
        shaped = (
            found[1] == "vietnamese"
            and len(words) >= 3
            or is_japanese_name(words)
            or is_korean_name(words)
        )
        if shaped:
            mentions.append(_Mention(tokens[name_start].start, _name_of(tokens, name_start, index)))
    return mentions


# --- people -----------------------------------------------------------------------------------


def _key(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold_key(word) for word in words)


def _aliases(person: _Person) -> frozenset[str]:
    """The single words that refer back to a person: a Vietnamese given name, any other word."""
    if is_vietnamese_name(person.name):
        return frozenset({fold_key(person.name[-1])})
    return person.key


def _merge(mentions: list[_Mention], tokens: list[_Token]) -> list[_Person]:
    people: list[_Person] = []
    for mention in sorted(
        (m for m in mentions if len(m.name) > 1), key=lambda m: (m.position, -len(m.name))
    ):
        key = _key(mention.name)
        person = next((p for p in people if key <= p.key or p.key <= key), None)
        if person is None:
            people.append(_Person(mention.name, key, mention.position, [mention]))
            continue
        if len(key) > len(person.key):  # the text writes the name in full only now
            person.name, person.key = mention.name, key
        person.mentions.append(mention)
        person.first = min(person.first, mention.position)
    _note_bare_full_names(people, tokens)
    for mention in sorted((m for m in mentions if len(m.name) == 1), key=lambda m: m.position):
        word = fold_key(mention.name[0])
        matches = [p for p in people if len(p.name) > 1 and word in _aliases(p)]
        if matches:
            before = [p for p in matches if p.first <= mention.position]
            person = max(before, key=lambda p: p.first) if before else matches[0]
        else:
            person = next((p for p in people if p.key == {word}), None)
            if person is None:
                if not mention.may_create or vocab.COMMON_NOUN_ENDING_RE.search(word):
                    continue
                person = _Person(mention.name, frozenset({word}), mention.position)
                people.append(person)
        person.mentions.append(mention)
        person.first = min(person.first, mention.position)
    return sorted(people, key=lambda p: p.first)


def _note_bare_full_names(people: list[_Person], tokens: list[_Token]) -> None:
    """A full name written without a title still counts as the person's first mention."""
    if not people:
        return
    by_key = {person.key: person for person in people}
    lengths = {len(person.name) for person in people}
    index = 0
    while index < len(tokens):
        if not _is_run_word(tokens[index]):
            index += 1
            continue
        start = index
        while index < len(tokens) and _is_run_word(tokens[index]):
            index += 1
        for length in lengths:
            for offset in range(start, index - length + 1):
                person = by_key.get(_key(tuple(t.base for t in tokens[offset : offset + length])))
                if person is not None and tokens[offset].start < person.first:
                    person.first = tokens[offset].start


def _official(person: _Person) -> OfficialMention:
    titled = [m for m in person.mentions if m.title and not m.weak]
    # A current title beats a past one ("President and CEO" over "a former US ambassador").
    titled.sort(key=lambda m: (_is_past_title(m.title), -len(m.title), m.position))
    title = titled[0].title if titled else ""
    return OfficialMention(
        name=" ".join(person.name),
        title=title,
        country=_country(person, titled),
        kind=_kind(title),
    )


def _is_past_title(title: str) -> bool:
    return title.lower().startswith(("former ", "ex-", "late ", "then-"))


# --- country and kind -------------------------------------------------------------------------


def _country(person: _Person, titled: list[_Mention]) -> str | None:
    origin = name_origin(person.name)
    titles = [m.title for m in titled] + [m.title for m in person.mentions if m.weak]
    for title in titles:
        home = _title_countries(title)
        if home == ("VN",) and origin not in (None, "VN") and _kind(title) == "business":
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


def _kind(title: str) -> str:
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
        if all(_is_country_word(word.capitalize()) for word in rest):
            return "government"
    return "other"
