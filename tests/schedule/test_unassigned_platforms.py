"""A legacy platform no business unit names (walkthrough D6) is cut over with the first wave
after the pilot, right before that wave's go-live: never months ahead of it."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rollout.content.loader import Content, load_default_content
from rollout.domain.assessment import Assessment, LegacyPlatform
from rollout.domain.plan import BlackoutKind, Plan, TaskKind
from rollout.risk.engine import assess
from rollout.schedule import build_plan
from rollout.services import demo


def _demo_with_loyalty_app(content: Content) -> Plan:
    """The walkthrough's steps: the demo programme plus a "Loyalty app" that no unit uses."""
    programme = demo.PROGRAMME.model_copy(update={"legacy_platforms": [
        *demo.PROGRAMME.legacy_platforms,
        LegacyPlatform(name="Loyalty app", kind="custom", records=50_000, data_quality=3)]})
    assessment = Assessment(name="demo", organisation=demo.PROFILE, programme=programme)
    return build_plan(assessment, assess(assessment, content), presets=content.presets)


def test_d6_an_unassigned_platform_is_cut_over_just_before_its_waves_go_live(
    content: Content,
) -> None:
    plan = _demo_with_loyalty_app(content)
    [note] = [n for n in plan.notes if n.code == "platform_unassigned"]
    wave = next(w for w in plan.waves if w.id == note.data["wave"])
    assert not wave.pilot and wave.go_live is not None
    cutover = next(t for t in plan.tasks if t.platform == "Loyalty app"
                   and t.kind is TaskKind.CUTOVER)
    assert cutover.wave == wave.id
    # Cut over with the wave's other platforms, within days of the go-live, not ten months.
    others = [t for t in plan.tasks if t.kind is TaskKind.CUTOVER and t.wave == wave.id
              and t.platform != "Loyalty app"]
    assert others and all(abs((cutover.end - o.end).days) <= 7 for o in others)
    assert 0 <= (wave.go_live - cutover.end).days <= 14
    peaks = [b.name for b in plan.blackouts if b.kind is BlackoutKind.PEAK_SEASON
             and cutover.end < b.start and b.end < wave.go_live]
    assert peaks == []
    # The wave's gate and training follow the go-live, not the early cutover.
    gate = next(t for t in plan.tasks if t.id == f"{wave.id}.gate")
    assert 0 <= (wave.go_live - gate.start).days <= 30


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(shift_days=0, hypercare=6, records=50_000)  # the walkthrough's own case (D6)
@given(shift_days=st.integers(0, 364), hypercare=st.integers(1, 6),
       records=st.integers(0, 3_000_000))
def test_no_migrated_data_waits_across_a_peak_whatever_the_dates(
    shift_days: int, hypercare: int, records: int,
) -> None:
    content = load_default_content()
    # The demo's seasons (Halloween to Easter) leave narrow gaps that a short cutover fits into.
    base = demo.PROGRAMME
    shift = dt.timedelta(days=shift_days)
    programme = base.model_copy(update={
        "start_date": base.start_date + shift, "target_go_live": base.target_go_live + shift,
        "hypercare_weeks": hypercare,
        "legacy_platforms": [*base.legacy_platforms, LegacyPlatform(
            name="Loyalty app", kind="custom", records=records)]})
    assessment = Assessment(name="demo", organisation=demo.PROFILE, programme=programme)
    plan = build_plan(assessment, assess(assessment, content), presets=content.presets)
    go_lives = {w.id: w.go_live for w in plan.waves}
    peaks = [b for b in plan.blackouts if b.kind is BlackoutKind.PEAK_SEASON]
    for task in plan.tasks:
        if task.kind is TaskKind.CUTOVER:
            assert task.wave is not None
            go_live = go_lives[task.wave]
            assert go_live is not None
            assert [p.name for p in peaks if task.end < p.start and p.end < go_live] == [], task.id
