"""A backup record checked the way the admin checks an editor's input, before anything is written.

``restore_articles`` writes rows around the admin's forms, so what the forms would refuse must be
refused here: a slug no URL can hold (``bad slug/../x``), a name longer than its column, a date
that is no date, a country code ISO 3166 does not have, a kind that is not one of the model's
choices. Each model field's own ``clean()`` (its validators, choices, length and blank rules) does
the checking, so a rule changed in archive/models.py changes here too.

``record_problems`` returns every problem of a record, each naming where it is and why
(``countries[0].slug 'a b': Enter a valid “slug” ...``); restore_record refuses a record with any.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from archive.extraction import gazetteer
from archive.models import (
    Article,
    ArticleOfficial,
    Country,
    Locality,
    MoneyFigure,
    Official,
    Organisation,
)

# Article fields as the record names them; a missing optional one (an older backup) is empty.
ARTICLE_FIELDS = (
    "source_file",
    "sha256",
    "title",
    "slug",
    "encoding",
    "source",
    "published",
    "published_origin",
    "body",
    "original_text",
    "corrected_at",
    "url",
    "publisher",
    "author",
    "crawled",
    "title_origin",
)
# Fields the record may leave null or out, restored as "" (or the model's default).
EMPTY_AS_BLANK = {"source", "url", "publisher", "author"}


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, what: str) -> None:
        self.problems.append(f"{where}: {what}")

    def field(self, model: type[models.Model], name: str, value: Any, where: str) -> None:
        """``value`` through the model field's clean(): type, blank, length, choices, validators."""
        field = model._meta.get_field(name)
        if isinstance(field, models.CharField | models.TextField) and not isinstance(value, str):
            if value is None and field.null:
                return
            self.problems.append(f"{where} {_shown(value)} is not text")
            return
        try:
            field.clean(value, None)
        except ValidationError as exc:
            self.problems.append(f"{where} {_shown(value)}: {' '.join(exc.messages)}")

    def entry(self, entry: Any, where: str, required: tuple[str, ...]) -> bool:
        """Whether ``entry`` is an object with the ``required`` keys (said when not)."""
        if not isinstance(entry, dict):
            self.add(where, "not a JSON object")
            return False
        missing = [key for key in required if key not in entry]
        if missing:
            self.add(where, f"no {', '.join(missing)}")
            return False
        return True

    def entries(self, value: Any, where: str) -> list:
        if not isinstance(value, list):
            self.add(where, "not a list")
            return []
        return value

    def country_code(self, code: Any, where: str, *, optional: bool = False) -> None:
        if code is None and optional:
            return
        if not isinstance(code, str) or len(code) != 2 or not code.isalpha():
            self.problems.append(
                f"{where} {_shown(code)} is not an ISO 3166-1 alpha-2 country code"
            )
            return
        try:
            gazetteer.country_name(code)
        except KeyError:
            self.problems.append(
                f"{where} {_shown(code)} is not an ISO 3166-1 alpha-2 country code"
            )


def record_problems(record: dict[str, Any]) -> list[str]:
    """Every problem of a full export record, where and why; [] when it can be restored."""
    check = _Checker()
    for name in ARTICLE_FIELDS:
        value = record.get(name)
        if name in EMPTY_AS_BLANK:
            value = value or ""
        elif name == "title_origin":
            value = value or Article.TitleOrigin.HEADLINE
        check.field(Article, name, value, name)
    corrected = record.get("corrected_fields")
    if not isinstance(corrected, list) or not all(isinstance(f, str) for f in corrected):
        check.add("corrected_fields", "not a list of field names")
    else:
        unknown = [f for f in corrected if f not in Article.CORRECTABLE_FIELDS]
        if unknown:
            check.problems.append(
                f"corrected_fields {_shown(unknown[0])} is not a field editors correct"
            )
    for i, entry in enumerate(check.entries(record.get("implied_countries") or [], "implied")):
        if check.entry(entry, f"implied_countries[{i}]", ("code", "place")):
            check.country_code(entry["code"], f"implied_countries[{i}].code")

    for i, entry in enumerate(check.entries(record.get("countries"), "countries")):
        where = f"countries[{i}]"
        if check.entry(entry, where, ("code", "name", "slug")):
            check.country_code(entry["code"], f"{where}.code")
            check.field(Country, "name", entry["name"], f"{where}.name")
            check.field(Country, "slug", entry["slug"], f"{where}.slug")

    for i, entry in enumerate(check.entries(record.get("localities"), "localities")):
        _locality(check, entry, f"localities[{i}]")
        if isinstance(entry, dict) and entry.get("became") is not None:
            _locality(check, entry["became"], f"localities[{i}].became")

    for i, entry in enumerate(check.entries(record.get("officials"), "officials")):
        where = f"officials[{i}]"
        if check.entry(entry, where, ("name", "slug", "kind", "country", "title")):
            check.country_code(entry["country"], f"{where}.country", optional=True)
            for name in ("name", "slug", "kind"):
                check.field(Official, name, entry[name], f"{where}.{name}")
            check.field(ArticleOfficial, "title", entry["title"], f"{where}.title")

    for i, entry in enumerate(check.entries(record.get("organizations") or [], "organizations")):
        where = f"organizations[{i}]"
        if check.entry(entry, where, ("name", "kind", "country")):
            check.country_code(entry["country"], f"{where}.country", optional=True)
            check.field(Organisation, "name", entry["name"], f"{where}.name")
            check.field(Organisation, "kind", entry["kind"], f"{where}.kind")
            if "slug" in entry:
                check.field(Organisation, "slug", entry["slug"], f"{where}.slug")
            if "short_name" in entry:
                check.field(Organisation, "short_name", entry["short_name"], f"{where}.short_name")

    for i, entry in enumerate(check.entries(record.get("money"), "money")):
        where = f"money[{i}]"
        if check.entry(entry, where, ("text", "amount", "currency")):
            check.field(MoneyFigure, "text", entry["text"], f"{where}.text")
            check.field(MoneyFigure, "currency", entry["currency"], f"{where}.currency")
            if entry.get("measure") is not None:
                check.field(MoneyFigure, "measure", entry["measure"], f"{where}.measure")
            amount = entry["amount"]
            number = None
            if isinstance(amount, int | float) and not isinstance(amount, bool):
                number = Decimal(str(amount))
            if number is None or not number.is_finite():
                check.problems.append(f"{where}.amount {_shown(amount)} is not a number")
            else:
                check.field(MoneyFigure, "amount", number, f"{where}.amount")
    return check.problems


def _locality(check: _Checker, entry: Any, where: str) -> None:
    if check.entry(entry, where, ("name", "name_local", "kind", "country", "slug")):
        check.country_code(entry["country"], f"{where}.country")
        for name in ("name", "name_local", "kind", "slug"):
            check.field(Locality, name, entry[name], f"{where}.{name}")


def _shown(value: Any) -> str:
    """The value as the message quotes it: repr, cut to 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
