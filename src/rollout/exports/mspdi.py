"""The plan as MS Project XML (MSPDI, the format MS Project and ProjectLibre open), with the
standard library's ``xml.etree``.

Outline: one summary task per phase (level 1); inside a phase, the tasks of no wave (level 2) and
one summary per wave (level 2) with its tasks (level 3). Durations are in working days
(``PT<8·days>H0M0S``, shown as days), each task is pinned to its planned start with a "start no
earlier than" constraint (MS Project's calendar cannot express blackouts, so recalculating must
not pull a go-live into one), predecessors carry their lags (in tenths of a minute, MSPDI's
unit), milestones have no duration, and the project calendar holds the organisation's weekend,
public holidays and closures (and Thursday half-days when the plan uses them).

Elements are written in the order of Microsoft's mspdi_pj12.xsd sequences, which MS Project
requires; text is escaped by ElementTree and stripped of characters XML 1.0 cannot carry.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from rollout.domain.plan import BlackoutKind, PlanTask
from rollout.exports.document import ExportDocument
from rollout.exports.wording import Wording
from rollout.schedule.calendar import HolidayBook

NAMESPACE = "http://schemas.microsoft.com/project"
MINUTES_PER_DAY = 480
_XML_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
DAY_START = dt.time(8, 0)
DAY_FINISH = dt.time(17, 0)
_MORNING = (dt.time(8, 0), dt.time(12, 0))
_AFTERNOON = (dt.time(13, 0), dt.time(17, 0))


def _text(value: str) -> str:
    return _XML_INVALID_RE.sub("", value)


def _sub(parent: ET.Element, tag: str, value: object) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if isinstance(value, bool):
        element.text = "1" if value else "0"
    elif isinstance(value, dt.datetime):
        element.text = value.strftime("%Y-%m-%dT%H:%M:%S")
    else:
        element.text = _text(str(value))
    return element


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time)


def _duration(workdays: int) -> str:
    return f"PT{workdays * 8}H0M0S"


def _day_type(weekday: int) -> int:
    """MSPDI's day numbers (1 Sunday … 7 Saturday) from Python's (0 Monday … 6 Sunday)."""
    return (weekday + 1) % 7 + 1


def render_mspdi(doc: ExportDocument) -> bytes:
    w = Wording(doc.language, doc.content)
    plan = doc.plan
    project = ET.Element("Project", {"xmlns": NAMESPACE})
    _sub(project, "SaveVersion", 14)
    _sub(project, "Name", f"{doc.programme}.xml")
    _sub(project, "Title", doc.programme)
    _sub(project, "Company", doc.organisation)
    _sub(project, "CreationDate", _at(doc.generated_on, dt.time()))
    _sub(project, "ScheduleFromStart", True)
    _sub(project, "StartDate", _at(plan.start, DAY_START))
    _sub(project, "FinishDate", _at(plan.end, DAY_FINISH))
    _sub(project, "CalendarUID", 1)
    _sub(project, "DefaultStartTime", "08:00:00")
    _sub(project, "DefaultFinishTime", "17:00:00")
    _sub(project, "MinutesPerDay", MINUTES_PER_DAY)
    weekend = HolidayBook().weekend(plan.country)
    _sub(project, "MinutesPerWeek", MINUTES_PER_DAY * (7 - len(weekend)))
    _sub(project, "DaysPerMonth", 20)
    _sub(project, "DurationFormat", 7)  # days
    _sub(project, "WorkFormat", 2)  # hours
    _sub(project, "NewTasksEffortDriven", False)
    _sub(project, "WeekStartDay", 6 if w.rtl else 1)
    _calendar(ET.SubElement(project, "Calendars"), doc, weekend)
    _tasks(ET.SubElement(project, "Tasks"), doc, w)
    ET.SubElement(project, "Resources")
    ET.SubElement(project, "Assignments")
    ET.indent(project)
    body = ET.tostring(project, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body + "\n").encode()


def _calendar(parent: ET.Element, doc: ExportDocument, weekend: frozenset[int]) -> None:
    calendar = ET.SubElement(parent, "Calendar")
    _sub(calendar, "UID", 1)
    _sub(calendar, "Name", _text(f"{doc.organisation} ({doc.plan.country})")[:200])
    _sub(calendar, "IsBaseCalendar", True)
    _sub(calendar, "BaseCalendarUID", -1)
    days = ET.SubElement(calendar, "WeekDays")
    half_thursday = doc.plan.options.thursday_half_day
    for weekday in (6, 0, 1, 2, 3, 4, 5):
        day = ET.SubElement(days, "WeekDay")
        _sub(day, "DayType", _day_type(weekday))
        working = weekday not in weekend
        _sub(day, "DayWorking", working)
        if working:
            times = ET.SubElement(day, "WorkingTimes")
            periods = [_MORNING] if half_thursday and weekday == 3 else [_MORNING, _AFTERNOON]
            for start, finish in periods:
                period = ET.SubElement(times, "WorkingTime")
                _sub(period, "FromTime", start.strftime("%H:%M:%S"))
                _sub(period, "ToTime", finish.strftime("%H:%M:%S"))
    closed: list[tuple[dt.date, dt.date]] = [(h.date, h.date) for h in doc.plan.holidays]
    closed += [(b.start, b.end) for b in doc.plan.blackouts if b.kind is BlackoutKind.HOLIDAY]
    for first, last in sorted(set(closed)):
        day = ET.SubElement(days, "WeekDay")
        _sub(day, "DayType", 0)  # an exception to the working week
        _sub(day, "DayWorking", False)
        period = ET.SubElement(day, "TimePeriod")
        _sub(period, "FromDate", _at(first, dt.time()))
        _sub(period, "ToDate", _at(last, dt.time(23, 59)))


def _tasks(parent: ET.Element, doc: ExportDocument, w: Wording) -> None:
    plan = doc.plan
    waves = {wave.id: wave.name for wave in plan.waves}
    uids = {task.id: n for n, task in enumerate(plan.tasks, start=1)}
    next_uid = len(plan.tasks) + 1
    row = 0
    phases: dict[str, list[PlanTask]] = {}
    for task in plan.tasks:
        phases.setdefault(task.phase.value, []).append(task)
    for p, (phase, tasks) in enumerate(phases.items(), start=1):
        row += 1
        _summary(parent, next_uid, row, w.phase(phase), f"{p}", 1, tasks)
        next_uid += 1
        outline = 0
        for task in (t for t in tasks if t.wave is None):
            outline += 1
            row += 1
            _task(parent, task, uids, row, f"{p}.{outline}", 2)
        by_wave: dict[str, list[PlanTask]] = {}
        for task in (t for t in tasks if t.wave is not None):
            by_wave.setdefault(task.wave or "", []).append(task)
        for wave, members in by_wave.items():
            outline += 1
            row += 1
            _summary(parent, next_uid, row, waves.get(wave, wave), f"{p}.{outline}", 2, members)
            next_uid += 1
            for n, task in enumerate(members, start=1):
                row += 1
                _task(parent, task, uids, row, f"{p}.{outline}.{n}", 3)


def _common(element: ET.Element, uid: int, row: int, name: str, outline: str, level: int) -> None:
    _sub(element, "UID", uid)
    _sub(element, "ID", row)
    _sub(element, "Name", name)
    _sub(element, "Active", True)
    _sub(element, "Manual", False)
    _sub(element, "Type", 1)  # fixed duration
    _sub(element, "IsNull", False)
    _sub(element, "WBS", outline)
    _sub(element, "OutlineNumber", outline)
    _sub(element, "OutlineLevel", level)
    _sub(element, "Priority", 500)


def _summary(parent: ET.Element, uid: int, row: int, name: str, outline: str, level: int,
             tasks: Iterable[PlanTask]) -> None:
    tasks = list(tasks)
    element = ET.SubElement(parent, "Task")
    _common(element, uid, row, name, outline, level)
    _sub(element, "Start", _at(min(t.start for t in tasks), DAY_START))
    _sub(element, "Finish", _at(max(t.end for t in tasks), DAY_FINISH))
    _sub(element, "DurationFormat", 7)
    _sub(element, "Milestone", False)
    _sub(element, "Summary", True)
    _sub(element, "Critical", any(t.critical for t in tasks))
    _sub(element, "ConstraintType", 0)  # as soon as possible
    _sub(element, "CalendarUID", -1)


def _task(parent: ET.Element, task: PlanTask, uids: dict[str, int], row: int, outline: str,
          level: int) -> None:
    element = ET.SubElement(parent, "Task")
    _common(element, uids[task.id], row, task.name, outline, level)
    start = _at(task.start, DAY_START)
    milestone = task.is_milestone
    _sub(element, "Start", start)
    _sub(element, "Finish", start if milestone else _at(task.end, DAY_FINISH))
    _sub(element, "Duration", _duration(task.duration_workdays))
    _sub(element, "DurationFormat", 7)
    _sub(element, "Milestone", milestone)
    _sub(element, "Summary", False)
    _sub(element, "Critical", task.critical)
    _sub(element, "TotalSlack", task.float_workdays * MINUTES_PER_DAY * 10)
    _sub(element, "ConstraintType", 4)  # start no earlier than
    _sub(element, "CalendarUID", -1)
    _sub(element, "ConstraintDate", start)
    _sub(element, "Notes", task.id)  # the plan's stable task id, for round trips
    for predecessor in task.depends_on:
        if predecessor not in uids:
            continue
        link = ET.SubElement(element, "PredecessorLink")
        _sub(link, "PredecessorUID", uids[predecessor])
        _sub(link, "Type", 1)  # finish to start
        _sub(link, "CrossProject", False)
        _sub(link, "LinkLag", task.lags_workdays.get(predecessor, 0) * MINUTES_PER_DAY * 10)
        _sub(link, "LagFormat", 7)
