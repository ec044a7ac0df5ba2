"""Page furniture never becomes the headline or the story: breadcrumbs, controls, date lines,
bare datelines, bylines, captions and section labels above the headline; controls, repeated
headlines and repeated captions in the body."""

import pytest

from archive.extraction import extract
from archive.extraction.cleaning import clean
from archive.extraction.furniture import is_breadcrumb, is_control, match_bare_dateline
from archive.extraction.types import TITLE_FROM_HEADLINE, TITLE_FROM_LEDE

HEADLINE = "Korean firms eye green industrial parks in the north"
LEDE = "Several Korean manufacturers plan to open factories in three northern provinces next year."
MORE = "They cited a stable power supply and skilled workers."


@pytest.mark.parametrize(
    "line",
    [
        "Home / Economy / Trade - Service",
        "Business » Companies",
        "Trang chủ > Đầu tư > FDI",
        "ASEAN Beat | Economy | Southeast Asia",
        "VOV.VN / Economy",
    ],
)
def test_breadcrumbs_are_recognised(line):
    assert is_breadcrumb(line)


@pytest.mark.parametrize(
    "line",
    [
        HEADLINE,
        "Exports rose 10 percent / imports fell.",
        "The trade-off between growth and stability is not simple / nor obvious / to anyone",
        "Vietnam",
    ],
)
def test_a_headline_or_sentence_is_no_breadcrumb(line):
    assert not is_breadcrumb(line)


@pytest.mark.parametrize(
    "line",
    ["Font size: A- A+", "Share", "Share on Facebook", "Tweet", "Email", "Print", "Advertisement"],
)
def test_controls_are_recognised(line):
    assert is_control(line)


@pytest.mark.parametrize(
    "line", ["Print media in the province expanded.", "Share prices rose on the news.", "Emails"]
)
def test_prose_is_no_control(line):
    assert not is_control(line)


@pytest.mark.parametrize(
    ("line", "place"),
    [("VIETNAM, April 16 -", "VIETNAM"), ("SEOUL, May 2 (Yonhap) --", "SEOUL")],
)
def test_a_dateline_alone_on_its_line_is_recognised(line, place):
    match = match_bare_dateline(line)
    assert match is not None and match.group("place") == place


@pytest.mark.parametrize(
    "top",
    [
        "Home / Economy / Trade - Service",
        "Back To Top",
        "Useful information",
        "Font size: A- A+",
        "Share",
        "Print",
        "Thứ 4, Ngày 19/07/2023, 15:00",
        "Thứ hai, 19/07/2023 15:00",
        "2023-03-03T08:00:00+07:00",
        "By Nguyen Van A",
        "A view of the Nhon Trach industrial park in Dong Nai province",
        "Photo: Cong Nghia",
        "Industry",
        "China Economy",
    ],
)
def test_the_headline_is_found_below_page_furniture(top):
    found = extract(f"{top}\n{HEADLINE}\n{LEDE}\n{MORE}")
    assert (found.title, found.title_origin) == (HEADLINE, TITLE_FROM_HEADLINE)


def test_several_lines_of_furniture_above_the_headline_are_all_passed():
    text = f"Home / Business\nShare\nPrint\nFriday, March 3, 2023 - 08:00\n{HEADLINE}\n{LEDE}"
    assert extract(text).title == HEADLINE


def test_a_bare_dateline_line_is_no_headline_and_the_lede_gives_the_title():
    found = extract(f"VIETNAM, April 16 -\n{LEDE}\n{MORE}")
    assert (found.title, found.title_origin) == (LEDE.removesuffix("."), TITLE_FROM_LEDE)
    assert found.body == f"{LEDE}\n\n{MORE}"


def test_a_foreign_bare_datelines_place_is_a_locality():
    text = "SEOUL, May 2 (Yonhap) --\nTwo ministers met on Tuesday to discuss trade and energy."
    found = extract(text)
    assert [place.name for place in found.localities] == ["Seoul"]
    assert found.source == "Yonhap"


def test_a_lone_capitalised_headline_above_a_lede_is_still_the_headline():
    # A short title case line is a section label only when a headline follows it.
    text = f"Vietnam Courts Investors\n{LEDE}\n{MORE}"
    assert extract(text).title == "Vietnam Courts Investors"


def test_the_headline_is_not_repeated_as_the_first_paragraph():
    text = f"{HEADLINE}\nShare on Facebook\nTweet\n{HEADLINE}\n{LEDE}\n{MORE}"
    cleaned = clean(text)
    assert (cleaned.headline, cleaned.body) == (HEADLINE, f"{LEDE}\n\n{MORE}")


def test_controls_are_removed_from_the_body():
    text = f"{HEADLINE}\n{LEDE}\nFont size: A- A+\nShare on Facebook\nPrint\nTweet\nEmail\n{MORE}"
    assert clean(text).body == f"{LEDE}\n\n{MORE}"


def test_navigation_lines_end_the_article():
    text = f"{HEADLINE}\n{LEDE}\n{MORE}\nUseful information\nContact us\nBack To Top\nAbout"
    assert clean(text).body == f"{LEDE}\n\n{MORE}"


def test_a_caption_that_appears_twice_is_kept_once():
    caption = "Delegates at the signing ceremony (Photo: VOV)"
    text = f"{HEADLINE}\n{caption}\n{LEDE}\n{caption}\n{MORE}"
    cleaned = clean(text)
    assert (cleaned.captions, cleaned.body) == ((caption,), f"{LEDE}\n\n{MORE}")


@pytest.mark.parametrize(
    ("opening", "agency", "place"),
    [
        ("Nhan Dan Online – Ha Noi – ", "Nhan Dan Online", "Ha Noi"),
        ("Hanoitimes - ", "Hanoitimes", None),
        ("VOV.VN - ", "VOV.VN", None),
        ("(Bloomberg) -- ", "Bloomberg", None),
        ("VGP – ", "VGP", None),
    ],
)
def test_an_outlet_opening_the_lede_is_its_credit_not_the_story(opening, agency, place):
    cleaned = clean(f"{HEADLINE}\n{opening}{LEDE}\n{MORE}")
    assert (cleaned.body, cleaned.agency, cleaned.dateline_place) == (
        f"{LEDE}\n\n{MORE}",
        agency,
        place,
    )


def test_a_sentence_opening_with_a_place_and_dash_after_no_outlet_keeps_its_words():
    lede = "Vietnam – Japan trade grew by a fifth last year, customs figures showed on Monday."
    assert clean(f"{HEADLINE}\n{lede}\n{MORE}").body == f"{lede}\n\n{MORE}"


def test_a_double_hyphen_dateline_is_taken_off_the_lede_below_a_standfirst():
    text = (
        f"{HEADLINE}\nShipping groups see southern hub as alternative to crowded terminals\n"
        "November 4, 2016 14:05 JST\nTOKYO -- Two shipping groups are in talks.\nMore text here."
    )
    cleaned = clean(text)
    assert cleaned.dateline_place == "TOKYO"
    assert "Two shipping groups are in talks." in cleaned.body.split("\n\n")


@pytest.mark.parametrize(
    ("byline", "agency"),
    [
        ("KENTA HIROSE, Nikkei staff writer", "Nikkei"),
        ("By Mai Lan, Reuters correspondent", "Reuters"),
        ("KYODO", "KYODO"),
        ("The Saigon Times", "The Saigon Times"),
    ],
)
def test_a_byline_or_outlet_line_is_dropped_and_credits_the_outlet(byline, agency):
    cleaned = clean(f"{HEADLINE}\n{byline}\n{LEDE}\n{MORE}")
    assert (cleaned.headline, cleaned.body, cleaned.agency) == (
        HEADLINE,
        f"{LEDE}\n\n{MORE}",
        agency,
    )
