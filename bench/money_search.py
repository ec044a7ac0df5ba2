"""Search backend timings with and without the money filters (issue 12 part 2), on invented data.

    .venv/bin/python -m bench.money_search [ARTICLES] [REPEAT]

Builds ARTICLES (default 100000) seeded SearchDocuments, a third of them with one to three money
figures, into a Whoosh index in a temp folder (no database: this times the backend alone), then
runs each query REPEAT times (default 30) after one warm-up and prints its median and p95 in ms.
Run from a checkout made before money as data (`git archive 0f8e6b4`), the same script times the
old code on the same documents: queries it cannot ask (the money ones) are left out, and documents
are built without figures.
"""

from __future__ import annotations

import dataclasses
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
import django  # noqa: E402

django.setup()

from archive.search.base import SearchDocument, SearchQuery  # noqa: E402
from archive.search.whoosh_backend import WhooshBackend  # noqa: E402

MEASURES = ("fdi_registered", "fdi_disbursed", "oda_loan", "project_capital", "other")
COUNTRIES = ("japan", "south-korea", "singapore", "china", "united-states", "germany")
PROVINCES = ("bac-ninh", "ha-noi", "binh-duong", "dong-nai", "hai-phong", "da-nang")
WORDS = [
    "investment",
    "project",
    "factory",
    "province",
    "partners",
    "capital",
    "registered",
    "industrial",
    "park",
    "electronics",
    "logistics",
    "port",
    "energy",
    "wind",
    "solar",
    "loan",
    "agreement",
    "trade",
    "turnover",
    "exports",
]
HAS_MONEY = "money" in {f.name for f in dataclasses.fields(SearchDocument)}
HAS_AMOUNT = "usd_min" in {f.name for f in dataclasses.fields(SearchQuery)}


def documents(count: int, seed: int = 12):
    rng = random.Random(seed)
    for n in range(1, count + 1):
        words = rng.choices(WORDS, k=60)
        figures = ()
        if rng.random() < 1 / 3:
            figures = tuple(
                (rng.choice(MEASURES), rng.choice((None, rng.uniform(1e6, 5e9))))
                for _ in range(rng.randint(1, 3))
            )
        extra = {"money": figures} if HAS_MONEY else {}
        yield SearchDocument(
            id=n,
            title=" ".join(words[:8]),
            body=" ".join(words),
            published=date(2010 + n % 15, 1 + n % 12, 1 + n % 28),
            source=rng.choice(("VNA", "VNS", "Nhân Dân")),
            countries=(rng.choice(COUNTRIES),),
            localities=(rng.choice(PROVINCES),),
            provinces=(rng.choice(PROVINCES),),
            **extra,
        )


def queries() -> dict[str, SearchQuery]:
    mix = {
        "browse newest": SearchQuery(sort="newest"),
        "q=investment": SearchQuery(text="investment"),
        "country=japan": SearchQuery(filters={"country": ("japan",)}, sort="newest"),
        "q=investment +country +dates": SearchQuery(
            text="investment",
            filters={"country": ("south-korea",)},
            date_from=date(2015, 1, 1),
            date_to=date(2020, 12, 31),
        ),
    }
    if HAS_AMOUNT:
        mix |= {
            "usd_min=1e8": SearchQuery(usd_min=1e8, sort="newest"),
            "measure=oda_loan": SearchQuery(filters={"measure": ("oda_loan",)}, sort="newest"),
            "measure=oda_loan usd_min=1e8": SearchQuery(
                filters={"measure": ("oda_loan",)}, usd_min=1e8, sort="newest"
            ),
            "sort=amount": SearchQuery(sort="amount"),
            "q=investment usd 1e7..1e9 sort=amount": SearchQuery(
                text="investment", usd_min=1e7, usd_max=1e9, sort="amount"
            ),
        }
    return mix


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with tempfile.TemporaryDirectory() as folder:
        backend = WhooshBackend(path=folder, workers=2)
        started = time.perf_counter()
        backend.rebuild(documents(count))
        print(f"articles={count} money={HAS_MONEY} indexed_s={time.perf_counter() - started:.1f}")
        started = time.perf_counter()
        backend.search(SearchQuery())  # opens the index and builds its arrays
        print(f"first_search_s={time.perf_counter() - started:.2f}")
        for name, query in queries().items():
            backend.search(query)
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                total = backend.search(query).total
                samples.append((time.perf_counter() - started) * 1000)
            samples.sort()
            p95 = samples[max(0, -(-95 * len(samples) // 100) - 1)]
            print(
                f"{name:40s} total={total:7d} median_ms={statistics.median(samples):7.1f} "
                f"p95_ms={p95:7.1f}"
            )


if __name__ == "__main__":
    main()
