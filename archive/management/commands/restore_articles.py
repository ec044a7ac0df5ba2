"""Restore articles from a backup: ``python manage.py restore_articles FILE``.

FILE (``-`` for stdin) holds JSON Lines written by ``export_articles --full``. Each record creates
or replaces the article with its source file; a bad line is reported with its number and reason,
and the others are restored. The restored articles are indexed (``--no-index`` skips that). Exit
status 1 if any line failed.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.backup import CREATED, REPLACED, RestoreError, restore_record
from archive.search import indexing
from archive.search.base import SearchUnavailable

FAILED = "failed"


class Command(BaseCommand):
    help = "Restore articles from JSON Lines written by `export_articles --full` (- for stdin)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup file, or - for stdin.")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Do not update the search index (run rebuild_index afterwards).",
        )

    def handle(self, *args, file: str, no_index: bool, **options):
        counts = {CREATED: 0, REPLACED: 0, FAILED: 0}
        restored: list[int] = []
        try:
            handle = sys.stdin if file == "-" else open(file, encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from exc
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    outcome, article = restore_record(json.loads(line))
                except Exception as exc:  # noqa: BLE001 - one bad line must not stop the others
                    counts[FAILED] += 1
                    self.stderr.write(f"failed: line {number}: {_reason(exc)}")
                    continue
                counts[outcome] += 1
                restored.append(article.pk)
        if restored and not no_index:
            try:
                indexing.index_articles(restored)
            except SearchUnavailable as exc:
                self.stderr.write(f"search index not updated ({exc}); run rebuild_index")
        self.stdout.write(", ".join(f"{name} {count}" for name, count in counts.items()))
        if counts[FAILED]:
            raise CommandError(f"{counts[FAILED]} line(s) failed", returncode=1)


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON ({exc.msg} at column {exc.colno})"
    return str(exc) if isinstance(exc, RestoreError) else f"{type(exc).__name__}: {exc}"
