"""Submitted snapshots parsed once per process (issue 16).

A snapshot never changes once submitted, and the dashboard shows every snapshot of the
assessment (its trend): parsing twenty of them, their answers and full risk reports, was half
the dashboard's server time on every rerun. Access is checked and the ids are read on every
call, so a snapshot submitted through another server process is seen at once; only the rows
not yet kept are read in full. The key holds the database and the organisation, so tenant data
is never shared under a common key; kept records are frozen models, shared by callers.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import snapshot_record
from rollout.persistence.records import SnapshotRecord
from rollout.services.access import Actor, use_case

MAX_SNAPSHOTS = 256  # a snapshot with its report is tens of KB
_lock = threading.Lock()
_snapshots: OrderedDict[tuple[str, str, str], SnapshotRecord] = OrderedDict()


def cached_snapshots(db: Database, *, actor: Actor, organisation_id: str, assessment_id: str
                     ) -> list[SnapshotRecord]:
    """:func:`rollout.services.assessments.list_snapshots`, each snapshot parsed once per
    process."""
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.VIEW, object_id=assessment_id)
        repo.get_assessment(uc.session, organisation_id=organisation_id,
                            assessment_id=assessment_id)
        ids = repo.snapshot_ids(uc.session, organisation_id=organisation_id,
                                assessment_id=assessment_id)
        with _lock:
            kept = {i: _snapshots[(db.url, organisation_id, i)] for i in ids
                    if (db.url, organisation_id, i) in _snapshots}
        missing = [i for i in ids if i not in kept]
        read = {r.id: snapshot_record(r) for r in repo.snapshots_by_id(
            uc.session, organisation_id=organisation_id, ids=missing)} if missing else {}
    with _lock:
        for snapshot_id, record in read.items():
            _snapshots[(db.url, organisation_id, snapshot_id)] = record
        for snapshot_id in ids:
            key = (db.url, organisation_id, snapshot_id)
            if key in _snapshots:
                _snapshots.move_to_end(key)
        while len(_snapshots) > MAX_SNAPSHOTS:
            _snapshots.popitem(last=False)
    return [kept.get(i) or read[i] for i in ids]


def forget_snapshots() -> None:
    with _lock:
        _snapshots.clear()
