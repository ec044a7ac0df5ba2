"""Where the time goes: the import path step by step, the index rebuild, and one broad page.

``python -m bench.profiling`` (BENCH_ARTICLES, default 1000) prints:
- the import path split into its two steps, each timed over every file: read + decode + extract
  (``read_article_file``, pure) and the database write (``save_article``), with SQL queries counted;
- the extraction's own functions under cProfile (which finder costs what), and its time inside
  the regex engine;
- the rebuild split into reading the documents from the database and the backend's write;
- one broad search (q=investment) as the backend alone, /search.json and the /search/ page, the
  SQL queries of that page and of a filtered one, and the page under cProfile.
Profiling inflates pure-Python time more than C time, so the wall-clock splits come first.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import time
from pathlib import Path

from bench.corpus import DEFAULT_SEED, write_corpus
from bench.environment import prepare

BROAD_QUERY = {"q": "investment"}
EXTRACTION_SAMPLE = 300
PAGE_ROUNDS = 10


def _profile_lines(profiler: cProfile.Profile, limit: int, pattern: str) -> list[str]:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(pattern, limit)
    return [line for line in out.getvalue().splitlines() if line.strip()][-(limit + 1) :]


def _median_ms(action, rounds: int = PAGE_ROUNDS) -> float:
    action()  # warm
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def profile_import(corpus: Path, count: int) -> list:
    """Time the import's two steps apart over every file; returns the parsed articles."""
    from django.db import connection

    from archive import extraction
    from archive.ingest.pipeline import find_article_files, read_article_file, save_article

    files = list(find_article_files([corpus]))
    started = time.perf_counter()
    parsed = [read_article_file(path) for path in files]
    read_s = time.perf_counter() - started

    queries = 0

    def count_query(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(count_query):
        for article in parsed:
            save_article(article)
    save_s = time.perf_counter() - started
    total = read_s + save_s
    print(f"== import of {count:,} articles: {total:.1f} s, {count / total:.0f} articles/s")
    print(
        f"read+decode+extract {read_s:7.1f} s  {read_s / total:4.0%}  {read_s / count * 1000:6.2f} "
        f"ms/article"
    )
    print(
        f"save (ORM, SQLite)  {save_s:7.1f} s  {save_s / total:4.0%}  {save_s / count * 1000:6.2f} "
        f"ms/article, {queries / count:.1f} SQL queries/article"
    )

    profiler = cProfile.Profile()
    texts = [article.original_text for article in parsed[:EXTRACTION_SAMPLE]]
    profiler.enable()
    for text in texts:
        extraction.extract(text)
    profiler.disable()
    print(f"-- extraction under cProfile, {len(texts)} articles, by cumulative time:")
    for line in _profile_lines(profiler, 18, "archive/extraction"):
        print(line)
    engine, total = _regex_engine_seconds(profiler)
    print(
        f"in the regex engine (re.Pattern and re.Match methods): {engine:.2f} s of {total:.2f} s, "
        f"{engine / total:.0%}"
    )
    return parsed


def _regex_engine_seconds(profiler: cProfile.Profile) -> tuple[float, float]:
    """The seconds spent inside the regex engine's own methods (C), and in all, under
    ``profiler``: what compiling the Python around the patterns would leave as it is."""
    # (file, line, function) -> (calls, primitive calls, own seconds, cumulative seconds, callers)
    stats = pstats.Stats(profiler).stats
    total = sum(entry[2] for entry in stats.values())
    engine = sum(
        entry[2]
        for (filename, _line, name), entry in stats.items()
        if filename == "~" and ("re.Pattern" in name or "re.Match" in name)
    )
    return engine, total


def profile_index(count: int) -> None:
    from archive.search import get_backend, indexing

    started = time.perf_counter()
    documents = list(indexing.iter_documents())
    read_s = time.perf_counter() - started
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    get_backend().rebuild(documents)
    profiler.disable()
    write_s = time.perf_counter() - started
    total = read_s + write_s
    print(f"== index rebuild of {count:,} articles: {total:.1f} s, {count / total:.0f} articles/s")
    print(f"documents from the database {read_s:7.1f} s  {read_s / total:4.0%}")
    print(f"backend write + optimise    {write_s:7.1f} s  {write_s / total:4.0%}  (under cProfile)")
    print("-- the backend's write under cProfile, by cumulative time:")
    for line in _profile_lines(profiler, 16, r"archive/search|whoosh/(writing|filedb|codec)"):
        print(line)


def profile_page() -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from archive.search import get_backend
    from archive.search.base import SearchQuery

    client = Client(HTTP_HOST="localhost")
    backend = get_backend()
    print(f"== one broad search {BROAD_QUERY}, median of {PAGE_ROUNDS} warm requests")
    search_ms = _median_ms(lambda: backend.search(SearchQuery(text=BROAD_QUERY["q"])))
    json_ms = _median_ms(lambda: client.get("/search.json", BROAD_QUERY))
    page_ms = _median_ms(lambda: client.get("/search/", BROAD_QUERY))
    print(f"backend.search alone   {search_ms:7.1f} ms")
    print(f"/search.json           {json_ms:7.1f} ms")
    print(f"/search/ (HTML page)   {page_ms:7.1f} ms")
    facets = client.get("/search.json").json()["facets"]
    filtered = {
        name: facets[name][0]["value"] for name in ("country", "province") if facets.get(name)
    }
    for params in (BROAD_QUERY, filtered):
        client.get("/search/", params)  # the entities it names are now known to this process
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/", params)
        print(f"SQL queries, /search/ {params}: {len(queries.captured_queries)}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(PAGE_ROUNDS):
        client.get("/search/", BROAD_QUERY)
    profiler.disable()
    print(f"-- /search/ under cProfile, {PAGE_ROUNDS} requests, by cumulative time:")
    for line in _profile_lines(profiler, 30, r"archive/|django/template/(base|loader_tags)"):
        print(line)


def main() -> int:
    count = int(os.environ.get("BENCH_ARTICLES", "1000"))
    environment = prepare()
    try:
        write_corpus(environment.corpus_dir, count, DEFAULT_SEED)
        profile_import(environment.corpus_dir, count)
        profile_index(count)
        profile_page()
    finally:
        environment.remove()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
