"""Invented articles for the browser tests, imported the way the archive imports real ones."""

from __future__ import annotations

from pathlib import Path

from archive.ingest.pipeline import import_paths
from archive.models import Article
from archive.search import indexing

PROVINCES = ["Bac Ninh", "Hai Phong", "Dong Nai"]
# More Japan articles than one result page holds (20), so a Japan search has a page 2.
JAPAN_ARTICLES = 25


def japan_articles() -> dict[str, str]:
    """~25 short invented articles: all name Japan, every third also South Korea."""
    articles = {}
    for n in range(JAPAN_ARTICLES):
        province = PROVINCES[n % len(PROVINCES)]
        year, month = 2021 + n % 4, 1 + n % 12
        korea = " South Korean partners joined the talks." if n % 3 == 0 else ""
        articles[f"japan-{n:02d}.txt"] = (
            f" date {year}-{month:02d}-{1 + n % 27:02d} Japanese plant number {n} planned in "
            f"{province}\n"
            f"{province} (VNA) – A Japanese manufacturer plans factory number {n} in {province} "
            f"province, with investment of {10 + n} million USD from Japan.{korea}\n\n"
            "The provincial leaders promised faster land clearance for the project./.\n"
        )
    return articles


def import_articles(folder: Path, articles: dict[str, str]) -> list[Article]:
    """Write ``articles`` (file name -> text) under ``folder``, import them and index them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = import_paths([folder])
    assert not report.failures, report.failures
    indexing.rebuild()
    return list(Article.objects.order_by("source_file"))
