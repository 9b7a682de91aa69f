"""The permission matrix and the use cases agree, for every role, object type, action and tenant.

For each combination the test runs the use case that implements it, as a user with that role in
their own organisation, against an object of their own organisation and one of another
organisation. Expected: success exactly where the matrix allows it; PermissionDenied where it
does not; and for another organisation, NotFoundError worded as for a missing id (the global
admin alone sees every organisation). Every row a view returns belongs to the organisation asked
for. A combination no use case implements must be granted to nobody.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from rollout.domain.report import Decision
from rollout.errors import NotFoundError, PermissionDenied
from rollout.permissions import MATRIX, Action, ObjectType, Role, allows
from rollout.persistence.records import GateDecisionInput, MitigationActionInput
from rollout.services import (
    add_member,
    create_user,
    export_organisation,
    export_report,
    get_assessment,
    get_organisation,
    get_programme,
    get_snapshot,
    list_assessments,
    list_audit_events,
    list_gate_decisions,
    list_members,
    list_mitigation_actions,
    list_programmes,
    list_snapshots,
    list_users,
    record_export,
    record_gate_decision,
    save_draft_answers,
    save_programme,
    update_mitigation_action,
    update_organisation,
)
from rollout.services.access import Actor
from tests.services.conftest import PASSWORD, Tenant, World

Operation = Callable[[World, Actor, Tenant], Any]
_counter = itertools.count()


def _fresh_email() -> str:
    return f"new-{next(_counter)}@example.org"


def _update_organisation(w: World, a: Actor, t: Tenant) -> Any:
    current = get_organisation(w.db, actor=w.admin, organisation_id=t.id)
    profile = current.profile.model_copy(update={"customers": (current.profile.customers or 0) + 1})
    return update_organisation(w.db, actor=a, organisation_id=t.id, profile=profile,
                               expected_version=current.version)


def _add_member(w: World, a: Actor, t: Tenant) -> Any:
    email = _fresh_email()
    create_user(w.db, actor=w.admin, email=email, password=PASSWORD)
    return add_member(w.db, actor=a, organisation_id=t.id, email=email, role=Role.TRAINER)


def _save_programme(w: World, a: Actor, t: Tenant) -> Any:
    current = get_programme(w.db, actor=w.admin, organisation_id=t.id,
                            programme_id=t.programme.id)
    changed = current.programme.model_copy(update={"hypercare_weeks":
                                                   current.programme.hypercare_weeks % 10 + 1})
    return save_programme(w.db, actor=a, organisation_id=t.id, programme_id=t.programme.id,
                          name=current.name, programme=changed, expected_version=current.version)


def _view_assessments(w: World, a: Actor, t: Tenant) -> Any:
    return [
        get_assessment(w.db, actor=a, organisation_id=t.id, assessment_id=t.assessment.id),
        *list_assessments(w.db, actor=a, organisation_id=t.id),
        *list_snapshots(w.db, actor=a, organisation_id=t.id, assessment_id=t.assessment.id),
        get_snapshot(w.db, actor=a, organisation_id=t.id, snapshot_id=t.snapshot.id),
    ]


def _save_draft(w: World, a: Actor, t: Tenant) -> Any:
    current = get_assessment(w.db, actor=w.admin, organisation_id=t.id,
                             assessment_id=t.assessment.id)
    hours = current.answers.get("own.training_hours")
    hours = hours + 1 if isinstance(hours, int | float) else 1
    return save_draft_answers(w.db, actor=a, organisation_id=t.id, assessment_id=t.assessment.id,
                              answers={**current.answers, "own.training_hours": hours},
                              expected_version=current.version, content=w.content)


def _update_action(w: World, a: Actor, t: Tenant) -> Any:
    current = next(x for x in list_mitigation_actions(w.db, actor=w.admin, organisation_id=t.id)
                   if x.id == t.action.id)
    change = MitigationActionInput(title=current.title, owner=current.owner,
                                   due_date=current.due_date + dt.timedelta(days=1),
                                   status=current.status, factor=current.factor)
    return update_mitigation_action(w.db, actor=a, organisation_id=t.id, action_id=t.action.id,
                                    action=change, expected_version=current.version)


def _record_decision(w: World, a: Actor, t: Tenant) -> Any:
    return record_gate_decision(w.db, actor=a, organisation_id=t.id, snapshot_id=t.snapshot.id,
                                decision=GateDecisionInput(
                                    gate="pilot", decision=Decision.NO_GO, note=uuid.uuid4().hex,
                                    justification="a stricter call than the engine's, on purpose",
                                    confirm_override=True))


def _export(object_type: ObjectType, object_id: Callable[[Tenant], str]) -> Operation:
    def run(w: World, a: Actor, t: Tenant) -> Any:
        return record_export(w.db, actor=a, organisation_id=t.id, object_type=object_type,
                             object_id=object_id(t), export_format="csv")
    return run


O, A = ObjectType, Action  # noqa: E741  (short aliases keep the table readable)
OPERATIONS: dict[tuple[ObjectType, Action], Operation] = {
    (O.ORGANISATION, A.VIEW): lambda w, a, t: [get_organisation(w.db, actor=a,
                                                                organisation_id=t.id)],
    (O.ORGANISATION, A.EDIT): _update_organisation,
    (O.ORGANISATION, A.EXPORT): lambda w, a, t: export_organisation(w.db, actor=a,
                                                                    organisation_id=t.id),
    (O.MEMBERSHIP, A.VIEW): lambda w, a, t: list_members(w.db, actor=a, organisation_id=t.id),
    (O.MEMBERSHIP, A.EDIT): _add_member,
    (O.PROGRAMME, A.VIEW): lambda w, a, t: [
        get_programme(w.db, actor=a, organisation_id=t.id, programme_id=t.programme.id),
        *list_programmes(w.db, actor=a, organisation_id=t.id)],
    (O.PROGRAMME, A.EDIT): _save_programme,
    (O.PROGRAMME, A.EXPORT): _export(O.PROGRAMME, lambda t: t.programme.id),
    (O.ASSESSMENT, A.VIEW): _view_assessments,
    (O.ASSESSMENT, A.EDIT): _save_draft,
    (O.ASSESSMENT, A.EXPORT): lambda w, a, t: export_report(w.db, actor=a, organisation_id=t.id,
                                                            snapshot_id=t.snapshot.id),
    (O.MITIGATION_ACTION, A.VIEW): lambda w, a, t: list_mitigation_actions(
        w.db, actor=a, organisation_id=t.id),
    (O.MITIGATION_ACTION, A.EDIT): _update_action,
    (O.MITIGATION_ACTION, A.EXPORT): _export(O.MITIGATION_ACTION, lambda t: t.action.id),
    (O.GATE_DECISION, A.VIEW): lambda w, a, t: list_gate_decisions(w.db, actor=a,
                                                                   organisation_id=t.id),
    (O.GATE_DECISION, A.APPROVE): _record_decision,
    (O.GATE_DECISION, A.EXPORT): _export(O.GATE_DECISION, lambda t: t.decision.id),
    (O.AUDIT_EVENT, A.VIEW): lambda w, a, t: list_audit_events(w.db, actor=a,
                                                               organisation_id=t.id),
    (O.AUDIT_EVENT, A.EXPORT): _export(O.AUDIT_EVENT, lambda t: t.id),
    (O.USER, A.VIEW): lambda w, a, t: list_users(w.db, actor=a),
    (O.USER, A.EDIT): lambda w, a, t: create_user(w.db, actor=a, email=_fresh_email(),
                                                  password=PASSWORD),
}

ROLES = list(Role)
COMBINATIONS = list(itertools.product(ROLES, ObjectType, Action, ("own", "other")))


def _organisation_ids(result: Any) -> set[str]:
    """Organisation ids of everything a view returned (records carry theirs)."""
    items = result if isinstance(result, list) else [result]
    found = set()
    for item in items:
        if hasattr(item, "organisation_id"):
            found.add(item.organisation_id)
        elif hasattr(item, "profile") and hasattr(item, "id"):  # an OrganisationRecord
            found.add(item.id)
    return found


def test_every_combination_is_counted() -> None:
    assert len(COMBINATIONS) == 5 * 8 * 4 * 2 == 320
    assert len(OPERATIONS) == 21


@pytest.mark.parametrize(("object_type", "action"), [
    (o, a) for o in ObjectType for a in Action if (o, a) not in OPERATIONS])
def test_what_no_use_case_implements_is_granted_to_nobody(
    object_type: ObjectType, action: Action
) -> None:
    assert [r for r in Role if allows(r, object_type, action)] == []


def test_matrix_and_use_cases_agree_for_every_role_object_action_and_organisation(
    world: World,
) -> None:
    mismatches: list[str] = []
    refusals = 0
    ran = 0
    for role, object_type, action, where in COMBINATIONS:
        operation = OPERATIONS.get((object_type, action))
        if operation is None:
            continue
        ran += 1
        actor = world.actor(role)
        tenant = world.own if where == "own" else world.other
        permitted = action in MATRIX[role][object_type]
        global_object = object_type is ObjectType.USER
        if where == "other" and role is not Role.ADMIN and not global_object:
            expected: type[BaseException] | None = NotFoundError
        else:
            expected = None if permitted else PermissionDenied
        label = f"{role.value} {action.value} {object_type.value} in {where} organisation"
        try:
            result = operation(world, actor, tenant)
        except (NotFoundError, PermissionDenied) as exc:
            refusals += 1
            if type(exc) is not expected:
                mismatches.append(f"{label}: {type(exc).__name__} ({exc}), expected "
                                  f"{getattr(expected, '__name__', 'success')}")
            elif expected is NotFoundError and str(exc) != f"no organisation with id {tenant.id!r}":
                mismatches.append(f"{label}: not worded as a missing id: {exc}")
            continue
        if expected is not None:
            mismatches.append(f"{label}: succeeded, expected {expected.__name__}")
        elif action is Action.VIEW and not global_object:
            leaked = _organisation_ids(result) - {tenant.id}
            if leaked:
                mismatches.append(f"{label}: returned rows of other organisations {leaked}")
    # The figures, for `pytest -s` and the issue notes.
    assert mismatches == []
    events = list_audit_events(world.db, actor=world.admin, organisation_id=None, limit=1000)
    in_own = list_audit_events(world.db, actor=world.admin, organisation_id=world.own.id,
                               limit=1000)
    in_other = list_audit_events(world.db, actor=world.admin, organisation_id=world.other.id,
                                 limit=1000)
    refused_events = [e for e in [*events, *in_own, *in_other] if e.action == "access.refused"]
    assert len(refused_events) == refusals


def test_another_organisations_id_is_indistinguishable_from_a_missing_one(world: World) -> None:
    actor = world.actor(Role.PROJECT_OWNER)
    missing = "0" * 32
    for organisation_id in (world.other.id, missing):
        with pytest.raises(NotFoundError) as caught:
            list_programmes(world.db, actor=actor, organisation_id=organisation_id)
        assert str(caught.value) == f"no organisation with id {organisation_id!r}"
    # Inside one's own organisation, another organisation's object id is missing too.
    for assessment_id in (world.other.assessment.id, missing):
        with pytest.raises(NotFoundError) as caught:
            get_assessment(world.db, actor=actor, organisation_id=world.own.id,
                           assessment_id=assessment_id)
        assert str(caught.value) == f"no assessment with id {assessment_id!r} in this organisation"


def test_the_roles_table_in_the_deployment_guide_is_the_matrix() -> None:
    from pathlib import Path

    guide = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"
    rows = {}
    for line in guide.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] in {r.value for r in Role}:
            rows[Role(cells[0])] = [
                frozenset(Action(a.strip("* ")) for a in cell.split(",") if a.strip())
                for cell in cells[1:]]
    assert rows == {role: [MATRIX[role][o] for o in ObjectType] for role in Role}
