"""Score ``archive.extraction.extract`` on whole, hand-annotated articles.

Run: ``.venv/bin/python -m tests.extraction.eval.evaluate [--set 1|2|3|all] [--files 25-40]``

Three sets of invented but realistic articles (crawl prefixes, datelines, captions, bylines,
other stories' headlines): set 1 is ``articles/`` 01-24, set 2 is ``articles/`` 25-40 (written
blind to the rules), set 3 is ``articles3/`` 41-64 (page layouts: breadcrumbs, navigation and
share controls, date lines as Vietnamese and foreign sites print them, bylines, captions,
copyright footers, articles without a headline, foreign outlets). ``gold.json`` (sets 1 and 2)
and ``gold3.json`` (set 3) record, per file, what a careful editor would file for the article
itself (headline and body, never captions or boilerplate): alpha-2 ``countries`` named in it,
``localities`` (Vietnam's provinces and centrally-run cities, foreign prefectures, states,
regions and cities) by ASCII name, and the named ``officials`` with the fullest title the text
gives them. Set 3 also records the ``title`` and ``title_origin`` (``headline``, or ``lede`` with
the lede's whole first sentence as ``title``), the page's ``published`` date (ISO, or null when
the page states none), the ``source`` outlet's short name (or null) and ``implied_countries``
([code, place] pairs: countries only the places imply).

Titles: a headline must match (case, diacritics and spacing folded); a lede title must be a
word-boundary prefix of the lede's first sentence, cut with "…" if at all. A *junk* title is a
wrong one that is page furniture (breadcrumb, navigation, a date or time line, a bare dateline,
a byline, a caption or a section label), judged by this script's own patterns.

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
ARTICLES3_DIR = EVAL_DIR / "articles3"
GOLD3_PATH = EVAL_DIR / "gold3.json"
FIELDS = ("countries", "localities", "officials")
IMPLIED = "implied"  # scored like FIELDS, for the articles whose gold lists implied_countries


@dataclass(frozen=True)
class EvalSet:
    articles_dir: Path
    gold_path: Path
    numbers: frozenset[int] | None = None  # the files' leading numbers; None for all


SETS = {
    "1": EvalSet(ARTICLES_DIR, GOLD_PATH, frozenset(range(1, 25))),
    "2": EvalSet(ARTICLES_DIR, GOLD_PATH, frozenset(range(25, 41))),
    "3": EvalSet(ARTICLES3_DIR, GOLD3_PATH),
}
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
    # Of the articles whose gold has them: the title, published date and source.
    titles: Accuracy = field(default_factory=Accuracy)
    junk_titles: int = 0
    dates: Accuracy = field(default_factory=Accuracy)
    sources: Accuracy = field(default_factory=Accuracy)
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
    report: Report | None = None,
) -> Report:
    """Run the extractor over the annotated articles (all, or those ``numbers`` names)."""
    report = report or Report()
    for filename, gold in sorted(load_gold(gold_path).items()):
        if numbers is not None and int(filename.split("_", 1)[0]) not in numbers:
            continue
        found = extract((articles_dir / filename).read_text(encoding="utf-8"))
        _score_article(report, filename, gold, found)
    return report


def evaluate_sets(names: list[str], numbers: set[int] | None = None) -> Report:
    """One report over the named sets ("1", "2", "3"), optionally only ``numbers``' files."""
    report = Report()
    for name in names:
        eval_set = SETS[name]
        wanted = set(eval_set.numbers) if eval_set.numbers is not None else None
        if numbers is not None:
            wanted = numbers if wanted is None else wanted & numbers
        evaluate(eval_set.articles_dir, eval_set.gold_path, wanted, report)
    return report


# Page furniture, as this script recognises it independently of the extractor: a wrong title
# matching one of these is counted as junk.
_FURNITURE_TITLE_RES = (
    re.compile(r"^(?:[^/>»|]{1,40}\s(?:/|>|»|\|)\s){1,}[^/>»|]{1,40}$"),  # breadcrumbs
    re.compile(
        r"^(?:home|trang chủ|back to top|useful information|font size|share|print|tweet|email"
        r"|advertisement|subscribe|comments?|related|tags?)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}|\b\d{1,2}:\d{2}\b"),
    re.compile(r"^\w[\w ]*,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*[-–—]+$"),  # VIETNAM, April 16 -
    re.compile(r"^By\s|staff writer|^[A-Z]{2,}(?:\s[A-Z]{2,})?$"),  # bylines, KYODO
    re.compile(r"^\(?Photo|\bPhoto\s*:|^A view of\b|^Illustrat", re.IGNORECASE),
)


def is_furniture_title(title: str) -> bool:
    return len(title.split()) <= 2 or any(p.search(title) for p in _FURNITURE_TITLE_RES)


def _title_is_right(gold: dict, found: Extraction) -> bool:
    if found.title_origin != gold["title_origin"]:
        return False
    if gold["title_origin"] != "lede":
        return title_key(found.title) == title_key(gold["title"])
    cut = title_key(found.title.removesuffix("…").rstrip())
    whole = title_key(gold["title"])
    following = whole[len(cut) : len(cut) + 1]
    return bool(cut) and whole.startswith(cut) and (following == "" or not following.isalnum())


def _score_page_fields(report: Report, filename: str, gold: dict, found: Extraction) -> None:
    if "title" in gold:
        report.titles.total += 1
        if _title_is_right(gold, found):
            report.titles.correct += 1
        else:
            junk = is_furniture_title(found.title)
            report.junk_titles += junk
            value = f"want {gold['title']!r} ({gold['title_origin']}), got {found.title!r}"
            value += f" ({found.title_origin})"
            report.errors.append(
                EvalError(filename, "headline", "junk" if junk else "wrong", value)
            )
    if "published" in gold:
        report.dates.total += 1
        got = found.published.value.isoformat() if found.published else None
        if got == gold["published"]:
            report.dates.correct += 1
        else:
            value = f"want {gold['published']}, got {got}"
            report.errors.append(EvalError(filename, "date", "wrong", value))
    if "source" in gold:
        report.sources.total += 1
        if found.source == gold["source"]:
            report.sources.correct += 1
        else:
            value = f"want {gold['source']}, got {found.source}"
            report.errors.append(EvalError(filename, "source", "wrong", value))
    if "implied_countries" in gold:
        report.scores.setdefault(IMPLIED, FieldScore())
        want = {code for code, _place in gold["implied_countries"]}
        got = {implied.code for implied in found.implied_countries}
        _score_set(report, filename, IMPLIED, want, got)


def _score_article(report: Report, filename: str, gold: dict, found: Extraction) -> None:
    _score_page_fields(report, filename, gold, found)
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


def score_table(scores: dict[str, FieldScore]) -> list[str]:
    """The P / R / F1 table of the set fields, a line each (every evaluator prints it)."""
    lines = [f"{'field':<12}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>5}{'FN':>5}"]
    for name, score in scores.items():
        lines.append(
            f"{name:<12}{score.precision:>7.3f}{score.recall:>7.3f}{score.f1:>7.3f}"
            f"{score.true_positives:>6}{score.false_positives:>5}{score.false_negatives:>5}"
        )
    return lines


def format_report(report: Report) -> str:
    lines = score_table(report.scores)
    lines.append("")
    lines.append("matched officials:")
    for name, accuracy in report.attributes.items():
        lines.append(f"  {name:<9}{accuracy.rate:>7.3f}  ({accuracy.correct}/{accuracy.total})")
    if report.titles.total:
        lines.append("")
        lines.append("page fields:")
        for name, accuracy in (
            ("headline", report.titles),
            ("date", report.dates),
            ("source", report.sources),
        ):
            lines.append(f"  {name:<9}{accuracy.rate:>7.3f}  ({accuracy.correct}/{accuracy.total})")
        lines.append(f"  junk titles {report.junk_titles}")
    lines.append("")
    lines.append(f"errors ({len(report.errors)}):")
    for error in report.errors:
        lines.append(f"  {error.file:<46} {error.field:<11}{error.problem:<9}{error.value}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--set", default="all", choices=[*SETS, "all"], help="which set to score (default: all)"
    )
    parser.add_argument("--files", help="article numbers to score, e.g. 25-40 or 1,3,25-40")
    args = parser.parse_args(argv)
    numbers = parse_numbers(args.files) if args.files else None
    names = list(SETS) if args.set == "all" else [args.set]
    print(format_report(evaluate_sets(names, numbers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
