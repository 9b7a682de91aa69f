"""Plan notes and violations in either language, from their codes and data (issue 13)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from rollout import limits
from rollout.content.loader import Content, example_assessment
from rollout.content.schema import PeakPreset
from rollout.domain.codes import NoteCode, ViolationCode
from rollout.domain.plan import Holiday, Note, Plan, PlanOptions, Violation
from rollout.domain.plan_text import (
    holiday_name,
    note_message,
    render_note,
    render_violation,
    violation_message,
)
from rollout.i18n import Language
from rollout.risk.engine import assess
from rollout.schedule import build_plan
from rollout.schedule.verification import verify_plan
from tests.builders.plans import assessment

CASES_DIR = Path(__file__).parents[1] / "schedule" / "cases"
# Three Latin words in a row: an English phrase left in a Persian message.
ENGLISH_PHRASE_RE = re.compile(r"[A-Za-z][A-Za-z'-]*(?: +[A-Za-z][A-Za-z'-]*){2,}")


def _fixture_plan(path: Path) -> Plan:
    case: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    presets = {p["id"]: PeakPreset.model_validate(p) for p in case.get("presets", [])}
    with limits.reading_stored():
        programme = assessment(**case.get("programme", {}))
    return build_plan(programme, options=PlanOptions.model_validate(case.get("options", {})),
                      presets=presets)


@pytest.fixture(scope="module")
def plans(content: Content) -> list[Plan]:
    """A plan for every scheduler fixture (each named after a note code) and every case example
    (which add the mitigation notes), and one with its dates broken to carry violations."""
    out = [_fixture_plan(path) for path in sorted(CASES_DIR.glob("*.yaml"))]
    for case_id in sorted(content.cases):
        example = example_assessment(content, case_id)
        out.append(build_plan(example, assess(example, content), PlanOptions(
            thursday_half_day=True), presets=dict(content.presets)))
    return out


def _broken(plan: Plan) -> Plan:
    """The plan with its go-lives on its first day, tasks a week early, no capacity and two
    waves sharing a unit: every rule the checker knows is broken somewhere."""
    week = dt.timedelta(days=7)
    tasks = [t.model_copy(update={"start": plan.start, "end": plan.start})
             if t.kind.value == "go_live" else
             t.model_copy(update={"start": t.start - week, "end": t.end - week})
             for t in plan.tasks]
    waves = list(plan.waves)
    if len(waves) > 1:
        waves[1] = waves[1].model_copy(update={"units": [*waves[1].units, waves[0].units[0]]})
    return plan.model_copy(update={"tasks": tasks, "waves": waves,
                                   "capacities": dict.fromkeys(plan.capacities, 0)})


def test_every_note_rendered_in_english_is_the_message_the_planner_wrote(plans: list[Plan]) -> None:
    notes = [note for plan in plans for note in plan.notes]
    assert {note.code for note in notes} == set(NoteCode)  # every code is covered
    assert [render_note(n, Language.EN) for n in notes] == [n.message for n in notes]


def test_every_violation_rendered_in_english_is_the_message_the_checker_wrote(
    plans: list[Plan],
) -> None:
    violations = [v for plan in plans for v in [*plan.violations, *verify_plan(_broken(plan))]]
    assert {v.code for v in violations} >= set(ViolationCode) - {ViolationCode.UNIT_UNASSIGNED,
                                                                 ViolationCode.WAVE_OVER_CAP}
    assert [render_violation(v, Language.EN) for v in violations] == [v.message for v in violations]


def test_every_note_and_violation_has_a_persian_message_with_jalali_dates(plans: list[Plan]) -> None:
    notes = [(plan, note) for plan in plans for note in plan.notes]
    violations = [(plan, v) for plan in plans
                  for v in [*plan.violations, *verify_plan(_broken(plan))]]
    items: list[tuple[Plan, Note | Violation]] = [*notes, *violations]
    for plan, item in items:
        persian = (render_note(item, Language.FA) if isinstance(item, Note)
                   else render_violation(item, Language.FA))
        assert persian != item.message
        assert not re.search(r"\d{4}-\d{2}-\d{2}", persian), persian  # no ISO date left
        # What may stay Latin: names (tasks, units, platforms, windows) and codes.
        names = [str(v) for v in item.data.values() if isinstance(v, str)]
        names += [str(x) for v in item.data.values() if isinstance(v, list) for x in v]
        # Task and wave names are shown in Persian; the units and platforms in them as typed.
        names += [u for w in plan.waves for u in [*w.units, *w.platforms]]
        rest = persian
        for name in sorted([*names, item.task or "", getattr(item, "window", None) or ""],
                           key=len, reverse=True):
            if name:
                rest = rest.replace(name, " ")
        assert not ENGLISH_PHRASE_RE.search(rest), persian


def test_a_note_stored_without_its_values_falls_back_to_its_english_message() -> None:
    old = Note(code=NoteCode.JUST_IN_TIME, task="x", message="x moves.", data={})
    assert note_message(old, Language.FA) == "x moves."
    assert violation_message(Violation(code=ViolationCode.BLACKOUT, message="m"),
                             Language.FA) == "m"


def test_iranian_holidays_are_named_in_persian_and_others_keep_their_names() -> None:
    nowruz = Holiday(date=dt.date(2026, 3, 21), name="Nowruz", countries=["IR"])
    assert "نوروز" in holiday_name(nowruz, Language.FA)
    assert holiday_name(nowruz, Language.EN) == "Nowruz"
    unknown = Holiday(date=dt.date(2026, 3, 21), name="Closure", countries=["ZZ"])
    assert holiday_name(unknown, Language.FA) == "Closure"
