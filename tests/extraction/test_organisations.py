"""Organisations found in an article's text (archive.extraction.organisations), on sentences
written for these tests."""

from __future__ import annotations

from archive.extraction import extract
from archive.extraction.organisations import find_organisations
from tests.extraction.eval.evaluate_org import evaluate


def names(text: str) -> list[str]:
    return [org.name for org in find_organisations(text)]


def test_a_corporate_suffix_makes_a_company_and_its_bare_name_is_the_same_one() -> None:
    text = (
        "Tan Phu Precision Co., Ltd will build a plant in Long An. "
        "Tan Phu Precision said the plant would employ 2,000 workers."
    )
    (org,) = find_organisations(text)
    assert org.name == "Tan Phu Precision Co., Ltd"
    assert org.kind == "company"
    assert "Tan Phu Precision" in org.aliases


def test_an_acronym_defined_in_brackets_is_the_same_organisation_later() -> None:
    text = (
        "The Mekong Rice Exporters Association (MREA) met buyers in Can Tho. "
        "Later, MREA said exports rose."
    )
    (org,) = find_organisations(text)
    assert (org.name, org.short_name, org.kind) == (
        "Mekong Rice Exporters Association",
        "MREA",
        "business_association",
    )


def test_a_well_known_acronym_is_its_full_name_with_kind_and_country() -> None:
    (org,) = find_organisations("JICA will fund the bridge.")
    assert (org.name, org.short_name, org.kind, org.country) == (
        "Japan International Cooperation Agency",
        "JICA",
        "development",
        "JP",
    )


def test_an_organisation_named_in_an_officials_title() -> None:
    found = extract(
        "Hanoi – Chief Executive Officer of Enterprise Singapore Png Cheong Boon met city "
        "leaders on Monday. Tran Van Binh, General Director of Lotus Harbour Logistics, "
        "also attended."
    ).organisations
    assert [org.name for org in found] == ["Enterprise Singapore", "Lotus Harbour Logistics"]
    assert found[0].kind == "government" and found[0].country == "SG"


def test_local_government_embassies_and_the_credited_agency_are_left_out() -> None:
    text = (
        "Bac Ninh (VNA) – The Bac Ninh People's Committee, the provincial Department of "
        "Planning and Investment, the Hanoi Party Committee and the Embassy of Japan met the "
        "Vietnam News Agency's reporters and the Ministry of Finance."
    )
    assert names(text) == ["Ministry of Finance"]


def test_two_companies_joined_by_and_stay_two() -> None:
    assert names("Hoang Long Group and Minh Chau Corporation signed a deal.") == [
        "Hoang Long Group",
        "Minh Chau Corporation",
    ]


def test_a_country_comes_from_a_possessive_before_the_name() -> None:
    (org,) = find_organisations("Thailand's Siam Pacific Holdings opened a plant.")
    assert org.country == "TH"


def test_the_organisation_evaluation_set_stays_above_target() -> None:
    # Scored before any fix: F1 0.893; the project's target is 0.85.
    assert evaluate()["organisations"].f1 >= 0.95
