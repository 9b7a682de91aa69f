"""Jalali and Gregorian dates: display, input, week order and holiday names."""

from __future__ import annotations

import datetime

import jdatetime
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollout.i18n import Language, LocalisedInputError
from rollout.i18n.dates import (
    JALALI_MONTHS,
    first_weekday,
    format_date,
    holiday_names,
    jalali_hint,
    parse_date,
    probably_jalali,
    week_start,
    weekday_names,
)
from rollout.i18n.typography import check_persian

NOWRUZ_1403 = datetime.date(2024, 3, 20)
FARVARDIN_15_1403 = datetime.date(2024, 4, 3)
# The supported Jalali years 1300-1499, as Gregorian dates.
supported_dates = st.dates(min_value=datetime.date(1921, 3, 21), max_value=datetime.date(2121, 3, 20))


def test_persian_dates_are_jalali_with_persian_month_names() -> None:
    assert format_date(FARVARDIN_15_1403, Language.FA) == "15 فروردین 1403"
    assert format_date(FARVARDIN_15_1403, Language.FA, digits="persian") == "۱۵ فروردین ۱۴۰۳"
    assert format_date(FARVARDIN_15_1403, Language.FA, style="numeric") == "1403/01/15"
    assert format_date(NOWRUZ_1403, Language.FA, style="numeric", digits="persian") == "۱۴۰۳/۰۱/۰۱"


@given(st.dates(), st.sampled_from(list(Language)), st.sampled_from(["latin", "persian"]),
       st.sampled_from(["long", "numeric"]))
def test_any_date_can_be_shown(value: datetime.date, language: Language, digits: str, style: str) -> None:
    assert format_date(value, language, digits=digits, style=style)  # type: ignore[arg-type]


def test_a_date_beyond_the_jalali_calendar_is_shown_as_gregorian_iso() -> None:
    assert format_date(datetime.date(1, 1, 1), Language.FA) == "0001-01-01"


def test_english_dates_are_gregorian() -> None:
    assert format_date(FARVARDIN_15_1403, Language.EN) == "3 April 2024"
    assert format_date(FARVARDIN_15_1403, Language.EN, style="numeric") == "2024-04-03"


@pytest.mark.parametrize("typed", [
    "2024-04-03", "1403/01/15", "۱۴۰۳/۰۱/۱۵", "1403-01-15", "1403.1.15", "1403/1/15",
    "15 فروردین 1403", "۱۵ فروردين ۱۴۰۳", "3 April 2024", "April 3, 2024", "3 Apr 2024",
    "15 Farvardin 1403", " \u200f1403 / 01 / 15\u200e ", "۱۴۰۳-۰۱-۱۵",
])
@pytest.mark.parametrize("language", list(Language))
def test_typed_dates_are_read_in_either_calendar(typed: str, language: Language) -> None:
    assert parse_date(typed, language) == FARVARDIN_15_1403


@pytest.mark.parametrize(("typed", "code"), [
    ("", "date-empty"), ("  ", "date-empty"), ("03/04/2024", "date-year-last"),
    ("15/01/1403", "date-year-last"), ("03/04/15", "date-short-year"), ("1600-01-01", "date-year-range"),
    ("2300-01-01", "date-year-range"), ("1402/12/30", "date-day-range"), ("2023-02-29", "date-day-range"),
    ("1403/13/01", "date-month-range"), ("1403/00/10", "date-month-range"), ("1403/01/00", "date-day-range"),
    ("tomorrow", "date-format"), ("15 Fooary 2024", "date-month-name"), ("15 April 1403", "date-year-range"),
    ("15 فروردین 2024", "date-year-range"), ("3 April 24", "date-short-year"), ("x" * 65, "date-too-long"),
    ("1403/01-15", "date-format"),
])
def test_ambiguous_or_impossible_dates_are_refused_with_a_code(typed: str, code: str) -> None:
    with pytest.raises(LocalisedInputError) as caught:
        parse_date(typed, Language.EN)
    assert caught.value.code == code


def test_date_errors_say_how_to_type_the_date_in_the_users_language() -> None:
    with pytest.raises(LocalisedInputError) as english:
        parse_date("1402/12/30", Language.EN)
    assert str(english.value) == "'1402/12/30' is not a date: Esfand 1402 has 29 days."
    with pytest.raises(LocalisedInputError) as persian:
        parse_date("۱۴۰۲/۱۲/۳۰", Language.FA)
    assert str(persian.value) == "«۱۴۰۲/۱۲/۳۰» تاریخ نیست: اسفند سال 1402 تنها 29 روز دارد."
    assert check_persian(str(persian.value)) == []


def test_leap_esfand_has_thirty_days() -> None:
    assert parse_date("1403/12/30", Language.FA) == datetime.date(2025, 3, 20)


@given(supported_dates, st.sampled_from(list(Language)), st.sampled_from(["latin", "persian"]),
       st.sampled_from(["long", "numeric"]))
def test_every_displayed_date_reads_back_as_the_same_date(
        value: datetime.date, language: Language, digits: str, style: str) -> None:
    shown = format_date(value, language, digits=digits, style=style)  # type: ignore[arg-type]
    assert parse_date(shown, language) == value


@given(st.integers(min_value=1300, max_value=1499), st.integers(min_value=1, max_value=12),
       st.integers(min_value=1, max_value=31))
def test_jalali_dates_round_trip_through_gregorian_storage(year: int, month: int, day: int) -> None:
    typed = f"{year}/{month:02d}/{day:02d}"
    try:
        jdatetime.date(year, month, day)
    except ValueError:
        with pytest.raises(LocalisedInputError):
            parse_date(typed, Language.FA)
        return
    stored = parse_date(typed, Language.FA)
    assert isinstance(stored, datetime.date)
    assert format_date(stored, Language.FA, style="numeric") == typed


def test_a_jalali_year_typed_as_gregorian_is_probably_jalali() -> None:
    assert probably_jalali(datetime.date(1403, 1, 15)) == FARVARDIN_15_1403
    assert probably_jalali(datetime.date(2024, 1, 15)) is None
    assert probably_jalali(datetime.date(1402, 12, 30)) is None  # no 30 Esfand in 1402


def test_the_hint_names_the_date_meant_in_the_users_language() -> None:
    assert jalali_hint(datetime.date(1403, 1, 15), Language.EN) == (
        "1403-01-15 looks like a Jalali date entered as Gregorian: as a Jalali date it is "
        "3 April 2024. Enter 3 April 2024 if that is what you meant.")
    persian = jalali_hint(datetime.date(1403, 1, 15), Language.FA, digits="persian")
    assert persian is not None and "۱۵ فروردین ۱۴۰۳" in persian and "۱۴۰۳-۰۱-۱۵" in persian
    assert jalali_hint(datetime.date(2024, 1, 15), Language.FA) is None


def test_the_persian_week_starts_on_saturday_and_the_english_on_monday() -> None:
    assert first_weekday(Language.FA) == 5
    assert first_weekday(Language.EN) == 0
    assert weekday_names(Language.FA)[0] == "شنبه"
    assert weekday_names(Language.FA)[-1] == "جمعه"
    assert weekday_names(Language.EN)[0] == "Monday"
    assert week_start(FARVARDIN_15_1403, Language.FA) == datetime.date(2024, 3, 30)  # a Saturday
    assert week_start(FARVARDIN_15_1403, Language.EN) == datetime.date(2024, 4, 1)


@given(st.dates(), st.sampled_from(list(Language)))
def test_a_week_starts_on_or_before_the_day_within_six_days(value: datetime.date, language: Language) -> None:
    if value < datetime.date(1, 1, 7):
        return
    start = week_start(value, language)
    assert 0 <= (value - start).days < 7 and start.weekday() == first_weekday(language)


def test_iranian_holidays_are_named_in_persian() -> None:
    names = holiday_names("IR", 2025, Language.FA)
    assert names[datetime.date(2025, 3, 21)] == "جشن نوروز"
    assert "عیدنوروز" in names[datetime.date(2025, 3, 22)]
    assert "، " in names[datetime.date(2025, 3, 22)], "two holidays on one day, Persian comma"
    assert holiday_names("IR", 2025, Language.EN)[datetime.date(2025, 3, 21)] == "Nowruz"


def test_holiday_names_can_use_persian_digits() -> None:
    names = holiday_names("IR", 2025, Language.FA, digits="persian")
    assert names[datetime.date(2025, 6, 5)] == "قیام ۱۵ خرداد"


def test_a_country_without_persian_names_keeps_its_own_and_an_unknown_one_has_none() -> None:
    assert holiday_names("GB", 2025, Language.FA)[datetime.date(2025, 12, 25)] == "Christmas Day"
    assert holiday_names("XX", 2025, Language.FA) == {}


def test_the_twelve_jalali_months_are_spelled_as_persian_writes_them() -> None:
    assert len(JALALI_MONTHS) == 12
    assert all(check_persian(name) == [] for name in JALALI_MONTHS)
