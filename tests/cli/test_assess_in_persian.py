"""`rollout assess --lang fa`: the report a Persian-speaking executive reads (issue 13, item 7)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from rollout.cli import main
from rollout.content.loader import Content, load_default_content
from rollout.content.schema import text_in
from rollout.i18n import Language
from rollout.i18n.dates import format_date
from rollout.i18n.vocabulary import ReportHeading, band_label, decision_label, report_heading

AS_OF = dt.date(2024, 3, 1)
CASES = sorted(load_default_content().cases)
# Three Latin words in a row: an English phrase, not a code, a number or a product name.
ENGLISH_PHRASE_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,]+[A-Za-z][A-Za-z'’-]*){2,}")
CODE_RE = re.compile(r"\[[^\]]*\]|`[^`]*`")


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _proper_names(content: Content, case_id: str) -> list[str]:
    """What the user typed (the example's names) and the cases' organisations: names, which
    stay as written in every language. Longest first, so a name is removed before its parts."""
    example = {k: v for k, v in content.cases[case_id].example.items() if k != "answers"}
    names = set(_strings(example))
    names |= {case.organisation for case in content.cases.values()}
    return sorted((n for n in names if n.strip()), key=len, reverse=True)


def _assess_in_persian(content: Content, case_id: str, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> str:
    data = dict(content.cases[case_id].example)
    data.setdefault("name", case_id)
    path = tmp_path / f"{case_id}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert main(["assess", str(path), "--lang", "fa", "--at", AS_OF.isoformat()]) == 0
    return capsys.readouterr().out


def test_a_persian_report_has_persian_headings_verdict_jalali_date_and_the_same_codes(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _assess_in_persian(content, "hershey-1999", tmp_path, capsys)
    lines = out.splitlines()
    assert format_date(AS_OF, Language.FA) in lines[0]  # 11 اسفند 1402
    assert lines[1].startswith("تصمیم: ")
    assert any(decision_label(d, Language.FA) in lines[1] for d in ("go", "conditional", "no-go"))
    assert report_heading(ReportHeading.READINESS_BY_DIMENSION, Language.FA) + ":" in lines
    assert report_heading(ReportHeading.MATCHED_CASES, Language.FA) + ":" in lines
    english = main(["assess", str(tmp_path / "hershey-1999.yaml"), "--lang", "en",
                    "--at", AS_OF.isoformat()])
    assert english == 0
    english_out = capsys.readouterr().out
    # Factor codes and question ids are the same in both languages.
    codes = re.compile(r"\[([a-z_]+(?:\.[a-z_]+)?)\]")
    assert codes.findall(out) == codes.findall(english_out)
    assert "Verdict:" in english_out and "Verdict:" not in out


def test_json_keeps_codes_and_field_names_with_texts_in_persian(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    path = tmp_path / "cigna.yaml"
    data = dict(content.cases["cigna-2002"].example)
    data["name"] = "cigna"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert main(["assess", str(path), "-f", "json", "--lang", "fa"]) == 0
    persian = json.loads(capsys.readouterr().out)
    assert main(["assess", str(path), "-f", "json", "--lang", "en"]) == 0
    english = json.loads(capsys.readouterr().out)
    assert persian.keys() == english.keys()
    assert [r["factor"] for r in persian["risks"]] == [r["factor"] for r in english["risks"]]
    assert persian["verdict"]["decision"] == english["verdict"]["decision"]
    assert persian["verdict"]["blocker_gates"] == english["verdict"]["blocker_gates"]
    for risk in persian["risks"]:
        assert risk["name"] == text_in(content.factors[risk["factor"]].name, "fa")


@pytest.mark.parametrize("case_id", CASES)
def test_assess_in_persian_prints_no_english_sentence_for_any_case_example(
    case_id: str, content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _assess_in_persian(content, case_id, tmp_path, capsys)
    for risk_band in ("low", "medium", "high", "critical"):
        assert risk_band.upper() not in out.split()
    shown_bands = {band_label(b, Language.FA).upper() for b in ("medium", "high", "critical")}
    assert any(word in out for word in shown_bands | {band_label("low", Language.FA)})
    text = CODE_RE.sub(" ", out)
    for name in _proper_names(content, case_id):
        text = text.replace(name, " ")
    leaks = [line.strip() for line in text.splitlines() if ENGLISH_PHRASE_RE.search(line)]
    assert leaks == [], f"English left in the Persian report of {case_id}"
