"""The search page's result list as markup in one pass: ``{{ rows|result_items:money_filtered }}``.

Twenty results, each with a dozen filter links and its story's other versions, were rendered by
the template language node by node: the largest part of the page's rendering. This filter
writes the same markup from the rows archive/web/search.py builds, every value through
``html.escape`` (as the template's autoescaping did) and dates through the template's own
``date`` filter; only the snippet, which the search backend escapes itself, goes in as it is.
"""

from __future__ import annotations

from html import escape

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def result_items(rows, money_filtered=False) -> SafeString:
    """``<li class="article-item">`` per result row: title, date and source, the largest figure,
    the snippet, the filter links, and the other versions of the story."""
    return mark_safe("".join(_item(row, money_filtered) for row in rows))


def _item(row: dict, money_filtered: bool) -> str:
    article, hit, url = row["article"], row["hit"], row["url"]
    title = escape(article.title)
    heading = f'<a href="{escape(url)}">{title}</a>' if url else title
    if article.published:
        when = (
            f'<time datetime="{escape(date_filter(article.published, "Y-m-d"))}">'
            f"{escape(date_filter(article.published, 'j F Y'))}</time>"
        )
    else:
        when = "undated"
    source = f" · {escape(article.source)}" if article.source else ""
    figure = row["figure"]
    if figure:
        figure = (
            f'<p class="figure">Largest figure{" in this search" if money_filtered else ""}: '
            f"{escape(figure['text'])} (about {escape(figure['usd'])}, "
            f"{escape(figure['measure'])})</p>"
        )
    links = "".join(
        f'<li class="tag tag-{escape(kind)}"><a href="{escape(link)}" title="Add this filter">'
        f"{escape(name)}</a></li>"
        for kind, name, link in row["filter_links"]
    )
    return (
        '\n      <li class="article-item">\n'
        f'        <h2 class="result-title">{heading}</h2>\n'
        '        <p class="meta">\n'
        f"          {when}{source}\n"
        "        </p>\n"
        f"        {figure or ''}\n"
        f'        <p class="snippet">{hit.snippet_html}</p>\n'
        '        <ul class="entities" aria-label="Filter by what this article names">\n'
        f"          {links}\n"
        "        </ul>\n"
        f"        {_versions(row['versions'], hit.versions)}\n"
        "      </li>\n    "
    )


def _versions(versions: list[dict], matched: int) -> str:
    """'3 versions (2 match): also published by ...': the story's other outlets, each linked."""
    if not versions:
        return ""
    others = "; ".join(_version(version) for version in versions)
    match = f" ({matched} match)" if matched > 1 else ""
    return (
        f'<p class="versions"><span class="versions-count">{len(versions) + 1} versions</span>'
        f"{match}: also published by\n          {others}</p>"
    )


def _version(version: dict) -> str:
    other, url = version["article"], version["url"]
    outlet = escape(other.source or other.publisher or "another outlet")
    when = escape(date_filter(other.published, "j M Y")) if other.published else "undated"
    text = f"{outlet}, “{escape(other.title)}”, {when}"
    return f'<a href="{escape(url)}">{text}</a>' if url else text
