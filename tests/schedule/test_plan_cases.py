"""Scheduler fixtures named after the code they must produce, like TaskJuggler's test suite.

Each ``cases/<code>_<n>.yaml`` is a small programme: ``programme`` holds the keyword arguments of
``tests.builders.plans.assessment``, ``presets`` the peak-season presets it may name, and
``options`` the plan options (overrides included). Its header ``# expect: <code> [<task>]`` says
which note (or, for a code only a violation has, which violation) the plan must carry, and on
which task. Adding a case is adding a file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from rollout import limits
from rollout.content.schema import PeakPreset
from rollout.domain.codes import NoteCode, ViolationCode
from rollout.domain.plan import PlanOptions
from rollout.schedule import build_plan
from tests.builders.plans import assessment

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(CASES_DIR.glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (?P<code>[a-z_]+)(?: (?P<task>\S+))?$", re.MULTILINE)


def _expectation(path: Path) -> tuple[str, str | None]:
    found = EXPECT.search(path.read_text(encoding="utf-8"))
    assert found, f"{path.name}: no '# expect: <code> [<task>]' header"
    return found["code"], found["task"]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_the_case_produces_the_code_it_is_named_after(path: Path) -> None:
    code, task = _expectation(path)
    assert path.stem.rsplit("_", 1)[0] == code, f"{path.name} is not named after {code}"
    case: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    presets = {p["id"]: PeakPreset.model_validate(p) for p in case.get("presets", [])}
    # Read as stored data: a country code refused at input today (no_holiday_data's ZZ) can
    # still reach the planner from a database written before codes were checked.
    with limits.reading_stored():
        programme = assessment(**case.get("programme", {}))
    plan = build_plan(programme,
                      options=PlanOptions.model_validate(case.get("options", {})),
                      presets=presets)
    found: list[tuple[str, str | None]]
    if code in NoteCode.__members__.values():
        found = [(n.code, n.task) for n in plan.notes]
    else:
        found = [(v.code, v.task) for v in plan.violations]
    assert any(c == code and (task is None or t == task) for c, t in found), found


def test_every_note_the_planner_can_write_without_a_risk_report_has_a_case() -> None:
    named = {_expectation(path)[0] for path in CASES}
    # The mitigation notes need a risk report; tests/schedule/test_mitigations.py covers them.
    needs_report = {NoteCode.MITIGATION_TASK, NoteCode.MITIGATION_SKIPPED}
    assert {c.value for c in NoteCode} - needs_report <= named
    assert named <= {c.value for c in NoteCode} | {c.value for c in ViolationCode}
