"""User text -> parsed clauses (and Whoosh's reference queries for them), hostile text too."""

from __future__ import annotations

import pytest
from whoosh import query as wq

from archive.search.querying import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    NOTE_CONTROL_CHARS,
    NOTE_DANGLING_OPERATOR,
    NOTE_PLAIN_TEXT,
    NOTE_TOO_LONG,
    NOTE_TOO_MANY_TERMS,
    NOTE_UNMATCHED_QUOTE,
    Clause,
    FieldSearch,
    Word,
    clean,
    parse,
    split_fields,
    unknown_field_note,
)
from tests.search.whoosh_reference import to_whoosh


def clause(*pairs: str, phrase: bool = False) -> Clause:
    """clause("korea") or clause("investors:investor") for a surface word with another term."""
    return Clause(
        tuple(Word(*(p.split(":") if ":" in p else (p, p))) for p in pairs), phrase=phrase
    )


def structure(text: str):
    parsed = parse(text)
    return parsed.groups, parsed.excluded, parsed.notes


def test_words_are_separate_required_groups():
    assert structure("Korea Japan") == ([[clause("korea")], [clause("japan")]], [], [])


def test_a_quoted_phrase_is_one_clause():
    assert structure('"Bac Ninh" port') == (
        [[clause("bac", "ninh", phrase=True)], [clause("port")]],
        [],
        [],
    )


def test_or_joins_neighbouring_clauses_into_one_group():
    assert structure('Korea OR "Hà Nội" OR Japan port') == (
        [[clause("korea"), clause("ha", "noi", phrase=True), clause("japan")], [clause("port")]],
        [],
        [],
    )


@pytest.mark.parametrize("text", ["port -Japan", "port NOT Japan"])
def test_minus_and_not_exclude(text):
    assert structure(text) == ([[clause("port")]], [clause("japan")], [])


def test_a_hyphen_inside_a_word_is_not_an_exclusion():
    assert structure("Bac-Ninh") == ([[clause("bac", "ninh")]], [], [])


def test_lower_case_or_is_an_ordinary_stop_word():
    assert structure("Korea or Japan") == ([[clause("korea")], [clause("japan")]], [], [])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Bac Ninh', ([[clause("bac")], [clause("ninh")]], [], [NOTE_UNMATCHED_QUOTE])),
        ("NOT OR port", ([[clause("port")]], [], [NOTE_DANGLING_OPERATOR])),
        ("port -", ([[clause("port")]], [], [NOTE_DANGLING_OPERATOR])),
        ("OR port OR", ([[clause("port")]], [], [NOTE_DANGLING_OPERATOR])),
        ("port -OR", ([[clause("port")]], [], [NOTE_DANGLING_OPERATOR])),
        ("(((", ([], [], [NOTE_PLAIN_TEXT])),
        ("* ? a*b*", ([], [], [NOTE_PLAIN_TEXT])),
        ("inv*", ([[clause("inv")]], [], [NOTE_PLAIN_TEXT])),
        ("port:ship", ([[clause("port", "ship")]], [], [unknown_field_note("port")])),
        ("port~2 [a TO z]", ([[clause("port")]], [], [NOTE_PLAIN_TEXT])),
        ("po\x00rt\x1b", ([[clause("port")]], [], [NOTE_CONTROL_CHARS])),
    ],
)
def test_hostile_text_becomes_plain_words_with_a_note(text, expected):
    assert structure(text) == expected


def test_text_is_cut_to_the_limit_with_a_note():
    cleaned, notes = clean("p" * 10_000)

    assert (len(cleaned), notes) == (MAX_QUERY_CHARS, [NOTE_TOO_LONG])


def test_terms_beyond_the_limit_are_dropped_with_a_note():
    parsed = parse(" ".join(f"word{n}" for n in range(MAX_TERMS + 8)))

    assert (len(parsed.groups), parsed.groups[-1], parsed.notes) == (
        MAX_TERMS,
        [clause(f"word{MAX_TERMS - 1}")],
        [NOTE_TOO_MANY_TERMS],
    )


def test_a_long_phrase_is_cut_to_the_term_limit():
    parsed = parse('"' + " ".join(f"word{n}" for n in range(MAX_TERMS + 8)) + '"')

    assert (len(parsed.groups[0][0].words), parsed.notes) == (MAX_TERMS, [NOTE_TOO_MANY_TERMS])


def test_the_whoosh_query_searches_each_word_in_every_text_field_with_boosts():
    assert to_whoosh(parse("port -Japan")) == wq.AndNot(
        wq.Or(
            [
                wq.Term("title", "port", boost=3.0),
                wq.Term("entity_names", "port", boost=2.5),
                wq.Term("body", "port"),
            ]
        ),
        wq.Or(
            [
                wq.Term("title", "japan", boost=3.0),
                wq.Term("entity_names", "japan", boost=2.5),
                wq.Term("body", "japan"),
            ]
        ),
    )


def test_text_without_words_becomes_every_document():
    assert to_whoosh(parse("*** ((( ???")) == wq.Every()


def _query_types(query: wq.Query) -> set[type]:
    found = {type(query)}
    for child in query.children():
        found |= _query_types(child)
    return found


@pytest.mark.parametrize(
    "text",
    ["a*b*c*", "port?", "title:x", "[a TO z]", "port~", "/re.*/", "x^9", '"*"', "{a TO b}"],
)
def test_no_user_text_builds_an_expensive_query(text):
    expensive = {wq.Wildcard, wq.Prefix, wq.FuzzyTerm, wq.Regex, wq.TermRange, wq.NumericRange}

    assert _query_types(to_whoosh(parse(text))) & expensive == set()


def test_title_restricts_a_word_or_a_phrase_to_the_headline():
    parsed = parse('title:port title:"Bac Ninh" loan')

    assert parsed.groups == [
        [Clause((Word("port", "port"),), field="title")],
        [Clause((Word("bac", "bac"), Word("ninh", "ninh")), phrase=True, field="title")],
        [clause("loan")],
    ]
    assert parsed.notes == []


def test_field_names_are_read_in_any_case_and_an_empty_field_is_noted():
    assert parse("TITLE:port").groups == [[Clause((Word("port", "port"),), field="title")]]
    assert parse("title: port").notes == [
        "“title:” needs a word or a quoted phrase after it; it was ignored."
    ]


def test_entity_fields_are_taken_out_of_the_text_for_the_filters():
    text, found = split_fields('ODA country:"South Korea" -province:Hue official:Lê source:VNA')

    assert text == "ODA"
    assert found == [
        FieldSearch("country", "South Korea"),
        FieldSearch("province", "Hue", negated=True),
        FieldSearch("official", "Lê"),
        FieldSearch("source", "VNA"),
    ]
    assert split_fields("plain words title:x") == ("plain words title:x", [])


def test_an_unresolved_entity_field_searches_the_entity_names_as_a_phrase():
    parsed = parse('country:"South Korea"')

    assert parsed.groups == [
        [
            Clause(
                (Word("south", "south"), Word("korea", "korea")), phrase=True, field="entity_names"
            )
        ]
    ]
    assert parsed.fields == [FieldSearch("country", "South Korea")]
