"""Compare the search index with the database: ``python manage.py check_index [--repair]``.

Reports articles missing from the index, articles whose indexed document is stale (it differs
from what the database would index now) and ids in the index that are no longer in the database.
Exit status 1 when something was found and not repaired.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.search import indexing
from archive.search.base import SearchUnavailable

SHOWN_IDS = 20  # ids listed per kind of problem; the count says how many there are


class Command(BaseCommand):
    help = "Report articles missing from, stale in or unknown to the search index; --repair fixes."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Index the missing and stale articles again and remove the unknown ids.",
        )

    def handle(self, *args, repair: bool, **options):
        check = indexing.check_index()
        if check.ok:
            self.stdout.write("the index agrees with the database")
            return
        for label, ids in (
            ("missing from the index", check.missing),
            ("stale in the index", check.stale),
            ("in the index but not in the database", check.phantom),
        ):
            if ids:
                self.stdout.write(f"{len(ids)} article id(s) {label}: {_listing(ids)}")
        if not repair:
            raise CommandError(
                "the index disagrees with the database; run check_index --repair", returncode=1
            )
        try:
            indexing.repair_index(check)
        except SearchUnavailable as exc:
            raise CommandError(f"could not repair the index: {exc}", returncode=1) from exc
        self.stdout.write(
            f"repaired: reindexed {len(check.missing) + len(check.stale)}, "
            f"removed {len(check.phantom)}"
        )
        if not indexing.check_index().ok:  # e.g. the database changed meanwhile
            raise CommandError("the index still disagrees; run check_index again", returncode=1)


def _listing(ids: list[int]) -> str:
    shown = ", ".join(str(i) for i in ids[:SHOWN_IDS])
    return shown + (f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else "")
