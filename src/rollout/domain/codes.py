"""The stable codes a plan carries: why a date moved, which rule a date breaks, what a gate checks.

Each family is a closed set, like TaskJuggler's message ids: a typo in a code is a type error, not
a silent mismatch. Members are ``StrEnum``s, so they compare equal to, and serialise as, the plain
strings of the JSON contract (docs/planner.md lists them; a test keeps that table in step).
Every member carries a one-line ``meaning``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class _Code(StrEnum):
    """A code with a one-line meaning: ``NAME = "value", "meaning"``."""

    meaning: str

    def __new__(cls, value: str, meaning: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member


class NoteCode(_Code):
    """Why a date or a wave is what it is (``Note.code``)."""

    BLACKOUT_SHIFT = "blackout_shift", "a cutover or go-live moved out of a blackout window"
    CAPACITY_WAIT = "capacity_wait", "a task waited for trainer seats or a migration track"
    TARGET_DATE = "target_date", "the first go-live was held to the target date"
    DEPENDENCY_WAIT = "dependency_wait", "the first go-live could not make its target date"
    JUST_IN_TIME = "just_in_time", "training, access or a gate moved close to its go-live"
    WAVE_SPLIT = "wave_split", "a wave was split to stay under the wave-size cap"
    UNIT_EXCEEDS_CAP = "unit_exceeds_cap", "one unit alone is larger than the wave-size cap"
    WAVE_ADDED = "wave_added", "units in no custom wave go live in an extra last wave"
    NO_UNITS = "no_units", "the programme lists no business units; one organisation-wide unit"
    PLATFORM_UNASSIGNED = "platform_unassigned", "a platform no unit names is cut over with the first wave"
    PILOT_CHOSEN = "pilot_chosen", "which unit is the pilot, and why"
    REHEARSAL_ADDED = "rehearsal_added", "a platform gets more than one trial migration"
    MITIGATION_TASK = "mitigation_task", "a risk-report action became a task or changed one"
    MITIGATION_SKIPPED = "mitigation_skipped", "a risk-report action has no place in this plan"
    OVERRIDE_APPLIED = "override_applied", "a user's override was applied"
    OVERRIDE_CONFLICT = "override_conflict", "a user's override was refused"
    CAPACITY_ASSUMED = "capacity_assumed", "the trainer seats or migration tracks assumed"
    CALENDAR = "calendar", "a country's weekend and public holidays in force"
    NO_HOLIDAY_DATA = "no_holiday_data", "a country without public-holiday data"


class ViolationCode(_Code):
    """A rule a plan's dates break (``Violation.code``); only overrides can introduce one."""

    DEPENDENCY = "dependency", "a task starts before a predecessor (plus lag) allows"
    NON_WORKING_DAY = "non_working_day", "a task is dated on a weekend, holiday or closure"
    BLACKOUT = "blackout", "a cutover or go-live is inside a window or its buffer"
    CAPACITY = "capacity", "trainer seats or migration tracks are over capacity"
    TRAINING_AFTER_GO_LIVE = "training_after_go_live", "a unit's training ends after its go-live"
    PLATFORM_NOT_MIGRATED = "platform_not_migrated", "a wave goes live before its platform moves"
    UNIT_UNASSIGNED = "unit_unassigned", "a business unit is in no wave"
    UNIT_DUPLICATED = "unit_duplicated", "a business unit is in two waves"
    WAVE_OVER_CAP = "wave_over_cap", "a wave of several units is above the wave-size cap"
    OVERRIDE_CONFLICT = "override_conflict", "an override was refused"


class CriterionCode(_Code):
    """What a go/no-go gate checks (``GateCriterion.code``)."""

    TRAINING_COMPLETION = "training_completion", "enough of the wave's users are trained"
    REHEARSAL_RECONCILED = "rehearsal_reconciled", "the wave's platforms' trial migrations reconcile"
    OWNER_SIGN_OFF = "owner_sign_off", "the owners sign off the wave or the pilot"
    NO_OPEN_CRITICAL_RISKS = "no_open_critical_risks", "no critical risk is left open"
    PILOT_ADOPTION = "pilot_adoption", "pilot users work in the new system"
    LESSONS_APPLIED = "lessons_applied", "pilot defects and lessons are resolved"
