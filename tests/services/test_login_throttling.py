"""Issue 8, failure 10: nobody can lock the owner out with wrong guesses, an administrator can
unlock an account, and a login never waits behind a long import."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable

import pytest

from rollout.errors import AuthenticationError
from rollout.persistence.database import Database
from rollout.persistence.database import parse_url as parse_database_url
from rollout.services.access import Actor
from rollout.services.accounts import (
    FIRST_DELAY,
    LOGIN_FAILED,
    LOGIN_THROTTLED,
    MAX_FAILED_LOGINS,
    MAX_FAILED_LOGINS_PER_ACCOUNT,
    MAX_FAILED_LOGINS_PER_SOURCE,
    authenticate,
    login_delay,
    unlock_user,
)
from tests.services.conftest import PASSWORD, make_user

NOW = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
STRANGER = "203.0.113.9"
OWNER_DESK = "198.51.100.7"


def _fail(db: Database, email: str, *, source: str | None, at: dt.datetime) -> None:
    with pytest.raises(AuthenticationError):
        authenticate(db, email=email, password="a wrong guess", source=source, now=at)


def test_a_strangers_guesses_do_not_lock_the_administrator_out_of_another_source(
    db: Database, admin: Actor,
) -> None:
    for second in range(0, 10 * 60, 60):  # ten guesses, each after the delay has passed
        _fail(db, admin.email, source=STRANGER, at=NOW + dt.timedelta(seconds=second))
    with pytest.raises(AuthenticationError, match=LOGIN_THROTTLED):
        authenticate(db, email=admin.email, password=PASSWORD, source=STRANGER,
                     now=NOW + dt.timedelta(seconds=9 * 60 + 1))
    actor = authenticate(db, email=admin.email, password=PASSWORD, source=OWNER_DESK,
                         now=NOW + dt.timedelta(seconds=9 * 60 + 1))
    assert actor.is_admin


def test_a_source_guessing_at_many_accounts_is_slowed_on_every_account(
    db: Database, admin: Actor,
) -> None:
    make_user(db, admin, "ann@example.org")
    for i in range(MAX_FAILED_LOGINS_PER_SOURCE):
        _fail(db, f"guess{i}@example.org", source=STRANGER, at=NOW + dt.timedelta(seconds=i))
    later = NOW + dt.timedelta(seconds=MAX_FAILED_LOGINS_PER_SOURCE)
    with pytest.raises(AuthenticationError, match=LOGIN_THROTTLED):
        authenticate(db, email="ann@example.org", password=PASSWORD, source=STRANGER, now=later)
    assert authenticate(db, email="ann@example.org", password=PASSWORD, source=OWNER_DESK,
                        now=later).email == "ann@example.org"


def test_guesses_from_many_sources_slow_the_account_down_but_never_lock_it(
    db: Database, admin: Actor,
) -> None:
    make_user(db, admin, "ann@example.org")
    for i in range(MAX_FAILED_LOGINS_PER_ACCOUNT):
        _fail(db, "ann@example.org", source=f"10.0.{i // 250}.{i % 250}",
              at=NOW + dt.timedelta(seconds=i))
    last = NOW + dt.timedelta(seconds=MAX_FAILED_LOGINS_PER_ACCOUNT - 1)
    with pytest.raises(AuthenticationError, match=LOGIN_THROTTLED):
        authenticate(db, email="ann@example.org", password=PASSWORD, source=OWNER_DESK,
                     now=last + dt.timedelta(seconds=1))
    assert authenticate(db, email="ann@example.org", password=PASSWORD, source=OWNER_DESK,
                        now=last + FIRST_DELAY).email == "ann@example.org"


def test_the_delay_doubles_with_each_failure_up_to_fifteen_minutes() -> None:
    assert login_delay(MAX_FAILED_LOGINS - 1, MAX_FAILED_LOGINS) == dt.timedelta(0)
    assert login_delay(MAX_FAILED_LOGINS, MAX_FAILED_LOGINS) == FIRST_DELAY
    assert login_delay(MAX_FAILED_LOGINS + 1, MAX_FAILED_LOGINS) == FIRST_DELAY * 2
    assert login_delay(MAX_FAILED_LOGINS + 1000, MAX_FAILED_LOGINS) == dt.timedelta(minutes=15)


def test_an_administrator_unlocks_an_account_at_once(db: Database, admin: Actor) -> None:
    make_user(db, admin, "ann@example.org")
    for i in range(MAX_FAILED_LOGINS + 5):
        _fail(db, "ann@example.org", source=None, at=NOW + dt.timedelta(seconds=i))
    soon = NOW + dt.timedelta(seconds=MAX_FAILED_LOGINS + 5)
    with pytest.raises(AuthenticationError) as caught:
        authenticate(db, email="ann@example.org", password=PASSWORD, now=soon)
    assert "unlock" in str(caught.value) and "ROLLOUT_DATABASE_URL" not in str(caught.value)
    # Tries refused while waiting are not failures: only the first five were counted.
    assert unlock_user(db, actor=admin, email="ANN@example.org") == MAX_FAILED_LOGINS
    assert authenticate(db, email="ann@example.org", password=PASSWORD, now=soon).email


def _hold_the_write_lock(database_url: str) -> Callable[[], None]:
    """Another process's long import: SQLite's write lock held until the returned call."""
    path = parse_database_url(database_url).database
    assert path
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO login_attempts (email, at, succeeded) VALUES "
                       "('import@example.org', '2026-01-01 00:00:00', 1)")
    released = threading.Event()

    def release() -> None:
        if not released.is_set():
            connection.execute("ROLLBACK")
            connection.close()
            released.set()

    return release


def test_a_login_does_not_wait_for_a_long_import(
    db: Database, admin: Actor, database_url: str, backend: str,
) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL writers do not block each other's rows")
    make_user(db, admin, "ann@example.org")
    release = _hold_the_write_lock(database_url)
    try:
        assert authenticate(db, email="ann@example.org", password=PASSWORD).email
        with pytest.raises(AuthenticationError) as caught:
            authenticate(db, email="ann@example.org", password="a wrong guess")
        assert str(caught.value) == LOGIN_FAILED
    finally:
        release()
