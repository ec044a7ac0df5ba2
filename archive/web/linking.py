"""An article's text as HTML with the first mention of each of its entities linked.

The mentions were found when the entities were saved (archive.ingest.mentions); this only renders
them, so a page view never searches the text for names. A span whose entity the article no longer
has (an editor removed it) is left as plain text.

Safety by construction: every piece of the text is escaped on its own, and links are built only
around those escaped pieces, from escaped URLs and labels.
"""

from __future__ import annotations

from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from archive.models import Article
from archive.web.links import url_of


def _entities_by_kind(article: Article) -> dict[str, dict[int, object]]:
    """The article's current entities (as prefetched by ArticleQuerySet.with_entities)."""
    return {
        "country": {c.pk: c for c in article.countries.all()},
        "locality": {loc.pk: loc for loc in article.localities.all()},
        "official": {a.official_id: a.official for a in article.appearances.all()},
        "organisation": {
            link.organisation_id: link.organisation for link in article.organisation_links.all()
        },
    }


def linked_body(article: Article) -> SafeString:
    """The body escaped, paragraphs kept, and each entity's first mention made a link."""
    text = article.body
    entities = _entities_by_kind(article)
    parts, position = [], 0
    for kind, pk, start, end in sorted(article.mention_spans or (), key=lambda span: span[2]):
        entity = entities.get(kind, {}).get(pk)
        if entity is None or start < position or end > len(text):
            continue
        url = url_of(entity)
        if not url:  # a slug no URL can hold: the mention stays plain text
            continue
        parts.append(escape(text[position:start]))
        parts.append(
            f'<a class="entity entity-{escape(kind)}" href="{escape(url)}" '
            f'title="{escape(entity.name)}">{escape(text[start:end])}</a>'
        )
        position = end
    parts.append(escape(text[position:]))
    # Every piece is escaped text or markup built above from escaped values.
    return mark_safe(linebreaks("".join(parts), autoescape=False))
