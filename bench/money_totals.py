"""Entity pages' money totals (web.stats.money_totals) on 100,000 synthetic articles, side by side
with the timeline query the same page already runs, and with the same aggregate grouped by the
article's year instead of the figure's stored usd_year (a join and a date function).

    .venv/bin/pytest bench/money_totals.py -q -s -p no:randomly --no-migrations
    bash scripts/with_postgres.sh .venv/bin/pytest bench/money_totals.py -q -s -p no:randomly

Rows are bulk-created (not imported): 100,000 articles (a tenth undated), 30 % naming Japan and
5 % South Korea, 0-3 money figures each (a tenth without a US dollar value), random measures.
Prints medians of 7 interleaved runs and their ratios; asserts nothing about time.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear

from archive.extraction.money import MEASURES
from archive.models import Article, Country, MoneyFigure
from archive.web import stats

ARTICLES = 100_000
RUNS = 7


def by_article_year(articles):
    """money_totals' aggregate, grouped by the article's year through a join."""
    return list(
        MoneyFigure.objects.filter(article__in=articles.values("pk"))
        .order_by()
        .annotate(year=ExtractYear("article__published"))
        .values("year", "measure")
        .annotate(s=Sum("usd"), c=Count("pk", filter=Q(usd__isnull=False)))
    )


def fill(rng: random.Random) -> list[Country]:
    japan = Country.objects.create(code="JP", name="Japan", slug="japan")
    korea = Country.objects.create(code="KR", name="South Korea", slug="south-korea")
    Article.objects.bulk_create(
        (
            Article(
                title=f"Article {i}",
                slug=f"article-{i}",
                source_file=f"bench/{i}.txt",
                body="text",
                original_text="text",
                sha256=f"{i:064x}",
                published=None if i % 10 == 0 else date(2015 + i % 11, 1 + i % 12, 1),
            )
            for i in range(ARTICLES)
        ),
        batch_size=5000,
    )
    ids = list(Article.objects.values_list("pk", flat=True))
    through = Article.countries.through
    links = [through(article_id=a, country_id=japan.pk) for a in ids if rng.random() < 0.3]
    links += [through(article_id=a, country_id=korea.pk) for a in ids if rng.random() < 0.05]
    through.objects.bulk_create(links, batch_size=10000)
    measures = list(MEASURES)
    figures = []
    for a in ids:
        for _ in range(rng.choice((0, 1, 2, 3))):
            usd = Decimal(rng.randint(1, 10**9)) if rng.random() < 0.9 else None
            figures.append(
                MoneyFigure(
                    article_id=a,
                    text="figure",
                    amount=1,
                    currency="USD",
                    measure=rng.choice(measures),
                    usd=usd,
                    usd_year=2015 + a % 11 if usd is not None else None,
                )
            )
    MoneyFigure.objects.bulk_create(figures, batch_size=10000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\n{connection.vendor}: {ARTICLES} articles, {len(figures)} money figures")
    return [japan, korea]


@pytest.mark.django_db
def test_money_totals_side_by_side():
    for country in fill(random.Random(12)):
        variants = {
            "money_totals": stats.money_totals,
            "by_article_year": by_article_year,
            "timeline": stats.timeline,
        }
        runs: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(RUNS):
            for name, query in variants.items():
                start = time.perf_counter()
                query(country.articles.all())
                runs[name].append((time.perf_counter() - start) * 1000)
        median = {name: statistics.median(times) for name, times in runs.items()}
        print(
            f"{country.name} ({country.articles.count()} articles): "
            + ", ".join(f"{name} {ms:.1f} ms" for name, ms in median.items())
            + f"; money_totals/timeline {median['money_totals'] / median['timeline']:.2f}"
            + f", by_article_year/money_totals "
            f"{median['by_article_year'] / median['money_totals']:.2f}"
        )
