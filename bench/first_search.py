"""First-search latency: what a new server process pays for its first search.

    python -m bench.first_search build 10000 100000   # build each archive once, kept in var/
    python -m bench.first_search measure 10000 100000 [--before PATH] [--runs 5]

``build`` generates the benchmark corpus (bench/corpus.py), imports it with the real importer and
rebuilds the index into ``var/bench-first-search/<N>/`` (``BENCH_FIRST_SEARCH_DIR`` moves it); the
folder is kept so that later measurements need not import again.

``measure`` starts fresh Python processes over such an archive and times, in each, the first
request of the search page for a broad query with its facets (``q=investment``), through Django's
test client (so templates, SQL, labels and the index all count), then a second request. Each
variant runs ``--runs`` times, interleaved, so the machine's load falls on all of them alike:

- ``before``: the code in ``--before`` (a checkout of an older commit, e.g. made with
  ``git worktree add /tmp/warm-before e40bfd8``) over the same archive;
- ``off``: this code with ``ARCHIVE_SEARCH_ARRAYS=0`` (no arrays files read or written: every
  process builds the index's per-segment arrays from its postings, as before);
- ``files``: this code as configured by default, loading each segment's arrays from its file.

Each process reports: ``startup`` (importing archive.wsgi as a gunicorn worker does: Django set
up, then the index opened and warmed by one search), ``first`` (its first search page, a broad query
with facets), ``second`` (another query right after) and ``reopen`` (a third query after the process
has dropped its searcher and every segment's in-memory arrays, as when another process has swapped
in a rebuilt index: the new segments' arrays are loaded from their files, or built). The last lines
are ``first_search: articles=N before_ms=X files_ms=Y ratio=X/Y`` per size (medians).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_ROOT = REPO / "var" / "bench-first-search"


def archive_root(count: int) -> Path:
    return Path(os.environ.get("BENCH_FIRST_SEARCH_DIR", DEFAULT_ROOT)) / str(count)


def _environment(data_dir: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("DATABASE_URL", None)
    environment.pop("ARCHIVE_SEARCH_BACKEND", None)
    environment.update(
        ARCHIVE_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="archive.settings",
        DJANGO_DEBUG="0",
        ALLOWED_HOSTS="localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    return environment


def build(count: int) -> None:
    """Generate, import and index ``count`` articles into archive_root(count), once.

    Resumable: an archive whose import finished (the ``imported`` file) is only indexed again.
    """
    root = archive_root(count)
    if (root / "done").exists():
        print(f"{root}: already built")
        return
    if not (root / "imported").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
    os.environ.update(_environment(root / "data"))

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)

    from archive.ingest.pipeline import import_paths
    from archive.search import indexing
    from bench.corpus import DEFAULT_SEED, write_corpus

    if not (root / "imported").exists():
        corpus = root / "corpus"
        write_corpus(corpus, count, DEFAULT_SEED)
        started = time.perf_counter()
        report = import_paths([corpus])
        print(f"{count}: imported in {time.perf_counter() - started:.0f} s: {report.counts}")
        shutil.rmtree(corpus, ignore_errors=True)
        (root / "imported").write_text(f"{report.counts}\n")
    started = time.perf_counter()
    indexing.rebuild()
    print(f"{count}: indexed in {time.perf_counter() - started:.0f} s")
    (root / "done").write_text("built\n")


def build_replicated(count: int, source: int) -> None:
    """An index of ``count`` documents made of archive_root(source)'s articles repeated under new
    ids (``id + k * REPLICA_ID_STEP``), beside a copy of its database: a large index in minutes
    where importing ``count`` articles takes an hour on a busy machine. Only the backend-level
    measurement (``measure --level backend``) fits it: most of its ids have no article."""
    from dataclasses import replace

    origin = archive_root(source)
    if not (origin / "done").exists():
        raise SystemExit(f"build {source} first")
    root = archive_root(count)
    if (root / "done").exists():
        print(f"{root}: already built")
        return
    shutil.rmtree(root, ignore_errors=True)
    (root / "data").mkdir(parents=True)
    for name in ("archive.sqlite3", "secret_key"):
        shutil.copy2(origin / "data" / name, root / "data" / name)
    os.environ.update(_environment(root / "data"))

    import django

    django.setup()
    from archive.search import get_backend
    from archive.search.indexing import iter_documents

    originals = list(iter_documents())
    copies = -(-count // len(originals))

    def documents():
        for k in range(copies):
            for document in originals:
                shift = k * REPLICA_ID_STEP
                story = document.story + shift if document.story else None
                yield replace(document, id=document.id + shift, story=story)

    started = time.perf_counter()
    indexed = get_backend().rebuild(itertools.islice(documents(), count))
    print(f"{count}: {indexed} documents indexed in {time.perf_counter() - started:.0f} s")
    (root / "replicated").write_text(f"from {source}\n")
    (root / "done").write_text("built\n")


REPLICA_ID_STEP = 10_000_000

# Runs in a fresh interpreter, in this checkout or the --before one (whose code it then imports):
# only names both have (django, the test client, the backend's cache and close).
CHILD = """
import json, time
started = time.perf_counter()
import archive.wsgi  # what a gunicorn worker imports: Django set up, then the index warmed
from django.test import Client
import archive
from archive.search import get_backend
startup = time.perf_counter() - started
client = Client(HTTP_HOST="localhost")

def page(params):
    started = time.perf_counter()
    response = client.get("/search/", params)
    assert response.status_code == 200, response.status_code
    return (time.perf_counter() - started) * 1000

first = page({"q": "investment"})
second = page({"q": "industrial park", "sort": "newest"})
backend = get_backend()
with backend._read_lock:
    backend._close()
    backend._segment_cache.clear()
reopen = page({"q": "Japanese ODA"})
print(json.dumps({"startup": startup * 1000, "first": first, "second": second, "reopen": reopen,
                  "code": archive.__file__}))
"""
# The same in the search backend alone: no page, no database (what `--level backend` measures).
BACKEND_CHILD = """
import json, time
started = time.perf_counter()
import django
django.setup()
import archive
from archive.search import get_backend
from archive.search.base import SearchQuery
startup = time.perf_counter() - started
backend = get_backend()

def search(text):
    started = time.perf_counter()
    results = backend.search(SearchQuery(text=text))
    assert results.total and results.facets
    return (time.perf_counter() - started) * 1000

first = search("investment")
second = search("industrial park")
with backend._read_lock:
    backend._close()
    backend._segment_cache.clear()
reopen = search("Japanese ODA")
print(json.dumps({"startup": startup * 1000, "first": first, "second": second, "reopen": reopen,
                  "code": archive.__file__}))
"""
COLUMNS = ("startup", "first", "second", "reopen")


def _run_child(checkout: Path, data_dir: Path, extra: dict[str, str], level: str) -> dict:
    environment = {**_environment(data_dir), **extra}
    done = subprocess.run(
        [sys.executable, "-c", CHILD if level == "page" else BACKEND_CHILD],
        cwd=checkout,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{checkout}: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if not Path(result.pop("code")).resolve().is_relative_to(checkout.resolve()):
        raise RuntimeError(f"{checkout}: the child imported another checkout's code")
    return result


def measure(count: int, runs: int, before: Path | None, level: str) -> dict:
    data_dir = archive_root(count) / "data"
    if not (archive_root(count) / "done").exists():
        raise SystemExit(
            f"no archive of {count} articles: run `python -m bench.first_search build {count}`"
        )
    variants = {"off": (REPO, {"ARCHIVE_SEARCH_ARRAYS": "0"}), "files": (REPO, {})}
    if before is not None:
        variants = {"before": (before, {}), **variants}
    # An index written by older code has no files yet: the first process builds and saves them.
    if level == "page" and (archive_root(count) / "replicated").exists():
        raise SystemExit(f"the {count} archive is replicated: measure it with --level backend")
    preparing = _run_child(REPO, data_dir, {}, level)
    samples: dict[str, list[dict]] = {name: [] for name in variants}
    for _ in range(runs):  # interleaved: the machine's load falls on every variant alike
        for name, (checkout, extra) in variants.items():
            samples[name].append(_run_child(checkout, data_dir, extra, level))
    table = {
        name: {
            column: {
                "median_ms": round(statistics.median(s[column] for s in found), 1),
                "min_ms": round(min(s[column] for s in found), 1),
                "max_ms": round(max(s[column] for s in found), 1),
            }
            for column in COLUMNS
        }
        for name, found in samples.items()
    }
    return {
        "articles": count,
        "level": level,
        "runs": runs,
        "preparing_run": preparing,
        "variants": table,
    }


def _print(result: dict) -> None:
    print(
        f"\n{result['articles']:,} articles, {result['level']}, "
        f"{result['runs']} fresh processes per variant "
        f"(median [min-max] ms)"
    )
    print(f"{'variant':8} " + " ".join(f"{column:>24}" for column in COLUMNS))
    for name, row in result["variants"].items():
        cells = (
            f"{row[c]['median_ms']:8.1f} [{row[c]['min_ms']:.0f}-{row[c]['max_ms']:.0f}]"
            for c in COLUMNS
        )
        print(f"{name:8} " + " ".join(f"{cell:>24}" for cell in cells))
    first = result["preparing_run"]["first"]
    print(f"(the run before these, which found no files and saved them: first {first:.1f} ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_search")
    parser.add_argument("action", choices=("build", "measure"))
    parser.add_argument("articles", nargs="+", type=int)
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--level",
        choices=("page", "backend"),
        default="page",
        help="page: the search page (Django test client); backend: the search backend alone",
    )
    parser.add_argument(
        "--replicate-from",
        type=int,
        help="build: index another archive's articles repeated up to the size (no import)",
    )
    arguments = parser.parse_args(argv)
    if arguments.action == "build" and arguments.replicate_from:
        build_replicated(arguments.articles[0], arguments.replicate_from)
        return 0
    if arguments.action == "build":
        if len(arguments.articles) == 1:
            build(arguments.articles[0])
            return 0
        for count in arguments.articles:  # one process each: Django is set up once per process
            subprocess.run(
                [sys.executable, "-m", "bench.first_search", "build", str(count)], check=True
            )
        return 0
    results = [
        measure(count, arguments.runs, arguments.before, arguments.level)
        for count in arguments.articles
    ]
    for result in results:
        _print(result)
    for result in results:
        variants = result["variants"]
        files = variants["files"]["first"]["median_ms"]
        line = (
            f"first_search: articles={result['articles']} level={result['level']} files_ms={files}"
        )
        if "before" in variants:
            before = variants["before"]["first"]["median_ms"]
            line += f" before_ms={before} ratio={before / files:.1f}"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
