"""Form problems in plain language (walkthrough D8, D13, D22): table, row and field named, no
pydantic wording, implausible and Jalali-looking dates caught before they are stored."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from rollout.domain.assessment import Programme
from rollout.i18n import Language
from rollout.i18n.dates import format_date
from rollout.services import ProgrammeBlackout
from rollout.ui import programme_tables as tables
from rollout.ui.form_errors import date_problems, describe_errors, table_date_problems
from tests.ui.conftest import shown

PROGRAMME = {"start_date": dt.date(2027, 1, 4), "target_go_live": dt.date(2027, 9, 6),
             "users_total": 100}


def _errors(data: dict[str, object]) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Programme.model_validate({**PROGRAMME, **data})
    # The lines are escaped for markdown; compare what the reader sees.
    return [shown(line) for line in describe_errors(caught.value)]


def test_d13_a_bad_country_names_table_row_and_field_in_plain_words() -> None:
    lines = _errors({"business_units": [{"name": "Sales", "users": 10},
                                        {"name": "Service", "users": 5, "country": "gb-x"}]})
    assert lines == ["Business units, row 2, country: use a two-letter country code in capitals, "
                     "such as GB, US or IR (not 'gb-x')"]
    assert not any("should match pattern" in line for line in lines)


def test_d9_d10_every_out_of_range_number_is_reported_at_once() -> None:
    lines = _errors({"users_total": -50, "hypercare_weeks": 99,
                     "business_units": [{"name": "Sales", "users": -30}]})
    assert sorted(lines) == sorted([
        "Users in total: must be 0 or more", "Hypercare (weeks): must be 52 or less",
        "Business units, row 1, users: must be 0 or more"])


def test_an_empty_required_text_says_it_must_not_be_empty() -> None:
    with pytest.raises(ValidationError) as caught:
        ProgrammeBlackout.model_validate({"name": "", "start": dt.date(2027, 1, 1),
                                 "end": dt.date(2027, 1, 2)})
    assert [shown(line) for line in describe_errors(caught.value, prefix=("blackouts", 2))] == [
        "Blackouts, row 3, name: must not be empty"]


def test_d8_a_jalali_date_in_a_date_cell_is_refused_with_its_gregorian_date() -> None:
    rows = [{"name": "Nowruz", "start": dt.date(1405, 1, 1), "end": dt.date(1405, 1, 13)},
            {"name": "Audit", "start": dt.date(2027, 5, 3), "end": dt.date(2027, 5, 7)}]
    problems = table_date_problems("Blackouts", rows)
    assert problems == [
        "Blackouts, row 1, start: 1405-01-01 is before 1900; enter a Gregorian date (it looks "
        "like a Jalali date: 1405-01-01 in the Jalali calendar is 2026-03-21)",
        "Blackouts, row 1, end: 1405-01-13 is before 1900; enter a Gregorian date (it looks "
        "like a Jalali date: 1405-01-13 in the Jalali calendar is 2026-04-02)"]


def test_a_year_before_1900_that_is_not_jalali_is_refused_without_a_hint() -> None:
    assert date_problems("Programme", [("start_date", dt.date(1066, 10, 14))]) == [
        "Programme, Programme start: 1066-10-14 is before 1900; enter a Gregorian date"]
    assert date_problems("Programme", [("start_date", dt.date(1999, 1, 4))]) == []


def test_d22_empty_text_cells_are_shown_empty_not_none() -> None:
    df = tables.frame([{"name": "Sales", "users": 10, "region": None, "country": None}],
                      tables.UNIT_COLUMNS)
    assert df.loc[0, "country"] == "" and df.loc[0, "legacy_platforms"] == ""
    assert df.loc[0, "region"] == ""
    assert "None" not in df.astype(str).to_numpy().ravel().tolist()


def test_a_models_own_check_is_shown_in_the_readers_language(
        monkeypatch: pytest.MonkeyPatch) -> None:
    english = _errors({"target_go_live": dt.date(2026, 6, 1)})
    assert english == ["target_go_live 2026-06-01 must be after start_date 2027-01-04"]
    monkeypatch.setenv("ROLLOUT_LANGUAGE", "fa")
    persian = _errors({"target_go_live": dt.date(2026, 6, 1)})
    persian += _errors({"concurrent_projects": [{"name": "ERP", "start": dt.date(2027, 5, 1),
                                                 "end": dt.date(2027, 2, 1)}]})
    assert len(persian) == 2 and not any(
        word in line for line in persian for word in ("must", "before", "after", "start_date"))
    assert format_date(dt.date(2026, 6, 1), Language.FA) in persian[0]
    assert all(format_date(day, Language.FA) in persian[1]
               for day in (dt.date(2027, 5, 1), dt.date(2027, 2, 1)))
