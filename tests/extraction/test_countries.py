"""find_countries: alpha-2 codes of the countries a text mentions, in order of first mention."""

import unicodedata

from archive.extraction.countries import find_countries


def test_names_in_order_of_first_mention():
    assert find_countries("Vietnam and Japan agreed; Japan and Vietnam will meet again.") == (
        "VN",
        "JP",
    )


def test_vietnamese_spellings_and_demonym():
    assert find_countries("Việt Nam, Viet Nam and the Vietnamese side") == ("VN",)


def test_nfd_input_is_read_like_nfc():
    assert find_countries(unicodedata.normalize("NFD", "Hàn Quốc và Việt Nam")) == ("KR", "VN")


def test_demonyms_name_their_country():
    assert find_countries("Japanese, Singaporean and Taiwanese investors") == ("JP", "SG", "TW")


def test_plural_demonyms():
    assert find_countries("Many Americans and Koreans live here.") == ("US", "KR")


def test_korea_alone_is_south_korea():
    assert find_countries("Korea is the largest investor.") == ("KR",)


def test_north_korea_and_dprk_are_not_south_korea():
    assert find_countries("North Korea, also called the DPRK") == ("KP",)


def test_korean_abbreviations():
    assert find_countries("RoK firms, ROK ministers and S. Korea") == ("KR",)


def test_us_pronoun_is_not_the_united_states():
    assert find_countries("Let us talk about it; they told us.") == ()


def test_us_abbreviations_are_the_united_states():
    assert find_countries("US firms, U.S. banks, USA and American investors") == ("US",)


def test_us_dollar_amounts_do_not_mention_the_united_states():
    assert find_countries("The project costs US$30 million, or 30 million US dollars.") == ()


def test_headline_in_capitals():
    assert find_countries("JAPAN, VIETNAM BOOST TIES") == ("JP", "VN")


def test_longest_name_wins():
    assert find_countries("Papua New Guinea and South Sudan") == ("PG", "SS")


def test_georgia_as_us_state_is_not_the_country():
    assert find_countries("a plant in the U.S. state of Georgia") == ("US",)


def test_georgia_the_country():
    assert find_countries("the capital of Georgia, Tbilisi") == ("GE",)


def test_jordan_as_a_person_is_not_the_country():
    assert find_countries("Michael Jordan and Jordan Henderson") == ()


def test_jordan_the_country():
    assert find_countries("King Abdullah II of Jordan met the Jordanian side") == ("JO",)


def test_turkey_the_bird_is_not_a_country():
    assert find_countries("They served roast turkey.") == ()


def test_turkey_and_turkiye():
    assert find_countries("Türkiye, formerly called Turkey") == ("TR",)


def test_china_town_is_not_china():
    assert find_countries("a restaurant in China Town") == ()


def test_seas_and_oceans_are_not_countries():
    assert find_countries("the Indian Ocean, the South China Sea and the Korean Peninsula") == ()


def test_mekong_is_not_a_country():
    assert find_countries("the Mekong Delta and the Mekong River") == ()


def test_organisation_names_keep_their_country():
    assert find_countries("the Japan External Trade Organisation and the ASEAN-Japan Centre") == (
        "JP",
    )


def test_organisation_acronyms_imply_their_country():
    assert find_countries("JETRO and KOTRA offices") == ("JP", "KR")


def test_vietnamese_provinces_named_thai_and_lao_are_not_countries():
    assert find_countries("Thai Binh, Thai Nguyen and Lao Cai provinces") == ()


def test_thai_inside_a_vietnamese_name_is_not_thailand():
    assert find_countries("Deputy Minister Nguyen Van Thai") == ()


def test_thai_and_lao_as_demonyms():
    assert find_countries("The Thai side and the Lao Deputy Prime Minister") == ("TH", "LA")


def test_cities_imply_no_country():
    assert find_countries("Tokyo, Seoul and Bac Ninh") == ()


def test_eu_is_not_a_country():
    assert find_countries("the EU and ASEAN") == ()


def test_latin_america_is_not_the_united_states():
    assert find_countries("Latin American and South American markets") == ()


def test_british_virgin_islands_is_not_britain():
    assert find_countries("a British Virgin Islands-registered firm") == ("VG",)


def test_word_inside_a_longer_word_does_not_match():
    assert find_countries("Indiana and Omani-owned, Chinatown, Japanism") == ("OM",)


def test_taipei_representative_office_stands_for_taiwan() -> None:
    assert find_countries("The Taipei Economic and Cultural Office in Hanoi said so.") == ("TW",)
