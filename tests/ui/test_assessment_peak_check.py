"""The assessment page shows the peak-season check computed from the dates beside the timing
questions (the self-reported timing questions were retired)."""

from __future__ import annotations

from tests.ui.conftest import Seeded, app_as, shown


def test_the_timing_dimension_shows_the_peak_check_computed_from_the_dates(
        seeded: Seeded) -> None:
    at = app_as(seeded.users["project_owner"], organisation_id=seeded.org_a,
                page="assessment.py")
    at.selectbox(key="assessment_dimension").set_value("timing_peak_season").run()
    assert not at.exception, at.exception
    assert any("go-live date" in shown(i.value) or "No peak seasons" in shown(i.value)
               for i in at.info)
