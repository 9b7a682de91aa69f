"""Accounts: argon2id, throttled logins, sessions that end, the first admin, single sign-on."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from rollout.errors import AuthenticationError, ConflictError, InputError, PermissionDenied
from rollout.permissions import Role
from rollout.persistence.database import Database, create_database_engine
from rollout.persistence.tables import UserRow
from rollout.services import accounts
from rollout.services.access import Actor
from rollout.services.accounts import (
    FIRST_DELAY,
    LOGIN_FAILED,
    LOGIN_THROTTLED,
    MAX_FAILED_LOGINS,
    actor_for_identity,
    authenticate,
    create_first_admin,
    create_user,
    needs_first_admin,
    resume_session,
    set_password,
    set_user_active,
)
from rollout.services.audit import list_audit_events
from rollout.services.organisations import change_member_role, remove_member
from rollout.services.programmes import list_programmes
from tests.services.conftest import PASSWORD, World, make_user

T = TypeVar("T")

# Later than the logins the fixtures make now, so those successes precede these failures.
NOW = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)


def _stored_hash(db: Database, email: str) -> str | None:
    with db.reading() as session:
        user = session.exec(select(UserRow).where(UserRow.email == email)).one()
        return user.password_hash


def test_passwords_are_stored_as_argon2id_hashes_never_in_clear(db: Database, admin: Actor) -> None:
    create_user(db, actor=admin, email="ann@example.org", password=PASSWORD)
    stored = _stored_hash(db, "ann@example.org")
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert PasswordHasher().hash(PASSWORD).startswith("$argon2id$")  # the production default


def test_a_login_rehashes_a_password_made_with_older_parameters(
    db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_user(db, actor=admin, email="ann@example.org", password=PASSWORD)
    old = _stored_hash(db, "ann@example.org")
    stronger = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    monkeypatch.setattr(accounts, "PASSWORD_HASHER", stronger)
    actor = authenticate(db, email="ann@example.org", password=PASSWORD)
    new = _stored_hash(db, "ann@example.org")
    assert new != old and new is not None and "t=2" in new
    assert not stronger.check_needs_rehash(new)
    # A rehash is not a credentials change: the session stays valid.
    assert resume_session(db, actor=actor) == actor


def test_unknown_user_wrong_password_and_disabled_account_get_the_same_message(
    db: Database, admin: Actor
) -> None:
    ann = make_user(db, admin, "ann@example.org")
    make_user(db, admin, "bob@example.org")
    set_user_active(db, actor=admin, user_id=ann.user_id or "", active=False)
    messages = set()
    for email, password in (("nobody@example.org", PASSWORD),
                            ("bob@example.org", "wrong password here"),
                            ("ann@example.org", PASSWORD)):
        with pytest.raises(AuthenticationError) as caught:
            authenticate(db, email=email, password=password)
        messages.add(str(caught.value))
    assert messages == {LOGIN_FAILED}


def test_e_mail_addresses_are_matched_without_case_or_spaces(db: Database, admin: Actor) -> None:
    create_user(db, actor=admin, email="Ann@Example.org", password=PASSWORD)
    assert authenticate(db, email="  ann@EXAMPLE.org ", password=PASSWORD).email == "ann@example.org"


@pytest.mark.parametrize("email", ["ann@example.org", "nobody@example.org"])
def test_five_failures_delay_even_the_right_password_then_let_it_in(
    db: Database, admin: Actor, email: str
) -> None:
    create_user(db, actor=admin, email="ann@example.org", password=PASSWORD)
    for minute in range(MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationError, match="unknown e-mail or wrong password"):
            authenticate(db, email=email, password="not the password",
                         now=NOW + dt.timedelta(minutes=minute))
    last = NOW + dt.timedelta(minutes=MAX_FAILED_LOGINS - 1)
    with pytest.raises(AuthenticationError) as caught:
        authenticate(db, email=email, password=PASSWORD, now=last + FIRST_DELAY / 2)
    assert str(caught.value).startswith(LOGIN_THROTTLED)
    assert "wait 15 seconds" in str(caught.value)
    assert "ROLLOUT_DATABASE_URL" not in str(caught.value)
    if email == "ann@example.org":
        # An exponential delay, not a lock: once it has passed, the right password works.
        later = last + FIRST_DELAY
        assert authenticate(db, email=email, password=PASSWORD, now=later).email == email


def test_throttling_counts_per_account_and_survives_a_restart(
    db: Database, admin: Actor, database_url: str
) -> None:
    make_user(db, admin, "ann@example.org")
    make_user(db, admin, "bob@example.org")
    for minute in range(MAX_FAILED_LOGINS):
        with pytest.raises(AuthenticationError):
            authenticate(db, email="ann@example.org", password="nope nope nope",
                         now=NOW + dt.timedelta(minutes=minute))
    restarted = Database(create_database_engine(database_url))
    try:
        with pytest.raises(AuthenticationError, match="too many failed logins"):
            authenticate(restarted, email="ann@example.org", password=PASSWORD,
                         now=NOW + dt.timedelta(minutes=4, seconds=10))
        authenticate(restarted, email="bob@example.org", password=PASSWORD,
                     now=NOW + dt.timedelta(minutes=4, seconds=10))
    finally:
        restarted.dispose()


def test_a_successful_login_clears_earlier_failures(db: Database, admin: Actor) -> None:
    make_user(db, admin, "ann@example.org")
    for minute in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthenticationError):
            authenticate(db, email="ann@example.org", password="nope nope nope",
                         now=NOW + dt.timedelta(minutes=minute))
    authenticate(db, email="ann@example.org", password=PASSWORD, now=NOW + dt.timedelta(minutes=5))
    for minute in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(AuthenticationError, match="wrong password"):
            authenticate(db, email="ann@example.org", password="nope nope nope",
                         now=NOW + dt.timedelta(minutes=6 + minute))


def test_disabling_a_user_ends_their_session_on_the_next_page_run(world: World) -> None:
    owner = world.actor(Role.PROJECT_OWNER)
    assert resume_session(world.db, actor=owner) == owner
    set_user_active(world.db, actor=world.admin, user_id=owner.user_id or "", active=False)
    with pytest.raises(AuthenticationError, match="session has ended"):
        resume_session(world.db, actor=owner)
    # The services refuse the stale session too, whatever the UI does.
    with pytest.raises(AuthenticationError, match="session has ended"):
        list_programmes(world.db, actor=owner, organisation_id=world.own.id)


def test_changing_a_password_ends_the_users_sessions(world: World) -> None:
    owner = world.actor(Role.PROJECT_OWNER)
    set_password(world.db, actor=owner, user_id=owner.user_id or "",
                 new_password="a brand new passphrase", current_password=PASSWORD)
    with pytest.raises(AuthenticationError, match="session has ended"):
        resume_session(world.db, actor=owner)
    fresh = authenticate(world.db, email=owner.email, password="a brand new passphrase")
    assert resume_session(world.db, actor=fresh) == fresh


def test_users_change_their_own_password_only_with_the_current_one(world: World) -> None:
    owner = world.actor(Role.PROJECT_OWNER)
    with pytest.raises(AuthenticationError, match="current password is wrong"):
        set_password(world.db, actor=owner, user_id=owner.user_id or "",
                     new_password="a brand new passphrase", current_password="guess guess")
    other = world.actor(Role.TRAINER)
    with pytest.raises(PermissionDenied):
        set_password(world.db, actor=owner, user_id=other.user_id or "",
                     new_password="a brand new passphrase")


@pytest.mark.parametrize("change", ["role", "removal"])
def test_changing_a_members_role_or_removing_them_ends_their_sessions(
    world: World, change: str
) -> None:
    trainer = world.actor(Role.TRAINER)
    assert trainer.user_id is not None
    if change == "role":
        change_member_role(world.db, actor=world.admin, organisation_id=world.own.id,
                           user_id=trainer.user_id, role=Role.CONSULTANT)
    else:
        remove_member(world.db, actor=world.admin, organisation_id=world.own.id,
                      user_id=trainer.user_id)
    with pytest.raises(AuthenticationError, match="session has ended"):
        resume_session(world.db, actor=trainer)


def test_an_empty_database_has_no_accounts_and_asks_for_the_first_administrator(
    db: Database,
) -> None:
    assert needs_first_admin(db)
    with pytest.raises(InputError, match="at least 10 characters"):
        create_first_admin(db, email="root@example.org", password="short")
    admin = create_first_admin(db, email="root@example.org", password=PASSWORD)
    assert admin.is_admin and not needs_first_admin(db)
    with pytest.raises(ConflictError, match="already exists"):
        create_first_admin(db, email="second@example.org", password=PASSWORD)


def test_only_administrators_create_accounts_and_e_mails_are_unique(world: World) -> None:
    with pytest.raises(PermissionDenied, match="only an administrator"):
        create_user(world.db, actor=world.actor(Role.EXECUTIVE), email="x@example.org",
                    password=PASSWORD)
    with pytest.raises(ConflictError, match="already exists"):
        create_user(world.db, actor=world.admin, email=world.actor(Role.TRAINER).email.upper(),
                    password=PASSWORD)
    with pytest.raises(InputError, match="not an e-mail address"):
        create_user(world.db, actor=world.admin, email="not-an-address", password=PASSWORD)


def test_the_last_active_administrator_cannot_be_disabled(db: Database, admin: Actor) -> None:
    with pytest.raises(ConflictError, match="last active administrator"):
        set_user_active(db, actor=admin, user_id=admin.user_id or "", active=False)


def test_single_sign_on_maps_a_verified_e_mail_to_an_existing_active_user(
    db: Database, admin: Actor
) -> None:
    ann = make_user(db, admin, "ann@example.org")
    mapped = actor_for_identity(db, email="Ann@Example.org", email_verified=True)
    assert mapped == ann
    assert resume_session(db, actor=mapped) == ann


@pytest.mark.parametrize(("email", "verified", "message"), [
    ("stranger@example.org", True, "no active Rollout account"),
    ("ann@example.org", False, "has not verified"),
    (None, True, "sent no e-mail address"),
    ("disabled@example.org", True, "no active Rollout account"),
])
def test_single_sign_on_refuses_unknown_unverified_or_disabled_identities_and_creates_nobody(
    db: Database, admin: Actor, email: str | None, verified: bool, message: str
) -> None:
    make_user(db, admin, "ann@example.org")
    disabled = make_user(db, admin, "disabled@example.org")
    set_user_active(db, actor=admin, user_id=disabled.user_id or "", active=False)
    with pytest.raises(AuthenticationError, match=message):
        actor_for_identity(db, email=email, email_verified=verified)
    with db.reading() as session:
        assert len(session.exec(select(UserRow)).all()) == 3


def test_logins_and_refusals_are_audited_outside_any_organisation(
    db: Database, admin: Actor
) -> None:
    make_user(db, admin, "ann@example.org")
    with pytest.raises(AuthenticationError):
        authenticate(db, email="ann@example.org", password="wrong wrong wrong")
    events = list_audit_events(db, actor=admin, organisation_id=None)
    actions = [(e.action, e.actor, e.outcome) for e in events]
    assert ("login.failed", "ann@example.org", "refused") in actions
    assert ("login.succeeded", "ann@example.org", "ok") in actions
    assert all(e.at.tzinfo is not None for e in events)
    assert all("password" not in str(e.after) or "has_password" in str(e.after) for e in events)


def test_a_made_up_session_without_a_user_is_refused(world: World) -> None:
    forged = Actor(user_id=None, email="intruder@example.org", is_admin=True,
                   credentials_version=None)
    with pytest.raises(AuthenticationError, match="session has ended"):
        resume_session(world.db, actor=forged)
    with pytest.raises(AuthenticationError, match="session has ended"):
        list_programmes(world.db, actor=forged, organisation_id=world.own.id)


class _CountingHasher:
    """The fast test hasher, counting how many hashes and checks run at the same moment; each
    lingers a little so that the threads' calls overlap."""

    def __init__(self) -> None:
        self._inner = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        self._lock = threading.Lock()
        self.running = self.most = 0

    def _counted(self, call: Callable[[], T]) -> T:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.05)
            return call()
        finally:
            with self._lock:
                self.running -= 1

    def hash(self, password: str) -> str:
        return self._counted(lambda: self._inner.hash(password))

    def verify(self, stored: str, password: str) -> bool:
        return self._counted(lambda: self._inner.verify(stored, password))

    def check_needs_rehash(self, stored: str) -> bool:
        return self._inner.check_needs_rehash(stored)


def test_many_sign_ins_at_once_run_only_a_few_password_hashes_together(
    db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each argon2id hash holds 64 MiB while it runs: twenty at once took a server past 1 GB.
    create_user(db, actor=admin, email="ann@example.org", password=PASSWORD)
    hasher = _CountingHasher()
    monkeypatch.setattr(accounts, "PASSWORD_HASHER", hasher)
    calls: list[Callable[[], object]] = [
        lambda: accounts.hash_password(PASSWORD),
        lambda: accounts._verify(_stored_hash(db, "ann@example.org"), PASSWORD),
        lambda: accounts._verify(None, PASSWORD),  # an unknown account still costs a hash
    ]
    threads = [threading.Thread(target=calls[number % len(calls)]) for number in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert hasher.most == accounts.MAX_CONCURRENT_PASSWORD_HASHES
