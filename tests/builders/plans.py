"""Programmes for planner tests, built as pydantic models (no knowledge-base files needed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rollout.content.schema import PeakPreset
from rollout.domain.assessment import Assessment


def assessment(
    *,
    country: str = "US",
    industry: str = "retail",
    start: str = "2026-01-12",
    target: str = "2026-09-14",
    units: list[dict[str, Any]] | None = None,
    platforms: list[dict[str, Any]] | None = None,
    peak_seasons: list[Any] | None = None,
    concurrent: list[dict[str, Any]] | None = None,
    approach: str = "pilot_then_waves",
    hypercare_weeks: int = 4,
    name: str = "test",
) -> Assessment:
    units = units if units is not None else [
        {"name": "Head office", "users": 120, "region": "north", "legacy_platforms": ["ERP"]},
        {"name": "Field sales", "users": 300, "region": "south",
         "legacy_platforms": ["ERP", "Portal"]},
        {"name": "Export", "users": 60, "region": "south", "legacy_platforms": ["Portal"]},
        {"name": "Service", "users": 200, "region": "north", "legacy_platforms": ["ERP"]},
    ]
    platforms = platforms if platforms is not None else [
        {"name": "ERP", "kind": "erp", "records": 2_500_000, "data_quality": 3,
         "integrations": ["billing"]},
        {"name": "Portal", "kind": "portal", "records": 60_000, "data_quality": 2,
         "entered_by_agents": True},
    ]
    return Assessment.model_validate({
        "name": name,
        "organisation": {"name": f"{name} org", "industry": industry, "country": country},
        "programme": {
            "start_date": start, "target_go_live": target, "approach": approach,
            "users_total": sum(u["users"] for u in units), "hypercare_weeks": hypercare_weeks,
            "modules": ["sales", "service"], "business_units": units,
            "legacy_platforms": platforms, "peak_seasons": peak_seasons or [],
            "concurrent_projects": concurrent or [],
        },
    })


def preset(preset_id: str, windows: list[dict[str, Any]], industries: list[str] | None = None,
           countries: list[str] | None = None) -> PeakPreset:
    return PeakPreset.model_validate({
        "id": preset_id, "name": {"en": preset_id}, "industries": industries or ["retail"],
        "countries": countries or [], "windows": windows,
    })


HALLOWEEN = preset("halloween", [{
    "name": {"en": "Halloween"},
    "start": {"rule": "fixed", "month": 10, "day": 1},
    "end": {"rule": "fixed", "month": 10, "day": 31},
}], industries=["confectionery"])

# Esfand 1 to Farvardin 13: the run-up to Nowruz and its holidays, in the Jalali calendar.
NOWRUZ = preset("nowruz", [{
    "name": {"en": "Nowruz"},
    "start": {"rule": "jalali", "month": 12, "day": 1},
    "end": {"rule": "jalali", "month": 1, "day": 13},
}], countries=["IR"])


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
