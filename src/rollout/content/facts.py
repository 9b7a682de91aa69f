"""The fact vocabulary: the programme facts a condition in the knowledge base may name.

Conditions refer to facts by name (``fact: platforms_count``). The vocabulary is declared here,
next to the schemas, so that the loader can check a condition without knowing how a fact is
computed; ``rollout.risk.facts`` computes each of them and checks at import that it computes
exactly these. The list is closed: a misspelt fact fails when the content is loaded.
"""

from __future__ import annotations

from typing import NamedTuple


class Fact(NamedTuple):
    name: str
    kind: type | tuple[type, ...]
    description: str


_VOCABULARY = (
    Fact("industry", str, "the organisation's industry"),
    Fact("country", str, "ISO country code"),
    Fact("size", str, "small, medium, large or enterprise"),
    Fact("strategy_theme", str, "the strategic theme"),
    Fact("competitive_strategy", str, "cost_leadership, differentiation, focus or undecided"),
    Fact("segments", list, "customer segments (b2b, b2g, b2c)"),
    Fact("segments_count", int, "number of customer segments served"),
    Fact("customers", int, "number of customers (0 when not given)"),
    Fact("peak_revenue_share_pct", float, "share of yearly revenue earned in peak seasons"),
    Fact("approach", str, "big_bang, phased or pilot_then_waves"),
    Fact("users_total", int, "staff who will use the new system"),
    Fact("modules_count", int, "CRM modules in scope"),
    Fact("units_count", int, "business units"),
    Fact("regions_count", int, "distinct regions of the business units"),
    Fact("largest_unit_share_pct", float, "largest unit's share of users"),
    Fact("platforms_count", int, "legacy platforms to migrate from"),
    Fact("records_total", int, "records to migrate, all platforms"),
    Fact("records_max", int, "records in the largest platform"),
    Fact("min_data_quality", int, "worst data quality of a legacy platform (1-5; 5 if none)"),
    Fact("integrations_count", int, "distinct systems the platforms integrate with"),
    Fact("agent_entered_platforms", int, "platforms whose data dealers or agents enter"),
    Fact("concurrent_projects_count", int,
         "concurrent projects overlapping the programme up to the end of hypercare"),
    Fact("concurrent_erp", bool, "an ERP project overlaps the programme"),
    Fact("programme_weeks", int, "weeks from programme start to target go-live"),
    Fact("hypercare_weeks", int, "planned hypercare length"),
    Fact("peak_seasons_count", int, "peak seasons declared"),
    Fact("go_live_in_peak_window", bool,
         "target go-live inside [peak start - buffer, peak end] of a peak season"),
    Fact("weeks_to_next_peak", float,
         "weeks from target go-live to the next peak start (a large number if none)"),
    Fact("peak_transactions_per_day", int,
         "orders, calls or bills on the busiest day (missing when not known)"),
    Fact("critical_interfaces_count", int,
         "customer or partner systems the business depends on that the new system must serve"),
    Fact("master_data_from_scratch", bool,
         "master data is keyed in from scratch rather than migrated (missing when not known)"),
    Fact("rollout_units_per_month", float,
         "units or sites brought live per month after the pilot (missing when not known)"),
)

FACTS: dict[str, Fact] = {f.name: f for f in _VOCABULARY}
