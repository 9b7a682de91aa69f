"""What a page works on: the current organisation, its programme, draft assessment and snapshots.

Pages call these instead of repeating the same lookups. Everything is read from the database
through the services on every run (nothing tenant-specific is cached), so two users always see
the same saved state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import streamlit as st

from rollout.content.loader import Content
from rollout.errors import RolloutError
from rollout.escaping import escape_markdown_block
from rollout.permissions import Action, ObjectType, Role, allows
from rollout.services import (
    Actor,
    AssessmentRecord,
    Database,
    OrganisationRecord,
    ProgrammeRecord,
    SnapshotRecord,
    cached_snapshots,
    create_assessment,
    get_organisation,
    list_assessments,
    list_programmes,
    role_in,
)
from rollout.ui import state
from rollout.ui.bootstrap import database
from rollout.ui.content_cache import cached_content
from rollout.ui.translation import _

T = TypeVar("T")


@dataclass(frozen=True)
class Workspace:
    db: Database
    actor: Actor
    content: Content
    organisation: OrganisationRecord
    role: Role | None

    @property
    def organisation_id(self) -> str:
        return self.organisation.id

    def may(self, object_type: ObjectType, action: Action) -> bool:
        return allows(self.role, object_type, action)


def open_workspace() -> Workspace:
    """The signed-in user in the current organisation; stops the page if there is none."""
    db = database()
    actor = state.current_actor()
    organisation_id = state.current_organisation_id()
    if organisation_id is None:
        st.info(_("Choose or create an organisation first."))
        st.stop()
    organisation = run_or_stop(lambda: get_organisation(db, actor=actor,
                                                        organisation_id=organisation_id))
    role = role_in(db, actor=actor, organisation_id=organisation_id)
    return Workspace(db, actor, cached_content(), organisation, role)


def run_or_stop(call: Callable[[], T]) -> T:
    """Run a service call; on a RolloutError show its message and stop the page (no traceback)."""
    try:
        return call()
    except RolloutError as exc:
        st.error(escape_markdown_block(str(exc)))
        st.stop()


def choose_programme(ws: Workspace) -> ProgrammeRecord | None:
    programmes = run_or_stop(lambda: list_programmes(ws.db, actor=ws.actor,
                                                     organisation_id=ws.organisation_id))
    if not programmes:
        return None
    if len(programmes) == 1:
        return programmes[0]
    names = {p.id: p.name for p in programmes}
    chosen = st.selectbox(_("Programme"), list(names), format_func=names.__getitem__,
                          key="workspace_programme")
    return next(p for p in programmes if p.id == chosen)


def draft_assessment(ws: Workspace, programme: ProgrammeRecord, *,
                     create: bool = False) -> AssessmentRecord | None:
    """The programme's newest draft; with ``create``, start one when there is none."""
    drafts = run_or_stop(lambda: list_assessments(ws.db, actor=ws.actor,
                                                  organisation_id=ws.organisation_id,
                                                  programme_id=programme.id))
    if drafts:
        return max(drafts, key=lambda a: a.created_at)
    if not create:
        return None
    return run_or_stop(lambda: create_assessment(
        ws.db, actor=ws.actor, organisation_id=ws.organisation_id, programme_id=programme.id,
        name=_("{programme} readiness", programme=programme.name), content=ws.content))


def snapshots_of(ws: Workspace, assessment: AssessmentRecord) -> list[SnapshotRecord]:
    """Submitted snapshots, oldest first."""
    return run_or_stop(lambda: cached_snapshots(ws.db, actor=ws.actor,
                                                organisation_id=ws.organisation_id,
                                                assessment_id=assessment.id))


def snapshot_history(ws: Workspace) -> tuple[ProgrammeRecord | None, AssessmentRecord | None,
                                             list[SnapshotRecord]]:
    """The current programme, its draft, and the draft's submitted snapshots (oldest first)."""
    programme = choose_programme(ws)
    if programme is None:
        return None, None, []
    draft = draft_assessment(ws, programme)
    if draft is None:
        return programme, None, []
    return programme, draft, snapshots_of(ws, draft)


def latest_snapshot(ws: Workspace) -> tuple[ProgrammeRecord | None, AssessmentRecord | None,
                                            SnapshotRecord | None]:
    programme, draft, snapshots = snapshot_history(ws)
    return programme, draft, snapshots[-1] if snapshots else None
