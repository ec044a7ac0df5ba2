"""Recall@10 and MRR of the judged queries (corpus.py) against the configured search backend.

Needs the judged articles imported and indexed (``load``); ``tests/search/test_judged_queries.py``
does both and prints the figures: ``.venv/bin/python -m pytest -q -p no:cacheprovider -s
tests/search/test_judged_queries.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archive.search import get_backend
from archive.search.base import SearchQuery
from tests.search.judged.corpus import ARTICLES, QUERIES, Judged

CUTOFF = 10


@dataclass(frozen=True)
class Outcome:
    judged: Judged
    ranked: tuple[str, ...]  # file names of the first CUTOFF hits

    @property
    def recall(self) -> float:
        found = set(self.ranked) & set(self.judged.relevant)
        return len(found) / len(self.judged.relevant)

    @property
    def reciprocal_rank(self) -> float:
        for rank, name in enumerate(self.ranked, 1):
            if name in self.judged.relevant:
                return 1.0 / rank
        return 0.0


def load(folder: Path) -> dict[int, str]:
    """Import the judged articles from ``folder`` and rebuild the index; article id -> file name."""
    from archive.ingest.pipeline import import_paths
    from archive.models import Article
    from archive.search import indexing

    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    import_paths([folder])
    indexing.rebuild()
    return {
        pk: Path(source).name for pk, source in Article.objects.values_list("pk", "source_file")
    }


def run(names: dict[int, str]) -> list[Outcome]:
    backend = get_backend()
    outcomes = []
    for judged in QUERIES:
        results = backend.search(SearchQuery(text=judged.query, per_page=CUTOFF))
        ranked = tuple(names[hit.id] for hit in results.hits)
        outcomes.append(Outcome(judged, ranked))
    return outcomes


def summary(outcomes: list[Outcome]) -> tuple[float, float]:
    """(mean recall@10, MRR)."""
    count = len(outcomes)
    return (
        sum(o.recall for o in outcomes) / count,
        sum(o.reciprocal_rank for o in outcomes) / count,
    )


def report(outcomes: list[Outcome]) -> str:
    recall, mrr = summary(outcomes)
    lines = [f"judged queries: {len(outcomes)}  recall@{CUTOFF}={recall:.3f}  MRR={mrr:.3f}"]
    for outcome in outcomes:
        if outcome.recall < 1 or outcome.reciprocal_rank < 1:
            lines.append(
                f"  [{outcome.judged.kind}] {outcome.judged.query!r}: recall "
                f"{outcome.recall:.2f}, rr {outcome.reciprocal_rank:.2f}, top {outcome.ranked[:3]}"
            )
    return "\n".join(lines)
