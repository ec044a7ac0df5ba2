"""Title phrases: a head ("Minister", "Chief Representative"), the modifiers before it and the
complement after it ("Deputy Minister of Planning and Investment"), before or after a name."""

from __future__ import annotations

from archive.extraction import vocabulary as vocab
from archive.extraction.localities import is_place
from archive.extraction.officials.name_spans import name_in_complement, person_follows
from archive.extraction.officials.tokens import (
    Token,
    in_words,
    is_acronym,
    is_country_word,
    is_honorific,
    is_name_word,
    is_run_word,
    names_a_place_kind,
    span_text,
)

_MAX_DESCRIPTIVE_WORDS = 3  # "an urban planning expert": plain words before a head after "a/an"


def _head_lengths() -> dict[str, tuple[int, ...]]:
    """Each word a head can start with (vocab.HEAD_FIRST_WORDS) -> the lengths of the heads it
    starts, longest first: only those are tried."""
    lengths: dict[str, set[int]] = {}
    for phrase in vocab.TITLE_HEADS | vocab.WEAK_HEADS:
        lengths.setdefault(phrase[0], set()).add(len(phrase))
    return {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}


_HEAD_LENGTHS = _head_lengths()


_MAX_COMPLEMENT = 24


def _head_at(tokens: list[Token], index: int) -> int:
    """The end of the title head starting at ``index``, or 0: 'Prime Minister', 'CEO'."""
    lengths = _HEAD_LENGTHS.get(tokens[index].low)
    if lengths is None:
        return 0
    if index > 0 and tokens[index - 1].kind == "num":  # "3 PM"
        return 0
    available = len(tokens) - index
    for length in lengths:
        if length > available:
            continue
        span = tokens[index : index + length]
        if all(token.kind == "word" for token in span):
            phrase = tuple(token.low for token in span)
            if phrase in vocab.TITLE_HEADS or phrase in vocab.WEAK_HEADS:
                return index + length
    return 0


def full_head_at(tokens: list[Token], index: int) -> int:
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


def _is_modifier(token: Token) -> bool:
    """A word that qualifies a title head: 'Deputy', 'Japanese', 'Japan's', 'Party', 'NA'."""
    if token.kind != "word":
        return False
    if in_words(token, vocab.MODIFIERS):
        return True
    if not token.cap:
        return False
    return (
        in_words(token, vocab.ORGANISATION_WORDS)
        or is_country_word(token.text)
        or (is_acronym(token.text) and token.text.isupper() and len(token.text) <= 6)
    )


def title_start_of_head(tokens: list[Token], head: int) -> int:
    """Extend a head leftwards over its modifiers: 'Vietnamese Deputy Minister'."""
    start = head
    while start > 0 and head - start < 4 and _is_modifier(tokens[start - 1]):
        start -= 1
    start = _place_before(tokens, start)
    if start < head and tokens[start].cap and in_words(tokens[start], vocab.ORGANISATION_WORDS):
        # The company before its word: "Mitsubishi Corporation President", "Hanoi Party ...".
        named = start
        while named > 0 and start - named < 3 and is_name_word(tokens[named - 1]):
            named -= 1
        start = named
    return start


def _place_before(tokens: list[Token], start: int) -> int:
    """Extend a title over the place or country that qualifies it: 'Seoul Mayor', 'Savannakhet
    Vice Governor', "New Zealand's ambassador", "Hong Kong's Secretary for ..."."""
    for length in (3, 2):
        first = start - length
        span = tokens[max(first, 0) : start]
        if first < 0 or not all(token.kind == "word" and token.cap for token in span):
            continue
        if any(token.possessive for token in span[:-1]):
            continue
        if is_place([token.base for token in span]) or is_country_word(
            " ".join(token.text for token in span)
        ):
            return first
    previous = tokens[start - 1] if start > 0 else None
    if previous and previous.kind == "word" and previous.cap and is_place([previous.base]):
        return start - 1
    return start


def complement_end_after(tokens: list[Token], start: int, stop_before_person: bool = False) -> int:
    """Where a title's complement ends: 'of the provincial Party Committee', 'to Vietnam'."""
    index = start
    while index < len(tokens) and index - start < _MAX_COMPLEMENT:
        token = tokens[index]
        if (
            is_run_word(token)
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
            if stop_before_person and token.low == "and" and person_follows(tokens, index + 1):
                break
            index += 1
        elif (
            token.text == "("
            and index + 2 < len(tokens)
            and is_acronym(tokens[index + 1].text)
            and tokens[index + 2].text == ")"
        ):
            index += 3  # "Ministry of Planning and Investment (MPI)"
        elif token.text == "," and _joins_organisation_words(tokens, index):
            index += 1  # "Minister of Culture, Sports and Tourism"
        else:
            break
    return index


def _joins_organisation_words(tokens: list[Token], comma: int) -> bool:
    """A comma inside a ministry's name: 'Labour, Invalids and Social Affairs'."""
    if comma == 0 or comma + 1 >= len(tokens):
        return False
    before, after = tokens[comma - 1], tokens[comma + 1]
    return (
        before.cap
        and in_words(before, vocab.ORGANISATION_WORDS)
        and after.cap
        and in_words(after, vocab.ORGANISATION_WORDS)
        and not is_country_word(after.text)
        and not _head_at(tokens, comma + 1)
    )


def trim_title_end(tokens: list[Token], start: int, end: int) -> int:
    """Drop trailing connectors, honorifics and brackets: 'Minister of the' -> 'Minister'."""
    while end > start and (
        tokens[end - 1].kind not in ("word", "initial")
        and not (tokens[end - 1].text == ")" and end - 3 > start and tokens[end - 3].text == "(")
        or tokens[end - 1].low in vocab.TITLE_CONNECTORS
        and not tokens[end - 1].cap
        and not names_a_place_kind(tokens, end - 1)
        or is_honorific(tokens[end - 1])
    ):
        end -= 1
    return end


def _title_phrase_end(tokens: list[Token], start: int, descriptive: bool = False) -> int:
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
    head_end = full_head_at(tokens, head)
    if not head_end:
        return 0
    if tuple(token.low for token in tokens[head:head_end]) in vocab.WEAK_HEADS:
        return 0
    complement_end = _lowercase_tail_end(
        tokens, complement_end_after(tokens, head_end, stop_before_person=True)
    )
    # "Minister of Industry and Trade Tran Van B" names someone else: not this person's title.
    found = name_in_complement(tokens, head_end, complement_end)
    if found and found[2] != "shape" and found[1] - found[0] > 1:
        return 0
    return trim_title_end(tokens, head, complement_end)


def _is_plain_word(token: Token) -> bool:
    return (
        token.kind == "word"
        and not token.cap
        and token.low not in vocab.FUNCTION_WORDS
        and token.low not in vocab.TITLE_CONNECTORS
        and token.low not in vocab.RELATIVE_VERBS
    )


def _lowercase_tail_end(tokens: list[Token], end: int) -> int:
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


def title_after(tokens: list[Token], text: str, start: int) -> tuple[str, str] | None:
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
    return span_text(text, tokens, title_start, end), context


def bracketed_title(tokens: list[Token], text: str, start: int) -> tuple[str, str] | None:
    """The title filling a bracket that opens at ``start`` - 1: '(Chairman of X)', no more."""
    title_start = _skip_articles(tokens, start)
    end = _title_phrase_end(tokens, title_start)
    if not end or end >= len(tokens) or tokens[end].text != ")":
        return None
    return span_text(text, tokens, title_start, end), ""


def _skip_relative_clause(tokens: list[Token], index: int) -> int:
    """'Name, who is also the chairman of X': the title starts after 'who is (also)'."""
    if index + 1 >= len(tokens) or tokens[index].low != "who":
        return index
    if tokens[index + 1].low not in vocab.RELATIVE_VERBS:
        return index
    index += 2
    while index < len(tokens) and tokens[index].low in vocab.RELATIVE_ADVERBS:
        index += 1
    return index


def _skip_articles(tokens: list[Token], index: int) -> int:
    while index < len(tokens) and tokens[index].low in vocab.ARTICLES:
        index += 1
    return index


def title_tail(tokens: list[Token], text: str, index: int) -> str:
    """' at the Vietnamese Embassy in Japan' after 'Minister Nguyen Duc Minh': part of the title."""
    if index >= len(tokens) or tokens[index].low not in ("of", "at"):
        return ""
    start = index + 1
    if start < len(tokens) and tokens[start].low == "the":
        start += 1
    end = trim_title_end(
        tokens, start, complement_end_after(tokens, start, stop_before_person=True)
    )
    if end <= start or not tokens[start].cap:
        return ""
    span = tokens[start:end]
    if end < len(tokens) and tokens[end].text in vocab.DASHES:
        return ""
    if any(in_words(token, vocab.EVENT_WORDS) for token in span):
        return ""
    if not any(
        in_words(token, vocab.ORGANISATION_WORDS) or is_country_word(token.text) for token in span
    ):
        return ""
    return " " + span_text(text, tokens, index, end)


def apposed_title_start(tokens: list[Token], comma: int) -> int | None:
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


def before_position_note(tokens: list[Token], end: int) -> int:
    """Step back over a photo's position note: 'Nguyen Van Loi (left), Secretary ...'."""
    if end < 3 or tokens[end - 1].text != ")":
        return end
    opening = end - 2
    while opening > 0 and end - opening <= 5 and tokens[opening].low in vocab.POSITION_WORDS:
        opening -= 1
    return opening if tokens[opening].text == "(" and opening < end - 2 else end
