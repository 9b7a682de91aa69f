"""Training sessions: book them with a capacity, enrol people, and mark attendance and
completion for a whole session at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from rollout.errors import RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.i18n.dates import format_date
from rollout.permissions import Action, ObjectType
from rollout.services import (
    TrainingSessionRecord,
    create_training_session,
    enrol_trainees,
    list_courses,
    list_trainees,
    list_training_sessions,
    record_attendance,
    training_session_from,
)
from rollout.ui import state
from rollout.ui.translation import _
from rollout.ui.workspace import open_workspace, run_or_stop

ws = open_workspace()
lang = state.current_language()
st.title(_("Training sessions"))
st.caption(_("{organisation} · times are in UTC.",
             organisation=escape_markdown(ws.organisation.name)))
state.show_flash()
sessions = run_or_stop(lambda: list_training_sessions(ws.db, actor=ws.actor,
                                                      organisation_id=ws.organisation_id))
courses = run_or_stop(lambda: list_courses(ws.db, actor=ws.actor,
                                           organisation_id=ws.organisation_id))
people = run_or_stop(lambda: list_trainees(ws.db, actor=ws.actor,
                                           organisation_id=ws.organisation_id))
names = {p.trainee.employee_id: f"{p.trainee.name} ({p.trainee.employee_id}, {p.trainee.unit})"
         for p in people}


def label(record: TrainingSessionRecord) -> str:
    s = record.session
    return (f"{s.course_code} · {format_date(s.day, lang)} {s.starts_at:%H:%M} · {s.trainer} · "
            f"{len(s.enrolled)}/{s.capacity}")


if sessions:
    st.dataframe([{
        _("Course"): r.session.course_code, _("Date"): format_date(r.session.day, lang),
        _("Time"): f"{r.session.starts_at:%H:%M}", _("Trainer"): r.session.trainer,
        _("Enrolled"): f"{len(r.session.enrolled)}/{r.session.capacity}",
        _("Attended"): len(r.session.attended), _("Location or link"): r.session.location,
    } for r in sessions], hide_index=True, width="stretch")
else:
    st.info(_("No session booked yet."))

if not ws.may(ObjectType.TRAINING, Action.EDIT):
    st.caption(_("Your role may view training but not change it."))
    st.stop()


def save(call: Callable[[], None]) -> None:
    """Run a change and reload; show why it was refused (someone saved first: reload)."""
    try:
        call()
    except RolloutError as exc:
        st.error(escape_markdown_block(str(exc)))
        return
    st.rerun()


# --- book a session ------------------------------------------------------------------------------
st.subheader(_("Book a session"))
if not courses:
    st.info(_("Add a course first (Roster and courses page)."))
else:
    course_names = {c.id: f"{c.course.code} · {c.course.title}" for c in courses}
    with st.form("training_book_session"):
        course_id = st.selectbox(_("Course"), list(course_names),
                                 format_func=course_names.__getitem__, key="session_course")
        when = st.columns(2)
        day = when[0].date_input(_("Date"), key="session_day")
        time = when[1].time_input(_("Starts at"), value=dt.time(9, 0), key="session_time")
        trainer = st.text_input(_("Trainer"), key="session_trainer")
        capacity = st.number_input(_("Capacity"), min_value=1, max_value=10_000, value=12,
                                   key="session_capacity")
        location = st.text_input(_("Room or online link"), key="session_location")
        if st.form_submit_button(_("Book")):
            def book() -> None:
                session_input = training_session_from({
                    "course_id": course_id, "trainer": trainer, "capacity": int(capacity),
                    "starts_at": dt.datetime.combine(day, time, tzinfo=dt.UTC),
                    "location": location})
                create_training_session(ws.db, actor=ws.actor,
                                        organisation_id=ws.organisation_id,
                                        session=session_input)
                state.flash(_("Session booked."))
            save(book)

if not sessions:
    st.stop()
by_id = {r.id: r for r in sessions}

# --- enrol ---------------------------------------------------------------------------------------
st.subheader(_("Enrol people"))
chosen = by_id[st.selectbox(_("Session"), list(by_id), format_func=lambda i: label(by_id[i]),
                            key="enrol_session")]
units = sorted({p.trainee.unit for p in people})
unit = st.selectbox(_("From unit"), ["", *units], format_func=lambda u: u or _("(every unit)"),
                    key="enrol_unit")
candidates = [p.trainee.employee_id for p in people
              if (not unit or p.trainee.unit == unit)
              and p.trainee.employee_id not in chosen.session.enrolled]
picked = st.multiselect(_("People"), candidates, format_func=names.__getitem__,
                        key=f"enrol_people_{chosen.id}")
st.caption(_("{left} seats left.", left=chosen.seats_left))
if st.button(_("Enrol"), key="enrol_button", disabled=not picked):
    def enrol() -> None:
        enrol_trainees(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                       session_id=chosen.id, employee_ids=picked,
                       expected_version=state.seen_version(chosen.id, chosen.version))
        state.forget_seen_version(chosen.id)
        state.flash(_("{count} people enrolled.", count=len(picked)))
    save(enrol)

# --- attendance and completion -----------------------------------------------------------------
st.subheader(_("Attendance and completion"))
marked = by_id[st.selectbox(_("Session"), list(by_id), format_func=lambda i: label(by_id[i]),
                            key="attendance_session")]
if not marked.session.enrolled:
    st.info(_("Nobody is enrolled in this session."))
    st.stop()
present = st.multiselect(_("Present"), marked.session.enrolled,
                         default=marked.session.attended or marked.session.enrolled,
                         format_func=lambda e: names.get(e, e), key=f"present_{marked.id}")
completed = st.checkbox(_("Those present completed and passed the course"), value=True,
                        key=f"completed_{marked.id}")
if st.button(_("Save attendance"), key="attendance_button"):
    def mark() -> None:
        record_attendance(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                          session_id=marked.id, present=present, completed=completed,
                          expected_version=state.seen_version(marked.id, marked.version))
        state.forget_seen_version(marked.id)
        state.flash(_("Attendance saved for {count} people.", count=len(present)))
    save(mark)
