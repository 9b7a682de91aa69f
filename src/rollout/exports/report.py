"""The readiness and rollout report as one self-contained HTML file.

One jinja2 Environment for the package: templates inside it (PackageLoader), autoescape on for
every template, StrictUndefined so a missing value fails the export instead of printing nothing.
Charts (readiness bars, the likelihood × impact matrix, the Gantt) are inline SVG computed here;
the logo is a ``data:`` URL; the font is the system's. Nothing is fetched while rendering, and
the page loads nothing: no script, no stylesheet, no image from elsewhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import jinja2

from rollout.exports.document import ExportDocument
from rollout.exports.view import ReportView, build_view

GANTT_WIDTH = 760
GANTT_LABEL = 190
GANTT_ROW = 22


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("rollout.exports", "templates"),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class GanttRow:
    label: str
    y: int
    x: float
    width: float
    level: int
    critical: bool
    go_live_x: float | None


@dataclass(frozen=True)
class GanttBand:
    label: str
    x: float
    width: float


@dataclass(frozen=True)
class GanttTick:
    label: str
    x: float


@dataclass(frozen=True)
class GanttLayout:
    width: int
    height: int
    label_width: int
    rows: list[GanttRow]
    bands: list[GanttBand]
    ticks: list[GanttTick]


def gantt_layout(view: ReportView) -> GanttLayout:
    """Positions of the Gantt's bars, go-live marks, blackout bands and month ticks (time runs
    left to right in both languages, as on every calendar)."""
    start, end = view.gantt_start, view.gantt_end
    days = max((end - start).days + 1, 1)
    span = GANTT_WIDTH - GANTT_LABEL - 10

    def x(day: dt.date) -> float:
        offset = min(max((day - start).days, 0), days)
        return round(GANTT_LABEL + span * offset / days, 1)

    rows = []
    for i, bar in enumerate(view.gantt):
        left = x(bar.start)
        rows.append(GanttRow(bar.label, 24 + i * GANTT_ROW, left,
                             max(x(bar.end + dt.timedelta(days=1)) - left, 2.0), bar.level,
                             bar.critical, x(bar.go_live) if bar.go_live else None))
    bands = [GanttBand(name, x(first), max(x(last + dt.timedelta(days=1)) - x(first), 1.0))
             for name, first, last in view.blackout_spans]
    ticks = []
    month = dt.date(start.year, start.month, 1)
    step = max(1, days // 365 + 1)
    while month <= end:
        if month >= start:
            ticks.append(GanttTick(f"{month.year}-{month.month:02d}", x(month)))
        for _ in range(step):
            month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return GanttLayout(GANTT_WIDTH, 34 + len(rows) * GANTT_ROW, GANTT_LABEL, rows, bands, ticks)


def render_html(doc: ExportDocument) -> bytes:
    view = build_view(doc)
    template = environment().get_template("report.html.j2")
    return template.render(v=view, gantt=gantt_layout(view)).encode("utf-8")
