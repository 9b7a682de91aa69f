"""The calendar (ICS, with icalendar): go-lives, gates, cutovers, training and blackout windows as
all-day events.

UIDs are built from the organisation's, the programme's and the object's stable ids (a UUID 5 of
them, so no user text reaches a UID): importing a newer export into a calendar updates its events
instead of adding duplicates. User text goes through ``escape_calendar_text`` and then the
library's own TEXT escaping (``\\``, ``;``, ``,``, newlines), so no name can end a line, start a
property or open an event of its own.
"""

from __future__ import annotations

import datetime as dt
import uuid

import icalendar

from rollout.escaping import escape_calendar_text, single_line
from rollout.exports.document import ExportDocument
from rollout.exports.wording import Wording
from rollout.i18n import N_

_NAMESPACE = uuid.UUID("6f1c2a56-8a1f-4c35-9a8e-2f8b7d1f0e11")  # Rollout's, fixed forever
PRODID = "-//Rollout//Rollout export//EN"
_EVENT_KINDS = {"go_live": N_("Go-live"), "gate": N_("Gate"), "cutover": N_("Cutover"),
                "training": N_("Training")}


def event_uid(organisation_id: str, programme_id: str, kind: str, object_id: str) -> str:
    name = "\x1f".join((organisation_id, programme_id, kind, object_id))
    return f"{uuid.uuid5(_NAMESPACE, name)}@rollout"


def _event(doc: ExportDocument, kind: str, object_id: str, summary: str, start: dt.date,
           end: dt.date, description: str = "") -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", event_uid(doc.organisation_id, doc.programme_id, kind, object_id))
    # DTSTAMP is the export date: the same document gives the same file.
    event.add("dtstamp", dt.datetime.combine(doc.generated_on, dt.time(), tzinfo=dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", end + dt.timedelta(days=1))  # all-day events end the day after
    event.add("summary", escape_calendar_text(summary))
    if description:
        event.add("description", escape_calendar_text(description))
    event.add("categories", [kind])
    event.add("transp", "TRANSPARENT")
    return event


def render_calendar(doc: ExportDocument) -> bytes:
    w = Wording(doc.language, doc.content)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property has no TEXT type, so the library does not escape it: one line, no breaks
    # (tests/exports/test_calendar.py found a name with CRLF breaking the file here).
    calendar.add("x-wr-calname", single_line(f"{doc.organisation} — {doc.programme}")
                 .replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,"))
    waves = {wave.id: wave.name for wave in doc.plan.waves}
    for task in doc.plan.tasks:
        kind = task.kind.value
        if kind not in _EVENT_KINDS:
            continue
        wave = waves.get(task.wave or "", "")
        summary = f"{w(_EVENT_KINDS[kind])}: {task.name}"
        lines = [f"{w(N_('Wave'))}: {wave}"] if wave else []
        if task.criteria:
            lines.append(f"{w(N_('Criteria'))}: " + "; ".join(c.text for c in task.criteria))
        description = "\n".join(lines)
        calendar.add_component(_event(doc, kind, task.id, summary, task.start, task.end,
                                      description))
    for item in doc.training:
        calendar.add_component(_event(doc, "training-session", item.id,
                                      f"{w(N_('Training'))}: {item.name}", item.start, item.end,
                                      waves.get(item.wave or "", "")))
    for blackout in doc.plan.blackouts:
        # A window is identified by what it is, not where it sits in the list.
        object_id = f"{blackout.kind.value}\x1f{blackout.name}\x1f{blackout.start.isoformat()}"
        summary = f"{w.blackout_kind(blackout.kind.value)}: {blackout.name}"
        description = blackout.reason
        if blackout.buffer_weeks:
            description = "\n".join(filter(None, [description, w(
                N_("No go-live or cutover from {date} (the buffer before the window)."),
                date=w.date(blackout.blocked_from))]))
        calendar.add_component(_event(doc, "blackout", object_id, summary, blackout.start,
                                      blackout.end, description))
    return bytes(calendar.to_ical())
