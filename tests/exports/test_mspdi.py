"""MS Project XML, read back: tasks, outline levels, predecessors, milestones, the calendar."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from rollout.exports import ExportDocument
from rollout.exports.mspdi import MINUTES_PER_DAY, NAMESPACE, render_mspdi

NS = {"p": NAMESPACE}
# What MS Project needs of every task to open a file (mspdi_pj12.xsd), in schema order.
TASK_ELEMENTS = ["UID", "ID", "Name", "Active", "Manual", "Type", "IsNull", "WBS",
                 "OutlineNumber", "OutlineLevel", "Priority", "Start", "Finish"]
PROJECT_ELEMENTS = ["SaveVersion", "Name", "Title", "ScheduleFromStart", "StartDate",
                    "FinishDate", "CalendarUID", "MinutesPerDay", "MinutesPerWeek",
                    "DaysPerMonth", "Calendars", "Tasks", "Resources", "Assignments"]


def _parse(doc: ExportDocument) -> ET.Element:
    return ET.fromstring(render_mspdi(doc))


def _children(element: ET.Element) -> list[str]:
    return [child.tag.removeprefix("{" + NAMESPACE + "}") for child in element]


def test_the_project_has_the_schema_elements_in_order(english: ExportDocument) -> None:
    project = _parse(english)
    assert project.tag == "{" + NAMESPACE + "}Project"
    names = _children(project)
    positions = [names.index(name) for name in PROJECT_ELEMENTS]
    assert positions == sorted(positions)
    for task in project.iterfind("p:Tasks/p:Task", NS):
        names = _children(task)
        positions = [names.index(name) for name in TASK_ELEMENTS]
        assert positions == sorted(positions)


def test_every_plan_task_is_there_under_its_phase_and_wave(english: ExportDocument) -> None:
    tasks = _parse(english).findall("p:Tasks/p:Task", NS)
    plan = english.plan
    leaves = [t for t in tasks if t.findtext("p:Summary", namespaces=NS) == "0"]
    assert len(leaves) == len(plan.tasks)
    phases = {t.phase for t in plan.tasks}
    waves_by_phase = {(t.phase, t.wave) for t in plan.tasks if t.wave}
    assert len(tasks) == len(plan.tasks) + len(phases) + len(waves_by_phase)
    levels = {int(t.findtext("p:OutlineLevel", namespaces=NS) or 0) for t in tasks}
    assert levels == {1, 2, 3}
    by_id = {t.findtext("p:Notes", namespaces=NS): t for t in leaves}
    for task in plan.tasks:
        element = by_id[task.id]
        expected_level = "3" if task.wave else "2"
        assert element.findtext("p:OutlineLevel", namespaces=NS) == expected_level
        assert element.findtext("p:Duration", namespaces=NS) == f"PT{task.duration_workdays * 8}H0M0S"
        assert element.findtext("p:Milestone", namespaces=NS) == ("1" if task.is_milestone else "0")
        assert element.findtext("p:Start", namespaces=NS) == f"{task.start.isoformat()}T08:00:00"


def test_predecessors_and_their_lags_point_at_the_right_tasks(english: ExportDocument) -> None:
    leaves = [t for t in _parse(english).findall("p:Tasks/p:Task", NS)
              if t.findtext("p:Summary", namespaces=NS) == "0"]
    uid_to_id = {t.findtext("p:UID", namespaces=NS): t.findtext("p:Notes", namespaces=NS)
                 for t in leaves}
    links = 0
    for element in leaves:
        task = english.plan.task(element.findtext("p:Notes", namespaces=NS) or "")
        found = {}
        for link in element.findall("p:PredecessorLink", NS):
            found[uid_to_id[link.findtext("p:PredecessorUID", namespaces=NS)]] = int(
                link.findtext("p:LinkLag", namespaces=NS) or 0)
            assert link.findtext("p:Type", namespaces=NS) == "1"
        assert found == {d: task.lags_workdays.get(d, 0) * MINUTES_PER_DAY * 10
                         for d in task.depends_on}
        links += len(found)
    assert links > 0


def test_the_calendar_has_the_weekend_and_the_holidays(english: ExportDocument) -> None:
    calendar = _parse(english).find("p:Calendars/p:Calendar", NS)
    assert calendar is not None
    days = calendar.findall("p:WeekDays/p:WeekDay", NS)
    weekly = {d.findtext("p:DayType", namespaces=NS): d.findtext("p:DayWorking", namespaces=NS)
              for d in days if d.findtext("p:DayType", namespaces=NS) != "0"}
    assert weekly == {"1": "0", "2": "1", "3": "1", "4": "1", "5": "1", "6": "1", "7": "0"}
    exceptions = [d for d in days if d.findtext("p:DayType", namespaces=NS) == "0"]
    assert len(exceptions) == len({h.date for h in english.plan.holidays})


def test_names_with_markup_stay_text(hostile: ExportDocument) -> None:
    data = render_mspdi(hostile)
    assert b"<script>" not in data
    project = ET.fromstring(data)
    assert "<script>" in (project.findtext("p:Title", namespaces=NS) or "")
