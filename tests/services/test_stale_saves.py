"""D3 and D16 in the services: two sessions edit the same object; the stale save is refused and
nothing of the first save is lost; a save that changes nothing writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from rollout.domain.plan import PlanOptions
from rollout.errors import ConflictError
from rollout.permissions import Role
from rollout.persistence.records import ProgrammeBlackout
from rollout.services.audit import list_audit_events
from rollout.services.organisations import get_organisation, update_organisation
from rollout.services.plans import get_plan_settings, save_plan_settings
from rollout.services.programmes import get_programme, save_programme
from tests.services.conftest import World

FREEZE = ProgrammeBlackout(name="Year-end freeze", start=dt.date(2026, 12, 14), end=dt.date(2027, 1, 4))


def _audit_count(world: World) -> int:
    return len(list_audit_events(world.db, actor=world.admin, organisation_id=world.own.id))


def test_d3_a_stale_programme_save_is_refused_and_the_first_save_keeps_every_field(
    world: World,
) -> None:
    tenant = world.own
    owner, consultant = world.actor(Role.PROJECT_OWNER), world.actor(Role.CONSULTANT)
    opened = get_programme(world.db, actor=consultant, organisation_id=tenant.id,
                           programme_id=tenant.programme.id)  # both open the page at version v
    owners = opened.programme.model_copy(update={"target_system": "Dynamics 365"})
    first = save_programme(world.db, actor=owner, organisation_id=tenant.id,
                           programme_id=opened.id, name=opened.name, programme=owners,
                           blackouts=[FREEZE], expected_version=opened.version)
    consultants = opened.programme.model_copy(update={"modules": ["sales", "service"]})
    with pytest.raises(ConflictError, match="changed by someone else"):
        save_programme(world.db, actor=consultant, organisation_id=tenant.id,
                       programme_id=opened.id, name="Renamed", programme=consultants,
                       expected_version=opened.version)
    stored = get_programme(world.db, actor=owner, organisation_id=tenant.id,
                           programme_id=opened.id)
    assert stored == first
    assert stored.programme.target_system == "Dynamics 365" and stored.blackouts == (FREEZE,)


def test_d3_a_stale_organisation_profile_save_is_refused_and_keeps_the_first(world: World) -> None:
    tenant = world.own
    owner, consultant = world.actor(Role.PROJECT_OWNER), world.actor(Role.CONSULTANT)
    opened = get_organisation(world.db, actor=consultant, organisation_id=tenant.id)
    first = update_organisation(
        world.db, actor=owner, organisation_id=tenant.id, expected_version=opened.version,
        profile=opened.profile.model_copy(update={"industry": "wholesale"}))
    with pytest.raises(ConflictError, match="changed by someone else"):
        update_organisation(world.db, actor=consultant, organisation_id=tenant.id,
                            expected_version=opened.version,
                            profile=opened.profile.model_copy(update={"customers": 99}))
    stored = get_organisation(world.db, actor=owner, organisation_id=tenant.id)
    assert stored == first and stored.profile.industry == "wholesale"


def test_d3_a_stale_plan_settings_save_is_refused_and_keeps_the_first(world: World) -> None:
    tenant = world.own
    owner, consultant = world.actor(Role.PROJECT_OWNER), world.actor(Role.CONSULTANT)
    created = save_plan_settings(world.db, actor=owner, organisation_id=tenant.id,
                                 programme_id=tenant.programme.id, options=PlanOptions(),
                                 expected_version=None)
    first = save_plan_settings(world.db, actor=owner, organisation_id=tenant.id,
                               programme_id=tenant.programme.id,
                               options=PlanOptions(max_wave_share_pct=40),
                               expected_version=created.version)
    with pytest.raises(ConflictError):
        save_plan_settings(world.db, actor=consultant, organisation_id=tenant.id,
                           programme_id=tenant.programme.id,
                           options=PlanOptions(max_wave_share_pct=25),
                           expected_version=created.version)
    stored = get_plan_settings(world.db, actor=owner, organisation_id=tenant.id,
                               programme_id=tenant.programme.id)
    assert stored == first


def test_d16_saving_an_unchanged_programme_writes_nothing(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    opened = get_programme(world.db, actor=owner, organisation_id=tenant.id,
                           programme_id=tenant.programme.id)
    events = _audit_count(world)
    again = save_programme(world.db, actor=owner, organisation_id=tenant.id,
                           programme_id=opened.id, name=opened.name, programme=opened.programme,
                           blackouts=opened.blackouts, expected_version=opened.version)
    assert again == opened
    assert get_programme(world.db, actor=owner, organisation_id=tenant.id,
                         programme_id=opened.id).version == opened.version
    assert _audit_count(world) == events


def test_d16_saving_an_unchanged_organisation_profile_writes_nothing(world: World) -> None:
    tenant, owner = world.own, world.actor(Role.PROJECT_OWNER)
    opened = get_organisation(world.db, actor=owner, organisation_id=tenant.id)
    events = _audit_count(world)
    again = update_organisation(world.db, actor=owner, organisation_id=tenant.id,
                                profile=opened.profile, expected_version=opened.version)
    assert again == opened
    assert _audit_count(world) == events
