"""Rebuild the search index from the database: ``python manage.py rebuild_index``.

The new index is built beside the live one and swapped in, so searches never see a half-built index.
It covers the changes waiting in the index outbox (and removes them), and first removes what killed
rebuilds and writers left in the index folder (journals, temporary folders, old generations).
"""

from django.core.management.base import BaseCommand

from archive.search import indexing


class Command(BaseCommand):
    help = "Rebuild the full-text index from all articles in the database, then swap it in."

    def handle(self, *args, **options):
        count = indexing.rebuild()
        self.stdout.write(f"indexed {count} article{'' if count == 1 else 's'}")
