"""stated_date(): only a date the text states as the page's date; no year is ever invented."""

from datetime import date

import pytest

from archive.extraction.dates import stated_date
from archive.extraction.types import CleanText, StatedDate


def test_the_crawl_prefix_date_is_stated():
    clean = CleanText(body="Trade rose.", crawl_date=date(2022, 6, 1))
    assert stated_date(clean) == StatedDate(date(2022, 6, 1), "crawl prefix")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated: 12/03/2024 10:15", date(2024, 3, 12)),
        ("Published on March 3, 2024", date(2024, 3, 3)),
        ("Monday, 8 August 2024", date(2024, 8, 8)),
        ("Thursday, August 8, 2024 - 09:30 AM", date(2024, 8, 8)),
        ("08/08/2024 | 10:15 GMT+7", date(2024, 8, 8)),
        ("Last updated at 2024-03-12 08:00", date(2024, 3, 12)),
        ("Posted: Mar. 3, 2024, 10:15 am (ICT)", date(2024, 3, 3)),
    ],
)
def test_a_page_date_line_in_the_top_lines_is_stated(line, expected):
    clean = CleanText(body=f"{line}\n\nTrade rose.", headline="Trade rises")
    assert stated_date(clean) == StatedDate(expected, "page date")


def test_numeric_dates_are_read_day_first():
    clean = CleanText(body="Updated: 05/04/2024\n\nTrade rose.")
    assert stated_date(clean) == StatedDate(date(2024, 4, 5), "page date")


def test_a_numeric_date_is_read_month_first_only_when_day_first_is_impossible():
    clean = CleanText(body="Updated: 04/25/2024\n\nTrade rose.")
    assert stated_date(clean) == StatedDate(date(2024, 4, 25), "page date")


def test_an_impossible_date_is_not_stated():
    assert stated_date(CleanText(body="Updated: 31/02/2024\n\nTrade rose.")) is None


def test_the_crawl_prefix_wins_over_a_page_date():
    clean = CleanText(body="Updated: 12/03/2024\n\nTrade rose.", crawl_date=date(2024, 3, 11))
    assert stated_date(clean) == StatedDate(date(2024, 3, 11), "crawl prefix")


@pytest.mark.parametrize(
    "body",
    [
        "The talks took place on December 27.",
        "The delegation arrived on Wednesday.",
        "The agreement was signed on March 3, 2024 in Hanoi.",
        "Updated figures from March 3, 2024 show that exports grew.",
    ],
)
def test_dates_in_sentences_are_not_stated(body):
    assert stated_date(CleanText(body=body)) is None


def test_a_dated_caption_is_not_stated():
    clean = CleanText(
        body="The ministers met.", captions=("The ministers in Osaka, Japan, August 8, 2024.",)
    )
    assert stated_date(clean) is None


def test_a_date_line_below_the_top_lines_is_not_stated():
    clean = CleanText(body="One.\n\nTwo.\n\nThree.\n\nMonday, 8 August 2024")
    assert stated_date(clean) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ 4, Ngày 19/07/2023, 15:00", date(2023, 7, 19)),
        ("Thứ hai, 19/07/2023 15:00", date(2023, 7, 19)),
        ("Thứ Tư, 12/04/2023 - 16:20", date(2023, 4, 12)),
        ("Chủ nhật, 16/04/2023", date(2023, 4, 16)),
        ("19/07/2023 15:00", date(2023, 7, 19)),
        ("29/02/2024", date(2024, 2, 29)),
        ("November 04, 2016", date(2016, 11, 4)),
        ("2023-03-03T08:00:00+07:00", date(2023, 3, 3)),
        ("Friday, March 3, 2023 - 08:00", date(2023, 3, 3)),
        ("Cập nhật: 29/02/2024 08:30", date(2024, 2, 29)),
        ("Sunday, April 16, 2023 10:30 (GMT+7)", date(2023, 4, 16)),
        ("March 3, 2023 at 8:00 AM GMT+7", date(2023, 3, 3)),
        ("November 4, 2016 14:05 JST", date(2016, 11, 4)),
    ],
)
def test_date_lines_as_vietnamese_and_foreign_sites_print_them(line, expected):
    clean = CleanText(body=f"{line}\n\nTrade rose.", headline="Trade rises")
    assert stated_date(clean) == StatedDate(expected, "page date")


@pytest.mark.parametrize(
    "line", ["Thứ 4, Ngày 31/02/2023, 15:00", "29/02/2023", "2023-02-30T08:00"]
)
def test_an_impossible_date_in_any_form_is_not_stated(line):
    assert stated_date(CleanText(body=f"{line}\n\nTrade rose.")) is None


@pytest.mark.parametrize(
    "body",
    [
        "VIETNAM, April 16 -\n\nThe ministers met on April 22 in Hanoi.",
        "The deal was signed at 2023-03-03T08:00 in Hanoi, the ministry said.",
        "The talks, held on Thứ 4, Ngày 19/07/2023, covered trade and investment.",
    ],
)
def test_no_year_is_invented_and_no_story_date_is_stated(body):
    assert stated_date(CleanText(body=body)) is None
