"""Plotly figures for the risk dashboard: the likelihood × impact heatmap and the readiness trend.

Figures are built from reports only (no Streamlit calls here), so tests can check them as
data. Their words are in the reader's language; in Persian, titles, legends and hover labels
are right-aligned and set in Vazirmatn (:func:`rtl_layout`), while axes keep running left to
right, as numbers and time do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from rollout.domain.report import Risk, RiskReport, band_for
from rollout.i18n.fonts import FAMILY
from rollout.services import NO_GO_FROM_FAILURE, CasePosition, go_bar
from rollout.ui.plotting import go
from rollout.ui.translation import _, code_label, is_rtl, isolate, localise


def rtl_layout(fig: go.Figure) -> go.Figure:
    """In Persian: the title, legend and hover labels right-aligned, in the shipped font."""
    if not is_rtl():
        return fig
    fig.update_layout(
        title={"x": 1.0, "xanchor": "right"},
        font={"family": f"{FAMILY}, sans-serif"},
        legend={"x": 1.0, "xanchor": "right", "traceorder": "normal"},
        hoverlabel={"align": "right", "font": {"family": f"{FAMILY}, sans-serif"}},
    )
    return fig

LEVELS = (1, 2, 3, 4, 5)
# Cell colours follow the score bands, so the heatmap reads the same as the risk list.
_BAND_CELL_COLOURS = {"low": "#c8e6c9", "medium": "#fff59d", "high": "#ffcc80", "critical": "#ef9a9a"}


def heatmap_counts(risks: Sequence[Risk]) -> list[list[int]]:
    """Counts per cell: rows are impact 1..5, columns likelihood 1..5."""
    counts = [[0] * 5 for _ in LEVELS]
    for risk in risks:
        counts[risk.impact - 1][risk.likelihood - 1] += 1
    return counts


def risks_in_cell(risks: Sequence[Risk], *, likelihood: int, impact: int) -> list[Risk]:
    return [r for r in risks if r.likelihood == likelihood and r.impact == impact]


def heatmap_figure(report: RiskReport) -> go.Figure:
    """A 5×5 likelihood × impact matrix coloured by band, each cell showing its risk count."""
    counts = heatmap_counts(report.risks)
    bands = [[band_for(lik * imp).value for lik in LEVELS] for imp in LEVELS]
    # A discrete colour scale: z holds the band index, text holds the count.
    order = ["low", "medium", "high", "critical"]
    z = [[order.index(b) for b in row] for row in bands]
    colourscale = []
    for i, name in enumerate(order):
        colourscale += [[i / 4, _BAND_CELL_COLOURS[name]], [(i + 1) / 4, _BAND_CELL_COLOURS[name]]]
    text = [[str(localise(c)) if c else "" for c in row] for row in counts]
    names = [[", ".join(isolate(r.factor)
                        for r in risks_in_cell(report.risks, likelihood=lik, impact=imp))
              or _("none") for lik in LEVELS] for imp in LEVELS]
    fig = go.Figure(go.Heatmap(
        z=z, x=list(LEVELS), y=list(LEVELS), zmin=0, zmax=4, colorscale=colourscale,
        showscale=False, text=text, texttemplate="%{text}", textfont={"size": 18},
        customdata=names, xgap=2, ygap=2,
        hovertemplate=_("likelihood {likelihood} × impact {impact}", likelihood="%{x}",
                        impact="%{y}") + "<br>%{customdata}<extra></extra>",
    ))
    fig.update_layout(title=_("Risks by likelihood × impact (count per cell)"),
                      xaxis_title=_("likelihood"), yaxis_title=_("impact"), height=380,
                      margin={"l": 10, "r": 10, "t": 40, "b": 10})
    fig.update_xaxes(tickvals=list(LEVELS), ticktext=[localise(v) for v in LEVELS])
    fig.update_yaxes(tickvals=list(LEVELS), ticktext=[localise(v) for v in LEVELS])
    return rtl_layout(fig)


def trend_figure(points: Sequence[tuple[dt.datetime | dt.date, int, int]]) -> go.Figure:
    """Readiness and total risk score across submitted snapshots: (when, readiness, total score)."""
    when = [p[0] for p in points]
    fig = go.Figure()
    # In Persian the hover shows the Jalali date; the axis itself keeps Plotly's dates.
    shown = [str(localise(w)) for w in when]
    fig.add_trace(go.Scatter(x=when, y=[p[1] for p in points], mode="lines+markers",
                             name=_("readiness (0-100)"), customdata=shown,
                             hovertemplate="%{customdata}: %{y}<extra></extra>"))
    fig.add_trace(go.Scatter(x=when, y=[p[2] for p in points], mode="lines+markers",
                             name=_("total risk score"), yaxis="y2", customdata=shown,
                             hovertemplate="%{customdata}: %{y}<extra></extra>"))
    fig.update_layout(title=_("Trend across submitted snapshots"), height=320,
                      yaxis={"title": _("readiness"), "range": [0, 100]},
                      yaxis2={"title": _("total risk score"), "overlaying": "y", "side": "right"},
                      margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      legend={"orientation": "h"})
    return rtl_layout(fig)


_OUTCOME_COLOURS = {"failure": "#c0392b", "success": "#27ae60", "recovered": "#2980b9"}


def failure_exposure_figure(report: RiskReport, cases: Sequence[CasePosition]) -> go.Figure:
    """The programme on failure index x exposure index, among the documented cases, with the
    verdict's lines: no-go from the failure index, and the go bar that falls with exposure."""
    fig = go.Figure()
    for outcome, colour in _OUTCOME_COLOURS.items():
        mine = [c for c in cases if c.outcome == outcome]
        if mine:
            fig.add_trace(go.Scatter(
                x=[c.exposure_index for c in mine], y=[c.failure_index for c in mine],
                mode="markers", name=_("documented {outcome}", outcome=code_label(outcome)),
                text=[isolate(c.label) for c in mine],
                hovertemplate="%{text}<br>" + _("exposure {exposure}, failure {failure}",
                                                exposure="%{x}", failure="%{y}")
                + "<extra></extra>",
                marker={"color": colour, "size": 8, "opacity": 0.6}))
    fig.add_trace(go.Scatter(
        x=[report.exposure_index], y=[report.failure_index], mode="markers+text",
        name=_("this programme"), text=[_("this programme")], textposition="top center",
        marker={"symbol": "star", "size": 18, "color": "#222"}))
    fig.add_trace(go.Scatter(x=[0, 100], y=[go_bar(0), go_bar(100)], mode="lines",
                             name=_("go below this line"),
                             line={"dash": "dot", "color": "#27ae60"}))
    fig.add_trace(go.Scatter(x=[0, 100], y=[NO_GO_FROM_FAILURE] * 2, mode="lines",
                             name=_("no-go from this line"),
                             line={"dash": "dot", "color": "#c0392b"}))
    fig.update_layout(title=_("Failure likelihood and exposure, among the documented cases"),
                      height=380, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      xaxis={"title": _("exposure index (what is at stake)"), "range": [-2, 102]},
                      yaxis={"title": _("failure index (how likely it fails)"),
                             "range": [-2, 102]},
                      legend={"orientation": "h"})
    return rtl_layout(fig)

