"""Engines, transactions and the translation of database errors into Rollout's errors.

SQLite is set up for several writers in one process (Streamlit runs each browser session in its
own thread): WAL so readers never block the writer, a busy timeout so a writer waits for another
instead of failing, foreign keys on, and ``BEGIN IMMEDIATE`` for write transactions. The last one
matters: a deferred transaction that reads and then writes cannot wait for the lock when another
writer committed in between, and SQLite answers "database is locked" at once.

PostgreSQL needs nothing special; optimistic locking works by conditional UPDATEs that are
atomic on both databases. Its server may restart under a running app, though: the engine tests
each pooled connection before lending it (``pool_pre_ping``), and a transaction that cannot get a
connection tries again a few times (nothing has run in it yet, so a retry cannot apply a change
twice) before telling the user the database cannot be reached. A connection lost in the middle of
a transaction is never retried: it was rolled back, or, when lost during COMMIT, its outcome is
unknown, and the user is told to reload rather than have it applied twice.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

from rollout.errors import N_, ConflictError, Message, StorageError

log = logging.getLogger(__name__)

# Set on a connection to begin its transaction with BEGIN IMMEDIATE on SQLite.
WRITE_OPTION = "rollout_write"

# Waits between the tries to get a PostgreSQL connection for a transaction: a server restarting
# (pg_ctl restart, a fail-over) is back within about a second; a user should not wait much longer
# for the message saying it is not.
CONNECT_RETRY_DELAYS_S = (0.2, 0.5, 1.0)

UNREACHABLE = N_("the database cannot be reached at the moment (it may be restarting); nothing "
                 "was changed. Try again in a minute; if this goes on, tell your administrator "
                 "(who should check ROLLOUT_DATABASE_URL and that the database server is running)")


def parse_url(url: str) -> URL:
    try:
        return make_url(url)
    except ArgumentError:
        raise StorageError(
            f"the database URL {_safe(url)!r} is not valid; use sqlite:///path/to/rollout.db or "
            f"postgresql+psycopg://user:password@host:5432/dbname") from None


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]


def create_database_engine(
    url: str, *, sqlite_busy_timeout_ms: int = 30_000, pool_size: int = 20
) -> Engine:
    """An engine for ``url`` with Rollout's connection settings; it does not connect yet.

    ``pool_size`` connections stay open; as many again may open for bursts. Keep it at least the
    number of sessions expected to save at the same moment: a PostgreSQL connection beyond the
    pool is opened and closed for every transaction, which costs milliseconds each time.
    """
    parsed = parse_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed, sqlite_busy_timeout_ms, pool_size)
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")  # the driver we ship
        return create_engine(parsed, pool_pre_ping=True, pool_size=pool_size,
                             max_overflow=pool_size)
    raise StorageError(
        f"unsupported database {backend!r} in {_safe(url)!r}; Rollout supports SQLite and PostgreSQL")


def _sqlite_engine(url: URL, busy_timeout_ms: int, pool_size: int) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:")
    kwargs: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    if in_memory:
        kwargs["poolclass"] = StaticPool  # one shared connection, or every session sees a new DB
    else:
        kwargs.update(pool_size=pool_size, max_overflow=pool_size)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (below): pysqlite's implicit transactions would defer
        # the lock and ignore PRAGMA foreign_keys inside a transaction.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            # WAL with synchronous=NORMAL is durable against application crashes and much faster.
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if BUSY_TIMEOUT_OPTION in options or options.get(WRITE_OPTION, False):
            # Set on every write, so a short timeout asked for once does not stay on the pooled
            # connection.
            timeout = int(options.get(BUSY_TIMEOUT_OPTION, busy_timeout_ms))
            connection.exec_driver_sql(f"PRAGMA busy_timeout={timeout}")
        write = options.get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


BUSY_TIMEOUT_OPTION = "rollout_busy_timeout_ms"


class DatabaseBusy(StorageError):
    """Another writer held SQLite's lock for longer than the caller was willing to wait."""


class Unreachable(StorageError):
    """The database server did not answer (down, restarting, or the network in between)."""


class Database:
    """One database: an engine and the transactions Rollout runs on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        # SQLite admits one writer at a time and lets the others poll with growing sleeps (up
        # to 100 ms each). Queueing this process's writers on a lock hands the database over
        # at once; other processes still wait through the busy timeout.
        self._write_lock = threading.Lock() if self.backend == "sqlite" else None

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=False)

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    @contextmanager
    def transaction(self, *, busy_timeout_ms: int | None = None) -> Iterator[Session]:
        """A read-write transaction: committed when the block ends, rolled back on an error.

        Database errors leave as :class:`StorageError` (or :class:`ConflictError` for a unique or
        foreign key violation caused by a concurrent change) with a message for the user.
        ``busy_timeout_ms`` waits at most that long for another writer (SQLite; a login must not
        queue behind a long import), then raises :class:`DatabaseBusy`.
        """
        if busy_timeout_ms is None or self._write_lock is None:
            with (self._write_lock or nullcontext(), translate_errors(),
                  self._session(self._writer) as session, session.begin()):
                yield session
            return
        if not self._write_lock.acquire(timeout=busy_timeout_ms / 1000):
            raise DatabaseBusy("another change is being saved; try again in a moment")
        try:
            writer = self._writer.execution_options(**{BUSY_TIMEOUT_OPTION: busy_timeout_ms})
            try:
                with (translate_errors(), Session(writer, expire_on_commit=False) as session,
                      session.begin()):
                    yield session
            except StorageError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise DatabaseBusy("another change is being saved; try again in a "
                                       "moment") from None
                raise
        finally:
            self._write_lock.release()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only transaction (never takes SQLite's write lock)."""
        # Closing the session rolls the transaction back: nothing read here can be written.
        with translate_errors(), self._session(self.engine) as session:
            yield session

    @contextmanager
    def _session(self, engine: Engine) -> Iterator[Session]:
        """A session on ``engine``; on PostgreSQL it holds its connection before the caller's
        work starts, got with a bounded retry while the server is unreachable."""
        if self.backend != "postgresql":
            with Session(engine, expire_on_commit=False) as session:
                yield session
            return
        with _connected(engine) as connection, Session(
                bind=connection, expire_on_commit=False) as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _connected(engine: Engine) -> Connection:
    for delay_s in (*CONNECT_RETRY_DELAYS_S, None):
        try:
            return engine.connect()
        except OperationalError as exc:
            if delay_s is None:
                log.warning("database unreachable, giving up: %s", _first_line(exc.orig))
                raise Unreachable(Message(UNREACHABLE)) from None
            log.info("database unreachable, trying again in %.1f s: %s", delay_s,
                     _first_line(exc.orig))
            time.sleep(delay_s)
    raise AssertionError("unreachable")  # the loop returns or raises


@contextmanager
def translate_errors() -> Iterator[None]:
    """Turn SQLAlchemy's exceptions into Rollout's storage errors (messages for users)."""
    try:
        yield
    except IntegrityError as exc:
        log.info("integrity error: %s", exc.orig)
        if "append-only" in str(exc.orig):  # a trigger guarding the audit log or history
            raise StorageError(f"refused: {_first_line(exc.orig)}") from None
        raise ConflictError(
            "the change conflicts with data saved meanwhile (a duplicate name, or an object that "
            "was removed or belongs elsewhere); reload the page and try again") from None
    except OperationalError as exc:
        log.info("database error: %s", exc.orig)
        if exc.connection_invalidated:  # the connection broke: the server went away mid-way
            raise Unreachable(Message(UNREACHABLE)) from None
        raise StorageError(
            f"the database is unavailable or refused the operation ({_first_line(exc.orig)}); "
            f"check ROLLOUT_DATABASE_URL and that the database server is running") from None
    except SQLAlchemyError as exc:
        log.info("database error: %s", exc)
        raise StorageError(f"the database failed: {_first_line(exc)}") from None


def _first_line(exc: BaseException | None) -> str:
    return str(exc).strip().splitlines()[0] if exc is not None and str(exc).strip() else "no detail"
