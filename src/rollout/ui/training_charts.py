"""Plotly figures for the training dashboard: completion against the gate threshold, and each
wave's forecast against its deadline. Built from figures only, so tests can read them as data.
Names (units, roles) are HTML-escaped: Plotly renders tags in labels and hover text."""

from __future__ import annotations

import html
from collections.abc import Sequence

from rollout.training.metrics import Share, WaveForecast
from rollout.ui.plotting import go

MET, SHORT = "#66bb6a", "#ffa726"


def completion_figure(shares: Sequence[Share], *, threshold_pct: float, title: str,
                      threshold_label: str) -> go.Figure:
    """Bars of completion per group with the gate threshold as a line: the standard, not a
    ranking (groups keep their own order)."""
    labels = [html.escape(s.key) for s in shares]
    figure = go.Figure(go.Bar(
        x=labels, y=[round(s.pct, 1) for s in shares],
        marker_color=[MET if s.pct >= threshold_pct else SHORT for s in shares],
        text=[f"{s.done}/{s.total}" for s in shares], textposition="outside",
        hovertemplate="%{x}: %{y}%<extra></extra>"))
    figure.add_hline(y=threshold_pct, line_dash="dash", line_color="#c62828",
                     annotation_text=html.escape(threshold_label))
    figure.update_layout(title=html.escape(title), yaxis={"range": [0, 105], "ticksuffix": "%"},
                         height=320, margin={"t": 50, "b": 40, "l": 40, "r": 20})
    return figure


def forecast_figure(forecasts: Sequence[WaveForecast], *, title: str, deadline_label: str,
                    forecast_label: str) -> go.Figure:
    """Per wave: the training deadline and the forecast date of reaching the threshold."""
    waves = [html.escape(f.name) for f in forecasts]
    figure = go.Figure()
    figure.add_trace(go.Scatter(
        x=[f.deadline for f in forecasts], y=waves, mode="markers", name=html.escape(deadline_label),
        marker={"symbol": "line-ns-open", "size": 22, "color": "#c62828"}))
    figure.add_trace(go.Scatter(
        x=[f.forecast for f in forecasts], y=waves, mode="markers", name=html.escape(forecast_label),
        marker={"size": 12, "color": [MET if f.forecast and f.deadline and f.forecast <= f.deadline
                                      else SHORT for f in forecasts]}))
    figure.update_layout(title=html.escape(title), height=120 + 40 * len(forecasts),
                         margin={"t": 50, "b": 40, "l": 40, "r": 20})
    return figure
