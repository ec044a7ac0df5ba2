"""The archive's record format and its backup: ``article_record`` (what export_articles and the
downloads write), ``full_article_record`` (the backup, ``export_articles --full``) and restoring it.

Restoring:

Each record becomes the article exactly as exported: texts, slug, metadata, entities, officials'
titles, money figures and the editors' corrections. A record replaces the article with the same
source file, so restoring a backup twice changes nothing. One record per transaction: a bad line is
reported and never stops the others.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from archive.ingest import entities, mentions
from archive.ingest.record_checks import record_problems
from archive.models import (
    Article,
    ArticleOfficial,
    ArticleOrganisation,
    Country,
    Locality,
    MoneyFigure,
    Official,
    Organisation,
    unique_slug,
)


def article_record(article: Article) -> dict[str, Any]:
    """One article as the export promises it (country fields as ISO alpha-2 codes)."""
    return {
        "source_file": article.source_file,
        "sha256": article.sha256,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source or None,
        "countries": [{"code": c.code, "name": c.name} for c in article.countries.all()],
        "localities": [
            {
                "name": loc.name,
                "name_local": loc.name_local,
                "kind": loc.kind,
                "country": loc.country.code,
            }
            for loc in article.localities.all()
        ],
        "officials": [
            {
                "name": a.official.name,
                "title": a.title,
                "country": a.official.country.code if a.official.country_id else None,
                "kind": a.official.kind,
            }
            for a in article.appearances.all()
        ],
        "organizations": [
            {
                "name": link.organisation.name,
                "kind": link.organisation.kind,
                "country": link.organisation.country.code if link.organisation.country_id else None,
            }
            for link in article.organisation_links.all()
        ],
        # usd: the approximate US dollar value at the average rate of the article's year (null
        # when it has none); measure: what the figure measures (MoneyFigure.measure).
        "money": [
            {
                "text": m.text,
                "amount": _number(m.amount),
                "currency": m.currency,
                "usd": None if m.usd is None else _number(m.usd),
                "measure": m.measure,
            }
            for m in article.money_figures.all()
        ],
        # Added with web pages; a record only ever gains fields.
        "url": article.url or None,
        "publisher": article.publisher or None,
        "author": article.author or None,
        "crawled": article.crawled.isoformat() if article.crawled else None,
        "title_origin": article.title_origin,
        "implied_countries": [
            {"code": entry["code"], "place": entry["place"]}
            for entry in article.implied_countries or ()
        ],
    }


def full_article_record(article: Article) -> dict[str, Any]:
    """article_record plus what a restore needs (``export_articles --full``).

    Adds the texts, the article's slug, where its date came from, what editors corrected and when,
    and the entities' slugs (and what a province became), so that restore_articles rebuilds the
    same articles, URLs and corrections in an empty database.
    """
    record = article_record(article)
    record.update(
        slug=article.slug,
        encoding=article.encoding,
        published_origin=article.published_origin,
        corrected_fields=list(article.corrected_fields or ()),
        corrected_at=article.corrected_at.isoformat() if article.corrected_at else None,
        body=article.body,
        original_text=article.original_text,
    )
    for entry, country in zip(record["countries"], article.countries.all(), strict=True):
        entry["slug"] = country.slug
    for entry, locality in zip(record["localities"], article.localities.all(), strict=True):
        entry["slug"] = locality.slug
        became = locality.became
        entry["became"] = (
            None
            if became is None
            else {
                "name": became.name,
                "name_local": became.name_local,
                "kind": became.kind,
                "country": became.country.code,
                "slug": became.slug,
            }
        )
    for entry, appearance in zip(record["officials"], article.appearances.all(), strict=True):
        entry["slug"] = appearance.official.slug
    links = article.organisation_links.all()
    for entry, link in zip(record["organizations"], links, strict=True):
        entry.update(
            slug=link.organisation.slug,
            short_name=link.organisation.short_name,
            aliases=list(link.organisation.aliases),
        )
    return record


def _number(amount) -> int | float:
    """Decimal -> a JSON number: whole amounts as integers (3000000000, not 3000000000.00)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


# --- Streamed downloads: every article of a listing or a search, as CSV or JSON Lines ----------


CREATED, REPLACED = "created", "replaced"
# What export_articles --full writes on top of the default record; a default record lacks them.
# A restore needs these and RECORD_FIELDS; the fields added later (WEB_FIELDS) may be missing
# from an older backup and are then empty.
FULL_FIELDS = (
    "slug",
    "encoding",
    "published_origin",
    "corrected_fields",
    "corrected_at",
    "body",
    "original_text",
)
RECORD_FIELDS = (
    "source_file",
    "sha256",
    "title",
    "published",
    "source",
    "countries",
    "localities",
    "officials",
    "money",
    *FULL_FIELDS,
)
WEB_FIELDS = ("url", "publisher", "author", "crawled", "title_origin", "implied_countries")


class RestoreError(Exception):
    """A record that cannot be restored; str() is the reason shown to the user."""


def restore_record(record: Any) -> tuple[str, Article]:
    """Create or replace the article of one full export record, in one transaction."""
    if not isinstance(record, dict):
        raise RestoreError("not a JSON object")
    missing = [name for name in RECORD_FIELDS if name not in record]
    if missing:
        raise RestoreError(
            f"not a full export record (no {', '.join(missing)}); "
            "back up with `export_articles --full`"
        )
    # Checked as the admin's forms would, before anything is written (archive.ingest.record_checks).
    problems = record_problems(record)
    if problems:
        raise RestoreError("; ".join(problems))
    with transaction.atomic():
        article = (
            Article.objects.select_for_update().filter(source_file=record["source_file"]).first()
        )
        outcome = CREATED if article is None else REPLACED
        article = article or Article(source_file=record["source_file"])
        url = record.get("url") or ""
        holder = Article.objects.filter(url=url).exclude(pk=article.pk).first() if url else None
        if holder is not None:
            raise RestoreError(f"its url {url} is already the article {holder.source_file!r}")
        article.url = url
        article.publisher = record.get("publisher") or ""
        article.author = record.get("author") or ""
        crawled = record.get("crawled")
        article.crawled = datetime.fromisoformat(crawled) if crawled else None
        article.title_origin = record.get("title_origin") or Article.TitleOrigin.HEADLINE
        article.implied_countries = [
            {"code": entry["code"], "place": entry["place"]}
            for entry in record.get("implied_countries") or ()
        ]
        article.slug = _free_slug(Article, record["slug"], article.pk, max_length=300)
        article.title = record["title"]
        article.body = record["body"]
        article.original_text = record["original_text"]
        article.sha256 = record["sha256"]
        article.encoding = record["encoding"]
        article.source = record["source"] or ""
        article.published = date.fromisoformat(record["published"]) if record["published"] else None
        article.published_origin = record["published_origin"]
        article.corrected_fields = list(record["corrected_fields"])
        article.corrected_at = (
            datetime.fromisoformat(record["corrected_at"]) if record["corrected_at"] else None
        )
        article.full_clean(exclude=["slug"], validate_unique=False)
        article.save()
        article.countries.set([_country(entry) for entry in record["countries"]])
        article.localities.set([_locality(entry) for entry in record["localities"]])
        article.appearances.all().delete()
        for entry in record["officials"]:
            ArticleOfficial.objects.create(
                article=article, official=_official(entry), title=entry["title"]
            )
        article.organisation_links.all().delete()
        organisations = [_organisation(e) for e in record.get("organizations", ())]
        ArticleOrganisation.objects.bulk_create(
            ArticleOrganisation(article=article, organisation=organisation)
            for organisation in dict.fromkeys(organisations)
        )
        article.money_figures.all().delete()
        figures = [
            MoneyFigure(
                article=article,
                text=entry["text"],
                amount=Decimal(str(entry["amount"])),
                currency=entry["currency"],
                measure=entry.get("measure") or "other",  # older records have none
            )
            for entry in record["money"]
        ]
        for figure in figures:  # the USD value follows the restored date, never the record
            figure.set_usd(article.published.year if article.published else None)
        MoneyFigure.objects.bulk_create(figures)
        mentions.record_mentions(article)
    return outcome, article


def _country(entry: dict) -> Country:
    country = entities.country_for_code(entry["code"])
    return _update(country, name=entry["name"], slug=entry["slug"])


def _locality(entry: dict) -> Locality:
    locality = _locality_named(entry)
    became = entry.get("became")
    successor = _locality_named(became) if became else None
    if locality.became_id != (successor.pk if successor else None):
        locality.became = successor
        locality.save(update_fields=["became"])
    return locality


def _locality_named(entry: dict) -> Locality:
    country = entities.country_for_code(entry["country"])
    locality = Locality.objects.filter(name=entry["name"], country=country).first()
    if locality is None:
        return Locality.objects.create(
            name=entry["name"],
            name_local=entry["name_local"],
            kind=entry["kind"],
            country=country,
            slug=_free_slug(Locality, entry["slug"], None, max_length=140),
        )
    return _update(locality, name_local=entry["name_local"], kind=entry["kind"], slug=entry["slug"])


def _official(entry: dict) -> Official:
    country = entities.country_for_code(entry["country"]) if entry["country"] else None
    official = Official.objects.filter(slug=entry["slug"]).first()
    if official is None:
        return Official.objects.create(
            name=entry["name"],
            slug=_free_slug(Official, entry["slug"], None, max_length=170),
            country=country,
            kind=entry["kind"],
        )
    return _update(official, name=entry["name"], kind=entry["kind"], country=country)


def _organisation(entry: dict) -> Organisation:
    """A backup's organisation (records older than organisations have none)."""
    country = entities.country_for_code(entry["country"]) if entry["country"] else None
    slug = entry.get("slug") or entities.organisation_key(entry["name"])
    values = {
        "name": entry["name"],
        "kind": entry["kind"],
        "country": country,
        "short_name": entry.get("short_name", ""),
        "aliases": entry.get("aliases", []),
    }
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return Organisation.objects.create(
            slug=_free_slug(Organisation, slug, None, max_length=220), **values
        )
    return _update(organisation, **values)


def _update(obj: models.Model, **values: Any) -> models.Model:
    """Give ``obj`` the backup's values (a slug only when no other row holds it)."""
    if "slug" in values:
        slug = values.pop("slug")
        if not type(obj).objects.filter(slug=slug).exclude(pk=obj.pk).exists():
            values["slug"] = slug
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return obj


def _free_slug(model: type[models.Model], slug: str, pk: int | None, *, max_length: int) -> str:
    """``slug`` if no other row holds it, else the next free variant ("slug-2", ...)."""
    taken = model.objects.filter(slug=slug).exclude(pk=pk).exists()
    return unique_slug(model, slug, max_length=max_length) if taken or not slug else slug
