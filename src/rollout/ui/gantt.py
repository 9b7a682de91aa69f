"""The plan as a plotly Gantt chart: phases, waves, milestones, gates, peak seasons, critical path.

The only module that draws a plan; the planner itself never imports plotly. A large plan (more
than ``DETAIL_ROWS`` tasks) is drawn as a summary by default: one bar per early phase and per
migration track, one per wave, with go-lives and gates as markers.

Its words are in the reader's language. In Persian the time axis still runs left to right (time
does, on every calendar), but the row labels sit on the right and read right to left, the
title, legend and hover text are right-aligned, and dates in hover text are Jalali. Names stay
HTML-escaped, and a Latin name inside Persian text is isolated (FSI…PDI) so it keeps its order.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rollout.domain.plan import BlackoutKind, Phase, Plan, PlanTask, TaskKind
from rollout.i18n import N_
from rollout.ui.charts import rtl_layout
from rollout.ui.plotting import go
from rollout.ui.translation import _, code_label, current_digits, date, is_rtl, isolate, language

# Above this many tasks the chart is a summary unless the caller asks for every task: at
# 1280×800 more rows than this cannot be read.
DETAIL_ROWS = 60
LABEL_CHARS = 42
# For placing the names of blackout windows above the chart without overlaps: the plot is
# about this wide on the plan page, and a 10-point character about this wide.
CHART_WIDTH_PX = 1100
LABEL_CHAR_PX = 6
LABEL_ROW_PX = 13
DAY_MS = 86_400_000
PHASE_COLOURS = {
    Phase.MOBILISE: "#5c6bc0",
    Phase.DESIGN: "#26a69a",
    Phase.BUILD: "#8d6e63",
    Phase.PILOT: "#ab47bc",
    Phase.WAVES: "#42a5f5",
    Phase.STABILISE: "#78909c",
}
CRITICAL_COLOUR = "#c62828"
WINDOW_COLOURS = {
    BlackoutKind.PEAK_SEASON: "#ff9800",
    BlackoutKind.FREEZE: "#607d8b",
    BlackoutKind.CONCURRENT_PROJECT: "#9e9e9e",
    BlackoutKind.HOLIDAY: "#bdbdbd",
    BlackoutKind.CUSTOM: "#9e9e9e",
}
MARKERS = {TaskKind.GO_LIVE: ("star", N_("Go-live")), TaskKind.GATE: ("triangle-up", N_("Gate")),
           TaskKind.MILESTONE: ("diamond", N_("Milestone"))}

Detail = Literal["auto", "tasks", "summary"]


@dataclass(frozen=True)
class _Bar:
    label: str
    start: dt.date
    end: dt.date  # inclusive
    phase: Phase
    critical: bool
    hover: str


def build_gantt(plan: Plan, *, today: dt.date | None = None, detail: Detail = "auto",
                title: str | None = None) -> go.Figure:
    """A figure for ``st.plotly_chart``: bars by phase, critical work outlined in red, go-lives
    and gates as markers, peak seasons (and their buffers) shaded, and a line for today."""
    today = today or dt.date.today()
    if detail == "auto":
        detail = "tasks" if len(plan.tasks) <= DETAIL_ROWS else "summary"
    bars = _task_bars(plan.tasks) if detail == "tasks" else _summary_bars(plan)
    rows = list(dict.fromkeys(b.label for b in bars))
    markers = [t for t in plan.tasks if t.kind in MARKERS
               and (detail == "tasks" or t.kind is not TaskKind.MILESTONE or
                    t.phase is not Phase.STABILISE)]

    labels = _task_labels(sorted(plan.tasks, key=lambda t: (list(Phase).index(t.phase),
                                                             t.wave or "", t.start, t.id)))
    fig = go.Figure()
    by_phase: dict[Phase, list[_Bar]] = defaultdict(list)
    for bar in bars:
        by_phase[bar.phase].append(bar)
    for phase, items in by_phase.items():
        fig.add_trace(go.Bar(
            name=code_label(phase), orientation="h", y=[b.label for b in items],
            base=[b.start.isoformat() for b in items],
            x=[((b.end - b.start).days + 1) * DAY_MS for b in items],
            marker={"color": PHASE_COLOURS[phase],
                    "line": {"color": [CRITICAL_COLOUR if b.critical else PHASE_COLOURS[phase]
                                       for b in items],
                             "width": [3 if b.critical else 0 for b in items]}},
            hovertext=[b.hover for b in items], hoverinfo="text",
        ))
    fig.add_trace(go.Bar(name=_("critical path (red outline)"), x=[None], y=[None],
                         orientation="h", marker={"color": "white",
                                                  "line": {"color": CRITICAL_COLOUR, "width": 3}},
                         showlegend=True, hoverinfo="skip"))
    for kind, (symbol, label) in MARKERS.items():
        points = [t for t in markers if t.kind is kind]
        if not points:
            continue
        fig.add_trace(go.Scatter(
            name=_(label), mode="markers", x=[t.start.isoformat() for t in points],
            y=[_marker_row(plan, t, detail, labels) for t in points],
            marker={"symbol": symbol, "size": 13,
                    "color": [CRITICAL_COLOUR if t.critical else "#212121" for t in points],
                    "line": {"color": "white", "width": 1}},
            hovertext=[_hover(t) for t in points], hoverinfo="text",
        ))
    shapes, annotations = _window_shapes(plan, span_days=(plan.end - plan.start).days + 28)
    shapes.append(_today_shape(today))
    annotations.append(_today_label(today))
    height = min(4000, 120 + 22 * len(rows))
    margin = dt.timedelta(days=14)
    fig.update_layout(
        # Plotly renders a subset of HTML (links included) in titles: the name is escaped.
        title=title or _("{organisation}: {scenario} rollout, {start} to {end} ({workdays} "
                         "working days)", organisation=isolate(html.escape(plan.organisation)),
                         scenario=code_label(plan.scenario), start=plan.start, end=plan.end,
                         workdays=plan.duration_workdays),
        barmode="overlay", height=height,
        # Pinned to the plan: shaded windows must not stretch the axis past the plan's end.
        # Time runs left to right in every language, so the axis is never reversed.
        xaxis={"type": "date", "title": {"text": _("Date")},
               "range": [(plan.start - margin).isoformat(), (plan.end + margin).isoformat()]},
        # One update with every shape: add_vrect re-validates all earlier shapes on each call.
        shapes=shapes, annotations=annotations,
        # Every row labelled: plotly would otherwise thin the ticks of a long category axis.
        yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": rows,
               "tickmode": "array", "tickvals": rows, "ticktext": rows,
               "title": {"text": _("phase, migration track or wave") if detail == "summary"
                         else _("task")},
               # Persian labels read right to left: the row names go on the right.
               "side": "right" if is_rtl() else "left"},
        legend={"orientation": "h", "y": -0.08 if height > 400 else -0.25},
        margin={"l": 10, "r": 10, "t": 50 + LABEL_ROW_PX * _label_levels(annotations), "b": 10},
    )
    return rtl_layout(fig)


def _hover(task: PlanTask) -> str:
    when = (date(task.start) if task.start == task.end
            else _("{start} to {end}", start=task.start, end=task.end))
    # Plotly renders a subset of HTML (links included) in hover text and labels: names escaped.
    lines = [f"<b>{html.escape(task.name)}</b> [{isolate(html.escape(task.id))}]", when,
             _("{workdays} working days, float {float}", workdays=task.duration_workdays,
               float=task.float_workdays)
             + (" " + _("(critical)") if task.critical else "")]
    lines += [html.escape(c.text) for c in task.criteria]
    return "<br>".join(lines)


def _short(name: str) -> str:
    short = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1] + "…"
    return html.escape(short)


def _task_labels(tasks: Sequence[PlanTask]) -> dict[str, str]:
    """A short, unique row label per task (the id stays in the hover text)."""
    labels: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for task in tasks:
        label = _short(task.name)
        seen[label] += 1
        labels[task.id] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return labels


def _task_bars(tasks: Sequence[PlanTask]) -> list[_Bar]:
    ordered = sorted(tasks, key=lambda t: (list(Phase).index(t.phase), t.wave or "", t.start,
                                           t.id))
    labels = _task_labels(ordered)
    return [_Bar(labels[t.id], t.start, t.end, t.phase, t.critical, _hover(t))
            for t in ordered if t.kind not in MARKERS]


def _summary_bars(plan: Plan) -> list[_Bar]:
    bars = []
    groups: dict[tuple[Phase, str], list[PlanTask]] = defaultdict(list)
    for task in plan.tasks:
        if task.wave is not None:
            key = (task.phase, _wave_label(plan, task.wave))
        elif task.platform is not None:
            key = (task.phase, _("Migration track: {platform}",
                                 platform=isolate(html.escape(task.platform))))
        else:
            key = (task.phase, _phase_row(task.phase))
        groups[key].append(task)
    for (phase, label), tasks in sorted(
            groups.items(), key=lambda kv: (list(Phase).index(kv[0][0]),
                                            min(t.start for t in kv[1]), kv[0][1])):
        start = min(t.start for t in tasks)
        end = max(t.end for t in tasks)
        critical = any(t.critical and t.kind not in MARKERS for t in tasks)
        hover = (f"<b>{label}</b><br>" + _("{start} to {end}", start=start, end=end) + "<br>"
                 + _("{count} tasks", count=len(tasks)))
        bars.append(_Bar(label, start, end, phase, critical, hover))
    return bars


def _wave_label(plan: Plan, wave_id: str) -> str:
    wave = next((w for w in plan.waves if w.id == wave_id), None)
    return html.escape(wave.name if wave else wave_id)


def _marker_row(plan: Plan, task: PlanTask, detail: str, labels: dict[str, str]) -> str:
    """The row a marker sits on: the same label as its wave's (or phase's) bar, so no marker
    opens a row of its own."""
    if detail == "tasks":
        return labels[task.id]
    return _phase_row(task.phase) if task.wave is None else _wave_label(plan, task.wave)


def _phase_row(phase: Phase) -> str:
    # English keeps the phase's own name, capitalised (the summary's rows as they always were).
    label = code_label(phase)
    return label[:1].upper() + label[1:]


def _window_shapes(plan: Plan, *, span_days: int
                   ) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    """Shaded blackout windows (and the buffers before them) within the plan's span, each named
    above the chart; names that would overlap go on further lines (D19)."""
    shapes: list[dict[str, object]] = []
    annotations: list[dict[str, object]] = []
    days_per_char = span_days * LABEL_CHAR_PX / CHART_WIDTH_PX
    level_free_from: list[dt.date] = []  # per line of names: the first day not yet written on
    for window in sorted(plan.blackouts, key=lambda b: (b.start, b.name)):
        if window.end < plan.start - dt.timedelta(days=14) or window.blocked_from > plan.end:
            continue
        colour = WINDOW_COLOURS[window.kind]
        common = {"type": "rect", "xref": "x", "yref": "paper", "y0": 0, "y1": 1,
                  "fillcolor": colour, "line": {"width": 0}, "layer": "below"}
        if window.buffer_weeks:
            shapes.append({**common, "x0": window.blocked_from.isoformat(),
                           "x1": window.start.isoformat(), "opacity": 0.08})
        shapes.append({**common, "x0": window.start.isoformat(),
                       "x1": (window.end + dt.timedelta(days=1)).isoformat(), "opacity": 0.22})
        level = next((i for i, free in enumerate(level_free_from) if window.start >= free),
                     len(level_free_from))
        if level == len(level_free_from):
            level_free_from.append(window.start)
        level_free_from[level] = window.start + dt.timedelta(
            days=math.ceil((len(window.name) + 2) * days_per_char))
        annotations.append({"x": window.start.isoformat(), "y": 1, "xref": "x", "yref": "paper",
                            "text": html.escape(window.name), "showarrow": False, "xanchor": "left",
                            "yanchor": "bottom", "yshift": LABEL_ROW_PX * level,
                            "font": {"size": 10},
                            "hovertext": f"{html.escape(window.name)}: "
                                         + _("{start} to {end}", start=window.start,
                                             end=window.end)})
    return shapes, annotations


def _label_levels(annotations: Sequence[dict[str, object]]) -> int:
    shifts = [a.get("yshift", 0) for a in annotations]
    return 1 + max((int(str(s)) // LABEL_ROW_PX for s in shifts), default=0)


def _today_shape(today: dt.date) -> dict[str, object]:
    return {"type": "line", "x0": today.isoformat(), "x1": today.isoformat(), "y0": 0, "y1": 1,
            "xref": "x", "yref": "paper", "line": {"color": "#212121", "width": 1, "dash": "dot"}}


def _today_label(today: dt.date) -> dict[str, object]:
    return {"x": today.isoformat(), "y": 1, "xref": "x", "yref": "paper", "text": _("today"),
            "showarrow": False, "yanchor": "bottom", "font": {"size": 10}}


# Figures built once per plan, not on every rerun (issue 16): a plan comes from
# rollout.services.plan_cache, the same object until its data changes, so the plan itself (held
# here and compared by identity, never by an id that could be reused) is the data version. The
# language and the digits are in the key, as the figure's labels are in them.
MAX_FIGURES = 8
_figures: OrderedDict[tuple[object, ...], tuple[Plan, go.Figure]] = OrderedDict()
_figures_lock = threading.Lock()


def gantt_figure(plan: Plan, *, today: dt.date | None = None, detail: Detail = "auto"
                 ) -> go.Figure:
    """The plan page's chart: :func:`build_gantt`, kept for the plan object it was drawn from.
    The figure is shared: callers must not change it."""
    key = (id(plan), today, detail, language(), current_digits())
    with _figures_lock:
        kept = _figures.get(key)
        if kept is not None and kept[0] is plan:
            _figures.move_to_end(key)
            return kept[1]
    figure = build_gantt(plan, today=today, detail=detail)
    with _figures_lock:
        _figures[key] = (plan, figure)
        while len(_figures) > MAX_FIGURES:
            _figures.popitem(last=False)
    return figure
