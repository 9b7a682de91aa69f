"""Reading and writing rows. Every function takes the session first and the rest keyword-only.

Tenant isolation: every function on organisation data takes ``organisation_id`` and filters by it,
so an id from another organisation is indistinguishable from a missing one (:class:`NotFoundError`
with the same message). Inserting a row that names a parent in another organisation fails on the
composite foreign keys; the services check first so the user gets a clear message.

Optimistic locking: updates of versioned rows are ``UPDATE ... WHERE version = :expected``; if no
row matched, the object either changed meanwhile (:class:`ConflictError`) or does not exist here.

Permission checks and audit belong to :mod:`rollout.services`, not here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import and_, delete, func, text, update
from sqlalchemy import select as sa_select  # sqlmodel's select stops at four columns
from sqlmodel import Session, SQLModel, col, select

from rollout.errors import ConflictError, NotFoundError
from rollout.persistence.mapping import ProgrammeChildren
from rollout.persistence.tables import (
    AssessmentRow,
    AssessmentSnapshotRow,
    AuditEventRow,
    BlackoutRow,
    BusinessUnitRow,
    ConcurrentProjectRow,
    ExportBrandRow,
    GateDecisionRow,
    LegacyPlatformRow,
    LoginAttemptRow,
    MembershipRow,
    MitigationActionRow,
    OrganisationRow,
    PeakSeasonRow,
    PlanSettingsRow,
    ProgrammeRow,
    UserRow,
    WebSessionRow,
    utc_now,
)

T = TypeVar("T", bound=SQLModel)

RELOAD_HINT = "reload the page and apply your change again"

_PROGRAMME_CHILD_TABLES: tuple[type[Any], ...] = (
    BusinessUnitRow, LegacyPlatformRow, PeakSeasonRow, BlackoutRow, ConcurrentProjectRow)


def _not_found(what: str, object_id: str) -> NotFoundError:
    # Deliberately the same for a missing id and another organisation's id.
    return NotFoundError(f"no {what} with id {object_id!r} in this organisation")


def _get_tenant_row(
    session: Session, table: type[T], *, organisation_id: str, object_id: str, what: str,
) -> T:
    row = session.exec(
        select(table).where(
            col(table.id) == object_id,  # type: ignore[attr-defined]
            col(table.organisation_id) == organisation_id,  # type: ignore[attr-defined]
        )
    ).first()
    if row is None:
        raise _not_found(what, object_id)
    return row


def _versioned_update(
    session: Session, table: type[T], *, organisation_id: str, object_id: str,
    expected_version: int, values: dict[str, Any], what: str,
) -> T:
    """Update one row if it is still at ``expected_version``; return it at its new version."""
    statement = (
        update(table)
        .where(
            col(table.id) == object_id,  # type: ignore[attr-defined]
            col(table.organisation_id) == organisation_id,  # type: ignore[attr-defined]
            col(table.version) == expected_version,  # type: ignore[attr-defined]
        )
        .values(**values, version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    result = session.execute(statement)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        current = _get_tenant_row(session, table, organisation_id=organisation_id,
                                  object_id=object_id, what=what)
        raise ConflictError(
            f"the {what} was changed by someone else since you opened it (you had version "
            f"{expected_version}, it is now at version {current.version}); "  # type: ignore[attr-defined]
            f"{RELOAD_HINT}")
    session.expire_all()  # the identity map may hold the old version
    return _get_tenant_row(session, table, organisation_id=organisation_id, object_id=object_id,
                           what=what)


def serialise(session: Session, *, key: str) -> None:
    """Make concurrent transactions that pass the same key run one after the other.

    Needed on PostgreSQL for check-then-insert rules (login throttling, the first administrator);
    on SQLite, BEGIN IMMEDIATE already serialises every writer.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


# --- organisations -----------------------------------------------------------------------------


def add_organisation(session: Session, *, row: OrganisationRow) -> OrganisationRow:
    session.add(row)
    session.flush()
    return row


def get_organisation(session: Session, *, organisation_id: str) -> OrganisationRow:
    row = session.get(OrganisationRow, organisation_id)
    if row is None:
        raise NotFoundError(f"no organisation with id {organisation_id!r}")
    return row


def find_organisation_by_name(session: Session, *, name: str) -> OrganisationRow | None:
    return session.exec(select(OrganisationRow).where(OrganisationRow.name == name)).first()


def list_organisations(
    session: Session, *, organisation_ids: Collection[str] | None = None
) -> Sequence[OrganisationRow]:
    """All organisations by name, or only those in ``organisation_ids``."""
    statement = select(OrganisationRow).order_by(col(OrganisationRow.name))
    if organisation_ids is not None:
        statement = statement.where(col(OrganisationRow.id).in_(list(organisation_ids)))
    return session.exec(statement).all()


def update_organisation(
    session: Session, *, organisation_id: str, expected_version: int, values: dict[str, Any],
) -> OrganisationRow:
    result = session.execute(
        update(OrganisationRow)
        .where(col(OrganisationRow.id) == organisation_id,
               col(OrganisationRow.version) == expected_version)
        .values(**values, version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        current = get_organisation(session, organisation_id=organisation_id)
        raise ConflictError(
            f"the organisation was changed by someone else since you opened it (you had version "
            f"{expected_version}, it is now at version {current.version}); {RELOAD_HINT}")
    session.expire_all()
    return get_organisation(session, organisation_id=organisation_id)


@dataclass(frozen=True)
class AccessFacts:
    """What deciding one access needs, read in one query."""

    user_found: bool
    is_active: bool
    is_admin: bool
    credentials_version: int | None
    organisation_found: bool
    membership_role: str | None


def access_facts(session: Session, *, user_id: str, organisation_id: str | None) -> AccessFacts:
    """The user's state and, for ``organisation_id``, whether it exists and their role there."""
    row = session.execute(
        sa_select(col(UserRow.is_active), col(UserRow.is_admin), col(UserRow.credentials_version),
                  col(OrganisationRow.id), col(MembershipRow.role))
        .select_from(UserRow)
        .outerjoin(OrganisationRow, col(OrganisationRow.id) == organisation_id)
        .outerjoin(MembershipRow, and_(col(MembershipRow.user_id) == col(UserRow.id),
                                       col(MembershipRow.organisation_id) == col(OrganisationRow.id)))
        .where(col(UserRow.id) == user_id)
    ).first()
    if row is None:
        return AccessFacts(False, False, False, None, False, None)
    is_active, is_admin, version, found_id, role = row
    return AccessFacts(True, is_active, is_admin, version, found_id is not None, role)


# --- users and memberships ---------------------------------------------------------------------


def add_user(session: Session, *, row: UserRow) -> UserRow:
    session.add(row)
    session.flush()
    return row


def get_user(session: Session, *, user_id: str) -> UserRow:
    row = session.get(UserRow, user_id)
    if row is None:
        raise NotFoundError(f"no user with id {user_id!r}")
    return row


def find_user_by_email(session: Session, *, email: str) -> UserRow | None:
    return session.exec(select(UserRow).where(UserRow.email == email)).first()


def list_users(session: Session) -> Sequence[UserRow]:
    return session.exec(select(UserRow).order_by(col(UserRow.email))).all()


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(UserRow)).one()


# --- export brands (global, owned by an account: the owner is every query's scope) ------------


def add_brand(session: Session, *, row: ExportBrandRow) -> ExportBrandRow:
    session.add(row)
    session.flush()
    return row


def list_brands(session: Session, *, owner_user_id: str) -> Sequence[ExportBrandRow]:
    return session.exec(select(ExportBrandRow).where(
        ExportBrandRow.owner_user_id == owner_user_id).order_by(col(ExportBrandRow.name))).all()


def find_brand(session: Session, *, owner_user_id: str | None, brand_id: str | None = None,
               name: str | None = None) -> Sequence[ExportBrandRow]:
    """Brands by id or name; ``owner_user_id`` None (the command line's operator) searches
    every account's brands."""
    statement = select(ExportBrandRow)
    if owner_user_id is not None:
        statement = statement.where(ExportBrandRow.owner_user_id == owner_user_id)
    if brand_id is not None:
        statement = statement.where(ExportBrandRow.id == brand_id)
    if name is not None:
        statement = statement.where(ExportBrandRow.name == name)
    return session.exec(statement.order_by(col(ExportBrandRow.id))).all()


def update_brand(session: Session, *, owner_user_id: str, brand_id: str, expected_version: int,
                 values: dict[str, Any]) -> ExportBrandRow:
    result = session.execute(
        update(ExportBrandRow)
        .where(col(ExportBrandRow.id) == brand_id,
               col(ExportBrandRow.owner_user_id) == owner_user_id,
               col(ExportBrandRow.version) == expected_version)
        .values(**values, version=expected_version + 1, updated_at=utc_now())
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise ConflictError(f"the brand was changed or deleted since you opened it; "
                            f"{RELOAD_HINT}")
    session.expire_all()
    found = find_brand(session, owner_user_id=owner_user_id, brand_id=brand_id)
    return found[0]


# --- browser sessions (global, like users: a session belongs to a user, not an organisation) ----


def add_web_session(session: Session, *, row: WebSessionRow) -> WebSessionRow:
    session.add(row)
    session.flush()
    return row


def find_web_session(
    session: Session, *, token_hash: str | None = None, handoff_hash: str | None = None,
) -> WebSessionRow | None:
    """The session with this token hash, or with this hand-off hash (exactly one is given)."""
    if (token_hash is None) == (handoff_hash is None):
        raise ValueError("give exactly one of token_hash and handoff_hash")
    column = (col(WebSessionRow.token_hash) if token_hash is not None
              else col(WebSessionRow.handoff_hash))
    return session.exec(select(WebSessionRow).where(
        column == (token_hash if token_hash is not None else handoff_hash))).first()


def get_web_session(session: Session, *, session_id: str) -> WebSessionRow | None:
    return session.get(WebSessionRow, session_id)


def update_web_session(session: Session, *, session_id: str,
                       values: dict[str, Any]) -> None:
    session.execute(update(WebSessionRow).where(col(WebSessionRow.id) == session_id)
                    .values(**values))


def revoke_web_sessions_of_user(session: Session, *, user_id: str, at: dt.datetime) -> int:
    result = session.execute(update(WebSessionRow).where(
        col(WebSessionRow.user_id) == user_id, col(WebSessionRow.revoked_at).is_(None))
        .values(revoked_at=at))
    return int(getattr(result, "rowcount", 0) or 0)


def update_user(session: Session, *, user_id: str, values: dict[str, Any]) -> UserRow:
    row = get_user(session, user_id=user_id)
    for key, value in values.items():
        setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


def get_membership(session: Session, *, organisation_id: str, user_id: str) -> MembershipRow | None:
    return session.exec(
        select(MembershipRow).where(MembershipRow.organisation_id == organisation_id,
                                    MembershipRow.user_id == user_id)
    ).first()


def add_membership(session: Session, *, row: MembershipRow) -> MembershipRow:
    session.add(row)
    session.flush()
    return row


def list_members(
    session: Session, *, organisation_id: str
) -> Sequence[tuple[MembershipRow, UserRow]]:
    return session.exec(
        select(MembershipRow, UserRow)
        .join(UserRow, col(UserRow.id) == col(MembershipRow.user_id))
        .where(MembershipRow.organisation_id == organisation_id)
        .order_by(col(UserRow.email))
    ).all()


def list_memberships_of_user(session: Session, *, user_id: str) -> Sequence[MembershipRow]:
    return session.exec(select(MembershipRow).where(MembershipRow.user_id == user_id)).all()


def remove_membership(session: Session, *, organisation_id: str, user_id: str) -> None:
    session.execute(
        delete(MembershipRow).where(col(MembershipRow.organisation_id) == organisation_id,
                                    col(MembershipRow.user_id) == user_id)
    )


# --- login throttling --------------------------------------------------------------------------


def add_login_attempt(
    session: Session, *, email: str, succeeded: bool, at: dt.datetime, source: str | None = None,
) -> None:
    session.add(LoginAttemptRow(email=email, succeeded=succeeded, at=at, source=source))
    session.flush()


def count_failed_logins(session: Session, *, email: str, since: dt.datetime) -> int:
    """Failures for ``email`` since ``since`` and after its last successful login."""
    return failed_logins(session, email=email, since=since)[0]


def failed_logins(
    session: Session, *, since: dt.datetime, email: str | None = None,
    source: str | None = None,
) -> tuple[int, dt.datetime | None]:
    """How many logins failed since ``since`` (for ``email`` only after its last successful
    login), for an e-mail, a source or both, and when the last one failed."""
    start = since
    if email is not None:
        last_success = session.exec(
            select(func.max(LoginAttemptRow.at)).where(
                LoginAttemptRow.email == email, col(LoginAttemptRow.succeeded).is_(True))
        ).one()
        start = max(since, last_success) if last_success is not None else since
    conditions = [col(LoginAttemptRow.succeeded).is_(False), col(LoginAttemptRow.at) > start]
    if email is not None:
        conditions.append(col(LoginAttemptRow.email) == email)
    if source is not None:
        conditions.append(col(LoginAttemptRow.source) == source)
    count, last = session.exec(
        select(func.count(), func.max(LoginAttemptRow.at)).where(*conditions)).one()
    return int(count), last


def clear_failed_logins(session: Session, *, email: str) -> int:
    """Forget ``email``'s failed logins (an administrator unlocked it); how many there were."""
    result = session.execute(delete(LoginAttemptRow).where(
        col(LoginAttemptRow.email) == email, col(LoginAttemptRow.succeeded).is_(False)))
    return int(getattr(result, "rowcount", 0) or 0)


# --- programmes --------------------------------------------------------------------------------


def add_programme(
    session: Session, *, organisation_id: str, row: ProgrammeRow, children: ProgrammeChildren,
) -> ProgrammeRow:
    if row.organisation_id != organisation_id:
        raise ValueError("the programme row belongs to another organisation")
    session.add(row)
    session.flush()
    session.add_all(children.all_rows())
    session.flush()
    return row


def get_programme(
    session: Session, *, organisation_id: str, programme_id: str
) -> tuple[ProgrammeRow, ProgrammeChildren]:
    row = _get_tenant_row(session, ProgrammeRow, organisation_id=organisation_id,
                          object_id=programme_id, what="programme")
    return row, _programme_children(session, organisation_id=organisation_id,
                                    programme_id=programme_id)


def _programme_children(
    session: Session, *, organisation_id: str, programme_id: str
) -> ProgrammeChildren:
    def rows(table: type[T]) -> list[T]:
        return list(session.exec(
            select(table).where(
                col(table.organisation_id) == organisation_id,  # type: ignore[attr-defined]
                col(table.programme_id) == programme_id,  # type: ignore[attr-defined]
            ).order_by(col(table.position))  # type: ignore[attr-defined]
        ).all())

    return ProgrammeChildren(
        business_units=rows(BusinessUnitRow), legacy_platforms=rows(LegacyPlatformRow),
        peak_seasons=rows(PeakSeasonRow), blackouts=rows(BlackoutRow),
        concurrent_projects=rows(ConcurrentProjectRow),
    )


def list_programmes(session: Session, *, organisation_id: str) -> Sequence[ProgrammeRow]:
    return session.exec(
        select(ProgrammeRow).where(ProgrammeRow.organisation_id == organisation_id)
        .order_by(col(ProgrammeRow.name))
    ).all()


def find_programme_by_name(
    session: Session, *, organisation_id: str, name: str
) -> ProgrammeRow | None:
    return session.exec(
        select(ProgrammeRow).where(ProgrammeRow.organisation_id == organisation_id,
                                   ProgrammeRow.name == name)
    ).first()


def update_programme(
    session: Session, *, organisation_id: str, programme_id: str, expected_version: int,
    values: dict[str, Any], children: ProgrammeChildren,
) -> ProgrammeRow:
    """Replace a programme's fields and children if it is still at ``expected_version``."""
    row = _versioned_update(session, ProgrammeRow, organisation_id=organisation_id,
                            object_id=programme_id, expected_version=expected_version,
                            values={**values, "updated_at": utc_now()}, what="programme")
    # The conditional UPDATE above holds the row lock, so nobody else replaces them meanwhile.
    for table in _PROGRAMME_CHILD_TABLES:
        session.execute(delete(table).where(col(table.organisation_id) == organisation_id,
                                            col(table.programme_id) == programme_id))
    session.add_all(children.all_rows())
    session.flush()
    return row


def get_programme_row(session: Session, *, organisation_id: str, programme_id: str) -> ProgrammeRow:
    """The programme's own row (without its children); NotFoundError as for a missing id."""
    return _get_tenant_row(session, ProgrammeRow, organisation_id=organisation_id,
                           object_id=programme_id, what="programme")


# --- plan settings -----------------------------------------------------------------------------


def get_plan_settings(
    session: Session, *, organisation_id: str, programme_id: str
) -> PlanSettingsRow | None:
    """The programme's plan settings, or None if none were saved (or it is not this tenant's)."""
    return session.exec(
        select(PlanSettingsRow).where(PlanSettingsRow.organisation_id == organisation_id,
                                      PlanSettingsRow.programme_id == programme_id)
    ).first()


def list_plan_settings(session: Session, *, organisation_id: str) -> Sequence[PlanSettingsRow]:
    return session.exec(
        select(PlanSettingsRow).where(PlanSettingsRow.organisation_id == organisation_id)
        .order_by(col(PlanSettingsRow.programme_id))
    ).all()


def add_plan_settings(
    session: Session, *, organisation_id: str, row: PlanSettingsRow
) -> PlanSettingsRow:
    if row.organisation_id != organisation_id:
        raise ValueError("the plan settings row belongs to another organisation")
    session.add(row)
    session.flush()
    return row


def update_plan_settings(
    session: Session, *, organisation_id: str, settings_id: str, expected_version: int,
    values: dict[str, Any],
) -> PlanSettingsRow:
    """Update the settings if they are still at ``expected_version`` (else ConflictError)."""
    result = session.execute(
        update(PlanSettingsRow)
        .where(col(PlanSettingsRow.id) == settings_id,
               col(PlanSettingsRow.organisation_id) == organisation_id,
               col(PlanSettingsRow.version) == expected_version)
        .values(**values, updated_at=utc_now(), version=expected_version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        current = _get_tenant_row(session, PlanSettingsRow, organisation_id=organisation_id,
                                  object_id=settings_id, what="plan settings")
        raise ConflictError(
            f"the plan settings were changed by someone else since you opened them (you had "
            f"version {expected_version}, they are now at version {current.version}); "
            f"{RELOAD_HINT}")
    session.expire_all()  # the identity map may hold the old version
    return _get_tenant_row(session, PlanSettingsRow, organisation_id=organisation_id,
                           object_id=settings_id, what="plan settings")


# --- assessments and snapshots -----------------------------------------------------------------


def add_assessment(session: Session, *, organisation_id: str, row: AssessmentRow) -> AssessmentRow:
    if row.organisation_id != organisation_id:
        raise ValueError("the assessment row belongs to another organisation")
    session.add(row)
    session.flush()
    return row


def get_assessment(session: Session, *, organisation_id: str, assessment_id: str) -> AssessmentRow:
    return _get_tenant_row(session, AssessmentRow, organisation_id=organisation_id,
                           object_id=assessment_id, what="assessment")


def list_assessments(
    session: Session, *, organisation_id: str, programme_id: str | None = None
) -> Sequence[AssessmentRow]:
    statement = select(AssessmentRow).where(AssessmentRow.organisation_id == organisation_id)
    if programme_id is not None:
        statement = statement.where(AssessmentRow.programme_id == programme_id)
    return session.exec(statement.order_by(col(AssessmentRow.created_at),
                                           col(AssessmentRow.id))).all()


def check_version(row: Any, *, expected_version: int, what: str) -> None:
    """Refuse early when a row just read is already past the version the user edited."""
    if row.version != expected_version:
        raise ConflictError(
            f"the {what} was changed by someone else since you opened it (you had version "
            f"{expected_version}, it is now at version {row.version}); {RELOAD_HINT}")


def update_assessment(
    session: Session, *, organisation_id: str, assessment_id: str, expected_version: int,
    values: dict[str, Any],
) -> AssessmentRow:
    return _versioned_update(session, AssessmentRow, organisation_id=organisation_id,
                             object_id=assessment_id, expected_version=expected_version,
                             values={**values, "updated_at": utc_now()}, what="assessment")


def add_snapshot(
    session: Session, *, organisation_id: str, row: AssessmentSnapshotRow
) -> AssessmentSnapshotRow:
    if row.organisation_id != organisation_id:
        raise ValueError("the snapshot row belongs to another organisation")
    session.add(row)
    session.flush()
    return row


def next_snapshot_sequence(session: Session, *, organisation_id: str, assessment_id: str) -> int:
    current = session.exec(
        select(func.max(AssessmentSnapshotRow.sequence)).where(
            AssessmentSnapshotRow.organisation_id == organisation_id,
            AssessmentSnapshotRow.assessment_id == assessment_id)
    ).one()
    return (current or 0) + 1


def get_snapshot(
    session: Session, *, organisation_id: str, snapshot_id: str
) -> AssessmentSnapshotRow:
    return _get_tenant_row(session, AssessmentSnapshotRow, organisation_id=organisation_id,
                           object_id=snapshot_id, what="submitted assessment")


def list_snapshots(
    session: Session, *, organisation_id: str, assessment_id: str | None = None
) -> Sequence[AssessmentSnapshotRow]:
    statement = select(AssessmentSnapshotRow).where(
        AssessmentSnapshotRow.organisation_id == organisation_id)
    if assessment_id is not None:
        statement = statement.where(AssessmentSnapshotRow.assessment_id == assessment_id)
    return session.exec(statement.order_by(col(AssessmentSnapshotRow.assessment_id),
                                           col(AssessmentSnapshotRow.sequence))).all()


def snapshot_ids(session: Session, *, organisation_id: str, assessment_id: str) -> list[str]:
    """An assessment's snapshot ids, oldest first: what a reader that keeps parsed snapshots
    (they never change once submitted) needs to read of the rows it already has."""
    return list(session.exec(select(AssessmentSnapshotRow.id).where(
        AssessmentSnapshotRow.organisation_id == organisation_id,
        AssessmentSnapshotRow.assessment_id == assessment_id).order_by(
        col(AssessmentSnapshotRow.sequence))).all())


def snapshots_by_id(session: Session, *, organisation_id: str, ids: Sequence[str]
                    ) -> Sequence[AssessmentSnapshotRow]:
    return session.exec(select(AssessmentSnapshotRow).where(
        AssessmentSnapshotRow.organisation_id == organisation_id,
        col(AssessmentSnapshotRow.id).in_(list(ids)))).all()


# --- mitigation actions ------------------------------------------------------------------------


def add_action(
    session: Session, *, organisation_id: str, row: MitigationActionRow
) -> MitigationActionRow:
    if row.organisation_id != organisation_id:
        raise ValueError("the action row belongs to another organisation")
    session.add(row)
    session.flush()
    return row


def get_action(session: Session, *, organisation_id: str, action_id: str) -> MitigationActionRow:
    return _get_tenant_row(session, MitigationActionRow, organisation_id=organisation_id,
                           object_id=action_id, what="mitigation action")


def list_actions(
    session: Session, *, organisation_id: str, assessment_id: str | None = None
) -> Sequence[MitigationActionRow]:
    statement = select(MitigationActionRow).where(
        MitigationActionRow.organisation_id == organisation_id)
    if assessment_id is not None:
        statement = statement.where(MitigationActionRow.assessment_id == assessment_id)
    return session.exec(statement.order_by(col(MitigationActionRow.due_date),
                                           col(MitigationActionRow.id))).all()


def update_action(
    session: Session, *, organisation_id: str, action_id: str, expected_version: int,
    values: dict[str, Any],
) -> MitigationActionRow:
    return _versioned_update(session, MitigationActionRow, organisation_id=organisation_id,
                             object_id=action_id, expected_version=expected_version,
                             values={**values, "updated_at": utc_now()}, what="mitigation action")


# --- gate decisions ----------------------------------------------------------------------------


def add_decision(
    session: Session, *, organisation_id: str, row: GateDecisionRow
) -> GateDecisionRow:
    if row.organisation_id != organisation_id:
        raise ValueError("the decision row belongs to another organisation")
    session.add(row)
    session.flush()
    return row


def list_decisions(
    session: Session, *, organisation_id: str, assessment_id: str | None = None
) -> Sequence[GateDecisionRow]:
    statement = select(GateDecisionRow).where(GateDecisionRow.organisation_id == organisation_id)
    if assessment_id is not None:
        statement = statement.where(GateDecisionRow.assessment_id == assessment_id)
    return session.exec(statement.order_by(col(GateDecisionRow.decided_at),
                                           col(GateDecisionRow.id))).all()


# --- audit (insert and read only: no function here updates or deletes an audit row) ------------


def add_audit_event(session: Session, *, row: AuditEventRow) -> AuditEventRow:
    session.add(row)
    session.flush()
    return row


def list_audit_events(
    session: Session, *, organisation_id: str | None, limit: int = 200, before_id: int | None = None,
    after_id: int | None = None, ascending: bool = False,
) -> Sequence[AuditEventRow]:
    """An organisation's events (None: the events that belong to no organisation, e.g. logins).

    Newest first, or oldest first with ``ascending``; ``before_id``/``after_id`` page through.
    """
    statement = select(AuditEventRow).where(
        col(AuditEventRow.organisation_id).is_(None) if organisation_id is None
        else col(AuditEventRow.organisation_id) == organisation_id)
    if before_id is not None:
        statement = statement.where(col(AuditEventRow.id) < before_id)
    if after_id is not None:
        statement = statement.where(col(AuditEventRow.id) > after_id)
    order = col(AuditEventRow.id) if ascending else col(AuditEventRow.id).desc()
    return session.exec(statement.order_by(order).limit(limit)).all()


def programme_data_version(
    session: Session, *, organisation_id: str, programme_id: str
) -> tuple[Any, ...]:
    """What a programme's plan and report are computed from, as a value that changes whenever
    any of it changes, in this process or another: the organisation's newest audit event (every
    change is audited in its own transaction, so training imports and snapshots move it too),
    and the versions of the organisation, the programme, its plan settings and its
    assessments (a safety net for a write that was not audited). Cheap: indexed reads of a few
    columns, no rows loaded."""
    newest_audit = session.execute(sa_select(func.max(col(AuditEventRow.id))).where(
        col(AuditEventRow.organisation_id) == organisation_id)).scalar()
    organisation = session.execute(sa_select(col(OrganisationRow.version)).where(
        col(OrganisationRow.id) == organisation_id)).first()
    programme = session.execute(sa_select(col(ProgrammeRow.version), col(ProgrammeRow.updated_at))
                                .where(col(ProgrammeRow.organisation_id) == organisation_id,
                                       col(ProgrammeRow.id) == programme_id)).first()
    settings = session.execute(sa_select(col(PlanSettingsRow.version)).where(
        col(PlanSettingsRow.organisation_id) == organisation_id,
        col(PlanSettingsRow.programme_id) == programme_id)).first()
    assessments = session.execute(sa_select(col(AssessmentRow.id), col(AssessmentRow.version))
                                  .where(col(AssessmentRow.organisation_id) == organisation_id,
                                         col(AssessmentRow.programme_id) == programme_id)
                                  .order_by(col(AssessmentRow.id))).all()
    return (newest_audit, tuple(organisation or ()), tuple(programme or ()),
            tuple(settings or ()), tuple(tuple(a) for a in assessments))
