"""One benchmark run: generate, import, index, then time the query mix on the pages and on FTS5.

Environment: BENCH_ARTICLES (corpus size, default 10000), BENCH_REPEAT (timed rounds of the mix,
default 20), BENCH_SEED, BENCH_KEEP=1 (keep the temp dir and print where it is).
The last line printed is the summary other tools read:
``bench: articles=N page_p95_ms=X fts5_p95_ms=Y ratio=R import_per_s=Z``.
"""

from __future__ import annotations

import json
import math
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bench.corpus import DEFAULT_SEED
from bench.environment import BenchEnvironment, directory_bytes, prepare

RESULTS_DIR = Path(__file__).resolve().parent.parent / "bench-results"
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

    database = Path(settings.DATABASES["default"]["NAME"])
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
        "index_mb": round(
            directory_bytes(Path(settings.ARCHIVE_SEARCH["default"]["PATH"])) / 1e6, 1
        ),
        "database_mb": round(
            sum(p.stat().st_size for p in database.parent.glob(database.name + "*")) / 1e6, 1
        ),
    }


def time_queries(environment: BenchEnvironment, repeat: int) -> tuple[list[QueryTimings], dict]:
    """Warm each query up once, then time ``repeat`` rounds of the mix on page, JSON and FTS5."""
    from django.conf import settings
    from django.test import Client

    from bench.fts5 import Fts5Reference
    from bench.queries import query_mix

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

    actions = {"page": page, "json": as_json, "fts5": reference.search}
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
                fts5_total=first["fts5"][1].total,
                first_ms={target: round(ms, 2) for target, (ms, _) in first.items()},
            )
        )
    mix = query_mix()
    for _ in range(repeat):
        for query, timing in zip(mix, timings, strict=True):
            for target, action in actions.items():
                timing.samples_ms[target].append(_timed(lambda a=action, q=query: a(q))[0])
    reference.close()
    return timings, fts5


def latency_table(timings: list[QueryTimings]) -> dict:
    """Median and p95 per query, per class and overall, for each target."""
    from bench.queries import CLASSES

    def block(selected: list[QueryTimings]) -> dict:
        return {
            target: summarise([ms for t in selected for ms in t.samples_ms[target]])
            for target in TIMED
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
        f"sizes   index {load['index_mb']} MB, database {load['database_mb']} MB, "
        f"FTS5 reference {result['fts5']['size_mb']} MB (built in {result['fts5']['build_s']} s)",
        "",
        f"latency, ms, median / p95 over {result['repeat']} rounds (first = the warm-up request)",
        f"{'query':40} {'class':8} {'hits app/fts5':>15} {'page':>15} {'json':>15} "
        f"{'fts5':>15} {'first page':>10}",
    ]

    def cells(block: dict) -> str:
        return " ".join(f"{block[t]['median_ms']:7.1f}/{block[t]['p95_ms']:<7.1f}" for t in TIMED)

    for name, row in lat["per_query"].items():
        hits = f"{row['app_total']}/{row['fts5_total']}"
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


def main() -> int:
    count = int(os.environ.get("BENCH_ARTICLES", "10000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "20"))
    seed = int(os.environ.get("BENCH_SEED", str(DEFAULT_SEED)))
    started = time.perf_counter()
    environment = prepare()
    try:
        load = load_and_index(environment, count, seed)
        timings, fts5 = time_queries(environment, repeat)
    finally:
        if os.environ.get("BENCH_KEEP") == "1":
            print(f"kept the run's files in {environment.root}")
        else:
            environment.remove()
    latency = latency_table(timings)
    # The first (uncached) request of each query counts too: the backend caches evaluations,
    # so warm rounds alone would hide what a new query costs.
    cold_pages = [t.first_ms["page"] for t in timings]
    warm_pages = [ms for t in timings for ms in t.samples_ms["page"]]
    latency["page_cold_and_warm"] = summarise(cold_pages + warm_pages)
    latency["page_cold"] = summarise(cold_pages)
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
        "targets": {"at_articles": TARGETS_AT, **TARGETS},
        "wall_s": round(time.perf_counter() - started, 1),
    }
    for line in report_lines(result):
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
