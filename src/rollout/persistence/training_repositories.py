"""Reading and writing training rows: courses, trainees, sessions, enrolments, completions,
exemptions, adoption weeks and remembered import mappings.

The conventions of :mod:`rollout.persistence.repositories` hold: the session first, the rest
keyword-only; every query scoped by ``organisation_id``, so another organisation's id behaves
as a missing one; sessions are versioned (optimistic locking). Imports write through the bulk
functions (one multi-row INSERT per batch), which is what keeps a 100,000-row roster quick.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, true, update
from sqlalchemy import select as sa_select  # sqlmodel's select stops at four columns
from sqlmodel import Session, col, select

from rollout.persistence.repositories import _get_tenant_row, _versioned_update
from rollout.persistence.tables import (
    AdoptionWeekRow,
    ImportMappingRow,
    TraineeRow,
    TrainingCompletionRow,
    TrainingCourseRow,
    TrainingEnrolmentRow,
    TrainingExemptionRow,
    TrainingSessionRow,
    new_id,
    utc_now,
)

BATCH_ROWS = 5_000


# --- courses -----------------------------------------------------------------------------------


def list_courses(session: Session, *, organisation_id: str) -> Sequence[TrainingCourseRow]:
    return session.exec(select(TrainingCourseRow).where(
        col(TrainingCourseRow.organisation_id) == organisation_id).order_by(
        col(TrainingCourseRow.code))).all()


def get_course(session: Session, *, organisation_id: str, course_id: str) -> TrainingCourseRow:
    return _get_tenant_row(session, TrainingCourseRow, organisation_id=organisation_id,
                           object_id=course_id, what="course")


def add_course(session: Session, *, organisation_id: str, row: TrainingCourseRow
               ) -> TrainingCourseRow:
    assert row.organisation_id == organisation_id
    session.add(row)
    session.flush()
    return row


# --- trainees ----------------------------------------------------------------------------------


def list_trainees(session: Session, *, organisation_id: str) -> Sequence[TraineeRow]:
    return session.exec(select(TraineeRow).where(
        col(TraineeRow.organisation_id) == organisation_id).order_by(
        col(TraineeRow.unit), col(TraineeRow.employee_id))).all()


TRAINEE_FIELDS = ("id", "employee_id", "name", "email", "unit", "job_role", "language",
                  "super_user")


def trainee_values(session: Session, *, organisation_id: str) -> list[dict[str, Any]]:
    """Every trainee's :data:`TRAINEE_FIELDS`, ordered as :func:`list_trainees`: plain values
    for the training figures, which read 20,000 of them (ORM objects cost ten times more)."""
    table = TraineeRow.__table__  # type: ignore[attr-defined]
    rows = session.execute(sa_select(*(table.c[name] for name in TRAINEE_FIELDS)).where(
        table.c.organisation_id == organisation_id).order_by(table.c.unit, table.c.employee_id))
    return [dict(zip(TRAINEE_FIELDS, r, strict=True)) for r in rows]


def trainee_keys(session: Session, *, organisation_id: str) -> list[tuple[str, str, str | None]]:
    """(id, employee id, e-mail) of every trainee: what imports match rows against."""
    rows = session.execute(
        sa_select(col(TraineeRow.id), col(TraineeRow.employee_id), col(TraineeRow.email))
        .where(col(TraineeRow.organisation_id) == organisation_id))
    return [(r[0], r[1], r[2]) for r in rows]


def new_ids(count: int) -> list[str]:
    """``count`` new ids of 32 hex digits, like :func:`new_id`, that sort in the order given:
    a random 80-bit prefix for the batch, then a 48-bit counter. Rows inserted in that order
    go to the end of the primary-key index rather than to a random page each (random ids
    made SQLite's share of a 100,000-row roster twice as long); the prefix keeps batches
    apart as uuid4's randomness keeps single ids apart."""
    prefix = os.urandom(10).hex()
    return [f"{prefix}{i:012x}" for i in range(count)]


def _bulk_insert(session: Session, table: Any, *, constants: dict[str, Any],
                 columns: dict[str, list[Any]]) -> None:
    """INSERT rows given column by column (``columns``: column -> one value per row, every
    list as long) plus ``constants`` (the same for every row) with the driver's executemany,
    in batches, inside the session's transaction.

    The statement is compiled once for the connection's dialect and every value goes through
    the column type's own bind processor, as SQLAlchemy would do, but the constants (the
    organisation, the timestamps) are processed once rather than once per row, and no
    per-row parameter compilation happens: for a 100,000-row roster that overhead was larger
    than SQLite's own work."""
    count = len(next(iter(columns.values()), []))
    if not count:
        return
    connection = session.connection()
    dialect = connection.dialect
    varying = list(columns)
    compiled = insert(table).compile(dialect=dialect, column_keys=[*varying, *constants])

    def processor(key: str) -> Any:
        return table.c[key].type.dialect_impl(dialect).bind_processor(dialect)

    fixed = {k: (p(v) if (p := processor(k)) else v) for k, v in constants.items()}
    processed: dict[str, list[Any]] = {}
    for k in varying:
        convert = processor(k)
        processed[k] = columns[k] if convert is None else list(map(convert, columns[k]))
    keys = list(compiled.positiontup or []) if compiled.positional else [*varying, *constants]
    # One list per column zipped into the driver's rows (tuples for a positional dialect,
    # dicts for a named one): no Python statement per row.
    for start in range(0, count, BATCH_ROWS):
        size = min(BATCH_ROWS, count - start)
        batch = [itertools.repeat(fixed[k], size) if k in fixed else
                 processed[k][start:start + size] for k in keys]
        params: list[Any] = list(zip(*batch, strict=False)) if compiled.positional else [
            dict(zip(keys, values, strict=True)) for values in zip(*batch, strict=False)]
        connection.exec_driver_sql(compiled.string, params)


def insert_trainees(session: Session, *, organisation_id: str, values: list[dict[str, Any]]
                    ) -> int:
    """Add new trainees (dicts of roster fields; each dict is given its new ``id``)."""
    if not values:
        return 0
    ids = insert_trainee_columns(session, organisation_id=organisation_id, columns={
        k: [row[k] for row in values] for k in values[0]})
    for row, row_id in zip(values, ids, strict=True):
        row["id"] = row_id
    return len(values)


def insert_trainee_columns(session: Session, *, organisation_id: str,
                           columns: dict[str, list[Any]]) -> list[str]:
    """Add new trainees given column by column (roster field -> one value per person, every
    list as long); returns their new ids in the same order."""
    count = len(next(iter(columns.values()), []))
    ids = new_ids(count)
    now = utc_now()
    _bulk_insert(session, TraineeRow.__table__,  # type: ignore[attr-defined]
                 constants={"organisation_id": organisation_id, "created_at": now,
                            "updated_at": now}, columns={"id": ids, **columns})
    return ids


def update_trainees(session: Session, *, organisation_id: str, values: list[dict[str, Any]]
                    ) -> int:
    """Replace roster fields of existing trainees; each dict carries the row's ``id``."""
    if not values:
        return 0
    fields = [k for k in values[0] if k != "id"]
    statement = (update(TraineeRow.__table__)  # type: ignore[attr-defined]
                 .where(TraineeRow.__table__.c.id == bindparam("row_id"),  # type: ignore[attr-defined]
                        TraineeRow.__table__.c.organisation_id == organisation_id)  # type: ignore[attr-defined]
                 .values({f: bindparam(f) for f in fields} | {"updated_at": utc_now()}))
    for start in range(0, len(values), BATCH_ROWS):
        session.execute(statement, [{**{k: v for k, v in row.items() if k != "id"},
                                     "row_id": row["id"]}
                                    for row in values[start:start + BATCH_ROWS]])
    return len(values)


def count_trainees(session: Session, *, organisation_id: str) -> int:
    return len(trainee_keys(session, organisation_id=organisation_id))


# --- sessions and enrolments -------------------------------------------------------------------


def list_sessions(session: Session, *, organisation_id: str) -> Sequence[TrainingSessionRow]:
    return session.exec(select(TrainingSessionRow).where(
        col(TrainingSessionRow.organisation_id) == organisation_id).order_by(
        col(TrainingSessionRow.starts_at))).all()


def get_session(session: Session, *, organisation_id: str, session_id: str) -> TrainingSessionRow:
    return _get_tenant_row(session, TrainingSessionRow, organisation_id=organisation_id,
                           object_id=session_id, what="training session")


def add_session(session: Session, *, organisation_id: str, row: TrainingSessionRow
                ) -> TrainingSessionRow:
    assert row.organisation_id == organisation_id
    session.add(row)
    session.flush()
    return row


def update_session(session: Session, *, organisation_id: str, session_id: str,
                   expected_version: int, values: dict[str, Any]) -> TrainingSessionRow:
    return _versioned_update(session, TrainingSessionRow, organisation_id=organisation_id,
                             object_id=session_id, expected_version=expected_version,
                             values={**values, "updated_at": utc_now()}, what="training session")


def list_enrolments(session: Session, *, organisation_id: str, session_id: str | None = None
                    ) -> Sequence[TrainingEnrolmentRow]:
    query = select(TrainingEnrolmentRow).where(
        col(TrainingEnrolmentRow.organisation_id) == organisation_id)
    if session_id is not None:
        query = query.where(col(TrainingEnrolmentRow.session_id) == session_id)
    return session.exec(query).all()


def add_enrolments(session: Session, *, organisation_id: str, session_id: str,
                   trainee_ids: Collection[str]) -> int:
    if trainee_ids:
        session.execute(insert(TrainingEnrolmentRow), [
            {"id": new_id(), "organisation_id": organisation_id, "session_id": session_id,
             "trainee_id": trainee_id, "attended": None} for trainee_id in trainee_ids])
    return len(trainee_ids)


def remove_enrolments(session: Session, *, organisation_id: str, session_id: str,
                      trainee_ids: Collection[str]) -> None:
    session.execute(delete(TrainingEnrolmentRow).where(
        col(TrainingEnrolmentRow.organisation_id) == organisation_id,
        col(TrainingEnrolmentRow.session_id) == session_id,
        col(TrainingEnrolmentRow.trainee_id).in_(list(trainee_ids))))


def set_attendance(session: Session, *, organisation_id: str, session_id: str,
                   trainee_ids: Collection[str], attended: bool) -> None:
    session.execute(update(TrainingEnrolmentRow).where(
        col(TrainingEnrolmentRow.organisation_id) == organisation_id,
        col(TrainingEnrolmentRow.session_id) == session_id,
        col(TrainingEnrolmentRow.trainee_id).in_(list(trainee_ids))).values(attended=attended)
        .execution_options(synchronize_session=False))


# --- completions, exemptions -------------------------------------------------------------------


def list_completions(session: Session, *, organisation_id: str
                     ) -> Sequence[TrainingCompletionRow]:
    return session.exec(select(TrainingCompletionRow).where(
        col(TrainingCompletionRow.organisation_id) == organisation_id)).all()


def first_passes(session: Session, *, organisation_id: str
                 ) -> list[tuple[str, str, dt.date]]:
    """(trainee id, course id, first day passed) for every trainee and course with a passing
    completion: all the training figures read of the completions. The database aggregates them,
    since loading 200,000 completion rows as objects took most of a minute (issue 16)."""
    completed_on = col(TrainingCompletionRow.completed_on)
    rows = session.execute(sa_select(col(TrainingCompletionRow.trainee_id),
                                     col(TrainingCompletionRow.course_id),
                                     func.min(completed_on)).where(
        col(TrainingCompletionRow.organisation_id) == organisation_id,
        col(TrainingCompletionRow.passed) == true()).group_by(
        col(TrainingCompletionRow.trainee_id), col(TrainingCompletionRow.course_id)))
    return [(r[0], r[1], r[2]) for r in rows]


def completion_keys(session: Session, *, organisation_id: str
                    ) -> set[tuple[str, str, dt.date]]:
    rows = session.execute(sa_select(col(TrainingCompletionRow.trainee_id),
                                     col(TrainingCompletionRow.course_id),
                                     col(TrainingCompletionRow.completed_on)).where(
        col(TrainingCompletionRow.organisation_id) == organisation_id))
    return {(r[0], r[1], r[2]) for r in rows}


def insert_completions(session: Session, *, organisation_id: str, values: list[dict[str, Any]]
                       ) -> int:
    if not values:
        return 0
    _bulk_insert(session, TrainingCompletionRow.__table__,  # type: ignore[attr-defined]
                 constants={"organisation_id": organisation_id, "created_at": utc_now()},
                 columns={"id": new_ids(len(values)),
                          **{k: [row[k] for row in values] for k in values[0]}})
    return len(values)


def list_exemptions(session: Session, *, organisation_id: str) -> Sequence[TrainingExemptionRow]:
    return session.exec(select(TrainingExemptionRow).where(
        col(TrainingExemptionRow.organisation_id) == organisation_id)).all()


def add_exemption(session: Session, *, organisation_id: str, row: TrainingExemptionRow
                  ) -> TrainingExemptionRow:
    assert row.organisation_id == organisation_id
    session.add(row)
    session.flush()
    return row


# --- adoption, mappings ------------------------------------------------------------------------


def list_adoption_weeks(session: Session, *, organisation_id: str) -> Sequence[AdoptionWeekRow]:
    return session.exec(select(AdoptionWeekRow).where(
        col(AdoptionWeekRow.organisation_id) == organisation_id).order_by(
        col(AdoptionWeekRow.week_start), col(AdoptionWeekRow.unit))).all()


def replace_adoption_weeks(session: Session, *, organisation_id: str,
                           values: list[dict[str, Any]]) -> int:
    """Store weekly counts; a unit's week given again replaces the one stored."""
    for v in values:
        session.execute(delete(AdoptionWeekRow).where(
            col(AdoptionWeekRow.organisation_id) == organisation_id,
            col(AdoptionWeekRow.unit) == v["unit"],
            col(AdoptionWeekRow.week_start) == v["week_start"]))
    now = utc_now()
    if values:
        session.execute(insert(AdoptionWeekRow), [
            {**v, "id": new_id(), "organisation_id": organisation_id, "created_at": now}
            for v in values])
    return len(values)


def get_import_mapping(session: Session, *, organisation_id: str, kind: str
                       ) -> ImportMappingRow | None:
    return session.exec(select(ImportMappingRow).where(
        col(ImportMappingRow.organisation_id) == organisation_id,
        col(ImportMappingRow.kind) == kind)).first()


def save_import_mapping(session: Session, *, organisation_id: str, kind: str,
                        mapping: dict[str, str], updated_by: str) -> None:
    row = get_import_mapping(session, organisation_id=organisation_id, kind=kind)
    if row is None:
        session.add(ImportMappingRow(organisation_id=organisation_id, kind=kind, mapping=mapping,
                                     updated_by=updated_by))
    else:
        row.mapping = dict(mapping)
        row.updated_by = updated_by
        row.updated_at = utc_now()
        session.add(row)
    session.flush()


def list_import_mappings(session: Session, *, organisation_id: str
                         ) -> Sequence[ImportMappingRow]:
    return session.exec(select(ImportMappingRow).where(
        col(ImportMappingRow.organisation_id) == organisation_id).order_by(
        col(ImportMappingRow.kind))).all()


# Tables an organisation import fills, in an order that satisfies their foreign keys.
TRANSFER_TABLES: dict[str, Any] = {
    "courses": TrainingCourseRow, "trainees": TraineeRow, "sessions": TrainingSessionRow,
    "enrolments": TrainingEnrolmentRow, "completions": TrainingCompletionRow,
    "exemptions": TrainingExemptionRow, "adoption_weeks": AdoptionWeekRow,
    "import_mappings": ImportMappingRow,
}


def insert_transferred(session: Session, *, organisation_id: str, table: str,
                       values: list[dict[str, Any]]) -> int:
    """Insert complete rows (ids and times as exported) of one of :data:`TRANSFER_TABLES`
    into ``organisation_id``, in Core executemany batches: an organisation with a large roster
    imports without building an ORM object per row."""
    target = TRANSFER_TABLES[table].__table__
    for start in range(0, len(values), BATCH_ROWS):
        session.execute(insert(target), [{**v, "organisation_id": organisation_id}
                                         for v in values[start:start + BATCH_ROWS]])
    return len(values)
