"""Listing organisations with the actor's role: what the sidebar and navigation are built from."""

from __future__ import annotations

import datetime as dt

from rollout.permissions import Role
from rollout.services import portfolio_summaries
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


def test_the_portfolio_summarises_each_organisation_in_one_call(world: World) -> None:
    actor = world.members[Role.CONSULTANT]
    [item] = portfolio_summaries(world.db, actor=actor, today=dt.date(2026, 3, 1))
    assert (item.organisation.id, item.role, item.unavailable) == (world.own.id,
                                                                    Role.CONSULTANT, None)
    assert item.programme == world.own.programme
    assert item.snapshot == world.own.snapshot
    # The one action is open and was due on 2026-02-01.
    assert (item.open_actions, item.overdue_actions) == (1, 1)
    [before_due] = portfolio_summaries(world.db, actor=actor, today=dt.date(2026, 1, 10))
    assert (before_due.open_actions, before_due.overdue_actions) == (1, 0)


def test_an_administrators_portfolio_holds_every_organisation(world: World) -> None:
    listed = portfolio_summaries(world.db, actor=world.admin, today=dt.date(2026, 3, 1))
    assert {s.organisation.id for s in listed} >= {world.own.id, world.other.id}
    other = next(s for s in listed if s.organisation.id == world.other.id)
    assert other.snapshot == world.other.snapshot
