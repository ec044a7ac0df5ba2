"""Extraction mentions -> database rows (Country, Locality, Official, Organisation), created on
first sight."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from django.db import connection
from django.utils.text import slugify

from archive.extraction import gazetteer
from archive.extraction.text import fold_diacritics
from archive.extraction.types import (
    Extraction,
    LocalityMention,
    OfficialMention,
    OrganisationMention,
)
from archive.models import (
    Country,
    EntityGeneration,
    Locality,
    Official,
    Organisation,
    unique_slug,
)
from archive.rows import in_chunks

K = TypeVar("K")
V = TypeVar("V")


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


@lru_cache(maxsize=1 << 16)  # the same names recur from article to article
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


@lru_cache(maxsize=1 << 16)
def organisation_key(name: str) -> str:
    """Organisations are one when their names fold to the same slug; an editor merges the rest."""
    return slugify(fold_diacritics(name))[:220]


def organisation_for(mention: OrganisationMention) -> Organisation:
    """The organisation a mention names, created on first sight. Found by its slug, else by its
    short name (an editor may have renamed it); the mention's other forms are added as aliases."""
    slug = organisation_key(mention.name)
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None and mention.short_name:
        organisation = Organisation.objects.filter(short_name=mention.short_name).first()
    if organisation is None:
        country = country_for_code(mention.country) if mention.country else None
        return Organisation.objects.create(
            name=mention.name[:200],
            short_name=(mention.short_name or "")[:60],
            slug=slug or unique_slug(Organisation, "organisation"),
            kind=mention.kind,
            country=country,
            aliases=list(mention.aliases),
        )
    new_aliases = [a for a in mention.aliases if a not in organisation.aliases]
    if new_aliases:
        Organisation.objects.filter(pk=organisation.pk).update(
            aliases=[*organisation.aliases, *new_aliases]
        )
        EntityGeneration.bump()  # update() sends no signal: pages' entity caches must renew
    return organisation


# --- a per-import cache -----------------------------------------------------------------------

# What the cache reads of an organisation row.
_ROW = ("pk", "name", "short_name", "aliases")


@dataclass(frozen=True)
class _CachedLocality:
    pk: int
    became_id: int | None


@dataclass(frozen=True)
class _CachedOfficial:
    pk: int
    country_id: int | None


@dataclass(frozen=True)
class CachedOrganisation:
    """An organisation row as the import links it: its pk and the names its text may use."""

    pk: int
    name: str
    short_name: str
    aliases: tuple[str, ...]


class _StagedMap(Generic[K, V]):
    """A dict whose new entries wait for the transaction that learnt them to commit."""

    def __init__(self) -> None:
        self.kept: dict[K, V] = {}
        self.pending: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        value = self.pending.get(key)
        return self.kept.get(key) if value is None else value

    def learn(self, key: K, value: V) -> None:
        self.pending[key] = value

    def forget(self, key: K) -> None:
        self.kept.pop(key, None)
        self.pending.pop(key, None)


class EntityCache:
    """The Country, Locality, Official and Organisation rows one import has already looked up or
    created.

    It gives the same rows as ``country_for_code``, ``locality_for``, ``official_for`` and
    ``organisation_for`` without a query per mention. What keeps it honest while editors edit:

    - it only holds rows the database has: what an article's transaction learns is kept only once
      that transaction has committed (see ``staged``), so a rolled-back article leaves no row in
      it that the database lost;
    - its updates are conditional ("set the country while it is still empty"), so a value an
      editor set meanwhile is never overwritten;
    - a cached row an editor deleted meanwhile fails the article's commit with an IntegrityError;
      the importer then calls ``clear()`` and saves the article again with fresh queries.
    """

    def __init__(self) -> None:
        self._countries: _StagedMap[str, int] = _StagedMap()  # alpha-2 -> pk
        self._localities: _StagedMap[tuple[str, str], _CachedLocality] = _StagedMap()
        self._officials: _StagedMap[str, _CachedOfficial] = _StagedMap()  # official_key -> row
        # organisation_key -> row (found by its slug, else by the mention's short name)
        self._organisations: _StagedMap[str, CachedOrganisation] = _StagedMap()
        self._maps = (self._countries, self._localities, self._officials, self._organisations)
        # Keys the batch's prefetch found no row for, until ``batch_done``: not looked for again.
        self._absent_officials: set[str] = set()
        self._absent_organisations: set[str] = set()

    def __len__(self) -> int:
        """How many things it assumes of the database: rows kept, slugs known to be missing."""
        absent = len(self._absent_officials) + len(self._absent_organisations)
        return sum(len(mapping.kept) for mapping in self._maps) + absent

    def clear(self) -> None:
        """Forget everything: the next lookups query the database again."""
        for mapping in self._maps:
            mapping.kept.clear()
            mapping.pending.clear()
        self.batch_done()

    def batch_done(self) -> None:
        """The prefetching batch's transaction has ended: what it found missing may exist now."""
        self._absent_officials.clear()
        self._absent_organisations.clear()

    @contextmanager
    def staged(self) -> Iterator[None]:
        """Wrap one article's transaction (outside it): what it learnt is kept if it committed."""
        try:
            yield
            for mapping in self._maps:
                mapping.kept.update(mapping.pending)
        finally:
            for mapping in self._maps:
                mapping.pending.clear()

    # --- a batch's rows, read ahead

    def prefetch(self, extractions: Iterable[Extraction]) -> None:
        """Read the rows these extractions name that the cache lacks, a query or two per kind
        for the whole batch instead of one per article. Call it in the batch's transaction
        before the batch writes anything: every row read is committed, so it is kept at once.
        A name the database lacks is not cached: the article that names it creates it. Until
        ``batch_done()`` an official or organisation slug found missing is not queried again
        (the transaction holds the write lock, so the row can only be one this batch made, and
        that one is cached; on a database without that lock the insert fails on the slug's
        uniqueness and the article is saved again with an emptied cache)."""
        codes: set[str] = set()
        localities: set[tuple[str, str]] = set()
        officials: set[str] = set()
        organisations: set[str] = set()
        for extracted in extractions:
            codes.update(code.upper() for code in extracted.countries)
            codes.update(implied.code.upper() for implied in extracted.implied_countries)
            for mention in extracted.localities:
                key = (mention.name, mention.country.upper())
                if self._localities.get(key) is None:
                    localities.add(key)
            officials.update(official_key(mention.name) for mention in extracted.officials)
            organisations.update(
                organisation_key(mention.name) for mention in extracted.organisations
            )
        codes = {code for code in codes if self._countries.get(code) is None}
        officials = {key for key in officials if key and self._officials.get(key) is None}
        organisations = {
            key for key in organisations if key and self._organisations.get(key) is None
        }
        for chunk in in_chunks(sorted(codes)):
            rows = Country.objects.filter(code__in=chunk).order_by().values_list("code", "pk")
            self._countries.kept.update(rows)
        self._prefetch_localities(localities)
        for chunk in in_chunks(sorted(officials)):
            rows = Official.objects.filter(slug__in=chunk).order_by()
            for slug, pk, country_id in rows.values_list("slug", "pk", "country_id"):
                self._officials.kept[slug] = _CachedOfficial(pk, country_id)
        self._absent_officials.update(key for key in officials if key not in self._officials.kept)
        for chunk in in_chunks(sorted(organisations)):
            rows = Organisation.objects.filter(slug__in=chunk).order_by()
            for slug, pk, name, short_name, aliases in rows.values_list("slug", *_ROW):
                self._organisations.kept[slug] = CachedOrganisation(
                    pk, name, short_name, tuple(aliases or ())
                )
        self._absent_organisations.update(
            key for key in organisations if key not in self._organisations.kept
        )

    def _prefetch_localities(self, keys: set[tuple[str, str]]) -> None:
        """As ``locality_for`` finds them: by name and country; a name with two rows in one
        country is left to it (which of them it takes is the database's order)."""
        found: dict[tuple[str, str], list[tuple[int, int | None]]] = {}
        for chunk in in_chunks(sorted({name for name, _ in keys})):
            rows = Locality.objects.filter(name__in=chunk).order_by()
            for name, code, pk, became_id in rows.values_list(
                "name", "country__code", "pk", "became_id"
            ):
                if (name, code) in keys:
                    found.setdefault((name, code), []).append((pk, became_id))
        for key, rows in found.items():
            if len(rows) == 1:
                self._localities.kept[key] = _CachedLocality(*rows[0])

    # --- countries

    def country_pk(self, code: str) -> int:
        """The pk of ``country_for_code(code)``."""
        code = code.upper()
        pk = self._countries.get(code)
        if pk is None:
            pk = country_for_code(code).pk
            self._countries.learn(code, pk)
        return pk

    # --- localities

    def locality_pk(self, mention: LocalityMention) -> int:
        """The pk of ``locality_for(mention)``, with the same 'became' update."""
        code = mention.country.upper()
        key = (mention.name, code)
        cached = self._localities.get(key)
        if cached is None:
            locality = locality_for(mention)  # its 'became' update included
            self._countries.learn(code, locality.country_id)
            self._localities.learn(key, _CachedLocality(locality.pk, locality.became_id))
            return locality.pk
        if mention.became and cached.became_id is None and mention.became != mention.name:
            successor = self._successor_pk(mention.became, code)
            updated = Locality.objects.filter(pk=cached.pk, became__isnull=True).update(
                became=successor
            )
            if updated:
                EntityGeneration.bump()  # update() sends no signal: pages' caches must renew
                self._localities.learn(key, _CachedLocality(cached.pk, successor))
            else:  # an editor set it meanwhile (or deleted the row): ask the database next time
                self._localities.forget(key)
        return cached.pk

    def _successor_pk(self, name: str, code: str) -> int:
        cached = self._localities.get((name, code))
        if cached is not None:
            return cached.pk
        successor = _successor(name, Country.objects.get(pk=self.country_pk(code)))
        self._localities.learn((name, code), _CachedLocality(successor.pk, successor.became_id))
        return successor.pk

    # --- officials

    def official_pks(self, mentions: Sequence[OfficialMention]) -> list[int]:
        """The pk of ``official_for(mention)`` for each mention in order, with the same country
        updates; the officials not cached yet are read in one query and created in one more."""
        keys = [official_key(mention.name) for mention in mentions]
        unknown = {key for key in keys if key and self._officials.get(key) is None}
        if unknown:
            wanted = unknown - self._absent_officials
            rows = (
                Official.objects.filter(slug__in=wanted)
                .order_by()  # no ORDER BY name: the rows go into a dict
                .values_list("slug", "pk", "country_id")
            )
            for slug, pk, country_id in rows if wanted else ():
                self._officials.learn(slug, _CachedOfficial(pk, country_id))
            self._create_officials(mentions, keys)
        pks = []
        for mention, key in zip(mentions, keys, strict=True):
            cached = self._officials.get(key) if key else None
            if cached is None:  # no sluggable letters ("official-2"), or forgotten just now
                official = official_for(mention)
                if key:
                    self._officials.learn(key, _CachedOfficial(official.pk, official.country_id))
                pks.append(official.pk)
            elif cached.country_id is None and mention.country:
                pks.append(self._set_official_country(key, cached, mention.country))
            else:
                pks.append(cached.pk)
        return pks

    def _create_officials(self, mentions: Sequence[OfficialMention], keys: list[str]) -> None:
        """Insert the officials the database lacks as ``official_for`` would: the first mention's
        name and kind, the first country any mention gives."""
        new: dict[str, Official] = {}
        for mention, key in zip(mentions, keys, strict=True):
            if not key or (key not in new and self._officials.get(key) is not None):
                continue
            official = new.get(key)
            if official is None:
                official = new[key] = Official(name=mention.name, slug=key, kind=mention.kind)
            if official.country_id is None and mention.country:
                official.country_id = self.country_pk(mention.country)
        if not new:
            return
        if connection.features.can_return_rows_from_bulk_insert:
            created = Official.objects.bulk_create(new.values())
        else:  # the database cannot tell the new rows' pks: one INSERT each
            created = [
                Official.objects.create(
                    name=o.name, slug=o.slug, kind=o.kind, country_id=o.country_id
                )
                for o in new.values()
            ]
        for official in created:
            self._officials.learn(official.slug, _CachedOfficial(official.pk, official.country_id))

    def _set_official_country(self, key: str, cached: _CachedOfficial, code: str) -> int:
        country = self.country_pk(code)
        updated = Official.objects.filter(pk=cached.pk, country__isnull=True).update(
            country=country
        )
        if updated:
            EntityGeneration.bump()  # update() sends no signal: pages' caches must renew
            self._officials.learn(key, _CachedOfficial(cached.pk, country))
        else:  # an editor set it meanwhile (or deleted the row): ask the database next time
            self._officials.forget(key)
        return cached.pk

    # --- organisations

    def organisation_pks(self, mentions: Sequence[OrganisationMention]) -> list[int]:
        """The pk of ``organisation_for(mention)`` for each mention in order."""
        return [row.pk for row in self.organisations(mentions)]

    def organisations(self, mentions: Sequence[OrganisationMention]) -> list[CachedOrganisation]:
        """The row of ``organisation_for(mention)`` for each mention in order, with the same alias
        additions; the organisations not cached yet are read in at most two queries (by slug,
        then by short name) and the missing ones created in one more."""
        keys = [organisation_key(mention.name) for mention in mentions]
        unknown = {key for key in keys if key and self._organisations.get(key) is None}
        if unknown:
            wanted = unknown - self._absent_organisations
            if wanted:
                self._learn_organisations(
                    Organisation.objects.filter(slug__in=wanted).values_list("slug", *_ROW)
                )
            self._find_by_short_name(mentions, keys)
            self._create_organisations(mentions, keys)
        rows = []
        for mention, key in zip(mentions, keys, strict=True):
            cached = self._organisations.get(key) if key else None
            if cached is not None and any(a not in cached.aliases for a in mention.aliases):
                cached = self._add_aliases(key, cached, mention.aliases)
            if cached is None:  # no sluggable letters, or forgotten just now
                o = organisation_for(mention)
                cached = CachedOrganisation(o.pk, o.name, o.short_name, tuple(o.aliases or ()))
                if key:
                    self._organisations.learn(key, cached)
            rows.append(cached)
        return rows

    def _learn_organisation(self, key: str, pk: int, name: str, short_name: str, aliases) -> None:
        self._organisations.learn(
            key, CachedOrganisation(pk, name, short_name, tuple(aliases or ()))
        )

    def _learn_organisations(self, rows) -> None:
        for slug, *row in rows.order_by():
            self._learn_organisation(slug, *row)

    def _find_by_short_name(self, mentions: Sequence[OrganisationMention], keys: list[str]):
        """As ``organisation_for``: a name not found by its slug is found by its short name
        (an editor may have renamed the row)."""
        wanted: dict[str, list[str]] = {}
        for mention, key in zip(mentions, keys, strict=True):
            if key and mention.short_name and self._organisations.get(key) is None:
                wanted.setdefault(mention.short_name, []).append(key)
        if not wanted:
            return
        found: dict[str, tuple] = {}
        rows = Organisation.objects.filter(short_name__in=wanted).values_list(*_ROW)
        # In the model's order, so the first row per short name is organisation_for's.
        for row in rows:
            found.setdefault(row[2], row)
        for short_name, row in found.items():
            for key in wanted[short_name]:
                self._learn_organisation(key, *row)

    def _create_organisations(
        self, mentions: Sequence[OrganisationMention], keys: list[str]
    ) -> None:
        """Insert the organisations the database lacks as ``organisation_for`` would, mention by
        mention: the first mention's name, short name, kind and country; every mention's aliases;
        a later mention with the short name of one made here is that one."""
        new: dict[str, Organisation] = {}
        by_short: dict[str, str] = {}  # short name -> key of the row made here
        same_as: dict[str, str] = {}  # a key found by its short name -> the row made here
        for mention, key in zip(mentions, keys, strict=True):
            if not key or (key not in new and self._organisations.get(key) is not None):
                continue
            if key not in new and mention.short_name in by_short:
                same_as.setdefault(key, by_short[mention.short_name])
                continue
            organisation = new.get(key)
            if organisation is None:
                organisation = new[key] = Organisation(
                    name=mention.name[:200],
                    short_name=(mention.short_name or "")[:60],
                    slug=key,
                    kind=mention.kind,
                    country_id=self.country_pk(mention.country) if mention.country else None,
                    aliases=[],
                )
                if mention.short_name:
                    by_short.setdefault(mention.short_name, key)
            organisation.aliases += [a for a in mention.aliases if a not in organisation.aliases]
        if not new:
            return
        if connection.features.can_return_rows_from_bulk_insert:
            created = Organisation.objects.bulk_create(new.values())
        else:  # the database cannot tell the new rows' pks: one INSERT each
            created = [
                Organisation.objects.create(
                    **{f: getattr(o, f) for f in ("name", "short_name", "slug", "kind")},
                    country_id=o.country_id,
                    aliases=o.aliases,
                )
                for o in new.values()
            ]
        for o in created:
            self._learn_organisation(o.slug, o.pk, o.name, o.short_name, o.aliases)
        for key, made in same_as.items():
            self._organisations.learn(key, self._organisations.get(made))

    def _add_aliases(
        self, key: str, cached: CachedOrganisation, aliases
    ) -> CachedOrganisation | None:
        """Add a mention's new aliases to the row as it is now (an editor may have edited it);
        None when an editor deleted it meanwhile (the caller asks the database again)."""
        row = Organisation.objects.filter(pk=cached.pk).values_list(*_ROW).first()
        if row is None:
            self._organisations.forget(key)
            return None
        stored = list(row[3] or ())
        merged = [*stored, *(a for a in aliases if a not in stored)]
        if merged != stored:
            Organisation.objects.filter(pk=cached.pk).update(aliases=merged)
            EntityGeneration.bump()  # update() sends no signal: pages' caches must renew
        self._learn_organisation(key, *row[:3], merged)
        return self._organisations.get(key)
