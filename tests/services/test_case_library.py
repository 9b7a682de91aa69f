"""Case library filters: outcome, system type, cause and source, alone and combined."""

from __future__ import annotations

from rollout.content.loader import Content
from rollout.content.schema import Outcome, SystemType
from rollout.services.case_library import causes_in, find_cases, system_types_in


def test_no_filter_lists_every_case_failures_first(content: Content) -> None:
    found = find_cases(content.cases)
    assert len(found) == len(content.cases)
    outcomes = [c.outcome for c in found]
    assert outcomes == sorted(outcomes, key=[Outcome.FAILURE, Outcome.RECOVERED,
                                             Outcome.SUCCESS].index)


def test_outcome_filter_keeps_only_that_outcome(content: Content) -> None:
    found = find_cases(content.cases, outcomes=[Outcome.RECOVERED])
    assert found and all(c.outcome is Outcome.RECOVERED for c in found)


def test_system_type_filter_keeps_only_that_type(content: Content) -> None:
    for system_type in system_types_in(content.cases):
        found = find_cases(content.cases, system_types=[system_type])
        assert found and all(c.system_type is system_type for c in found)
    assert SystemType.ERP in system_types_in(content.cases)  # Hershey, on the public record


def test_cause_filter_keeps_the_cases_naming_that_factor(content: Content) -> None:
    found = find_cases(content.cases, cause="peak_season_timing")
    assert "hershey-1999" in {c.id for c in found}
    assert all("peak_season_timing" in c.causes for c in found)
    assert "peak_season_timing" in causes_in(content.cases)


def test_source_filter_separates_seed_cases_from_public_record(content: Content) -> None:
    seeds = find_cases(content.cases, origin="seeds")
    public = find_cases(content.cases, origin="public_record")
    assert all(c.sources for c in seeds) and all(c.source_urls and not c.sources for c in public)
    assert len(seeds) + len(public) == len(content.cases)


def test_filters_combine(content: Content) -> None:
    found = find_cases(content.cases, outcomes=[Outcome.FAILURE], system_types=[SystemType.ERP],
                       cause="peak_season_timing")
    assert {c.id for c in found} >= {"hershey-1999"}
    assert all(c.outcome is Outcome.FAILURE and c.system_type is SystemType.ERP
               and "peak_season_timing" in c.causes for c in found)
    assert find_cases(content.cases, outcomes=[Outcome.SUCCESS], cause="peak_season_timing") == []
