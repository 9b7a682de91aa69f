"""Who is acting, what they may do here, and the transaction every use case runs in.

Every use case follows the same shape::

    with use_case(db, actor) as uc:
        role = uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.EDIT)
        ... read, check, write through the repositories ...
        uc.audit("assessment.save_draft", ...)        # same transaction as the change

A refusal is audited too, but in its own transaction after the use case's one is rolled back
(SQLite has one writer at a time, so it cannot be written while the first is still open).
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from rollout.errors import N_, AuthenticationError, Message, NotFoundError, PermissionDenied, RolloutError
from rollout.permissions import Action, ObjectType, Role, allows, effective_role
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.tables import AuditEventRow, OrganisationRow

SESSION_ENDED = Message(N_("your session has ended (your account or role changed); log in "
                           "again"))


@dataclass(frozen=True)
class Actor:
    """The user a use case runs for, as the UI keeps it in its session.

    ``credentials_version`` is the user's number at login: when it no longer matches the stored
    one (the user was disabled, or their password or role changed), the session is over.
    """

    user_id: str | None
    email: str
    is_admin: bool
    credentials_version: int | None
    # Only Actor.command_line() sets this; an actor without a user id is otherwise refused.
    system: bool = False
    # The account's own choices (None: not chosen; the server's default applies), read with the
    # account on every page run so a choice made in one tab reaches the others.
    language: str | None = None
    digits: str | None = None

    @classmethod
    def command_line(cls) -> Actor:
        """The operator at the command line: full rights, audited as ``cli:<OS user>``."""
        try:
            who = getpass.getuser()
        except (OSError, KeyError):
            who = "unknown"
        return cls(user_id=None, email=f"cli:{who}", is_admin=True, credentials_version=None,
                   system=True)

    @property
    def is_system(self) -> bool:
        return self.system


class _Refused(Exception):
    """Raised inside a use case; converted to the public error after the refusal is audited."""

    def __init__(self, error: RolloutError, event: AuditEventRow) -> None:
        super().__init__(str(error))
        self.error = error
        self.event = event


@dataclass
class UseCase:
    """One use case's transaction, with the acting user's checks and audit attached."""

    session: Session
    actor: Actor

    def check_actor(self) -> None:
        """Refuse a disabled user or a stale session, whatever the UI believes."""
        if not self.actor.is_system:
            self._checked(repo.access_facts(self.session, user_id=self._user_id(),
                                            organisation_id=None))

    def _user_id(self) -> str:
        if self.actor.user_id is None:
            raise AuthenticationError(SESSION_ENDED)
        return self.actor.user_id

    def _checked(self, facts: repo.AccessFacts) -> repo.AccessFacts:
        if (not facts.user_found or not facts.is_active
                or facts.credentials_version != self.actor.credentials_version
                or facts.is_admin != self.actor.is_admin):
            raise AuthenticationError(SESSION_ENDED)
        return facts

    def role_in(self, organisation_id: str) -> Role | None:
        """The actor's role in an organisation; None if it does not exist or they are no member.

        One query: the session check, the organisation and the membership together.
        """
        if self.actor.is_system:
            exists = self.session.get(OrganisationRow, organisation_id) is not None
            return Role.ADMIN if exists else None
        facts = self._checked(repo.access_facts(self.session, user_id=self._user_id(),
                                                organisation_id=organisation_id))
        if not facts.organisation_found:
            return None
        membership_role = Role(facts.membership_role) if facts.membership_role else None
        return effective_role(is_admin=facts.is_admin, membership_role=membership_role)

    def authorise(self, organisation_id: str, object_type: ObjectType, action: Action,
                  *, object_id: str | None = None) -> Role:
        """The actor's role in the organisation, if it allows ``action``; else refuse.

        A non-member gets NotFoundError, worded exactly as for an organisation that does not
        exist; a member whose role does not allow the action gets PermissionDenied.
        """
        role = self.role_in(organisation_id)
        if role is None:
            raise self._refuse(
                NotFoundError(Message(N_("no organisation with id {id}"),
                                      id=repr(organisation_id))),
                organisation_id=None, object_type=object_type, action=action,
                object_id=object_id or organisation_id, reason="not a member")
        if not allows(role, object_type, action):
            raise self._refuse(
                PermissionDenied(Message(
                    N_("your role ({role}) may not {action} {objects} in this organisation; ask "
                       "an administrator if you need to"), role=role.value, action=action.value,
                    objects=_plural(object_type))),
                organisation_id=organisation_id, object_type=object_type, action=action,
                object_id=object_id, reason=f"role {role.value}")
        return role

    def authorise_global(self, object_type: ObjectType, action: Action) -> Role:
        """For objects outside any organisation (accounts, creating organisations): admins only."""
        self.check_actor()
        role = Role.ADMIN if self.actor.is_admin else None
        if not allows(role, object_type, action):
            raise self._refuse(
                PermissionDenied(Message(N_("only an administrator may {action} {objects}"),
                                         action=action.value, objects=_plural(object_type))),
                organisation_id=None, object_type=object_type, action=action, object_id=None,
                reason="not an administrator")
        assert role is not None
        return role

    def audit(
        self, action: str, *, organisation_id: str | None, object_type: ObjectType | str,
        object_id: str | None = None, before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None, outcome: str = "ok",
    ) -> None:
        repo.add_audit_event(self.session, row=audit_row(
            self.actor, action, organisation_id=organisation_id, object_type=object_type,
            object_id=object_id, before=before, after=after, outcome=outcome))

    def _refuse(
        self, error: RolloutError, *, organisation_id: str | None, object_type: ObjectType,
        action: Action, object_id: str | None, reason: str,
    ) -> _Refused:
        event = audit_row(
            self.actor, "access.refused", organisation_id=organisation_id,
            object_type=object_type, object_id=object_id, outcome="refused",
            after={"action": action.value, "reason": reason})
        return _Refused(error, event)


def audit_row(
    actor: Actor, action: str, *, organisation_id: str | None, object_type: ObjectType | str,
    object_id: str | None = None, before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None, outcome: str = "ok",
) -> AuditEventRow:
    return AuditEventRow(
        organisation_id=organisation_id, actor_user_id=actor.user_id, actor=actor.email,
        action=action, object_type=str(object_type), object_id=object_id, outcome=outcome,
        before=before, after=after)


@contextmanager
def use_case(db: Database, actor: Actor, *, write: bool = True) -> Iterator[UseCase]:
    """A transaction for one use case; refusals are audited, then raised.

    ``write=False`` for use cases that only read (and audit nothing on success): on SQLite they
    then never wait for, or hold up, a writer.
    """
    try:
        with db.transaction() if write else db.reading() as session:
            yield UseCase(session=session, actor=actor)
    except _Refused as refusal:
        with db.transaction() as session:
            repo.add_audit_event(session, row=refusal.event)
        raise refusal.error from None


def _plural(object_type: ObjectType) -> str:
    return {
        ObjectType.ORGANISATION: "organisations", ObjectType.MEMBERSHIP: "members",
        ObjectType.PROGRAMME: "programmes", ObjectType.ASSESSMENT: "assessments",
        ObjectType.MITIGATION_ACTION: "mitigation actions",
        ObjectType.GATE_DECISION: "gate decisions", ObjectType.AUDIT_EVENT: "the audit log",
        ObjectType.TRAINING: "training records",
        ObjectType.USER: "user accounts",
    }[object_type]
