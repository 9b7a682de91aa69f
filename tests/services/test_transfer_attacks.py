"""Issue 8, failure 5: imports that escalate or poison are refused by the rules the app applies;
and failure 10: a failed export is not audited as done. On SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlmodel import select

from rollout.errors import InputError
from rollout.persistence.database import Database, create_database_engine
from rollout.persistence.tables import AuditEventRow, MembershipRow
from rollout.services.access import Actor
from rollout.services.accounts import create_first_admin
from rollout.services.audit import list_audit_events
from rollout.services.transfer import export_organisation, import_organisation
from tests.services.conftest import PASSWORD, World


def _exported_elsewhere(world: World) -> dict[str, Any]:
    """The world's own organisation as a file that would import into the same database."""
    exported = export_organisation(world.db, actor=world.admin, organisation_id=world.own.id)
    exported["organisation"]["id"] = "e" * 32
    exported["organisation"]["profile"]["name"] = "Elsewhere Ltd"
    return exported


def _import(world: World, exported: dict[str, Any]) -> Any:
    return import_organisation(world.db, actor=world.admin, data=exported,
                               content=world.content, source="attack.json")


def _first(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0]


ATTACKS: list[tuple[str, Callable[[dict[str, Any]], Any], str]] = [
    ("member_role_admin", lambda d: _first(d["members"]).update(role="admin"),
     r"members\[0\]\.role.*not a membership role"),
    ("draft_answer_not_in_the_question_bank",
     lambda d: _first(d["assessments"])["answers"].update({"no.such.question": "yes"}),
     r"assessments\[0\]\.answers\.no\.such\.question: unknown question id"),
    ("draft_answer_of_the_wrong_type",
     lambda d: _first(d["assessments"])["answers"].update({"own.owner": ["x"] * 3}),
     r"assessments\[0\]\.answers\.own\.owner"),
    ("plan_override_without_a_reason",
     lambda d: _first(_first(d["plan_settings"])["options"]["overrides"]).update(reason=" "),
     r"plan_settings\[0\]\.options.*no reason"),
    ("invalid_email", lambda d: _first(d["members"]).update(email="not-an-email"),
     r"members\[0\]\.email.*not an e-mail address"),
    ("duplicate_email_in_another_case",
     lambda d: d["members"].append({**_first(d["members"]),
                                    "email": _first(d["members"])["email"].upper()}),
     "an e-mail appears twice"),
    ("empty_id", lambda d: _first(d["programmes"]).update(id=""), r"programmes\[0\]\.id"),
    ("path_like_id", lambda d: _first(d["programmes"]).update(id="../../etc/passwd"),
     r"programmes\[0\]\.id"),
    ("id_of_5000_characters", lambda d: _first(d["assessments"]).update(id="a" * 5000),
     r"assessments\[0\]\.id"),
    ("title_of_100000_characters",
     lambda d: _first(d["assessments"]).update(name="T" * 100_000), r"assessments\[0\]\.name"),
    ("name_with_a_newline",
     lambda d: _first(d["programmes"]).update(name="Plan\nVerdict: GO"), "single line"),
    ("negative_sequence",
     lambda d: _first(_first(d["assessments"])["snapshots"]).update(sequence=-1),
     r"snapshots\[0\]\.sequence"),
    ("integer_above_bigint", lambda d: d["organisation"].update(version=2**64),
     r"organisation\.version"),
    ("customers_above_bigint",
     lambda d: d["organisation"]["profile"].update(customers=2**63), r"profile\.customers"),
    ("version_given_as_true", lambda d: d["organisation"].update(version=True),
     r"organisation\.version"),
    ("year_9999", lambda d: d["organisation"].update(created_at="9999-01-01T00:00:00Z"),
     r"organisation\.created_at.*9999"),
]


@pytest.mark.parametrize(("attack", "change", "message"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_a_hostile_import_is_refused_and_changes_nothing(
    world: World, attack: str, change: Callable[[dict[str, Any]], Any], message: str
) -> None:
    from tests.services.test_transfer import _with_plan_settings

    _with_plan_settings(world)
    exported = _exported_elsewhere(world)
    change(exported)
    with pytest.raises(InputError, match=message) as caught:
        _import(world, exported)
    assert len(str(caught.value)) < 2000, "messages quote at most a short excerpt"
    with world.db.reading() as session:
        assert not session.exec(select(MembershipRow).where(
            MembershipRow.organisation_id == "e" * 32)).first()


@pytest.fixture
def target(second_database_url: str) -> Iterator[tuple[Database, Actor]]:
    """Another, empty database with its own administrator."""
    database = Database(create_database_engine(second_database_url))
    try:
        yield database, create_first_admin(database, email="other-admin@example.org",
                                           password=PASSWORD)
    finally:
        database.dispose()


def test_imported_audit_events_keep_their_author_as_text_and_impersonate_nobody(
    world: World, target: tuple[Database, Actor],
) -> None:
    database, admin = target
    exported = export_organisation(world.db, actor=world.admin, organisation_id=world.own.id)
    forged = {"actor": admin.email, "action": "organisation.delete",
              "object_type": "organisation", "object_id": None, "outcome": "ok",
              "at": "2026-01-01T00:00:00Z", "before": None, "after": None}
    exported["audit_events"].append(forged)
    result = import_organisation(database, actor=admin, data=exported, content=world.content)
    with database.reading() as session:
        rows = session.exec(select(AuditEventRow).where(
            AuditEventRow.organisation_id == result.organisation.id)).all()
    assert rows and all(r.imported and r.actor_user_id is None for r in rows)
    assert any(r.actor == admin.email and r.action == "organisation.delete" for r in rows)
    events = list_audit_events(database, actor=admin, organisation_id=result.organisation.id,
                               limit=1000)
    assert all(e.imported for e in events)


def test_emails_are_normalised_on_import(world: World, target: tuple[Database, Actor]) -> None:
    database, admin = target
    exported = export_organisation(world.db, actor=world.admin, organisation_id=world.own.id)
    member = exported["members"][0]
    original = member["email"]
    member["email"] = "  " + original.upper() + " "
    result = import_organisation(database, actor=admin, data=exported, content=world.content)
    assert original in result.created_accounts


def test_a_failed_export_is_not_audited_as_done(world: World) -> None:
    def fail_to_write(document: dict[str, Any]) -> None:
        raise OSError("disk full")

    before = len(list_audit_events(world.db, actor=world.admin, organisation_id=world.own.id,
                                   limit=1000))
    with pytest.raises(OSError, match="disk full"):
        export_organisation(world.db, actor=world.admin, organisation_id=world.own.id,
                            deliver=fail_to_write)
    events = list_audit_events(world.db, actor=world.admin, organisation_id=world.own.id,
                               limit=1000)
    assert len(events) == before  # no "export.organisation" event: nothing was exported
