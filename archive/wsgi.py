"""WSGI entry point (gunicorn archive.wsgi)."""

import gc
import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()

# Each server process opens the index before its first visitor, not during their request.
from archive.search import indexing  # noqa: E402 - needs the apps that get_wsgi_application() set up

indexing.warm_up()


def _render_a_search_page() -> None:
    """Answer one search page inside the process, so that its first visitor does not pay for what
    only a first request does: loading the view modules and URL patterns, compiling the
    templates (kept by the cached template loader), the first facet labels and queries."""
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    hosts = [h for h in settings.ALLOWED_HOSTS if h and "*" not in h and not h.startswith(".")]
    try:
        response = Client(HTTP_HOST=(hosts or ["localhost"])[0]).get(reverse("search"), secure=True)
    except Exception:  # noqa: BLE001 - warming is best effort; a real request will say what fails
        logging.getLogger("archive").warning("warming the search page failed", exc_info=True)
        return
    if response.status_code != 200:
        logging.getLogger("archive").info("warming the search page: %s", response.status_code)


_render_a_search_page()

# What exists now (Django, the URL patterns, the opened index) lives as long as the process: the
# garbage collector need not walk it again in every full collection, which cost a search request
# about a fifth of its CPU time. Objects made by requests are collected as before.
gc.freeze()
