"""The computed peak-season check shown beside the timing questions."""

from __future__ import annotations

import datetime as dt

from rollout.content.loader import Content, example_assessment
from rollout.services.peak_check import describe_peak_timing


def test_hersheys_july_go_live_is_reported_inside_the_makers_ordering_season(
        content: Content) -> None:
    a = example_assessment(content, "hershey-1999")
    text = describe_peak_timing(a.organisation, a.programme, content.presets)
    assert "falls inside" in text and "Halloween orders" in text


def test_a_go_live_clear_of_every_peak_reports_the_weeks_to_the_next(content: Content) -> None:
    a = example_assessment(content, "hershey-1999")
    programme = a.programme.model_copy(update={"target_go_live": dt.date(1999, 4, 26)})
    text = describe_peak_timing(a.organisation, programme, content.presets)
    assert "weeks before the next peak" in text


def test_no_peak_seasons_says_nothing_can_be_checked(content: Content) -> None:
    a = example_assessment(content, "hershey-1999")
    programme = a.programme.model_copy(update={"peak_seasons": []})
    assert "cannot check" in describe_peak_timing(a.organisation, programme, content.presets)
