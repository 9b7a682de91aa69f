"""Domain models survive the trip through the tables unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from rollout.domain.assessment import AnswerValue, Programme
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import (
    decode_answers,
    encode_answers,
    programme_children,
    programme_record,
    programme_values,
)
from rollout.persistence.records import ProgrammeBlackout
from rollout.persistence.tables import LoginAttemptRow, OrganisationRow, ProgrammeRow

PROGRAMME = Programme.model_validate({
    "target_system": "CRM", "modules": ["sales", "service"],
    "start_date": dt.date(2026, 1, 5), "target_go_live": dt.date(2026, 9, 7),
    "approach": "big_bang", "users_total": 1_200, "hypercare_weeks": 8,
    "business_units": [
        {"name": "North", "users": 700, "region": "north", "country": "GB",
         "legacy_platforms": ["Legacy B", "Legacy A"]},
        {"name": "South", "users": 500},
    ],
    "legacy_platforms": [
        {"name": "Legacy B", "kind": "crm", "records": 5_000_000_000, "data_quality": 2,
         "integrations": ["ERP"], "entered_by_agents": True},
        {"name": "Legacy A"},
    ],
    "peak_seasons": ["confectionery", {"name": "Sale", "start": dt.date(2026, 3, 1),
                                       "end": dt.date(2026, 3, 9), "recurring": True}],
    "concurrent_projects": [{"name": "ERP", "kind": "erp", "start": dt.date(2026, 2, 1),
                             "end": dt.date(2026, 5, 1)}],
})
BLACKOUTS = (ProgrammeBlackout(name="Freeze", start=dt.date(2026, 12, 14), end=dt.date(2027, 1, 4),
                      reason="year end"),)


def test_a_programme_with_all_its_parts_reads_back_equal_and_in_order(db: Database) -> None:
    with db.transaction() as session:
        org = repo.add_organisation(session, row=OrganisationRow(
            name="Org", industry="confectionery", country="GB", size="large",
            strategy_theme="undecided", competitive_strategy="undecided"))
        row = ProgrammeRow(organisation_id=org.id, **programme_values("Main", PROGRAMME))
        repo.add_programme(session, organisation_id=org.id, row=row, children=programme_children(
            PROGRAMME, BLACKOUTS, organisation_id=org.id, programme_id=row.id))
    with db.reading() as session:
        record = programme_record(*repo.get_programme(session, organisation_id=org.id,
                                                      programme_id=row.id))
    assert record.programme == PROGRAMME
    assert record.blackouts == BLACKOUTS
    assert record.name == "Main" and record.version == 1


def test_answers_keep_their_types_including_dates() -> None:
    answers: dict[str, AnswerValue] = {
        "q.date": dt.date(2026, 4, 1), "q.text": "2026-04-01", "q.list": ["a", "b"],
        "q.number": 4.5, "q.none": None, "q.scale": 3}
    stored = encode_answers(answers)
    assert stored["q.date"] == {"date": "2026-04-01"}
    assert decode_answers(stored) == answers
    assert isinstance(decode_answers(stored)["q.date"], dt.date)


def test_timestamps_read_back_in_utc_and_naive_ones_are_refused(db: Database) -> None:
    at = dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    with db.transaction() as session:
        session.add(LoginAttemptRow(email="a@example.org", succeeded=True, at=at))
    with db.reading() as session:
        stored = session.get(LoginAttemptRow, 1)
    assert stored is not None
    assert stored.at == at and stored.at.utcoffset() == dt.timedelta(0)
    with pytest.raises(Exception, match="timezone-aware"), db.transaction() as session:
        session.add(LoginAttemptRow(email="a@example.org", succeeded=True,
                                    at=dt.datetime(2026, 1, 1)))
        session.flush()
