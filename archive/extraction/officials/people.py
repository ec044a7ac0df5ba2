"""The mentions of people an article makes, and the people they add up to.

Five kinds of mention: a title before the name, a title after it (after a comma or in brackets),
a title then the name between commas, an honorific, and a full name that speaks. Mentions merge
into people by their words; a single word joins the person it refers back to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from archive.extraction import vocabulary as vocab
from archive.extraction.names import (
    is_japanese_name,
    is_korean_name,
    is_vietnamese_name,
)
from archive.extraction.officials.name_spans import name_before, name_in_complement, split_name
from archive.extraction.officials.titles import (
    apposed_title_start,
    before_position_note,
    bracketed_title,
    complement_end_after,
    full_head_at,
    title_after,
    title_start_of_head,
    title_tail,
    trim_title_end,
)
from archive.extraction.officials.tokens import (
    Token,
    capitalised_runs,
    is_honorific,
    is_run_word,
    name_of,
    span_text,
)
from archive.extraction.text import fold_key

_LOW = attrgetter("low")
_TEXT = attrgetter("text")
_BRACKET_OR_COMMA = frozenset("(,")
_COMMA = frozenset(",")


@dataclass
class Mention:
    position: int
    name: tuple[str, ...]  # as written, possessive dropped
    title: str = ""
    weak: bool = False  # "his Japanese counterpart": a country, not a title
    context: str = ""  # words around the title that may name the person's country
    may_create: bool = True  # a lone word only becomes a person behind a title or an honorific


@dataclass
class Person:
    name: tuple[str, ...]
    key: frozenset[str]
    first: int
    mentions: list[Mention] = field(default_factory=list)


def titles_before_names(tokens: list[Token], text: str) -> list[Mention]:
    """'Deputy Minister of Planning and Investment Tran Duy Dong', 'FM Kamikawa'."""
    mentions = []
    # Only a head's first word can open a title: the others are skipped in C.
    firsts = bytes(map(vocab.HEAD_FIRST_WORDS.__contains__, map(_LOW, tokens)))
    index = 0
    while (index := firsts.find(1, index)) >= 0:
        head_end = full_head_at(tokens, index) if tokens[index].kind == "word" else 0
        if not head_end:
            index += 1
            continue
        start = title_start_of_head(tokens, index)
        after = head_end
        while after < len(tokens) and is_honorific(tokens[after]):
            after += 1
        found = name_in_complement(tokens, after, complement_end_after(tokens, after))
        if not found:
            index = head_end
            continue
        name_start, name_end, _how = found
        title_end = trim_title_end(tokens, start, name_start)
        title = span_text(text, tokens, start, title_end)
        if name_start == after:
            title += title_tail(tokens, text, name_end)
        weak = tuple(token.low for token in tokens[index:head_end]) in vocab.WEAK_HEADS
        mentions.append(
            Mention(
                position=tokens[name_start].start,
                name=name_of(tokens, name_start, name_end),
                title=title,
                weak=weak,
                may_create=name_start == after and not weak,
            )
        )
        index = name_end
    return mentions


def titles_after_names(tokens: list[Token], text: str) -> list[Mention]:
    """'Hiroshi Imano, Executive Vice President of THK Corporation', and the title in brackets:
    'Mai Van Binh (Vice Chairman of the provincial People's Committee)'."""
    mentions = []
    # Only a bracket or a comma opens a title after a name: the other tokens skipped in C.
    marks = bytes(map(_BRACKET_OR_COMMA.__contains__, map(_TEXT, tokens)))
    comma = -1
    while (comma := marks.find(1, comma + 1)) >= 0:
        token = tokens[comma]
        if token.text == "(":
            name_end = comma
        elif token.text == ",":
            name_end = before_position_note(tokens, comma)
        else:
            continue
        # name_before finds a name only where a capitalised run ends: the title, the costlier
        # search, is read only after one.
        if not name_end or not is_run_word(tokens[name_end - 1]):
            continue
        if token.text == "(":
            title = bracketed_title(tokens, text, comma + 1)
        else:
            title = title_after(tokens, text, comma + 1)
        if title is None:
            continue
        name = name_before(tokens, name_end)
        if name is None:
            continue
        name_start, honorific = name
        title_text, context = title
        words = name_of(tokens, name_start, name_end)
        mentions.append(
            Mention(
                position=tokens[name_start].start,
                name=words,
                title=title_text,
                context=context,
                may_create=len(words) > 1 or honorific,
            )
        )
    return mentions


def titles_before_apposed_names(tokens: list[Token], text: str) -> list[Mention]:
    """'The head of the Da Nang Department of Finance, Tran Anh Tuan, said': a title, then the
    name set off by commas."""
    mentions = []
    commas = bytes(map(_COMMA.__contains__, map(_TEXT, tokens)))  # other tokens skipped in C
    comma = 0  # a comma opening the text sets off nothing
    while (comma := commas.find(1, comma + 1)) >= 0:
        name_end = comma + 1
        while name_end < len(tokens) and is_run_word(tokens[name_end]) and name_end - comma <= 4:
            name_end += 1
        if name_end >= len(tokens) or tokens[name_end].text != "," or name_end == comma + 1:
            continue
        found = name_before(tokens, name_end)
        if found is None or found[0] != comma + 1:
            continue
        title_start = apposed_title_start(tokens, comma)
        if title_start is None:
            continue
        words = name_of(tokens, comma + 1, name_end)
        mentions.append(
            Mention(
                position=tokens[comma + 1].start,
                name=words,
                title=span_text(text, tokens, title_start, comma),
                may_create=len(words) > 1,
            )
        )
    return mentions


def honorific_names(tokens: list[Token]) -> list[Mention]:
    """'Mr. Tanaka', 'Ms Nguyen Thi Hang': a person, with no title of their own."""
    mentions = []
    honorifics = bytes(map(vocab.HONORIFICS.__contains__, map(_LOW, tokens)))
    index = -1
    while (index := honorifics.find(1, index + 1)) >= 0:  # the other tokens skipped in C
        token = tokens[index]
        if not is_honorific(token) or not (token.cap or token.low in vocab.LOWER_CASE_HONORIFICS):
            continue
        start = index + 1
        while start < len(tokens) and is_honorific(tokens[start]):
            start += 1
        end = start
        while end < len(tokens) and is_run_word(tokens[end]) and end - start < 4:
            end += 1
            if tokens[end - 1].possessive:
                break
        found = split_name(tokens, start, end, needs_organisation=False) if end > start else None
        if found and found[0] == start:
            mentions.append(Mention(tokens[start].start, name_of(tokens, start, end)))
    return mentions


def speaking_names(tokens: list[Token]) -> list[Mention]:
    """'Nguyen Van Loi said': a full Vietnamese, Japanese or Korean name that speaks."""
    mentions = []
    for run in capitalised_runs(tokens):
        start, index = run.span()
        verb = index
        while verb < len(tokens) and tokens[verb].low in vocab.SPEECH_ADVERBS:
            verb += 1
        if verb >= len(tokens) or tokens[verb].low not in vocab.SPEECH_VERBS:
            continue
        found = split_name(tokens, start, index, needs_organisation=False)
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
            mentions.append(Mention(tokens[name_start].start, name_of(tokens, name_start, index)))
    return mentions


def _key(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(fold_key(word) for word in words)


def _aliases(person: Person) -> frozenset[str]:
    """The single words that refer back to a person: a Vietnamese given name, any other word."""
    if is_vietnamese_name(person.name):
        return frozenset({fold_key(person.name[-1])})
    return person.key


def _vietnamese_family_name(person: Person) -> str | None:
    if len(person.name) > 1 and is_vietnamese_name(person.name):
        return fold_key(person.name[0])
    return None


def merge(mentions: list[Mention], tokens: list[Token]) -> list[Person]:
    people: list[Person] = []
    for mention in sorted(
        (m for m in mentions if len(m.name) > 1), key=lambda m: (m.position, -len(m.name))
    ):
        key = _key(mention.name)
        person = next((p for p in people if key <= p.key or p.key <= key), None)
        if person is None:
            people.append(Person(mention.name, key, mention.position, [mention]))
            continue
        if len(key) > len(person.key):  # the text writes the name in full only now
            person.name, person.key = mention.name, key
        person.mentions.append(mention)
        person.first = min(person.first, mention.position)
    _note_bare_full_names(people, tokens)
    for mention in sorted((m for m in mentions if len(m.name) == 1), key=lambda m: m.position):
        word = fold_key(mention.name[0])
        matches = [p for p in people if len(p.name) > 1 and word in _aliases(p)]
        if not matches:
            # "Mr. Nguyen" after "Nguyen Van Thanh": a Vietnamese family name alone is the one
            # person of the article who carries it; with two, it stays nobody's.
            carriers = [p for p in people if _vietnamese_family_name(p) == word]
            matches = carriers if len(carriers) == 1 else []
        if matches:
            before = [p for p in matches if p.first <= mention.position]
            person = max(before, key=lambda p: p.first) if before else matches[0]
        else:
            person = next((p for p in people if p.key == {word}), None)
            if person is None:
                if not mention.may_create or vocab.COMMON_NOUN_ENDING_RE.search(word):
                    continue
                person = Person(mention.name, frozenset({word}), mention.position)
                people.append(person)
        person.mentions.append(mention)
        person.first = min(person.first, mention.position)
    return sorted(people, key=lambda p: p.first)


def _note_bare_full_names(people: list[Person], tokens: list[Token]) -> None:
    """A full name written without a title still counts as the person's first mention."""
    if not people:
        return
    by_key = {person.key: person for person in people}
    lengths = {len(person.name) for person in people}
    shortest = min(lengths)
    for run in capitalised_runs(tokens):
        start, index = run.span()
        if index - start < shortest:
            continue
        keys = [fold_key(t.base) for t in tokens[start:index]]  # _key of each word, once
        for length in lengths:
            for offset in range(start, index - length + 1):
                words = keys[offset - start : offset - start + length]
                person = by_key.get(frozenset(words))
                if person is not None and tokens[offset].start < person.first:
                    person.first = tokens[offset].start
