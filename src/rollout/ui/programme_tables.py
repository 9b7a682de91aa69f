"""Editable tables of the programme setup page: rows to and from the domain models.

``st.data_editor`` hands back a DataFrame with empty cells as NaN/None; these functions turn it
into plain dicts for pydantic, dropping blank rows, so every validation message comes from the
domain model and names the row.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from rollout.domain.assessment import Programme

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
    return [] if _blank(value) else [p.strip() for p in str(value).split(",") if p.strip()]


def _date(value: Any) -> Any:
    if _blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _int(value: Any) -> Any:
    return None if _blank(value) else int(value)


# Text cells: an empty one is shown empty, never as "None" (D22).
_TEXT_COLUMNS = frozenset({"name", "region", "country", "legacy_platforms", "kind",
                           "integrations", "reason"})


def frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
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
    return [{"name": r.get("name"), "users": _int(r.get("users")) or 0,
             "region": r.get("region") if not _blank(r.get("region")) else "main",
             "country": None if _blank(r.get("country")) else str(r["country"]).upper(),
             "legacy_platforms": split_list(r.get("legacy_platforms"))} for r in rows_of(df)]


def platforms_from(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"name": r.get("name"), "kind": r.get("kind") if not _blank(r.get("kind")) else "other",
             "records": _int(r.get("records")) or 0,
             "data_quality": _int(r.get("data_quality")) or 3,
             "integrations": split_list(r.get("integrations")),
             "entered_by_agents": bool(r.get("entered_by_agents"))} for r in rows_of(df)]


def seasons_from(df: pd.DataFrame, presets: list[str]) -> list[Any]:
    custom = [{"name": r.get("name"), "start": _date(r.get("start")), "end": _date(r.get("end")),
               "recurring": bool(r.get("recurring"))} for r in rows_of(df)]
    return [*presets, *custom]


def projects_from(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"name": r.get("name"), "kind": r.get("kind") if not _blank(r.get("kind")) else "other",
             "start": _date(r.get("start")), "end": _date(r.get("end"))} for r in rows_of(df)]


def blackouts_from(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{"name": r.get("name"), "start": _date(r.get("start")), "end": _date(r.get("end")),
             "reason": "" if _blank(r.get("reason")) else r.get("reason")} for r in rows_of(df)]
