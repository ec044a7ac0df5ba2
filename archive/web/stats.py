"""Counts the browse pages show, each from one aggregate query (no per-row queries).

Everything here reads the database, never the search index, so an editor's change in the admin is
in the next page view.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from archive.extraction.money import MEASURES
from archive.models import (
    VIETNAM,
    Article,
    ArticleOfficial,
    Country,
    Locality,
    MoneyFigure,
    Official,
    Organisation,
)
from archive.search.base import timeline_from_months
from archive.sorting import by_name

# Every article is about Vietnam: sharing it says nothing about two articles, and it would be the
# one row of every country table. Tables of partners leave it out.
SUBJECT_COUNTRY = VIETNAM
SORTS = ("name", "count")


@dataclass(frozen=True)
class ArchiveSummary:
    articles: int
    first_date: date | None
    last_date: date | None
    countries: int
    provinces: int
    officials: int
    undated: int = 0  # articles without a publication date (counted, never hidden)


@dataclass(frozen=True)
class EntityCount:
    entity: Country | Locality | Official
    count: int


@dataclass(frozen=True)
class Role:
    """A title an official held as the articles report it, and when they were seen with it."""

    title: str
    first_seen: date | None
    last_seen: date | None
    articles: int


@dataclass(frozen=True)
class MatrixCell:
    count: int
    country: Country
    locality: Locality
    shade: int = 0  # 0 for none, else 1..MATRIX_SHADES by the share of the largest cell


@dataclass(frozen=True)
class Matrix:
    """Vietnam's provinces (rows) by partner countries (columns)."""

    localities: list[EntityCount]  # rows: by count (the default) or by name
    countries: list[EntityCount]  # columns, most articles first
    rows: list[tuple[EntityCount, list[MatrixCell]]]
    peak: int = 0  # the largest cell

    @property
    def shades(self) -> list[tuple[int, int, int]]:
        """(shade, first count, last count) of each shade in use, for the legend."""
        bounds = []
        for shade in range(1, MATRIX_SHADES + 1):
            low = next((n for n in range(1, self.peak + 1) if shade_of(n, self.peak) == shade), 0)
            if low:
                high = max(n for n in range(low, self.peak + 1) if shade_of(n, self.peak) == shade)
                bounds.append((shade, low, high))
        return bounds


MATRIX_SHADES = 5


def shade_of(count: int, peak: int) -> int:
    """The cell's shade: 0 for none, else 1..MATRIX_SHADES in equal steps up to the peak."""
    if count <= 0 or peak <= 0:
        return 0
    return max(1, -(-MATRIX_SHADES * count // peak))


def summary() -> ArchiveSummary:
    """What the archive holds: articles, their date span, and the entities they name."""
    span = Article.objects.aggregate(
        n=Count("id"),
        first=Min("published"),
        last=Max("published"),
        undated=Count("id", filter=Q(published__isnull=True)),
    )
    return ArchiveSummary(
        articles=span["n"],
        first_date=span["first"],
        last_date=span["last"],
        countries=Country.objects.filter(articles__isnull=False).distinct().count(),
        provinces=Locality.objects.filter(country__code=SUBJECT_COUNTRY, articles__isnull=False)
        .distinct()
        .count(),
        officials=Official.objects.filter(articles__isnull=False).distinct().count(),
        undated=span["undated"],
    )


def _counted(queryset: QuerySet, limit: int | None = None) -> list[EntityCount]:
    rows = queryset.order_by("-n", "name")
    if limit is not None:
        rows = rows[:limit]
    return [EntityCount(entity, entity.n) for entity in rows]


def top_countries(limit: int = 10) -> list[EntityCount]:
    """Partner countries with the most articles (Vietnam itself left out)."""
    queryset = Country.objects.exclude(code=SUBJECT_COUNTRY).annotate(n=Count("articles"))
    return _counted(queryset.filter(n__gt=0), limit)


def top_provinces(limit: int = 10) -> list[EntityCount]:
    """Vietnamese provinces and cities with the most articles."""
    queryset = Locality.objects.filter(country__code=SUBJECT_COUNTRY).annotate(n=Count("articles"))
    return _counted(queryset.filter(n__gt=0), limit)


def province_counts(articles: QuerySet | None = None, grouping: str = "named") -> list[EntityCount]:
    """Vietnam's provinces with how many of ``articles`` (all when None) name each, most first.

    ``grouping`` "2025": by the units of the reform of 1 July 2025, an article naming a merged
    province counted (once) under the unit it joined; "named": as the articles name them.
    """
    links = Article.localities.through.objects.filter(locality__country__code=SUBJECT_COUNTRY)
    if articles is not None:
        links = links.filter(article__in=articles.values("pk"))
    unit = (
        Coalesce("locality__became_id", "locality_id") if grouping == "2025" else F("locality_id")
    )
    rows = (
        links.annotate(unit=unit)
        .values("unit")
        .annotate(n=Count("article_id", distinct=True))
        .values_list("unit", "n")
        .order_by()
    )
    counts = dict(rows)
    provinces = Locality.objects.in_bulk(list(counts))
    entries = [EntityCount(provinces[pk], n) for pk, n in counts.items() if pk in provinces]
    return sorted(entries, key=lambda e: (-e.count, e.entity.name))


def foreign_places(articles: QuerySet | None = None, limit: int = 10) -> list[EntityCount]:
    """Places outside Vietnam with the most of ``articles`` (all when None) naming them."""
    queryset = Locality.objects.exclude(country__code=SUBJECT_COUNTRY).select_related("country")
    if articles is not None:
        queryset = queryset.filter(articles__in=articles.values("pk"))
    return _counted(queryset.annotate(n=Count("articles", distinct=True)).filter(n__gt=0), limit)


def co_occurring(model, articles: QuerySet, *, exclude=None, limit: int = 15) -> list[EntityCount]:
    """Entities of ``model`` named in ``articles``, with how many of those articles name each.

    The filter comes before the annotation, so the count is of the given articles only.
    """
    queryset = model.objects.filter(articles__in=articles.values("pk"))
    if exclude is not None:
        queryset = queryset.exclude(**exclude)
    return _counted(queryset.annotate(n=Count("articles", distinct=True)), limit)


def _ordered(queryset: QuerySet, sort: str, *, first: list[str] | None = None) -> QuerySet:
    order = list(first or [])
    order += ["-n", "name"] if sort == "count" else ["name"]
    return queryset.order_by(*order)


def country_index(sort: str = "name") -> list[EntityCount]:
    return [
        EntityCount(c, c.n) for c in _ordered(Country.objects.annotate(n=Count("articles")), sort)
    ]


def official_index(sort: str = "name") -> QuerySet:
    """Officials annotated with ``n`` (their article count) and ``latest_role`` (the title of
    their most recent titled appearance, by the article's date, then import order); by name with
    diacritics folded ("Nguyễn" beside "Nguyen", archive/sorting.py); paginated by the page."""
    latest = (
        ArticleOfficial.objects.filter(official=OuterRef("pk"))
        .exclude(title="")
        .order_by(F("article__published").desc(nulls_last=True), "-article_id")
        .values("title")[:1]
    )
    queryset = Official.objects.select_related("country").annotate(
        n=Count("articles"), latest_role=Subquery(latest)
    )
    return queryset.order_by(*(["-n"] if sort == "count" else []), *by_name())


def organisation_index(sort: str = "name") -> QuerySet:
    """Organisations annotated with ``n`` (their article count); by name with diacritics folded,
    or most articles first; paginated by the page."""
    queryset = Organisation.objects.select_related("country").annotate(n=Count("articles"))
    return queryset.order_by(*(["-n"] if sort == "count" else []), *by_name())


def locality_index(sort: str = "name") -> list[tuple[Country, list[EntityCount]]]:
    """Localities grouped by country, Vietnam's first, then the other countries by name."""
    vietnam_first = Case(
        When(country__code=SUBJECT_COUNTRY, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    queryset = (
        Locality.objects.select_related("country", "became")
        .annotate(n=Count("articles"), vn=vietnam_first)
        .order_by()
    )
    groups: dict[int, tuple[Country, list[EntityCount]]] = {}
    for locality in _ordered(queryset, sort, first=["vn", "country__name"]):
        country = locality.country
        groups.setdefault(country.pk, (country, []))[1].append(EntityCount(locality, locality.n))
    return list(groups.values())


def timeline(articles: QuerySet) -> tuple[list[tuple[str, int]], str]:
    """Articles per month or year, by the search's own rule (base.timeline_from_months)."""
    rows = (
        articles.filter(published__isnull=False)
        .order_by()
        .annotate(year=ExtractYear("published"), month=ExtractMonth("published"))
        .values("year", "month")
        .annotate(n=Count("pk", distinct=True))
        .values_list("year", "month", "n")
    )
    return timeline_from_months({year * 12 + month - 1: n for year, month, n in rows})


def undated(articles: QuerySet) -> int:
    """How many of ``articles`` have no publication date (the timeline's "undated" bar)."""
    return articles.filter(published__isnull=True).order_by().values("pk").distinct().count()


def roles(official: Official) -> list[Role]:
    """The titles articles give ``official``, in the order they were first seen."""
    rows = (
        ArticleOfficial.objects.filter(official=official)
        .exclude(title="")
        .values("title")
        .annotate(
            first=Min("article__published"),
            last=Max("article__published"),
            n=Count("article", distinct=True),
        )
        .order_by(F("first").asc(nulls_last=True), "title")
    )
    return [Role(r["title"], r["first"], r["last"], r["n"]) for r in rows]


def matrix(sort: str = "count") -> Matrix:
    """Article counts of (Vietnamese province, partner country) pairs, from one aggregate query;
    provinces by article count (``sort="count"``) or by name, countries by article count."""
    link = Article.localities.through
    pairs = (
        link.objects.filter(locality__country__code=SUBJECT_COUNTRY)
        .exclude(article__countries=None)
        .values_list("article__countries", "locality")
        .annotate(n=Count("article", distinct=True))
        .order_by()
    )
    counts = {(country_id, locality_id): n for country_id, locality_id, n in pairs}
    countries = Country.objects.in_bulk({c for c, _ in counts})
    localities = Locality.objects.in_bulk({loc for _, loc in counts})
    counts = {key: n for key, n in counts.items() if countries[key[0]].code != SUBJECT_COUNTRY}
    # Margins are articles per country / locality within the table, not sums of cells.
    row_totals = Counter()
    column_totals = Counter()
    for (country_id, locality_id), n in counts.items():
        row_totals[locality_id] += n
        column_totals[country_id] += n

    def ranked(totals: Counter, objects: dict, by_name: bool = False) -> list[EntityCount]:
        entries = [EntityCount(objects[pk], n) for pk, n in totals.items()]
        if by_name:
            return sorted(entries, key=lambda e: e.entity.name)
        return sorted(entries, key=lambda e: (-e.count, e.entity.name))

    rows_head = ranked(row_totals, localities, by_name=sort == "name")
    columns = ranked(column_totals, countries)
    peak = max(counts.values(), default=0)
    rows = []
    for row in rows_head:
        cells = []
        for col in columns:
            n = counts.get((col.entity.pk, row.entity.pk), 0)
            cells.append(MatrixCell(n, col.entity, row.entity, shade_of(n, peak)))
        rows.append((row, cells))
    return Matrix(localities=rows_head, countries=columns, rows=rows, peak=peak)


def more_like_this(article: Article, limit: int = 5) -> list[Article]:
    """Articles sharing the most countries, localities and officials with ``article``.

    Three small queries over the link tables; ties go to the newer article.
    """
    shared: Counter[int] = Counter()
    links = [
        (
            Article.countries.through.objects.exclude(country__code=SUBJECT_COUNTRY),
            "country_id",
            article.countries.all(),
        ),
        (Article.localities.through.objects.all(), "locality_id", article.localities.all()),
        (ArticleOfficial.objects.all(), "official_id", article.officials.all()),
    ]
    for queryset, field, entities in links:
        rows = queryset.filter(**{f"{field}__in": entities.values("pk")}).exclude(
            article_id=article.pk
        )
        shared.update(rows.values_list("article_id", flat=True))
    if not shared:
        return []
    # Only articles that could make the list are loaded: those sharing as much as the limit-th one.
    threshold = sorted(shared.values(), reverse=True)[:limit][-1]
    ids = [pk for pk, n in shared.most_common() if n >= threshold][:500]
    candidates = Article.objects.filter(pk__in=ids).only("id", "title", "slug", "published")
    ranked = sorted(
        candidates,
        key=lambda a: (-shared[a.pk], -(a.published.toordinal() if a.published else 0), -a.pk),
    )
    return ranked[:limit]


@dataclass(frozen=True)
class MoneyYear:
    """One row of the money totals: the year's sums in US dollars."""

    year: int | None  # None: articles without a date (only US dollar figures, needing no rate)
    cells: tuple[Decimal | None, ...]  # one per MoneyTotals.measures; None where the year has none
    total: Decimal
    figures: int  # how many converted figures the total adds up


@dataclass(frozen=True)
class MoneyTotals:
    """Sums per year of the approximate US dollar values of the money figures in some articles.

    Sums of figures as the articles report them, not statistics: an investment reported by five
    articles is counted five times."""

    measures: tuple[tuple[str, str], ...]  # (measure, label) of the columns: those with a figure
    years: tuple[MoneyYear, ...]  # oldest first, the undated last
    unconverted: int  # figures left out: no US dollar value (currency or year without a rate)


def money_totals(articles: QuerySet) -> MoneyTotals | None:
    """The money figures of ``articles`` summed in US dollars per year and measure
    (money.MEASURES, in its order); None when none has a US dollar value.

    The year is the figure's ``usd_year``, the article's year whose rate converted it (the
    importer, the admin and restore keep it so), so no join to the articles is needed; a US dollar
    figure in an undated article has none. One aggregate query: figures grouped by year and
    measure, the sum of the converted and the count of the unconverted side by side.
    """
    rows = (
        MoneyFigure.objects.filter(article__in=articles.values("pk"))
        .order_by()
        .values("usd_year", "measure")
        .annotate(
            usd_sum=Sum("usd"),
            converted=Count("pk", filter=Q(usd__isnull=False)),
            unconverted=Count("pk", filter=Q(usd__isnull=True)),
        )
        .values_list("usd_year", "measure", "usd_sum", "converted", "unconverted")
    )
    sums: dict[int | None, dict[str, Decimal]] = {}
    counts: Counter[int | None] = Counter()
    unconverted = 0
    for year, measure, usd, converted, left_out in rows:
        unconverted += left_out
        if converted:
            sums.setdefault(year, {})[measure] = usd
            counts[year] += converted
    if not sums:
        return None
    used = {measure for by_measure in sums.values() for measure in by_measure}
    measures = tuple((key, label) for key, label in MEASURES.items() if key in used)
    years = tuple(
        MoneyYear(
            year=year,
            cells=tuple(sums[year].get(key) for key, _ in measures),
            total=sum(sums[year].values(), Decimal(0)),
            figures=counts[year],
        )
        for year in sorted(sums, key=lambda y: (y is None, y or 0))
    )
    return MoneyTotals(measures=measures, years=years, unconverted=unconverted)
