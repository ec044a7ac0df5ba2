"""The result set's timeline as bars for an inline SVG chart, each bar a link to its date range.

Undated articles are never hidden: they get a bar of their own after a gap, labelled "undated",
drawn differently, and linked to the search for them (``undated=1``).
"""

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
# Month labels ("Mar 2024") are twice as long as years: at 12 px, 8 fit the widest chart (40rem).
MAX_MONTH_LABELS = 8


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
    undated: bool = False  # the bar of the articles without a date
    # Every other shown label: left out where the chart is narrow (a phone), so the labels,
    # always 12 px, do not overlap.
    minor_label: bool = False

    @property
    def label_x(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def label_percent(self) -> float:
        """Where the label's middle sits, in % of the chart's width (labels are drawn in CSS
        pixels under the scaled chart, so they stay 12 px on any screen)."""
        return round(self.label_x / CHART_WIDTH * 100, 2)


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


UNDATED_LABEL = "undated"
DATE_PARAMS = ("date_from", "date_to", "page", "undated", "include_undated")


def undated_url(params: QueryDict) -> str:
    """The search for the undated articles among these parameters' results."""
    base = params.copy()
    for key in DATE_PARAMS:
        base.pop(key, None)
    base["undated"] = "1"
    return url_with(base)


def bars(timeline: list[tuple[str, int]], params: QueryDict, undated: int = 0) -> list[Bar]:
    """A bar per period, then (after a gap) one for the ``undated`` articles when there are any."""
    if not timeline and not undated:
        return []
    peak = max([count for _, count in timeline] + [undated]) or 1
    slots = len(timeline) + (1.5 if undated else 0)  # half a slot of gap before "undated"
    slot = min(CHART_WIDTH / slots, MAX_SLOT)
    monthly = bool(timeline) and len(timeline[0][0]) > 4
    label_every = -(-len(timeline) // (MAX_MONTH_LABELS if monthly else MAX_LABELS))
    usable = CHART_HEIGHT - LABEL_SPACE
    result = []
    for i, (period, count) in enumerate(timeline):
        start, end = date_range(period)
        base = params.copy()
        for key in DATE_PARAMS:
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
                minor_label=i % (2 * label_every) != 0,
            )
        )
    if undated:
        height = max(1.0, usable * undated / peak)
        result.append(
            Bar(
                label=UNDATED_LABEL,
                count=undated,
                x=round((len(timeline) + 0.5) * slot + slot * 0.1, 1),
                y=round(usable - height, 1),
                width=round(slot * 0.8, 1),
                height=round(height, 1),
                url=undated_url(params),
                undated=True,
            )
        )
    return result
