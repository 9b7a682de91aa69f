"""The audit log: every change, login, refusal and export; written with the change; append-only."""

from __future__ import annotations

import datetime as dt

import pytest

from rollout.errors import ConflictError, PermissionDenied
from rollout.permissions import ObjectType, Role
from rollout.services.assessments import save_draft_answers
from rollout.services.audit import list_audit_events
from rollout.services.programmes import create_programme
from rollout.services.transfer import record_export
from tests.services.conftest import World, programme


def test_a_change_is_audited_with_who_where_what_when_before_and_after(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    before = dt.datetime.now(dt.UTC)
    save_draft_answers(world.db, actor=owner, organisation_id=tenant.id,
                       assessment_id=tenant.assessment.id, answers={"own.owner": "yes"},
                       expected_version=tenant.assessment.version, content=world.content)
    event = list_audit_events(world.db, actor=world.admin, organisation_id=tenant.id, limit=1)[0]
    assert (event.action, event.actor, event.organisation_id, event.object_id) == (
        "assessment.save_draft", owner.email, tenant.id, tenant.assessment.id)
    assert event.at.tzinfo is not None and before - dt.timedelta(seconds=1) <= event.at
    assert event.before is not None and event.after is not None
    assert event.before["answers"] == {"own.owner": "partial", "own.training_hours": 4}
    assert event.after["answers"] == {"own.owner": "yes"}


def test_a_failed_change_leaves_no_audit_event_and_no_change(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    count = len(list_audit_events(world.db, actor=world.admin, organisation_id=tenant.id,
                                  limit=1000))
    with pytest.raises(ConflictError):
        create_programme(world.db, actor=owner, organisation_id=tenant.id, name="CRM",
                         programme=programme())
    assert len(list_audit_events(world.db, actor=world.admin, organisation_id=tenant.id,
                                 limit=1000)) == count


def test_refused_access_is_audited_even_though_the_change_is_rolled_back(world: World) -> None:
    trainer = world.actor(Role.TRAINER)
    with pytest.raises(PermissionDenied):
        create_programme(world.db, actor=trainer, organisation_id=world.own.id, name="Mine",
                         programme=programme())
    event = list_audit_events(world.db, actor=world.admin, organisation_id=world.own.id,
                              limit=1)[0]
    assert (event.action, event.outcome, event.actor, event.object_type) == (
        "access.refused", "refused", trainer.email, "programme")
    assert event.after == {"action": "edit", "reason": "role trainer"}


def test_exports_are_audited(world: World) -> None:
    consultant = world.actor(Role.CONSULTANT)
    record_export(world.db, actor=consultant, organisation_id=world.own.id,
                  object_type=ObjectType.PROGRAMME, object_id=world.own.programme.id,
                  export_format="xlsx")
    event = list_audit_events(world.db, actor=world.admin, organisation_id=world.own.id,
                              limit=1)[0]
    assert (event.action, event.actor, event.after) == (
        "export.programme", consultant.email, {"format": "xlsx"})


def test_executives_read_their_organisations_log_and_page_back(world: World) -> None:
    executive = world.actor(Role.EXECUTIVE)
    first = list_audit_events(world.db, actor=executive, organisation_id=world.own.id, limit=3)
    second = list_audit_events(world.db, actor=executive, organisation_id=world.own.id, limit=3,
                               before_id=first[-1].id)
    ids = [e.id for e in first + second]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 6
    assert {e.organisation_id for e in first + second} == {world.own.id}
    with pytest.raises(PermissionDenied):
        list_audit_events(world.db, actor=executive, organisation_id=None)
