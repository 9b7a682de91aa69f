"""Programmes: saved whole, versioned, and named uniquely within their organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from rollout.errors import ConflictError, InputError
from rollout.permissions import Role
from rollout.persistence.records import ProgrammeBlackout
from rollout.services.programmes import create_programme, get_programme, save_programme
from tests.services.conftest import World, programme


def test_saving_a_programme_replaces_its_parts_and_bumps_the_version(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    changed = tenant.programme.programme.model_copy(update={
        "business_units": tenant.programme.programme.business_units[:1],
        "concurrent_projects": []})
    freeze = ProgrammeBlackout(name="Freeze", start=dt.date(2026, 12, 14), end=dt.date(2027, 1, 4))
    saved = save_programme(world.db, actor=owner, organisation_id=tenant.id,
                           programme_id=tenant.programme.id, name="CRM phase 1",
                           programme=changed, blackouts=[freeze],
                           expected_version=tenant.programme.version)
    assert saved.version == tenant.programme.version + 1
    reread = get_programme(world.db, actor=owner, organisation_id=tenant.id,
                           programme_id=tenant.programme.id)
    assert reread == saved
    assert reread.programme == changed and reread.blackouts == (freeze,)
    assert reread.name == "CRM phase 1"


def test_saving_a_programme_from_an_old_version_is_a_conflict(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.CONSULTANT)
    kwargs: dict[str, Any] = {
        "actor": owner, "organisation_id": tenant.id, "programme_id": tenant.programme.id,
        "name": "CRM", "programme": programme(), "expected_version": tenant.programme.version}
    save_programme(world.db, **{**kwargs, "name": "CRM phase 1"})
    with pytest.raises(ConflictError, match=r"programme was changed by someone else.*reload"):
        save_programme(world.db, **{**kwargs, "name": "CRM phase 2"})


def test_programme_names_are_unique_per_organisation_only(world: World) -> None:
    owner = world.actor(Role.PROJECT_OWNER)
    with pytest.raises(ConflictError, match="already has a programme named 'CRM'"):
        create_programme(world.db, actor=owner, organisation_id=world.own.id, name=" CRM ",
                         programme=programme())
    with pytest.raises(InputError, match="name"):
        create_programme(world.db, actor=owner, organisation_id=world.own.id, name="  ",
                         programme=programme())
    # The other organisation's "CRM" does not stand in the way of a new one here.
    second = create_programme(world.db, actor=owner, organisation_id=world.own.id,
                              name="Service desk", programme=programme())
    assert second.organisation_id == world.own.id
