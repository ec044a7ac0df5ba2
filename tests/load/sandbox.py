"""A throwaway archive driven as its operators drive it: manage.py and gunicorn in subprocesses.

Each sandbox has its own data directory (SQLite database, search index, secret key), so a test can
kill its processes without touching the test database. DATABASE_URL is dropped: the subprocesses
always use the sandbox's own SQLite file.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import write_corpus

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DATABASE_FILE = "archive.sqlite3"


@dataclass(frozen=True)
class Sandbox:
    root: Path

    @classmethod
    def create(cls, root: Path) -> Sandbox:
        """A sandbox under ``root`` with a migrated, empty database (copied from a template)."""
        sandbox = cls(root)
        sandbox.data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(_migrated_template() / DATABASE_FILE, sandbox.database)
        return sandbox

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def database(self) -> Path:
        return self.data_dir / DATABASE_FILE

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    def env(self, **extra: str) -> dict[str, str]:
        return sandbox_env(self.data_dir, **extra)

    def manage(
        self, *args: str, timeout: float = 3600, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        """Run ``manage.py ARGS`` to the end; its output as text, never raising on failure."""
        return subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=REPO,
            env=self.env(**(env or {})),
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def start(self, *args: str) -> subprocess.Popen:
        """Start ``manage.py ARGS`` in the background (its output discarded)."""
        return subprocess.Popen(
            [PYTHON, "manage.py", *args],
            cwd=REPO,
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def article_count(self) -> int:
        """Articles committed to the database, read as another process would (no Django)."""
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=10) as db:
            return db.execute("SELECT count(*) FROM archive_article").fetchone()[0]

    def full_records(self) -> dict[str, dict]:
        """``export_articles --full`` by source file."""
        done = self.manage("export_articles", "--full")
        assert done.returncode == 0, done.stderr
        records = [json.loads(line) for line in done.stdout.splitlines()]
        return {record["source_file"]: record for record in records}


def sandbox_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of the archive's processes for this data directory."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        ARCHIVE_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="archive.settings",
        DJANGO_DEBUG="0",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


@functools.cache
def _migrated_template() -> Path:
    """One migrated database per test run; sandboxes copy it instead of migrating again."""
    root = Path(tempfile.mkdtemp(prefix="archive-sandbox-template-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    done = subprocess.run(
        [PYTHON, "manage.py", "migrate", "--noinput", "--verbosity", "0"],
        cwd=REPO,
        env=sandbox_env(root),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"migrate failed: {done.stderr}")
    # Fold the write-ahead log into the database file, so the file alone is the whole database.
    with sqlite3.connect(root / DATABASE_FILE) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
    return root


def write_articles(folder: Path, count: int) -> list[Path]:
    """``count`` generated article files (bench.corpus) under ``folder``, sorted as imported."""
    write_corpus(folder, count)
    return sorted(folder.rglob("*.txt"))


def kill_when(
    process: subprocess.Popen, ready: Callable[[], bool], *, timeout: float = 120
) -> bool:
    """SIGKILL ``process`` as soon as ``ready()`` holds; False if it ended before that."""
    deadline = time.monotonic() + timeout
    while process.poll() is None:
        if _holds(ready):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise TimeoutError("the condition to kill the process never came")
        time.sleep(0.005)
    return False


def _holds(condition: Callable[[], bool]) -> bool:
    try:
        return condition()
    except (sqlite3.Error, OSError):  # the database or index is being created right now
        return False
