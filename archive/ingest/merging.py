"""Merging duplicates: one person or organisation, one row, every appearance kept.

``merge_officials`` and ``merge_organisations`` are one merge (``_merge``) over what differs:
the row, its appearances in articles, what survives when both appeared in one article, and what
the kept row takes from the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Count

from archive.extraction import vocabulary as vocab
from archive.extraction.text import fold_key
from archive.ingest import mentions
from archive.ingest.pipeline import mark_corrected
from archive.models import Article, ArticleOfficial, ArticleOrganisation, Official, Organisation


@dataclass(frozen=True)
class MergeResult:
    kept: models.Model
    merged_count: int
    article_ids: list[int]


@dataclass(frozen=True)
class _Entity:
    """What a merge needs to know about one kind of entity."""

    model: type[models.Model]
    through: type[models.Model]  # its appearances in articles
    field: str  # the through model's foreign key to the entity
    corrected: str  # the article field an editor's merge corrects
    # Both rows appeared in one article: fold the duplicate's appearance into the kept one.
    combine: Callable[[models.Model, models.Model], None]
    # The kept row takes what it lacks from the duplicates (saved by the merge).
    absorb: Callable[[models.Model, Sequence[models.Model]], list[str]]


def _merge(entity: _Entity, rows: Sequence[models.Model], keep: models.Model | None) -> MergeResult:
    """Keep ``keep``, else the row with most appearances (then the oldest); re-point the others'
    appearances, let the kept row absorb the others, delete them, and mark the articles touched
    as corrected so that a re-import does not split the entity again."""
    ranked = sorted(
        entity.model.objects.filter(pk__in=[r.pk for r in rows]).annotate(n=Count("appearances")),
        key=lambda r: (keep is None or r.pk != keep.pk, -r.n, r.pk),
    )
    kept, duplicates = ranked[0], ranked[1:]
    article_ids: set[int] = set()
    with transaction.atomic():
        for appearance in entity.through.objects.filter(**{f"{entity.field}__in": duplicates}):
            article_ids.add(appearance.article_id)
            existing = entity.through.objects.filter(
                article_id=appearance.article_id, **{entity.field: kept}
            ).first()
            if existing is None:
                setattr(appearance, entity.field, kept)
                appearance.save(update_fields=[entity.field])
                continue
            entity.combine(existing, appearance)
            appearance.delete()
        changed = entity.absorb(kept, duplicates)
        if changed:
            kept.save(update_fields=changed)
        entity.model.objects.filter(pk__in=[d.pk for d in duplicates]).delete()
        for article in Article.objects.filter(pk__in=article_ids):
            mark_corrected(article, [entity.corrected])
            article.save(update_fields=["corrected_fields", "corrected_at"])
            mentions.record_mentions(article)
    return MergeResult(kept=kept, merged_count=len(duplicates), article_ids=sorted(article_ids))


def _keep_longer_title(existing: ArticleOfficial, appearance: ArticleOfficial) -> None:
    if len(appearance.title) > len(existing.title):
        existing.title = appearance.title
        existing.save(update_fields=["title"])


def _absorb_country(kept, duplicates) -> list[str]:
    if kept.country_id is None:
        kept.country_id = next((d.country_id for d in duplicates if d.country_id), None)
        if kept.country_id is not None:
            return ["country"]
    return []


def _absorb_organisations(kept: Organisation, duplicates: Sequence[Organisation]) -> list[str]:
    """Country, kind and short name where the kept one has none; every other name the duplicates
    go by (their names, acronyms and aliases) becomes an alias, so search still finds them."""
    changed = _absorb_country(kept, duplicates)
    if kept.kind == Organisation.Kind.OTHER:
        kind = next((d.kind for d in duplicates if d.kind != Organisation.Kind.OTHER), None)
        if kind:
            kept.kind = kind
            changed.append("kind")
    if not kept.short_name:
        short = next((d.short_name for d in duplicates if d.short_name), "")
        if short:
            kept.short_name = short
            changed.append("short_name")
    own = {fold_key(kept.name), fold_key(kept.short_name)}
    aliases: dict[str, str] = {}
    for name in [
        *kept.aliases,
        *(n for d in duplicates for n in (d.name, d.short_name, *d.aliases)),
    ]:
        key = fold_key(name or "")
        if key and key not in own:
            aliases.setdefault(key, name)
    if list(aliases.values()) != list(kept.aliases):
        kept.aliases = list(aliases.values())
        changed.append("aliases")
    return changed


_OFFICIALS = _Entity(
    model=Official,
    through=ArticleOfficial,
    field="official",
    corrected="officials",
    combine=_keep_longer_title,
    absorb=_absorb_country,
)
_ORGANISATIONS = _Entity(
    model=Organisation,
    through=ArticleOrganisation,
    field="organisation",
    corrected="organisations",
    combine=lambda existing, appearance: None,  # a link has nothing of its own to keep
    absorb=_absorb_organisations,
)


def merge_officials(officials: list[Official], keep: Official | None = None) -> MergeResult:
    """One person: where both appeared in one article, the longer title is kept."""
    return _merge(_OFFICIALS, officials, keep)


def merge_organisations(
    organisations: list[Organisation], keep: Organisation | None = None
) -> MergeResult:
    """One organisation ("JICA" and "Japan International Cooperation Agency"): the others'
    names and acronyms become the kept one's aliases."""
    return _merge(_ORGANISATIONS, organisations, keep)


# --- Possible duplicates: pairs an editor should look at ---------------------------------------

# Words of a title too common to say two roles overlap: "of the", "deputy", "provincial".
_SMALL_TITLE_WORDS = vocab.FUNCTION_WORDS | vocab.TITLE_CONNECTORS | vocab.MODIFIERS


@dataclass(frozen=True)
class DuplicatePair:
    """Two officials who may be one person, why, and which one to keep by default."""

    suggested: Official  # kept by the one-click merge: the full name, else more articles
    other: Official
    reason: str
    articles: int = 0  # articles that name both (a short name next to the full one)


def _folded(name: str) -> str:
    return " ".join(fold_key(name).replace("-", " ").split())


def _within_one_edit(a: str, b: str) -> bool:
    """Levenshtein distance of one at most (a substitution, an insertion or a deletion)."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _deletion_keys(text: str) -> set[str]:
    """The string and every one-letter deletion of it: two strings one edit apart share a key."""
    return {text, *(text[:i] + text[i + 1 :] for i in range(len(text)))}


def _role_words(titles: list[str]) -> set[str]:
    return {
        word
        for title in titles
        for word in _folded(title).replace(",", " ").replace("'s", " ").split()
        if word not in _SMALL_TITLE_WORDS and len(word) > 1
    }


def possible_duplicates() -> list[DuplicatePair]:
    """Officials who are likely one person, for an editor to merge or leave:

    - a short name in the same article as a full name holding it: "Kim" beside "Kim Jong-soo",
      "Thanh" beside "Nguyen Van Thanh" (the extractor merges these within one article; rows
      like these come from articles that name only the short form, or from older imports);
    - a name written with a form of address ("Comrade Nguyen Van Thanh", from older imports) and
      the same name without it;
    - two spellings one letter apart ("Nguyen Van Thanh", "Nguyen Van Tanh") with the same country
      and a title word in common.
    """
    officials = {
        o.pk: o for o in Official.objects.select_related("country").annotate(n=Count("articles"))
    }
    folded = {pk: _folded(o.name) for pk, o in officials.items()}
    pairs: dict[tuple[int, int], DuplicatePair] = {}

    def add(keep: Official, other: Official, reason: str, articles: int = 0) -> None:
        key = (min(keep.pk, other.pk), max(keep.pk, other.pk))
        pairs.setdefault(key, DuplicatePair(keep, other, reason, articles))

    # A short name beside a full name that holds it, in one article.
    short = {pk for pk, name in folded.items() if " " not in name}
    shared: dict[tuple[int, int], int] = {}
    if short:
        in_articles = ArticleOfficial.objects.filter(official_id__in=short).values_list(
            "article_id", "official_id"
        )
        by_article: dict[int, list[int]] = {}
        for article_id, official_id in in_articles:
            by_article.setdefault(article_id, []).append(official_id)
        for article_id, official_id in ArticleOfficial.objects.filter(
            article_id__in=list(by_article)
        ).values_list("article_id", "official_id"):
            for short_id in by_article[article_id]:
                if folded[short_id] in folded[official_id].split() and official_id != short_id:
                    shared[(official_id, short_id)] = shared.get((official_id, short_id), 0) + 1
    for (full_id, short_id), count in sorted(shared.items(), key=lambda item: -item[1]):
        add(
            officials[full_id],
            officials[short_id],
            f"“{officials[short_id].name}” is named beside “{officials[full_id].name}” in "
            f"{count} article{'s' if count != 1 else ''}",
            count,
        )

    # A form of address kept in a name.
    by_folded: dict[str, list[int]] = {}
    for pk, name in folded.items():
        by_folded.setdefault(name, []).append(pk)
    for pk, name in folded.items():
        words = name.split()
        start = 0
        while start < len(words) - 1 and " ".join(words[: start + 1]) not in _ADDRESS_FORMS:
            start += 1
        if start < len(words) - 1:
            bare = " ".join(words[start + 1 :])
            for other in by_folded.get(bare, []):
                add(
                    officials[other],
                    officials[pk],
                    f"“{officials[pk].name}” is “{officials[other].name}” with a form of address",
                )

    # Two spellings one letter apart, same country, a role in common.
    buckets: dict[str, list[int]] = {}
    for pk, name in folded.items():
        if " " in name and officials[pk].country_id is not None:
            for key in _deletion_keys(name):
                buckets.setdefault(key, []).append(pk)
    close: set[tuple[int, int]] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if (
                    officials[a].country_id == officials[b].country_id
                    and folded[a] != folded[b]
                    and _within_one_edit(folded[a], folded[b])
                ):
                    close.add((min(a, b), max(a, b)))
    if close:
        titles: dict[int, list[str]] = {}
        wanted = {pk for pair in close for pk in pair}
        for official_id, title in (
            ArticleOfficial.objects.filter(official_id__in=wanted)
            .exclude(title="")
            .values_list("official_id", "title")
            .distinct()
        ):
            titles.setdefault(official_id, []).append(title)
        for a, b in sorted(close):
            common = _role_words(titles.get(a, [])) & _role_words(titles.get(b, []))
            if not common:
                continue
            first, second = officials[a], officials[b]
            keep, other = (
                (first, second)
                if (-first.n, first.pk) <= (-second.n, second.pk)
                else (
                    second,
                    first,
                )
            )
            add(
                keep,
                other,
                f"“{first.name}” and “{second.name}” are spelt one letter apart, from "
                f"{first.country.name}, with a role in common ({', '.join(sorted(common))})",
            )
    return list(pairs.values())


_ADDRESS_FORMS = frozenset(_folded(word) for word in vocab.HONORIFICS)
