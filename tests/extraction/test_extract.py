"""extract(): one clean pass, every field read from the right part of the text.

The country, locality and official finders are other modules' jobs with their own tests; here
they are replaced by recorders, to check what text extract() hands them and that their answers
land in the Extraction unchanged.
"""

from datetime import date
from decimal import Decimal

import pytest

import archive.extraction as extraction
from archive.extraction import (
    Extraction,
    ImpliedCountry,
    LocalityMention,
    MoneyMention,
    OfficialMention,
)
from archive.extraction import StatedDate as Stated

LOCALITY = LocalityMention("Bac Ninh", "Bắc Ninh", "province", "VN")
OFFICIAL = OfficialMention(
    "Tran Van Nam", "Chairman of the provincial People's Committee", "VN", "government"
)

ARTICLE = """ date 2024-05-06 Korean investors tour Bắc Ninh parks
The chairman greets the guests. (Photo: VNA)
BẮC NINH (VNA) – Chairman Tran Van Nam welcomed investors from the Republic of Korea.

The province has drawn US$2 billion from Korea this year./.
Other News
- Japan pledges US$1 billion for ports
"""


@pytest.fixture
def finders_read(monkeypatch):
    """Replace the three finders; record the text each one was given."""
    read: dict[str, str] = {}

    def recorder(name, answer):
        def find(text):
            read[name] = text
            return answer

        return find

    monkeypatch.setattr(extraction, "find_countries", recorder("countries", ("KR",)))
    monkeypatch.setattr(extraction, "find_localities", recorder("localities", (LOCALITY,)))
    monkeypatch.setattr(extraction, "find_officials", recorder("officials", (OFFICIAL,)))
    return read


def test_extract_composes_every_field(finders_read):
    assert extraction.extract(ARTICLE) == Extraction(
        title="Korean investors tour Bắc Ninh parks",
        body=(
            "Chairman Tran Van Nam welcomed investors from the Republic of Korea.\n\n"
            "The province has drawn US$2 billion from Korea this year."
        ),
        source="VNA",
        published=Stated(date(2024, 5, 6), "crawl prefix"),
        countries=("KR",),
        title_origin="headline",
        implied_countries=(ImpliedCountry("VN", "Bac Ninh"),),  # Bac Ninh implies Vietnam
        localities=(LOCALITY,),
        officials=(OFFICIAL,),
        money=(MoneyMention("US$2 billion", Decimal(2_000_000_000), "USD"),),
    )


def test_finders_read_headline_and_body(finders_read):
    extraction.extract(ARTICLE)
    headline_and_body = (
        "Korean investors tour Bắc Ninh parks\n\n"
        "Chairman Tran Van Nam welcomed investors from the Republic of Korea.\n\n"
        "The province has drawn US$2 billion from Korea this year."
    )
    assert finders_read == {
        "countries": headline_and_body,
        "localities": headline_and_body,  # a Vietnamese dateline is not prepended
        "officials": headline_and_body,
    }


def test_money_in_captions_and_other_stories_is_not_counted(finders_read):
    text = "A US$5 million plant. (Photo: VNA)\nTrade rose.\nOther News\n- A $9 billion deal"
    assert extraction.extract(text).money == ()


def test_an_article_without_headline_is_titled_from_its_lede(finders_read):
    assert extraction.extract("HÀ NỘI — Trade with Laos rose. Exports led.").title == (
        "Trade with Laos rose"
    )


def test_real_finders_skip_places_in_captions_and_other_stories():
    text = (
        "Investors from Japan visit Đà Nẵng. (Photo: VNA)\n"
        "BẮC NINH (VNA) – Investors from the Republic of Korea toured Bắc Ninh on Monday.\n"
        "Other News\n"
        "- Hai Phong welcomes Thai investors"
    )
    found = extraction.extract(text)
    assert (found.countries, [place.name for place in found.localities]) == (("KR",), ["Bac Ninh"])


def test_the_datelines_place_is_a_locality_even_when_the_body_never_names_it():
    text = "Seoul (VNA) – The ambassador met investors from the Republic of Korea on Monday./."
    assert [place.name for place in extraction.extract(text).localities] == ["Seoul"]


def test_a_vietnamese_dateline_alone_is_the_desk_not_a_locality():
    text = "HÀ NỘI — A workshop in Tokyo introduced Japanese firms to green industrial parks. — VNS"
    assert [place.name for place in extraction.extract(text).localities] == ["Tokyo"]


def test_an_article_without_headline_says_its_title_comes_from_the_lede(finders_read):
    assert extraction.extract("HÀ NỘI — Trade with Laos rose. Exports led.").title_origin == "lede"


def test_places_imply_the_countries_the_text_never_names():
    text = (
        "Nghe An and Aichi agree on vocational training\n"
        "A delegation from Aichi prefecture worked with Nghe An leaders on training workers, and "
        "later visited Ha Tinh and Nagoya."
    )
    found = extraction.extract(text)
    assert found.countries == ()
    assert found.implied_countries == (
        ImpliedCountry("VN", "Nghe An"),  # the first place wins
        ImpliedCountry("JP", "Aichi"),
    )


def test_a_named_country_is_not_implied_again():
    text = "Japanese investors visit Binh Duong\nInvestors from Japan toured Binh Duong and Osaka."
    found = extraction.extract(text)
    assert "JP" in found.countries
    assert found.implied_countries == (ImpliedCountry("VN", "Binh Duong"),)


def test_implied_countries_follow_the_localities_order():
    localities = (
        LocalityMention("Aichi", "愛知", "prefecture", "JP"),
        LocalityMention("Bac Ninh", "Bắc Ninh", "province", "VN"),
        LocalityMention("Nagoya", "名古屋", "city", "JP"),
    )
    assert extraction.implied_countries(("KR",), localities) == (
        ImpliedCountry("JP", "Aichi"),
        ImpliedCountry("VN", "Bac Ninh"),
    )
