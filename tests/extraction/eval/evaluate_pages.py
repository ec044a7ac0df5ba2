"""Score the web-page import on saved, hand-annotated HTML pages.

Run: ``.venv/bin/python -m tests.extraction.eval.evaluate_pages``

``pages/`` holds 16 invented news pages in the layouts real sites use (Vietnamese state media
with breadcrumbs and a "Thứ Tư, 19/07/2023 15:00" date line, a provincial government portal with
left navigation, English-language Vietnamese outlets, Nikkei Asia, the Korea Herald, a Japanese
prefecture's press release, a page with only og: metadata and JSON-LD, a page with no date, a
windows-1252 page declared only by its meta tag, a cookie banner and comment form, a <title> that
is only "Site | Section"). ``gold_pages.json`` was written before the importer ever ran on them;
see its ``_about``.

Each page goes through the importer's own reading step (``pipeline.read_article_file``: decode
the bytes, ``web.read_page``, ``extract``), which touches no database. Scored per page: the
headline (a *junk* title is a wrong one that is page furniture, by evaluate.py's patterns or the
site's own name), the published date, the source (outlet short name), the publisher, the URL and
the author (folded); countries, localities and officials as sets, micro-averaged, as in
evaluate.py.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.extraction.eval.evaluate import (
    FIELDS,
    Accuracy,
    EvalError,
    FieldScore,
    _score_set,
    is_furniture_title,
    name_key,
    score_table,
    title_key,
)

EVAL_DIR = Path(__file__).resolve().parent
PAGES_DIR = EVAL_DIR / "pages"
GOLD_PAGES_PATH = EVAL_DIR / "gold_pages.json"
PAGE_FIELDS = ("headline", "date", "source", "publisher", "url", "author")


@dataclass
class PagesReport:
    scores: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    fields: dict[str, Accuracy] = field(
        default_factory=lambda: {name: Accuracy() for name in PAGE_FIELDS}
    )
    junk_titles: int = 0
    failures: int = 0  # pages the importer refused
    errors: list[EvalError] = field(default_factory=list)


def _pipeline():
    """The importer's pipeline module; its reading step needs settings, never the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from archive.ingest import pipeline

    return pipeline


def load_gold(path: Path = GOLD_PAGES_PATH) -> dict[str, dict]:
    import json

    gold = json.loads(path.read_text(encoding="utf-8"))
    return {name: value for name, value in gold.items() if not name.startswith("_")}


def _folded(value: str | None) -> str:
    return name_key(value or "")


def _check(report: PagesReport, filename: str, name: str, right: bool, want, got) -> None:
    accuracy = report.fields[name]
    accuracy.total += 1
    if right:
        accuracy.correct += 1
    else:
        report.errors.append(EvalError(filename, name, "wrong", f"want {want!r}, got {got!r}"))


def _is_junk(title: str, publisher: str) -> bool:
    site = _folded(publisher)
    return is_furniture_title(title) or bool(site) and site in _folded(title)


def score_page(report: PagesReport, filename: str, gold: dict, parsed) -> None:
    found = parsed.extraction
    right = title_key(found.title) == title_key(gold["title"])
    _check(report, filename, "headline", right, gold["title"], found.title)
    if not right and _is_junk(found.title, gold["publisher"]):
        report.junk_titles += 1
        report.errors[-1] = EvalError(filename, "headline", "junk", report.errors[-1].value)
    got_date = found.published.value.isoformat() if found.published else None
    _check(report, filename, "date", got_date == gold["published"], gold["published"], got_date)
    _check(report, filename, "source", found.source == gold["source"], gold["source"], found.source)
    _check(
        report,
        filename,
        "publisher",
        _folded(parsed.publisher) == _folded(gold["publisher"]),
        gold["publisher"],
        parsed.publisher,
    )
    _check(report, filename, "url", (parsed.url or None) == gold["url"], gold["url"], parsed.url)
    _check(
        report,
        filename,
        "author",
        _folded(parsed.author) == _folded(gold["author"]),
        gold["author"],
        parsed.author,
    )
    _score_set(report, filename, "countries", set(gold["countries"]), set(found.countries))
    _score_set(
        report,
        filename,
        "localities",
        {name_key(name) for name in gold["localities"]},
        {name_key(place.name) for place in found.localities},
    )
    _score_set(
        report,
        filename,
        "officials",
        {name_key(name) for name in gold["officials"]},
        {name_key(person.name) for person in found.officials},
    )


def evaluate_pages(pages_dir: Path = PAGES_DIR, gold_path: Path = GOLD_PAGES_PATH) -> PagesReport:
    pipeline = _pipeline()
    report = PagesReport()
    for filename, gold in sorted(load_gold(gold_path).items()):
        try:
            parsed = pipeline.read_article_file(pages_dir / filename)
        except pipeline.ImportFailure as exc:
            report.failures += 1
            report.errors.append(EvalError(filename, "page", "refused", exc.reason))
            continue
        score_page(report, filename, gold, parsed)
    return report


def format_report(report: PagesReport) -> str:
    lines = score_table(report.scores)
    lines.append("")
    lines.append("page fields:")
    for name, accuracy in report.fields.items():
        lines.append(f"  {name:<10}{accuracy.rate:>7.3f}  ({accuracy.correct}/{accuracy.total})")
    lines.append(f"  junk titles {report.junk_titles}")
    lines.append(f"  pages refused {report.failures}")
    lines.append("")
    lines.append(f"errors ({len(report.errors)}):")
    for error in report.errors:
        lines.append(f"  {error.file:<42} {error.field:<11}{error.problem:<9}{error.value}")
    return "\n".join(lines)


def main() -> int:
    print(format_report(evaluate_pages()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
