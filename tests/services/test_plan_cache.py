"""Plans kept per data version: planned once per change, a change through another server
process seen at once, never one organisation's plan for another."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from rollout.domain.plan import PlanOptions
from rollout.errors import NotFoundError
from rollout.permissions import Role
from rollout.persistence.database import Database, create_database_engine
from rollout.services import (
    cached_plan_programme,
    forget_plans,
    get_assessment,
    plan_cache,
    plan_contract_json,
    save_draft_answers,
    save_plan_settings,
)
from rollout.services.plans import ProgrammePlan
from tests.services.conftest import World


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    forget_plans()
    yield
    forget_plans()


@pytest.fixture
def plannings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The programmes actually planned (not served from the cache), in order."""
    calls: list[str] = []
    original = plan_cache.plan_programme  # type: ignore[attr-defined]

    def counting(*args: object, **kwargs: object) -> ProgrammePlan:
        calls.append(str(kwargs["programme_id"]))
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_cache, "plan_programme", counting)
    return calls


def _plan(world: World, db: Database | None = None, **kwargs: object) -> ProgrammePlan:
    return cached_plan_programme(db or world.db, actor=world.actor(Role.PROJECT_OWNER),
                                 organisation_id=world.own.id,
                                 programme_id=world.own.programme.id, content=world.content,
                                 **kwargs)  # type: ignore[arg-type]


def test_a_plan_is_computed_once_per_data_version(world: World, plannings: list[str]) -> None:
    first = _plan(world)
    assert _plan(world) is first
    assert plannings == [world.own.programme.id]
    # Other options or no comparison are other answers, planned once each.
    other = _plan(world, options=PlanOptions(migration_tracks=1))
    assert other is not first and _plan(world, options=PlanOptions(migration_tracks=1)) is other
    _plan(world, compare=False)
    assert len(plannings) == 3


def test_a_change_saved_through_another_server_process_is_seen_at_the_next_view(
    world: World, plannings: list[str]
) -> None:
    before = _plan(world)
    # Another process: its own engine on the same database, nothing shared in memory.
    other_server = Database(create_database_engine(world.db.url))
    try:
        owner = world.actor(Role.PROJECT_OWNER)
        save_plan_settings(other_server, actor=owner, organisation_id=world.own.id,
                           programme_id=world.own.programme.id,
                           options=PlanOptions(migration_tracks=1), expected_version=None)
        after = _plan(world)
        assert after is not before and after.settings is not None
        assert after.options.migration_tracks == 1
        draft = get_assessment(world.db, actor=owner, organisation_id=world.own.id,
                               assessment_id=world.own.assessment.id)
        answers = {**draft.answers, "own.owner": "no"}
        save_draft_answers(other_server, actor=owner, organisation_id=world.own.id,
                           assessment_id=draft.id, answers=answers,
                           expected_version=draft.version, content=world.content)
        assert _plan(world) is not after
        assert _plan(world).assessment.answers["own.owner"] == "no"
    finally:
        other_server.dispose()
    assert len(plannings) == 3


def test_another_organisations_plan_is_never_served(world: World) -> None:
    own = _plan(world)
    with pytest.raises(NotFoundError):
        cached_plan_programme(world.db, actor=world.actor(Role.PROJECT_OWNER),
                              organisation_id=world.other.id,
                              programme_id=world.other.programme.id, content=world.content)
    with pytest.raises(NotFoundError):  # its programme named inside one's own organisation
        cached_plan_programme(world.db, actor=world.actor(Role.PROJECT_OWNER),
                              organisation_id=world.own.id,
                              programme_id=world.other.programme.id, content=world.content)
    theirs = cached_plan_programme(world.db, actor=world.admin, organisation_id=world.other.id,
                                   programme_id=world.other.programme.id, content=world.content)
    assert theirs is not own and theirs.programme.id == world.other.programme.id


def test_the_cache_is_bounded(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plan_cache, "MAX_PLANS", 2)
    for tracks in (1, 2, 3):
        _plan(world, options=PlanOptions(migration_tracks=tracks), compare=False)
    assert len(plan_cache._plans) == 2


def test_the_download_is_written_once_per_plan_and_is_the_plans_contract(world: World) -> None:
    plan = _plan(world).plan
    text = plan_contract_json(plan)
    assert json.loads(text) == json.loads(json.dumps(plan.to_contract()))
    assert plan_contract_json(plan) is text
    other = _plan(world, options=PlanOptions(migration_tracks=1)).plan
    assert plan_contract_json(other) is not text
