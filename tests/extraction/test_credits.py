"""find_source(): the outlet an article credits, from tags, datelines and credits."""

import pytest

from archive.extraction.cleaning import clean
from archive.extraction.credits import find_source
from archive.extraction.sources import canonical_source


def source_of(text: str) -> str | None:
    return find_source(text, clean(text))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Can Tho (VNA) – Trade rose.", "VNA"),
        ("TOKYO, June 2 (Kyodo) - Trade rose.", "Kyodo"),
        ("Trade rose. — VNS", "VNS"),
        ("Trade rose.\nSource: VGP", "VGP"),
        ("Trade rose.\n(Source: Tuổi Trẻ)", "Tuoi Tre"),
        ("Trade rose.\nSources: Reuters, Yonhap", "Reuters"),
        ("Trade rose, officials said (VOV)", "VOV"),
        ("Trade rose. VNA/VNS", "VNA"),
    ],
)
def test_the_credited_outlet_is_the_source(text, source):
    assert source_of(text) == source


def test_a_photo_credit_is_the_source_when_nothing_else_credits_one():
    assert source_of("Delegates at the forum. (Photo: VNA)\nTrade rose.") == "VNA"


def test_a_dateline_agency_wins_over_a_photo_credit():
    assert source_of("Guests at the forum. (Photo: Reuters)\nHue (VNA) – Trade rose.") == "VNA"


def test_an_outlet_cited_mid_sentence_is_not_the_source():
    assert source_of("A report by the Voice of Vietnam (VOV) says trade rose.") is None


def test_an_outlet_in_other_stories_links_is_not_the_source():
    assert source_of("Trade rose.\nOther News\n- Ports expand fast (VOV)") is None


def test_an_unknown_credit_gives_no_source():
    assert source_of("Trade rose.\nSource: the provincial statistics office") is None


@pytest.mark.parametrize(
    ("credit", "canonical"),
    [
        ("Vietnam News Agency", "VNA"),
        ("Viet Nam News", "VNS"),
        ("VnExpress International", "VnExpress"),
        ("Nhân Dân", "Nhan Dan"),
        ("The Saigon Times", "Saigon Times"),
        ("hanoitimes", "Hanoi Times"),
        ("VNA/VNS", "VNA"),
        ("vna", None),
    ],
)
def test_aliases_map_to_one_canonical_name(credit, canonical):
    assert canonical_source(credit) == canonical


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Nhan Dan Online – Ha Noi – Two ministers met to discuss trade.", "Nhan Dan"),
        ("VOV.VN - Two ministers met to discuss trade.", "VOV"),
        ("Hanoitimes - The city met investors from abroad.", "Hanoi Times"),
        ("(Bloomberg) -- Pledges rose in the first two months.", "Bloomberg"),
        (
            "Trade rose.\n© Copyright 2012 - 2016 Vietnam Investment Review, all rights reserved",
            "VIR",
        ),
        ("Trade rose.\nCopyright by VOV", "VOV"),
        (
            "Trade rose.\nOther News\n- Ports expand\nCopyright © 2024 Thanh Nien News.",
            "Thanh Nien",
        ),
        ("Trade rose.\n©2023 Bloomberg L.P.", "Bloomberg"),
        ("Trade rose.\nCopyright © 2023 South China Morning Post Publishers Ltd.", "SCMP"),
        ("Land is ready, the chairman told Tuoi Tre (Youth) newspaper on Sunday.", "Tuoi Tre"),
        ("Trade rose.\nTheo Báo Đầu tư", "VIR"),
        ("Trade rose.\nSource: VietnamPlus", "VNA"),
        ("Trade rose by a fifth.\nKENTA HIROSE, Nikkei staff writer", "Nikkei"),
        ("Exports rose.\nKYODO\nTrade rose by a fifth this year.", "Kyodo"),
    ],
)
def test_the_texts_own_signature_names_the_outlet(text, source):
    assert source_of(text) == source


def test_a_dateline_tag_wins_over_the_copyright_line():
    assert source_of("Hue (VNA) – Trade rose.\nCopyright by VOV") == "VNA"


def test_someone_told_reporters_is_no_outlet():
    assert source_of("Trade rose, the minister told reporters in Tokyo on Monday.") is None


def test_a_copyright_line_naming_no_outlet_gives_no_source():
    assert source_of("Trade rose.\n© 2024 Acme Industrial Parks JSC") is None
