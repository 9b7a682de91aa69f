"""The Exports page: offered by the permission matrix, produces every format it offers (audited),
saves brands; the Portfolio's "export all clients" for consultants."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from rollout.permissions import Role
from rollout.services import list_brands
from rollout.services.audit import list_audit_events
from rollout.ui.navigation import visible_specs
from tests.ui.conftest import Seeded, app_as


def _page(seeded: Seeded, role: str) -> AppTest:
    at = app_as(seeded.users[role], organisation_id=seeded.org_a, page="exports.py")
    assert not at.exception, at.exception
    return at


def test_consultants_owners_and_executives_see_the_page_trainers_do_not(seeded: Seeded) -> None:
    for role in ("consultant", "project_owner", "executive"):
        at = _page(seeded, role)
        assert [t.value for t in at.title] == ["Exports"]
        assert at.selectbox(key="exports_format").options
    shown = {s.file for s in visible_specs(role=Role.TRAINER, is_admin=False,
                                           organisations_count=1, is_consultant_anywhere=False)}
    assert "exports.py" not in shown
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app_as(seeded.users["trainer"], organisation_id=seeded.org_a, page="exports.py")


@pytest.mark.parametrize("label", ["Report (PDF)", "Workbook (Excel)", "Calendar (ICS)",
                                   "MS Project (XML)", "Tables (CSV, zipped)",
                                   "Report (HTML, one file)"])
def test_a_consultant_prepares_each_format_and_the_export_is_audited(
        seeded: Seeded, label: str) -> None:
    at = _page(seeded, "consultant")
    at.selectbox(key="exports_format").set_value(
        next(o for o in at.selectbox(key="exports_format").options if o == label)).run()
    at.button(key="exports_prepare").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.get("download_button")
    event = list_audit_events(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                              limit=1)[0]
    assert event.action == "export.programme"
    assert event.actor == seeded.users["consultant"].email


def test_the_json_bundle_is_offered_only_to_roles_that_may_export_the_organisation(
        seeded: Seeded) -> None:
    assert "Organisation bundle (JSON)" not in _page(seeded, "consultant").selectbox(
        key="exports_format").options
    assert "Organisation bundle (JSON)" in _page(seeded, "executive").selectbox(
        key="exports_format").options


def test_a_persian_export_is_prepared_in_persian(seeded: Seeded) -> None:
    at = _page(seeded, "project_owner")
    at.selectbox(key="exports_language").set_value(at.selectbox(
        key="exports_language").options[1]).run()
    at.button(key="exports_prepare").click().run()
    assert not at.exception and not at.error
    event = list_audit_events(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                              limit=1)[0]
    assert event.after is not None and event.after["language"] == "fa"


def test_a_brand_is_saved_for_its_owner_only(seeded: Seeded) -> None:
    at = _page(seeded, "consultant")
    at.text_input[0].input("House style")
    at.text_input[1].input("<b>Acme</b> & Co")
    next(b for b in at.button if b.label == "Save the brand").click().run()
    assert not at.exception, at.exception
    brands = list_brands(seeded.db, actor=seeded.users["consultant"])
    assert [(b.name, b.firm_name) for b in brands] == [("House style", "<b>Acme</b> & Co")]
    assert list_brands(seeded.db, actor=seeded.users["project_owner"]) == []
    at = _page(seeded, "consultant")
    assert "House style" in at.selectbox(key="exports_brand").options
    listed = [m.value for m in at.markdown if "House style" in m.value]
    assert listed and all("<b>" not in m for m in listed)  # markdown-escaped


def test_export_all_clients_is_offered_to_consultants_on_the_portfolio(seeded: Seeded) -> None:
    at = app_as(seeded.users["consultant"], page="portfolio.py")
    assert not at.exception, at.exception
    at.button(key="portfolio_export_all").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.get("download_button")
    event = list_audit_events(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                              limit=1)[0]
    assert (event.action, event.actor) == ("export.programme", seeded.users["consultant"].email)
    admin = app_as(seeded.admin, page="portfolio.py")  # a consultant nowhere: no such action
    assert not admin.exception
    assert all(b.key != "portfolio_export_all" for b in admin.button)
