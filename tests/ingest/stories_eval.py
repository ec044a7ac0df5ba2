"""Precision and recall of story grouping on the hand-written pairs of stories_pairs.py.

    .venv/bin/python -m tests.ingest.stories_eval [-v]

Two measures:

* pairs: each pair on its own, as the importer decides it (an LSH candidate, then the signatures'
  containment at SAME_STORY or above);
* groups: every text imported in the order of TEXTS, grouped as the database groups them (each
  article joins the story of its best earlier match); a pair counts as grouped when both texts
  end in one story, so a cut version and a reworded one can meet through the original.

``-v`` lists every pair with its estimated and exact containment.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
django.setup()  # a no-op under pytest, which has set Django up already

from archive.ingest import stories  # noqa: E402
from tests.ingest.stories_pairs import PAIRS, TEXTS  # noqa: E402


@dataclass(frozen=True)
class Score:
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name}: precision {self.precision:.3f} recall {self.recall:.3f} "
            f"(tp {self.true_positives}, fp {self.false_positives}, "
            f"fn {self.false_negatives}, tn {self.true_negatives})"
        )


def _score(decisions: list[tuple[bool, bool]]) -> Score:
    return Score(
        sum(1 for same, said in decisions if same and said),
        sum(1 for same, said in decisions if not same and said),
        sum(1 for same, said in decisions if same and not said),
        sum(1 for same, said in decisions if not same and not said),
    )


def signatures() -> dict[str, stories.Signature]:
    return {name: stories.signature(text) for name, text in TEXTS.items()}


def pair_decisions() -> list[tuple[bool, bool]]:
    sigs = signatures()
    return [
        (same, stories.candidates(sigs[a], sigs[b]) and stories.same_story(sigs[a], sigs[b]))
        for a, b, same, _ in PAIRS
    ]


def group_decisions() -> list[tuple[bool, bool]]:
    sigs = signatures()
    names = list(TEXTS)
    keys = dict(zip(names, stories.group_in_memory([sigs[n] for n in names]), strict=True))
    return [(same, keys[a] == keys[b]) for a, b, same, _ in PAIRS]


def evaluate() -> tuple[Score, Score]:
    return _score(pair_decisions()), _score(group_decisions())


def _exact_containment(a: str, b: str) -> float:
    left, right = stories.shingles(TEXTS[a]), stories.shingles(TEXTS[b])
    return len(left & right) / max(1, min(len(left), len(right)))


def main(argv: list[str]) -> int:
    pairs, groups = evaluate()
    positives = sum(1 for *_, same, _ in PAIRS if same)
    print(f"{len(PAIRS)} pairs ({positives} same story, {len(PAIRS) - positives} different)")
    print(pairs.line("pairs "))
    print(groups.line("groups"))
    if "-v" in argv:
        sigs = signatures()
        for (a, b, same, note), (_, said) in zip(PAIRS, pair_decisions(), strict=True):
            mark = "ok " if same == said else "ERR"
            print(
                f"{mark} {'same' if same else 'diff'} "
                f"est {stories.similarity(sigs[a], sigs[b]):.2f} "
                f"exact {_exact_containment(a, b):.2f} {a} / {b}: {note}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
