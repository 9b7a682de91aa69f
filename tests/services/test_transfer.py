"""Organisation export and import: a lossless round trip between databases."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from rollout.domain.plan import PinDate, PlanOptions, Scenario
from rollout.domain.report import Decision
from rollout.errors import ConflictError, InputError, PermissionDenied
from rollout.permissions import Role
from rollout.persistence.database import Database, create_database_engine
from rollout.persistence.records import AuditEventRecord, GateDecisionInput
from rollout.services.accounts import create_first_admin, list_users
from rollout.services.assessments import (
    list_assessments,
    list_snapshots,
    save_draft_answers,
    submit_assessment,
)
from rollout.services.audit import list_audit_events
from rollout.services.gates import list_gate_decisions, record_gate_decision
from rollout.services.mitigation import list_mitigation_actions
from rollout.services.organisations import list_members
from rollout.services.plans import get_plan_settings, save_plan_settings
from rollout.services.programmes import list_programmes
from rollout.services.transfer import export_organisation, import_organisation
from tests.services.conftest import PASSWORD, World


def _with_history(world: World) -> None:
    """A second submission and decision, a date answer and plan settings with an override."""
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    draft = save_draft_answers(world.db, actor=owner, organisation_id=tenant.id,
                               assessment_id=tenant.assessment.id,
                               answers={"own.owner": "yes", "own.training_hours": 8.5},
                               expected_version=tenant.assessment.version, content=world.content)
    snapshot = submit_assessment(world.db, actor=owner, organisation_id=tenant.id,
                                 assessment_id=draft.id, content=world.content,
                                 at=dt.date(2026, 2, 2))
    record_gate_decision(world.db, actor=world.actor(Role.EXECUTIVE), organisation_id=tenant.id,
                         snapshot_id=snapshot.id,
                         decision=GateDecisionInput(gate="pilot", decision=Decision.GO))
    _with_plan_settings(world)


def _with_plan_settings(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    save_plan_settings(world.db, actor=owner, organisation_id=tenant.id,
                       programme_id=tenant.programme.id, expected_version=None,
                       options=PlanOptions(scenario=Scenario.PHASED, overrides=[PinDate(
                           task="wave-1.go_live", date=dt.date(2026, 11, 2),
                           reason="regulator deadline")]))


def _without_export_time(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "exported_at"}


def test_an_exported_organisation_imports_into_another_database_without_loss(
    world: World, second_database_url: str
) -> None:
    _with_history(world)
    exported = export_organisation(world.db, actor=world.admin, organisation_id=world.own.id)
    exported = json.loads(json.dumps(exported))  # as it travels: through a JSON file
    target = Database(create_database_engine(second_database_url))
    try:
        admin = create_first_admin(target, email="other-admin@example.org", password=PASSWORD)
        result = import_organisation(target, actor=admin, data=exported, content=world.content)
        again = export_organisation(target, actor=admin, organisation_id=world.own.id)
        # The same document, except that the history now says it was imported.
        expected = _without_export_time(exported)
        expected["audit_events"] = [{**e, "imported": True} for e in expected["audit_events"]]
        assert _without_export_time(again) == expected

        # Record by record, what the services read back is the same.
        own = world.own.id
        for read in (list_programmes, list_assessments, list_mitigation_actions,
                     list_gate_decisions):
            assert read(target, actor=admin, organisation_id=own) == read(
                world.db, actor=world.admin, organisation_id=own)
        settings = get_plan_settings(target, actor=admin, organisation_id=own,
                                     programme_id=world.own.programme.id)
        assert settings is not None and settings.options.overrides[0].reason == "regulator deadline"
        assert settings == get_plan_settings(world.db, actor=world.admin, organisation_id=own,
                                             programme_id=world.own.programme.id)
        assert list_snapshots(target, actor=admin, organisation_id=own,
                              assessment_id=world.own.assessment.id) == list_snapshots(
            world.db, actor=world.admin, organisation_id=own,
            assessment_id=world.own.assessment.id)
        # Less the newest event on each side: the export just made.
        source_events = list_audit_events(world.db, actor=world.admin, organisation_id=own,
                                          limit=1000)[1:]
        target_events = list_audit_events(target, actor=admin, organisation_id=own,
                                          limit=1000)[1:]
        def strip(events: list[AuditEventRecord]) -> list[dict[str, Any]]:
            return [e.model_dump(exclude={"id", "imported"}) for e in events]

        assert strip(target_events) == strip(source_events)
        assert all(e.imported for e in target_events)
        assert not any(e.imported for e in source_events)

        # Members came across by e-mail, disabled and without a password.
        members = list_members(target, actor=admin, organisation_id=own)
        assert {m.email for m in members} == {a.email for a in world.members.values()}
        assert set(result.created_accounts) == {m.email for m in members}
        accounts = {u.email: u for u in list_users(target, actor=admin)}
        assert not any(accounts[m.email].is_active or accounts[m.email].has_password
                       for m in members)
    finally:
        target.dispose()


def test_importing_an_organisation_that_already_exists_is_refused(world: World) -> None:
    exported = export_organisation(world.db, actor=world.admin, organisation_id=world.own.id)
    with pytest.raises(ConflictError, match="already has the organisation"):
        import_organisation(world.db, actor=world.admin, data=exported, content=world.content)
    renamed = copy.deepcopy(exported)
    renamed["organisation"]["id"] = "f" * 32
    with pytest.raises(ConflictError, match="already named"):
        import_organisation(world.db, actor=world.admin, data=renamed, content=world.content)


def test_only_administrators_import(world: World) -> None:
    exported = export_organisation(world.db, actor=world.admin, organisation_id=world.own.id)
    with pytest.raises(PermissionDenied):
        import_organisation(world.db, actor=world.actor(Role.EXECUTIVE), data=exported, content=world.content)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(format="something else"), "not a Rollout organisation export"),
    (lambda d: d.update(format_version=99), "upgrade Rollout"),
    (lambda d: d["assessments"][0].update(programme_id="nope"), "names no programme"),
    (lambda d: d["gate_decisions"][0].update(snapshot_id="nope"), "no submitted snapshot"),
    (lambda d: d["plan_settings"][0].update(programme_id="nope"), r"plan_settings\[0\].*no programme"),
    (lambda d: d["plan_settings"][0]["options"].update(migration_tracks=0),
     r"plan_settings\[0\]\.options\.migration_tracks"),
    (lambda d: d["programmes"][0]["programme"].update(users_total=-1), r"programmes\[0\]\.programme"),
    (lambda d: d["assessments"][0]["snapshots"][0]["report"].pop("verdict"), "verdict"),
])
def test_a_damaged_export_is_refused_with_the_place_of_the_damage(
    world: World, change: Any, message: str
) -> None:
    _with_plan_settings(world)
    exported = export_organisation(world.db, actor=world.admin, organisation_id=world.own.id)
    exported["organisation"]["id"] = "e" * 32
    exported["organisation"]["profile"]["name"] = "Elsewhere Ltd"
    change(exported)
    with pytest.raises(InputError, match=message):
        import_organisation(world.db, actor=world.admin, data=exported, content=world.content,
                            source="x.json")


def test_a_version_1_export_without_plan_settings_still_imports(
    world: World, second_database_url: str
) -> None:
    exported = export_organisation(world.db, actor=world.admin, organisation_id=world.own.id)
    assert exported["format_version"] == 3 and exported["plan_settings"] == []
    del exported["plan_settings"], exported["training"]
    exported["format_version"] = 1
    target = Database(create_database_engine(second_database_url))
    try:
        admin = create_first_admin(target, email="other-admin@example.org", password=PASSWORD)
        result = import_organisation(target, actor=admin, data=exported, content=world.content)
        assert get_plan_settings(target, actor=admin, organisation_id=result.organisation.id,
                                 programme_id=world.own.programme.id) is None
    finally:
        target.dispose()


def test_an_import_typed_elsewhere_is_normalised_but_its_history_is_kept(
    world: World, second_database_url: str
) -> None:
    _with_history(world)
    exported = json.loads(json.dumps(export_organisation(world.db, actor=world.admin,
                                                         organisation_id=world.own.id)))
    exported["organisation"]["profile"]["name"] = "شركت نمونه"  # Arabic kaf
    member = exported["members"][0]
    typed = "\u200b" + member["email"].upper()
    member["email"] = typed
    history = copy.deepcopy(exported["assessments"][0]["snapshots"])
    target = Database(create_database_engine(second_database_url))
    try:
        admin = create_first_admin(target, email="other-admin@example.org", password=PASSWORD)
        result = import_organisation(target, actor=admin, data=exported, content=world.content)
        assert result.organisation.name == "شرکت نمونه"
        again = export_organisation(target, actor=admin, organisation_id=world.own.id)
        assert typed.strip("\u200b").lower() in {m["email"] for m in again["members"]}
        assert again["assessments"][0]["snapshots"] == history
    finally:
        target.dispose()
