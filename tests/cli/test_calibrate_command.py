"""`rollout calibrate` prints the calibration contract and a readable table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rollout.cli import main

FIXTURE = Path(__file__).parents[1] / "risk" / "fixtures" / "calibration-cases.yaml"


def test_calibrate_json_prints_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", str(FIXTURE), "--format", "json", "--mode", "neutral"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"cases", "failures", "successes", "mode", "auc", "recall", "chance_recall",
            "unmapped_causes", "per_case"} <= set(data)
    assert data["mode"] == "neutral" and data["cases"] == 4
    assert set(data["auc"]) >= {"failure_index", "readiness", "naive_baseline"}
    assert set(data["recall"]) >= {"3", "5", "10"} and "5" in data["chance_recall"]
    row = data["per_case"][0]
    assert {"id", "outcome", "failure_index", "readiness", "verdict", "top_factors",
            "documented_causes", "hits_at_5"} <= set(row)


def test_calibrate_text_shows_auc_recall_and_a_row_per_case(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["calibrate", str(FIXTURE)]) == 0
    out = capsys.readouterr().out
    assert "ROC AUC" in out and "Cause recall" in out and "(sparse)" in out
    assert "hasty_billing" in out and "quiet_success" in out


def test_calibrate_reports_a_missing_file(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    assert main(["calibrate", str(tmp_path / "none.yaml")]) == 1
    assert "file not found" in capsys.readouterr().err
