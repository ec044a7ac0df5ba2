"""The timeline's bars: date ranges, sizes and labels a reader can use."""

from django.http import QueryDict

from archive.web import timeline


def test_a_bar_links_to_its_date_range_and_keeps_the_other_parameters():
    [bar] = timeline.bars([("2024-02", 3)], QueryDict("q=ODA&page=4&date_from=2020-01-01"))

    assert (bar.label, bar.count) == ("Feb 2024", 3)
    assert bar.url == "?q=ODA&date_from=2024-02-01&date_to=2024-02-29"


def test_a_single_year_is_a_bar_not_a_block_across_the_chart():
    [bar] = timeline.bars([("2021", 5)], QueryDict())

    assert bar.width <= timeline.MAX_SLOT
    assert bar.height == timeline.CHART_HEIGHT - timeline.LABEL_SPACE


def test_heights_are_proportional_to_counts():
    bars = timeline.bars([("2020", 10), ("2021", 5), ("2022", 0)], QueryDict())

    assert [b.height for b in bars] == [102.0, 51.0, 0.0]


def test_long_timelines_label_every_nth_bar():
    months = [(f"2023-{m:02d}", 1) for m in range(1, 13)] + [
        (f"2024-{m:02d}", 1) for m in range(1, 13)
    ]

    bars = timeline.bars(months, QueryDict())

    # Month labels are 12 px wide text: every third of 24 months, 8 labels.
    assert [b.label for b in bars if b.show_label] == [
        "Jan 2023",
        "Apr 2023",
        "Jul 2023",
        "Oct 2023",
        "Jan 2024",
        "Apr 2024",
        "Jul 2024",
        "Oct 2024",
    ]
    # On a phone every other one of those is left out.
    assert [b.label for b in bars if b.show_label and not b.minor_label] == [
        "Jan 2023",
        "Jul 2023",
        "Jan 2024",
        "Jul 2024",
    ]


def test_entity_pages_and_search_chart_time_by_one_rule():
    from archive.search.base import MONTHLY_TIMELINE_MONTHS, timeline_from_months

    two_years = {2023 * 12 + m: 1 for m in range(MONTHLY_TIMELINE_MONTHS)}
    longer = {**two_years, 2025 * 12: 1}

    assert timeline_from_months(two_years)[1] == "month"
    assert timeline_from_months(longer) == ([("2023", 12), ("2024", 12), ("2025", 1)], "year")
    # A date range the user asked for decides, even when its articles fill a few months.
    assert timeline_from_months({2024 * 12 + 2: 3}, span=12) == ([("2024-03", 3)], "month")
