"""data/outlets.json and outlet_for_url(): one outlet list for text credits and page URLs."""

import json

import pytest

from archive.extraction.sources import (
    OUTLETS_PATH,
    SOURCE_ALIASES,
    canonical_source,
    outlet_for_url,
    outlet_names,
)
from archive.extraction.text import fold_diacritics

OUTLETS = json.loads(OUTLETS_PATH.read_text(encoding="utf-8"))["outlets"]


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://en.vietnamplus.vn/binh-duong-licenses-projects-post1234.vnp", "VNA"),
        ("https://www.vietnamplus.vn/", "VNA"),
        ("https://vietnamnews.vn/economy/123/x.html", "VNS"),
        ("https://e.vnexpress.net/news/business/x-123.html", "VnExpress"),
        ("https://tuoitrenews.vn/news/business/20230619/x.htm", "Tuoi Tre"),
        ("https://en.nhandan.vn/x.html", "Nhan Dan"),
        ("https://english.vov.vn/en/economy/x-123.vov", "VOV"),
        ("https://en.baochinhphu.vn/x.htm", "VGP"),
        ("http://www.vir.com.vn/x.html", "VIR"),
        ("https://hanoitimes.vn/x.html", "Hanoi Times"),
        ("https://en.sggp.org.vn/x.html", "SGGP"),
        ("https://www.reuters.com/world/asia-pacific/x/", "Reuters"),
        ("https://asia.nikkei.com/Business/x", "Nikkei"),
        ("https://www.koreaherald.com/view.php?ud=2023", "Korea Herald"),
        ("https://en.yna.co.kr/view/AEN2023", "Yonhap"),
        ("https://www.japantimes.co.jp/news/2023/04/16/x/", "Japan Times"),
        ("https://english.kyodonews.net/news/2023/04/x.html", "Kyodo"),
        ("https://www.bloomberg.com/news/articles/2023-03-03/x", "Bloomberg"),
        ("https://www.scmp.com/economy/china-economy/article/123/x", "SCMP"),
        ("https://thediplomat.com/2023/03/x/", "The Diplomat"),
        ("WWW.VIR.COM.VN:8080/path", "VIR"),  # no scheme, capitals, a port
        ("vietnamplus.vn./x", "VNA"),  # a fully qualified host's trailing dot
    ],
)
def test_a_page_url_maps_to_its_outlet(url, outlet):
    assert outlet_for_url(url) == outlet


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/vietnamplus.vn",  # the outlet in the path, not the host
        "https://notvov.vn/x",  # a different domain ending the same way
        "https://vov.vn.example.com/x",  # the outlet's domain as another host's subdomain
        "https://vn/x",
        "",
        "http://[::1",
    ],
)
def test_an_unknown_or_malformed_url_has_no_outlet(url):
    assert outlet_for_url(url) is None


def test_the_archives_existing_short_names_are_kept():
    existing = {
        "VNA", "VNS", "VnExpress", "Tuoi Tre", "Nhan Dan", "VOV", "VGP", "Hanoi Times",
        "Saigon Times", "SGGP", "VIR", "Thanh Nien", "VietNamNet", "VnEconomy", "VTV",
        "Reuters", "AFP", "Kyodo", "Yonhap", "Xinhua", "Bernama", "NHK", "Nikkei", "Bloomberg",
    }  # fmt: skip
    assert existing <= set(outlet_names())


def test_every_outlet_has_a_name_and_a_domain():
    for outlet in OUTLETS:
        assert outlet["short"] and outlet["name"] and outlet["domains"], outlet


def test_no_domain_and_no_alias_belongs_to_two_outlets():
    domains = [domain for outlet in OUTLETS for domain in outlet["domains"]]
    assert len(domains) == len(set(domains))
    owner: dict[str, str] = {}
    for outlet in OUTLETS:
        for alias in [outlet["short"], *outlet["aliases"]]:
            key = fold_diacritics(alias).casefold()
            assert owner.setdefault(key, outlet["short"]) == outlet["short"], alias


def test_every_alias_and_short_name_reads_back_as_its_outlet():
    for alias, short in SOURCE_ALIASES.items():
        assert canonical_source(alias) == short, alias


def test_outlet_names_give_the_full_names():
    names = outlet_names()
    assert names["VIR"] == "Vietnam Investment Review" and names["SCMP"] == (
        "South China Morning Post"
    )
