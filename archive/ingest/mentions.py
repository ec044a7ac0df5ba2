"""Where an article's text names its entities: spans recorded when the entities are saved.

The article page links the first mention of each country, locality, official and organisation
from these spans, so a page view never searches the text for names again. The spans are recorded
whenever an article's entities are written: at import, at restore, when an editor saves the
article, when officials or organisations are merged.

Each occurrence of any entity's name claims its stretch of text, longest first where names
overlap: "Hue" inside "Vuong Dinh Hue" belongs to the official, never to the city, even where
that official's first mention was linked earlier in the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from archive.extraction import gazetteer
from archive.extraction.text import fold_diacritics, is_word_character
from archive.extraction.types import Extraction
from archive.models import Article

if TYPE_CHECKING:  # the cache only passes through here
    from archive.ingest.entities import EntityCache

COUNTRY, LOCALITY, OFFICIAL, ORGANISATION = "country", "locality", "official", "organisation"
# The article fields an editor corrects that decide which entities the text is searched for.
ENTITY_FIELDS = ("countries", "localities", "officials", "organisations")


@dataclass(frozen=True)
class NamedEntity:
    kind: str  # COUNTRY, LOCALITY, OFFICIAL or ORGANISATION
    pk: int
    names: tuple[str, ...]  # what the text may call it


def named_entities(article: Article) -> list[NamedEntity]:
    """The article's entities with the names its text may use (the gazetteers' aliases too)."""
    entities = [
        NamedEntity(COUNTRY, c.pk, (c.name, *gazetteer.country_aliases(c.code)))
        for c in article.countries.all()
    ]
    entities += [
        NamedEntity(
            LOCALITY,
            loc.pk,
            (loc.name, loc.name_local, *gazetteer.locality_aliases(loc.name, loc.country.code)),
        )
        for loc in article.localities.select_related("country")
    ]
    # An editor may give a name its diacritics ("Itō Naoki") where the text has none.
    entities += [
        NamedEntity(OFFICIAL, a.official_id, (a.official.name, fold_diacritics(a.official.name)))
        for a in article.appearances.select_related("official")
    ]
    entities += [
        NamedEntity(ORGANISATION, o.pk, organisation_names(o.name, o.short_name, o.aliases))
        for o in article.organisations.all()
    ]
    return entities


def organisation_names(name: str, short_name: str | None, aliases) -> tuple[str, ...]:
    """What a text may call an organisation: its name, its short name or acronym, its aliases."""
    return (name, short_name or "", *aliases)


def from_extraction(extracted: Extraction, cache: EntityCache) -> list[NamedEntity]:
    """The entities an import links, with their names, from the extraction and the import's
    entity cache: the same as ``named_entities`` of the saved article, without its queries."""
    implied = [country.code for country in extracted.implied_countries]
    codes = dict.fromkeys([*extracted.countries, *implied])
    entities = [
        NamedEntity(COUNTRY, cache.country_pk(code), _country_names(code)) for code in codes
    ]
    entities += [
        NamedEntity(
            LOCALITY,
            cache.locality_pk(mention),
            (
                mention.name,
                mention.name_local,
                *_locality_aliases(mention.name, mention.country),
            ),
        )
        for mention in extracted.localities
    ]
    officials = extracted.officials
    entities += [
        NamedEntity(OFFICIAL, pk, (mention.name, fold_diacritics(mention.name)))
        for mention, pk in zip(officials, cache.official_pks(officials), strict=True)
    ]
    # The rows' own names (an editor may have renamed one or given it aliases), as saved.
    entities += [
        NamedEntity(ORGANISATION, row.pk, organisation_names(row.name, row.short_name, row.aliases))
        for row in cache.organisations(extracted.organisations)
    ]
    return entities


# The gazetteers' names of a country or place, made once per process (they are read-only data).
@lru_cache(maxsize=1024)
def _country_names(code: str) -> tuple[str, ...]:
    return (gazetteer.country_name(code), *gazetteer.country_aliases(code))


@lru_cache(maxsize=1 << 14)
def _locality_aliases(name: str, code: str) -> tuple[str, ...]:
    return tuple(gazetteer.locality_aliases(name, code))


def _whole_word_spans(name: str, text: str) -> Iterator[tuple[int, int]]:
    r"""Where ``name`` occurs in ``text`` with no word character just before or after it: what
    ``(?<!\w)name(?!\w)`` finds, by str.find (a pattern that starts with a look-behind tries
    every position of the text in turn)."""
    size, end = len(name), len(text)
    at = text.find(name)
    while at >= 0:
        after = at + size
        if (at == 0 or not is_word_character(text, at - 1)) and (
            after == end or not is_word_character(text, after)
        ):
            yield at, after
            at = text.find(name, after)
        else:
            at = text.find(name, at + 1)


def first_mentions(text: str, entities: Iterable[NamedEntity]) -> list[list]:
    """``[kind, pk, start, end]`` of each entity's first mention in ``text``, in text order.

    Names match whole words, exactly as written. Every occurrence of every name is a candidate;
    an occurrence inside an earlier or longer one is not a mention of its own.
    """
    candidates: list[tuple[int, int, str, int]] = []
    for entity in entities:
        for name in {n.strip() for n in entity.names if n and n.strip()}:
            for start, end in _whole_word_spans(name, text):
                candidates.append((start, end, entity.kind, entity.pk))
    candidates.sort(key=lambda c: (c[0], c[0] - c[1]))  # leftmost, then longest
    spans: list[list] = []
    linked: set[tuple[str, int]] = set()
    claimed_until = 0
    for start, end, kind, pk in candidates:
        if start < claimed_until:
            continue
        claimed_until = end
        if (kind, pk) not in linked:
            linked.add((kind, pk))
            spans.append([kind, pk, start, end])
    return spans


def record_mentions(article: Article) -> None:
    """Find and save the article's mention spans from its body and its current entities."""
    article.mention_spans = first_mentions(article.body, named_entities(article))
    Article.objects.filter(pk=article.pk).update(mention_spans=article.mention_spans)


def record_mentions_of(article_ids: Iterable[int]) -> None:
    for article in Article.objects.filter(pk__in=list(article_ids)):
        record_mentions(article)
