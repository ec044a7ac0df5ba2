"""The analyzer (diacritics, NFD, stop words, stems) and the snippets built on it."""

from __future__ import annotations

import pickle
import unicodedata

import pytest
from whoosh.analysis import CompositeAnalyzer
from whoosh.formats import Positions

from archive.search import analysis
from archive.search.analysis import ANALYZER, indexed_terms, terms, text_tokens, token_words, words
from archive.search.building import _add_positions
from archive.search.highlight import snippet_html
from archive.search.schema import build_schema


@pytest.mark.parametrize(
    "text",
    ["Viet Nam", "Việt Nam", "VIỆT NAM", unicodedata.normalize("NFD", "Việt Nam")],
)
def test_vietnamese_spellings_give_the_same_terms(text):
    assert terms(text) == ["viet", "nam"]


def test_d_with_stroke_folds_to_d_in_both_cases():
    assert terms("Đà Nẵng đường") == ["da", "nang", "duong"]


def test_nfd_and_nfc_text_give_the_same_terms():
    text = "Bắc Ninh, Quảng Ngãi và Thừa Thiên–Huế"

    assert terms(unicodedata.normalize("NFD", text)) == terms(text)


def test_common_words_are_dropped_but_us_may_and_it_are_kept():
    assert terms("the US and the IT sector in May") == ["us", "it", "sector", "mai"]


def test_word_forms_share_a_stem():
    assert terms("investment investments invest") == ["invest"] * 3


def test_wildcard_characters_split_words():
    assert words("inv*st a?b title:port") == ["inv", "st", "title", "port"]


def test_the_analyzer_survives_pickling_into_the_index_schema():
    restored = pickle.loads(pickle.dumps(ANALYZER))

    assert [token.text for token in restored("Bắc Ninh investments")] == ["bac", "ninh", "invest"]


# Stop words first and in runs (positions renumbered), diacritics, NFD, đ, dotted runs, a
# dotted word ending a sentence, letters whose lowercase is longer (İ), one-letter and over-long
# tokens, digits, underscores, a combining mark with no precomposed letter, apostrophes.
AWKWARD_TEXTS = [
    "",
    "The a of the",
    "The and of Investments in Bắc Ninh were U.S. $1.5 billion.",
    unicodedata.normalize("NFD", "Thừa Thiên–Huế, Đà Nẵng và Quảng Ngãi; ĐỒNG"),
    "İstanbul İİ x y zz " + "a" * 61 + " " + "b" * 60 + " end.",
    "under_score 3.141 v1.2.3 e.g. it's the US, may IT; x\u0301y q\u0323",
    "Loans\nand grants\tto 12 provinces (2024-25): 5,000 ha",
]


def _chain(text: str, **kwargs) -> list[tuple]:
    """The analyzer's own chain of filters, without its fast path."""
    tokens = CompositeAnalyzer.__call__(ANALYZER, text, **kwargs)
    return [(t.text, t.pos if kwargs.get("positions") else None, t.boost) for t in tokens]


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"positions": True}, {"mode": "index", "positions": True, "boosts": True}],
)
def test_the_fast_path_gives_the_chains_tokens(text, kwargs):
    got = [
        (t.text, t.pos if kwargs.get("positions") else None, t.boost)
        for t in ANALYZER(text, **kwargs)
    ]

    assert got == _chain(text, **kwargs)


@pytest.mark.parametrize("text", AWKWARD_TEXTS)
def test_the_index_postings_are_the_chains(text):
    """What Whoosh writes for a text field: each term's frequency, weight and positions."""
    fast = list(Positions().word_values(text, ANALYZER, mode="index"))
    chain = CompositeAnalyzer(*ANALYZER.items)  # the same filters, no fast path

    assert fast == list(Positions().word_values(text, chain, mode="index"))


@pytest.mark.parametrize("text", [*AWKWARD_TEXTS, "port " * 300 + "harbour, the port; tea"])
def test_the_segment_builders_postings_are_the_text_fields_own(text):
    """building.py writes a text field's postings without the field's index(); the same ones."""
    field = build_schema()["body"]
    terms: dict[bytes, list] = {b"tea": [3, 1.0, b"earlier"]}  # an earlier document's

    length, tokens = _add_positions(terms, 7, text, 1.0)

    expected = {b"tea": [3, 1.0, b"earlier"]}
    for tbytes, _freq, weight, vbytes in field.index(text):
        expected.setdefault(tbytes, []).extend((7, weight, vbytes))
    assert (terms, length) == (expected, sum(freq for _, freq, _, _ in field.index(text)))
    assert tokens == text_tokens(text)


def test_snippet_marks_every_form_of_a_matched_term():
    assert snippet_html("Investors like investing; an investment.", {"invest"}) == (
        "Investors like <mark>investing</mark>; an <mark>investment</mark>."
    )


def test_snippet_escapes_markup_around_a_match():
    assert snippet_html('<b onclick="x()">port</b> & more', {"port"}) == (
        "&lt;b onclick=&quot;x()&quot;&gt;<mark>port</mark>&lt;/b&gt; &amp; more"
    )


def test_snippet_shows_the_densest_cluster_of_matches_filling_the_window():
    body = "Port news. " + "Filler text goes on. " * 30 + "Port and harbour and terminal."

    assert snippet_html(body, {"port", "harbour", "termin"}, width=80) == (
        "…goes on. Filler text goes on. Filler text goes on. <mark>Port</mark> and "
        "<mark>harbour</mark> and <mark>terminal</mark>."
    )


def test_snippet_without_matches_is_the_escaped_start_cut_at_a_word():
    body = "<i>Trade</i> " + "grows steadily " * 40

    assert snippet_html(body, set(), width=40) == (
        "&lt;i&gt;Trade&lt;/i&gt; grows steadily grows steadily…"
    )


def test_indexing_and_spelling_memos_give_the_same_answers_once_full(monkeypatch):
    text = "Investors in Bắc Ninh and Đà Nẵng; investors again, the U.S. and Bắc Ninh"
    terms, tokens = indexed_terms(text)
    spelling = token_words(set(tokens))
    monkeypatch.setattr(analysis, "_TERMS_MAX", 2)  # emptied again and again while answering
    monkeypatch.setattr(analysis, "_TERM_BYTES", {})
    monkeypatch.setattr(analysis, "_WORDS", {})

    assert indexed_terms(text) == (terms, tokens)
    assert token_words(set(tokens)) == spelling == set(words(text))
    assert terms[b"investor"] == [0, 5]  # "in" and "and" stopped, not counted
