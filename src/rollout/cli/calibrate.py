"""``rollout calibrate CASES.yaml``: how well Rollout predicts a file of documented outcomes."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer


class CalibrateFormat(StrEnum):
    text = "text"
    json = "json"


class FillMode(StrEnum):
    sparse = "sparse"
    neutral = "neutral"


def register(app: typer.Typer) -> None:
    @app.command()
    def calibrate(
        cases_file: Annotated[Path, typer.Argument(
            help="documented outcomes in the public-cases schema (YAML or JSON list)")],
        format: Annotated[CalibrateFormat, typer.Option("--format", "-f")] = CalibrateFormat.text,
        mode: Annotated[FillMode, typer.Option(
            help="sparse: answer only what a fact supports; neutral: fill the rest with "
                 "middle answers")] = FillMode.sparse,
        with_library_seeds: Annotated[bool, typer.Option(
            help="also score the library's seed cases from their examples")] = False,
    ) -> None:
        """Score each case's facts and report AUC, cause recall and a row per case."""
        from rollout.cli import load_content_or_exit
        from rollout.content.loader import Content
        from rollout.risk.calibration import calibrate as run
        from rollout.risk.calibration import load_cases

        content = load_content_or_exit()
        assert isinstance(content, Content)
        cases = load_cases(cases_file)
        result = run(cases, content, mode.value, include_library_seeds=with_library_seeds)
        if format is CalibrateFormat.json:
            typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        else:
            typer.echo(render_calibration(result), nl=False)


def render_calibration(result: dict[str, Any]) -> str:
    """The calibration as a short text table for a terminal."""
    from rollout.escaping import escape_terminal

    def fmt(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}"

    auc, recall, chance = result["auc"], result["recall"], result["chance_recall"]
    lines = [
        f"Calibration ({result['mode']}): {result['cases']} cases, {result['failures']} failures, "
        f"{result['successes']} successes, {result['recoveries']} recoveries",
        f"ROC AUC, failures vs successes: failure index {fmt(auc['failure_index'])}, "
        f"readiness {fmt(auc['readiness'])}, naive baseline {fmt(auc['naive_baseline'])}",
        "Cause recall (chance): " + ", ".join(
            f"@{k} {fmt(recall[k])} ({fmt(chance[k])})" for k in recall),
        f"Unmapped causes: {result['unmapped_causes']}"
        + (f" ({', '.join(result['unmapped'])})" if result["unmapped"] else ""),
        "Verdicts: " + "; ".join(f"{o}: " + ", ".join(f"{k} {v}" for k, v in c.items())
                                 for o, c in result["verdicts"].items()),
        f"Leave-one-out: {result['leave_one_out']['checked']} checked, "
        f"{len(result['leave_one_out']['changed'])} changed",
        "",
        f"{'case':<36} {'outcome':<10} {'fail':>4} {'expo':>4} {'ready':>5}  {'verdict':<11} "
        "causes found in top 5",
    ]
    for row in result["per_case"]:
        found = f"{len(row['hits_at_5'])}/{len(row['documented_causes'])}"
        lines.append(f"{escape_terminal(row['id'])[:36]:<36} {row['outcome']:<10} "
                     f"{row['failure_index']:>4} {row['exposure_index']:>4} "
                     f"{row['readiness']:>5}  {row['verdict']:<11} {found}")
    return "\n".join(lines) + "\n"
