"""The trainer's figures change the executive's risk: submitted snapshots and the plan's live
score read the organisation's training completion and adoption (issue 14, items 4 and 5)."""

from __future__ import annotations

import datetime as dt

from rollout.content.loader import load_default_content
from rollout.domain.report import RiskReport
from rollout.services import (
    add_course,
    course_from,
    create_assessment,
    create_organisation,
    create_programme,
    import_training_file,
    plan_programme,
    record_adoption,
    submit_assessment,
)
from rollout.services.plans import ProgrammePlan
from rollout.training.imports import ImportKind
from tests.services.conftest import World, profile, programme
from tests.training.conftest import csv_bytes

GATE = "wave_training_below_threshold"
# The world's tenants are set up on the minimal test content; the training facts, drivers and
# gate are the shipped knowledge base's, so the scores here use it.
CONTENT = load_default_content()
ROSTER = csv_bytes([("E1", "Ali", "ali@example.org", "Sales", "Rep", "fa", ""),
                    ("E2", "Sara", "sara@example.org", "Sales", "Rep", "fa", ""),
                    ("E3", "Reza", "reza@example.org", "Service", "Agent", "", "")])


class _Org:
    """An organisation scored on the shipped knowledge base, with one programme and draft."""

    def __init__(self, world: World, name: str) -> None:
        self.world = world
        self.id = create_organisation(world.db, actor=world.admin, profile=profile(name)).id
        self.programme_id = create_programme(
            world.db, actor=world.admin, organisation_id=self.id, name="CRM",
            programme=programme().model_copy(update={"peak_seasons": []})).id
        self.assessment_id = create_assessment(
            world.db, actor=world.admin, organisation_id=self.id,
            programme_id=self.programme_id, name="Review", content=CONTENT).id

    def load(self, data: bytes, kind: ImportKind) -> None:
        result = import_training_file(self.world.db, actor=self.world.admin,
                                      organisation_id=self.id, data=data, kind=kind,
                                      dry_run=False, valid_rows_only=True)
        assert result.preview.rejected == 0, result.preview.errors

    def set_up_training(self) -> dt.date:
        """A roster and one course; the Sales wave's go-live."""
        self.load(ROSTER, ImportKind.ROSTER)
        add_course(self.world.db, actor=self.world.admin, organisation_id=self.id,
                   course=course_from({"code": "CRM-101", "title": "CRM basics",
                                       "duration_hours": 4}))
        go_live = next(w.go_live for w in self.plan().plan.waves if "Sales" in w.units)
        assert go_live is not None
        return go_live

    def plan(self, today: dt.date | None = None) -> ProgrammePlan:
        return plan_programme(self.world.db, actor=self.world.admin, organisation_id=self.id,
                              programme_id=self.programme_id, content=CONTENT, compare=False,
                              today=today)

    def submit(self, at: dt.date) -> RiskReport:
        return submit_assessment(self.world.db, actor=self.world.admin, organisation_id=self.id,
                                 assessment_id=self.assessment_id, content=CONTENT,
                                 at=at).report


def _training_risk(report: RiskReport) -> float:
    risk = next(r for r in report.risks if r.factor == "insufficient_training")
    return risk.likelihood_raw or 0.0


def test_importing_completions_changes_the_submitted_risk(world: World) -> None:
    org = _Org(world, "Trained Ltd")
    go_live = org.set_up_training()
    at = go_live - dt.timedelta(days=3)
    before = org.submit(at)
    blockers = {b.gate: b.message for b in before.verdict.blockers}
    assert GATE in blockers and "0 % trained of 2, threshold 90 %" in blockers[GATE]
    assert before.facts["training_behind_workdays_to_go_live"] <= 5
    completions = csv_bytes([(e, "CRM-101", (at - dt.timedelta(days=1)).isoformat())
                             for e in ("E1", "E2", "E3")],
                            header="employee_id,course,completed_on")
    org.load(completions, ImportKind.COMPLETIONS)
    after = org.submit(at)
    assert GATE not in {b.gate for b in after.verdict.blockers}
    assert after.facts["training_behind_workdays_to_go_live"] is None
    assert _training_risk(after) < _training_risk(before)
    assert (after.failure_index or 0) < (before.failure_index or 0)


def test_the_plan_page_score_reads_training_and_low_adoption(world: World) -> None:
    org = _Org(world, "Adopting Ltd")
    go_live = org.set_up_training()
    record_adoption(world.db, actor=world.admin, organisation_id=org.id, unit="Sales",
                    week_start=go_live + dt.timedelta(days=7), active_users=0)
    planned = org.plan(today=go_live - dt.timedelta(days=10))
    assert planned.assessment.training is not None
    assert planned.report.facts["adoption_lowest_pct"] == 0.0
    resistance = next(r for r in planned.report.risks if r.factor == "change_resistance")
    assert any("Sales" in e.note and "0 % active users, target 80 %" in e.note
               for e in resistance.evidence)


def test_another_organisations_training_never_reaches_this_risk(world: World) -> None:
    trained = _Org(world, "Roster Ltd")
    go_live = trained.set_up_training()
    other = _Org(world, "No Roster Ltd")
    report = other.submit(go_live - dt.timedelta(days=3))
    assert report.facts["training_behind_workdays_to_go_live"] is None
    assert report.facts["adoption_lowest_pct"] is None
    assert GATE not in {b.gate for b in report.verdict.blockers}
    assert other.plan().assessment.training is None
