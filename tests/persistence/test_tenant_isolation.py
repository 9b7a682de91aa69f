"""Repositories never cross organisations, and the database refuses rows that would."""

from __future__ import annotations

import datetime as dt

import pytest

from rollout.errors import ConflictError, NotFoundError
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import ProgrammeChildren
from rollout.persistence.tables import (
    AssessmentRow,
    BusinessUnitRow,
    OrganisationRow,
    ProgrammeRow,
)


def _organisation(db: Database, name: str) -> tuple[str, str, str]:
    """An organisation with a programme and an assessment; their ids."""
    with db.transaction() as session:
        org = repo.add_organisation(session, row=OrganisationRow(
            name=name, industry="retail", country="GB", size="medium",
            strategy_theme="undecided", competitive_strategy="undecided"))
        programme = ProgrammeRow(organisation_id=org.id, name="CRM", target_system="CRM",
                                 start_date=dt.date(2026, 1, 1),
                                 target_go_live=dt.date(2026, 6, 1), approach="phased",
                                 users_total=10, hypercare_weeks=4)
        repo.add_programme(session, organisation_id=org.id, row=programme,
                           children=ProgrammeChildren())
        assessment = repo.add_assessment(session, organisation_id=org.id, row=AssessmentRow(
            organisation_id=org.id, programme_id=programme.id, name="A"))
        return org.id, programme.id, assessment.id


def test_reading_with_another_organisations_id_is_the_same_as_a_missing_id(db: Database) -> None:
    own, _, _ = _organisation(db, "Own")
    _, other_programme, other_assessment = _organisation(db, "Other")
    with db.reading() as session:
        for lookup, object_id, what in (
            (lambda i: repo.get_programme(session, organisation_id=own, programme_id=i),
             other_programme, "programme"),
            (lambda i: repo.get_assessment(session, organisation_id=own, assessment_id=i),
             other_assessment, "assessment"),
        ):
            messages = []
            for candidate in (object_id, "9" * 32):
                with pytest.raises(NotFoundError) as caught:
                    lookup(candidate)
                messages.append(str(caught.value).replace(candidate, "<id>"))
            assert messages == [f"no {what} with id '<id>' in this organisation"] * 2


def test_lists_return_only_the_organisations_own_rows(db: Database) -> None:
    own, own_programme, own_assessment = _organisation(db, "Own")
    _organisation(db, "Other")
    with db.reading() as session:
        assert [p.id for p in repo.list_programmes(session, organisation_id=own)] == [own_programme]
        assert [a.id for a in repo.list_assessments(session, organisation_id=own)] == [
            own_assessment]
        assert repo.list_actions(session, organisation_id=own) == []
        assert repo.list_decisions(session, organisation_id=own) == []


def test_updating_with_another_organisations_id_finds_nothing(db: Database) -> None:
    own, _, _ = _organisation(db, "Own")
    _, _, other_assessment = _organisation(db, "Other")
    with pytest.raises(NotFoundError), db.transaction() as session:
        repo.update_assessment(session, organisation_id=own, assessment_id=other_assessment,
                               expected_version=1, values={"name": "hijacked"})
    with db.reading() as session:
        untouched = session.get(AssessmentRow, other_assessment)
        assert untouched is not None and untouched.name == "A" and untouched.version == 1


@pytest.mark.parametrize("child", ["assessment", "business_unit"])
def test_the_database_refuses_a_row_that_points_into_another_organisation(
    db: Database, child: str
) -> None:
    own, _, _ = _organisation(db, "Own")
    _, other_programme, _ = _organisation(db, "Other")
    row: object = (
        AssessmentRow(organisation_id=own, programme_id=other_programme, name="Sneaky")
        if child == "assessment" else
        BusinessUnitRow(organisation_id=own, programme_id=other_programme, position=0,
                        name="Sneaky", users=1, region="main"))
    with pytest.raises(ConflictError), db.transaction() as session:
        session.add(row)
