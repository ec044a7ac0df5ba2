"""find_officials: named people, their titles, countries and kinds, from short snippets."""

from __future__ import annotations

import pytest

from archive.extraction.officials import find_officials
from archive.extraction.types import OfficialMention as Official

GOV, BIZ, OTHER = "government", "business", "other"

CASES = {
    "title before a Vietnamese name, org words split off": (
        "Secretary of the Da Nang Party Committee Nguyen Van Quang opened the forum.",
        (Official("Nguyen Van Quang", "Secretary of the Da Nang Party Committee", "VN", GOV),),
    ),
    "ministry words and a ministry's comma stay in the title": (
        "Minister of Culture, Sports and Tourism Nguyen Van Hung met the delegation.",
        (Official("Nguyen Van Hung", "Minister of Culture, Sports and Tourism", "VN", GOV),),
    ),
    "demonym in the title gives the country": (
        "Korean Ambassador Choi Young-sam visited the plant.",
        (Official("Choi Young-sam", "Korean Ambassador", "KR", GOV),),
    ),
    "a destination country is not the person's country": (
        "Ambassador to Vietnam Ito Naoki said the loans would continue.",
        (Official("Ito Naoki", "Ambassador to Vietnam", "JP", GOV),),
    ),
    "bare head of state before a Korean name": (
        "President Yoon Suk Yeol welcomed the guests.",
        (Official("Yoon Suk Yeol", "President", "KR", GOV),),
    ),
    "western name with a middle initial": (
        "US Ambassador Marc E. Knapper toured the port.",
        (Official("Marc E. Knapper", "US Ambassador", "US", GOV),),
    ),
    "diacritics kept as written, place after the name joins the title": (
        "Minister Trần Văn Bình at the Vietnamese Embassy in Korea spoke first.",
        (Official("Trần Văn Bình", "Minister at the Vietnamese Embassy in Korea", "VN", GOV),),
    ),
    "title after the name, with a possessive country": (
        "The deal was signed by Motegi Toshimitsu, Japan's Minister for Economy, in Tokyo.",
        (Official("Motegi Toshimitsu", "Japan's Minister for Economy", "JP", GOV),),
    ),
    "title after the name: a company's representative of a country": (
        "Park Ji-hoon, a representative from Hanwha Corporation of the RoK, presented plans.",
        (Official("Park Ji-hoon", "representative from Hanwha Corporation of the RoK", "KR", BIZ),),
    ),
    "two titles after one comma chain, business kind": (
        "Kenji Sato, Executive Director, Head of Asia Strategy at Sakura Bank, said so.",
        (
            Official(
                "Kenji Sato",
                "Executive Director, Head of Asia Strategy at Sakura Bank",
                "JP",
                BIZ,
            ),
        ),
    ),
    "context after a dash gives a business leader's country": (
        "Akira Mori, Executive Vice President of ZX Corporation - one of Japan's top makers, "
        "said the firm will grow.",
        (Official("Akira Mori", "Executive Vice President of ZX Corporation", "JP", BIZ),),
    ),
    "short references resolve to the full name and keep the longest title": (
        "Vice Chairman of the provincial People's Committee Tran Van Nam spoke. "
        "Chairman Nam said the province is ready. Nam thanked the investors.",
        (
            Official(
                "Tran Van Nam", "Vice Chairman of the provincial People's Committee", "VN", GOV
            ),
        ),
    ),
    "a Japanese family name or given name alone refers back": (
        "Japanese Ambassador to Vietnam Sato Kenji arrived. Kenji said ties are strong. "
        "Ambassador Sato thanked the host.",
        (Official("Sato Kenji", "Japanese Ambassador to Vietnam", "JP", GOV),),
    ),
    "a short title like FM joins the person found in full": (
        "Foreign Minister Hayashi Yoshimasa of Japan arrived. FM Hayashi met reporters.",
        (Official("Hayashi Yoshimasa", "Foreign Minister of Japan", "JP", GOV),),
    ),
    "a later full title completes an earlier short one": (
        "General Secretary Lam met the delegation. Party General Secretary To Lam said so.",
        (Official("To Lam", "Party General Secretary", "VN", GOV),),
    ),
    "honorific with a lone family name makes a person without a title": (
        "Mr. Tanaka praised the plan.",
        (Official("Tanaka", "", None, OTHER),),
    ),
    "honorific is dropped from the name": (
        "Ms Nguyen Thi Lan, director of the centre, agreed.",
        (Official("Nguyen Thi Lan", "director of the centre", "VN", OTHER),),
    ),
    "an untitled Vietnamese full name that speaks is a person": (
        "Le Quang Minh said exports rose. Minh added that demand was strong.",
        (Official("Le Quang Minh", "", "VN", OTHER),),
    ),
    "a lone title-less word is not a person": (
        "Hoang said the talks went well.",
        (),
    ),
    "bylines and photo credits are not people": (
        "By Nguyen Van Tam\nExports rose. (Photo: Thanh Hai)\nPham Anh/VNA",
        (),
    ),
    "organisations and places are not people": (
        "Mizuho Bank, Japan International Cooperation Agency and the People's Committee of "
        "Bac Ninh met in Ho Chi Minh City.",
        (),
    ),
    "capitalised sentence openers are not names": (
        "Speaking at the event, most investors agreed. Currently, Japan is the top donor. "
        "In Binh Duong, Chairman Vo Van Minh thanked the guests.",
        (Official("Vo Van Minh", "Chairman", "VN", OTHER),),
    ),
    "a lowercase title with no name is nobody": (
        "The Japanese ambassador to Vietnam said the embassy would help.",
        (),
    ),
    "people in order of first mention": (
        "Deputy Prime Minister Tran Luu Quang met Chairman of Samsung Electronics Lee Jae-yong. "
        "Quang said the firm is welcome.",
        (
            Official("Tran Luu Quang", "Deputy Prime Minister", "VN", GOV),
            Official("Lee Jae-yong", "Chairman of Samsung Electronics", "KR", BIZ),
        ),
    ),
    "a title naming someone else is not the comma's title": (
        "Attending were Nguyen Van Tu, Minister of Industry and Trade Do Van Tien, and others.",
        (Official("Do Van Tien", "Minister of Industry and Trade", "VN", GOV),),
    ),
    "a weak counterpart gives the country, not the title": (
        "Minister Bui Van Son and his Korean counterpart Cho Tae-yul met. "
        "Minister Cho said the talks went well.",
        (
            Official("Bui Van Son", "Minister", "VN", GOV),
            Official("Cho Tae-yul", "Minister", "KR", GOV),
        ),
    ),
    "a photo position note between name and title": (
        "Pham Van Duc (left), Chairman of Ha Nam province's People's Committee, greets guests.",
        (Official("Pham Van Duc", "Chairman of Ha Nam province's People's Committee", "VN", GOV),),
    ),
    "an acronym in brackets stays in the title": (
        "Vice President of the Vietnam Chamber of Commerce and Industry (VCCI) Hoang Van Tu "
        "opened the fair.",
        (
            Official(
                "Hoang Van Tu",
                "Vice President of the Vietnam Chamber of Commerce and Industry (VCCI)",
                "VN",
                OTHER,
            ),
        ),
    ),
    "an expert is neither government nor business": (
        "Economist Can Van Nghia noted the risk.",
        (Official("Can Van Nghia", "Economist", "VN", OTHER),),
    ),
    "a professor's longer title after the name wins": (
        "Professor Tran Van Hai, an economist at Keio University, said trade grew.",
        (Official("Tran Van Hai", "economist at Keio University", "VN", OTHER),),
    ),
    "a company named before the head belongs to the title": (
        "Daiwa Corporation President Ueda Kenta opened the office.",
        (Official("Ueda Kenta", "Daiwa Corporation President", "JP", BIZ),),
    ),
    "a name after 'according to' still takes the title after it": (
        "According to Pham Thu Ha, Deputy Director of the Tax Agency under the Ministry of "
        "Finance, FDI rose.",
        (
            Official(
                "Pham Thu Ha",
                "Deputy Director of the Tax Agency under the Ministry of Finance",
                "VN",
                GOV,
            ),
        ),
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_find_officials(text: str, expected: tuple[Official, ...]) -> None:
    assert find_officials(text) == expected


def test_deceased_person_is_kept() -> None:
    text = "The delegation mourned former President Tran Duc Luong, who died last year."
    assert find_officials(text) == (Official("Tran Duc Luong", "former President", "VN", GOV),)


def test_same_person_with_and_without_diacritics_is_one_person() -> None:
    text = "Deputy Minister Nguyễn Thị Bích Ngọc spoke. Nguyen Thi Bich Ngoc said ODA helps."
    assert find_officials(text) == (Official("Nguyễn Thị Bích Ngọc", "Deputy Minister", "VN", GOV),)


TITLE_AND_NAME_LAYOUTS = {
    "a title, then the name between commas": (
        "Later, the head of the Hue Department of Finance, Le Van Thanh, said costs fell.",
        (Official("Le Van Thanh", "head of the Hue Department of Finance", "VN", GOV),),
    ),
    "'Name, who is (also) Title'": (
        "Kim Min-jae, who is also chairman of the Korean Business Association, spoke.",
        (Official("Kim Min-jae", "chairman of the Korean Business Association", "KR", BIZ),),
    ),
    "lower-case particles inside a Western name": (
        "Dutch Ambassador Pieter van Dijk met Anna de Jong, CEO of Tulip Foods.",
        (
            Official("Pieter van Dijk", "Dutch Ambassador", "NL", GOV),
            Official("Anna de Jong", "CEO of Tulip Foods", None, BIZ),
        ),
    ),
    "an officer is a title head": (
        "Tanaka Ichiro, a managing executive officer of Daiko Corporation, spoke.",
        (Official("Tanaka Ichiro", "managing executive officer of Daiko Corporation", "JP", BIZ),),
    ),
    "plain words qualify a head after 'a/an'": (
        "Sato Kenta, an urban transport expert of JICA, gave advice.",
        (Official("Sato Kenta", "urban transport expert of JICA", "JP", GOV),),
    ),
    "a four-syllable Vietnamese name right after the organisation": (
        "Chairman of the city People's Committee Luong Nguyen Minh Khoa spoke.",
        (Official("Luong Nguyen Minh Khoa", "Chairman of the city People's Committee", "VN", GOV),),
    ),
    "a Chinese name after a posted place; the foreign place gives the country": (
        "Chinese Consul General in Hanoi Li Ming said so. Governor of Guangxi Chen Gang agreed.",
        (
            Official("Li Ming", "Chinese Consul General in Hanoi", "CN", GOV),
            Official("Chen Gang", "Governor of Guangxi", "CN", GOV),
        ),
    ),
    "a place's kind after its name stays in the title": (
        "Governor of Aichi prefecture Omura Hideaki spoke.",
        (Official("Omura Hideaki", "Governor of Aichi prefecture", "JP", GOV),),
    ),
    "an organisation's unit and '&' stay in the title": (
        "Lee Jun-ho, director of the Kim & Chang office in Hanoi, spoke.",
        (Official("Lee Jun-ho", "director of the Kim & Chang office in Hanoi", "KR", OTHER),),
    ),
    "a current title beats a former one": (
        "Its CEO John Smith spoke. Smith, a former US ambassador to Japan, said so.",
        (Official("John Smith", "CEO", "US", BIZ),),
    ),
    "a posted US title keeps its country": (
        "U.S. Consul General in Ho Chi Minh City Jane Doe spoke.",
        (Official("Jane Doe", "U.S. Consul General in Ho Chi Minh City", "US", GOV),),
    ),
    "a foreign firm's Vietnam arm does not make its head Vietnamese": (
        "Park Min-soo, General Director of Hanwha Vietnam, spoke.",
        (Official("Park Min-soo", "General Director of Hanwha Vietnam", "KR", BIZ),),
    ),
    "a house of parliament is the state's": (
        "President of the House of Councillors Ishii Masaru spoke.",
        (Official("Ishii Masaru", "President of the House of Councillors", "JP", GOV),),
    ),
}


@pytest.mark.parametrize(
    ("text", "expected"), TITLE_AND_NAME_LAYOUTS.values(), ids=TITLE_AND_NAME_LAYOUTS.keys()
)
def test_find_officials_title_and_name_layouts(text: str, expected: tuple[Official, ...]) -> None:
    assert find_officials(text) == expected


# Titles in brackets, places and possessives before a head, a name right after a place.
BRACKETS_PLACES_AND_POSSESSIVES = {
    "title in brackets after the name": (
        "The licence was handed over by Tran Van Binh (Vice Chairman of the Nghe An provincial"
        " People's Committee) on Monday.",
        (
            Official(
                "Tran Van Binh",
                "Vice Chairman of the Nghe An provincial People's Committee",
                "VN",
                GOV,
            ),
        ),
    ),
    "a place before the head belongs to the title": (
        "Busan Mayor Park Hyung-joon opened the fair.",
        (Official("Park Hyung-joon", "Busan Mayor", "KR", GOV),),
    ),
    "a two-word country's possessive before an apposed title": (
        "New Zealand's ambassador, Jane Holloway, spoke first.",
        (Official("Jane Holloway", "New Zealand's ambassador", "NZ", GOV),),
    ),
    "Thai ends a Vietnamese name": (
        "Chairman of the provincial People's Committee Le Van Thai chaired the meeting.",
        (Official("Le Van Thai", "Chairman of the provincial People's Committee", "VN", GOV),),
    ),
    "a name right after the place that ends the title": (
        "He met Lao Consul General in Da Nang Bounmy Vongsa on Monday.",
        (Official("Bounmy Vongsa", "Lao Consul General in Da Nang", "LA", GOV),),
    ),
    "a research fellow is a title": (
        "Ahn Ji-hoon, a research fellow at the Korea Development Institute, said wages rose.",
        (
            Official(
                "Ahn Ji-hoon", "research fellow at the Korea Development Institute", "KR", OTHER
            ),
        ),
    ),
    "an organisation's 'Service' is no name": (
        "Officials of the Canadian Trade Commissioner Service attended.",
        (),
    ),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    BRACKETS_PLACES_AND_POSSESSIVES.values(),
    ids=BRACKETS_PLACES_AND_POSSESSIVES.keys(),
)
def test_find_officials_brackets_places_and_possessives(
    text: str, expected: tuple[Official, ...]
) -> None:
    assert find_officials(text) == expected


KINDS = {
    "a chamber's council is not the state": (
        "Ho Van Lam, chairman of the Council of Japanese Chambers of Commerce in Vietnam, spoke.",
        OTHER,
    ),
    "a deputy CEO is the company's": ("Sara Klein, Deputy CEO of Orbis Capital, spoke.", BIZ),
    "a Secretary for a portfolio is a minister": (
        "Hong Kong's Secretary for Financial Services Mark Chan spoke.",
        GOV,
    ),
    "an autonomous region's officer is the state's": (
        "Standing Vice Chairman of the Guangxi Zhuang Autonomous Region Zhou Min spoke.",
        GOV,
    ),
    "Taipei's economic and cultural office is a mission": (
        "Lin Ming-hao, head of the Taipei Economic and Cultural Office in Hanoi, spoke.",
        GOV,
    ),
}


@pytest.mark.parametrize(("text", "kind"), KINDS.values(), ids=KINDS.keys())
def test_kind_of_an_officials_title(text: str, kind: str) -> None:
    assert [person.kind for person in find_officials(text)] == [kind]


# Forms of address never become part of a name (or a title); issue 10, part 4.
HONORIFIC_CASES = {
    "Comrade before a title-less speaker": (
        "Comrade Dinh Quang Vu said the ward would clear the land by June.",
        ("Dinh Quang Vu",),
    ),
    "Comrade before a name with a title after it": (
        "Comrade Ho Thi Kim Oanh, Deputy Secretary of the Town Party Committee, cut the ribbon.",
        ("Ho Thi Kim Oanh",),
    ),
    "Comrade between a title and the name stays out of both": (
        "Standing Vice Chairman Comrade Luu Duc Tam chaired the session on land clearance.",
        ("Luu Duc Tam",),
    ),
    "Mr., Mrs. and Ms. with full names": (
        "Mr. Sato Kenji greeted Mrs. Bui Thi Thu and Ms Han Ji-yeon at the gate.",
        ("Sato Kenji", "Bui Thi Thu", "Han Ji-yeon"),
    ),
    "Madam before a full name": (
        "Madam Trinh Thu Ha, Director of the provincial Department of Finance, replied.",
        ("Trinh Thu Ha",),
    ),
    "His Excellency and H.E. before ambassadors": (
        "His Excellency Yamada Taro met H.E. Choi Min-ho, Ambassador of Korea, at the fair.",
        ("Yamada Taro", "Choi Min-ho"),
    ),
    "Dr. used as address": (
        "Dr. Quach Van Toan, Rector of the provincial college, signed the agreement.",
        ("Quach Van Toan",),
    ),
    "Vietnamese ông and bà, capitalised and in lower case": (
        "Ông Lương Văn Bảo said so, and bà Đỗ Thị Hiền, Director of the park, agreed.",
        ("Lương Văn Bảo", "Đỗ Thị Hiền"),
    ),
    "Vietnamese đồng chí, one form of address of two words": (
        "Đồng chí Tạ Quang Khải said the plan was ready; đồng chí Mai Văn Lộc agreed.",
        ("Tạ Quang Khải", "Mai Văn Lộc"),
    ),
}


def test_a_place_that_begins_like_a_form_of_address_stays_in_the_title() -> None:
    text = "Governor Ueda Akira met Vice Chairman Pham Quoc Trung of Bà Rịa-Vũng Tàu province."
    assert [(p.name, p.title) for p in find_officials(text)] == [
        ("Ueda Akira", "Governor"),
        ("Pham Quoc Trung", "Vice Chairman of Bà Rịa-Vũng Tàu province"),
    ]


@pytest.mark.parametrize(("text", "names"), HONORIFIC_CASES.values(), ids=HONORIFIC_CASES.keys())
def test_forms_of_address_are_not_part_of_a_name(text: str, names: tuple[str, ...]) -> None:
    assert tuple(person.name for person in find_officials(text)) == names


def test_comrade_is_dropped_from_the_title_before_the_name() -> None:
    text = "Standing Vice Chairman Comrade Luu Duc Tam chaired the session on land clearance."
    assert [(p.name, p.title) for p in find_officials(text)] == [
        ("Luu Duc Tam", "Standing Vice Chairman")
    ]


SHORT_REFERENCES = {
    "a Korean family name alone after the full name": (
        "Kang Tae-won, chief executive of Daesan Metals, toured the site. Mr. Kang said it suits.",
        ("Kang Tae-won",),
    ),
    "a Vietnamese given name alone after the full name": (
        "Vice Chairman Doan Minh Khoa met the investors. Comrade Khoa said the land was ready.",
        ("Doan Minh Khoa",),
    ),
    "a Vietnamese family name alone: the one person of the article who carries it": (
        "Director Vuong Thi Nga met Chairman Lam Quoc Dat. Ms. Vuong said the firm was welcome.",
        ("Vuong Thi Nga", "Lam Quoc Dat"),
    ),
}


@pytest.mark.parametrize(("text", "names"), SHORT_REFERENCES.values(), ids=SHORT_REFERENCES.keys())
def test_a_short_reference_is_the_full_name_it_follows(text: str, names: tuple[str, ...]) -> None:
    assert tuple(person.name for person in find_officials(text)) == names


def test_a_family_name_two_people_carry_stays_nobodys() -> None:
    text = (
        "Director Vuong Thi Nga met Chairman Vuong Dinh Son. Ms. Vuong said the firm was welcome."
    )
    names = [person.name for person in find_officials(text)]
    assert names[:2] == ["Vuong Thi Nga", "Vuong Dinh Son"]
    assert "Vuong Thi Nga" not in names[2:] and "Vuong Dinh Son" not in names[2:]
