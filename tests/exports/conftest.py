"""Documents to export: a documented case's example planned as ``rollout plan`` plans it, in
English and Persian, and the same with hostile text in every field a user can type."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rollout.assessment_file import assessment_from_data
from rollout.content.loader import Content
from rollout.domain.assessment import Assessment
from rollout.domain.plan import Blackout, BlackoutKind, PlanOptions
from rollout.exports import ActionItem, Branding, ExportDocument, TrainingItem, TrainingWave
from rollout.i18n import Language
from rollout.risk.engine import assess
from rollout.schedule.scenarios import plan_scenarios

CASE = "hershey-1999"
# What a hostile user types: markup, a spreadsheet formula, markdown, and (where a field takes
# several lines) a line break followed by a forged calendar event.
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://evil.example/?x","click")'
MARKDOWN = "**bold** [link](http://evil.example) ![i](http://evil.example/i.png)"
CALENDAR = "\r\nBEGIN:VEVENT\r\nSUMMARY:forged\r\nEND:VEVENT"
ONE_LINE = f"{SCRIPT} {FORMULA} {MARKDOWN}"
PAYLOAD = f"{FORMULA} {SCRIPT} {MARKDOWN}{CALENDAR}"
PERSIAN_ORGANISATION = "شیرینی‌پزی بندرگاه"


def _case_assessment(content: Content, *, hostile: bool, persian: bool) -> Assessment:
    data: dict[str, Any] = dict(content.cases[CASE].example)
    data.setdefault("name", CASE)
    data = {**data, "organisation": dict(data["organisation"]),
            "programme": dict(data["programme"])}
    if persian:
        data["organisation"]["name"] = PERSIAN_ORGANISATION
    if hostile:
        data["organisation"]["name"] = f"{ONE_LINE} org"
        units = [dict(u) for u in data["programme"]["business_units"]]
        for n, unit in enumerate(units):
            unit["name"] = f"{FORMULA[:40]} unit {n}"
        data["programme"]["business_units"] = units
    return assessment_from_data(data, content, source="test")


def make_document(content: Content, language: Language = Language.EN, *, hostile: bool = False,
                  training: bool = False, generated_on: dt.date = dt.date(2026, 11, 28),
                  programme_id: str = "p" * 32) -> ExportDocument:
    assessment = _case_assessment(content, hostile=hostile,
                                  persian=language is Language.FA)
    report = assess(assessment, content)
    blackouts = []
    if hostile:
        start = assessment.programme.start_date + dt.timedelta(days=30)
        blackouts.append(Blackout(name=f"{ONE_LINE} freeze", kind=BlackoutKind.FREEZE,
                                  start=start, end=start + dt.timedelta(days=6),
                                  reason=PAYLOAD))
    plan = plan_scenarios(assessment, content, PlanOptions(blackouts=blackouts), report,
                          compare=False).plan
    text = PAYLOAD if hostile else ""
    first_wave = plan.waves[0].id if plan.waves else None
    return ExportDocument(
        organisation_id="o" * 32,
        organisation=(PAYLOAD if hostile else assessment.organisation.name),
        programme_id=programme_id,
        programme=(PAYLOAD if hostile else "CRM rollout"),
        generated_on=generated_on, language=language, report=report, plan=plan,
        content=content, answers=assessment.answers,
        actions=(ActionItem(id="a" * 32, title=text or "Appoint a system owner",
                            owner=text or "Ann Owner", due_date=dt.date(2026, 3, 2),
                            status="open", factor=report.risks[0].factor),),
        training=((TrainingItem(id="t1", name=text or "Sales basics", wave=first_wave,
                                start=plan.start, end=plan.start + dt.timedelta(days=4),
                                trainees=40, completion_pct=55.0),) if training else ()),
        training_waves=((TrainingWave(wave=first_wave, trainees=40, trained=22,
                                      threshold_pct=90.0, deadline=plan.start,
                                      forecast=plan.start + dt.timedelta(days=20),
                                      status="at_risk", overdue=18),)
                        if training and first_wave else ()),
        training_overdue=18 if training else 0,
        branding=Branding(firm_name=text or "Acme Consulting", accent_colour="#225588"),
    )


@pytest.fixture(scope="session")
def english(content: Content) -> ExportDocument:
    return make_document(content, Language.EN, training=True)


@pytest.fixture(scope="session")
def persian(content: Content) -> ExportDocument:
    return make_document(content, Language.FA, training=True)


@pytest.fixture(scope="session")
def hostile(content: Content) -> ExportDocument:
    return make_document(content, Language.EN, hostile=True, training=True)


@pytest.fixture(params=[Language.EN, Language.FA], ids=["en", "fa"], scope="session")
def document(request: pytest.FixtureRequest, english: ExportDocument,
             persian: ExportDocument) -> ExportDocument:
    return english if request.param is Language.EN else persian
