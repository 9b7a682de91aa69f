"""What the programme's dates say about peak seasons, shown where the timing questions are asked.

The knowledge base no longer asks users whether the go-live is outside the peak or how many weeks
of buffer there are: the dates answer both, and a typed answer could contradict them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rollout.content.schema import PeakPreset, peak_season_name
from rollout.domain.assessment import Assessment, Organisation, Programme
from rollout.i18n import Language, translator
from rollout.i18n.display import show_date, show_number
from rollout.i18n.numbers import Digits
from rollout.risk.facts import peak_timing


def describe_peak_timing(
    organisation: Organisation, programme: Programme, presets: Mapping[str, PeakPreset], *,
    lang: Language = Language.EN, digits: Digits = "latin",
) -> str:
    """One sentence in ``lang``: where the target go-live sits relative to the programme's peak
    seasons (dates Jalali in Persian; a preset season by its name in ``lang``)."""
    timing = peak_timing(Assessment(organisation=organisation, programme=programme, answers={}),
                         dict(presets))
    t = translator(lang)
    go_live = show_date(programme.target_go_live, lang, digits=digits)

    def day(value: dt.date) -> str:
        return show_date(value, lang, digits=digits)

    def season(name: str) -> str:
        return peak_season_name(presets.values(), name, lang.value)

    if not programme.peak_seasons:
        return t.gettext("No peak seasons are entered for this programme, so Rollout cannot "
                         "check the go-live date ({go_live}) against them.", go_live=go_live)
    if timing.clashing is not None:
        window = timing.clashing
        return t.gettext("The go-live date {go_live} falls inside {season} ({start} to {end}) or "
                         "the {weeks}-week stabilisation buffer before it.", go_live=go_live,
                         season=season(window.name), start=day(window.start), end=day(window.end),
                         weeks=show_number(timing.buffer_weeks, lang, digits=digits))
    if timing.next_peak is None:
        return t.gettext("No peak season follows the go-live date {go_live}.", go_live=go_live)
    weeks = round((timing.next_peak.start - programme.target_go_live) / dt.timedelta(weeks=1))
    return t.ngettext("The go-live date {go_live} is {count} week before the next peak, {season} "
                      "(from {start}); the stabilisation buffer is {weeks} weeks.",
                      "The go-live date {go_live} is {count} weeks before the next peak, {season} "
                      "(from {start}); the stabilisation buffer is {weeks} weeks.", weeks,
                      count=show_number(weeks, lang, digits=digits), go_live=go_live,
                      season=season(timing.next_peak.name), start=day(timing.next_peak.start),
                      weeks=show_number(timing.buffer_weeks, lang, digits=digits))
