"""Drafts, submitted snapshots, mitigation actions and gate decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from rollout.domain.report import Decision
from rollout.errors import ConflictError, InputError, NotFoundError
from rollout.permissions import Role
from rollout.persistence.records import ActionStatus, GateDecisionInput, MitigationActionInput
from rollout.risk.engine import assess
from rollout.services.assessments import (
    create_assessment,
    export_report,
    get_assessment,
    list_snapshots,
    save_draft_answers,
    submit_assessment,
)
from rollout.services.gates import list_gate_decisions, record_gate_decision
from rollout.services.mitigation import (
    add_mitigation_action,
    list_mitigation_actions,
    update_mitigation_action,
)
from rollout.services.programmes import get_programme, save_programme
from tests.services.conftest import World


def test_a_submitted_snapshot_keeps_its_input_engine_version_and_report(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    first = tenant.snapshot
    assert first.sequence == 1 and first.engine_version
    assert first.report == assess(first.assessment, world.content, at=dt.date(2026, 1, 5))
    # Later edits to the draft and the programme leave the snapshot as it was.
    draft = save_draft_answers(world.db, actor=owner, organisation_id=tenant.id,
                               assessment_id=tenant.assessment.id,
                               answers={"own.owner": "yes", "own.training_hours": 10,
                                        "own.theme": "intimacy"},
                               expected_version=tenant.assessment.version, content=world.content)
    programme = get_programme(world.db, actor=owner, organisation_id=tenant.id,
                              programme_id=tenant.programme.id)
    save_programme(world.db, actor=owner, organisation_id=tenant.id, programme_id=programme.id,
                   name=programme.name, expected_version=programme.version,
                   programme=programme.programme.model_copy(update={"users_total": 999}))
    second = submit_assessment(world.db, actor=owner, organisation_id=tenant.id,
                               assessment_id=tenant.assessment.id, content=world.content,
                               at=dt.date(2026, 2, 1), expected_version=draft.version)
    history = list_snapshots(world.db, actor=owner, organisation_id=tenant.id,
                             assessment_id=tenant.assessment.id)
    assert [s.sequence for s in history] == [1, 2]
    assert history[0] == first
    assert history[1].assessment.programme.users_total == 999
    assert history[1].report.readiness > history[0].report.readiness
    assert second.submitted_by == owner.email


def test_submitting_a_draft_someone_changed_meanwhile_is_a_conflict(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    save_draft_answers(world.db, actor=owner, organisation_id=tenant.id,
                       assessment_id=tenant.assessment.id, answers={"own.owner": "no"},
                       expected_version=tenant.assessment.version, content=world.content)
    with pytest.raises(ConflictError, match="reload"):
        submit_assessment(world.db, actor=owner, organisation_id=tenant.id,
                          assessment_id=tenant.assessment.id, content=world.content,
                          expected_version=tenant.assessment.version)


def test_saving_from_an_old_version_is_refused_and_keeps_the_newer_answers(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    kwargs: dict[str, Any] = {
        "actor": owner, "organisation_id": tenant.id, "assessment_id": tenant.assessment.id,
        "expected_version": tenant.assessment.version, "content": world.content}
    save_draft_answers(world.db, answers={"own.owner": "yes"}, **kwargs)
    with pytest.raises(ConflictError) as caught:
        save_draft_answers(world.db, answers={"own.owner": "no"}, **kwargs)
    assert "changed by someone else" in str(caught.value)
    assert "reload the page" in str(caught.value)
    current = get_assessment(world.db, actor=owner, organisation_id=tenant.id,
                             assessment_id=tenant.assessment.id)
    assert current.answers == {"own.owner": "yes"}
    assert current.version == tenant.assessment.version + 1


def test_answers_are_checked_against_the_question_bank(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    with pytest.raises(InputError) as caught:
        save_draft_answers(world.db, actor=owner, organisation_id=tenant.id,
                           assessment_id=tenant.assessment.id,
                           answers={"own.ownr": "yes", "own.training_hours": -3},
                           expected_version=tenant.assessment.version, content=world.content)
    message = str(caught.value)
    assert "answers.own.ownr: unknown question id; did you mean 'own.owner'?" in message
    assert "answers.own.training_hours" in message
    assert get_assessment(world.db, actor=owner, organisation_id=tenant.id,
                          assessment_id=tenant.assessment.id).version == tenant.assessment.version


def test_yes_no_booleans_are_stored_in_canonical_form(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    saved = save_draft_answers(world.db, actor=owner, organisation_id=tenant.id,
                               assessment_id=tenant.assessment.id, answers={"own.owner": True},
                               expected_version=tenant.assessment.version, content=world.content)
    assert saved.answers == {"own.owner": "yes"}


def test_an_assessment_cannot_use_another_organisations_programme(world: World) -> None:
    with pytest.raises(NotFoundError, match="no programme with id"):
        create_assessment(world.db, actor=world.actor(Role.PROJECT_OWNER),
                          organisation_id=world.own.id, programme_id=world.other.programme.id,
                          name="Sneaky", content=world.content)


def test_the_exported_report_is_the_json_contract_and_the_export_is_audited(world: World) -> None:
    from rollout.services.audit import list_audit_events

    executive = world.actor(Role.EXECUTIVE)
    contract = export_report(world.db, actor=executive, organisation_id=world.own.id,
                             snapshot_id=world.own.snapshot.id)
    assert contract == world.own.snapshot.report.to_contract()
    latest = list_audit_events(world.db, actor=executive, organisation_id=world.own.id, limit=1)
    assert (latest[0].action, latest[0].actor) == ("export.assessment_report", executive.email)


def test_mitigation_actions_are_added_updated_and_listed_by_due_date(world: World) -> None:
    tenant, trainer = world.own, world.actor(Role.TRAINER)
    added = add_mitigation_action(
        world.db, actor=trainer, organisation_id=tenant.id, assessment_id=tenant.assessment.id,
        action=MitigationActionInput(title="Train super users", owner="Head of L&D",
                                     due_date=dt.date(2026, 1, 20)))
    assert added.status is ActionStatus.OPEN and added.created_by == trainer.email
    done = update_mitigation_action(
        world.db, actor=trainer, organisation_id=tenant.id, action_id=added.id,
        action=MitigationActionInput(title="Train super users", owner="Head of L&D",
                                     due_date=dt.date(2026, 1, 20), status=ActionStatus.DONE),
        expected_version=added.version)
    assert done.status is ActionStatus.DONE and done.version == added.version + 1
    with pytest.raises(ConflictError, match="reload"):
        update_mitigation_action(
            world.db, actor=trainer, organisation_id=tenant.id, action_id=added.id,
            action=MitigationActionInput(title="x", owner="y", due_date=dt.date(2026, 1, 1)),
            expected_version=added.version)
    listed = list_mitigation_actions(world.db, actor=trainer, organisation_id=tenant.id)
    assert [a.due_date for a in listed] == sorted(a.due_date for a in listed)
    with pytest.raises(NotFoundError):
        add_mitigation_action(
            world.db, actor=trainer, organisation_id=tenant.id,
            assessment_id=world.other.assessment.id,
            action=MitigationActionInput(title="x", owner="y", due_date=dt.date(2026, 1, 1)))


def test_d17_an_identical_action_added_twice_is_refused_with_a_message(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    action = MitigationActionInput(title="Profile the order data", owner="Head of Sales Ops",
                                   due_date=dt.date(2026, 3, 2), factor="data_quality")
    add_mitigation_action(world.db, actor=owner, organisation_id=tenant.id,
                          assessment_id=tenant.assessment.id, action=action)
    before = list_mitigation_actions(world.db, actor=owner, organisation_id=tenant.id)
    again = action.model_copy(update={"title": "  profile the ORDER data ",
                                      "owner": "Head of  Sales Ops"})
    with pytest.raises(ConflictError, match=r"already has the action .*Profile the order data"):
        add_mitigation_action(world.db, actor=owner, organisation_id=tenant.id,
                              assessment_id=tenant.assessment.id, action=again)
    assert list_mitigation_actions(world.db, actor=owner, organisation_id=tenant.id) == before
    # Another due date or another risk is another action.
    add_mitigation_action(world.db, actor=owner, organisation_id=tenant.id,
                          assessment_id=tenant.assessment.id,
                          action=action.model_copy(update={"due_date": dt.date(2026, 4, 1)}))


def test_mitigation_action_input_is_checked() -> None:
    with pytest.raises(ValidationError):
        MitigationActionInput(title="", owner="y", due_date=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        MitigationActionInput.model_validate({"title": "x", "owner": "y", "due_date": "soon"})


def test_gate_decisions_record_who_when_what_and_the_conditions(world: World) -> None:
    executive = world.actor(Role.EXECUTIVE)
    decision = world.own.decision
    assert decision.decided_by == executive.email
    assert decision.decision is Decision.CONDITIONAL
    assert decision.conditions == ("owner named by February",)
    assert decision.decided_at.tzinfo is not None
    assert abs(dt.datetime.now(dt.UTC) - decision.decided_at) < dt.timedelta(minutes=5)
    go = record_gate_decision(world.db, actor=executive, organisation_id=world.own.id,
                              snapshot_id=world.own.snapshot.id,
                              decision=GateDecisionInput(
                                  gate="pilot", decision=Decision.GO, confirm_override=True,
                                  justification="the owner was named on the day of the review"))
    history = list_gate_decisions(world.db, actor=executive, organisation_id=world.own.id)
    assert [d.id for d in history] == [decision.id, go.id]


def test_a_conditional_decision_needs_conditions_and_a_go_has_none() -> None:
    with pytest.raises(ValidationError, match="needs at least one condition"):
        GateDecisionInput(gate="go-live", decision=Decision.CONDITIONAL)
    with pytest.raises(ValidationError, match="has no conditions"):
        GateDecisionInput(gate="go-live", decision=Decision.GO, conditions=["x"])


def test_a_decision_cannot_be_recorded_on_another_organisations_snapshot(world: World) -> None:
    with pytest.raises(NotFoundError, match="no submitted assessment"):
        record_gate_decision(world.db, actor=world.actor(Role.EXECUTIVE),
                             organisation_id=world.own.id, snapshot_id=world.other.snapshot.id,
                             decision=GateDecisionInput(gate="pilot", decision=Decision.GO))


def test_d17_an_unchanged_draft_cannot_be_submitted_twice_the_same_day(world: World) -> None:
    snapshot = world.own.snapshot
    with pytest.raises(ConflictError, match=f"nothing changed since snapshot #{snapshot.sequence}"):
        submit_assessment(world.db, actor=world.actor(Role.PROJECT_OWNER),
                          organisation_id=world.own.id, assessment_id=world.own.assessment.id,
                          content=world.content, at=snapshot.report.at)
    # Another day's report may say something else (a peak comes closer): it is a new snapshot.
    later = submit_assessment(world.db, actor=world.actor(Role.PROJECT_OWNER),
                              organisation_id=world.own.id, assessment_id=world.own.assessment.id,
                              content=world.content, at=snapshot.report.at + dt.timedelta(days=1))
    assert later.sequence == snapshot.sequence + 1
