"""Dates as each language shows and reads them: Gregorian for English, Jalali (the Iranian solar
calendar, with jdatetime) for Persian; dates are always stored as Gregorian ``datetime.date``.

Typed dates are read in either calendar, whatever the language: the year tells which one was
meant, because the supported ranges do not overlap (Jalali 1300–1499 is Gregorian 1921–2121).
What cannot be read unambiguously is refused with a message saying how to type it: a two-digit
year, a year written last (``03/04/2024`` is 3 April or 4 March), a day that does not exist.
"""

from __future__ import annotations

import calendar
import datetime
import re
from functools import cache
from typing import Literal

import jdatetime
from babel import dates as babel_dates

from rollout.i18n.catalogue import N_, translator
from rollout.i18n.errors import LocalisedInputError, quoted_excerpt
from rollout.i18n.language import Language
from rollout.i18n.normalise import normalise_text, to_ascii_digits, to_persian_digits

Digits = Literal["latin", "persian"]
Style = Literal["long", "numeric"]

JALALI_YEARS = range(1300, 1500)
GREGORIAN_YEARS = range(1900, 2200)
MAX_DATE_CHARACTERS = 64

JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
                 "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
# How English texts spell them (Encyclopaedia Iranica's usage, less its diacritics).
JALALI_MONTHS_LATIN = ("Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
                       "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand")
# Spellings people also type for the same months (the older "امرداد"; "ارديبهشت" and the like
# are taken care of by normalise_text).
_JALALI_MONTH_VARIANTS = {"امرداد": 5}


def _month_lookup() -> dict[str, tuple[str, int]]:
    """Month name (casefolded) -> (calendar, month number)."""
    names: dict[str, tuple[str, int]] = {}
    for number, name in enumerate(JALALI_MONTHS, start=1):
        names[name] = ("jalali", number)
    for number, name in enumerate(JALALI_MONTHS_LATIN, start=1):
        names[name.casefold()] = ("jalali", number)
    for name, number in _JALALI_MONTH_VARIANTS.items():
        names[name] = ("jalali", number)
    english = Language.EN.babel_locale
    for width in ("wide", "abbreviated"):
        for number, name in babel_dates.get_month_names(width, locale=english).items():
            names[name.casefold().rstrip(".")] = ("gregorian", number)
    names["sept"] = ("gregorian", 9)
    return names


_MONTHS = _month_lookup()

_NUMERIC_RE = re.compile(r"^(\d+)\s*([/\-.])\s*(\d+)\s*\2\s*(\d+)$")
_DAY_MONTH_YEAR_RE = re.compile(r"^(\d{1,2})\s+(\D+?)\s*,?\s+(\d+)$")
_MONTH_DAY_YEAR_RE = re.compile(r"^(\D+?)\s+(\d{1,2})\s*,?\s+(\d+)$")


def _jalali_or_none(value: datetime.date) -> jdatetime.date | None:
    try:
        return jdatetime.date.fromgregorian(date=value)
    except ValueError:  # before 622 or in 9999: beyond jdatetime's years, shown as Gregorian ISO
        return None


def _digits(text: str, digits: Digits) -> str:
    return to_persian_digits(text) if digits == "persian" else text


def format_date(value: datetime.date, lang: Language, *, digits: Digits = "latin",
                style: Style = "long") -> str:
    """A date for display: English ``3 April 2024`` / ``2024-04-03``; Persian (Jalali)
    ``15 فروردین 1403`` / ``1403/01/15``, with Persian digits if asked."""
    jalali = _jalali_or_none(value) if lang is Language.FA else None
    if jalali is not None:
        if style == "numeric":
            text = f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"
        else:
            text = f"{jalali.day} {JALALI_MONTHS[jalali.month - 1]} {jalali.year}"
    elif style == "numeric" or lang is Language.FA:
        text = value.isoformat()
    else:
        text = babel_dates.format_date(value, "d MMMM y", locale=lang.babel_locale)
    return _digits(text, digits)


def _example(lang: Language) -> str:
    return "1403/01/15" if lang is Language.FA else "2024-04-03"


def _refuse(code: str, lang: Language, message: str, **values: object) -> LocalisedInputError:
    return LocalisedInputError(code, translator(lang).gettext(message, example=_example(lang), **values))


def _days_in_month(calendar_name: str, year: int, month: int) -> int:
    if calendar_name == "jalali":
        if month <= 6:
            return 31
        if month <= 11:
            return 30
        return 30 if jdatetime.date(year, 1, 1).isleap() else 29
    return calendar.monthrange(year, month)[1]


def _month_name(calendar_name: str, month: int, lang: Language) -> str:
    if calendar_name == "jalali":
        return (JALALI_MONTHS if lang is Language.FA else JALALI_MONTHS_LATIN)[month - 1]
    name: str = babel_dates.get_month_names("wide", locale=lang.babel_locale)[month]
    return name


def _calendar_of(year: int) -> str | None:
    if year in JALALI_YEARS:
        return "jalali"
    if year in GREGORIAN_YEARS:
        return "gregorian"
    return None


def parse_date(text: str, lang: Language) -> datetime.date:
    """A typed date, Jalali or Gregorian, as a Gregorian date.

    Accepted: ``2024-04-03`` (ISO), ``1403/01/15``, ``۱۴۰۳/۰۱/۱۵``, ``1403-01-15``, ``1403.1.15``,
    ``15 فروردین 1403``, ``3 April 2024``, ``April 3, 2024``. Refused with a
    :class:`LocalisedInputError` in ``lang``: empty or over-long text, two-digit years, the year
    written last, years outside the supported ranges, months and days that do not exist."""
    value = quoted_excerpt(text, lang)
    if len(text) > MAX_DATE_CHARACTERS:
        raise _refuse("date-too-long", lang, N_("{value} is too long for a date: type at most {limit} "
                      "characters, for example {example}."), value=value, limit=MAX_DATE_CHARACTERS)
    cleaned = " ".join(to_ascii_digits(normalise_text(text)).split()).rstrip(".")
    if not cleaned:
        raise _refuse("date-empty", lang, N_("Type a date, for example {example}."))
    calendar_name: str | None
    numeric = _NUMERIC_RE.match(cleaned)
    if numeric:
        first, _, second, third = numeric.groups()
        if len(first) != 4:
            if len(third) == 4:
                raise _refuse("date-year-last", lang, N_("{value} is ambiguous: write the year first, "
                              "then the month and the day, for example {example}."), value=value)
            raise _refuse("date-short-year", lang, N_("{value} is ambiguous: write the year with all "
                          "four digits, for example {example}."), value=value)
        year, month, day = int(first), int(second), int(third)
        calendar_name = _calendar_of(year)
    else:
        named = _DAY_MONTH_YEAR_RE.match(cleaned)
        if named:
            day_text, month_text, year_text = named.groups()
        else:
            named = _MONTH_DAY_YEAR_RE.match(cleaned)
            if named is None:
                raise _refuse("date-format", lang, N_("{value} is not a date: type the year, month and "
                              "day, for example {example}."), value=value)
            month_text, day_text, year_text = named.groups()
        found = _MONTHS.get(month_text.casefold().rstrip("."))
        if found is None:
            raise _refuse("date-month-name", lang, N_("{value} is not a date: {month} is not the name of "
                          "a month. Type the date in numbers, for example {example}."),
                          value=value, month=quoted_excerpt(month_text, lang))
        if len(year_text) != 4:
            raise _refuse("date-short-year", lang, N_("{value} is ambiguous: write the year with all "
                          "four digits, for example {example}."), value=value)
        calendar_name, month = found
        year, day = int(year_text), int(day_text)
        if _calendar_of(year) != calendar_name:
            calendar_name = None
    if calendar_name is None:
        raise _refuse("date-year-range", lang, N_("{value} is outside the dates Rollout plans: the year "
                      "must be between {jalali_first} and {jalali_last} (Jalali) or between "
                      "{gregorian_first} and {gregorian_last} (Gregorian)."), value=value,
                      jalali_first=JALALI_YEARS[0], jalali_last=JALALI_YEARS[-1],
                      gregorian_first=GREGORIAN_YEARS[0], gregorian_last=GREGORIAN_YEARS[-1])
    if not 1 <= month <= 12:
        raise _refuse("date-month-range", lang, N_("{value} is not a date: the month must be between 1 "
                      "and 12."), value=value)
    days = _days_in_month(calendar_name, year, month)
    if not 1 <= day <= days:
        raise _refuse("date-day-range", lang, N_("{value} is not a date: {month} {year} has {days} days."),
                      value=value, month=_month_name(calendar_name, month, lang), year=year, days=days)
    if calendar_name == "jalali":
        return _gregorian(jdatetime.date(year, month, day))
    return datetime.date(year, month, day)


def probably_jalali(value: datetime.date) -> datetime.date | None:
    """The date meant when a Jalali date was typed into a Gregorian date widget: ``1403-01-15``
    read as Gregorian is an unlikely year 1403; read as Jalali it is 2024-04-03. None when the
    year is not a Jalali year Rollout supports or the day does not exist in the Jalali calendar."""
    if value.year not in JALALI_YEARS:
        return None
    if not 1 <= value.day <= _days_in_month("jalali", value.year, value.month):
        return None
    return _gregorian(jdatetime.date(value.year, value.month, value.day))


def _gregorian(jalali: jdatetime.date) -> datetime.date:
    # jdatetime is untyped: name the type its togregorian() returns.
    gregorian: datetime.date = jalali.togregorian()
    return gregorian


def jalali_hint(value: datetime.date, lang: Language, *, digits: Digits = "latin") -> str | None:
    """A message for a date that is probably Jalali typed as Gregorian (see
    :func:`probably_jalali`), or None if it is not."""
    meant = probably_jalali(value)
    if meant is None:
        return None
    return translator(lang).gettext(
        "{typed} looks like a Jalali date entered as Gregorian: as a Jalali date it is {meant}. "
        "Enter {meant} if that is what you meant.",
        typed=_digits(value.isoformat(), digits), meant=format_date(meant, lang, digits=digits))


def first_weekday(lang: Language) -> int:
    """The first day of the week as ``datetime.date.weekday()`` counts (Monday 0): Saturday (5)
    in Persian (Iran), Monday in English (British usage), from Babel's CLDR data."""
    return int(lang.babel_locale.first_week_day)


def weekday_names(lang: Language, *, width: Literal["wide", "abbreviated", "narrow"] = "wide"
                  ) -> list[str]:
    """The names of the days of the week from Babel, in the language's week order."""
    names = babel_dates.get_day_names(width, locale=lang.babel_locale)
    first = first_weekday(lang)
    return [names[(first + offset) % 7] for offset in range(7)]


def week_start(value: datetime.date, lang: Language) -> datetime.date:
    """The first day of the week that contains ``value``."""
    return value - datetime.timedelta(days=(value.weekday() - first_weekday(lang)) % 7)


@cache
def _holiday_book(country: str, year: int, lang: Language) -> dict[datetime.date, tuple[str, ...]]:
    import holidays  # here, not at the top: scoring a file (`rollout assess`) never needs it

    try:
        book = holidays.country_holidays(country, years=year)
    except NotImplementedError:  # the holidays package does not know this country
        return {}
    # The package names holidays in its source language unless a language is passed, even when
    # its default language is another (Iran's default is fa_IR, its unnamed output English).
    matching = [code for code in book.supported_languages if Language.from_tag(code) is lang]
    if matching:
        language = book.default_language if book.default_language in matching else matching[0]
        book = holidays.country_holidays(country, years=year, language=language)
    return {day: tuple(book.get_list(day)) for day in sorted(book)}


def holiday_names(country: str, year: int, lang: Language, *, digits: Digits = "latin"
                  ) -> dict[datetime.date, str]:
    """Public holidays of a country in a Gregorian year, named in ``lang`` where the holidays
    package has that language (Iran's in Persian: ``holidays`` ships ``fa_IR``), otherwise in
    the package's default. Two holidays on one day are joined with the language's list comma."""
    separator = "، " if lang is Language.FA else "; "
    return {day: _digits(separator.join(names), digits)
            for day, names in _holiday_book(country.upper(), year, lang).items()}
