"""title_and_origin(): the headline, or a short readable title from the lede, and which it is."""

from archive.extraction.titles import title_and_origin
from archive.extraction.types import TITLE_FROM_HEADLINE, TITLE_FROM_LEDE, CleanText


def make_title(clean: CleanText, **options: int) -> str:
    return title_and_origin(clean, **options)[0]


def test_the_headline_is_the_title():
    clean = CleanText(body="Firms toured the port on Monday.", headline="Osaka firms visit port")
    assert make_title(clean) == "Osaka firms visit port"


def test_without_headline_the_first_sentence_is_the_title():
    clean = CleanText(body="Trade with Laos rose. Exports led the way.\n\nMore text.")
    assert make_title(clean) == "Trade with Laos rose"


def test_abbreviations_and_initials_do_not_end_the_first_sentence():
    clean = CleanText(body="Mr. Kim met U.S. officials in Hanoi. They talked trade.")
    assert make_title(clean) == "Mr. Kim met U.S. officials in Hanoi"


def test_a_long_sentence_is_cut_at_a_word_boundary_with_an_ellipsis():
    clean = CleanText(
        body="Officials from the northern province welcomed dozens of investors from Japan and "
        "Korea who came to survey land for new electronics plants."
    )
    assert (
        make_title(clean, max_chars=60)
        == "Officials from the northern province welcomed dozens of…"
    )


def test_a_long_sentence_is_cut_at_a_late_clause_break_when_there_is_one():
    clean = CleanText(
        body="Most foreign firms in the province are doing well, contributing to local growth, "
        "the provincial party secretary has said."
    )
    assert make_title(clean, max_chars=90) == (
        "Most foreign firms in the province are doing well, contributing to local growth…"
    )


def test_a_cut_title_never_exceeds_max_chars():
    clean = CleanText(body=" ".join(["investment"] * 40) + ".")
    assert len(make_title(clean, max_chars=50)) <= 50


def test_a_lower_case_opening_word_is_capitalised():
    assert make_title(CleanText(body="the ministry approved two projects.")) == (
        "The ministry approved two projects"
    )


def test_a_brand_with_inner_capitals_keeps_its_spelling():
    assert make_title(CleanText(body="iPhone parts makers expand in Bac Giang.")) == (
        "iPhone parts makers expand in Bac Giang"
    )


def test_an_empty_article_is_untitled():
    assert make_title(CleanText(body="")) == "Untitled article"


def test_a_headline_title_says_it_comes_from_the_headline():
    clean = CleanText(body="Firms toured the port.", headline="Osaka firms visit port")
    assert title_and_origin(clean) == ("Osaka firms visit port", TITLE_FROM_HEADLINE)


def test_a_lede_title_says_it_comes_from_the_lede():
    assert title_and_origin(CleanText(body="Trade with Laos rose. Exports led.")) == (
        "Trade with Laos rose",
        TITLE_FROM_LEDE,
    )


def test_a_cut_lede_title_ends_at_a_word_boundary():
    sentence = (
        "Thai conglomerates plan to pour another five hundred million dollars into petrochemical "
        "and building materials businesses over the next three years"
    )
    title, origin = title_and_origin(CleanText(body=sentence + "."), max_chars=70)
    cut = title.removesuffix("…")
    assert origin == TITLE_FROM_LEDE and title.endswith("…") and len(title) <= 70
    assert sentence.startswith(cut) and sentence[len(cut)] == " "
