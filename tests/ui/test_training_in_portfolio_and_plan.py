"""Training shown where the executive and the consultant look: completion per organisation on
the portfolio, and each wave's training gate on the plan page (issue 14, item 4)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from rollout.services import add_course, course_from, import_training_file
from rollout.training.imports import ImportKind
from tests.training.conftest import csv_bytes
from tests.ui.conftest import ORG_A, ORG_B, Seeded, all_text, app_as

UNIT = "Sales and customer service"  # a unit of the seeded Hershey programme
ROSTER = csv_bytes([(f"E{i}", f"Person {i}", f"p{i}@example.test", UNIT, "Rep", "en", "")
                    for i in range(1, 4)])


def _train_one_of_three(seeded: Seeded, organisation_id: str) -> None:
    import_training_file(seeded.db, actor=seeded.admin, organisation_id=organisation_id,
                         data=ROSTER, kind=ImportKind.ROSTER, dry_run=False)
    add_course(seeded.db, actor=seeded.admin, organisation_id=organisation_id,
               course=course_from({"code": "CRM-101", "title": "CRM basics",
                                   "duration_hours": 4}))
    done = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    import_training_file(seeded.db, actor=seeded.admin, organisation_id=organisation_id,
                         data=csv_bytes([("E1", "CRM-101", done)],
                                        header="employee_id,course,completed_on"),
                         kind=ImportKind.COMPLETIONS, dry_run=False)


def test_the_portfolio_shows_each_organisations_own_training_completion(
        seeded: Seeded) -> None:
    _train_one_of_three(seeded, seeded.org_a)
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="portfolio.py")
    assert not at.exception, at.exception
    rows = {r["organisation"]: r for r in at.dataframe[0].value.to_dict("records")}
    assert round(rows[ORG_A]["training"], 1) == 33.3
    assert rows[ORG_A]["waves at risk"] >= 1  # nobody booked, no pace for the rest
    # Organisation B has no roster: A's people never count in B's figures.
    assert rows[ORG_B]["training"] is None or rows[ORG_B]["training"] != \
        rows[ORG_B]["training"]  # None, or NaN in the table


def test_the_portfolio_in_persian_shows_the_completion_in_persian(
        seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    _train_one_of_three(seeded, seeded.org_a)
    monkeypatch.setenv("ROLLOUT_LANGUAGE", "fa")
    at = app_as(seeded.admin, organisation_id=seeded.org_a, page="portfolio.py")
    assert not at.exception, at.exception
    rows = {r["organisation"]: r for r in at.dataframe[0].value.to_dict("records")}
    assert "۳۳" in rows[ORG_A]["training"]
    labels = json.loads(at.dataframe[0].proto.columns)
    assert (labels["training"]["label"], labels["waves at risk"]["label"]) == (
        "درصد تکمیل آموزش", "موج‌های در خطر")


def test_the_plan_page_shows_training_against_each_waves_gate(seeded: Seeded) -> None:
    _train_one_of_three(seeded, seeded.org_a)
    at = app_as(seeded.users["executive"], organisation_id=seeded.org_a, page="plan.py")
    assert not at.exception, at.exception
    table = next(df.value for df in at.dataframe if "training deadline" in df.value.columns)
    row = next(r for r in table.to_dict("records") if r["trained"] == "1 of 3")
    assert (row["completion"], row["threshold"]) == ("33%", "90%")
    assert row["status"].startswith(("no forecast", "at risk", "on track"))
    assert "Training against each wave's gate" in all_text(at)


def test_the_plan_page_shows_no_training_table_without_a_roster(seeded: Seeded) -> None:
    at = app_as(seeded.users["executive"], organisation_id=seeded.org_b, page="plan.py")
    assert not at.exception, at.exception
    assert not any("training deadline" in df.value.columns for df in at.dataframe)
