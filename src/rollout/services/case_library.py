"""The case library: the documented rollouts, filtered the way the case library page offers.

Pure: reads the loaded knowledge base only, so the page and any other caller filter alike.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Literal

from rollout.content.schema import Case, Outcome, SystemType

Origin = Literal["seeds", "public_record"]

# Failures first, then recoveries and successes; within each, oldest first.
_OUTCOME_ORDER = {Outcome.FAILURE: 0, Outcome.RECOVERED: 1, Outcome.SUCCESS: 2}


def find_cases(
    cases: Mapping[str, Case],
    *,
    outcomes: Collection[Outcome] | None = None,
    system_types: Collection[SystemType] | None = None,
    cause: str | None = None,
    origin: Origin | None = None,
) -> list[Case]:
    """The cases matching every given filter (None or empty: no filter on that field).

    ``cause`` is a risk factor code: a failure matches when it names the factor among its causes,
    a recovery when it overcame it.
    """
    found = [
        case for case in cases.values()
        if (not outcomes or case.outcome in outcomes)
        and (not system_types or case.system_type in system_types)
        and (cause is None or cause in case.causes)
        and (origin is None or case.from_seeds == (origin == "seeds"))
    ]
    found.sort(key=lambda c: (_OUTCOME_ORDER[c.outcome], c.year or 9999, c.id))
    return found


def system_types_in(cases: Mapping[str, Case]) -> list[SystemType]:
    """The system types the library holds, in the schema's order."""
    present = {c.system_type for c in cases.values()}
    return [t for t in SystemType if t in present]


def causes_in(cases: Mapping[str, Case]) -> list[str]:
    """The risk factor codes any case names as a cause, sorted."""
    return sorted({code for c in cases.values() for code in c.causes})
