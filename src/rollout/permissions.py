"""The permission matrix: which role may view, edit, approve or export which kind of object.

This is the only place that decides. The services ask :func:`allows` before every use case, and
the UI asks it to decide what to show; nothing else checks roles.

Roles come from a user's membership of an organisation (a consultant may belong to many). The
global admin acts as :attr:`Role.ADMIN` in every organisation. A user who is not a member of an
organisation has no role there: its objects do not exist for them (they get "not found", exactly
as for a missing id), whatever this matrix says.

Deliberate choices, so they are not "fixed" by accident:

* Only executives approve gates. Admins run the installation; they do not sign go-lives.
* Nobody edits audit events, not even admins: the log is append-only.
* Exporting a whole organisation carries its audit log, so it needs the right to see the log.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Role(StrEnum):
    ADMIN = "admin"  # global: not a membership role
    PROJECT_OWNER = "project_owner"
    EXECUTIVE = "executive"
    TRAINER = "trainer"
    CONSULTANT = "consultant"


MEMBERSHIP_ROLES: tuple[Role, ...] = (
    Role.PROJECT_OWNER, Role.EXECUTIVE, Role.TRAINER, Role.CONSULTANT)


class ObjectType(StrEnum):
    ORGANISATION = "organisation"
    MEMBERSHIP = "membership"
    PROGRAMME = "programme"
    ASSESSMENT = "assessment"  # drafts, submitted snapshots and their reports
    MITIGATION_ACTION = "mitigation_action"
    GATE_DECISION = "gate_decision"
    AUDIT_EVENT = "audit_event"
    # Courses, the roster, sessions, completions and adoption figures (issue 14). The roster is
    # personal data: exporting it is a right of its own, like every export.
    TRAINING = "training"
    USER = "user"  # accounts are global: only the admin role applies


class Action(StrEnum):
    VIEW = "view"
    EDIT = "edit"  # create, change, submit
    APPROVE = "approve"  # sign a gate decision
    EXPORT = "export"  # take data out of Rollout (files, reports, organisation export)


V, E, A, X = Action.VIEW, Action.EDIT, Action.APPROVE, Action.EXPORT
O = ObjectType  # noqa: E741  (short alias keeps the matrix readable as a table)

_GRANTS: dict[Role, dict[ObjectType, set[Action]]] = {
    Role.ADMIN: {
        O.ORGANISATION: {V, E, X}, O.MEMBERSHIP: {V, E}, O.PROGRAMME: {V, E, X},
        O.ASSESSMENT: {V, E, X}, O.MITIGATION_ACTION: {V, E, X}, O.GATE_DECISION: {V, X},
        O.AUDIT_EVENT: {V, X}, O.TRAINING: {V, E, X}, O.USER: {V, E},
    },
    Role.PROJECT_OWNER: {
        O.ORGANISATION: {V, E}, O.MEMBERSHIP: {V}, O.PROGRAMME: {V, E, X},
        O.ASSESSMENT: {V, E, X}, O.MITIGATION_ACTION: {V, E, X}, O.GATE_DECISION: {V, X},
        O.TRAINING: {V, E, X},
    },
    Role.EXECUTIVE: {
        O.ORGANISATION: {V, X}, O.MEMBERSHIP: {V}, O.PROGRAMME: {V, X},
        O.ASSESSMENT: {V, X}, O.MITIGATION_ACTION: {V, X}, O.GATE_DECISION: {V, A, X},
        O.AUDIT_EVENT: {V, X}, O.TRAINING: {V, X},
    },
    Role.TRAINER: {
        O.ORGANISATION: {V}, O.PROGRAMME: {V}, O.ASSESSMENT: {V},
        O.MITIGATION_ACTION: {V, E}, O.GATE_DECISION: {V}, O.TRAINING: {V, E, X},
    },
    Role.CONSULTANT: {
        O.ORGANISATION: {V, E}, O.MEMBERSHIP: {V}, O.PROGRAMME: {V, E, X},
        O.ASSESSMENT: {V, E, X}, O.MITIGATION_ACTION: {V, E, X}, O.GATE_DECISION: {V, X},
        O.TRAINING: {V, E, X},
    },
}

MATRIX: Mapping[Role, Mapping[ObjectType, frozenset[Action]]] = MappingProxyType({
    role: MappingProxyType({
        object_type: frozenset(grants.get(object_type, ())) for object_type in ObjectType
    })
    for role, grants in _GRANTS.items()
})


def allows(role: Role | None, object_type: ObjectType, action: Action) -> bool:
    """Whether ``role`` may do ``action`` on objects of ``object_type`` (None: no role, never)."""
    if role is None:
        return False
    return action in MATRIX[role][object_type]


def effective_role(*, is_admin: bool, membership_role: Role | None) -> Role | None:
    """The role a user acts with in one organisation: admin everywhere, else their membership."""
    return Role.ADMIN if is_admin else membership_role
