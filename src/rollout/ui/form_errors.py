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

from rollout.escaping import escape_markdown, excerpt

# Programme tables edited with st.data_editor: their errors name the table and the row.
_SECTION_NAMES = {"business_units": "Business units", "legacy_platforms": "Legacy platforms",
                  "peak_seasons": "Peak seasons", "concurrent_projects": "Concurrent projects",
                  "blackouts": "Blackouts"}
# Field names as the forms label them.
_FIELD_NAMES = {"users_total": "Users in total", "hypercare_weeks": "Hypercare (weeks)",
                "target_go_live": "Target go-live", "start_date": "Programme start",
                "target_system": "Target system", "data_quality": "data quality",
                "legacy_platforms": "legacy platforms", "peak_revenue_share_pct":
                "Share of revenue earned in peak seasons (%)", "due_date": "due date"}
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
        where = _SECTION_NAMES[str(parts[0])]
        if len(parts) > 1 and isinstance(parts[1], int):
            where += f", row {parts[1] + 1}"
            parts = parts[2:]
        else:
            parts = parts[1:]
        rest = [_FIELD_NAMES.get(str(p), str(p)) for p in parts]
        return where + (f", {'.'.join(rest)}" if rest else "")
    return ".".join(_FIELD_NAMES.get(str(p), str(p)) for p in parts)


def _plain(error: Mapping[str, Any]) -> str:
    """The problem in plain words, with a short excerpt of what was typed where it helps."""
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    field = str(error["loc"][-1]) if error["loc"] else ""
    given = error.get("input")
    messages = {
        "greater_than_equal": f"must be {ctx.get('ge')} or more",
        "greater_than": f"must be more than {ctx.get('gt')}",
        "less_than_equal": f"must be {ctx.get('le')} or less",
        "less_than": f"must be less than {ctx.get('lt')}",
        "missing": "is required",
        "extra_forbidden": "is not a field this form knows",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "int_type": "must be a whole number",
        "float_parsing": "must be a number",
        "float_type": "must be a number",
        "date_parsing": "must be a date written YYYY-MM-DD",
        "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
        "date_type": "must be a date written YYYY-MM-DD",
        "bool_parsing": "must be yes or no",
    }
    if kind in messages:
        return messages[kind]
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "must not be empty" if least == 1 else f"needs at least {least} characters"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        if field == "country":
            return (f"use a two-letter country code in capitals, such as GB, US or IR "
                    f"(not {excerpt(str(given))})")
        return f"{excerpt(str(given))} is not in the expected format"
    if kind in ("enum", "literal_error"):
        return f"must be one of: {ctx.get('expected')}"
    return str(error["msg"]).removeprefix("Value error, ")


def date_problems(where: str, values: Iterable[tuple[str, Any]]) -> list[str]:
    """Problems with dates that parse but cannot be meant: a year before 1900 (with the Gregorian
    date when it looks like a Jalali one, as 1405-01-01 does)."""
    problems = []
    for field, value in values:
        if not isinstance(value, dt.date) or value.year >= EARLIEST_YEAR:
            continue
        message = (f"{where}, {_FIELD_NAMES.get(field, field)}: {value.isoformat()} is before "
                   f"{EARLIEST_YEAR}; enter a Gregorian date")
        if value.year in _JALALI_YEARS:
            try:
                gregorian = jdatetime.date(value.year, value.month, value.day).togregorian()
            except ValueError:
                message += " (it looks like a Jalali date)"
            else:
                message += (f" (it looks like a Jalali date: {value.isoformat()} in the Jalali "
                            f"calendar is {gregorian.isoformat()})")
        problems.append(message)
    return problems


def table_date_problems(table: str, rows: Sequence[Mapping[str, Any]],
                        fields: Sequence[str] = ("start", "end")) -> list[str]:
    """:func:`date_problems` for every row of an edited table, naming the table and the row."""
    problems = []
    for i, row in enumerate(rows):
        problems += date_problems(f"{table}, row {i + 1}", [(f, row.get(f)) for f in fields])
    return problems
