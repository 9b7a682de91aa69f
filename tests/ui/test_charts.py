"""Dashboard figures are built from the report's numbers."""

from __future__ import annotations

import datetime as dt

from rollout.content.loader import Content, example_assessment
from rollout.risk.engine import assess, case_positions
from rollout.risk.score import NO_GO_FROM_FAILURE
from rollout.ui.charts import (
    failure_exposure_figure,
    heatmap_counts,
    heatmap_figure,
    risks_in_cell,
    trend_figure,
)


def test_heatmap_counts_every_risk_once_in_its_cell(content: Content) -> None:
    report = assess(example_assessment(content, "vodafone-2016"), content)
    counts = heatmap_counts(report.risks)
    assert sum(map(sum, counts)) == len(report.risks)
    top = report.risks[0]
    assert top in risks_in_cell(report.risks, likelihood=top.likelihood, impact=top.impact)
    assert counts[top.impact - 1][top.likelihood - 1] >= 1


def test_heatmap_figure_labels_its_axes_and_shows_counts(content: Content) -> None:
    report = assess(example_assessment(content, "vodafone-2016"), content)
    fig = heatmap_figure(report)
    assert fig.layout.xaxis.title.text == "likelihood"
    assert fig.layout.yaxis.title.text == "impact"
    shown = [int(t) for row in fig.data[0].text for t in row if t]
    assert sum(shown) == len(report.risks)


def test_trend_figure_has_one_point_per_snapshot() -> None:
    points = [(dt.date(2026, 1, 5), 40, 180), (dt.date(2026, 3, 2), 62, 120)]
    fig = trend_figure(points)
    assert list(fig.data[0].y) == [40, 62]
    assert list(fig.data[1].y) == [180, 120]


def test_failure_exposure_figure_places_the_programme_among_the_cases(content: Content) -> None:
    report = assess(example_assessment(content, "vodafone-2016"), content)
    positions = case_positions(content)
    fig = failure_exposure_figure(report, positions)
    programme = next(t for t in fig.data if t.name == "this programme")
    assert (programme.x[0], programme.y[0]) == (report.exposure_index, report.failure_index)
    plotted = sum(len(t.x) for t in fig.data if str(t.name).startswith("documented"))
    assert plotted == len(content.cases) == len(positions)
    vodafone = next(p for p in positions if p.case == "vodafone-2016")
    assert (vodafone.failure_index, vodafone.exposure_index) == (
        report.failure_index, report.exposure_index)
    no_go = next(t for t in fig.data if t.name == "no-go from this line")
    assert list(no_go.y) == [NO_GO_FROM_FAILURE] * 2
    assert fig.layout.xaxis.title.text.startswith("exposure")

