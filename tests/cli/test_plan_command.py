"""`rollout plan` from a user's point of view: the JSON contract, text, errors, no UI imports."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rollout.cli import main
from rollout.content.loader import Content

CONTRACT_TASK_KINDS = {"task", "milestone", "training", "migration", "cutover", "go_live", "gate",
                       "hypercare"}


def _write_case(content: Content, case_id: str, path: Path) -> Path:
    data = dict(content.cases[case_id].example)
    data["name"] = case_id
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _iso(value: object) -> dt.date:
    assert isinstance(value, str)
    return dt.date.fromisoformat(value)


def test_plan_json_keeps_the_contract(content: Content, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_case(content, "vodafone-2016", tmp_path / "vodafone.yaml")
    assert main(["plan", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"scenario", "start", "end", "duration_workdays", "waves", "tasks", "blackouts",
            "notes", "violations"} <= set(data)
    assert data["scenario"] in ("big-bang", "phased", "pilot-waves")
    assert _iso(data["start"]) <= _iso(data["end"])
    assert isinstance(data["duration_workdays"], int) and data["duration_workdays"] > 0
    ids = {t["id"] for t in data["tasks"]}
    for wave in data["waves"]:
        assert {"id", "name", "units", "users", "go_live"} <= set(wave)
        assert isinstance(wave["users"], int) and wave["units"]
        _iso(wave["go_live"])
    for task in data["tasks"]:
        assert {"id", "name", "kind", "phase", "wave", "start", "end", "depends_on",
                "critical"} <= set(task)
        assert task["kind"] in CONTRACT_TASK_KINDS
        assert _iso(task["start"]) <= _iso(task["end"])
        assert set(task["depends_on"]) <= ids
        assert isinstance(task["critical"], bool)
        assert task["wave"] is None or task["wave"] in {w["id"] for w in data["waves"]}
    for window in data["blackouts"]:
        assert {"start", "end", "kind", "reason"} <= set(window)
    for note in data["notes"]:
        assert {"code", "task", "message"} <= set(note)
    assert isinstance(data["violations"], list)


@pytest.mark.parametrize("scenario", ["big-bang", "phased", "pilot-waves"])
def test_each_scenario_can_be_asked_for(content: Content, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str], scenario: str) -> None:
    path = _write_case(content, "dow-recovery", tmp_path / "dow.yaml")
    assert main(["plan", str(path), "--scenario", scenario, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == scenario
    pilots = [w for w in data["waves"] if w["id"] == "pilot"]
    assert bool(pilots) is (scenario == "pilot-waves")
    if scenario == "big-bang":
        assert len(data["waves"]) == 1


def test_the_custom_scenario_takes_its_waves_from_the_options_file(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write_case(content, "dow-recovery", tmp_path / "dow.yaml")
    units = [u["name"] for u in content.cases["dow-recovery"].example["programme"]["business_units"]]
    assert len(units) >= 2
    options = tmp_path / "options.yaml"
    options.write_text(yaml.safe_dump({"waves": [[units[-1]]]}), encoding="utf-8")
    assert main(["plan", str(path), "--scenario", "custom", "--options", str(options),
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "custom"
    assert [w["units"] for w in data["waves"] if w["id"] == "wave-1"] == [[units[-1]]]


def test_hershey_plan_moves_its_go_live_out_of_the_peak(content: Content, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_case(content, "hershey-1999", tmp_path / "hershey.yaml")
    out = tmp_path / "plan.json"
    assert main(["plan", str(path), "--format", "json", "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    target = _iso(data["target_go_live"])
    assert min(_iso(w["go_live"]) for w in data["waves"]) > target
    assert any(n["code"] == "blackout_shift" and n["task"].endswith(".go_live")
               for n in data["notes"])


def test_plan_text_summarises_waves_notes_and_violations(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = _write_case(content, "cigna-2002", tmp_path / "cigna.yaml")
    assert main(["plan", str(path)]) == 0
    out = capsys.readouterr().out
    for heading in ("Waves", "Phases", "Milestones and gates", "Blackouts", "Notes",
                    "Violations"):
        assert heading in out


def test_compare_prints_the_scenarios_side_by_side(content: Content, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_case(content, "vodafone-2016", tmp_path / "vodafone.yaml")
    assert main(["plan", str(path), "--compare", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["scenario"] for r in rows] == ["big-bang", "phased", "pilot-waves"]
    assert main(["plan", str(path), "--compare"]) == 0
    assert "peak users" in capsys.readouterr().out


def test_options_file_applies_overrides(content: Content, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_case(content, "dow-recovery", tmp_path / "dow.yaml")
    options = tmp_path / "options.yaml"
    options.write_text(yaml.safe_dump({
        "trainer_seats_per_week": 30, "migration_tracks": 2,
        "overrides": [{"kind": "pin", "task": "mobilise.kpis", "date": "2030-01-07",
                       "reason": "after the board"}],
    }), encoding="utf-8")
    assert main(["plan", str(path), "--options", str(options), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["capacities"] == {"trainer_seats": 30, "migration_tracks": 2}
    assert any(n["code"] == "override_applied" and n["task"] == "mobilise.kpis"
               for n in data["notes"])


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["plan", "no-such-file.yaml"], "no-such-file.yaml: file not found"),
        (["plan", "{bad}", "--scenario", "big-bang"], "programme.target_go_live"),
        (["plan", "{good}", "--options", "{bad_options}"], "migration_tracks"),
        (["plan", "{good}", "--options", "{bad_pin}"], "no task 'nope'"),
    ],
    ids=["missing-file", "bad-assessment", "bad-options", "unknown-task"],
)
def test_bad_input_exits_1_with_a_message_and_no_traceback(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
    expected: str,
) -> None:
    good = _write_case(content, "dow-recovery", tmp_path / "good.yaml")
    data = dict(content.cases["dow-recovery"].example)
    data["programme"] = {**data["programme"], "target_go_live": "2001-02-30"}
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    bad_options = tmp_path / "bad-options.yaml"
    bad_options.write_text("migration_tracks: -3\n", encoding="utf-8")
    bad_pin = tmp_path / "bad-pin.yaml"
    bad_pin.write_text("overrides: [{kind: pin, task: nope, date: 2030-01-07}]\n",
                       encoding="utf-8")
    paths = {"good": good, "bad": bad, "bad_options": bad_options, "bad_pin": bad_pin}
    argv = [a.format(**{k: str(v) for k, v in paths.items()}) for a in args]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_plan_does_not_import_the_ui_or_database_layers(content: Content, tmp_path: Path) -> None:
    path = _write_case(content, "dow-1996", tmp_path / "dow.yaml")
    code = (
        "import sys\n"
        "from rollout.cli import main\n"
        f"rc = main(['plan', {str(path)!r}, '--format', 'json'])\n"
        "heavy = [m for m in ('streamlit', 'plotly', 'sqlmodel', 'sqlalchemy', 'jinja2')"
        " if m in sys.modules]\n"
        "print(rc, heavy, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stderr.strip().endswith("0 []")
    json.loads(result.stdout)
