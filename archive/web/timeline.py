"""The result set's timeline as bars for an inline SVG chart, each bar a link to its date range."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from django.http import QueryDict

from archive.web.facets import url_with

CHART_WIDTH = 600
CHART_HEIGHT = 120
LABEL_SPACE = 18
MAX_SLOT = 60  # a lone year stays a bar, not a block across the chart
MAX_LABELS = 12  # beyond this, label every n-th bar so the labels stay readable


@dataclass(frozen=True)
class Bar:
    label: str  # "2024" or "Mar 2024"
    count: int
    x: float
    y: float
    width: float
    height: float
    url: str
    show_label: bool = True

    @property
    def label_x(self) -> float:
        return round(self.x + self.width / 2, 1)


def date_range(period: str) -> tuple[str, str]:
    """'2024' -> ('2024-01-01', '2024-12-31'); '2024-03' -> ('2024-03-01', '2024-03-31')."""
    if len(period) == 4:
        return f"{period}-01-01", f"{period}-12-31"
    year, month = int(period[:4]), int(period[5:7])
    return f"{period}-01", f"{period}-{calendar.monthrange(year, month)[1]:02d}"


def period_label(period: str) -> str:
    if len(period) == 4:
        return period
    return f"{calendar.month_abbr[int(period[5:7])]} {period[:4]}"


def bars(timeline: list[tuple[str, int]], params: QueryDict) -> list[Bar]:
    if not timeline:
        return []
    peak = max(count for _, count in timeline) or 1
    slot = min(CHART_WIDTH / len(timeline), MAX_SLOT)
    label_every = -(-len(timeline) // MAX_LABELS)
    usable = CHART_HEIGHT - LABEL_SPACE
    result = []
    for i, (period, count) in enumerate(timeline):
        start, end = date_range(period)
        base = params.copy()
        for key in ("date_from", "date_to", "page"):
            base.pop(key, None)
        base["date_from"], base["date_to"] = start, end
        height = max(1.0, usable * count / peak) if count else 0.0
        result.append(
            Bar(
                label=period_label(period),
                count=count,
                x=round(i * slot + slot * 0.1, 1),
                y=round(usable - height, 1),
                width=round(slot * 0.8, 1),
                height=round(height, 1),
                url=url_with(base),
                show_label=i % label_every == 0,
            )
        )
    return result
