"""Regression guard: the extraction's scores on the annotated whole articles in eval/.

The floors are the scores reached when the set was last scored (see eval/evaluate.py), rounded
down, not the lower project targets (0.9 countries and localities, 0.85 officials), so a drop
shows at once. Articles 25-40 are a second set written blind to the rules; before the fixes they
prompted it scored countries 0.981, localities 0.949, officials 0.938 on its own.

Articles 41-64 (``articles3/``, set 3) are a third set, written and annotated before the
extractor ever ran on them, about page layouts: before the fixes they prompted it scored
headlines 0.417 with 13 junk titles, dates 0.667, sources 0.458 and implied countries 0.0. The
project's targets there are no junk title, dates >= 0.95 and sources >= 0.9; the floors below
are the scores reached.
"""

from __future__ import annotations

import pytest

from tests.extraction.eval.evaluate import IMPLIED, evaluate, evaluate_sets, is_furniture_title

FLOORS = {"countries": 1.0, "localities": 0.99, "officials": 0.99}
ATTRIBUTE_FLOORS = {"title": 0.94, "country": 0.87, "kind": 0.93}

PAGE_LAYOUT_FLOORS = {"countries": 1.0, "localities": 0.99, "officials": 0.98, IMPLIED: 1.0}
PAGE_FIELD_FLOORS = {"titles": 1.0, "dates": 1.0, "sources": 1.0}


@pytest.fixture(scope="module")
def report():
    return evaluate()


@pytest.fixture(scope="module")
def page_layout_report():
    return evaluate_sets(["3"])


@pytest.mark.parametrize(("field", "floor"), FLOORS.items())
def test_field_f1_stays_at_or_above_its_floor(report, field: str, floor: float) -> None:
    assert report.scores[field].f1 >= floor


@pytest.mark.parametrize(("attribute", "floor"), ATTRIBUTE_FLOORS.items())
def test_matched_officials_attributes_stay_accurate(report, attribute: str, floor: float) -> None:
    assert report.attributes[attribute].rate >= floor


@pytest.mark.parametrize(("field", "floor"), PAGE_LAYOUT_FLOORS.items())
def test_page_layout_articles_field_f1_stays_at_or_above_its_floor(
    page_layout_report, field: str, floor: float
) -> None:
    assert page_layout_report.scores[field].f1 >= floor


@pytest.mark.parametrize(("field", "floor"), PAGE_FIELD_FLOORS.items())
def test_page_layout_articles_titles_dates_and_sources_stay_right(
    page_layout_report, field: str, floor: float
) -> None:
    accuracy = getattr(page_layout_report, field)
    assert accuracy.total == 24 and accuracy.rate >= floor


def test_page_layout_articles_have_no_junk_title(page_layout_report) -> None:
    assert page_layout_report.junk_titles == 0


@pytest.mark.parametrize(
    ("title", "junk"),
    [
        ("Home / Economy / Trade - Service", True),
        ("Font size: A- A+", True),
        ("Thứ 4, Ngày 19/07/2023, 15:00", True),
        ("VIETNAM, April 16 -", True),
        ("By Nguyen Van A", True),
        ("A view of the port in Hai Phong", True),
        ("Industry", True),
        ("Hanoi, Seoul agree to deepen ties in urban railways", False),
    ],
)
def test_the_evaluator_tells_furniture_titles(title: str, junk: bool) -> None:
    assert is_furniture_title(title) is junk
