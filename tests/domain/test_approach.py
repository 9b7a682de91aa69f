"""Approach and scenario: one enum's methods map between them, both ways."""

from __future__ import annotations

import pytest

from rollout.domain.approach import RolloutApproach, Scenario


@pytest.mark.parametrize("approach", list(RolloutApproach))
def test_every_approach_has_a_scenario_that_carries_it_out(approach: RolloutApproach) -> None:
    assert Scenario.of_approach(approach).approach is approach


def test_the_standard_scenarios_are_those_of_the_approaches_and_custom_has_none() -> None:
    assert Scenario.standard() == (Scenario.BIG_BANG, Scenario.PHASED, Scenario.PILOT_WAVES)
    assert Scenario.CUSTOM.approach is None
