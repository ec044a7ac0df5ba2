"""What a person's name looks like: Vietnamese, Japanese and Korean name shapes, and place names.

Tokens are compared folded and lower-cased ("Nguyễn" -> "nguyen"), so a name reads the same with or
without its diacritics.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from archive.extraction.text import fold_diacritics
from archive.extraction.titles_data import word_set

# The surnames nearly every Vietnamese person carries; a name starts at one of them.
VIETNAMESE_SURNAMES = word_set(
    """
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly vuong trinh truong
    dinh lam mai luong ha cao dao doan ta chu luu quach lai thai hua phung kieu tong la kim trieu
    ton than nong mac lo au giang tang diep khuat can to thach trang quan lieu lu dam tieu ung
    khong nghiem tu vien ninh
    """
)

KOREAN_SURNAMES = word_set(
    """
    kim lee yi park choi choe jung jeong chung kang cho jo yoon yun jang chang lim im han oh
    seo shin kwon hwang ahn song yoo ryu hong jeon jun ko moon yang son bae baek heo nam shim
    noh roh ha kwak sung cha joo woo koo min na jin ji eom chae won chun bang kong hyun ham
    byun yeom yeo choo seok sun seol ma gil yeon wi pyo myung ban ra wang geum ok yook maeng je
    tak kook
    """
)

# Common Chinese family names in pinyin and in the Wade-Giles spellings Taiwan uses.
CHINESE_SURNAMES = word_set(
    """
    wang zhang li liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng
    liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye
    cheng wei su lu ding ren shen yao zhong fan fu qian xue lei bai hao kong mao qiu qin
    chang chou chao tsai hsu hsieh kuo chiang liao lien lai tseng tsao kao
    """
)

# One Vietnamese syllable, folded: onset, vowel cluster, final consonant.
_VIETNAMESE_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?"
)
# One romanised Japanese word: consonant-vowel morae with an optional syllabic n.
_JAPANESE_WORD_RE = re.compile(
    r"(?:(?:kk|ss|tt|pp|tch)?(?:ky|gy|sh|ch|ts|ny|hy|by|py|my|ry|[kgsztdnhbpmyrwjf])?[aiueo]n?|n)+"
)


# One romanised Chinese syllable, pinyin or Wade-Giles: onset, vowels, nasal ending.
_CHINESE_SYLLABLE_RE = re.compile(
    r"(?:hs|ts|tz|zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]{1,3}(?:ng|n|r)?"
)


@lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """'Nguyễn' -> 'nguyen': the key names and places are compared by."""
    return fold_diacritics(token).lower()


def is_vietnamese_syllable(token: str) -> bool:
    return bool(_VIETNAMESE_SYLLABLE_RE.fullmatch(fold(token)))


def is_vietnamese_name(tokens: tuple[str, ...] | list[str]) -> bool:
    """2-4 syllables starting with a common Vietnamese surname: 'Nguyen Van Loi', 'To Lam'."""
    return (
        2 <= len(tokens) <= 4
        and fold(tokens[0]) in VIETNAMESE_SURNAMES
        and all(is_vietnamese_syllable(token) for token in tokens)
    )


def is_japanese_name(tokens: tuple[str, ...] | list[str]) -> bool:
    """Every word reads as romanised Japanese: 'Yamada Takio', 'Hiroshi Imano'."""
    folded = [fold(token) for token in tokens]
    return (
        len(folded) >= 2
        and any(len(word) >= 4 for word in folded)
        and all(_JAPANESE_WORD_RE.fullmatch(word) for word in folded)
        and not is_vietnamese_name(tokens)
    )


def is_chinese_name(tokens: tuple[str, ...] | list[str]) -> bool:
    """A Chinese family name, then a given name of one or two syllables: 'Wang Yubo', 'Zhang
    Wei', 'Chang Chin-tang'."""
    folded = [fold(token) for token in tokens]
    if not 2 <= len(folded) <= 3 or folded[0] not in CHINESE_SURNAMES:
        return False
    given = "".join(folded[1:]).split("-")
    return len(given) <= 2 and all(
        re.fullmatch(f"(?:{_CHINESE_SYLLABLE_RE.pattern}){{1,2}}", part) for part in given
    )


def is_korean_name(tokens: tuple[str, ...] | list[str]) -> bool:
    """A Korean surname with a hyphenated or two-syllable given name: 'Lee Jeong-won'."""
    folded = [fold(token) for token in tokens]
    if len(folded) < 2 or not (folded[0] in KOREAN_SURNAMES or folded[-1] in KOREAN_SURNAMES):
        return False
    return any("-" in word for word in folded) or (
        len(folded) == 3 and folded[0] in KOREAN_SURNAMES and not is_vietnamese_name(tokens)
    )


def name_origin(tokens: tuple[str, ...] | list[str]) -> str | None:
    """The country a name's shape points to, as alpha-2, or None when it does not tell."""
    if is_vietnamese_name(tokens):
        return "VN"
    if is_korean_name(tokens):
        return "KR"
    if is_japanese_name(tokens):
        return "JP"
    return None


@lru_cache(maxsize=1)
def vietnamese_place_names() -> frozenset[str]:
    """Folded names of Vietnam's provinces and cities ('binh duong', 'ha noi'), from data/."""
    names: set[str] = set()
    try:
        data = resources.files("archive.extraction").joinpath("data/localities_vn.csv")
        with data.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                candidates = [row.get("name") or "", *(row.get("aliases") or "").split("|")]
                names.update(fold(name).strip() for name in candidates if name.strip())
    except (FileNotFoundError, ModuleNotFoundError):  # the names still work without places
        pass
    return frozenset(names)


@lru_cache(maxsize=1)
def foreign_place_names() -> frozenset[str]:
    """Folded names of the gazetteer's foreign places ('kanagawa', 'gyeonggi'), leaving out
    those that are also people's names ('Chiba', 'Washington')."""
    from archive.extraction.gazetteer import locality_entries  # imported late: no cycle
    from archive.extraction.localities import NAMES_LIKE_PEOPLE

    return frozenset(
        fold(entry.name)
        for entry in locality_entries()
        if entry.country != "VN" and entry.name not in NAMES_LIKE_PEOPLE
    )


def is_place(tokens: tuple[str, ...] | list[str]) -> bool:
    """'Binh Duong', 'Bắc Ninh', 'Kanagawa': a place, not a person."""
    name = fold(" ".join(tokens))
    return name in vietnamese_place_names() or name in foreign_place_names()
