"""`rollout validate`, `rollout assess` and `rollout cases` from a user's point of view."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rollout.cli import main
from rollout.content.loader import Content


def _write_example(content: Content, case_id: str, path: Path) -> Path:
    data = dict(content.cases[case_id].example)
    data["name"] = case_id
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_validate_passes_on_the_shipped_knowledge_base(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert "ok" in capsys.readouterr().out


def test_assess_json_for_one_file_is_an_object(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_example(content, "vodafone-2016", tmp_path / "vodafone.yaml")
    assert main(["assess", str(path), "--format", "json", "--at", "2016-01-04"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["assessment"] == "vodafone-2016"
    assert data["matched_cases"][0]["case"] == "vodafone-2016"
    scores = [r["score"] for r in data["risks"]]
    assert scores == sorted(scores, reverse=True)


def test_assess_json_for_many_files_is_a_list(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = _write_example(content, "gmac-1992", tmp_path / "a.yaml")
    b = _write_example(content, "bmc-recovery", tmp_path / "b.json")
    b.write_text(json.dumps(yaml.safe_load(b.read_text()), default=str), encoding="utf-8")
    assert main(["assess", str(a), str(b), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["assessment"] for d in data] == ["gmac-1992", "bmc-recovery"]


def test_assess_text_reads_as_an_executive_summary(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_example(content, "hershey-1999", tmp_path / "hershey.yaml")
    assert main(["assess", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Verdict: NO-GO" in out
    assert "BLOCKER [go_live_in_peak_season]" in out
    assert "Hershey" in out


def test_assess_markdown_has_a_risk_table(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_example(content, "cigna-2002", tmp_path / "cigna.yaml")
    assert main(["assess", str(path), "--format", "markdown"]) == 0
    assert "| Score | Band | Risk |" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("patch", "expected"),
    [
        ({"answers": {"ownership.sytem_owner": "yes"}}, "answers.ownership.sytem_owner: unknown "
                                                         "question id; did you mean"),
        ({"answers": {"ownership.system_owner": "maybe"}}, "not one of yes, partial, no, unknown"),
        ({"answers": {"training.hours_per_user": "lots"}}, "is not a number"),
        ({"programme": {"target_go_live": "2026-02-30"}}, "programme.target_go_live"),
        ({"programme": {"target_go_live": "2020-01-01"}}, "must be after start_date"),
        ({"programme": {"colour": "blue"}}, "programme.colour: unknown field"),
    ],
    ids=["unknown-question", "wrong-answer-type", "not-a-number", "impossible-date",
         "go-live-before-start", "unknown-field"],
)
def test_bad_input_names_the_field_and_exits_1_without_traceback(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    patch: dict[str, dict[str, object]], expected: str,
) -> None:
    data = dict(content.cases["dow-recovery"].example)
    for key, values in patch.items():
        data[key] = {**data.get(key, {}), **values}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["assess", str(path)]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_a_missing_file_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", "no-such-file.yaml"]) == 1
    assert "no-such-file.yaml: file not found" in capsys.readouterr().err


def test_validate_reports_a_bad_assessment_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("organisation: [unclosed\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert "broken.yaml" in capsys.readouterr().err


def test_cases_json_lists_every_case_with_its_example(
    content: Content, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cases", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {d["id"] for d in data} == set(content.cases)
    for item in data:
        assert item["outcome"] in ("failure", "success", "recovered")
        assert set(item["causes"]) <= set(content.factors)
        assert item["causes"] if item["outcome"] == "failure" else (
            item["success_factors"] or item["causes"])
        assert item["sources"] or item["source_urls"]
        assert item["system_type"]
        assert {"organisation", "programme", "answers"} <= set(item["example"])


def test_assess_does_not_import_the_ui_or_database_layers(
    content: Content, tmp_path: Path
) -> None:
    path = _write_example(content, "dow-1996", tmp_path / "dow.yaml")
    code = (
        "import sys\n"
        "from rollout.cli import main\n"
        f"rc = main(['assess', {str(path)!r}, '--format', 'json'])\n"
        "heavy = [m for m in ('streamlit', 'plotly', 'sqlmodel', 'sqlalchemy', 'jinja2')"
        " if m in sys.modules]\n"
        "print(rc, heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().endswith("0 []")


def test_assess_json_is_compact_unless_pretty_and_both_hold_the_same_report(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_example(content, "hershey-1999", tmp_path / "hershey.yaml")
    assert main(["assess", str(path), "--format", "json", "--at", "2020-01-01"]) == 0
    compact = capsys.readouterr().out
    assert main(["assess", str(path), "--format", "json", "--at", "2020-01-01", "--pretty"]) == 0
    pretty = capsys.readouterr().out
    assert compact.count("\n") == 1 and pretty.count("\n") > 100
    assert json.loads(compact) == json.loads(pretty)
    assert pretty == json.dumps(json.loads(pretty), indent=2, ensure_ascii=False) + "\n"
