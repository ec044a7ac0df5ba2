"""Compare the search index with the database: ``python manage.py check_index [--repair]``.

Reports articles missing from the index, articles whose indexed document is stale (it differs
from what the database would index now), ids in the index that are no longer in the database,
the changes still waiting in the index outbox (how many, and the oldest one's age) and what killed
rebuilds or writers left in the index folder (journals, temporary folders, old generations).
Exit status 1 when the index disagrees or changes are waiting, and nothing was repaired.
``--repair`` reindexes and removes what differs, drains the outbox and removes the leftovers.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.search import get_backend, indexing
from archive.search.base import SearchUnavailable

SHOWN_IDS = 20  # ids listed per kind of problem; the count says how many there are


class Command(BaseCommand):
    help = (
        "Report articles missing from, stale in or unknown to the search index, changes waiting in "
        "the index outbox and leftovers of killed runs; --repair fixes them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Index the missing and stale articles again, remove the unknown ids, drain the "
            "outbox and remove the leftovers of killed runs.",
        )

    def handle(self, *args, repair: bool, **options):
        check = indexing.check_index()
        outbox = indexing.outbox_state()
        leftovers = indexing.leftovers()
        has_index = getattr(get_backend(), "has_index", lambda: True)()
        if not has_index:
            self.stdout.write(
                "the search index is missing or cannot be opened; run rebuild_index"
                + (" (or check_index --repair)" if not repair else "")
            )
        if check.ok:
            self.stdout.write("the index agrees with the database")
        for label, ids in (
            ("missing from the index", check.missing),
            ("stale in the index", check.stale),
            ("in the index but not in the database", check.phantom),
        ):
            if ids:
                self.stdout.write(f"{len(ids)} article id(s) {label}: {_listing(ids)}")
        if outbox.rows:
            self.stdout.write(
                f"{outbox.rows} change(s) to {outbox.articles} article(s) waiting in the index "
                f"outbox, the oldest {_age(outbox.oldest_seconds)} old"
            )
        if leftovers:
            self.stdout.write(
                f"{len(leftovers)} leftover(s) of killed runs in the index folder: "
                f"{', '.join(leftovers[:SHOWN_IDS])}"
                + (f" and {len(leftovers) - SHOWN_IDS} more" if len(leftovers) > SHOWN_IDS else "")
            )
        if repair and leftovers:
            removed = indexing.remove_leftovers()
            self.stdout.write(f"removed {len(removed)} leftover(s)")
        if check.ok and not outbox.rows:
            return
        if not repair:
            what = "disagrees with" if not check.ok else "is behind"
            raise CommandError(
                f"the index {what} the database; run check_index --repair", returncode=1
            )
        try:
            indexing.repair_index(check)  # drains the outbox too
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


def _age(seconds: float | None) -> str:
    seconds = max(0, round(seconds or 0))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"
