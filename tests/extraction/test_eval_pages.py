"""Regression guard: the web-page import's scores on the annotated saved pages in eval/pages/.

The pages and their gold (``eval/gold_pages.json``) were written before the importer ever ran on
them; since then they have been fixed against, so they are training data now, not a blind test.
Before those fixes (``python -m tests.extraction.eval.evaluate_pages``) the set scored headlines
1.0 with no junk title, dates 0.938, sources 1.0, publishers 0.875, URLs 1.0, authors 0.688,
countries F1 0.984, localities 0.938, officials 0.902. The floors are the scores reached,
rounded down, so a drop fails at once.
"""

from __future__ import annotations

import pytest

from tests.extraction.eval.evaluate_pages import evaluate_pages

PAGE_COUNT = 16
FIELD_FLOORS = {
    "headline": 1.0,
    "date": 1.0,
    "source": 1.0,
    "publisher": 0.93,
    "url": 1.0,
    "author": 0.93,
}
ENTITY_FLOORS = {"countries": 1.0, "localities": 0.95, "officials": 0.9}


@pytest.fixture(scope="module")
def report():
    return evaluate_pages()


def test_every_page_is_read_and_none_gets_page_furniture_as_title(report) -> None:
    assert report.failures == 0
    assert report.junk_titles == 0


@pytest.mark.parametrize(("field", "floor"), FIELD_FLOORS.items())
def test_page_fields_stay_right(report, field: str, floor: float) -> None:
    accuracy = report.fields[field]
    assert accuracy.total == PAGE_COUNT and accuracy.rate >= floor


@pytest.mark.parametrize(("field", "floor"), ENTITY_FLOORS.items())
def test_entity_f1_stays_at_or_above_its_floor(report, field: str, floor: float) -> None:
    assert report.scores[field].f1 >= floor
