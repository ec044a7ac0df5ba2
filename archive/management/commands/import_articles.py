"""Import article files: ``python manage.py import_articles PATH...``.

Takes ``.txt`` files, saved web pages (``.html``, ``.htm``) and web archives (``.warc``,
``.warc.gz``), given directly or in folders (recursive). Prints a progress bar on a terminal
(plain lines otherwise), one line per failed file or record naming it and the reason, and a closing
summary. Exits with status 1 if any file failed or the search index could not be updated.
"""

from __future__ import annotations

import argparse
import errno
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.pipeline import (
    FAILED,
    MAX_WORKERS,
    SKIPPED,
    find_article_files,
    import_paths,
)
from archive.search import indexing
from archive.search.base import SearchUnavailable


class Command(BaseCommand):
    help = (
        "Import article files (.txt, .html, .htm, .warc, .warc.gz) from files and folders "
        "(recursive) into the archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", help="Files or folders of articles: .txt, .html, .warc(.gz)."
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Do not update the search index (run rebuild_index afterwards).",
        )
        parser.add_argument(
            "--workers",
            type=_workers,
            default=None,
            help=(
                "Processes that read and extract files while this one saves them; 0 reads them "
                "here. Default: one per CPU (at most 8) for 200 files or more, else 0."
            ),
        )

    def handle(self, *args, paths, no_index, workers=None, **options):
        total = sum(1 for _ in find_article_files(paths))
        is_tty = self.stdout.isatty()
        bar = tqdm(total=total, unit="file", disable=not is_tty, file=sys.stdout, leave=False)
        done = 0

        def on_source(path):
            nonlocal done
            done += 1
            bar.update(1)

        def on_file(path, outcome, failure):
            if outcome == FAILED:
                bar.clear()
                self.stderr.write(f"failed: {failure}")
            elif not is_tty and outcome != SKIPPED:
                self.stdout.write(f"[{done + 1}/{total}] {outcome}: {path}")

        report = import_paths(paths, on_file=on_file, on_source=on_source, workers=workers)
        bar.close()

        index_failed = False
        if not no_index and (report.changed_ids or report.unchanged_ids):
            try:
                indexing.index_articles(report.changed_ids)
                # An earlier run killed between its database writes and its index commit left
                # articles that are unchanged now but missing or stale in the index.
                indexing.bring_up_to_date(report.unchanged_ids)
            except Exception as exc:  # noqa: BLE001 - the articles are saved; say what to run
                index_failed = True
                self.stderr.write(
                    f"search index not updated: {_problem(exc)}. The articles are saved; "
                    "run check_index --repair once that is fixed."
                )

        self.stdout.write(report.summary())
        if report.counts[FAILED]:
            raise CommandError(f"{report.counts[FAILED]} file(s) failed", returncode=1)
        if index_failed:
            raise CommandError("the search index is behind the database", returncode=1)


def _workers(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = -1
    if not 0 <= count <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"a number from 0 to {MAX_WORKERS}, not {value!r}")
    return count


def _problem(exc: Exception) -> str:
    """What went wrong while indexing, in words: the disk is full, the folder is read-only..."""
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        if exc.errno == errno.ENOSPC:
            return f"the disk is full{where}"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return f"the index folder cannot be written{where}: {exc.strerror}"
        return f"{exc.strerror or exc}{where}"
    if isinstance(exc, SearchUnavailable):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
