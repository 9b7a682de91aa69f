"""Form problems as the plain-language lines a form shows under its Save button.

Every problem names where it is (the field, or the table, its row counting from 1 and the
column) and says what to do, in words a user understands: no pydantic wording such as "String
should match pattern". Dates are checked for plausibility before they are stored: a year before
1900 is refused, with a hint when it looks like a Jalali (Persian calendar) year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import jdatetime
from pydantic import ValidationError

from rollout.errors import Message
from rollout.errors import check_message as validator_message
from rollout.escaping import escape_markdown, excerpt
from rollout.i18n import N_, Language
from rollout.i18n.errors import translate_message
from rollout.ui.translation import _, isolate, language

# Programme tables edited with st.data_editor: their errors name the table and the row.
_SECTION_NAMES = {"business_units": N_("Business units"), "legacy_platforms": N_("Legacy platforms"),
                  "peak_seasons": N_("Peak seasons"), "concurrent_projects": N_("Concurrent projects"),
                  "blackouts": N_("Blackouts")}
# Field names as the forms label them (and the columns of the programme tables).
_FIELD_NAMES = {"users_total": N_("Users in total"), "hypercare_weeks": N_("Hypercare (weeks)"),
                "target_go_live": N_("Target go-live"), "start_date": N_("Programme start"),
                "target_system": N_("Target system"), "data_quality": N_("data quality"),
                "legacy_platforms": N_("legacy platforms"), "peak_revenue_share_pct":
                N_("Share of revenue earned in peak seasons (%)"), "due_date": N_("due date"),
                "name": N_("name"), "users": N_("users"), "region": N_("region"),
                "country": N_("country"), "kind": N_("kind"), "records": N_("records"),
                "integrations": N_("integrations"), "entered_by_agents": N_("entered by agents"),
                "start": N_("start"), "end": N_("end"), "recurring": N_("recurring"),
                "reason": N_("reason"), "title": N_("title"), "owner": N_("owner"),
                "notes": N_("notes"), "industry": N_("industry"), "modules": N_("modules"),
                "customers": N_("customers"), "approach": N_("approach")}


def field_label(key: str) -> str:
    """A field's name as the reader reads it (a field without one: its key, spaced)."""
    name = _FIELD_NAMES.get(key)
    return _(name) if name is not None else key.replace("_", " ")


def section_label(key: str) -> str:
    name = _SECTION_NAMES.get(key)
    return _(name) if name is not None else key.replace("_", " ")
EARLIEST_YEAR = 1900
# Jalali years now run in the 1400s; a Gregorian date with such a year was typed in Jalali.
_JALALI_YEARS = range(1300, 1500)


def describe_errors(exc: ValidationError, *, whole: str = "",
                    prefix: Sequence[str | int] = ()) -> list[str]:
    """One readable line per problem: which field, or which table and row (counting from 1),
    and what to fix. ``whole`` names the form for problems with no field; ``prefix`` is put in
    front of every location (``("blackouts",)`` for a list validated on its own).

    Lines are escaped for Streamlit markdown: messages quote what the user typed."""
    lines = []
    for error in exc.errors():
        where = _where([*prefix, *error["loc"]]) or whole
        message = _plain(error)
        lines.append(escape_markdown(f"{where}: {message}" if where else message))
    return lines


def _where(loc: Sequence[str | int]) -> str:
    parts = [p for p in loc if not str(p).startswith(("function-", "str", "list[", "date"))
             or isinstance(p, int)]
    if not parts:
        return ""
    where = ""
    if parts[0] in _SECTION_NAMES:
        where = section_label(str(parts[0]))
        if len(parts) > 1 and isinstance(parts[1], int):
            where = _("{table}, row {row}", table=where, row=parts[1] + 1)
            parts = parts[2:]
        else:
            parts = parts[1:]
        rest = [field_label(str(p)) for p in parts]
        return _("{table}, {field}", table=where, field=".".join(rest)) if rest else where
    return ".".join(field_label(str(p)) for p in parts)


def _plain(error: Mapping[str, Any]) -> str:
    """The problem in plain words, with a short excerpt of what was typed where it helps."""
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    field = str(error["loc"][-1]) if error["loc"] else ""
    given = error.get("input")
    whole_number = _("must be a whole number")
    a_number = _("must be a number")
    a_date = _("must be a date written YYYY-MM-DD")
    messages = {
        "greater_than_equal": _("must be {limit} or more", limit=ctx.get("ge")),
        "greater_than": _("must be more than {limit}", limit=ctx.get("gt")),
        "less_than_equal": _("must be {limit} or less", limit=ctx.get("le")),
        "less_than": _("must be less than {limit}", limit=ctx.get("lt")),
        "missing": _("is required"),
        "extra_forbidden": _("is not a field this form knows"),
        "int_parsing": whole_number,
        "int_from_float": whole_number,
        "int_type": whole_number,
        "float_parsing": a_number,
        "float_type": a_number,
        "date_parsing": a_date,
        "date_from_datetime_parsing": a_date,
        "date_type": a_date,
        "bool_parsing": _("must be yes or no"),
    }
    if kind in messages:
        return messages[kind]
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return (_("must not be empty") if least == 1
                else _("needs at least {count} characters", count=least))
    if kind == "string_too_long":
        return _("is too long: at most {count} characters", count=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        if field == "country":
            return _("use a two-letter country code in capitals, such as GB, US or IR "
                     "(not {value})", value=isolate(excerpt(str(given))))
        return _("{value} is not in the expected format", value=isolate(excerpt(str(given))))
    if kind in ("enum", "literal_error"):
        return _("must be one of: {choices}", choices=isolate(str(ctx.get("expected"))))
    return check_message(error)


def check_message(error: Mapping[str, Any]) -> str:
    """The message of a model's own check (a validator's ``ValueError``) in the reader's
    language: the domain raises them with a catalogue :class:`rollout.errors.Message`. Wording
    of pydantic's own that no table here knows is shown in English only to English readers."""
    message = validator_message(error)
    if isinstance(message, Message) or language() is Language.EN:
        return translate_message(message, language())
    return _("is not valid: check what you entered")


def date_problems(where: str, values: Iterable[tuple[str, Any]]) -> list[str]:
    """Problems with dates that parse but cannot be meant: a year before 1900 (with the Gregorian
    date when it looks like a Jalali one, as 1405-01-01 does)."""
    problems = []
    for field, value in values:
        if not isinstance(value, dt.date) or value.year >= EARLIEST_YEAR:
            continue
        message = _("{where}, {field}: {date} is before {year}; enter a Gregorian date",
                    where=where, field=field_label(field), date=isolate(value.isoformat()),
                    year=str(EARLIEST_YEAR))
        if value.year in _JALALI_YEARS:
            try:
                gregorian = jdatetime.date(value.year, value.month, value.day).togregorian()
            except ValueError:
                message += " " + _("(it looks like a Jalali date)")
            else:
                message += " " + _("(it looks like a Jalali date: {date} in the Jalali calendar "
                                   "is {gregorian})", date=isolate(value.isoformat()),
                                   gregorian=isolate(gregorian.isoformat()))
        problems.append(message)
    return problems


def table_date_problems(table: str, rows: Sequence[Mapping[str, Any]],
                        fields: Sequence[str] = ("start", "end")) -> list[str]:
    """:func:`date_problems` for every row of an edited table, naming the table and the row."""
    problems = []
    for i, row in enumerate(rows):
        problems += date_problems(_("{table}, row {row}", table=table, row=i + 1),
                                  [(f, row.get(f)) for f in fields])
    return problems
