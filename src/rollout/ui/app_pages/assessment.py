"""Assessment: a dimension-by-dimension wizard; every answer is saved as soon as it changes."""

from __future__ import annotations

import functools

import streamlit as st

from rollout.errors import RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.i18n import LocalisedInputError
from rollout.permissions import Action, ObjectType
from rollout.services import (
    describe_peak_timing,
    save_draft_answers,
    submit_assessment,
)
from rollout.ui import state
from rollout.ui.answer_widgets import (
    answer_widget,
    stored_to_widget,
    widget_key,
    widget_to_answer,
)
from rollout.ui.navigation import page_path
from rollout.ui.translation import (
    _,
    code_label,
    current_digits,
    isolate,
    kb_text,
    language,
    localise,
    ngettext,
)
from rollout.ui.workspace import choose_programme, draft_assessment, open_workspace, snapshots_of

ws = open_workspace()
st.title(_("Assessment"))
state.show_flash()
programme = choose_programme(ws)
if programme is None:
    st.info(_("This organisation has no programme yet: set it up first."))
    st.page_link(page_path("programme_setup.py"), label=_("Programme setup"), icon="🏗️")
    st.stop()
editable = ws.may(ObjectType.ASSESSMENT, Action.EDIT)
found = draft_assessment(ws, programme, create=editable)
if found is None:
    st.info(_("Nobody has started an assessment of this programme yet."))
    st.stop()
draft = found

content = ws.content
answers = dict(draft.answers)
scored = [q for c in content.checklists for q in c.questions]
answered_count = sum(1 for q in scored if answers.get(q.id) is not None)
st.caption(_("{assessment} · programme {programme} · draft version {version} · answers are "
             "saved as you go; unanswered questions count as risk.",
             assessment=f"**{isolate(escape_markdown(draft.name))}**",
             programme=f"*{isolate(escape_markdown(programme.name))}*", version=draft.version))
st.progress(answered_count / len(scored),
            text=_("{answered} of {total} questions answered", answered=answered_count,
                   total=len(scored)))


def save_answer(question_id: str) -> None:
    """Widget callback: store one changed answer against the version the user was looking at."""
    question = content.questions[question_id]
    try:
        value = widget_to_answer(question, st.session_state[widget_key(draft.id, question_id)])
    except LocalisedInputError as exc:  # a typed Jalali date that is no date: nothing saved
        state.flash_error(_("Not saved: {reason}", reason=str(exc)))
        return
    new_answers = {**answers, question_id: value}
    if value is None:
        new_answers.pop(question_id)
    try:
        save_draft_answers(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                           assessment_id=draft.id, answers=new_answers,
                           expected_version=draft.version, content=content)
    except RolloutError as exc:
        state.flash_error(_("Not saved: {reason}", reason=str(exc)))


# The picker's labels never change with the answers: a browser sends back the label it showed,
# so a label that changed after an answer matched no option and reset the picker (D1).
labels = {c.id: f"{localise(c.order)}. {kb_text(c.title)}" for c in content.checklists}
order = list(labels)
done_by_dimension = {c.id: sum(1 for q in c.questions if answers.get(q.id) is not None)
                     for c in content.checklists}


def go_to(dimension: str) -> None:
    st.session_state["assessment_dimension"] = dimension


def next_dimension() -> None:
    current = st.session_state.get("assessment_dimension", order[0])
    go_to(order[(order.index(current) + 1) % len(order)])


def next_unanswered() -> None:
    """The next dimension after this one (wrapping round) with a question left to answer."""
    current = order.index(st.session_state.get("assessment_dimension", order[0]))
    for step in range(1, len(order) + 1):
        candidate = content.dimension(order[(current + step) % len(order)])
        if done_by_dimension[candidate.id] < len(candidate.questions):
            go_to(candidate.id)
            return
    state.flash(_("Every question is answered."))


with st.expander(_("Progress by dimension")):
    st.dataframe([{_("dimension"): labels[c.id], _("answered"): localise(done_by_dimension[c.id]),
                   _("questions"): localise(len(c.questions))} for c in content.checklists],
                 hide_index=True, width="stretch", key="assessment_progress")
picker, forward, gap = st.columns([4, 1, 1], vertical_alignment="bottom")
dimension_id = picker.selectbox(_("Dimension"), order, format_func=labels.__getitem__,
                                key="assessment_dimension")
forward.button(_("Next dimension"), key="assessment_next_dimension", on_click=next_dimension)
gap.button(_("Next unanswered"), key="assessment_next_unanswered", on_click=next_unanswered,
           disabled=answered_count == len(scored))
checklist = content.dimension(dimension_id)
st.subheader(kb_text(checklist.title))
st.caption(kb_text(checklist.description))
if checklist.id == "timing_peak_season":
    # Computed from the programme's dates, not asked: a typed answer could contradict them.
    st.info(escape_markdown_block(describe_peak_timing(
        ws.organisation.profile, programme.programme, content.presets, lang=language(),
        digits=current_digits())), icon="📅")
done = done_by_dimension[checklist.id]
st.progress(done / len(checklist.questions),
            text=_("{answered} of {total} answered in this dimension", answered=done,
                   total=len(checklist.questions)))
for question in checklist.questions:
    key = widget_key(draft.id, question.id)
    # The stored answer wins over whatever the widget held: the database is the truth.
    st.session_state[key] = stored_to_widget(question, answers.get(question.id))
    answer_widget(question, content, key=key, answered=answers.get(question.id) is not None,
                  on_change=functools.partial(save_answer, question.id), disabled=not editable)

st.divider()
st.subheader(_("Submit"))
st.write(_("Submitting scores the draft and keeps the result as an immutable snapshot that "
           "executives review and sign. You can keep editing the draft afterwards."))
missing = len(scored) - answered_count
if missing:
    st.warning(ngettext("{count} question is unanswered; it counts as a gap in readiness.",
                        "{count} questions are unanswered; each counts as a gap in readiness.",
                        missing))
if editable and st.button(_("Submit assessment"), type="primary", key="assessment_submit"):
    try:
        with st.spinner(_("Scoring the assessment ...")):
            snapshot = submit_assessment(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                                         assessment_id=draft.id, content=content,
                                         expected_version=draft.version)
    except RolloutError as exc:
        st.error(escape_markdown_block(str(exc)))
    else:
        report = snapshot.report
        state.flash(_("Submitted as snapshot #{sequence}: readiness {readiness}, verdict "
                      "{verdict}.", sequence=snapshot.sequence, readiness=report.readiness,
                      verdict=code_label(report.verdict.decision)))
        st.rerun()

snapshots = snapshots_of(ws, draft)
st.subheader(_("Submitted snapshots ({count})", count=len(snapshots)))
if snapshots:
    st.dataframe(
        [{"#": localise(s.sequence), _("submitted"): localise(s.submitted_at),
          _("by"): s.submitted_by, _("readiness"): localise(s.report.readiness),
          _("verdict"): code_label(s.report.verdict.decision),
          _("highest band"): code_label(s.report.band),
          _("unanswered"): localise(len(s.report.unanswered)),
          _("engine"): s.engine_version} for s in reversed(snapshots)],
        hide_index=True, width="stretch")
    st.page_link(page_path("dashboard.py"), label=_("Open the risk dashboard"), icon="📊")
else:
    st.caption(_("Nothing submitted yet."))
