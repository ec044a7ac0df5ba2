"""Score ``archive.extraction.extract`` on whole, hand-annotated articles.

Run: ``.venv/bin/python -m tests.extraction.eval.evaluate [--files 25-40]``

``articles/`` holds invented but realistic articles (crawl prefixes, datelines, captions, bylines,
other stories' headlines); ``gold.json`` records, per file, what a careful editor would file for
the article itself (headline and body, never captions or boilerplate): alpha-2 ``countries``
named in it, ``localities`` (Vietnam's provinces and centrally-run cities, foreign prefectures,
states, regions and cities) by ASCII name, and the named ``officials`` with the fullest title
the text gives them.

Countries, localities and officials are scored as sets per article, micro-averaged over the
articles; officials match by name (diacritics and case folded). For matched officials the title,
country and kind are reported as accuracies of their own.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from archive.extraction import Extraction, extract
from archive.extraction.text import fold_diacritics

EVAL_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = EVAL_DIR / "articles"
GOLD_PATH = EVAL_DIR / "gold.json"
FIELDS = ("countries", "localities", "officials")
_DASHES_RE = re.compile(r"\s*[-\u2010-\u2015]\s*")


@dataclass
class FieldScore:
    """True positives, false positives and false negatives of one field over all articles."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class EvalError:
    file: str
    field: str  # countries, localities, officials, title, country, kind
    problem: str  # missed, spurious, wrong
    value: str


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class Report:
    scores: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    # Of the officials found by name: how often title, country and kind agree with the gold.
    attributes: dict[str, Accuracy] = field(
        default_factory=lambda: {a: Accuracy() for a in ("title", "country", "kind")}
    )
    errors: list[EvalError] = field(default_factory=list)


def name_key(name: str) -> str:
    """Names compare folded: 'Bùi Thanh Sơn' = 'Bui Thanh Son'; dashes and spacing ignored."""
    return _DASHES_RE.sub("-", " ".join(fold_diacritics(name).casefold().split()))


def title_key(title: str) -> str:
    """Titles compare folded, without a leading article and with plain apostrophes."""
    key = name_key(title).replace("’", "'")
    return re.sub(r"^(?:the|a|an)\s+", "", key)


def load_gold(path: Path = GOLD_PATH) -> dict[str, dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def parse_numbers(spec: str) -> set[int]:
    """'25-40' or '1,3,25-40' -> the article numbers it names (the files' leading digits)."""
    numbers: set[int] = set()
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        numbers.update(range(int(first), int(last or first) + 1))
    return numbers


def evaluate(
    articles_dir: Path = ARTICLES_DIR,
    gold_path: Path = GOLD_PATH,
    numbers: set[int] | None = None,
) -> Report:
    """Run the extractor over the annotated articles (all, or those ``numbers`` names)."""
    report = Report()
    for filename, gold in sorted(load_gold(gold_path).items()):
        if numbers is not None and int(filename.split("_", 1)[0]) not in numbers:
            continue
        found = extract((articles_dir / filename).read_text(encoding="utf-8"))
        _score_article(report, filename, gold, found)
    return report


def _score_article(report: Report, filename: str, gold: dict, found: Extraction) -> None:
    _score_set(report, filename, "countries", set(gold["countries"]), set(found.countries))
    _score_set(
        report,
        filename,
        "localities",
        {name_key(name) for name in gold["localities"]},
        {name_key(place.name) for place in found.localities},
    )
    expected = {name_key(person["name"]): person for person in gold["officials"]}
    extracted = {name_key(person.name): person for person in found.officials}
    _score_set(report, filename, "officials", set(expected), set(extracted))
    for key in expected.keys() & extracted.keys():
        want, got = expected[key], extracted[key]
        checks = {
            "title": (title_key(want["title"]), title_key(got.title), want["title"], got.title),
            "country": (want["country"], got.country, want["country"], got.country),
            "kind": (want["kind"], got.kind, want["kind"], got.kind),
        }
        for attribute, (wanted, actual, shown_wanted, shown_actual) in checks.items():
            accuracy = report.attributes[attribute]
            accuracy.total += 1
            if wanted == actual:
                accuracy.correct += 1
            else:
                value = f"{want['name']}: want {shown_wanted!r}, got {shown_actual!r}"
                report.errors.append(EvalError(filename, attribute, "wrong", value))


def _score_set(report: Report, filename: str, name: str, gold: set, found: set) -> None:
    score = report.scores[name]
    score.true_positives += len(gold & found)
    score.false_positives += len(found - gold)
    score.false_negatives += len(gold - found)
    for value in sorted(gold - found):
        report.errors.append(EvalError(filename, name, "missed", value))
    for value in sorted(found - gold):
        report.errors.append(EvalError(filename, name, "spurious", value))


def format_report(report: Report) -> str:
    lines = [f"{'field':<12}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}"]
    for name, score in report.scores.items():
        lines.append(
            f"{name:<12}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
            f"{score.true_positives:>6}{score.false_positives:>5}{score.false_negatives:>5}"
        )
    lines.append("")
    lines.append("matched officials:")
    for name, accuracy in report.attributes.items():
        lines.append(f"  {name:<9}{accuracy.rate:>7.3f}  ({accuracy.correct}/{accuracy.total})")
    lines.append("")
    lines.append(f"errors ({len(report.errors)}):")
    for error in report.errors:
        lines.append(f"  {error.file:<38}{error.field:<11}{error.problem:<9}{error.value}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", help="article numbers to score, e.g. 25-40 or 1,3,25-40")
    args = parser.parse_args(argv)
    numbers = parse_numbers(args.files) if args.files else None
    print(format_report(evaluate(numbers=numbers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
