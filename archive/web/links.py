"""Links to articles and entities that never break a page.

Pages list many rows; one row whose slug no URL can hold (written around the model or its forms:
an empty slug, spaces, a slash) must not turn the whole page into a 500. ``url_of`` is the one
place pages ask for an object's URL: "" (with a warning in the log) when it has none, and the
``linked`` template filter (archive/templatetags/archive_links.py) then shows the bare name.
"""

from __future__ import annotations

import logging

from django.db import models
from django.urls import NoReverseMatch

logger = logging.getLogger(__name__)


def url_of(obj: models.Model | None) -> str:
    """``obj.get_absolute_url()``, or "" when its slug makes no URL (logged as a warning) or
    there is no object (a template's missing neighbour)."""
    if obj is None:
        return ""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        logger.warning(
            "%s %s has a slug no URL can hold (%r); shown without a link",
            type(obj).__name__,
            obj.pk,
            getattr(obj, "slug", None),
        )
        return ""


def absolute_url_of(request, obj: models.Model) -> str | None:
    """The object's full URL for JSON and downloads, or None when it has none."""
    url = url_of(obj)
    return request.build_absolute_uri(url) if url else None
