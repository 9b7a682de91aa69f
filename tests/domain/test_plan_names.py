"""The planner's task, wave and criterion names in the reader's language (issue 13): every name
the planner writes is recognised and shown in Persian; ids, codes and English stay as stored."""

from __future__ import annotations

import re

import pytest

from rollout.content.loader import Content, example_assessment
from rollout.domain.plan import Plan, PlanOptions, Scenario
from rollout.domain.plan_names import localised_plan, plan_name
from rollout.errors import RolloutError
from rollout.i18n import Language
from rollout.risk.engine import assess
from rollout.schedule import build_plan

PERSIAN = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture(scope="module")
def plans(content: Content) -> list[Plan]:
    out = []
    for case_id in sorted(content.cases):
        example = example_assessment(content, case_id)
        report = assess(example, content)
        for scenario in (None, *Scenario):
            try:
                out.append(build_plan(example, report, PlanOptions(scenario=scenario),
                                      presets=dict(content.presets)))
            except RolloutError:  # a scenario the example cannot be planned in
                continue
    return out


def test_every_name_the_planner_writes_reads_in_persian(plans: list[Plan]) -> None:
    assert len(plans) > 40
    untranslated = set()
    for plan in plans:
        shown = localised_plan(plan, Language.FA)
        texts = [t.name for t in shown.tasks] + [w.name for w in shown.waves] + [
            c.text for t in shown.tasks for c in t.criteria]
        untranslated |= {text for text in texts if not PERSIAN.search(text)}
    assert untranslated == set()


def test_ids_codes_and_dates_stay_and_english_is_the_plan_itself(plans: list[Plan]) -> None:
    plan = plans[0]
    assert localised_plan(plan, Language.EN) is plan
    shown = localised_plan(plan, Language.FA)
    assert [(t.id, t.kind, t.start, t.end, t.depends_on) for t in shown.tasks] == \
        [(t.id, t.kind, t.start, t.end, t.depends_on) for t in plan.tasks]
    assert [w.id for w in shown.waves] == [w.id for w in plan.waves]
    assert [t.name for t in shown.tasks] != [t.name for t in plan.tasks]


def test_names_nest_and_keep_user_data_as_written() -> None:
    assert plan_name("Go-live: Wave 1: east", Language.FA) == "راه‌اندازی: موج 1: east"
    assert plan_name("Go-live: Pilot: Dealer network", Language.FA) == \
        "راه‌اندازی: پایلوت: Dealer network"
    assert plan_name("Train Sales (1200 users)", Language.FA) == "آموزش Sales (1,200 کاربر)"
    assert plan_name("Cutover Legacy CRM for Wave 2: west", Language.FA) == \
        "انتقال نهایی Legacy CRM برای موج 2: west"
    # Not a name the planner writes: shown as it is.
    assert plan_name("Renamed by hand", Language.FA) == "Renamed by hand"
    assert plan_name("Go-live: Wave 1: east", Language.EN) == "Go-live: Wave 1: east"
