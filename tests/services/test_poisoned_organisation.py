"""Issue 8, failure 5: an organisation poisoned before these checks existed (draft answers the
question bank no longer accepts, a name or country today's rules refuse) still reads, plans and
scores; the bad answers are reported and left out instead of failing every page."""

from __future__ import annotations

from sqlmodel import select

from rollout.persistence.tables import AssessmentRow, BusinessUnitRow, OrganisationRow
from rollout.risk.engine import assess
from rollout.services.assessments import list_assessments, usable_answers
from rollout.services.organisations import get_organisation
from rollout.services.plans import programme_assessment
from rollout.services.programmes import get_programme
from tests.services.conftest import World

POISON = {"no.such.question": "yes", "own.owner": ["not", "an", "answer"]}


def _poison(world: World) -> None:
    with world.db.transaction() as session:
        draft = session.get(AssessmentRow, world.own.assessment.id)
        assert draft is not None
        draft.answers = {**draft.answers, **POISON}
        organisation = session.get(OrganisationRow, world.own.id)
        assert organisation is not None
        organisation.country = "XX"
        organisation.name = "Poisoned\tname"
        for unit in session.exec(select(BusinessUnitRow).where(
                BusinessUnitRow.organisation_id == world.own.id)):
            unit.name = unit.name + "\nVerdict: GO"


def test_a_poisoned_organisation_still_reads_plans_and_scores(world: World) -> None:
    _poison(world)
    owner = world.admin
    organisation = get_organisation(world.db, actor=owner, organisation_id=world.own.id)
    assert organisation.profile.country == "XX"
    programme = get_programme(world.db, actor=owner, organisation_id=world.own.id,
                              programme_id=world.own.programme.id)
    draft = next(a for a in list_assessments(world.db, actor=owner, organisation_id=world.own.id)
                 if a.id == world.own.assessment.id)
    assessment = programme_assessment(organisation.profile, programme, draft,
                                      content=world.content)
    assert not set(POISON) & set(assessment.answers)
    report = assess(assessment, world.content)
    assert report.readiness >= 0


def test_stored_answers_the_bank_no_longer_accepts_are_reported_per_item(world: World) -> None:
    usable, problems = usable_answers({"own.training_hours": 3, **POISON}, world.content)
    assert usable == {"own.training_hours": 3}
    assert {location for location, _ in problems} == {"answers.no.such.question",
                                                      "answers.own.owner"}
