"""Where `.txt` import + index time goes, and how it scales with workers.

Run: ``PYTHONPATH=. .venv/bin/python bench/import_split.py``.

One generated corpus (bench/corpus.py, BENCH_ARTICLES, default 10000) is imported into a fresh
archive per run, each run in a process of its own:

- the split, in one process: reading (bytes and decoding), extraction (``extraction.extract``
  and the story signature), saving (the importer's own loop over the results read before, so
  its batches and caches are the real ones) and indexing (the whole index built after the
  import, as ``import_articles`` does);
- the whole import + index as ``import_articles`` runs it, with ``--workers`` 0, 1 and 2
  (BENCH_WORKERS_LIST).

Each figure is wall-clock articles/s with the CPU seconds per article beside it (this process
and its worker processes): on a machine busy with other work, CPU time moves less than wall
time. The code measured is whatever ``archive`` PYTHONPATH gives: ``PYTHONPATH=<another
checkout>`` measures that checkout's code (this file only uses what the importer offered before
it had batches); BENCH_CORPUS names a folder of ``.txt`` files to import instead of generating
one, so that two checkouts import the same files; BENCH_SPLIT=0 skips the split.
Prints a table and one line other tools read: ``import_split: articles=N workers_W_per_s=X ...``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_ARTICLES = 10_000


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class _Clock:
    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), _cpu()

    def lap(self) -> tuple[float, float]:
        wall, cpu = time.perf_counter(), _cpu()
        lap = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return lap


def _index(ids: list[int]) -> None:
    from archive.search import indexing

    indexing.index_articles(ids)


def run_split(corpus: Path) -> dict:
    """Reading, extraction, saving and indexing, one after the other in this process."""
    import hashlib

    from archive import extraction
    from archive.ingest import pipeline, stories
    from archive.ingest.decoding import decode_article_bytes

    files = list(pipeline.find_article_files([corpus]))
    clock = _Clock()
    raw = [source.path.read_bytes() for source in files]
    decoded = [decode_article_bytes(data) for data in raw]
    texts = [result.text for result in decoded]
    sha = [hashlib.sha256(data).hexdigest() for data in raw]
    reading = clock.lap()
    extracted = [extraction.extract(text) for text in texts]
    signatures = [stories.to_bytes(stories.signature(e.body)) for e in extracted]
    extracting = clock.lap()
    results = {
        source.path: [
            pipeline.ParsedArticle(
                source_file=source.name,
                sha256=digest,
                encoding=result.encoding,
                original_text=text,
                extraction=found,
                story_signature=signature,
            )
        ]
        for source, digest, result, text, found, signature in zip(
            files, sha, decoded, texts, extracted, signatures, strict=True
        )
    }
    pipeline._read_task = lambda task: results[task.source.path]  # what was read above
    clock.lap()
    report = pipeline.import_paths([corpus], workers=0)
    saving = clock.lap()
    _index(report.changed_ids)
    indexing = clock.lap()
    return {
        "reading": reading,
        "extraction": extracting,
        "saving": saving,
        "indexing": indexing,
        "counts": report.counts,
    }


def run_whole(corpus: Path, workers: int) -> dict:
    from archive.ingest import pipeline

    clock = _Clock()
    report = pipeline.import_paths([corpus], workers=workers)
    importing = clock.lap()
    _index(report.changed_ids)
    indexing = clock.lap()
    return {"import": importing, "indexing": indexing, "counts": report.counts}


def _one(kind: str, corpus: Path) -> None:
    """One run in this process, in a fresh archive; prints its figures as JSON."""
    from bench.environment import prepare

    environment = prepare()
    try:
        import archive

        started = time.perf_counter()
        result = run_split(corpus) if kind == "split" else run_whole(corpus, int(kind))
        result["code"] = str(Path(archive.__file__).parent)
        result["seconds"] = time.perf_counter() - started
        print("RESULT " + json.dumps(result))
    finally:
        environment.remove()


def _spawn(kind: str, corpus: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--one", kind, str(corpus)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def _rate(count: int, lap) -> str:
    wall, cpu = lap
    return f"{count / wall:8.1f}/s  {cpu / count * 1000:6.2f} ms CPU"


def main() -> int:
    if sys.argv[1:2] == ["--one"]:
        _one(sys.argv[2], Path(sys.argv[3]))
        return 0
    count = int(os.environ.get("BENCH_ARTICLES", DEFAULT_ARTICLES))
    workers = [w for w in os.environ.get("BENCH_WORKERS_LIST", "0,1,2").split(",") if w]
    root = Path(tempfile.mkdtemp(prefix="import-split-"))
    try:
        corpus = Path(os.environ.get("BENCH_CORPUS") or root / "corpus")
        if not corpus.exists():
            from bench.corpus import DEFAULT_SEED, write_corpus

            write_corpus(corpus, count, DEFAULT_SEED)
        count = sum(1 for _ in corpus.rglob("*.txt"))
        if os.environ.get("BENCH_SPLIT", "1") != "0":
            split = _spawn("split", corpus)
            print(f"code: {split['code']}, {count:,} .txt articles")
            print("step        wall rate   CPU per article (this process and its workers)")
            for step in ("reading", "extraction", "saving", "indexing"):
                print(f"{step:<11} {_rate(count, split[step])}", flush=True)
        figures = {}
        for w in workers:
            whole = _spawn(w, corpus)
            both = [a + b for a, b in zip(whole["import"], whole["indexing"], strict=True)]
            figures[w] = count / both[0]
            print(f"code: {whole['code']}")
            print(
                f"workers={w}  import {_rate(count, whole['import'])}  "
                f"index {_rate(count, whole['indexing'])}  both {_rate(count, both)}  "
                f"{whole['counts']}",
                flush=True,
            )
        print(
            f"import_split: articles={count} "
            + " ".join(f"workers_{w}_per_s={rate:.1f}" for w, rate in figures.items())
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
