"""The Gantt figure: phases, markers, shaded seasons, critical path and today."""

from __future__ import annotations

import datetime as dt
import itertools

from rollout.domain.plan import Phase, Plan
from rollout.schedule import build_plan
from rollout.ui.gantt import CRITICAL_COLOUR, build_gantt, gantt_figure
from tests.builders.plans import HALLOWEEN, assessment


def _plan() -> Plan:
    return build_plan(assessment(industry="confectionery", target="2026-10-17",
                                 peak_seasons=["halloween"]), presets={"halloween": HALLOWEEN})


def test_the_figure_shows_phases_markers_and_the_critical_path() -> None:
    plan = _plan()
    fig = build_gantt(plan, today=dt.date(2026, 5, 4))
    names = [trace.name for trace in fig.data]
    assert {p.value for p in Phase} <= set(names)
    assert {"Go-live", "Gate", "Milestone", "critical path (red outline)"} <= set(names)
    outlines = [c for trace in fig.data if trace.type == "bar" and trace.name in
                {p.value for p in Phase} for c in trace.marker.line.color]
    assert CRITICAL_COLOUR in outlines


def test_peak_seasons_and_today_are_drawn() -> None:
    plan = _plan()
    fig = build_gantt(plan, today=dt.date(2026, 5, 4))
    rectangles = [s for s in fig.layout.shapes if s.type == "rect"]
    assert any(str(s.x0).startswith("2026-10-01") for s in rectangles)  # Halloween
    assert any(str(s.x0).startswith("2026-08-20") for s in rectangles)  # its buffer
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [str(s.x0) for s in lines] == ["2026-05-04"]


def test_a_large_plan_is_summarised() -> None:
    plan = _plan()
    detailed = build_gantt(plan, detail="tasks")
    summary = build_gantt(plan, detail="summary")
    rows = {y for trace in summary.data if trace.type == "bar" for y in trace.y if y}
    assert len(rows) < len(list(plan.tasks))
    assert any(str(r).startswith("Migration track") for r in rows)
    assert summary.layout.height < detailed.layout.height


def _demo_plan() -> Plan:
    from rollout.content.loader import load_default_content
    from rollout.domain.assessment import Assessment
    from rollout.services import demo

    content = load_default_content()
    return build_plan(Assessment(name="demo", organisation=demo.PROFILE,
                                 programme=demo.PROGRAMME), presets=content.presets)


def test_d19_the_summary_gantt_labels_every_row_and_markers_open_no_rows_of_their_own() -> None:
    plan = _demo_plan()
    fig = build_gantt(plan, today=dt.date(2027, 1, 4), detail="summary")
    rows = list(fig.layout.yaxis.categoryarray)
    assert list(fig.layout.yaxis.tickvals) == rows == list(fig.layout.yaxis.ticktext)
    marker_rows = {y for trace in fig.data if trace.type == "scatter" for y in trace.y}
    assert marker_rows <= set(rows)
    assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text


def test_d19_blackout_names_on_one_line_never_overlap() -> None:
    plan = _demo_plan()
    fig = build_gantt(plan, today=dt.date(2027, 1, 4), detail="summary")
    names = [a for a in fig.layout.annotations if a.text != "today"]
    assert len(names) > 5
    span_days = (plan.end - plan.start).days + 28
    days_per_char = span_days * 6 / 1100
    by_line: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for a in names:
        start = dt.date.fromisoformat(a.x)
        by_line.setdefault(a.yshift or 0, []).append(
            (start, start + dt.timedelta(days=len(a.text) * days_per_char)))
    assert len(by_line) > 1  # the demo's seasons crowd one line
    for spans in by_line.values():
        spans.sort()
        assert all(later[0] >= earlier[1] for earlier, later in itertools.pairwise(spans))


def test_names_in_labels_and_hover_text_cannot_carry_live_html() -> None:
    plan = _plan()
    hostile = '<a href="https://evil.example">Reset your password</a>'
    tasks = [t.model_copy(update={"name": hostile + t.name}) for t in plan.tasks]
    figure = build_gantt(plan.model_copy(update={"tasks": tasks}), today=dt.date(2026, 1, 5))
    for trace in figure.data:
        for text in [*(getattr(trace, "hovertext", None) or []), *(trace.y or [])]:
            assert "<a" not in str(text), text


def test_the_page_figure_is_drawn_once_per_plan_object() -> None:
    plan = _plan()
    today = dt.date(2026, 3, 2)
    figure = gantt_figure(plan, today=today)
    assert gantt_figure(plan, today=today) is figure
    assert gantt_figure(plan, today=today, detail="tasks") is not figure
    # An equal plan rebuilt (its data changed and changed back) is another object: drawn again.
    assert gantt_figure(plan.model_copy(), today=today) is not figure
    assert gantt_figure(plan, today=today).to_json() == build_gantt(plan, today=today).to_json()
