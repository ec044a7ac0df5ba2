"""WSGI entry point (gunicorn archive.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()

# Each server process opens the index before its first visitor, not during their request.
from archive.search import indexing  # noqa: E402 - needs the apps that get_wsgi_application() set up

indexing.warm_up()
