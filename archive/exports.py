"""Articles as plain records: the shape of export_articles, the JSON pages and the CSV exports."""

from __future__ import annotations

from typing import Any

from archive.models import Article


def article_record(article: Article) -> dict[str, Any]:
    """One article as the export promises it (country fields as ISO alpha-2 codes)."""
    return {
        "source_file": article.source_file,
        "sha256": article.sha256,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source or None,
        "countries": [{"code": c.code, "name": c.name} for c in article.countries.all()],
        "localities": [
            {
                "name": loc.name,
                "name_local": loc.name_local,
                "kind": loc.kind,
                "country": loc.country.code,
            }
            for loc in article.localities.all()
        ],
        "officials": [
            {
                "name": a.official.name,
                "title": a.title,
                "country": a.official.country.code if a.official.country_id else None,
                "kind": a.official.kind,
            }
            for a in article.appearances.all()
        ],
        "money": [
            {"text": m.text, "amount": _number(m.amount), "currency": m.currency}
            for m in article.money_figures.all()
        ],
    }


def _number(amount) -> int | float:
    """Decimal -> a JSON number: whole amounts as integers (3000000000, not 3000000000.00)."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)
