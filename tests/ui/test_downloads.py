"""D7 and D12: table downloads are governed. The tables' own CSV export is off for everyone; the
offered downloads need the export right and never carry a live formula (that a download is
audited is checked in the browser: tests/browser/test_sessions.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tomllib

import pytest

from rollout.persistence.records import MitigationActionInput
from rollout.services.mitigation import add_mitigation_action
from rollout.ui.downloads import table_csv
from tests.ui.conftest import ROOT, Seeded, app_as

HOSTILE = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "@SUM(1,2)", "-2+3", "\tx"]


def test_d7_the_tables_own_download_is_off_for_every_role() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_d12_a_downloaded_table_has_no_live_formula_and_keeps_numbers() -> None:
    text = table_csv([{"title": value, "count": 3, "share": "-2.5"} for value in HOSTILE])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["title"] for r in rows] == ["'" + value for value in HOSTILE]
    assert all(r["count"] == "3" and r["share"] == "-2.5" for r in rows)


def _with_action(seeded: Seeded) -> None:
    add_mitigation_action(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                          assessment_id=seeded.assessment_a, action=MitigationActionInput(
                              title=HOSTILE[0], owner=HOSTILE[1], due_date=dt.date(2030, 1, 1)))


def _downloads(seeded: Seeded, role: str, page: str) -> list[str]:
    at = app_as(seeded.users[role], organisation_id=seeded.org_a, page=page)
    assert not at.exception, at.exception
    return [element.proto.label for element in at.get("download_button")]


@pytest.mark.parametrize(("role", "offered"), [
    ("trainer", False), ("executive", True), ("project_owner", True), ("consultant", True)])
def test_d7_the_actions_download_is_offered_only_with_the_export_right(
    seeded: Seeded, role: str, offered: bool,
) -> None:
    _with_action(seeded)
    labels = _downloads(seeded, role, "actions.py")
    assert ("Download these actions (CSV)" in labels) is offered
