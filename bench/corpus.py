"""Synthetic articles for the benchmark, built from the archive's own gazetteers.

Each article is drawn from its own ``random.Random(f"{seed}-{index}")``, so article ``i`` is the
same whatever the corpus size, and a run is repeatable. The generator records what it put in (the
countries, localities, date and source an article mentions), which is what the extraction should
find again: tests/test_bench_corpus.py holds the extraction to it.

The text is written here from templates, never copied from real articles: a crawl prefix
`` date YYYY-MM-DD `` (or none), a headline, sometimes a photo caption, a dateline with an agency
tag, 150-500 words of paragraphs, and sometimes the site's "Other News" furniture after the story.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from archive.extraction import gazetteer
from archive.extraction.gazetteer import LocalityEntry
from archive.extraction.localities import NAMES_LIKE_PEOPLE

DEFAULT_SEED = 2015
FIRST_DAY, LAST_DAY = date(2015, 1, 1), date(2026, 6, 30)
UNDATED_SHARE = 0.1
MIN_WORDS, MAX_WORDS = 150, 500
FILES_PER_FOLDER = 1000  # keeps folders small at 100k articles


@dataclass(frozen=True)
class GeneratedArticle:
    """One synthetic article file and what the generator put in it."""

    filename: str  # unique across the corpus: the importer keys articles on it
    folder: str  # a sub-folder, FILES_PER_FOLDER files each
    text: str
    headline: str
    published: date | None  # the crawl prefix's date; None for an undated article
    source: str  # the canonical agency name the tags credit
    countries: frozenset[str]  # alpha-2 codes the headline and body mention
    localities: frozenset[tuple[str, str]]  # (name, alpha-2) of the places mentioned


@dataclass(frozen=True)
class Partner:
    code: str
    name: str  # as a sentence writes it: "Japan", "the United States"
    demonym: str


# Partner countries and how often the news names them (weights, not shares).
PARTNER_WEIGHTS = {
    "JP": 20, "KR": 18, "SG": 10, "CN": 8, "US": 8, "TW": 6, "DE": 3, "FR": 3, "GB": 3,
    "AU": 3, "TH": 3, "IN": 3, "MY": 2, "NL": 2, "IT": 1, "CA": 1, "LA": 2, "KH": 1, "ID": 1,
    "NZ": 1, "IL": 1, "AE": 1, "CZ": 1, "HU": 1,
}  # fmt: skip
_NEEDS_THE = {"US", "GB", "NL", "AE", "CZ"}
_NAME_OVERRIDES = {"GB": "United Kingdom", "CZ": "Czech Republic", "AE": "United Arab Emirates"}

AGENCIES = {  # canonical source -> how its tag is written in a dateline
    "VNA": "VNA",
    "VOV": "VOV",
    "VGP": "VGP",
    "Nhan Dan": "NDO",
    "VNS": "VNS",
}
VIETNAM_SPELLINGS = ("Vietnam", "Vietnam", "Viet Nam", "Việt Nam")

SECTORS = (
    "electronics", "semiconductors", "renewable energy", "wind power", "logistics", "textiles",
    "garments", "automotive parts", "food processing", "high-tech agriculture", "healthcare",
    "pharmaceuticals", "digital transformation", "data centres", "seaport services", "tourism",
    "education and training", "green hydrogen", "mechanical engineering", "supporting industries",
    "e-commerce", "financial services", "real estate", "waste treatment", "water supply",
)  # fmt: skip
INFRASTRUCTURE = (
    "urban railway lines", "a coastal expressway", "wastewater treatment plants",
    "a deep-water port", "flood control works", "rural roads", "a general hospital",
    "clean water systems", "a ring road", "irrigation canals", "an international airport terminal",
    "power grids",
)  # fmt: skip
COMPANY_STEMS = (
    "Horizon", "Daewon", "Meridian", "Orion", "Golden Bridge", "Lotus", "Evergreen", "Nexus",
    "Kaito", "Hanbit", "Silverline", "Redstone", "Blue Harbour", "Aurora", "Northstar", "Sunmax",
)  # fmt: skip
COMPANY_TRADES = (
    "Electronics", "Precision", "Logistics", "Textile", "Energy", "Semiconductor", "Motors",
    "Foods", "Chemicals", "Steel", "Solar", "Medical",
)  # fmt: skip
COMPANY_FORMS = ("Co., Ltd.", "Corporation", "Group", "JSC", "Holdings")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Invented people's names from common name parts (no real person is meant).
VN_SURNAMES = _names(
    "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ngo Duong Dinh Trinh Doan Luong"
)
VN_MIDDLE = _names("Van Thi Duc Quoc Hong Ngoc Xuan Huu Cong Kim Anh Tuan")
VN_GIVEN = _names(
    "Hung Lan Dung Tuan Phuong Cuong Thao Khanh Tam Hieu Loc Trung Hanh Thuy Dat Nga Huy Viet "
    "Tho Chien Hoan Luan Tuyet Dieu"
)
JP_SURNAMES = _names("Sato Suzuki Takahashi Tanaka Watanabe Nakamura Kobayashi Kato Yoshida Yamada")
JP_GIVEN = _names("Hiroshi Takeshi Kenji Yuko Akira Haruka Makoto Naoki Satoshi Emiko Daisuke")
KR_SURNAMES = _names("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim")
KR_GIVEN = _names("Min-jun Seo-yeon Ji-hoon Hye-jin Sung-ho Eun-ji Dong-hyun Soo-min Jae-won")
CN_SURNAMES = _names("Wang Zhang Liu Chen Yang Zhao Zhou Xu")
CN_GIVEN = _names("Wei Jun Lei Fang Hao Qiang Ming Tao")
WESTERN_FIRST = _names("John Anna Michael Sarah David Laura Thomas Claire Peter Julia Mark Helen")
WESTERN_LAST = _names("Miller Fischer Martin Evans Becker Moreau Walker Hughes Bennett Keller")

MONEY_UNITS = ("million", "million", "million", "billion")


# ---------------------------------------------------------------------------------------------
# Gazetteer-derived vocabulary
# ---------------------------------------------------------------------------------------------


@cache
def partners() -> tuple[Partner, ...]:
    """The partner countries, each with a name and demonym the extraction reads as that country."""
    data = json.loads((gazetteer.DATA_DIR / "countries.json").read_text(encoding="utf-8"))
    found = []
    for code in PARTNER_WEIGHTS:
        demonyms = data["countries"].get(code, {}).get("demonyms", ())
        name = _NAME_OVERRIDES.get(code) or gazetteer.country_name(code)
        if not demonyms or gazetteer.country_code_for(name) != code:
            continue
        found.append(Partner(code, f"the {name}" if code in _NEEDS_THE else name, demonyms[0]))
    return tuple(found)


@cache
def provinces() -> tuple[LocalityEntry, ...]:
    """Vietnam's provinces and cities, old and new, whose bare names need no cue."""
    return tuple(
        entry
        for entry in gazetteer.locality_entries()
        if entry.country == "VN" and entry.name not in NAMES_LIKE_PEOPLE
    )


@cache
def foreign_places() -> dict[str, tuple[LocalityEntry, ...]]:
    """Partner code -> its prefectures, states, cities: those whose bare name is only a place."""
    codes = {partner.code for partner in partners()}
    places: dict[str, list[LocalityEntry]] = {}
    for entry in gazetteer.locality_entries():
        if (
            entry.country in codes
            and entry.name not in NAMES_LIKE_PEOPLE
            and not any(gazetteer.country_code_for(word) for word in entry.name.split())
        ):
            places.setdefault(entry.country, []).append(entry)
    return {code: tuple(entries) for code, entries in places.items()}


@cache
def _place_words() -> frozenset[str]:
    return frozenset(word for entry in provinces() for word in entry.name.split())


@cache
def _vietnamese_name_parts() -> tuple[tuple[str, ...], tuple[str, ...]]:
    # A name part that is also a word of a province ("Thanh" of Thanh Hoa) would make the
    # expected places ambiguous; real names have them, the generated ones do not need to.
    words = _place_words()
    return (
        tuple(word for word in VN_MIDDLE if word not in words),
        tuple(word for word in VN_GIVEN if word not in words),
    )


# ---------------------------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------------------------


class _Writer:
    """The choices for one article, and its sentences built from them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        pool = partners()
        weights = [PARTNER_WEIGHTS[p.code] for p in pool]
        self.partner = rng.choices(pool, weights)[0]
        self.second = rng.choice(pool) if rng.random() < 0.3 else None
        if self.second == self.partner:
            self.second = None
        self.province = rng.choice(provinces())
        self.other_province = rng.choice(provinces()) if rng.random() < 0.25 else None
        if self.other_province == self.province:
            self.other_province = None
        abroad = foreign_places().get(self.partner.code, ())
        self.abroad = rng.choice(abroad) if abroad and rng.random() < 0.4 else None
        self.vietnam = rng.choice(VIETNAM_SPELLINGS)
        self.leader = self.vietnamese_name()
        self.leader_title = rng.choice(
            (
                f"Chairman of the {self.place(self.province)} People's Committee",
                f"Secretary of the {self.place(self.province)} Party Committee",
                "Vice Chairman of the provincial People's Committee",
                f"Director of the {self.place(self.province)} Department of Planning and "
                "Investment",
            )
        )
        self.guest = self.foreign_name(self.partner.code)
        self.guest_title = rng.choice(
            (
                f"{self.partner.demonym} Ambassador to {self.vietnam}",
                f"General Director of {self.company()}",
                f"Chief Representative of the {self.partner.demonym} business association",
            )
        )
        self.oda = rng.random() < 0.12

    # -- vocabulary --

    def place(self, entry: LocalityEntry) -> str:
        return entry.name_local if self.rng.random() < 0.3 else entry.name

    def province_phrase(self, entry: LocalityEntry) -> str:
        name = self.place(entry)
        return name if entry.kind == "centrally-run city" else f"{name} province"

    def vietnamese_name(self) -> str:
        middles, givens = _vietnamese_name_parts()
        rng = self.rng
        return f"{rng.choice(VN_SURNAMES)} {rng.choice(middles)} {rng.choice(givens)}"

    def foreign_name(self, code: str) -> str:
        rng = self.rng
        if code == "JP":
            return f"{rng.choice(JP_SURNAMES)} {rng.choice(JP_GIVEN)}"
        if code == "KR":
            return f"{rng.choice(KR_SURNAMES)} {rng.choice(KR_GIVEN)}"
        if code in ("CN", "TW"):
            return f"{rng.choice(CN_SURNAMES)} {rng.choice(CN_GIVEN)}"
        return f"{rng.choice(WESTERN_FIRST)} {rng.choice(WESTERN_LAST)}"

    def company(self) -> str:
        rng = self.rng
        stem, trade = rng.choice(COMPANY_STEMS), rng.choice(COMPANY_TRADES)
        return f"{stem} {trade} {rng.choice(COMPANY_FORMS)}"

    def money(self) -> str:
        rng = self.rng
        unit = rng.choice(MONEY_UNITS)
        amount = rng.choice((rng.randint(2, 950), round(rng.uniform(1.1, 9.9), 1)))
        if unit == "billion":
            amount = round(rng.uniform(1.1, 9.9), 1)
        return rng.choice((f"US${amount} {unit}", f"{amount} {unit} USD"))

    def surname_ref(self) -> str:
        return self.leader.split()[-1]

    # -- text --

    def headline(self) -> str:
        p, province, sector = self.partner, self.place(self.province), self.rng.choice(SECTORS)
        options = [
            f"{p.demonym} investors eye {sector} in {province}",
            f"{province} courts {p.demonym} firms for {sector} projects",
            f"{province} leader receives {p.demonym} delegation",
            f"{p.name.removeprefix('the ')} and {province} boost {sector} cooperation",
        ]
        if self.oda:
            options.append(
                f"{p.name.removeprefix('the ')} pledges ODA for {province} infrastructure"
            )
        return self.rng.choice(options)

    def lede(self) -> str:
        rng, p = self.rng, self.partner
        return rng.choice(
            (
                f"{self.province_phrase(self.province)} hopes to attract more {p.demonym} "
                f"investment in {rng.choice(SECTORS)}, {self.leader_title} {self.leader} said at "
                f"a meeting with {self.guest_title} {self.guest} on {rng.choice(WEEKDAYS)}.",
                f"{self.leader_title} {self.leader} received a delegation of {p.demonym} "
                f"businesses led by {self.guest}, {self.guest_title}, on {rng.choice(WEEKDAYS)} "
                f"to discuss investment in {rng.choice(SECTORS)}.",
                f"{p.demonym} firms registered {self.money()} in new projects in "
                f"{self.province_phrase(self.province)} in the first {rng.randint(2, 11)} months, "
                f"the provincial Department of Planning and Investment said.",
            )
        )

    def sentences(self) -> list[str]:
        """Every body sentence this article can use, once each, in random order."""
        rng, p = self.rng, self.partner
        province = self.place(self.province)
        sector, sector2 = rng.sample(SECTORS, 2)
        options = [
            f"The province is home to {rng.randint(3, 30)} industrial parks covering "
            f"{rng.randint(800, 12000):,} hectares, and {p.demonym} firms account for "
            f"{rng.randint(5, 60)} percent of its registered foreign direct investment.",
            f"{p.name[0].upper()}{p.name[1:]} is currently the {rng.choice(ORDINALS)} largest "
            f"foreign investor in {self.vietnam}, with {rng.randint(40, 5000):,} valid projects "
            f"worth {self.money()}.",
            f"{self.surname_ref()} asked {p.demonym} businesses to invest in {sector} and "
            f"{sector2}, pledging to create favourable conditions for them.",
            f"In the first {rng.randint(2, 11)} months of the year, {province} attracted "
            f"{self.money()} in foreign direct investment, up {rng.randint(2, 80)} percent year "
            f"on year.",
            f"{self.guest} said {p.demonym} investors regard {province} as an attractive "
            f"destination thanks to its infrastructure and skilled workforce.",
            f"The two sides discussed cooperation in {sector}, {sector2} and human resources "
            f"training.",
            f"Local authorities will continue administrative reform to shorten the time needed "
            f"to license investment projects to {rng.randint(3, 20)} working days.",
            f"A new industrial park of {rng.randint(150, 900)} hectares is expected to be ready "
            f"for investors next year, with total investment of {self.money()}.",
            f"The company plans to expand its factory and hire {rng.randint(200, 9000):,} more "
            f"workers, most of them from the province.",
            f"Land clearance and the supply of electricity and water remain the main concerns "
            f"of {p.demonym} enterprises, the guest noted.",
            f"{self.vietnam} and {p.name} upgraded their ties to a comprehensive strategic "
            f"partnership, opening more room for trade and investment.",
            f"Two-way trade reached {self.money()} last year, and both sides aim to raise it "
            f"further through supply chains in {sector}.",
            "Officials also agreed to step up exchanges between localities, universities and "
            "research institutes of the two countries.",
            f"Foreign invested enterprises in {province} exported goods worth {self.money()}, "
            f"mainly {sector} and {sector2}.",
            f"The province has set aside land for {sector} and offers investors in {sector2} "
            f"preferential corporate income tax for the first {rng.randint(2, 15)} years.",
            f"Vocational schools in the locality train about {rng.randint(5, 90):,},000 workers "
            f"a year, many of them in foreign languages and technical skills.",
            "Businesses called for faster customs clearance and more transparent procedures "
            "for land leases and construction permits.",
            f"The meeting was attended by representatives of {rng.randint(10, 120)} enterprises "
            f"and several financial institutions.",
            f"Experts said the global shift of supply chains gives the province a chance to "
            f"draw high-quality projects in {sector}.",
            f"Last year, the province's gross regional domestic product grew by "
            f"{rng.randint(5, 12)}.{rng.randint(0, 9)} percent, among the highest in the region.",
            f"The guest proposed that the province set up a working group to handle the "
            f"difficulties of investors in {sector} quickly.",
            "Under the plan, the locality will give priority to projects using advanced "
            "technology, saving energy and protecting the environment.",
            "Investors are also looking at logistics centres along the expressway and the "
            "railway linking the province to the seaports.",
        ]
        if self.oda:
            options += [
                f"{p.name[0].upper()}{p.name[1:]} has provided {self.money()} in official "
                f"development assistance (ODA) for {rng.choice(INFRASTRUCTURE)} in the locality.",
                f"The ODA-funded project for {rng.choice(INFRASTRUCTURE)} is expected to be "
                f"completed within {rng.randint(2, 6)} years.",
            ]
        rng.shuffle(options)
        return options

    def extra_mentions(self) -> list[str]:
        """Sentences naming Vietnam, the second partner, the other province and the place abroad."""
        rng = self.rng
        sentences = [
            rng.choice(
                (
                    f"{self.partner.demonym} investors have poured {self.money()} into "
                    f"{self.vietnam} over the past decade.",
                    f"{self.vietnam} sees {self.partner.name} as one of its most important "
                    f"economic partners.",
                )
            )
        ]
        if self.second:
            sentences.append(
                f"{self.second.demonym} and {self.partner.demonym} investors lead the list of "
                f"projects in {rng.choice(SECTORS)} this year."
            )
        if self.other_province:
            sentences.append(
                f"The province will also connect its industrial parks with "
                f"{self.province_phrase(self.other_province)} by a new expressway."
            )
        if self.abroad:
            sentences.append(
                f"A delegation from {self.place(self.abroad)}, {self.partner.name}, visited the "
                f"industrial parks to explore cooperation in {rng.choice(SECTORS)}."
            )
        return sentences


def generate_article(index: int, seed: int = DEFAULT_SEED) -> GeneratedArticle:
    """Article number ``index`` of the corpus with this seed (the same on every call)."""
    rng = random.Random(f"{seed}-{index}")
    writer = _Writer(rng)
    published = None
    if rng.random() >= UNDATED_SHARE:
        published = FIRST_DAY + timedelta(days=rng.randint(0, (LAST_DAY - FIRST_DAY).days))
    source = rng.choice(tuple(AGENCIES))
    headline = writer.headline()

    sentences = [*writer.extra_mentions(), *writer.sentences()]
    # The last paragraph may run past the target: aim below the maximum.
    target, words, paragraphs = rng.randint(MIN_WORDS, MAX_WORDS - 60), 0, []
    lede = writer.lede()
    words += len(lede.split())
    while words < target and sentences:
        paragraph = [sentences.pop(0) for _ in range(min(rng.randint(1, 3), len(sentences)))]
        words += sum(len(s.split()) for s in paragraph)
        paragraphs.append(" ".join(paragraph))
    rng.shuffle(paragraphs)

    if source == "VNS":
        opening = f"{writer.place(writer.province).upper()} — {lede}"
        paragraphs[-1] += " — VNS"
    else:
        opening = f"{writer.province.name} ({AGENCIES[source]}) – {lede}"
        if source == "VNA":
            paragraphs[-1] += "/."
    lines = [f" date {published.isoformat()} {headline}" if published else headline]
    if rng.random() < 0.3:
        lines.append(
            f"{writer.leader_title} {writer.leader} (right) and {writer.guest} at the meeting. "
            f"(Photo: {AGENCIES[source]})"
        )
    lines += [opening, *paragraphs]
    if rng.random() < 0.3:
        lines += ["Other News", *(_other_headline(rng) for _ in range(rng.randint(2, 4)))]
    if rng.random() < 0.2:
        lines.append("Like us on Facebook or follow us on Twitter to get the latest news.")

    mentioned = [writer.province, writer.other_province, writer.abroad]
    return GeneratedArticle(
        filename=f"{seed}-{index:06d}.txt",
        folder=f"{index // FILES_PER_FOLDER:03d}",
        text="\n\n".join(lines) + "\n",
        headline=headline,
        published=published,
        source=source,
        countries=frozenset(
            {"VN", writer.partner.code}
            | ({writer.second.code} if writer.second else set())
            | ({writer.abroad.country} if writer.abroad else set())
        ),
        localities=frozenset((entry.name, entry.country) for entry in mentioned if entry),
    )


def _other_headline(rng: random.Random) -> str:
    """A headline of another story, as the "Other News" list prints it (not this article's)."""
    partner, province = rng.choice(partners()), rng.choice(provinces())
    return f"{partner.demonym} firms study {rng.choice(SECTORS)} in {province.name}"


def generate_articles(count: int, seed: int = DEFAULT_SEED) -> Iterator[GeneratedArticle]:
    """Articles 0 .. count-1 of the corpus with this seed."""
    for index in range(count):
        yield generate_article(index, seed)


def write_corpus(folder: Path, count: int, seed: int = DEFAULT_SEED) -> int:
    """Write ``count`` articles as UTF-8 ``.txt`` files under ``folder``; returns bytes written."""
    written = 0
    for article in generate_articles(count, seed):
        target = folder / article.folder
        target.mkdir(parents=True, exist_ok=True)
        data = article.text.encode("utf-8")
        (target / article.filename).write_bytes(data)
        written += len(data)
    return written
