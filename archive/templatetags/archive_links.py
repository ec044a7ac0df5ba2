"""``{{ obj|linked }}``: a link to an article or entity, or its bare name when it has no URL."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape, format_html

from archive.web.links import url_of

register = template.Library()


@register.filter
def linked(obj, text=None) -> str:
    """``<a href="URL">text</a>`` (text: the object's name by default), or the escaped text alone
    when the object's slug makes no URL (archive.web.links.url_of)."""
    if obj is None:
        return ""
    label = str(obj) if text is None else text
    url = url_of(obj)
    return format_html('<a href="{}">{}</a>', url, label) if url else conditional_escape(label)


@register.filter
def url_or_blank(obj) -> str:
    """The object's URL, or "" when its slug makes no URL: ``{% if url %}<a ...>{% endif %}``."""
    return url_of(obj)
