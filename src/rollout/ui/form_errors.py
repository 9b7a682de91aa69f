"""Pydantic validation errors as the lines a form shows under its Save button."""

from __future__ import annotations

from pydantic import ValidationError

from rollout.escaping import escape_markdown

# Programme tables edited with st.data_editor: their errors name the table and the row.
_SECTION_NAMES = {"business_units": "Business units", "legacy_platforms": "Legacy platforms",
                  "peak_seasons": "Peak seasons", "concurrent_projects": "Concurrent projects"}


def describe_errors(exc: ValidationError, *, whole: str = "") -> list[str]:
    """One readable line per problem: which field, or which table and row (counting from 1),
    and what to fix. ``whole`` names the form for problems with no field.

    Lines are escaped for Streamlit markdown: messages quote what the user typed."""
    lines = []
    for error in exc.errors():
        loc = list(error["loc"])
        where = ""
        if loc and loc[0] in _SECTION_NAMES:
            where = _SECTION_NAMES[str(loc[0])]
            if len(loc) > 1 and isinstance(loc[1], int):
                where += f", row {loc[1] + 1}"
            rest = [str(p) for p in loc[2:] if not str(p).startswith(("function-", "str"))]
            if rest:
                where += f", {'.'.join(rest)}"
        elif loc:
            where = ".".join(str(p) for p in loc)
        message = str(error["msg"]).removeprefix("Value error, ")
        where = where or whole
        lines.append(escape_markdown(f"{where}: {message}" if where else message))
    return lines
