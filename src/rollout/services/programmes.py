"""Programmes: the CRM rollout an organisation runs, with its units, platforms and calendar."""

from __future__ import annotations

from collections.abc import Sequence

from rollout.domain.assessment import Programme
from rollout.errors import ConflictError, InputError
from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import programme_children, programme_record, programme_values
from rollout.persistence.records import ProgrammeBlackout, ProgrammeRecord
from rollout.persistence.tables import ProgrammeRow, new_id
from rollout.services.access import Actor, use_case


def create_programme(
    db: Database, *, actor: Actor, organisation_id: str, name: str, programme: Programme,
    blackouts: Sequence[ProgrammeBlackout] = (),
) -> ProgrammeRecord:
    name = _check_name(name)
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.PROGRAMME, Action.EDIT)
        if repo.find_programme_by_name(uc.session, organisation_id=organisation_id,
                                       name=name) is not None:
            raise ConflictError(f"this organisation already has a programme named {name!r}")
        programme_id = new_id()
        row = ProgrammeRow(id=programme_id, organisation_id=organisation_id,
                           **programme_values(name, programme))
        children = programme_children(programme, list(blackouts),
                                      organisation_id=organisation_id, programme_id=programme_id)
        repo.add_programme(uc.session, organisation_id=organisation_id, row=row, children=children)
        record = programme_record(row, children)
        uc.audit("programme.create", organisation_id=organisation_id,
                 object_type=ObjectType.PROGRAMME, object_id=programme_id,
                 after=_audit_view(record))
        return record


def save_programme(
    db: Database, *, actor: Actor, organisation_id: str, programme_id: str, name: str,
    programme: Programme, expected_version: int, blackouts: Sequence[ProgrammeBlackout] = (),
) -> ProgrammeRecord:
    """Replace a programme if nobody saved it since ``expected_version`` (else ConflictError).

    A save that changes nothing writes nothing and returns the stored programme as it is.
    """
    name = _check_name(name)
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.PROGRAMME, Action.EDIT, object_id=programme_id)
        before = programme_record(*repo.get_programme(
            uc.session, organisation_id=organisation_id, programme_id=programme_id))
        if (before.name, before.programme, list(before.blackouts)) == (
                name, programme, list(blackouts)):
            # Nothing changed: nothing is written, no version bump, no audit event (D16).
            return before
        other = repo.find_programme_by_name(uc.session, organisation_id=organisation_id, name=name)
        if other is not None and other.id != programme_id:
            raise ConflictError(f"this organisation already has a programme named {name!r}")
        children = programme_children(programme, list(blackouts),
                                      organisation_id=organisation_id, programme_id=programme_id)
        row = repo.update_programme(uc.session, organisation_id=organisation_id,
                                    programme_id=programme_id, expected_version=expected_version,
                                    values=programme_values(name, programme), children=children)
        record = programme_record(row, children)
        uc.audit("programme.update", organisation_id=organisation_id,
                 object_type=ObjectType.PROGRAMME, object_id=programme_id,
                 before=_audit_view(before), after=_audit_view(record))
        return record


def get_programme(
    db: Database, *, actor: Actor, organisation_id: str, programme_id: str
) -> ProgrammeRecord:
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.PROGRAMME, Action.VIEW, object_id=programme_id)
        return programme_record(*repo.get_programme(
            uc.session, organisation_id=organisation_id, programme_id=programme_id))


def list_programmes(db: Database, *, actor: Actor, organisation_id: str) -> list[ProgrammeRecord]:
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.PROGRAMME, Action.VIEW)
        return [
            programme_record(*repo.get_programme(uc.session, organisation_id=organisation_id,
                                                 programme_id=row.id))
            for row in repo.list_programmes(uc.session, organisation_id=organisation_id)
        ]


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 200:
        raise InputError("programme", [("name", "give the programme a name of 1 to 200 characters")])
    return name


def _audit_view(record: ProgrammeRecord) -> dict[str, object]:
    return {"name": record.name, "version": record.version,
            "programme": record.programme.model_dump(mode="json"),
            "blackouts": [b.model_dump(mode="json") for b in record.blackouts]}
