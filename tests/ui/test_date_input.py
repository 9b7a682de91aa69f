"""The Jalali date widget's reading: what it shows a Persian reader reads back as the same day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollout.i18n import Language, LocalisedInputError
from rollout.i18n.normalise import to_persian_digits
from rollout.ui.date_input import date_from_widget, jalali_text, read_date

# Jalali 1300–1499, the years parse_date reads as Jalali.
DAYS = st.dates(min_value=dt.date(1921, 3, 21), max_value=dt.date(2121, 3, 20))


@given(DAYS, st.sampled_from(["latin", "persian"]))
def test_a_shown_jalali_date_reads_back_as_the_same_day(day: dt.date, digits: str) -> None:
    shown = jalali_text(day, digits=digits)  # type: ignore[arg-type]
    assert read_date(shown, Language.FA) == day
    assert date_from_widget(shown, Language.FA) == day


@given(DAYS)
def test_gregorian_iso_and_persian_digits_are_read_too(day: dt.date) -> None:
    assert read_date(day.isoformat(), Language.FA) == day
    assert read_date(to_persian_digits(day.isoformat()), Language.FA) == day


def test_known_days_and_refusals() -> None:
    assert jalali_text(dt.date(2024, 3, 20)) == "1403/01/01"  # Nowruz 1403
    assert read_date("۱۴۰۳/۰۱/۱۵", Language.FA) == dt.date(2024, 4, 3)
    assert read_date("  ", Language.FA) is None
    for text in ("1402/12/30", "03/04/2024", "not a date"):
        with pytest.raises(LocalisedInputError):
            read_date(text, Language.FA)
    with pytest.raises(LocalisedInputError) as refused:
        read_date("1403/01/15", Language.FA, max_value=dt.date(2024, 1, 1))
    assert refused.value.code == "date-out-of-range"
