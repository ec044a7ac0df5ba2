"""A throwaway archive for one benchmark run: its own data directory, SQLite and index."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BenchEnvironment:
    root: Path  # removed at the end unless kept
    data_dir: Path  # ARCHIVE_DATA_DIR: the database and the search index
    corpus_dir: Path  # the generated .txt files

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def prepare(backend: str = "whoosh") -> BenchEnvironment:
    """Point Django at a fresh temp data dir, set it up and migrate. Call before any model import.

    ARCHIVE_DATA_DIR must be set before django.setup(): the settings read it at import. DEBUG is
    forced off (with it on, Django keeps every SQL query in memory). With the Whoosh ``backend``
    DATABASE_URL is dropped so the run uses SQLite, which the FTS5 reference needs; with
    "postgres" DATABASE_URL must name an empty throwaway PostgreSQL database (bench.run starts
    one with scripts/with_postgres.sh).
    """
    root = Path(tempfile.mkdtemp(prefix="archive-bench-"))
    environment = BenchEnvironment(root=root, data_dir=root / "data", corpus_dir=root / "corpus")
    os.environ["ARCHIVE_DATA_DIR"] = str(environment.data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "archive.settings"
    os.environ["DJANGO_DEBUG"] = "0"
    # The pages are requested in-process as "localhost" over plain http.
    os.environ["ALLOWED_HOSTS"] = "localhost"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["ARCHIVE_SEARCH_BACKEND"] = backend
    if backend != "postgres":
        os.environ.pop("DATABASE_URL", None)
    elif not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("the postgres benchmark needs DATABASE_URL naming a throwaway database")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    return environment


def directory_bytes(path: Path) -> int:
    """The size of every file under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
