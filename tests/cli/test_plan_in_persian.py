"""`rollout plan --lang fa` for an Iranian programme: Jalali dates, Persian holiday names and
notes, no go-live in Nowruz and no work on Fridays (issue 13, item 7)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jdatetime
import pytest
import yaml

from rollout.cli import main
from rollout.content.loader import Content
from rollout.i18n import Language
from rollout.i18n.dates import format_date, parse_date


def _iranian_programme(content: Content, path: Path) -> Path:
    """Hershey's example moved to Iran: retail, Nowruz and Yalda as peak seasons, a target
    go-live in the Nowruz window (1406)."""
    data = dict(content.cases["hershey-1999"].example)
    data["name"] = "Iranian retail rollout"
    data["organisation"] = {**data["organisation"], "country": "IR", "industry": "retail",
                            "name": "Tehran Retail Co"}
    data["programme"] = {**data["programme"], "start_date": dt.date(2026, 4, 4),
                         "target_go_live": dt.date(2027, 3, 10), "approach": "phased",
                         "peak_seasons": ["iran_retail"]}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _nowruz_window(year: int) -> tuple[dt.date, dt.date]:
    """Esfand 1 of the year before to Farvardin 13 (the iran_retail preset's window)."""
    start = jdatetime.date(year - 1, 12, 1).togregorian()
    end = jdatetime.date(year, 1, 13).togregorian()
    return start, end


def test_an_iranian_plan_in_persian_avoids_nowruz_and_fridays_with_jalali_dates(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _iranian_programme(content, tmp_path / "iran.yaml")
    assert main(["plan", str(path), "--lang", "fa", "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    start, end = _nowruz_window(1406)
    for wave in plan["waves"]:
        go_live = dt.date.fromisoformat(wave["go_live"])
        assert not start <= go_live <= end, wave["id"]
    for task in plan["tasks"]:
        for key in ("start", "end"):
            assert dt.date.fromisoformat(task[key]).weekday() != 4, task["id"]  # Friday
    # Codes and field names as in English; messages and holiday names in Persian.
    assert any(n["code"] == "blackout_shift" for n in plan["notes"])
    assert all(not re.search(r"\d{4}-\d{2}-\d{2}", n["message"]) for n in plan["notes"])
    assert any("نوروز" in h["name"] for h in plan["holidays"])

    assert main(["plan", str(path), "--lang", "fa"]) == 0
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert lines[0].startswith("برنامهٔ استقرار: ")
    assert "موج‌ها" in lines and "تعطیلات رسمی" in lines and "یادداشت‌ها" in lines
    # Every date shown is Jalali and reads back as the date the plan stores.
    first_go_live = dt.date.fromisoformat(min(w["go_live"] for w in plan["waves"]))
    assert format_date(first_go_live, Language.FA) in text
    shown = re.findall(r"\d{1,2} (?:فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|"
                       r"بهمن|اسفند) \d{4}", text)
    span = (dt.date.fromisoformat(plan["start"]) - dt.timedelta(days=400),
            dt.date.fromisoformat(plan["end"]) + dt.timedelta(days=400))
    assert shown and all(span[0] <= parse_date(d, Language.FA) <= span[1] for d in shown)
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    holidays = lines[lines.index("تعطیلات رسمی") + 1:lines.index("یادداشت‌ها")]
    assert any("نوروز" in line for line in holidays)
    assert "[calendar]" in text and "جمعه" in text  # the weekend named in Persian


def test_english_plan_text_is_unchanged_by_the_language_option(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _iranian_programme(content, tmp_path / "iran.yaml")
    assert main(["plan", str(path)]) == 0
    default = capsys.readouterr().out
    assert main(["plan", str(path), "--lang", "en"]) == 0
    assert capsys.readouterr().out == default
    assert default.startswith("Rollout plan: Iranian retail rollout")
    assert "Public holidays" not in default


def test_task_and_wave_names_read_in_persian_with_the_same_ids(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _iranian_programme(content, tmp_path / "iran.yaml")
    assert main(["plan", str(path), "--lang", "en", "--format", "json"]) == 0
    english = json.loads(capsys.readouterr().out)
    assert main(["plan", str(path), "--lang", "fa", "--format", "json"]) == 0
    persian = json.loads(capsys.readouterr().out)
    assert [t["id"] for t in persian["tasks"]] == [t["id"] for t in english["tasks"]]
    go_lives = [t["name"] for t in persian["tasks"] if t["kind"] == "go_live"]
    assert go_lives and all(name.startswith("راه‌اندازی: ") for name in go_lives)
    assert all(not w["name"].startswith(("Wave ", "Pilot:", "Big bang")) for w in persian["waves"])
    assert main(["plan", str(path), "--lang", "fa"]) == 0
    text = capsys.readouterr().out
    assert "راه‌اندازی: " in text and "Go-live:" not in text and "Mobilisation complete" not in text
