"""Submitted snapshots parsed once per process: the same records as listing them, a new
submission (through any server process) seen at once, never another organisation's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rollout.errors import NotFoundError
from rollout.permissions import Role
from rollout.persistence.database import Database, create_database_engine
from rollout.services import cached_snapshots, forget_plans, list_snapshots, snapshot_cache, submit_assessment
from tests.services.conftest import World


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    forget_plans()
    yield
    forget_plans()


def _cached(world: World, db: Database | None = None) -> list[object]:
    return list(cached_snapshots(db or world.db, actor=world.actor(Role.EXECUTIVE),
                                 organisation_id=world.own.id,
                                 assessment_id=world.own.assessment.id))


def test_cached_snapshots_are_the_listed_snapshots_parsed_once(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    listed = list_snapshots(world.db, actor=world.actor(Role.EXECUTIVE),
                            organisation_id=world.own.id, assessment_id=world.own.assessment.id)
    first = _cached(world)
    assert first == listed
    parsed: list[str] = []
    original = snapshot_cache.snapshot_record  # type: ignore[attr-defined]

    def counting(row: Any) -> Any:
        parsed.append(row.id)
        return original(row)

    monkeypatch.setattr(snapshot_cache, "snapshot_record", counting)
    again = _cached(world)
    assert again == first and all(a is b for a, b in zip(again, first, strict=True))
    assert parsed == []


def test_a_snapshot_submitted_through_another_server_process_is_seen_at_the_next_read(
    world: World,
) -> None:
    before = _cached(world)
    other_server = Database(create_database_engine(world.db.url))
    try:
        submit_assessment(other_server, actor=world.admin, organisation_id=world.own.id,
                          assessment_id=world.own.assessment.id, content=world.content)
    finally:
        other_server.dispose()
    after = _cached(world)
    assert len(after) == len(before) + 1 and after[:-1] == before


def test_another_organisations_assessment_is_not_found_even_when_kept(world: World) -> None:
    cached_snapshots(world.db, actor=world.admin, organisation_id=world.other.id,
                     assessment_id=world.other.assessment.id)
    with pytest.raises(NotFoundError):
        cached_snapshots(world.db, actor=world.actor(Role.EXECUTIVE),
                         organisation_id=world.own.id, assessment_id=world.other.assessment.id)
