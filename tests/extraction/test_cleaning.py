"""clean(): site furniture out of the body, what it tells us kept apart."""

import unicodedata
from datetime import date

import pytest

from archive.extraction.cleaning import clean
from archive.extraction.types import CleanText


def test_plain_paragraphs_are_joined_by_one_blank_line():
    text = "First paragraph here.\n\n\n\nSecond   paragraph here.\nThird paragraph here.\n"
    assert clean(text) == CleanText(
        body="First paragraph here.\n\nSecond paragraph here.\n\nThird paragraph here."
    )


def test_text_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Investors visited Đồng Nai and Bắc Giang.")
    assert clean(decomposed).body == "Investors visited Đồng Nai and Bắc Giang."


def test_crawl_prefix_becomes_the_crawl_date():
    text = " date 2023-04-05 Officials met investors in the province.\n\nTalks went well."
    assert clean(text) == CleanText(
        body="Officials met investors in the province.\n\nTalks went well.",
        crawl_date=date(2023, 4, 5),
    )


def test_a_short_title_line_before_the_lede_is_the_headline():
    text = (
        "Korean firms eye green industrial parks\n"
        "Several Korean manufacturers plan to open factories in northern provinces next year.\n"
        "They cited stable power supply."
    )
    assert clean(text) == CleanText(
        body=(
            "Several Korean manufacturers plan to open factories in northern provinces next year."
            "\n\nThey cited stable power supply."
        ),
        headline="Korean firms eye green industrial parks",
    )


def test_a_first_line_that_is_a_full_sentence_is_not_a_headline():
    text = "Thai investors signed three deals with the city on Friday.\nMore deals may follow."
    assert clean(text).headline is None


def test_a_first_line_reporting_what_someone_said_is_not_a_headline():
    text = (
        "Exports to the EU rose sharply this year, the trade minister said\n"
        "The minister spoke at a press conference in the capital on Tuesday afternoon."
    )
    assert clean(text).headline is None


def test_a_long_first_line_without_a_full_stop_is_not_a_headline():
    text = (
        "The provincial leaders on Tuesday welcomed a delegation of investors from Osaka who "
        "came to survey land for a new logistics hub near the port\n"
        "Talks continue."
    )
    assert clean(text).headline is None


def test_a_lone_line_is_body_not_headline():
    assert clean("Investment keeps rising") == CleanText(body="Investment keeps rising")


def test_a_page_date_line_is_kept_in_the_body_and_not_taken_for_the_headline():
    text = "Updated: 04/05/2023 09:30\nLaos and Vietnam boost trade\nTrade between them grew fast."
    assert clean(text) == CleanText(
        body="Updated: 04/05/2023 09:30\n\nTrade between them grew fast.",
        headline="Laos and Vietnam boost trade",
    )


@pytest.mark.parametrize(
    ("opening", "place", "agency"),
    [
        ("HÀ NỘI — ", "HÀ NỘI", None),
        ("HCM CITY — ", "HCM CITY", None),
        ("ĐÀ NẴNG – ", "ĐÀ NẴNG", None),
        ("Binh Duong (VNA) – ", "Binh Duong", "VNA"),
        ("Tokyo (VNA) - ", "Tokyo", "VNA"),
        ("Hanoi, May 3 (VNA) - ", "Hanoi", "VNA"),
        ("Ha Noi, 5/3 (VNA) – ", "Ha Noi", "VNA"),
        ("TOKYO, June 2 (Reuters) - ", "TOKYO", "Reuters"),
        ("Seoul (Yonhap)— ", "Seoul", "Yonhap"),
    ],
)
def test_dateline_is_taken_off_the_lede(opening, place, agency):
    text = opening + "Firms from abroad opened two plants.\n\nMore are coming."
    assert clean(text) == CleanText(
        body="Firms from abroad opened two plants.\n\nMore are coming.",
        dateline_place=place,
        agency=agency,
    )


@pytest.mark.parametrize(
    "lede",
    [
        "Vietnam – Japan trade grew by a fifth last year.",
        "US - Japan ties were discussed at length.",
        "ASEAN — Japan cooperation deepened in many fields.",
    ],
)
def test_a_lede_opening_with_a_dash_phrase_has_no_dateline(lede):
    assert clean(lede) == CleanText(body=lede)


def test_dateline_after_a_headline_is_taken_off_the_lede():
    text = "Osaka firms visit Hai Phong\nHẢI PHÒNG — Twenty firms toured the port city on Monday."
    assert clean(text) == CleanText(
        body="Twenty firms toured the port city on Monday.",
        headline="Osaka firms visit Hai Phong",
        dateline_place="HẢI PHÒNG",
    )


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Delegates at the signing ceremony. (Photo: VNA)", None),
        ("Leaders at the plant. Photo: MOIT |", "Leaders at the plant. Photo: MOIT"),
        ("The two ministers shake hands. |", "The two ministers shake hands."),
        ("Photo: Nhan Dan", None),
        ("(Photo: internet)", None),
        ("Illustrative image", None),
        ("A container port in the south. (Illustrative photo)", None),
        ("Workers at a garment factory. (Photo courtesy of the company)", None),
        ("Guests at the forum. — VNA/VNS Photo Minh Anh", None),
    ],
)
def test_photo_captions_are_kept_apart_from_the_body(line, caption):
    text = f"Officials met investors on Monday.\n{line}\nThey discussed land and power."
    assert clean(text) == CleanText(
        body="Officials met investors on Monday.\n\nThey discussed land and power.",
        captions=(caption or line,),
    )


def test_a_caption_before_the_dateline_is_neither_headline_nor_body():
    text = "The governor greets the envoy. (Photo: VNA)\nCần Thơ (VNA) – The envoy arrived today."
    assert clean(text) == CleanText(
        body="The envoy arrived today.",
        dateline_place="Cần Thơ",
        agency="VNA",
        captions=("The governor greets the envoy. (Photo: VNA)",),
    )


@pytest.mark.parametrize(
    ("ending", "agency"),
    [
        ("grew strongly. — VNS", "VNS"),
        ("grew strongly. (VNA)", "VNA"),
        ("grew strongly. VNA/VNS", "VNA/VNS"),
        ("grew strongly (VNS)", "VNS"),
        ("grew strongly - VNA", "VNA"),
        ("grew strongly. – Kyodo", "Kyodo"),
    ],
)
def test_closing_agency_tag_is_taken_off_the_last_paragraph(ending, agency):
    body = clean(f"Trade rose.\nExports {ending}")
    assert body == CleanText(
        body="Trade rose.\n\nExports grew strongly" + ("." if "." in ending else ""),
        agency=agency,
    )


def test_vna_end_mark_leaves_a_full_stop():
    assert clean("Trade rose to a record./.") == CleanText(body="Trade rose to a record.")


def test_closing_tag_on_its_own_line_is_dropped():
    assert clean("Trade rose to a record.\n— VNS") == CleanText(
        body="Trade rose to a record.", agency="VNS"
    )


def test_an_acronym_in_brackets_that_is_no_agency_stays():
    text = "The country joined the World Trade Organization (WTO)"
    assert clean(text) == CleanText(body=text)


def test_the_dateline_agency_wins_over_the_closing_tag():
    assert clean("Hanoi (VNA) – Trade rose. — VNS").agency == "VNA"


def test_source_credit_line_is_dropped_and_credits_the_agency():
    assert clean("Trade rose.\nSource: VGP") == CleanText(body="Trade rose.", agency="VGP")


def test_byline_is_dropped():
    assert clean("By Tran Thu Ha\nTrade rose.") == CleanText(body="Trade rose.")


@pytest.mark.parametrize(
    "furniture",
    [
        "Other News\n- Province hosts investment forum\n- City signs deal with partner",
        "Related News\nProvince hosts investment forum",
        "Trending\n-\nProvince hosts investment forum\n-\nCity signs deal with partner",
        "Read more\nProvince hosts investment forum",
        "Like us on Facebook or follow us on Twitter to get the latest news!",
        "Follow us on Zalo for more news.",
        "Tags: FDI, Japan, industrial parks",
        "About Acme Foods Inc.\nFounded in Ohio, Acme runs plants in the United States.",
        "Media contact:\nJane Roe, Communications Manager",
        "Press contact: Jane Roe, +1 555 0100",
    ],
)
def test_boilerplate_and_everything_after_it_go(furniture):
    text = f"Trade rose.\nExports doubled.\n{furniture}\nA line after the boilerplate."
    assert clean(text) == CleanText(body="Trade rose.\n\nExports doubled.")


def test_a_sentence_opening_with_about_is_no_company_profile():
    text = "Trade rose.\nAbout 500 Japanese firms attended.\nExports doubled."
    assert clean(text) == CleanText(
        body="Trade rose.\n\nAbout 500 Japanese firms attended.\n\nExports doubled."
    )


def test_an_inline_read_more_link_goes_but_the_story_goes_on():
    text = "Trade rose.\nRead more: Province hosts investment forum\nExports doubled."
    assert clean(text) == CleanText(body="Trade rose.\n\nExports doubled.")


def test_a_closing_list_of_related_links_goes_without_a_marker():
    text = "Trade rose.\n- Province hosts investment forum\n- City signs deal with partner\n-"
    assert clean(text) == CleanText(body="Trade rose.")


def test_a_single_closing_bullet_line_is_kept():
    text = "The deal covers:\n- a new deep-water port"
    assert clean(text) == CleanText(body="The deal covers:\n\n- a new deep-water port")
