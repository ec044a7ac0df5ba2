"""The extraction's results: plain dataclasses, the contract between extraction and the importer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class CleanText:
    """An article's text with the site's furniture taken out.

    ``body`` is what the article says (paragraphs joined by blank lines), free of the crawl
    prefix, dateline, photo captions, agency tags and boilerplate; extraction reads only this and
    the headline.
    """

    body: str
    headline: str | None = None  # a headline line, when the text has one
    dateline_place: str | None = None  # "Binh Duong" from "Binh Duong (VNA) –"
    agency: str | None = None  # "VNA", "VNS", ... as the text credits it
    crawl_date: date | None = None  # from the " date YYYY-MM-DD " crawl prefix
    captions: tuple[str, ...] = ()  # photo captions, kept apart from the body


@dataclass(frozen=True)
class StatedDate:
    value: date
    origin: str  # "crawl prefix", "page date", ...


@dataclass(frozen=True)
class LocalityMention:
    name: str  # English/ASCII name: "Bac Ninh"
    name_local: str  # with diacritics: "Bắc Ninh"
    kind: str  # province, centrally-run city, city, prefecture, state, region, ...
    country: str  # ISO 3166-1 alpha-2
    became: str | None = None  # the ASCII name of what it was merged into on 2025-07-01, if any


@dataclass(frozen=True)
class OfficialMention:
    name: str  # as the archive shows it: "Vuong Dinh Hue", "Yamada Takio"
    title: str  # the title this article gives: "Secretary of the Hanoi Party Committee"
    country: str | None  # alpha-2, when the title or context gives it
    kind: str  # "government", "business" or "other"


@dataclass(frozen=True)
class OrganisationMention:
    name: str  # the organisation's name: "Japan International Cooperation Agency"
    short_name: str | None  # its acronym or short name: "JICA"
    kind: str  # company, business_association, government, development, international, party, other
    country: str | None  # alpha-2 of its home, when the data or the text gives it
    aliases: tuple[str, ...] = ()  # other forms this text uses: "Hon Hai Precision Industry"


@dataclass(frozen=True)
class MoneyMention:
    text: str  # as written: "US$30 billion"
    amount: Decimal  # 30000000000
    currency: str  # ISO 4217: "USD", "JPY", "VND", ...
    # What the figure measures, from its sentence's own words (money.MEASURES); "other" when the
    # sentence does not say.
    measure: str = "other"


@dataclass(frozen=True)
class ImpliedCountry:
    """A country the article never names but its places imply: Binh Duong -> VN, Aichi -> JP."""

    code: str  # ISO 3166-1 alpha-2
    place: str  # the locality's ASCII name it comes from: "Binh Duong"


# Where a title comes from; the importer stores it as Article.title_origin.
TITLE_FROM_HEADLINE = "headline"
TITLE_FROM_PAGE_METADATA = "page metadata"
TITLE_FROM_LEDE = "lede"


@dataclass(frozen=True)
class Extraction:
    """Everything the importer learns from one article's text."""

    title: str
    body: str
    source: str | None = None
    published: StatedDate | None = None
    countries: tuple[str, ...] = ()  # alpha-2 codes, in order of first mention
    title_origin: str = TITLE_FROM_HEADLINE  # TITLE_FROM_HEADLINE or TITLE_FROM_LEDE from text
    implied_countries: tuple[ImpliedCountry, ...] = ()  # not in ``countries``; from places
    localities: tuple[LocalityMention, ...] = ()
    officials: tuple[OfficialMention, ...] = ()
    money: tuple[MoneyMention, ...] = field(default_factory=tuple)
    organisations: tuple[OrganisationMention, ...] = ()
