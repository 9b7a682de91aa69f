"""Editable tables of the programme setup page: rows to and from the domain models.

``st.data_editor`` hands back a DataFrame with empty cells as NaN/None; these functions turn it
into plain dicts for pydantic, dropping blank rows, so every validation message comes from the
domain model and names the row.

Typed text is normalised on the way in (Persian ``ی``/``ک``, invisible characters; codes such as
countries and kinds also lose joiners and read Persian digits). For a Persian reader the date
cells are text in the Jalali calendar (Streamlit's date cells are Gregorian only), read back with
:func:`rollout.i18n.dates.parse_date`; a cell that is no date goes to the model as typed, whose
message names the table, the row and the column.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import streamlit as st

from rollout.domain.assessment import Programme
from rollout.i18n import Language, LocalisedInputError
from rollout.i18n.dates import parse_date
from rollout.i18n.normalise import normalise_identifier, normalise_text
from rollout.ui.date_input import jalali_text
from rollout.ui.form_errors import field_label
from rollout.ui.translation import current_digits, language

UNIT_COLUMNS = ["name", "users", "region", "country", "legacy_platforms"]
PLATFORM_COLUMNS = ["name", "kind", "records", "data_quality", "integrations", "entered_by_agents"]
SEASON_COLUMNS = ["name", "start", "end", "recurring"]
PROJECT_COLUMNS = ["name", "kind", "start", "end"]
BLACKOUT_COLUMNS = ["name", "start", "end", "reason"]


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def split_list(value: Any) -> list[str]:
    # "،" is the Persian comma: a Persian keyboard types it for ",".
    return [] if _blank(value) else [normalise_text(p).strip()
                                     for p in str(value).replace("،", ",").split(",") if p.strip()]


def _date(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, str):
        try:
            return parse_date(value, language())
        except LocalisedInputError:
            return value  # the model refuses it, naming the table, row and column
    return value


def _int(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, str):  # typed into a text cell: Persian digits read as numbers
        value = normalise_identifier(value)
    return int(value)


def _text(value: Any) -> Any:
    return normalise_text(value) if isinstance(value, str) else value


def _code(value: Any) -> Any:
    return normalise_identifier(value) if isinstance(value, str) else value


DATE_COLUMNS = frozenset({"start", "end"})
_NUMBER_COLUMNS = frozenset({"users", "records", "data_quality"})
_CHECK_COLUMNS = {"entered_by_agents", "recurring"}


def column_config(columns: list[str]) -> dict[str, Any]:
    """Headers in the reader's language; dates typed as text for Persian readers."""
    rtl = language() is Language.FA
    config: dict[str, Any] = {}
    for column in columns:
        label = field_label(column)
        if column in DATE_COLUMNS:
            config[column] = (st.column_config.TextColumn(label) if rtl
                              else st.column_config.DateColumn(label))
        elif column in _NUMBER_COLUMNS:
            config[column] = st.column_config.NumberColumn(label, step=1)
        elif column in _CHECK_COLUMNS:
            config[column] = st.column_config.CheckboxColumn(label)
        else:
            config[column] = st.column_config.TextColumn(label)
    return config


# Text cells: an empty one is shown empty, never as "None" (D22).
_TEXT_COLUMNS = frozenset({"name", "region", "country", "legacy_platforms", "kind",
                           "integrations", "reason"})


def frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    if language() is Language.FA:
        rows = [{key: jalali_text(value, digits=current_digits())
                 if key in DATE_COLUMNS and isinstance(value, dt.date) else value
                 for key, value in row.items()} for row in rows]
    df = pd.DataFrame(rows, columns=columns)
    for column in _TEXT_COLUMNS.intersection(columns):
        df[column] = df[column].astype(object).where(df[column].notna(), "")
    return df


def rows_of(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Non-blank rows of an edited table as dicts (blank cells left out)."""
    rows = []
    for record in df.to_dict("records"):
        if all(_blank(v) or v is False for v in record.values()):
            continue
        rows.append(record)
    return rows


def unit_rows(programme: Programme) -> list[dict[str, Any]]:
    return [{"name": u.name, "users": u.users, "region": u.region, "country": u.country or "",
             "legacy_platforms": ", ".join(u.legacy_platforms)} for u in programme.business_units]


def platform_rows(programme: Programme) -> list[dict[str, Any]]:
    return [{"name": p.name, "kind": p.kind, "records": p.records, "data_quality": p.data_quality,
             "integrations": ", ".join(p.integrations), "entered_by_agents": p.entered_by_agents}
            for p in programme.legacy_platforms]


def season_rows(programme: Programme) -> list[dict[str, Any]]:
    return [{"name": s.name, "start": s.start, "end": s.end, "recurring": s.recurring}
            for s in programme.peak_seasons if s.preset is None]


def project_rows(programme: Programme) -> list[dict[str, Any]]:
    return [{"name": c.name, "kind": c.kind, "start": c.start, "end": c.end}
            for c in programme.concurrent_projects]


def units_from(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"name": _text(r.get("name")), "users": _int(r.get("users")) or 0,
             "region": _text(r.get("region")) if not _blank(r.get("region")) else "main",
             "country": None if _blank(r.get("country")) else str(_code(r["country"])).upper(),
             "legacy_platforms": split_list(r.get("legacy_platforms"))} for r in rows_of(df)]


def platforms_from(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"name": _text(r.get("name")),
             "kind": _code(r.get("kind")) if not _blank(r.get("kind")) else "other",
             "records": _int(r.get("records")) or 0,
             "data_quality": _int(r.get("data_quality")) or 3,
             "integrations": split_list(r.get("integrations")),
             "entered_by_agents": bool(r.get("entered_by_agents"))} for r in rows_of(df)]


def seasons_from(df: pd.DataFrame, presets: list[str]) -> list[Any]:
    custom = [{"name": _text(r.get("name")), "start": _date(r.get("start")),
               "end": _date(r.get("end")),
               "recurring": bool(r.get("recurring"))} for r in rows_of(df)]
    return [*presets, *custom]


def projects_from(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"name": _text(r.get("name")),
             "kind": _code(r.get("kind")) if not _blank(r.get("kind")) else "other",
             "start": _date(r.get("start")), "end": _date(r.get("end"))} for r in rows_of(df)]


def blackouts_from(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"name": _text(r.get("name")), "start": _date(r.get("start")),
             "end": _date(r.get("end")),
             "reason": "" if _blank(r.get("reason")) else _text(r.get("reason"))}
            for r in rows_of(df)]
