"""find_localities: Vietnamese provinces (old and new) and foreign places a text mentions."""

import unicodedata

from archive.extraction.localities import find_localities
from archive.extraction.types import LocalityMention

BAC_NINH = LocalityMention("Bac Ninh", "Bắc Ninh", "province", "VN")
HANOI = LocalityMention("Hanoi", "Hà Nội", "centrally-run city", "VN")
HCMC = LocalityMention("Ho Chi Minh City", "Thành phố Hồ Chí Minh", "centrally-run city", "VN")
HUE = LocalityMention("Hue", "Huế", "centrally-run city", "VN")
DA_NANG = LocalityMention("Da Nang", "Đà Nẵng", "centrally-run city", "VN")
BINH_DUONG = LocalityMention(
    "Binh Duong", "Bình Dương", "province", "VN", became="Ho Chi Minh City"
)
HOA_BINH = LocalityMention("Hoa Binh", "Hòa Bình", "province", "VN", became="Phu Tho")
HA_NAM = LocalityMention("Ha Nam", "Hà Nam", "province", "VN", became="Ninh Binh")
LONG_AN = LocalityMention("Long An", "Long An", "province", "VN", became="Tay Ninh")
DONG_NAI = LocalityMention("Dong Nai", "Đồng Nai", "province", "VN")
TOKYO = LocalityMention("Tokyo", "東京都", "prefecture", "JP")


def names(text: str) -> list[str]:
    return [mention.name for mention in find_localities(text)]


def test_a_province_with_and_without_diacritics_is_one_mention():
    assert find_localities("Bắc Ninh, or Bac Ninh, is growing.") == (BAC_NINH,)


def test_province_words_around_the_name():
    text = "the northern province of Bắc Ninh; Bac Ninh province; tỉnh Bắc Ninh"
    assert find_localities(text) == (BAC_NINH,)


def test_nfd_input_is_read_like_nfc():
    assert find_localities(unicodedata.normalize("NFD", "tỉnh Bắc Ninh")) == (BAC_NINH,)


def test_order_of_first_mention_without_duplicates():
    assert names("Hanoi, Bac Ninh and Hà Nội again") == ["Hanoi", "Bac Ninh"]


def test_hanoi_spellings():
    assert find_localities("Hanoi, Ha Noi and Hà Nội") == (HANOI,)


def test_ha_nam_is_not_hanoi():
    assert find_localities("Hà Nam province") == (HA_NAM,)


def test_ho_chi_minh_city_spellings():
    text = "Ho Chi Minh City, HCM City, HCMC, Ho Chi Minh city, Saigon and TP.HCM"
    assert find_localities(text) == (HCMC,)


def test_ho_chi_minh_the_person_is_not_the_city():
    assert find_localities("President Ho Chi Minh's mausoleum") == ()


def test_merged_province_carries_what_it_became():
    assert find_localities("Binh Duong province") == (BINH_DUONG,)


def test_binh_duong_new_city_is_still_binh_duong():
    assert find_localities("the Binh Duong New City project") == (BINH_DUONG,)


def test_ba_ria_vung_tau_with_any_dash():
    texts = ["Ba Ria-Vung Tau", "Ba Ria - Vung Tau", "Bà Rịa – Vũng Tàu"]
    assert {names(text)[0] for text in texts} == {"Ba Ria-Vung Tau"}


def test_da_nang_spellings():
    assert find_localities("Da Nang, Đà Nẵng and Danang") == (DA_NANG,)


def test_thua_thien_hue_is_the_old_province():
    mention = find_localities("Thừa Thiên Huế province")[0]
    assert (mention.name, mention.became) == ("Thua Thien Hue", "Hue")


def test_hue_after_a_place_preposition():
    assert find_localities("a visit to Hue last week") == (HUE,)


def test_hue_city():
    assert find_localities("Hue city has many heritage sites.") == (HUE,)


def test_hue_at_the_end_of_a_name_is_a_person():
    assert find_localities("Chairman Vuong Dinh Hue said") == ()


def test_hue_alone_as_a_subject_is_a_person():
    assert find_localities("Hue said the city would help.") == ()


def test_according_to_hue_is_a_person():
    assert find_localities("According to Hue, investment grew.") == ()


def test_hue_at_the_end_of_a_list_of_places():
    assert find_localities("Hanoi, Da Nang and Hue") == (HANOI, DA_NANG, HUE)


def test_a_person_named_after_a_province():
    assert find_localities("Mr Nguyen Hoa Binh attended.") == ()


def test_the_province_next_to_a_person_named_after_it():
    assert find_localities("Nguyen Hoa Binh visited Hoa Binh province.") == (HOA_BINH,)


def test_long_an_as_part_of_a_name():
    assert find_localities("Tran Long An and Ms Long An") == ()


def test_long_an_province():
    assert find_localities("investors in Long An") == (LONG_AN,)


def test_headline_words_before_a_province_are_not_a_name():
    assert find_localities("Nguyen Xuan Phuc Visits Binh Duong") == (BINH_DUONG,)


def test_a_river_named_after_a_province_is_not_the_province():
    assert find_localities("the Đồng Nai River") == ()


def test_the_province_next_to_its_river():
    assert find_localities("the Dong Nai River in Dong Nai") == (DONG_NAI,)


def test_a_committee_without_a_name_is_no_locality():
    assert find_localities("the provincial Party Committee said") == ()


def test_tokyo_is_a_japanese_prefecture():
    assert find_localities("a seminar in Tokyo") == (TOKYO,)


def test_prefecture_spellings():
    assert names("Osaka Prefecture and Ōsaka") == ["Osaka"]


def test_japanese_surname_is_not_a_prefecture():
    assert find_localities("Mr Yamaguchi and Yamaguchi Tsuyoshi") == ()


def test_korean_cities_and_provinces():
    assert names("Seoul, Busan and Gyeonggi Province") == ["Seoul", "Busan", "Gyeonggi"]


def test_new_york_times_is_not_new_york():
    assert find_localities("The New York Times reported") == ()


def test_new_york_alone_is_the_city_and_with_state_is_the_state():
    kinds = [
        (mention.name, mention.kind) for mention in find_localities("New York and New York state")
    ]
    assert kinds == [("New York City", "city"), ("New York", "state")]


def test_georgia_needs_a_state_cue():
    assert (names("trade with Georgia"), names("Georgia state")) == ([], ["Georgia"])


def test_washington_is_the_state_only_with_state():
    assert (names("talks in Washington"), names("Washington State")) == ([], ["Washington"])


def test_foreign_localities_carry_their_country():
    assert [
        mention.country for mention in find_localities("Shenzhen, Taipei, Sydney and Paris")
    ] == [
        "CN",
        "TW",
        "AU",
        "FR",
    ]


def test_singapore_is_a_country_not_a_locality():
    assert find_localities("investors from Singapore") == ()


def test_vietnamese_localities_carry_vn():
    assert {mention.country for mention in find_localities("Ca Mau, Lao Cai and Gia Lai")} == {"VN"}


def test_names_inside_longer_words_do_not_match():
    assert find_localities("Hanoians and Saigonese") == ()


def test_a_university_named_after_a_place_is_not_the_place() -> None:
    text = "A researcher at the University of Melbourne and a lecturer at Hanoi University met."
    assert find_localities(text) == ()


def test_a_taipei_representative_office_is_not_taipei() -> None:
    text = "The Taipei Economic and Cultural Office in Hanoi hosted the event."
    assert [place.name for place in find_localities(text)] == ["Hanoi"]


def test_german_states_and_french_regions_are_known() -> None:
    text = "Firms from Baden-Württemberg and Île-de-France visited Toulouse."
    assert [(place.name, place.country) for place in find_localities(text)] == [
        ("Baden-Wuerttemberg", "DE"),
        ("Ile-de-France", "FR"),
        ("Toulouse", "FR"),
    ]


def test_a_state_named_after_a_person_is_the_state_after_the_plural_states():
    text = "Australian states, especially Victoria and New South Wales, want more students."
    assert names(text) == ["Victoria", "New South Wales"]


def test_a_person_named_victoria_is_no_state():
    assert names("Victoria Lee, a trade adviser, met the delegation.") == []


def test_cambodian_and_canadian_provinces_are_places():
    assert names("Trucks from Svay Rieng carry grain from Saskatchewan.") == [
        "Svay Rieng",
        "Saskatchewan",
    ]
