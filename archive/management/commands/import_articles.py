"""Import plain-text article files: ``python manage.py import_articles PATH...``.

Prints a progress bar on a terminal (plain lines otherwise), one line per failed file naming
the file and the reason, and a closing summary. Exits with status 1 if any file failed.
"""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.pipeline import FAILED, find_article_files, import_paths
from archive.search import indexing
from archive.search.base import SearchUnavailable


class Command(BaseCommand):
    help = "Import article files (.txt) from files and folders (recursive) into the archive."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders of .txt article files.")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Do not update the search index (run rebuild_index afterwards).",
        )

    def handle(self, *args, paths, no_index, **options):
        total = sum(1 for _ in find_article_files(paths))
        is_tty = self.stdout.isatty()
        bar = tqdm(total=total, unit="file", disable=not is_tty, file=sys.stdout, leave=False)
        done = 0

        def on_file(path, outcome, failure):
            nonlocal done
            done += 1
            bar.update(1)
            if outcome == FAILED:
                bar.clear()
                self.stderr.write(f"failed: {failure}")
            elif not is_tty:
                self.stdout.write(f"[{done}/{total}] {outcome}: {path}")

        report = import_paths(paths, on_file=on_file)
        bar.close()

        if not no_index and (report.changed_ids or report.unchanged_ids):
            try:
                indexing.index_articles(report.changed_ids)
                # An earlier run killed between its database writes and its index commit left
                # articles that are unchanged now but missing or stale in the index.
                indexing.bring_up_to_date(report.unchanged_ids)
            except SearchUnavailable as exc:
                self.stderr.write(f"search index not updated ({exc}); run rebuild_index")

        self.stdout.write(report.summary())
        if report.counts[FAILED]:
            raise CommandError(f"{report.counts[FAILED]} file(s) failed", returncode=1)
