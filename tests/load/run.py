"""The load test: readers searching with facets while an editor saves an article every second.

``python -m tests.load [--articles 10000] [--seconds 30] [--clients 8]`` (``make loadtest``) builds
a sandbox archive from the benchmark's generated corpus, serves it with gunicorn on 127.0.0.1 and
prints requests/s, latency percentiles, errors, the editor's saves and whether every save is
searchable at the end. Exit status 1 on any error. Bounded: a fixed number of client threads, a
fixed duration, loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import random
import sqlite3
import string
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from tests.load.editor import AdminEditor
from tests.load.sandbox import Sandbox, write_articles
from tests.load.server import Server, start_server

EDITOR, EDITOR_PASSWORD = "load-editor", "a long load-test password"


@dataclass
class LoadReport:
    seconds: float
    clients: int
    latencies_ms: list[float] = field(default_factory=list)
    elapsed: float = 0.0  # wall-clock seconds the readers and the editor ran
    errors: list[str] = field(default_factory=list)
    saves: list[tuple[int, str, int]] = field(default_factory=list)  # (article id, marker, status)
    unsearchable: list[str] = field(default_factory=list)  # markers search did not find
    server_problems: list[str] = field(default_factory=list)
    worker_cpu_s: float | None = None  # gunicorn workers' CPU seconds while the load ran

    @property
    def failed_saves(self) -> list[tuple[int, str, int]]:
        return [save for save in self.saves if save[2] != 302]

    @property
    def ok(self) -> bool:
        return not (self.errors or self.failed_saves or self.unsearchable or self.server_problems)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0

    def summary(self) -> str:
        cpu = (
            f" worker_cpu_ms_per_request={self.worker_cpu_s * 1000 / len(self.latencies_ms):.1f}"
            if self.worker_cpu_s is not None and self.latencies_ms
            else ""
        )
        return (
            f"loadtest: requests={len(self.latencies_ms)} errors={len(self.errors)} "
            f"rps={len(self.latencies_ms) / max(self.elapsed, 1e-9):.1f} p50_ms={self.percentile(0.5):.1f} "
            f"p95_ms={self.percentile(0.95):.1f} p99_ms={self.percentile(0.99):.1f} "
            f"clients={self.clients} saves={len(self.saves)} failed_saves={len(self.failed_saves)} "
            f"unsearchable={len(self.unsearchable)} server_problems={len(self.server_problems)}"
            f"{cpu}"
        )


def prepare(root: Path, articles: int) -> Sandbox:
    """A sandbox with ``articles`` generated articles imported and indexed, and an editor."""
    sandbox = Sandbox.create(root)
    write_articles(root / "corpus", articles)
    for command in (
        ("import_articles", "--no-index", str(root / "corpus")),
        ("rebuild_index",),
        ("createsuperuser", "--noinput", "--username", EDITOR, "--email", "editor@example.org"),
    ):
        done = sandbox.manage(*command, env={"DJANGO_SUPERUSER_PASSWORD": EDITOR_PASSWORD})
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stderr[-2000:]}")
    return sandbox


def query_mix(server: Server) -> list[str]:
    """Search URLs as researchers ask them: words, phrases, facets, dates, sorts, pages."""
    facets = _get_json(server, "/search.json")["facets"]
    countries = [v["value"] for v in facets["country"][:4]]
    localities = [v["value"] for v in facets["locality"][:4]]
    queries: list[dict] = [
        {"q": "investment"},
        {"q": '"industrial park"'},
        {"q": "Japanese electronics Bac Ninh"},
        {"q": "investment", "sort": "newest"},
        {"q": "investment", "page": "3"},
        {"q": "investmnet"},  # misspelt: the fuzzy retry and a suggestion
        {"q": "ODA -loan"},
        {"country": countries[0]},
        {"country": countries[1], "locality": localities[0]},
        {"q": "investment", "country": countries[2], "date_from": "2019-01-01",
         "date_to": "2023-12-31"},
        {"locality": localities[1], "sort": "oldest"},
        {"q": "cooperation", "country": [countries[0], countries[3]]},
    ]  # fmt: skip
    urls = [f"/search.json?{urlencode(q, doseq=True)}" for q in queries]
    return urls + [f"/search/?{urlencode(q, doseq=True)}" for q in queries]


def _get_json(server: Server, path: str) -> dict:
    status, body = _get(server.port, path)
    if status != 200:
        raise RuntimeError(f"GET {path}: {status}")
    return json.loads(body)


def _get(port: int, path: str, timeout: float = 30) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _reader(
    port: int, urls: list[str], seed: int, deadline: float, report: LoadReport, lock, least: int
):
    """Requests until the deadline, and at least ``least`` of them however long they take."""
    rng = random.Random(seed)
    done = 0
    while time.monotonic() < deadline or done < least:
        done += 1
        url = rng.choice(urls)
        start = time.perf_counter()
        try:
            status, _ = _get(port, url)
            problem = None if status == 200 else f"{status} {url}"
        except (OSError, http.client.HTTPException) as exc:
            problem = f"{type(exc).__name__} {url}"
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            report.latencies_ms.append(elapsed)
            if problem:
                report.errors.append(problem)


def _marker(n: int) -> str:
    """A word no generated article contains: "zqx", n in letters, "q".

    The closing "q" keeps the stemmer off the letters ("zqxaaay" and "zqxaaai" share a stem).
    """
    letters = ""
    for _ in range(4):
        n, digit = divmod(n, 26)
        letters = string.ascii_lowercase[digit] + letters
    return f"zqx{letters}q"


def _editor(sandbox: Sandbox, server: Server, deadline: float, interval: float, report, least: int):
    """A save every ``interval`` until the deadline, and at least ``least`` saves."""
    editor = AdminEditor(server.port)
    editor.sign_in(EDITOR, EDITOR_PASSWORD)
    ids = _article_ids(sandbox)
    n = 0
    while time.monotonic() < deadline or n < least:
        started = time.monotonic()
        article_id, marker = ids[n % len(ids)], _marker(n)
        try:
            status = editor.retitle(article_id, f"Corrected headline {marker}")
        except (OSError, http.client.HTTPException):
            status = 0
        report.saves.append((article_id, marker, status))
        n += 1
        time.sleep(max(0.0, interval - (time.monotonic() - started)))


def _article_ids(sandbox: Sandbox) -> list[int]:
    with sqlite3.connect(f"file:{sandbox.database}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT id FROM archive_article ORDER BY id").fetchall()
    ids = [row[0] for row in rows]
    random.Random(7).shuffle(ids)
    return ids


def run_load(
    sandbox: Sandbox,
    server: Server,
    *,
    seconds: float,
    clients: int,
    editor_interval: float = 1.0,
    least_requests: int = 0,
    least_saves: int = 0,
) -> LoadReport:
    """Readers and the editor against ``server`` for ``seconds``; then check every save is found.

    ``least_requests`` (per reader) and ``least_saves`` make the run go on past ``seconds``
    until they are done, so a test can count on them on a machine of any speed.
    """
    urls = query_mix(server)
    report = LoadReport(seconds=seconds, clients=clients)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=_reader, args=(server.port, urls, i, deadline, report, lock, least_requests)
        )
        for i in range(clients)
    ]
    threads.append(
        threading.Thread(
            target=_editor,
            args=(sandbox, server, deadline, editor_interval, report, least_saves),
        )
    )
    cpu_before = server.worker_cpu_seconds()
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 600)
    report.elapsed = time.monotonic() - started
    # The readers' requests and the editor's saves: the saves are few (one a second).
    report.worker_cpu_s = server.worker_cpu_seconds() - cpu_before
    for _, marker, status in report.saves:
        if status == 302:
            found = _get_json(server, f"/search.json?{urlencode({'q': marker})}")["total"]
            if found != 1:
                report.unsearchable.append(marker)
    report.server_problems = server.problems()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    options = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="archive-loadtest-") as root:
        print(f"Preparing {options.articles} articles in {root} ...", flush=True)
        sandbox = prepare(Path(root), options.articles)
        server = start_server(sandbox, workers=options.workers)
        try:
            print(
                f"Load: {options.clients} clients for {options.seconds:g} s, an editor saving "
                "every second ...",
                flush=True,
            )
            report = run_load(sandbox, server, seconds=options.seconds, clients=options.clients)
        finally:
            server.stop()
    for problem in [*report.errors[:10], *report.server_problems[:10]]:
        print(f"problem: {problem}")
    print(report.summary())
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
