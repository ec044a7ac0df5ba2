"""Extraction mentions -> database rows (Country, Locality, Official), created on first sight."""

from __future__ import annotations

from django.utils.text import slugify

from archive.extraction import gazetteer
from archive.extraction.text import fold_diacritics
from archive.extraction.types import LocalityMention, OfficialMention
from archive.models import Country, Locality, Official, unique_slug


def country_for_code(code: str) -> Country:
    code = code.upper()
    country = Country.objects.filter(code=code).first()
    if country is None:
        name = gazetteer.country_name(code)
        country = Country.objects.create(
            code=code, name=name, slug=unique_slug(Country, name, max_length=100)
        )
    return country


def locality_for(mention: LocalityMention) -> Locality:
    country = country_for_code(mention.country)
    locality = Locality.objects.filter(name=mention.name, country=country).first()
    if locality is None:
        locality = Locality.objects.create(
            name=mention.name,
            name_local=mention.name_local,
            kind=mention.kind,
            country=country,
            slug=unique_slug(Locality, mention.name, max_length=140),
        )
    if mention.became and locality.became_id is None and mention.became != mention.name:
        locality.became = _successor(mention.became, country)
        locality.save(update_fields=["became"])
    return locality


def _successor(name: str, country: Country) -> Locality:
    existing = Locality.objects.filter(name=name, country=country).first()
    if existing:
        return existing
    entry = gazetteer.find_locality_entry(name, country.code)
    return Locality.objects.create(
        name=name,
        name_local=entry.name_local if entry else name,
        kind=entry.kind if entry else Locality.Kind.PROVINCE,
        country=country,
        slug=unique_slug(Locality, name, max_length=140),
    )


def official_key(name: str) -> str:
    """Officials are the same person when their names fold to the same slug (diacritics or not)."""
    return slugify(fold_diacritics(name))


def official_for(mention: OfficialMention) -> Official:
    slug = official_key(mention.name)
    official = Official.objects.filter(slug=slug).first()
    if official is None:
        country = country_for_code(mention.country) if mention.country else None
        official = Official.objects.create(
            name=mention.name,
            slug=slug or unique_slug(Official, "official"),
            country=country,
            kind=mention.kind,
        )
    elif official.country_id is None and mention.country:
        official.country = country_for_code(mention.country)
        official.save(update_fields=["country"])
    return official
