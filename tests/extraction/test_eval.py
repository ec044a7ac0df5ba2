"""Regression guard: the extraction's scores on the annotated whole articles in eval/.

The floors are the scores reached when the set was last scored (see eval/evaluate.py), rounded
down, not the lower project targets (0.9 countries and localities, 0.85 officials), so a drop
shows at once. Articles 25-40 are a second set written blind to the rules; before the fixes they
prompted it scored countries 0.981, localities 0.949, officials 0.938 on its own.
"""

from __future__ import annotations

import pytest

from tests.extraction.eval.evaluate import evaluate

FLOORS = {"countries": 1.0, "localities": 0.99, "officials": 0.99}
ATTRIBUTE_FLOORS = {"title": 0.94, "country": 0.87, "kind": 0.93}


@pytest.fixture(scope="module")
def report():
    return evaluate()


@pytest.mark.parametrize(("field", "floor"), FLOORS.items())
def test_field_f1_stays_at_or_above_its_floor(report, field: str, floor: float) -> None:
    assert report.scores[field].f1 >= floor


@pytest.mark.parametrize(("attribute", "floor"), ATTRIBUTE_FLOORS.items())
def test_matched_officials_attributes_stay_accurate(report, attribute: str, floor: float) -> None:
    assert report.attributes[attribute].rate >= floor
