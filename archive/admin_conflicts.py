"""Optimistic concurrency for the article change form: an editor never loses work silently.

The form carries, in a hidden field, what the article looked like when the editor opened it: a
short digest of each part an editor sees (title, date, ..., officials, money figures), the
article's ``updated_at`` and ``corrected_at``. When the form comes back and the article has
changed since (a re-import, a restore, another editor), the save is refused with a message that
says what changed and when, and the form is shown again with the editor's input:

- the article's own fields keep what the editor typed;
- the officials' (and organisations') rows are re-pointed at the rows the article has now (a
  re-import replaces them, so the ids the form held no longer exist): a row for an official the
  article still names becomes that row, with the editor's title; a row for an official it no
  longer names becomes a new row; officials the change added are shown too;
- the money figures, which editors cannot change, are the current ones;
- the hidden field says what the article looks like now, so saving again saves.

No migration: the digests are computed from the rows themselves.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format

from archive.models import Article

FIELD = "opened_version"  # the hidden form field
# The inline formsets whose rows name an entity: (prefix = related name, the entity's field).
# A re-import replaces these rows, so their ids change even when their content does not.
ENTITY_ROWS = (("appearances", "official"), ("organisation_links", "organisation"))
MONEY = "money_figures"  # read-only rows, also replaced by a re-import

# The parts of an article an editor sees on the form, as the conflict message names them.
PART_LABELS = {
    "title": "title",
    "published": "date",
    "source": "source",
    "publisher": "publisher",
    "author": "author",
    "countries": "countries",
    "localities": "localities",
    "body": "text",
    "officials": "officials",
    "organisations": "organisations",
    "money": "money figures",
}


def _parts(article: Article) -> dict[str, object]:
    return {
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "publisher": article.publisher,
        "author": article.author,
        "countries": sorted(article.countries.values_list("pk", flat=True)),
        "localities": sorted(article.localities.values_list("pk", flat=True)),
        "body": article.body,
        "officials": sorted(article.appearances.values_list("official", "title")),
        "organisations": sorted(article.organisation_links.values_list("organisation", flat=True)),
        "money": list(
            article.money_figures.order_by("pk").values_list("text", "amount", "currency")
        ),
    }


def _row_ids(article: Article) -> list[list[int]]:
    """The ids of the inline rows the form holds: a re-import replaces them even unchanged."""
    return [
        sorted(getattr(article, name).values_list("pk", flat=True))
        for name in [*(prefix for prefix, _ in ENTITY_ROWS), MONEY]
    ]


def _digest(value: object) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def version_of(article: Article) -> str:
    """The hidden field's value: what the article looks like now."""
    return json.dumps(
        {
            "updated_at": _iso(article.updated_at),
            "corrected_at": _iso(article.corrected_at),
            "parts": {name: _digest(value) for name, value in _parts(article).items()},
            "rows": _digest(_row_ids(article)),
        },
        separators=(",", ":"),
    )


@dataclass(frozen=True)
class Conflict:
    changed: tuple[str, ...]  # PART_LABELS values
    by: str  # "a re-import" or "another editor"
    at: datetime | None

    @property
    def message(self) -> str:
        when = ""
        if self.at:
            local = timezone.localtime(self.at)
            same_day = local.date() == timezone.localdate()
            when = " at " + date_format(local, "H:i" if same_day else "j M Y, H:i")
        what = f": {', '.join(self.changed)}" if self.changed else ""
        return (
            f"This article was changed by {self.by}{when} after you opened it{what}. "
            "Your edits are kept below; review them and save again."
        )


def is_stale(opened: str | None, article: Article) -> bool:
    """Whether the form was opened on another state of the article (False without the field)."""
    return bool(opened) and opened != version_of(article)


def conflict(opened: str | None, article: Article) -> Conflict | None:
    """What an editor would see changed since the form was opened, or None: unchanged, only
    re-saved (new row ids, same content: ``kept_input`` re-points the rows and the save goes on),
    or a form without the hidden field (nothing to compare with)."""
    if not opened:
        return None
    try:
        then = json.loads(opened)
        parts_then = dict(then["parts"])
    except (ValueError, TypeError, KeyError):
        then, parts_then = {}, {}
    now = json.loads(version_of(article))
    changed = tuple(
        PART_LABELS[name] for name, digest in now["parts"].items() if parts_then.get(name) != digest
    )
    if not changed:
        return None
    by_editor = then.get("corrected_at") != now["corrected_at"] and article.corrected_at
    return Conflict(
        changed=changed,
        by="another editor" if by_editor else "a re-import",
        at=article.updated_at,
    )


def kept_input(post: QueryDict, article: Article) -> QueryDict:
    """The editor's form data, re-pointed at the article as it is now (module docstring)."""
    data = post.copy()
    data[FIELD] = version_of(article)
    for prefix, entity in ENTITY_ROWS:
        if f"{prefix}-TOTAL_FORMS" in data:
            _repoint(data, article, prefix, entity)
    if f"{MONEY}-TOTAL_FORMS" in data:
        _current_money(data, article)
    return data


def _rows(data: QueryDict, prefix: str) -> list[dict[str, str]]:
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    rows = []
    for i in range(min(total, 1000)):
        start = f"{prefix}-{i}-"
        rows.append({key[len(start) :]: data.get(key) for key in data if key.startswith(start)})
        for key in [key for key in data if key.startswith(start)]:
            del data[key]
    return rows


def _write_rows(
    data: QueryDict, prefix: str, initial: list[dict[str, str]], extra: list[dict[str, str]]
) -> None:
    for i, row in enumerate([*initial, *extra]):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(len(initial) + len(extra))
    data[f"{prefix}-INITIAL_FORMS"] = str(len(initial))


def _repoint(data: QueryDict, article: Article, prefix: str, entity: str) -> None:
    """The editor's rows of one entity inline, each on the row that now names its entity."""
    rows = getattr(article, prefix).all()
    current = {getattr(row, f"{entity}_id"): row for row in rows}
    editable = [
        f.name
        for f in rows.model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name not in ("article", entity)
    ]
    initial, extra, seen = [], [], set()
    for row in _rows(data, prefix):
        try:
            pk = int(row.get(entity) or 0)
        except ValueError:
            pk = 0
        row["article"] = str(article.pk)
        if pk in current and pk not in seen:
            seen.add(pk)
            row["id"] = str(current[pk].pk)
            initial.append(row)
        elif not row.get("DELETE"):
            row["id"] = ""  # its entity is no longer named: the editor's row becomes a new one
            extra.append(row)
    for pk, link in current.items():
        if pk not in seen:  # named since the form was opened: shown as it is now
            initial.append(
                {"id": str(link.pk), "article": str(article.pk), entity: str(pk)}
                | {name: str(getattr(link, name)) for name in editable}
            )
    _write_rows(data, prefix, initial, extra)


def _current_money(data: QueryDict, article: Article) -> None:
    _rows(data, MONEY)
    rows = [
        {"id": str(pk), "article": str(article.pk)}
        for pk in article.money_figures.order_by("pk").values_list("pk", flat=True)
    ]
    _write_rows(data, MONEY, rows, [])
