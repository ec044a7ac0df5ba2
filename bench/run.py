"""One benchmark run: generate, import, index, then time the query mix on the pages and on FTS5.

Environment: BENCH_ARTICLES (corpus size, default 10000), BENCH_REPEAT (timed rounds of the mix,
default 20), BENCH_SEED, BENCH_KEEP=1 (keep the temp dir and print where it is), BENCH_BACKENDS
(the search backends measured, comma-separated: "whoosh" always, on SQLite beside the FTS5
reference; "postgres" in a second process on a throwaway PostgreSQL server started by
scripts/with_postgres.sh, on the same generated corpus; default "whoosh,postgres" when PostgreSQL is
installed, else "whoosh").
The last line printed is the summary other tools read (the Whoosh backend's figures):
``bench: articles=N page_p95_ms=X fts5_p95_ms=Y ratio=R import_per_s=Z``.
"""

from __future__ import annotations

import glob
import json
import math
import os
import platform
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.corpus import DEFAULT_SEED
from bench.environment import BenchEnvironment, directory_bytes, prepare

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench-results"
BACKENDS = ("whoosh", "postgres")
TARGETS = {"page_p95_ms": 150.0, "ratio": 3.0, "import_per_s": 300.0}  # at 100k articles
TARGETS_AT = 100_000
TIMED = ("page", "json", "fts5")  # what each query is timed on


@dataclass
class QueryTimings:
    name: str
    kind: str
    app_total: int  # matches the archive's search reports (/search.json "total")
    fts5_total: int
    first_ms: dict[str, float] = field(default_factory=dict)  # the warm-up request, per target
    samples_ms: dict[str, list[float]] = field(default_factory=lambda: {t: [] for t in TIMED})


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value at least ``share`` of the values are <=."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
    }


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    outcome = action()
    return (time.perf_counter() - start) * 1000, outcome


def load_and_index(environment: BenchEnvironment, count: int, seed: int) -> dict:
    """Write the corpus, import it with the real importer, rebuild the index; time each step."""
    from django.conf import settings

    from archive.ingest.pipeline import import_paths
    from archive.search import indexing
    from bench.corpus import write_corpus

    started = time.perf_counter()
    written = write_corpus(environment.corpus_dir, count, seed)
    generate_s = time.perf_counter() - started

    started = time.perf_counter()
    report = import_paths([environment.corpus_dir])
    import_s = time.perf_counter() - started
    if report.failures:
        print(f"import: {len(report.failures)} files failed, first: {report.failures[0]}")

    started = time.perf_counter()
    indexed = indexing.rebuild()
    index_s = time.perf_counter() - started

    return {
        "corpus_mb": round(written / 1e6, 1),
        "generate_s": round(generate_s, 2),
        "import_counts": report.counts,
        "indexed": indexed,
        "import_s": round(import_s, 2),
        "index_s": round(index_s, 2),
        "import_per_s": round(count / import_s, 1),
        "index_per_s": round(count / index_s, 1),
        "import_index_per_s": round(count / (import_s + index_s), 1),
        **_sizes_mb(settings),
    }


def _sizes_mb(settings) -> dict:
    """The search index's and the database's size on disk: the Whoosh folder and the SQLite files,
    or the PostgreSQL search table (with its TOAST and indexes) and the whole database."""
    if settings.ARCHIVE_SEARCH_BACKEND == "postgres":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_total_relation_size('archive_searchentry'), "
                "pg_database_size(current_database())"
            )
            index, database = cursor.fetchone()
        return {"index_mb": round(index / 1e6, 1), "database_mb": round(database / 1e6, 1)}
    database = Path(settings.DATABASES["default"]["NAME"])
    return {
        "index_mb": round(
            directory_bytes(Path(settings.ARCHIVE_SEARCH["default"]["PATH"])) / 1e6, 1
        ),
        "database_mb": round(
            sum(p.stat().st_size for p in database.parent.glob(database.name + "*")) / 1e6, 1
        ),
    }


def time_queries(
    environment: BenchEnvironment, repeat: int, *, with_fts5: bool = True
) -> tuple[list[QueryTimings], dict]:
    """Warm each query up once, then time ``repeat`` rounds of the mix on page, JSON and (on
    SQLite, ``with_fts5``) FTS5."""
    from django.conf import settings
    from django.test import Client

    from bench.fts5 import Fts5Reference
    from bench.queries import query_mix

    reference, fts5 = None, {}
    if with_fts5:
        reference = Fts5Reference(
            environment.root / "fts5.sqlite3", Path(settings.DATABASES["default"]["NAME"])
        )
        started = time.perf_counter()
        reference.build()
        fts5 = {
            "build_s": round(time.perf_counter() - started, 2),
            "size_mb": round(reference.size_bytes() / 1e6, 1),
        }
    client = Client(HTTP_HOST="localhost")

    def page(query):
        response = client.get("/search/", query.params)
        assert response.status_code == 200, (query.name, response.status_code)
        return response

    def as_json(query):
        response = client.get("/search.json", query.params)
        assert response.status_code == 200, (query.name, response.status_code)
        return json.loads(response.content)

    actions = {"page": page, "json": as_json}
    if reference is not None:
        actions["fts5"] = reference.search
    timings = []
    for query in query_mix():
        first = {
            target: _timed(lambda a=action, q=query: a(q)) for target, action in actions.items()
        }
        timings.append(
            QueryTimings(
                name=query.name,
                kind=query.kind,
                app_total=first["json"][1]["total"],
                fts5_total=first["fts5"][1].total if reference else -1,
                first_ms={target: round(ms, 2) for target, (ms, _) in first.items()},
            )
        )
    mix = query_mix()
    for _ in range(repeat):
        for query, timing in zip(mix, timings, strict=True):
            for target, action in actions.items():
                timing.samples_ms[target].append(_timed(lambda a=action, q=query: a(q))[0])
    if reference is not None:
        reference.close()
    return timings, fts5


def latency_table(timings: list[QueryTimings]) -> dict:
    """Median and p95 per query, per class and overall, for each target."""
    from bench.queries import CLASSES

    def block(selected: list[QueryTimings]) -> dict:
        return {
            target: summarise([ms for t in selected for ms in t.samples_ms[target]])
            for target in TIMED
            if any(t.samples_ms[target] for t in selected)
        }

    return {
        "per_query": {
            t.name: {
                "class": t.kind,
                "app_total": t.app_total,
                "fts5_total": t.fts5_total,
                "first_ms": t.first_ms,
                **block([t]),
            }
            for t in timings
        },
        "per_class": {
            kind: block([t for t in timings if t.kind == kind])
            for kind in CLASSES
            if any(t.kind == kind for t in timings)
        },
        "overall": block(timings),
    }


def report_lines(result: dict) -> list[str]:
    """The human-readable report."""
    load, lat = result["load"], result["latency"]
    lines = [
        f"articles {result['articles']:,}  (corpus {load['corpus_mb']} MB, generated in "
        f"{load['generate_s']} s, not counted)",
        f"import  {load['import_s']:8.1f} s  {load['import_per_s']:8.1f} articles/s  "
        f"{load['import_counts']}",
        f"index   {load['index_s']:8.1f} s  {load['index_per_s']:8.1f} articles/s",
        f"both    {load['import_s'] + load['index_s']:8.1f} s  {load['import_index_per_s']:8.1f} "
        f"articles/s",
        f"sizes   index {load['index_mb']} MB, database {load['database_mb']} MB"
        + (
            f", FTS5 reference {result['fts5']['size_mb']} MB (built in "
            f"{result['fts5']['build_s']} s)"
            if result.get("fts5")
            else ""
        ),
        "",
        f"latency, ms, median / p95 over {result['repeat']} rounds (first = the warm-up request)",
        f"{'query':40} {'class':8} {'hits app/fts5':>15} {'page':>15} {'json':>15} "
        + (f"{'fts5':>15} " if result.get("fts5") else "")
        + f"{'first page':>10}",
    ]

    def cells(block: dict) -> str:
        return " ".join(
            f"{block[t]['median_ms']:7.1f}/{block[t]['p95_ms']:<7.1f}" for t in TIMED if t in block
        )

    for name, row in lat["per_query"].items():
        hits = f"{row['app_total']}/{row['fts5_total']}" if row["fts5_total"] >= 0 else "-"
        lines.append(
            f"{name:40} {row['class']:8} {hits:>15} {cells(row)} {row['first_ms']['page']:10.1f}"
        )
    for kind, block in lat["per_class"].items():
        lines.append(f"{'class ' + kind:40} {'':8} {'':>15} {cells(block)}")
    lines.append(f"{'overall':40} {'':8} {'':>15} {cells(lat['overall'])}")
    both, cold = lat["page_cold_and_warm"], lat["page_cold"]
    lines.append(
        f"page, first (uncached) requests: median {cold['median_ms']} ms, p95 {cold['p95_ms']} "
        f"ms; first + warm together: p95 {both['p95_ms']} ms (the page_p95_ms reported below)"
    )
    return lines


def summary_line(result: dict) -> str:
    return (
        f"bench: articles={result['articles']} page_p95_ms={result['page_p95_ms']:.1f} "
        f"fts5_p95_ms={result['fts5_p95_ms']:.1f} ratio={result['ratio']:.2f} "
        f"import_per_s={result['import_per_s']:.1f}"
    )


def _machine() -> dict:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    return {
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "commit": commit,
    }


def selected_backends() -> list[str]:
    """BENCH_BACKENDS, the Whoosh backend first and always; by default PostgreSQL too when it
    is installed (scripts/with_postgres.sh starts a throwaway server)."""
    default = "whoosh,postgres" if glob.glob("/usr/lib/postgresql/*/bin/postgres") else "whoosh"
    names = [
        name.strip().lower()
        for name in os.environ.get("BENCH_BACKENDS", default).split(",")
        if name.strip()
    ]
    unknown = sorted(set(names) - set(BACKENDS))
    if unknown:
        raise SystemExit(
            f"BENCH_BACKENDS: unknown {', '.join(unknown)}; known: {', '.join(BACKENDS)}"
        )
    return ["whoosh", *(name for name in dict.fromkeys(names) if name != "whoosh")]


def measure(backend: str, count: int, repeat: int, seed: int) -> dict:
    """Import, index and time the query mix with one search backend in this process."""
    environment = prepare(backend)
    try:
        load = load_and_index(environment, count, seed)
        timings, fts5 = time_queries(environment, repeat, with_fts5=backend == "whoosh")
    finally:
        if os.environ.get("BENCH_KEEP") == "1":
            print(f"kept the run's files in {environment.root}")
        else:
            environment.remove()
    latency = latency_table(timings)
    # The first (uncached) request of each query counts too: the backends cache evaluations
    # or results, so warm rounds alone would hide what a new query costs.
    cold_pages = [t.first_ms["page"] for t in timings]
    warm_pages = [ms for t in timings for ms in t.samples_ms["page"]]
    latency["page_cold_and_warm"] = summarise(cold_pages + warm_pages)
    latency["page_cold"] = summarise(cold_pages)
    return {"backend": backend, "load": load, "fts5": fts5, "latency": latency}


def backend_figures(measured: dict) -> dict:
    """One backend's line in the comparison: page and JSON latency, import and index, sizes."""
    load, latency = measured["load"], measured["latency"]
    return {
        "page_median_ms": latency["page_cold_and_warm"]["median_ms"],
        "page_p95_ms": latency["page_cold_and_warm"]["p95_ms"],
        "page_first_median_ms": latency["page_cold"]["median_ms"],
        "json_median_ms": latency["overall"]["json"]["median_ms"],
        "json_p95_ms": latency["overall"]["json"]["p95_ms"],
        "import_per_s": load["import_per_s"],
        "index_per_s": load["index_per_s"],
        "import_index_per_s": load["import_index_per_s"],
        "index_mb": load["index_mb"],
        "database_mb": load["database_mb"],
    }


def measure_in_child(backend: str, count: int, repeat: int, seed: int) -> dict:
    """Run ``measure(backend)`` in a new process (its own Django settings and database): for
    PostgreSQL under scripts/with_postgres.sh, which starts a throwaway server and removes it
    afterwards. {"unavailable": why} when the server could not start (three tries, each on a
    port of its own: another process may take a free port before the server binds it)."""
    with tempfile.TemporaryDirectory(prefix="archive-bench-child-") as folder:
        output = Path(folder) / "result.json"
        env = {**os.environ, "BENCH_BACKEND": backend, "BENCH_OUTPUT": str(output)}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env.pop("ARCHIVE_DATA_DIR", None)
        command = [sys.executable, "-m", "bench"]
        if backend == "postgres":
            command = ["bash", str(ROOT / "scripts" / "with_postgres.sh"), *command]
        for _ in range(3):
            env["ARCHIVE_PG_PORT"] = str(random.randrange(55000, 60000))
            print(f"\n--- {backend}: {' '.join(command)}", flush=True)
            completed = subprocess.run(command, cwd=ROOT, env=env, check=False)
            if output.exists():
                return json.loads(output.read_text(encoding="utf-8"))
            if completed.returncode != 0:
                break  # the run itself failed: its error is printed above
        return {"unavailable": f"{backend} run exited {completed.returncode} with no result"}


def comparison_lines(result: dict) -> list[str]:
    """The backends side by side, and the FTS5 reference."""
    lines = [
        "",
        f"backends at {result['articles']:,} articles: ms median / p95 (page: first and warm "
        "requests together)",
        f"{'backend':10} {'page':>15} {'json':>15} {'first page':>10} {'import+index/s':>15} "
        f"{'index MB':>9} {'database MB':>12}",
    ]
    for name, row in result["backends"].items():
        if "unavailable" in row:
            lines.append(f"{name:10} unavailable: {row['unavailable']}")
            continue
        lines.append(
            f"{name:10} {row['page_median_ms']:7.1f}/{row['page_p95_ms']:<7.1f} "
            f"{row['json_median_ms']:7.1f}/{row['json_p95_ms']:<7.1f} "
            f"{row['page_first_median_ms']:10.1f} {row['import_index_per_s']:15.1f} "
            f"{row['index_mb']:9.1f} {row['database_mb']:12.1f}"
        )
    fts5 = result["latency"]["overall"]["fts5"]
    lines.append(
        f"{'fts5':10} {fts5['median_ms']:7.1f}/{fts5['p95_ms']:<7.1f} {'':>15} {'':>10} "
        f"{'':>15} {result['fts5']['size_mb']:9.1f}   (the reference, on the Whoosh run's SQLite)"
    )
    return lines


def child_main(backend: str, count: int, repeat: int, seed: int) -> int:
    """BENCH_BACKEND set: measure that backend alone and write the result to BENCH_OUTPUT."""
    measured = measure(backend, count, repeat, seed)
    for line in report_lines({**measured, "articles": count, "repeat": repeat}):
        print(f"[{backend}] {line}")
    Path(os.environ["BENCH_OUTPUT"]).write_text(
        json.dumps(measured, default=str) + "\n", encoding="utf-8"
    )
    return 0


def main() -> int:
    count = int(os.environ.get("BENCH_ARTICLES", "10000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "20"))
    seed = int(os.environ.get("BENCH_SEED", str(DEFAULT_SEED)))
    if os.environ.get("BENCH_BACKEND"):
        return child_main(os.environ["BENCH_BACKEND"], count, repeat, seed)
    backends = selected_backends()
    started = time.perf_counter()
    measured = measure("whoosh", count, repeat, seed)
    others = {name: measure_in_child(name, count, repeat, seed) for name in backends[1:]}
    load, fts5, latency = measured["load"], measured["fts5"], measured["latency"]
    page_p95 = latency["page_cold_and_warm"]["p95_ms"]
    fts5_p95 = latency["overall"]["fts5"]["p95_ms"]
    result = {
        "articles": count,
        "seed": seed,
        "repeat": repeat,
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": _machine(),
        "load": load,
        "fts5": fts5,
        "latency": latency,
        "page_p95_ms": page_p95,
        "fts5_p95_ms": fts5_p95,
        "ratio": round(page_p95 / fts5_p95, 2) if fts5_p95 else math.inf,
        "import_per_s": load["import_index_per_s"],
        "backends": {
            "whoosh": backend_figures(measured),
            **{
                name: other if "unavailable" in other else backend_figures(other)
                for name, other in others.items()
            },
        },
        # Each other backend's whole measurement (load, latency per query) on the same corpus.
        "other_backends": others,
        "targets": {"at_articles": TARGETS_AT, **TARGETS},
        "wall_s": round(time.perf_counter() - started, 1),
    }
    for line in report_lines(result) + comparison_lines(result):
        print(line)
    met = {
        "page_p95_ms": result["page_p95_ms"] <= TARGETS["page_p95_ms"],
        "ratio": result["ratio"] <= TARGETS["ratio"],
        "import_per_s": result["import_per_s"] >= TARGETS["import_per_s"],
    }
    result["targets_met"] = met
    print(
        f"targets (set for {TARGETS_AT:,} articles): "
        + ", ".join(f"{name} {'met' if ok else 'MISSED'}" for name, ok in met.items())
        + f"; wall time {result['wall_s']} s"
    )
    RESULTS_DIR.mkdir(exist_ok=True)
    path = RESULTS_DIR / f"bench-{count}-{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"results in {path}")
    print(summary_line(result))
    sys.stdout.flush()
    return 0
