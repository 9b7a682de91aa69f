"""Calibration benchmark: how well the engine predicts documented outcomes.

Runs `rollout calibrate` (the library function) on benchmarks/cases/public-cases.yaml (26
public post-mortems, a copy of ../shared/domain/public-cases.yaml) plus the library's seed cases
scored from their examples, in both fill modes. Targets (issue 11): failure-index AUC >= 0.9 and
above the naive baseline; cause recall@5 >= 0.7 (chance about 0.23 with 22 factors); 0 unmapped
causes; no success or recovery "no-go".
"""

from __future__ import annotations

from pathlib import Path

from rollout.content.loader import load_default_content
from rollout.risk.calibration import calibrate, load_cases

CASES = Path(__file__).resolve().parent / "cases" / "public-cases.yaml"


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def run() -> list[tuple[str, str, str, str]]:
    content = load_default_content()
    cases = load_cases(CASES)
    rows = []
    for mode in ("sparse", "neutral"):
        result = calibrate(cases, content, mode, include_library_seeds=True)
        auc, recall = result["auc"], result["recall"]
        not_failing = [r for r in result["per_case"] if r["outcome"] != "failure"]
        no_go = sum(1 for r in not_failing if r["verdict"] == "no-go")
        rows += [
            ("calibration", f"{mode}: AUC failure index / naive / readiness",
             f"{_fmt(auc['failure_index'])} / {_fmt(auc['naive_baseline'])} / "
             f"{_fmt(auc['readiness'])}", ">= 0.9, above naive"),
            ("calibration", f"{mode}: cause recall @3 / @5 / @10 (chance @5)",
             f"{_fmt(recall['3'])} / {_fmt(recall['5'])} / {_fmt(recall['10'])} "
             f"({_fmt(result['chance_recall']['5'])})", "@5 >= 0.7"),
            ("calibration", f"{mode}: unmapped causes", str(result["unmapped_causes"]), "0"),
            ("calibration", f"{mode}: successes and recoveries no-go",
             f"{no_go} of {len(not_failing)}", "0"),
            ("calibration", f"{mode}: leave-one-out failure index changed",
             f"{len(result['leave_one_out']['changed'])} of "
             f"{result['leave_one_out']['checked']}", "0"),
        ]
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
