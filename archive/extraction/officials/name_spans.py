"""Where a person's name begins and ends in a run of capitalised tokens.

"Hanoi Party Committee [Vuong Dinh Hue]", "Consul General in Da Nang [Khamphao Sisouk]": a run
often holds an organisation's or place's words before the name; the name is split off by its
shape (a Vietnamese surname, a Korean, Japanese or Chinese name) or after the last word that
cannot be a name's.
"""

from __future__ import annotations

from archive.extraction import vocabulary as vocab
from archive.extraction.localities import is_place
from archive.extraction.names import (
    is_chinese_name,
    is_japanese_name,
    is_korean_name,
    is_vietnamese_name,
)
from archive.extraction.officials.tokens import (
    Token,
    in_words,
    is_honorific,
    is_name_syllable_country,
    is_name_word,
    is_run_word,
    is_vietnamese_name_word,
    names_a_place_kind,
)
from archive.extraction.text import fold_key


def person_follows(tokens: list[Token], index: int) -> bool:
    end = index
    while end < len(tokens) and is_run_word(tokens[end]):
        end += 1
    words = tokens[index:end]
    return len(words) >= 2 and (
        all(is_name_word(token) for token in words)
        or is_vietnamese_name([token.base for token in words])
    )


def split_name(tokens: list[Token], start: int, end: int, needs_organisation: bool):
    """Where the name sits in a capitalised run: 'Hanoi Party Committee [Vuong Dinh Hue]'.

    Returns (name start, how) or None; ``how`` is "vietnamese", "lexical" (split after an
    organisation's word) or "shape" (split by the name's shape alone, a weaker guess).
    """
    best, best_rank = None, 9
    for index in range(start + (1 if needs_organisation else 0), end - 1):
        length = end - index
        if fold_key(tokens[index].base) not in vocab.VIETNAMESE_SURNAMES or not 2 <= length <= 4:
            continue
        words = tokens[index:end]
        if all(
            is_vietnamese_name_word(token) or (position and is_name_syllable_country(token))
            for position, token in enumerate(words)
        ) and not is_place([token.base for token in words]):
            rank = {3: 0, 4: 1, 2: 2}[length]
            if length == 4 and (index == 0 or not is_vietnamese_name_word(tokens[index - 1])):
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
            token.base == "park" and index > start and not is_name_word(tokens[index - 1])
        )
        inner_possessive = token.possessive and index < end - 1
        if not is_name_word(token) or ambiguous_park or inner_possessive:
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


def _after_leading_place(tokens: list[Token], start: int, end: int) -> int:
    """The index after a place that opens the run [start, end), or 0: '[Da Nang] Khamphao'."""
    for length in (3, 2, 1):
        if start + length < end and is_place([t.base for t in tokens[start : start + length]]):
            return start + length
    return 0


def name_in_complement(tokens: list[Token], start: int, end: int):
    """The name that ends a title: the first capitalised run in [start, end) that holds one."""
    index = start
    while index < end:
        if not is_run_word(tokens[index]):
            index += 1
            continue
        run_start = index
        while index < end and is_run_word(tokens[index]):
            index += 1
            if tokens[index - 1].possessive:
                break
        direct = run_start == start
        # After "of the" the run opens with the organisation's name; after "(MPI)" it does not.
        needs_organisation = (
            not direct
            and tokens[run_start - 1].kind == "word"
            # "Governor of Kanagawa prefecture Kuroiwa Yuji": the place ended with its kind
            and not names_a_place_kind(tokens, run_start - 1)
        )
        found = split_name(tokens, run_start, index, needs_organisation=needs_organisation)
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


def name_before(tokens: list[Token], end: int) -> tuple[int, bool] | None:
    """The name that ends right before ``end`` (a comma), and whether an honorific precedes it."""
    start = end
    while (
        start > 0
        and end - start < 5
        and (
            is_name_word(tokens[start - 1])
            or is_vietnamese_name_word(tokens[start - 1])
            and not in_words(tokens[start - 1], vocab.MODIFIERS)
            and tokens[start - 1].base not in vocab.HEAD_WORDS
        )
        and not (start < end and tokens[start - 1].possessive)
    ):
        start -= 1
    while start < end:
        words = tokens[start:end]
        if all(is_name_word(token) for token in words) or is_vietnamese_name(
            [token.base for token in words]
        ):
            break
        start += 1
    if start == end or tokens[end - 1].possessive:
        return None
    previous = tokens[start - 1] if start > 0 else None
    honorific = previous is not None and is_honorific(previous)
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
