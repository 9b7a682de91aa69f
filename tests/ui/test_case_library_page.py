"""The case library page: filters by outcome, system type, cause and source."""

from __future__ import annotations

from tests.ui.conftest import Seeded, all_text, app_as


def test_case_library_filters_by_outcome_system_type_and_cause(seeded: Seeded) -> None:
    at = app_as(seeded.users["project_owner"], organisation_id=seeded.org_a,
                page="case_library.py")
    assert not at.exception, at.exception
    everything = len(at.expander)
    at.multiselect(key="cases_outcome").set_value([o for o in at.multiselect(
        key="cases_outcome").options if o == "recovered"]).run()
    assert not at.exception, at.exception
    recoveries = [e.label for e in at.expander]
    assert recoveries and all(label.endswith("recovered") for label in recoveries)
    assert len(recoveries) < everything
    at.multiselect(key="cases_outcome").set_value(
        list(at.multiselect(key="cases_outcome").options)).run()
    at.multiselect(key="cases_system_type").set_value(["ERP"]).run()
    assert all("· ERP ·" in e.label for e in at.expander) and at.expander
    at.multiselect(key="cases_system_type").set_value([]).run()
    at.selectbox(key="cases_cause").set_value("peak_season_timing").run()
    labels = [e.label for e in at.expander]
    assert any(label.startswith("Hershey") for label in labels)
    assert "Lessons" in all_text(at)

