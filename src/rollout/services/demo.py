"""The demo organisation: a (fictional) confectionery manufacturer, clearly named as a demo.

1,800 staff in 12 business units, 5 legacy platforms, Valentine's, Easter and Halloween peaks
(the ``confectionery`` preset), a change freeze, a concurrent ERP upgrade, a half-answered draft
assessment, a few mitigation actions, and a training roster with courses, completions and
booked sessions. Loading it twice changes nothing. It creates no user
accounts (there are no default passwords): administrators see every organisation.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from rollout.assessment_file import assessment_from_data
from rollout.content.loader import Content
from rollout.domain.assessment import AnswerValue, Assessment, Organisation, Programme
from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence import training_repositories as trepo
from rollout.persistence.database import Database
from rollout.persistence.mapping import (
    encode_answers,
    organisation_record,
    organisation_values,
    programme_children,
    programme_record,
    programme_values,
    snapshot_values,
)
from rollout.persistence.records import (
    ActionStatus,
    MitigationActionInput,
    OrganisationRecord,
    ProgrammeBlackout,
)
from rollout.persistence.tables import (
    AssessmentRow,
    AssessmentSnapshotRow,
    MitigationActionRow,
    OrganisationRow,
    ProgrammeRow,
    TrainingCourseRow,
    TrainingSessionRow,
    new_id,
    utc_now,
)
from rollout.risk.engine import assess
from rollout.services.access import Actor, use_case
from rollout.services.plans import with_stored_training

DEMO_NAME = "Harbour Lane Confectionery (DEMO)"
PROGRAMME_NAME = "CRM rollout 2027"
ASSESSMENT_NAME = "Readiness review, spring 2027"

PROFILE = Organisation(
    name=DEMO_NAME, industry="confectionery", country="GB", size="large",
    strategy_theme="operational_excellence",
    competitive_strategy="differentiation",
    customer_segments=["b2b", "b2c"],
    customers=4_200, peak_revenue_share_pct=38.0,
)

_PLATFORMS = [
    {"name": "SAP SD order entry", "kind": "erp", "records": 2_400_000, "data_quality": 3,
     "integrations": ["EDI hub", "Warehouse system"], "entered_by_agents": True},
    {"name": "Dynamics CRM 2011", "kind": "crm", "records": 650_000, "data_quality": 2,
     "integrations": ["SAP SD order entry"], "entered_by_agents": True},
    {"name": "Trade promotion workbooks", "kind": "spreadsheet", "records": 40_000,
     "data_quality": 1},
    {"name": "Zendesk", "kind": "helpdesk", "records": 900_000, "data_quality": 4,
     "integrations": ["Web shop"]},
    {"name": "Web shop", "kind": "ecommerce", "records": 1_200_000, "data_quality": 3,
     "integrations": ["SAP SD order entry", "Payment provider"]},
]

# (name, staff, region, country, legacy platforms used); the staff add up to 1,800.
_UNITS = [
    ("UK grocery key accounts", 180, "UK", "GB", ["SAP SD order entry", "Dynamics CRM 2011",
                                                  "Trade promotion workbooks"]),
    ("UK convenience and wholesale", 220, "UK", "GB", ["SAP SD order entry", "Dynamics CRM 2011"]),
    ("UK field sales", 240, "UK", "GB", ["Dynamics CRM 2011", "Trade promotion workbooks"]),
    ("Ireland sales", 90, "Ireland", "IE", ["SAP SD order entry", "Dynamics CRM 2011"]),
    ("Export sales EMEA", 110, "EMEA", None, ["SAP SD order entry"]),
    ("Customer service centre", 260, "UK", "GB", ["Zendesk", "SAP SD order entry"]),
    ("E-commerce and direct to consumer", 70, "UK", "GB", ["Web shop", "Zendesk"]),
    ("Trade marketing", 85, "UK", "GB", ["Trade promotion workbooks"]),
    ("Seasonal planning (Easter and Halloween)", 60, "UK", "GB", ["Trade promotion workbooks"]),
    ("Finance and credit control", 95, "UK", "GB", ["SAP SD order entry"]),
    ("Supply chain and customer logistics", 310, "UK", "GB", ["SAP SD order entry"]),
    ("Factory outlet shops", 80, "UK", "GB", ["Web shop"]),
]

PROGRAMME = Programme.model_validate({
    "target_system": "CRM (sales, service and marketing)",
    "modules": ["sales", "service", "marketing"],
    "start_date": dt.date(2027, 1, 11),
    # Inside the Halloween ramp-up on purpose: the demo shows the calendar at work.
    "target_go_live": dt.date(2027, 9, 6),
    "approach": "pilot_then_waves",
    "users_total": 1_800,
    "hypercare_weeks": 6,
    "business_units": [
        {"name": n, "users": u, "region": r, "country": c, "legacy_platforms": p}
        for n, u, r, c, p in _UNITS
    ],
    "legacy_platforms": _PLATFORMS,
    "peak_seasons": [{"name": "Confectionery gifting seasons", "preset": "confectionery"}],
    "concurrent_projects": [
        {"name": "SAP S/4HANA upgrade", "kind": "erp", "start": dt.date(2027, 2, 1),
         "end": dt.date(2027, 11, 30)},
    ],
})

BLACKOUTS = (
    ProgrammeBlackout(name="Year-end change freeze", start=dt.date(2027, 12, 13),
             end=dt.date(2028, 1, 7), reason="finance closes the year; no system changes"),
    ProgrammeBlackout(name="Stock-take", start=dt.date(2027, 6, 28), end=dt.date(2027, 7, 2),
             reason="warehouse and order entry closed"),
)

# A draft half-way through: some strengths, some gaps, many questions still open.
ANSWERS: dict[str, AnswerValue] = {
    "strategy.goals_defined": "yes",
    "strategy.goals_customer_view": "partial",
    "strategy.theme": "operational_excellence",
    "strategy.competitive_position": "differentiation",
    "strategy.needs_before_vendor": "yes",
    "strategy.products_compared": "yes",
    "strategy.trial_run": "no",
    "ownership.system_owner": "yes",
    "ownership.sponsor_appointed": "yes",
    "ownership.sponsor_engagement": 4,
    "ownership.sponsor_beyond_go_live": "unknown",
    "ownership.steering_committee": "yes",
    "ownership.exec_decisions_from_data": "one_or_two",
    "ownership.budget_committed": "partial",
    "data.platforms_profiled": "partial",
    "data.cleansing_plan": "no",
    "data.trial_migrations": 1,
    "data.agent_data_controls": "no",
    "phasing.pilot_planned": "yes",
    "phasing.concurrent_major_project": "yes",
    "phasing.processes_defined": "partial",
    "timing.peak_known": "yes",
    "training.plan_per_role": "partial",
    "training.hours_per_user": 4,
    "training.super_users": "yes",
    "cx.segments_defined": "yes",
    "ops.hypercare_planned": "yes",
}

ACTIONS = (
    MitigationActionInput(
        title="Profile Dynamics CRM 2011 and the promotion workbooks; agree a cleansing plan",
        owner="Head of Sales Operations", due_date=dt.date(2027, 3, 31),
        status=ActionStatus.IN_PROGRESS),
    MitigationActionInput(
        title="Move go-live out of the Halloween ramp-up (before mid-August or after November)",
        owner="Programme sponsor (CCO)", due_date=dt.date(2027, 2, 26)),
    MitigationActionInput(
        title="Agree release slots with the S/4HANA upgrade programme",
        owner="CRM programme manager", due_date=dt.date(2027, 2, 12)),
)


# The curriculum: (code, title, hours, mode, CRM modules, roles that need it, super-user track).
COURSES: tuple[tuple[str, str, float, str, list[str], list[str], bool], ...] = (
    ("CRM-101", "CRM basics: accounts, contacts, activities", 4.0, "classroom",
     ["sales", "service", "marketing"], [], False),
    ("CRM-201", "Opportunities and the sales pipeline", 3.0, "blended", ["sales"],
     ["Sales representative", "Key account manager"], False),
    ("CRM-301", "The service console and cases", 3.0, "classroom", ["service"],
     ["Service agent"], False),
    ("SU-100", "Super-user track: configuration, first-line support", 12.0, "classroom",
     ["sales", "service"], [], True),
)
TRAINEES_PER_UNIT = 10


def _role_for(unit: str, position: int) -> str:
    if "service" in unit.casefold():
        return "Service agent"
    if "key accounts" in unit.casefold():
        return "Key account manager"
    if "sales" in unit.casefold():
        return "Sales representative" if position % 4 else "Sales manager"
    return "Back-office user"


def _demo_training(session: Session, organisation_id: str, actor: Actor, today: dt.date) -> int:
    """A roster (ten people per unit), the curriculum, completions over the last four weeks in
    the first three units, and sessions booked in the coming weeks: a trainer who opens the
    demo sees live figures and forecasts at once."""
    courses = {}
    for code, title, hours, mode, modules, roles, super_user in COURSES:
        courses[code] = trepo.add_course(session, organisation_id=organisation_id,
                                         row=TrainingCourseRow(
                                             organisation_id=organisation_id, code=code,
                                             title=title, duration_hours=hours,
                                             delivery_mode=mode, modules=modules,
                                             required_roles=roles, super_user_track=super_user))
    people = []
    for u, (unit, *_) in enumerate(_UNITS):
        for n in range(TRAINEES_PER_UNIT):
            people.append({"employee_id": f"HL{u + 1:02d}{n + 1:03d}",
                           "name": f"Demo person {u + 1}.{n + 1}",
                           "email": f"person.{u + 1}.{n + 1}@harbour-lane.example",
                           "unit": unit, "job_role": _role_for(unit, n), "language": "en",
                           "super_user": n == 0})
    trepo.insert_trainees(session, organisation_id=organisation_id, values=people)
    ids = {e: i for i, e, _ in trepo.trainee_keys(session, organisation_id=organisation_id)}
    completions = []
    for u in range(3):  # the pilot candidates have started: 7 of 10 through the basics
        for n in range(7):
            completions.append({"trainee_id": ids[f"HL{u + 1:02d}{n + 1:03d}"],
                                "course_id": courses["CRM-101"].id,
                                "completed_on": today - dt.timedelta(days=3 + 3 * n),
                                "passed": True, "score": 70.0 + 3 * n, "source": "entry"})
    trepo.insert_completions(session, organisation_id=organisation_id, values=completions)
    for week, u in enumerate(range(3, 6)):  # the next units are booked on the basics
        booked = trepo.add_session(session, organisation_id=organisation_id,
                                   row=TrainingSessionRow(
                                       organisation_id=organisation_id,
                                       course_id=courses["CRM-101"].id,
                                       starts_at=dt.datetime.combine(
                                           today + dt.timedelta(weeks=week + 1), dt.time(9),
                                           tzinfo=dt.UTC),
                                       trainer="Demo trainer", capacity=12,
                                       location="Training room 2", created_by=actor.email))
        trepo.add_enrolments(session, organisation_id=organisation_id, session_id=booked.id,
                             trainee_ids=[ids[f"HL{u + 1:02d}{n + 1:03d}"]
                                          for n in range(TRAINEES_PER_UNIT)])
    return len(people)


def load_demo(db: Database, *, actor: Actor, content: Content) -> tuple[OrganisationRecord, bool]:
    """Create the demo organisation unless it exists; return it and whether it was created."""
    # Checked like a submission (answers and the peak preset), so the demo always scores.
    scorable = assessment_from_data(
        Assessment(name=ASSESSMENT_NAME, organisation=PROFILE, programme=PROGRAMME,
                   answers=ANSWERS).model_dump(),
        content, source="demo data")
    answers = scorable.answers
    # Submitted once (below, with the demo's training figures), so the executive's dashboard has
    # something to show at once and actions can be added against its risks (walkthrough: first
    # run, D20).
    with use_case(db, actor) as uc:
        uc.authorise_global(ObjectType.ORGANISATION, Action.EDIT)
        existing = repo.find_organisation_by_name(uc.session, name=DEMO_NAME)
        if existing is not None:
            return organisation_record(existing), False
        org = repo.add_organisation(uc.session, row=OrganisationRow(**organisation_values(PROFILE)))
        programme_id = new_id()
        repo.add_programme(
            uc.session, organisation_id=org.id,
            row=ProgrammeRow(id=programme_id, organisation_id=org.id,
                             **programme_values(PROGRAMME_NAME, PROGRAMME)),
            children=programme_children(PROGRAMME, BLACKOUTS, organisation_id=org.id,
                                        programme_id=programme_id))
        assessment = repo.add_assessment(uc.session, organisation_id=org.id, row=AssessmentRow(
            organisation_id=org.id, programme_id=programme_id, name=ASSESSMENT_NAME,
            answers=encode_answers(answers)))
        for action in ACTIONS:
            repo.add_action(uc.session, organisation_id=org.id, row=MitigationActionRow(
                organisation_id=org.id, assessment_id=assessment.id, created_by=actor.email,
                title=action.title, owner=action.owner, due_date=action.due_date,
                status=action.status.value, factor=action.factor, notes=action.notes))
        trainees = _demo_training(uc.session, org.id, actor, utc_now().date())
        # Scored with the demo's training figures, so the dashboard shows their risk at once.
        scorable = with_stored_training(
            uc.session, organisation_id=org.id,
            record=programme_record(*repo.get_programme(uc.session, organisation_id=org.id,
                                                        programme_id=programme_id)),
            assessment=scorable, content=content, today=utc_now().date())
        report = assess(scorable, content, at=utc_now().date())
        repo.add_snapshot(uc.session, organisation_id=org.id, row=AssessmentSnapshotRow(
            organisation_id=org.id, assessment_id=assessment.id, sequence=1,
            submitted_by=actor.email, **snapshot_values(scorable, report)))
        uc.audit("demo.load", organisation_id=org.id, object_type=ObjectType.ORGANISATION,
                 object_id=org.id, after={
                     "name": DEMO_NAME, "programme": PROGRAMME_NAME,
                     "business_units": len(PROGRAMME.business_units),
                     "legacy_platforms": len(PROGRAMME.legacy_platforms),
                     "staff": PROGRAMME.users_total, "answers": len(answers),
                     "snapshot_readiness": report.readiness,
                     "mitigation_actions": len(ACTIONS), "trainees": trainees,
                     "courses": len(COURSES)})
        return organisation_record(org), True
