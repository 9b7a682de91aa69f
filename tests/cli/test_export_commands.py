"""`rollout export ORG` and `rollout report FILE`: every format, both languages, never over an
existing file without --force, never a traceback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
import yaml
from pypdf import PdfReader

from rollout.cli import main
from rollout.content.loader import Content

DEMO = "Harbour Lane Confectionery (DEMO)"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.delenv("ROLLOUT_DATABASE_URL", raising=False)
    monkeypatch.setenv("ROLLOUT_DATA_DIR", str(tmp_path / "data"))
    assert _run(capsys, "demo")[0] == 0
    return tmp_path


@pytest.fixture
def assessment_file(tmp_path: Path, content: Content) -> Path:
    case = content.cases["hershey-1999"]
    path = tmp_path / "hershey.yaml"
    path.write_text(yaml.safe_dump({"name": "Hershey review", **dict(case.example)},
                                   allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("export_format", ["html", "pdf", "xlsx", "ics", "mspdi", "csv", "json"])
def test_export_writes_every_format(demo_database: Path, capsys: pytest.CaptureFixture[str],
                                    export_format: str) -> None:
    out = demo_database / f"demo.{export_format}"
    code, stdout, err = _run(capsys, "export", DEMO, "--format", export_format, "--out", str(out),
                             "--lang", "fa")
    assert code == 0, err
    assert "exported" in stdout and out.stat().st_size > 0
    if export_format == "json":
        assert json.loads(out.read_text(encoding="utf-8"))["format"] == "rollout-organisation"


def test_export_refuses_to_replace_a_file_without_force(
        demo_database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = demo_database / "report.html"
    out.write_text("keep me", encoding="utf-8")
    code, _, err = _run(capsys, "export", DEMO, "--format", "html", "--out", str(out))
    assert code == 1 and "--force" in err
    assert out.read_text(encoding="utf-8") == "keep me"
    assert _run(capsys, "export", DEMO, "--format", "html", "--out", str(out), "--force")[0] == 0
    assert "<!DOCTYPE html>" in out.read_text(encoding="utf-8")


def test_export_names_a_missing_organisation_brand_or_programme(
        demo_database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(demo_database / "x.pdf")
    assert _run(capsys, "export", "No such org", "--format", "pdf", "--out", out)[0] == 1
    code, _, err = _run(capsys, "export", DEMO, "--format", "pdf", "--out", out, "--brand", "Nope")
    assert code == 1 and "brand" in err
    code, _, err = _run(capsys, "export", DEMO, "--format", "pdf", "--out", out,
                        "--programme", "Nope")
    assert code == 1 and "no programme" in err
    assert _run(capsys, "export", DEMO, "--format", "docx", "--out", out)[0] == 2


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_report_renders_an_assessment_file_without_a_database(
        assessment_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    monkeypatch.setenv("ROLLOUT_DATA_DIR", str(tmp_path / "nowhere"))
    pdf = tmp_path / f"report-{lang}.pdf"
    assert _run(capsys, "report", str(assessment_file), "--format", "pdf", "--out", str(pdf),
                "--lang", lang)[0] == 0
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Hershey Foods" in text
    book = tmp_path / f"plan-{lang}.xlsx"
    assert _run(capsys, "report", str(assessment_file), "--format", "xlsx", "--out", str(book),
                "--lang", lang)[0] == 0
    assert bool(openpyxl.load_workbook(book).worksheets[0].sheet_view.rightToLeft) is (lang == "fa")
    assert not (tmp_path / "nowhere").exists()  # no database was opened or created


def test_report_refuses_a_bad_file_and_an_unknown_format(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [unclosed\n", encoding="utf-8")
    out = str(tmp_path / "out.html")
    code, _, err = _run(capsys, "report", str(bad), "--format", "html", "--out", out)
    assert code == 1 and "bad.yaml" in err
    assert _run(capsys, "report", str(bad), "--format", "json", "--out", out)[0] == 2
