"""The calendar, parsed back with icalendar: events, stable UIDs, escaping."""

from __future__ import annotations

import datetime as dt

import icalendar

from rollout.content.loader import Content
from rollout.exports import ExportDocument
from rollout.exports.calendar import render_calendar
from rollout.i18n import Language
from tests.exports.conftest import make_document

KINDS = {"go_live", "gate", "cutover", "training"}


def _events(data: bytes) -> list[icalendar.Event]:
    return [e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
            if isinstance(e, icalendar.Event)]


def test_go_lives_gates_cutovers_training_and_blackouts_become_all_day_events(
        english: ExportDocument) -> None:
    events = _events(render_calendar(english))
    expected = (sum(t.kind.value in KINDS for t in english.plan.tasks) + len(english.training)
                + len(english.plan.blackouts))
    assert len(events) == expected
    go_live = next(t for t in english.plan.tasks if t.kind.value == "go_live")
    event = next(e for e in events if str(e["summary"]).endswith(go_live.name))
    assert event.decoded("dtstart") == go_live.start
    assert event.decoded("dtend") == go_live.end + dt.timedelta(days=1)
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_exporting_again_keeps_every_uid_so_calendars_update(content: Content) -> None:
    first = make_document(content, Language.EN, generated_on=dt.date(2026, 11, 28))
    later = make_document(content, Language.FA, generated_on=dt.date(2027, 1, 4))
    uids = [str(e["uid"]) for e in _events(render_calendar(first))]
    assert uids == [str(e["uid"]) for e in _events(render_calendar(later))]
    other = make_document(content, Language.EN, programme_id="q" * 32)
    assert not set(uids) & {str(e["uid"]) for e in _events(render_calendar(other))}


def test_a_line_break_in_a_name_cannot_forge_an_event(hostile: ExportDocument) -> None:
    data = render_calendar(hostile)
    events = _events(data)
    clean = _events(render_calendar(make_document(hostile.content, Language.EN, hostile=False,
                                                  training=True)))
    assert len(events) == len(clean) + 1  # the hostile document's one extra blackout
    lines = data.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == len(events)  # the text is there, never as a line
    assert b"\\nBEGIN:VEVENT" in data
    assert b"\r\nSUMMARY:forged" not in data
    blackout = next(e for e in events if "freeze" in str(e["summary"]))
    assert "BEGIN:VEVENT" in str(blackout["description"])  # kept, as text
    assert b"\\;" in data or b"\\," in data  # the library's TEXT escaping is in force
    for line in lines:
        assert b"\r" not in line and b"\n" not in line
