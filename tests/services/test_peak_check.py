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


def test_the_timing_sentence_reads_in_persian_with_jalali_dates_and_the_seasons_persian_name(
        content: Content) -> None:
    from rollout.content.schema import text_in
    from rollout.i18n import Language
    from rollout.i18n.dates import format_date

    a = example_assessment(content, "hershey-1999")
    text = describe_peak_timing(a.organisation, a.programme, content.presets, lang=Language.FA)
    halloween = next(w for p in content.presets.values() for w in p.windows
                     if w.name["en"].startswith("Halloween orders"))
    assert text_in(halloween.name, "fa") in text
    assert format_date(a.programme.target_go_live, Language.FA) in text
    assert "falls inside" not in text and "Halloween" not in text.replace(
        text_in(halloween.name, "fa"), "")
    clear = a.programme.model_copy(update={"target_go_live": dt.date(1999, 4, 26)})
    assert "weeks before" not in describe_peak_timing(a.organisation, clear, content.presets,
                                                      lang=Language.FA)
