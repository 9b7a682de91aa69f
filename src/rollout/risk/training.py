"""Training and adoption facts: what the trainer's figures (an assessment's training status) say
about the risk, and the evidence naming the wave or unit and its figures.

Each fact only ever falls when completion or adoption improves (a wave that reaches its threshold
leaves the set of waves behind; a unit that reaches its target leaves the set below target), so a
better figure never raises risk, as a better answer never does.

Working days are counted on the organisation's country calendar (its weekend and public holidays,
from the ``holidays`` package the planner's calendars read too) from the day after the report date
to the go-live, inclusive.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays

from rollout.domain.assessment import Assessment, TrainingStatus, UnitAdoption, WaveTraining
from rollout.i18n import Language, translator
from rollout.i18n.dates import format_date
from rollout.i18n.numbers import Digits, format_number

BEHIND = "training_behind_workdays_to_go_live"
LATE = "training_waves_forecast_late"
LOWEST_ADOPTION = "adoption_lowest_pct"
BELOW_TARGET = "adoption_units_below_target"
TRAINING_FACTS = (BEHIND, LATE, LOWEST_ADOPTION, BELOW_TARGET)
MAX_LISTED = 3  # evidence names at most this many waves or units, worst first


DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday and Sunday where the country is not known


@lru_cache(maxsize=256)
def _country_days(country: str, first_year: int, last_year: int
                  ) -> tuple[frozenset[int], frozenset[dt.date]]:
    """The country's weekend days and public holidays between two years (the same source as
    the planner's calendars: the ``holidays`` package)."""
    try:
        book = holidays.country_holidays(country, years=range(first_year, last_year + 1))
    except NotImplementedError:
        return DEFAULT_WEEKEND, frozenset()
    weekend = getattr(book, "weekend", None)
    return frozenset(weekend) if weekend else DEFAULT_WEEKEND, frozenset(book.keys())


@lru_cache(maxsize=1024)
def workdays_until(country: str, at: dt.date, go_live: dt.date) -> int:
    """Working days after ``at`` up to and including ``go_live`` (0 when it is not later)."""
    if go_live <= at:
        return 0
    weekend, closed = _country_days(country, at.year, go_live.year)
    count = 0
    day = at
    one = dt.timedelta(days=1)
    while day < go_live:
        day += one
        if day.weekday() not in weekend and day not in closed:
            count += 1
    return count


def _upcoming_behind(assessment: Assessment, at: dt.date) -> list[tuple[int, WaveTraining]]:
    """Waves not yet live whose completion is below their threshold, nearest go-live first."""
    status = assessment.training
    if status is None:
        return []
    country = assessment.organisation.country
    behind = [(workdays_until(country, at, w.go_live), w) for w in status.waves
              if w.go_live > at and w.below_threshold]
    return sorted(behind, key=lambda item: (item[0], item[1].completion_pct, item[1].wave))


def _late(status: TrainingStatus | None, at: dt.date) -> list[WaveTraining]:
    if status is None:
        return []
    return [w for w in status.waves if w.go_live > at and w.below_threshold
            and (w.forecast is None or w.forecast > w.go_live)]


def _below_target(status: TrainingStatus | None) -> list[UnitAdoption]:
    if status is None:
        return []
    return sorted((u for u in status.units if u.below_target),
                  key=lambda u: (u.adoption_pct - u.target_pct, u.unit))


def behind_workdays(assessment: Assessment, at: dt.date) -> int | None:
    behind = _upcoming_behind(assessment, at)
    return behind[0][0] if behind else None


def forecast_late(assessment: Assessment, at: dt.date) -> int:
    return len(_late(assessment.training, at))


def lowest_adoption(assessment: Assessment) -> float | None:
    status = assessment.training
    if status is None or not status.units:
        return None
    return round(min(u.adoption_pct for u in status.units), 1)


def units_below_target(assessment: Assessment) -> int:
    return len(_below_target(assessment.training))


def training_details(assessment: Assessment, at: dt.date, lang: Language) -> dict[str, str]:
    """Per training fact that holds a finding, the waves or units behind it with their figures,
    in ``lang`` (e.g. "Wave 2: 41 % trained of 300, threshold 90 %, go-live in 8 working
    days")."""
    status = assessment.training
    if status is None:
        return {}
    words = _Words(lang)
    details: dict[str, str] = {}
    behind = _upcoming_behind(assessment, at)
    if behind:
        workdays, wave = behind[0]
        details[BEHIND] = words.t.gettext(
            "{wave}: {trained} % trained of {people}, threshold {threshold} %, go-live in "
            "{workdays} working days", wave=wave.wave, trained=words.pct(wave.completion_pct),
            people=words.num(wave.people_required), threshold=words.pct(wave.threshold_pct),
            workdays=words.num(workdays))
    late = _late(status, at)
    if late:
        details[LATE] = words.separator.join(words.late(w) for w in late[:MAX_LISTED])
    if status.units:
        lowest = min(status.units, key=lambda u: (u.adoption_pct, u.unit))
        details[LOWEST_ADOPTION] = words.adoption(lowest)
    below = _below_target(status)
    if below:
        details[BELOW_TARGET] = words.separator.join(words.adoption(u) for u in below[:MAX_LISTED])
    return details


class _Words:
    """Figures and sentences in the reader's language and digits."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.t = translator(lang)
        self.digits: Digits = "persian" if lang is Language.FA else "latin"
        self.separator = "؛ " if lang is Language.FA else "; "

    def num(self, value: float) -> str:
        return format_number(value, self.lang, digits=self.digits)

    def pct(self, value: float) -> str:
        return self.num(round(value))

    def day(self, value: dt.date) -> str:
        return format_date(value, self.lang, digits=self.digits)

    def late(self, wave: WaveTraining) -> str:
        if wave.forecast is not None:
            return self.t.gettext(
                "{wave}: forecast to reach {threshold} % on {forecast}, after its go-live on "
                "{go_live}", wave=wave.wave, threshold=self.pct(wave.threshold_pct),
                forecast=self.day(wave.forecast), go_live=self.day(wave.go_live))
        return self.t.gettext(
            "{wave}: {trained} % trained, no forecast reaches {threshold} % before its go-live "
            "on {go_live}", wave=wave.wave, trained=self.pct(wave.completion_pct),
            threshold=self.pct(wave.threshold_pct), go_live=self.day(wave.go_live))

    def adoption(self, unit: UnitAdoption) -> str:
        if unit.wave:
            return self.t.gettext("{unit} ({wave}): {adoption} % active users, target {target} %",
                                  unit=unit.unit, wave=unit.wave,
                                  adoption=self.pct(unit.adoption_pct),
                                  target=self.pct(unit.target_pct))
        return self.t.gettext("{unit}: {adoption} % active users, target {target} %",
                              unit=unit.unit, adoption=self.pct(unit.adoption_pct),
                              target=self.pct(unit.target_pct))
