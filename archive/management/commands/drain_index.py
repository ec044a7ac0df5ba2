"""Index what the index outbox holds: ``python manage.py drain_index [--every SECONDS]``.

Every change to an article leaves a row in the outbox in its own transaction; web requests drain
it when the index lock is free within ARCHIVE_INDEX_WAIT_SECONDS and otherwise leave it. This
command drains it once (exit status 1 if it could not: the lock stayed busy, or the index is
missing, then run rebuild_index), or, with ``--every``, again and again until stopped or until the
process that started it is gone (``make serve`` runs it that way beside gunicorn). It never builds a
missing index.
"""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from archive.search import indexing
from archive.search.base import SearchUnavailable


class Command(BaseCommand):
    help = "Index the changes waiting in the index outbox (once, or every N seconds)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=float,
            metavar="SECONDS",
            help="Drain every SECONDS seconds until stopped (or until the parent process exits).",
        )

    def handle(self, *args, every: float | None, **options):
        if every is None:
            try:
                done = indexing.drain()
            except SearchUnavailable as exc:
                raise CommandError(f"outbox not drained: {exc}", returncode=1) from exc
            self.stdout.write(f"indexed the changes of {done} article(s)")
            return
        if every <= 0:
            raise CommandError("--every takes a number of seconds above 0")
        parent = os.getppid()
        problem = None
        while os.getppid() == parent:  # a server that died leaves no drainer behind
            close_old_connections()
            try:
                done = indexing.drain()
                if done:
                    self.stdout.write(f"indexed the changes of {done} article(s)")
                problem = None
            except Exception as exc:  # noqa: BLE001 - say it once, keep trying
                if str(exc) != problem:
                    problem = str(exc)
                    self.stderr.write(f"outbox not drained: {exc}")
            self.stdout.flush()
            time.sleep(every)
