"""An article's text as HTML with the first mention of each of its entities linked.

Safety by construction: the text is escaped first, names are escaped the same way, and links are
only ever put around exact matches inside that escaped text, so no unescaped character of the
article or of a name reaches the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from archive.extraction import gazetteer
from archive.models import Article


@dataclass(frozen=True)
class EntityLink:
    """Names that, where they first appear in the text, link to ``url``."""

    kind: str  # "country", "locality", "official": a CSS class
    url: str
    label: str
    names: tuple[str, ...]


def article_links(article: Article) -> list[EntityLink]:
    """The article's countries, localities and officials with the names the text may use."""
    links = [
        EntityLink(
            "country",
            c.get_absolute_url(),
            c.name,
            (c.name, *gazetteer.country_aliases(c.code)),
        )
        for c in article.countries.all()
    ]
    links += [
        EntityLink(
            "locality",
            loc.get_absolute_url(),
            loc.name,
            (
                loc.name,
                loc.name_local,
                *gazetteer.locality_aliases(loc.name, loc.country.code),
            ),
        )
        for loc in article.localities.all()
    ]
    links += [
        EntityLink("official", a.official.get_absolute_url(), a.official.name, (a.official.name,))
        for a in article.appearances.all()
    ]
    return links


def _first_match(escaped: str, names: tuple[str, ...], taken: list[tuple[int, int]]):
    """The earliest whole-word occurrence of any name not overlapping a span already linked."""
    best = None
    # Longer names first so "South Korea" wins over "Korea" at the same place.
    for name in sorted({n for n in names if n and n.strip()}, key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + re.escape(escape(name)) + r"(?!\w)")
        for match in pattern.finditer(escaped):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if best is None or start < best[0]:
                best = (start, end)
            break
    return best


def linked_body(text: str, links: list[EntityLink]) -> SafeString:
    """``text`` escaped, paragraphs kept, and each entity's first mention made a link."""
    escaped = escape(text)
    spans: list[tuple[int, int, EntityLink]] = []
    for link in links:
        found = _first_match(escaped, link.names, [(s, e) for s, e, _ in spans])
        if found:
            spans.append((*found, link))
    parts, position = [], 0
    for start, end, link in sorted(spans, key=lambda span: span[0]):
        parts.append(escaped[position:start])
        parts.append(
            f'<a class="entity entity-{link.kind}" href="{escape(link.url)}" '
            f'title="{escape(link.label)}">{escaped[start:end]}</a>'
        )
        position = end
    parts.append(escaped[position:])
    # Every piece is escaped text or markup built above from escaped values.
    return mark_safe(linebreaks("".join(parts), autoescape=False))
