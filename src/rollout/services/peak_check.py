"""What the programme's dates say about peak seasons, shown where the timing questions are asked.

The knowledge base no longer asks users whether the go-live is outside the peak or how many weeks
of buffer there are: the dates answer both, and a typed answer could contradict them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rollout.content.schema import PeakPreset
from rollout.domain.assessment import Assessment, Organisation, Programme
from rollout.risk.facts import peak_timing


def describe_peak_timing(
    organisation: Organisation, programme: Programme, presets: Mapping[str, PeakPreset]
) -> str:
    """One sentence: where the target go-live sits relative to the programme's peak seasons."""
    timing = peak_timing(Assessment(organisation=organisation, programme=programme, answers={}),
                         dict(presets))
    go_live = programme.target_go_live
    if not programme.peak_seasons:
        return (f"No peak seasons are entered for this programme, so Rollout cannot check the "
                f"go-live date ({go_live.isoformat()}) against them.")
    if timing.clashing is not None:
        window = timing.clashing
        return (f"The go-live date {go_live.isoformat()} falls inside {window.name} "
                f"({window.start.isoformat()} to {window.end.isoformat()}) or the "
                f"{timing.buffer_weeks}-week stabilisation buffer before it.")
    if timing.next_peak is None:
        return f"No peak season follows the go-live date {go_live.isoformat()}."
    weeks = (timing.next_peak.start - go_live) / dt.timedelta(weeks=1)
    return (f"The go-live date {go_live.isoformat()} is {weeks:.0f} weeks before the next peak, "
            f"{timing.next_peak.name} (from {timing.next_peak.start.isoformat()}); the "
            f"stabilisation buffer is {timing.buffer_weeks} weeks.")
