"""Programme setup: out-of-range numbers get messages (D9), every problem is listed at once,
and the page warns about a go-live inside a peak (D15) and units that do not add up (D18)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from rollout.services import get_programme
from tests.ui.conftest import Seeded, app_as, shown


def _page(seeded: Seeded) -> AppTest:
    at = app_as(seeded.users["project_owner"], organisation_id=seeded.org_a,
                page="programme_setup.py")
    assert not at.exception, at.exception
    return at


def _save(at: AppTest) -> AppTest:
    next(b for b in at.button if b.label == "Save programme").click().run()
    assert not at.exception, at.exception
    return at


def test_d9_out_of_range_numbers_are_refused_with_every_message_at_once(seeded: Seeded) -> None:
    before = get_programme(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                           programme_id=seeded.programme_a)
    at = _page(seeded)
    at.number_input(key="prog_users").set_value(-50)
    at.number_input(key="prog_hypercare").set_value(99)
    errors = [shown(e.value) for e in _save(at).error]
    assert "Users in total: must be 0 or more" in errors
    assert "Hypercare (weeks): must be 52 or less" in errors
    assert not any("should be" in e for e in errors)  # no pydantic wording
    after = get_programme(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                          programme_id=seeded.programme_a)
    assert after.version == before.version  # nothing saved


def test_d15_a_go_live_inside_a_peak_is_warned_on_the_setup_page(seeded: Seeded) -> None:
    # The seeded programme is Hershey's: its go-live falls in the maker's Halloween ordering season.
    target = get_programme(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                           programme_id=seeded.programme_a).programme.target_go_live
    warnings = [shown(w.value) for w in _page(seeded).warning]
    assert any(str(target) in w and "Halloween" in w for w in warnings)


def test_d18_units_that_do_not_add_up_to_the_total_are_warned(seeded: Seeded) -> None:
    record = get_programme(seeded.db, actor=seeded.admin, organisation_id=seeded.org_a,
                           programme_id=seeded.programme_a)
    units = sum(u.users for u in record.programme.business_units)
    at = _page(seeded)
    assert not any("add up to" in w.value for w in at.warning)
    at.number_input(key="prog_users").set_value(units + 40)
    _save(at)
    assert any(f"add up to {units:,} users" in w.value and f"{units + 40:,}" in w.value
               for w in at.warning)
