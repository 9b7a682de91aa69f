"""Listing organisations with the actor's role: what the sidebar and navigation are built from."""

from __future__ import annotations

from rollout.permissions import Role
from rollout.services.organisations import list_organisations, list_organisations_with_roles
from tests.services.conftest import World


def test_a_member_gets_only_their_organisations_each_with_their_role(world: World) -> None:
    for role, actor in world.members.items():
        listed = list_organisations_with_roles(world.db, actor=actor)
        assert [(o.id, r) for o, r in listed] == [(world.own.id, role)]


def test_an_administrator_gets_every_organisation_as_admin(world: World) -> None:
    listed = list_organisations_with_roles(world.db, actor=world.admin)
    assert {o.id for o, _ in listed} >= {world.own.id, world.other.id}
    assert {r for _, r in listed} == {Role.ADMIN}


def test_the_plain_list_is_the_same_organisations(world: World) -> None:
    actor = world.members[Role.CONSULTANT]
    assert list_organisations(world.db, actor=actor) == [
        o for o, _ in list_organisations_with_roles(world.db, actor=actor)]
