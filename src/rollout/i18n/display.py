"""Values inside a sentence, written the way each language writes them.

Reports, plan notes and error messages were English first, with ISO dates and plain numbers;
their English must not change. So English keeps exactly that (``2024-04-03``, ``1234``, ``0.25``,
``a, b``), and Persian gets Jalali dates, Babel's Persian number patterns and the Persian list
comma (``15 فروردین 1403``, ``1,234``, ``a، b``). Digits stay Latin unless asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rollout.i18n.dates import format_date
from rollout.i18n.language import Language
from rollout.i18n.numbers import Digits, format_number, format_percent


def show_date(value: dt.date, lang: Language, *, digits: Digits = "latin") -> str:
    """ISO in English (as reports and notes always wrote it); Jalali in Persian."""
    if lang is Language.FA:
        return format_date(value, lang, digits=digits)
    return value.isoformat()


def show_number(value: int | float, lang: Language, *, digits: Digits = "latin",
                decimal_places: int | None = None) -> str:
    """``str(value)`` (or fixed decimals) in English; Babel's Persian pattern in Persian."""
    if lang is Language.FA:
        return format_number(value, lang, digits=digits, decimal_places=decimal_places)
    if decimal_places is not None:
        return f"{value:.{decimal_places}f}"
    return str(value)


def show_percent(fraction: float, lang: Language, *, digits: Digits = "latin") -> str:
    """``85%`` in English as in Persian (with Persian digits ``۸۵٪``)."""
    if lang is Language.FA:
        return format_percent(fraction, lang, digits=digits)
    return f"{fraction:.0%}"


def list_separator(lang: Language) -> str:
    return "، " if lang is Language.FA else ", "


def show_list(items: Iterable[object], lang: Language) -> str:
    return list_separator(lang).join(str(item) for item in items)


def show_value(value: object, lang: Language, *, digits: Digits = "latin") -> str:
    """A value of unknown type: dates, numbers and lists as above, anything else as ``str``."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.date):
        return show_date(value, lang, digits=digits)
    if isinstance(value, int | float):
        return show_number(value, lang, digits=digits)
    if isinstance(value, list | tuple):
        return show_list((show_value(v, lang, digits=digits) for v in value), lang)
    return str(value)
