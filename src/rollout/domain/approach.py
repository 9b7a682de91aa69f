"""How a programme means to roll out (its approach) and how a plan stages it (its scenario).

Standard library only, so the command line can offer the scenarios without loading pydantic.
"""

from __future__ import annotations

from enum import StrEnum


class RolloutApproach(StrEnum):
    """The approach a programme declares in its assessment."""

    BIG_BANG = "big_bang"
    PHASED = "phased"
    PILOT_THEN_WAVES = "pilot_then_waves"


class Scenario(StrEnum):
    """A staging the planner can build; every approach has one, ``custom`` has no approach."""

    BIG_BANG = "big-bang"
    PHASED = "phased"
    PILOT_WAVES = "pilot-waves"
    CUSTOM = "custom"

    @classmethod
    def of_approach(cls, approach: RolloutApproach) -> Scenario:
        """The scenario that plans a programme's declared approach."""
        return _SCENARIO_OF_APPROACH[approach]

    @classmethod
    def standard(cls) -> tuple[Scenario, ...]:
        """The scenarios built from the programme alone, compared side by side."""
        return tuple(_SCENARIO_OF_APPROACH.values())

    @property
    def approach(self) -> RolloutApproach | None:
        """The approach this scenario carries out; None for ``custom`` (its waves decide)."""
        return _APPROACH_OF_SCENARIO.get(self)


_SCENARIO_OF_APPROACH = {
    RolloutApproach.BIG_BANG: Scenario.BIG_BANG,
    RolloutApproach.PHASED: Scenario.PHASED,
    RolloutApproach.PILOT_THEN_WAVES: Scenario.PILOT_WAVES,
}
_APPROACH_OF_SCENARIO = {scenario: approach for approach, scenario in _SCENARIO_OF_APPROACH.items()}
