"""A date widget that speaks Jalali to Persian readers and stores Gregorian dates.

Streamlit's ``st.date_input`` only knows the Gregorian calendar. For a Persian reader this
widget is a text field that shows the date in the Jalali calendar (``1403/01/15``, in the
reader's digits) and reads what they type with :func:`rollout.i18n.dates.parse_date`: Jalali or
Gregorian, Persian or Latin digits, month names. What it returns, and what callers store, is
always a Gregorian ``datetime.date``. English readers get ``st.date_input`` exactly as before.

The widget's session key holds a ``date`` in English and the typed text in Persian; a value of
the other kind (the language changed, or a page set the stored date before drawing the widget)
is converted when the widget is drawn, so callers can keep setting ``st.session_state[key]``
to a date. :func:`date_from_widget` reads either kind back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from rollout.escaping import escape_markdown_block
from rollout.i18n import Language, LocalisedInputError, translator
from rollout.i18n.dates import format_date, parse_date
from rollout.i18n.numbers import Digits

JALALI_EXAMPLE = "1403/01/15"
_UNSET: Any = object()


def jalali_text(value: dt.date | None, *, digits: Digits = "latin") -> str:
    """What the Persian widget shows for a stored date: ``1403/01/15``."""
    return "" if value is None else format_date(value, Language.FA, digits=digits,
                                                style="numeric")


def read_date(text: str, language: Language, *, min_value: dt.date | None = None,
              max_value: dt.date | None = None) -> dt.date | None:
    """The Gregorian date a typed text stands for (None for an empty field).

    Raises :class:`LocalisedInputError` (message in ``language``) for text that is not a date
    or a date outside the bounds."""
    if not text.strip():
        return None
    value = parse_date(text, language)
    if (min_value is not None and value < min_value) or (max_value is not None
                                                         and value > max_value):
        t = translator(language)
        raise LocalisedInputError("date-out-of-range", t.gettext(
            "{value} is outside the dates this field takes ({first} to {last}).",
            value=format_date(value, language), first=format_date(min_value or value, language),
            last=format_date(max_value or value, language)))
    return value


def date_from_widget(value: Any, language: Language) -> dt.date | None:
    """A widget's session value as a date: a date as it is, typed text parsed (raises
    :class:`LocalisedInputError` when it is not a date)."""
    if value is None or isinstance(value, dt.date):
        return value
    return read_date(str(value), language)


def jalali_date_input(label: str, *, language: Language, key: str, value: Any = _UNSET,
                      min_value: dt.date | None = None, max_value: dt.date | None = None,
                      help: str | None = None, on_change: Callable[[], None] | None = None,
                      disabled: bool = False, digits: Digits = "latin",
                      container: Any = None) -> dt.date | None:
    """A date field in ``language`` (see the module); returns the Gregorian date or None.

    ``value`` is the first value when the session has none for ``key`` (as for
    ``st.date_input``). In Persian, text that is not a date is reported under the field and the
    widget returns None."""
    where = container if container is not None else st
    current = st.session_state.get(key, None if value is _UNSET else value)
    if language is not Language.FA:
        if isinstance(current, str):  # typed in Persian before the reader switched language
            try:
                st.session_state[key] = read_date(current, language)
            except LocalisedInputError:
                st.session_state[key] = None
        common: dict[str, Any] = {"key": key, "min_value": min_value, "max_value": max_value,
                                  "help": help, "on_change": on_change, "disabled": disabled}
        if key not in st.session_state and value is not _UNSET:
            common["value"] = value
        chosen = where.date_input(label, **common)
        return chosen if isinstance(chosen, dt.date) else None
    if current is None or isinstance(current, dt.date):
        st.session_state[key] = jalali_text(current, digits=digits)
    t = translator(language)
    hint = t.gettext("Jalali date, for example {example}", example=JALALI_EXAMPLE)
    text = where.text_input(label, key=key, placeholder=JALALI_EXAMPLE,
                            help=f"{help}\n\n{hint}" if help else hint, on_change=on_change,
                            disabled=disabled, max_chars=64)
    try:
        return read_date(text or "", language, min_value=min_value, max_value=max_value)
    except LocalisedInputError as exc:
        where.error(escape_markdown_block(str(exc)))
        return None
