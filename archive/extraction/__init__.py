"""Pure-Python extraction: an article's raw text in, an ``Extraction`` out. No ORM, no network.

``extract(text)`` cleans the text once, then reads every field from the clean parts: the title,
stated date and money from the headline and body; the source from the credits; countries,
localities and officials from the headline and body only, never from captions (they repeat the
body and carry photo credits) nor from boilerplate (other stories' headlines).
"""

from __future__ import annotations

from archive.extraction.cleaning import clean
from archive.extraction.countries import find_countries
from archive.extraction.credits import find_source
from archive.extraction.dates import stated_date
from archive.extraction.localities import find_localities
from archive.extraction.money import find_money
from archive.extraction.officials import find_officials
from archive.extraction.organisations import find_organisations
from archive.extraction.titles import title_and_origin
from archive.extraction.types import (
    CleanText,
    Extraction,
    ImpliedCountry,
    LocalityMention,
    MoneyMention,
    OfficialMention,
    OrganisationMention,
    StatedDate,
)

__all__ = [
    "CleanText",
    "Extraction",
    "ImpliedCountry",
    "LocalityMention",
    "MoneyMention",
    "OfficialMention",
    "OrganisationMention",
    "StatedDate",
    "extract",
    "implied_countries",
    "readable_text",
]


def extract(text: str) -> Extraction:
    """Everything the importer needs from one article's raw text."""
    cleaned = clean(text)
    article_text = readable_text(cleaned)
    title, title_origin = title_and_origin(cleaned)
    countries = find_countries(article_text)
    localities = find_localities(_with_dateline(cleaned, article_text))
    officials = find_officials(article_text)
    return Extraction(
        title=title,
        body=cleaned.body,
        source=find_source(text, cleaned),
        published=stated_date(cleaned),
        countries=countries,
        title_origin=title_origin,
        implied_countries=implied_countries(countries, localities),
        localities=localities,
        officials=officials,
        money=find_money(article_text),
        organisations=find_organisations(article_text, officials),
    )


def implied_countries(
    countries: tuple[str, ...], localities: tuple[LocalityMention, ...]
) -> tuple[ImpliedCountry, ...]:
    """The countries the places imply but the text never names, in the places' order.

    An article about Binh Duong is about Vietnam even if it never says so: each locality's
    country not in ``countries`` is implied once, by the first place that implies it.
    """
    implied: dict[str, ImpliedCountry] = {}
    for place in localities:
        if place.country not in countries and place.country not in implied:
            implied[place.country] = ImpliedCountry(place.country, place.name)
    return tuple(implied.values())


def readable_text(cleaned: CleanText) -> str:
    """The headline and body: the text the finders read."""
    return "\n\n".join(part for part in (cleaned.headline, cleaned.body) if part)


def _with_dateline(cleaned: CleanText, article_text: str) -> str:
    """The article text, led by its dateline's place when that place is abroad.

    "Seoul (VNA) –" says where the story happened. A Vietnamese dateline is often the agency's
    desk instead (every Viet Nam News story is datelined HÀ NỘI), so it counts only when the story
    names the place itself.
    """
    place = cleaned.dateline_place
    if place and any(mention.country != "VN" for mention in find_localities(place)):
        return f"{place}\n\n{article_text}"
    return article_text
