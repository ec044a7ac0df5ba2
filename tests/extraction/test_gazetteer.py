"""The gazetteers: names, aliases and the locality lists loaded from archive/extraction/data."""

import unicodedata
from collections import Counter

import pycountry

from archive.extraction.gazetteer import (
    country_aliases,
    country_code_for,
    country_name,
    locality_aliases,
    locality_entries,
)
from archive.extraction.text import fold_text


def test_archive_overrides_display_names():
    codes = ["VN", "KR", "KP", "TW", "RU", "LA", "US", "GB"]
    assert [country_name(code) for code in codes] == [
        "Vietnam",
        "South Korea",
        "North Korea",
        "Taiwan",
        "Russia",
        "Laos",
        "United States",
        "United Kingdom",
    ]


def test_display_name_falls_back_to_pycountry_common_name_then_name():
    assert (country_name("IR"), country_name("de")) == ("Iran", "Germany")


def test_every_iso_country_has_a_display_name():
    assert all(country_name(country.alpha_2) for country in pycountry.countries)


def test_aliases_include_iso_names_archive_aliases_and_demonyms():
    aliases = country_aliases("VN")
    expected = ["Viet Nam", "Socialist Republic of Viet Nam", "Việt Nam", "Vietnam", "Vietnamese"]
    assert [name for name in expected if name in aliases] == expected


def test_korean_aliases_belong_to_south_korea():
    korean = ["Korea", "RoK", "ROK", "Republic of Korea", "S. Korea", "Korean"]
    assert [alias for alias in korean if alias in country_aliases("KR")] == korean


def test_north_korea_does_not_take_south_korean_aliases():
    assert [alias for alias in ["Korea", "Korean", "RoK"] if alias in country_aliases("KP")] == []


def test_no_alias_is_claimed_by_two_countries():
    claims = Counter(
        alias for country in pycountry.countries for alias in set(country_aliases(country.alpha_2))
    )
    assert [alias for alias, count in claims.items() if count > 1] == []


def test_unknown_code_has_no_aliases():
    assert country_aliases("EU") == ()


def test_country_code_for_names_aliases_and_demonyms():
    words = [
        "Viet Nam",
        "Việt Nam",
        "Korean",
        "North Korean",
        "U.S.",
        "UAE",
        "Emirati",
        "Hong Kong",
    ]
    assert [country_code_for(word) for word in words] == [
        "VN",
        "VN",
        "KR",
        "KP",
        "US",
        "AE",
        "AE",
        "HK",
    ]


def test_country_code_for_keeps_short_capitals_case_sensitive():
    assert (country_code_for("US"), country_code_for("us"), country_code_for("japanese")) == (
        "US",
        None,
        "JP",
    )


def test_country_code_for_places_and_blocs_is_none():
    assert [country_code_for(word) for word in ["Tokyo", "EU", "Mekong", "Indian Ocean"]] == [
        None
    ] * 4


def test_fold_removes_diacritics_and_normalises_dashes_from_nfd_input():
    assert fold_text(unicodedata.normalize("NFD", "Bà Rịa – Vũng Tàu")) == "Ba Ria-Vung Tau"


def test_vietnam_gazetteer_has_the_63_iso_units_plus_hue_city():
    # ISO writes "Hồ Chí Minh" for the city and "Thừa Thiên-Huế" with a hyphen.
    spellings = {
        fold_text(spelling).replace("-", " ")
        for entry in locality_entries()
        if entry.country == "VN"
        for spelling in (entry.name_local, *entry.aliases)
    }
    iso = {
        fold_text(sub.name).replace("-", " ")
        for sub in pycountry.subdivisions.get(country_code="VN")
    }
    iso = {"Ho Chi Minh City" if name == "Ho Chi Minh" else name for name in iso}
    vietnamese = [entry for entry in locality_entries() if entry.country == "VN"]
    assert (sorted(iso - spellings), len(vietnamese)) == ([], 64)


def test_the_2025_reform_leaves_34_units_and_6_centrally_run_cities():
    vietnamese = [entry for entry in locality_entries() if entry.country == "VN"]
    continuing = [entry for entry in vietnamese if entry.became is None]
    cities = sorted(entry.name for entry in continuing if entry.kind == "centrally-run city")
    assert (len(continuing), cities) == (
        34,
        ["Can Tho", "Da Nang", "Hai Phong", "Hanoi", "Ho Chi Minh City", "Hue"],
    )


def test_every_merged_province_became_a_continuing_unit():
    vietnamese = {entry.name: entry for entry in locality_entries() if entry.country == "VN"}
    targets = {entry.became for entry in vietnamese.values() if entry.became}
    assert [name for name in targets if vietnamese[name].became is not None] == []


def test_known_mergers():
    became = {entry.name: entry.became for entry in locality_entries() if entry.country == "VN"}
    names = [
        "Binh Duong",
        "Ba Ria-Vung Tau",
        "Bac Giang",
        "Ha Nam",
        "Nam Dinh",
        "Quang Nam",
        "Thua Thien Hue",
        "Bac Ninh",
    ]
    assert [became[name] for name in names] == [
        "Ho Chi Minh City",
        "Ho Chi Minh City",
        "Bac Ninh",
        "Ninh Binh",
        "Ninh Binh",
        "Da Nang",
        "Hue",
        None,
    ]


def test_all_47_japanese_prefectures_match_iso():
    ours = {
        entry.name
        for entry in locality_entries()
        if entry.country == "JP" and entry.kind == "prefecture"
    }
    assert ours == {sub.name for sub in pycountry.subdivisions.get(country_code="JP")}


def test_all_50_us_states():
    states = [
        entry for entry in locality_entries() if entry.country == "US" and entry.kind == "state"
    ]
    assert len(states) == 50


def test_every_foreign_locality_has_an_iso_country_and_singapore_is_not_one():
    entries = locality_entries()
    assert (
        [entry.name for entry in entries if pycountry.countries.get(alpha_2=entry.country) is None],
        [entry.name for entry in entries if entry.name == "Singapore"],
    ) == ([], [])


def test_locality_aliases_of_a_merged_province_include_what_it_became():
    assert locality_aliases("Bình Dương", "VN") == (
        "Binh Duong",
        "Bình Dương",
        "Ho Chi Minh City",
        "Thành phố Hồ Chí Minh",
        "Thanh pho Ho Chi Minh",
    )


def test_locality_aliases_list_spellings_with_and_without_diacritics():
    assert locality_aliases("Da Nang", "VN") == ("Da Nang", "Đà Nẵng", "Danang")


def test_locality_aliases_of_an_unknown_place_are_empty():
    assert locality_aliases("Atlantis", "VN") == ()
