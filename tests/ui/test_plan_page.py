"""The rollout plan page: renders for every role, stores settings and overrides, explains dates.

The seeded programme is Hershey's 1999 big bang: one wave, ``wave-1``, and Halloween
(1999-09-01 to 1999-10-31) as a peak season with a stabilisation buffer before it.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pandas as pd
from streamlit.testing.v1 import AppTest

from rollout.content.loader import load_default_content
from rollout.domain.plan import Scenario, SetCapacity
from rollout.permissions import Action, ObjectType, Role, allows
from rollout.services.audit import list_audit_events
from rollout.services.plans import get_plan_settings, plan_programme
from tests.ui.conftest import Seeded, app_as, shown

HALLOWEEN_1999 = dt.date(1999, 9, 27)  # a Monday inside Halloween 1999
ROLES = (Role.PROJECT_OWNER, Role.CONSULTANT, Role.EXECUTIVE, Role.TRAINER)


def _page(seeded: Seeded, role: str = "project_owner") -> AppTest:
    at = app_as(seeded.users[role], organisation_id=seeded.org_a, page="plan.py")
    assert not at.exception, at.exception
    return at


def _table(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page that has these columns."""
    return next(df.value for df in at.dataframe if set(columns) <= set(df.value.columns))


def _gantt(at: AppTest) -> dict[str, Any]:
    [chart] = at.get("plotly_chart")
    return dict(json.loads(chart.proto.spec))


def _settings(seeded: Seeded) -> Any:
    return get_plan_settings(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                             programme_id=seeded.programme_a)


def test_the_page_renders_for_each_role_and_only_editors_get_the_forms(seeded: Seeded) -> None:
    for role in ROLES:
        _check_page_for(role, seeded)


def _check_page_for(role: Role, seeded: Seeded) -> None:
    at = _page(seeded, role.value)
    assert [t.value for t in at.title] == ["Rollout plan"]
    assert set(_table(at, "scenario", "verdict")["scenario"]) == {
        s.value for s in (Scenario.BIG_BANG, Scenario.PHASED, Scenario.PILOT_WAVES)}
    assert {m.label for m in at.metric} >= {"Start", "End", "First go-live"}
    assert not at.error  # a generated plan has no violations
    gantt = _gantt(at)
    assert gantt["data"]  # bars and markers
    shaded = [a["text"] for a in gantt["layout"].get("annotations", [])]
    assert any("Halloween" in name for name in shaded)  # peak seasons are shaded and named
    assert not _table(at, "gate", "criteria").empty

    may_edit = allows(role, ObjectType.PROGRAMME, Action.EDIT)
    save = next(b for b in at.button if b.label == "Save settings")
    assert save.disabled is not may_edit
    assert at.number_input(key="plan_tracks").disabled is not may_edit
    assert ("override_reason" in [t.key for t in at.text_input]) is may_edit
    downloads = at.get("download_button")
    assert bool(downloads) is allows(role, ObjectType.PROGRAMME, Action.EXPORT)


def test_saved_settings_are_stored_and_shown_in_a_new_session(seeded: Seeded) -> None:
    at = _page(seeded)
    at.selectbox(key="plan_scenario").set_value(Scenario.PHASED)
    at.number_input(key="plan_tracks").set_value(5)
    next(b for b in at.button if b.label == "Save settings").click().run()
    assert not at.exception, at.exception
    assert [shown(s.value) for s in at.success] == ["Planning settings saved."]
    stored = _settings(seeded)
    assert stored is not None and stored.version == 1
    assert (stored.options.scenario, stored.options.migration_tracks) == (Scenario.PHASED, 5)

    again = _page(seeded, "consultant")
    assert again.number_input(key="plan_tracks").value == 5
    assert again.selectbox(key="plan_scenario").value == Scenario.PHASED
    assert "Plan: phased" in [h.value for h in again.subheader]


def _apply_override(at: AppTest, kind: str, reason: str) -> AppTest:
    at.radio(key="override_kind").set_value(kind)
    at.text_input(key="override_reason").input(reason)
    next(b for b in at.button if b.label == "Apply override").click().run()
    assert not at.exception, at.exception
    return at


def test_an_override_needs_a_reason_and_is_then_stored_audited_and_listed(seeded: Seeded) -> None:
    at = _page(seeded)
    at.number_input(key="override_tracks").set_value(6)
    _apply_override(at, "Change capacities", "   ")
    assert any("reason" in e.value for e in at.error)  # refused, with a message
    assert _settings(seeded) is None

    _apply_override(at, "Change capacities", "contractor hired")
    owner = seeded.users["project_owner"].email
    stored = _settings(seeded)
    assert stored is not None
    [override] = stored.options.overrides
    assert isinstance(override, SetCapacity)
    assert (override.migration_tracks, override.reason, override.author) == (
        6, "contractor hired", owner)
    events = list_audit_events(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a)
    saves = [e for e in events if e.action == "plan.settings_save"]
    assert len(saves) == 1 and saves[0].actor == owner and saves[0].after is not None
    assert saves[0].after["options"]["overrides"][0]["reason"] == "contractor hired"
    table = _table(at, "kind", "reason", "by")
    assert table[["kind", "reason", "by"]].values.tolist() == [["capacity", "contractor hired", owner]]


def test_a_go_live_pinned_inside_halloween_with_a_reason_is_accepted_and_noted(
    seeded: Seeded,
) -> None:
    at = _page(seeded)
    at.selectbox(key="override_task").set_value("wave-1.go_live")
    at.date_input(key="override_date").set_value(HALLOWEEN_1999)
    _apply_override(at, "Pin a date", "board approved the date")
    stored = _settings(seeded)
    assert stored is not None and [o.kind for o in stored.options.overrides] == ["pin"]

    metrics = {m.label: m.value for m in at.metric}
    assert metrics["First go-live"] == str(HALLOWEEN_1999)
    assert not at.error  # accepted: no override_conflict violation
    notes = _table(at, "code", "task", "message")
    go_live_notes = notes[notes["task"] == "wave-1.go_live"]["code"].tolist()
    assert "override_applied" in go_live_notes and "override_conflict" not in go_live_notes
    # "Why is this date here?" shows the note's code for the go-live.
    at.selectbox(key="plan_task").set_value("wave-1.go_live").run()
    assert any("`override_applied`" in i.value for i in at.info)


def test_plan_headline_says_the_first_go_live_misses_the_target_by_how_much_and_why(
    seeded: Seeded,
) -> None:
    at = _page(seeded)
    # Hershey's big bang targets a go-live inside the Halloween ordering season's buffer: the
    # go-live moves later.
    target = plan_programme(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                            programme_id=seeded.programme_a, content=load_default_content(),
                            compare=False).plan.target_go_live
    first = dt.date.fromisoformat({m.label: m.value for m in at.metric}["First go-live"])
    weeks = (first - target).days // 7
    [headline] = [shown(w.value) for w in at.warning if "after the target" in shown(w.value)]
    assert headline.startswith(f"The first go-live, {first}, is {weeks} weeks")
    assert headline.endswith(f"after the target {target}.") and weeks > 0
    assert any("`blackout_shift`" in m.value and "Halloween" in m.value for m in at.markdown)


def test_why_is_this_date_here_opens_on_the_first_go_live(seeded: Seeded) -> None:
    at = _page(seeded)
    assert at.selectbox(key="plan_task").value == "wave-1.go_live"


def test_d14_the_settings_buffer_label_states_the_buffer_the_plan_applies(seeded: Seeded) -> None:
    at = _page(seeded)
    planned = plan_programme(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                             programme_id=seeded.programme_a, content=load_default_content(),
                             compare=False)
    [weeks] = {b.buffer_weeks for b in planned.plan.blackouts if b.buffer_weeks}
    assert f"now {weeks})" in at.number_input(key="plan_buffer").label
