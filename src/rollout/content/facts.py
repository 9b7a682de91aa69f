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
    # Facts added since issue 13 carry their Persian description and where the thresholds the
    # knowledge base compares them with come from.
    description_fa: str = ""
    source: str = ""


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
    # Training and adoption (issue 14), read from the assessment's training status: the trainer's
    # figures per wave and per live unit. Missing or 0 when the assessment carries none.
    Fact("training_behind_workdays_to_go_live", int,
         "working days from the report date to the go-live of the nearest wave not yet live "
         "whose training completion is below its gate threshold (missing when none is behind)",
         "روزهای کاری از تاریخ گزارش تا راه‌اندازی نزدیک‌ترین موجی که هنوز راه‌اندازی نشده و "
         "درصد آموزش‌دیدگانش زیر آستانهٔ دروازهٔ آموزش است (اگر هیچ موجی عقب نباشد، ناموجود)",
         "thresholds: 5 working days, issue 14's training deadline (go-live minus 5 working "
         "days); 20 working days, the four weeks before go-live the seeds' training question "
         "asks for (training.before_go_live; Hershey 1999, Vodafone UK 2016: staff unready on "
         "the day)"),
    Fact("training_waves_forecast_late", int,
         "waves not yet live, below their threshold, whose forecast reaches it only after their "
         "go-live or never at the current pace and bookings",
         "موج‌هایی که هنوز راه‌اندازی نشده‌اند، زیر آستانه‌اند و پیش‌بینی می‌شود تنها پس از "
         "راه‌اندازی‌شان یا هرگز (با آهنگ کنونی و جلسه‌های رزروشده) به آستانه برسند",
         "Hershey 1999, Vodafone UK 2016 and British Airways 2001 (seeds: training missing or "
         "badly planned)"),
    Fact("adoption_lowest_pct", float,
         "the lowest adoption among live units: users active in the newest week measured, as a "
         "share of the unit's users (missing when no unit is measured)",
         "کمترین درصد پذیرش در میان واحدهای راه‌اندازی‌شده: سهم کاربران فعال در تازه‌ترین هفتهٔ "
         "سنجیده‌شده از کاربران واحد (اگر هیچ واحدی سنجیده نشده باشد، ناموجود)",
         "threshold 50 %: BMC's first attempt reached only 30-50 % of its users (seed 001)"),
    Fact("adoption_units_below_target", int,
         "live units whose adoption is below their target (default 80 %)",
         "واحدهای راه‌اندازی‌شده‌ای که پذیرششان زیر هدف است (پیش‌فرض ۸۰٪)",
         "target 80 %: issue 14's default adoption target; BMC (seed 001) as the failure"),
)

FACTS: dict[str, Fact] = {f.name: f for f in _VOCABULARY}
