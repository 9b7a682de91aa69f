"""Audit log: who did what and when, with the outcome and the values before and after; read-only."""

from __future__ import annotations

from functools import partial

import streamlit as st

from rollout.escaping import escape_markdown
from rollout.i18n.normalise import normalise_identifier
from rollout.permissions import Action, ObjectType, allows, effective_role
from rollout.services import (
    AuditEventRecord,
    list_audit_events,
)
from rollout.ui import state
from rollout.ui.date_input import jalali_date_input
from rollout.ui.downloads import csv_download
from rollout.ui.translation import (
    _,
    code_label,
    current_digits,
    date_time,
    is_rtl,
    language,
    localise,
    number,
)
from rollout.ui.workspace import open_workspace, run_or_stop

PAGE_SIZE = 50
BATCH = 500  # events read per query while looking for a page of matches
MAX_SCANNED = 20_000  # then the page stops early and says so
ANY = "any"

ws = open_workspace()
st.title(_("Audit log"))
st.caption(_("Every change, export and refused access, newest first. The log is append-only: "
             "nobody can edit it. Times are UTC."))

# --- which events ----------------------------------------------------------------------------------
may_see_global = allows(effective_role(is_admin=ws.actor.is_admin, membership_role=None),
                        ObjectType.AUDIT_EVENT, Action.VIEW)
outside = may_see_global and st.toggle(
    _("Show events outside any organisation (logins, user accounts, access to unknown "
      "organisations)"), key="audit_outside")
scope = None if outside else ws.organisation_id
st.caption(_("Events of {scope}.", scope="**" + (_("no organisation") if outside
                                                 else escape_markdown(ws.organisation.name))
             + "**"))

filters = st.columns(5)
# Searches compare codes and addresses: typed Persian digits and joiners are read as such.
actor_text = normalise_identifier(filters[0].text_input(
    _("Actor contains"), key="audit_actor", placeholder=_("e-mail or cli:user"))).lower()
action_text = normalise_identifier(filters[1].text_input(
    _("Action contains"), key="audit_action",
    placeholder=_("e.g. mitigation_action, login"))).lower()
outcome = filters[2].selectbox(_("Outcome"), [ANY, "ok", "refused"], key="audit_outcome",
                               format_func=lambda o: _("(any)") if o == ANY else code_label(o))
since = jalali_date_input(_("From"), language=language(), value=None, key="audit_from",
                          digits=current_digits(), container=filters[3])
until = jalali_date_input(_("To"), language=language(), value=None, key="audit_to",
                          digits=current_digits(), container=filters[4])
if since is not None and until is not None and since > until:
    st.error(_("From ({since}) is after To ({until}): no event can match. Swap them, or clear "
               "one of them.", since=since, until=until))
    st.stop()


def wanted(event: AuditEventRecord) -> bool:
    return (actor_text in event.actor.lower() and action_text in event.action.lower()
            and outcome in (ANY, event.outcome)
            and (until is None or event.at.date() <= until))


def page_of_events(before_id: int | None) -> tuple[list[AuditEventRecord], int | None, bool]:
    """Up to PAGE_SIZE matching events older than ``before_id``; the next page's cursor (None:
    no older events); and whether the search stopped early (too many events read)."""
    found: list[AuditEventRecord] = []
    cursor, scanned = before_id, 0
    while True:
        batch = run_or_stop(partial(list_audit_events, ws.db, actor=ws.actor,
                                    organisation_id=scope, limit=BATCH, before_id=cursor))
        for event in batch:
            if since is not None and event.at.date() < since:
                return found, None, False  # newest first: everything further is older still
            cursor = event.id
            if wanted(event):
                found.append(event)
                if len(found) == PAGE_SIZE:
                    return found, event.id, False
        scanned += len(batch)
        if len(batch) < BATCH:
            return found, None, False
        if scanned >= MAX_SCANNED:
            return found, cursor, True


# Each combination of filters pages on its own; changing a filter starts from the newest event.
cursors = state.page_cursors(f"audit:{scope}:{actor_text}:{action_text}:{outcome}:{since}:{until}")
events, older, stopped = page_of_events(cursors[-1] if cursors else None)

# --- the events --------------------------------------------------------------------------------------
if not events:
    st.info(_("No event matches these filters.") if not cursors
            else _("No older event matches."))
else:
    st.caption(_("Page {page}: {count} event(s)", page=len(cursors) + 1, count=len(events))
               + (" " + _("(searched {count} events; page on or narrow the dates)",
                          count=number(MAX_SCANNED)) if stopped else ""))
    table = [{"id": e.id, "at": e.at, "actor": e.actor, "action": e.action,
              "object": e.object_type, "object id": e.object_id or "", "outcome": e.outcome}
             for e in events]
    if not outside:  # an export is audited in, and authorised for, one organisation
        csv_download(ws, label=_("Download this page of events (CSV)"), rows=table,
                     file_name="audit-log.csv", object_type=ObjectType.AUDIT_EVENT,
                     key="audit_download")
    if is_rtl():
        # Streamlit's table writes Gregorian dates and Latin digits: Persian readers get text.
        shown_table = [{**row, "id": localise(e.id), "at": date_time(e.at),
                        "outcome": code_label(e.outcome)} for row, e in zip(table, events,
                                                                            strict=True)]
        number_column = st.column_config.TextColumn("#", width="small")
        at_column = st.column_config.TextColumn(_("At (UTC)"))
    else:
        shown_table = table
        number_column = st.column_config.NumberColumn("#", format="%d", width="small")
        at_column = st.column_config.DatetimeColumn(_("At (UTC)"), format="YYYY-MM-DD HH:mm:ss")
    st.dataframe(
        shown_table,
        hide_index=True, width="stretch",
        column_config={
            "id": number_column,
            "at": at_column,
            "actor": st.column_config.TextColumn(_("Actor")),
            "action": st.column_config.TextColumn(_("Action")),
            "object": st.column_config.TextColumn(_("Object type")),
            "object id": st.column_config.TextColumn(_("Object id")),
            "outcome": st.column_config.TextColumn(_("Outcome"), width="small"),
        })

cols = st.columns(2)
if cols[0].button(_("← Newer"), disabled=not cursors, key="audit_newer"):
    cursors.pop()
    st.rerun()
if cols[1].button(_("Older →"), disabled=older is None, key="audit_older"):
    assert older is not None
    cursors.append(older)
    st.rerun()

detailed = [e for e in events if e.before is not None or e.after is not None]
if detailed:
    st.subheader(_("Values before and after"))
for event in detailed:
    # The action is a code (letters, dots, underscores): shown as one, left to right.
    with st.expander(f"#{localise(event.id)} · `{event.action.replace('`', '')}` · "
                     f"{escape_markdown(event.actor)} · {date_time(event.at)}"):
        left, right = st.columns(2)
        left.markdown(_("**Before**"))
        left.json(event.before if event.before is not None else {}, expanded=True)
        right.markdown(_("**After**"))
        right.json(event.after if event.after is not None else {}, expanded=True)
