"""Vietnam's provinces as proportional circles at their centroids, for an inline SVG map.

Plain data for templates (no markup here): the circles in SVG user units, each with the link it
opens, the faint dots of the provinces without articles (so the country's shape shows), and the
rows of the table that says the same to a screen reader. The coordinates are
``data/province_centroids.csv`` (sources in ``data/SOURCES.md``), projected equirectangularly:
x = longitude x cos(16°), y = -latitude, which keeps Vietnam's proportions at its middle latitude.
No tiles, no outside requests.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CENTROIDS_FILE = Path(__file__).resolve().parent / "data" / "province_centroids.csv"
# The box the map draws (degrees): all of mainland Vietnam with a margin for the largest circle.
WEST, EAST, SOUTH, NORTH = 101.9, 110.0, 8.2, 23.7
SCALE = 24.0  # SVG units per degree of latitude
X_FACTOR = math.cos(math.radians(16.0))  # Vietnam's middle latitude
MAX_RADIUS = 10.0  # the northern provinces sit ~8 units apart: a circle rarely hides a centre
MIN_RADIUS = 2.5  # one article still makes a circle one can point at
DOT_RADIUS = 1.5


@dataclass(frozen=True)
class MapEntry:
    """A province with its article count and the search it opens."""

    name: str  # the English name, as in localities_vn.csv
    count: int
    url: str
    selected: bool = False


@dataclass(frozen=True)
class Circle:
    name: str
    count: int
    url: str
    x: float
    y: float
    r: float
    selected: bool = False


@dataclass(frozen=True)
class Dot:
    x: float
    y: float


@dataclass(frozen=True)
class ProvinceMap:
    width: float
    height: float
    circles: list[Circle]  # largest first, so a small circle is drawn over a large one
    dots: list[Dot]  # provinces without articles
    rows: list[MapEntry]  # the table: every province with articles, most first
    grouping: str  # "named" or "2025"

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)


@cache
def centroids(grouping: str) -> dict[str, tuple[float, float]]:
    """Name -> (lat, lon): the pre-reform units for "named", the 34 units of 2025 for "2025"."""
    with CENTROIDS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if grouping == "2025":
        return {
            row["name"]: (float(row["lat_2025"]), float(row["lon_2025"]))
            for row in rows
            if row["lat_2025"]
        }
    return {row["name"]: (float(row["lat"]), float(row["lon"])) for row in rows}


def project(lat: float, lon: float) -> tuple[float, float]:
    return (
        round((lon - WEST) * SCALE * X_FACTOR, 1),
        round((NORTH - lat) * SCALE, 1),
    )


def province_map(entries: Iterable[MapEntry], grouping: str = "named") -> ProvinceMap | None:
    """The map of these provinces' counts; None when none has an article."""
    rows = sorted((e for e in entries if e.count > 0), key=lambda e: (-e.count, e.name))
    if not rows:
        return None
    points = centroids(grouping)
    peak = rows[0].count
    circles = []
    for entry in rows:
        if entry.name not in points:  # a place the centroid file lacks: in the table only
            continue
        x, y = project(*points[entry.name])
        radius = max(MIN_RADIUS, MAX_RADIUS * math.sqrt(entry.count / peak))
        circles.append(
            Circle(entry.name, entry.count, entry.url, x, y, round(radius, 1), entry.selected)
        )
    drawn = {circle.name for circle in circles}
    positions = {project(*point) for name, point in points.items() if name not in drawn}
    width, _ = project(SOUTH, EAST)
    _, height = project(SOUTH, WEST)
    return ProvinceMap(
        width=width,
        height=height,
        circles=circles,
        dots=[Dot(x, y) for x, y in sorted(positions)],
        rows=rows,
        grouping=grouping,
    )
