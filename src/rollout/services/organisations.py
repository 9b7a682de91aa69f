"""Organisations and their members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session

from rollout.content.loader import Content
from rollout.domain.assessment import Organisation
from rollout.errors import N_, ConflictError, InputError, Message, NotFoundError
from rollout.permissions import MEMBERSHIP_ROLES, Action, ObjectType, Role, allows
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import (
    assessment_record,
    member_record,
    organisation_record,
    organisation_values,
    programme_record,
    snapshot_record,
)
from rollout.persistence.records import (
    ActionStatus,
    MemberRecord,
    OrganisationRecord,
    ProgrammeRecord,
    SnapshotRecord,
)
from rollout.persistence.tables import MembershipRow, OrganisationRow
from rollout.services.access import Actor, use_case
from rollout.services.accounts import normalise_email

if TYPE_CHECKING:
    # Only for annotations: importing the training service at load time would pull the planner
    # and the training importers into the sign-in path (tests/services/test_facade.py).
    from rollout.services.training import TrainingOverview


def create_organisation(db: Database, *, actor: Actor, profile: Organisation) -> OrganisationRecord:
    """Create an organisation (administrators)."""
    with use_case(db, actor) as uc:
        uc.authorise_global(ObjectType.ORGANISATION, Action.EDIT)
        if repo.find_organisation_by_name(uc.session, name=profile.name) is not None:
            raise ConflictError(f"an organisation named {profile.name!r} already exists; "
                                f"choose another name")
        row = repo.add_organisation(uc.session, row=OrganisationRow(**organisation_values(profile)))
        uc.audit("organisation.create", organisation_id=row.id,
                 object_type=ObjectType.ORGANISATION, object_id=row.id,
                 after=profile.model_dump(mode="json"))
        return organisation_record(row)


def update_organisation(
    db: Database, *, actor: Actor, organisation_id: str, profile: Organisation,
    expected_version: int,
) -> OrganisationRecord:
    """Change an organisation's profile (name, industry, strategy ...) if nobody saved it since
    ``expected_version`` (else ConflictError); a save that changes nothing writes nothing."""
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.ORGANISATION, Action.EDIT)
        row = repo.get_organisation(uc.session, organisation_id=organisation_id)
        current = organisation_record(row)
        if current.profile == profile:
            # Nothing changed: nothing is written, no version bump, no audit event (D16).
            return current
        before = current.profile.model_dump(mode="json")
        other = repo.find_organisation_by_name(uc.session, name=profile.name)
        if other is not None and other.id != organisation_id:
            raise ConflictError(f"an organisation named {profile.name!r} already exists; "
                                f"choose another name")
        row = repo.update_organisation(uc.session, organisation_id=organisation_id,
                                       expected_version=expected_version,
                                       values=organisation_values(profile))
        uc.audit("organisation.update", organisation_id=organisation_id,
                 object_type=ObjectType.ORGANISATION, object_id=organisation_id, before=before,
                 after=profile.model_dump(mode="json"))
        return organisation_record(row)


def get_organisation(db: Database, *, actor: Actor, organisation_id: str) -> OrganisationRecord:
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.ORGANISATION, Action.VIEW)
        return organisation_record(repo.get_organisation(uc.session,
                                                         organisation_id=organisation_id))


def list_organisations(db: Database, *, actor: Actor) -> list[OrganisationRecord]:
    """The organisations the actor may open: all for administrators, else their memberships."""
    return [organisation for organisation, _ in list_organisations_with_roles(db, actor=actor)]


def list_organisations_with_roles(
    db: Database, *, actor: Actor
) -> list[tuple[OrganisationRecord, Role]]:
    """Each organisation the actor may open with their role there, in one read (the sidebar
    needs both on every page run)."""
    with use_case(db, actor, write=False) as uc:
        uc.check_actor()
        if actor.is_admin:
            return [(organisation_record(r), Role.ADMIN)
                    for r in repo.list_organisations(uc.session)]
        assert actor.user_id is not None
        roles = {m.organisation_id: Role(m.role)
                 for m in repo.list_memberships_of_user(uc.session, user_id=actor.user_id)}
        rows = repo.list_organisations(uc.session, organisation_ids=list(roles))
        return [(organisation_record(r), roles[r.id]) for r in rows]


def find_organisation(db: Database, *, actor: Actor, reference: str) -> OrganisationRecord:
    """An organisation by id or exact name (the CLI's ORG argument)."""
    for organisation in list_organisations(db, actor=actor):
        if reference in (organisation.id, organisation.name):
            return organisation
    raise NotFoundError(Message(N_("no organisation with the id or name {reference}; "
                                   "`rollout org list` shows them"), reference=repr(reference)))


def role_in(db: Database, *, actor: Actor, organisation_id: str) -> Role | None:
    """The actor's role in an organisation (None: not a member), for the UI's navigation."""
    with use_case(db, actor, write=False) as uc:
        return uc.role_in(organisation_id)


def add_member(
    db: Database, *, actor: Actor, organisation_id: str, email: str, role: Role,
) -> MemberRecord:
    """Give an existing user a role in an organisation."""
    role = _membership_role(role)
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.MEMBERSHIP, Action.EDIT)
        user = repo.find_user_by_email(uc.session, email=normalise_email(email))
        if user is None:
            raise NotFoundError(Message(N_("no user with the e-mail {email}; create the account "
                                           "first (`rollout user add`)"),
                                        email=normalise_email(email)))
        if repo.get_membership(uc.session, organisation_id=organisation_id,
                               user_id=user.id) is not None:
            raise ConflictError(Message(N_("{email} is already a member; change their role "
                                           "instead"), email=user.email))
        membership = repo.add_membership(uc.session, row=MembershipRow(
            organisation_id=organisation_id, user_id=user.id, role=role.value))
        uc.audit("membership.add", organisation_id=organisation_id,
                 object_type=ObjectType.MEMBERSHIP, object_id=user.id,
                 after={"email": user.email, "role": role.value})
        return member_record(membership, user)


def change_member_role(
    db: Database, *, actor: Actor, organisation_id: str, user_id: str, role: Role,
) -> MemberRecord:
    """Change a member's role; their sessions end (their rights changed)."""
    role = _membership_role(role)
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.MEMBERSHIP, Action.EDIT)
        membership = repo.get_membership(uc.session, organisation_id=organisation_id,
                                         user_id=user_id)
        if membership is None:
            raise NotFoundError(f"no member with id {user_id!r} in this organisation")
        before = membership.role
        membership.role = role.value
        uc.session.add(membership)
        user = repo.get_user(uc.session, user_id=user_id)
        user = repo.update_user(uc.session, user_id=user_id,
                                values={"credentials_version": user.credentials_version + 1})
        uc.audit("membership.change_role", organisation_id=organisation_id,
                 object_type=ObjectType.MEMBERSHIP, object_id=user_id,
                 before={"email": user.email, "role": before},
                 after={"email": user.email, "role": role.value})
        return member_record(membership, user)


def remove_member(db: Database, *, actor: Actor, organisation_id: str, user_id: str) -> None:
    """Take a user out of an organisation; their sessions end."""
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.MEMBERSHIP, Action.EDIT)
        membership = repo.get_membership(uc.session, organisation_id=organisation_id,
                                         user_id=user_id)
        if membership is None:
            raise NotFoundError(f"no member with id {user_id!r} in this organisation")
        user = repo.get_user(uc.session, user_id=user_id)
        repo.remove_membership(uc.session, organisation_id=organisation_id, user_id=user_id)
        repo.update_user(uc.session, user_id=user_id,
                         values={"credentials_version": user.credentials_version + 1})
        uc.audit("membership.remove", organisation_id=organisation_id,
                 object_type=ObjectType.MEMBERSHIP, object_id=user_id,
                 before={"email": user.email, "role": membership.role})


def list_members(db: Database, *, actor: Actor, organisation_id: str) -> list[MemberRecord]:
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.MEMBERSHIP, Action.VIEW)
        return [member_record(m, u)
                for m, u in repo.list_members(uc.session, organisation_id=organisation_id)]


def _membership_role(role: Role | str) -> Role:
    try:
        value = Role(role)
    except ValueError:
        value = None
    if value not in MEMBERSHIP_ROLES:
        choices = ", ".join(r.value for r in MEMBERSHIP_ROLES)
        raise InputError("role", [("", f"{role!r} is not a membership role; use one of {choices} "
                                       f"(administrators are global, not members)")])
    assert value is not None
    return value


@dataclass(frozen=True)
class PortfolioSummary:
    """One organisation on the portfolio: the programme that goes live next (else the one that
    went live last), its newest submitted snapshot and the organisation's actions."""

    organisation: OrganisationRecord
    role: Role
    programme: ProgrammeRecord | None = None
    snapshot: SnapshotRecord | None = None
    open_actions: int | None = None
    overdue_actions: int | None = None
    unavailable: str | None = None  # why the actor's role may not read it, if it may not
    # The organisation's training against the focus programme's waves (None: no roster, the
    # role may not view training, or no content was given to plan with).
    training: TrainingOverview | None = None

    @property
    def training_pct(self) -> float | None:
        return self.training.figures.pct if self.training and self.training.has_data else None

    @property
    def waves_at_risk(self) -> int | None:
        """Waves whose gate forecast falls after their training deadline, or that have none."""
        if self.training is None or not self.training.has_data:
            return None
        # Imported here: the training metrics pull in the planner's calendar, which the
        # sign-in path must not load (tests/services/test_facade.py).
        from rollout.training.metrics import GateStatus

        at_risk = (GateStatus.AT_RISK, GateStatus.NO_FORECAST)
        return sum(f.status in at_risk for f in self.training.figures.forecasts)


_STILL_OPEN = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)


def portfolio_summaries(db: Database, *, actor: Actor, today: dt.date,
                        content: Content | None = None) -> list[PortfolioSummary]:
    """Every organisation the actor may open, summarised, in one read transaction (a few
    queries per organisation, not one per assessment). With ``content``, each organisation's
    training completion against its focus programme's planned waves too."""
    summaries = []
    with use_case(db, actor, write=False) as uc:
        uc.check_actor()
        if actor.is_admin:
            pairs = [(organisation_record(r), Role.ADMIN)
                     for r in repo.list_organisations(uc.session)]
        else:
            assert actor.user_id is not None
            roles = {m.organisation_id: Role(m.role)
                     for m in repo.list_memberships_of_user(uc.session, user_id=actor.user_id)}
            pairs = [(organisation_record(r), roles[r.id])
                     for r in repo.list_organisations(uc.session, organisation_ids=list(roles))]
        for organisation, role in pairs:
            summaries.append(_summary(uc.session, organisation, role, today, content))
    return summaries


def _summary(session: Session, organisation: OrganisationRecord, role: Role, today: dt.date,
             content: Content | None = None) -> PortfolioSummary:
    refused = [t.value.replace("_", " ") for t in (ObjectType.PROGRAMME, ObjectType.ASSESSMENT,
                                                   ObjectType.MITIGATION_ACTION)
               if not allows(role, t, Action.VIEW)]
    if refused:
        return PortfolioSummary(organisation, role, unavailable=f"your role ({role.value}) may "
                                f"not view {', '.join(refused)} here")
    org_id = organisation.id
    actions = repo.list_actions(session, organisation_id=org_id)
    open_actions = [a for a in actions if a.status in _STILL_OPEN]
    opened, overdue = len(open_actions), sum(a.due_date < today for a in open_actions)
    rows = repo.list_programmes(session, organisation_id=org_id)
    upcoming = [r for r in rows if r.target_go_live >= today]
    focus = (min(upcoming, key=lambda r: r.target_go_live) if upcoming
             else max(rows, key=lambda r: r.target_go_live, default=None))
    if focus is None:
        return PortfolioSummary(organisation, role, open_actions=opened, overdue_actions=overdue)
    programme = programme_record(*repo.get_programme(session, organisation_id=org_id,
                                                     programme_id=focus.id))
    assessment_ids = {a.id for a in repo.list_assessments(session, organisation_id=org_id,
                                                          programme_id=focus.id)}
    snapshots = [s for s in repo.list_snapshots(session, organisation_id=org_id)
                 if s.assessment_id in assessment_ids]
    newest = max(snapshots, key=lambda s: s.submitted_at, default=None)
    training = None
    if content is not None and allows(role, ObjectType.TRAINING, Action.VIEW):
        training = _training(session, organisation, programme, content, today)
    return PortfolioSummary(organisation, role, programme=programme,
                            snapshot=snapshot_record(newest) if newest is not None else None,
                            open_actions=opened, overdue_actions=overdue, training=training)


def _training(session: Session, organisation: OrganisationRecord, programme: ProgrammeRecord,
              content: Content, today: dt.date) -> TrainingOverview | None:
    """The organisation's own training figures (every query scoped to it) against its focus
    programme's waves, planned from its newest draft's answers."""
    from rollout.services.plans import programme_assessment, stored_overview

    drafts = repo.list_assessments(session, organisation_id=organisation.id,
                                   programme_id=programme.id)
    newest = max(drafts, key=lambda a: a.created_at, default=None)
    assessment = programme_assessment(organisation.profile, programme,
                                      assessment_record(newest) if newest else None, content)
    return stored_overview(session, organisation_id=organisation.id, record=programme,
                           assessment=assessment, content=content, today=today)
