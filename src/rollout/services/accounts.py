"""Accounts: passwords (argon2id), login with throttling, sessions, and single sign-on mapping.

* Passwords are hashed with argon2id (argon2-cffi's defaults, RFC 9106). A login with a hash made
  under older parameters stores a fresh hash.
* Throttling slows guessing without letting a stranger lock the owner out: after
  :data:`MAX_FAILED_LOGINS` failures for one account from one source (client address) within
  :data:`THROTTLE_WINDOW`, each further try from there must wait twice as long as the last
  (from :data:`FIRST_DELAY` up to :data:`MAX_DELAY`) - an exponential delay, never a hard
  lock; the same happens to a source failing on many accounts and, with a higher limit, to an
  account guessed at from many sources. ``rollout user unlock EMAIL`` forgets an account's
  failures. The attempts live in the database, so restarting or replicas change nothing.
* A login never queues behind a long write (an import): it waits at most
  :data:`LOGIN_BUSY_TIMEOUT_MS` for SQLite's write lock, then decides without recording.
* An unknown e-mail, a wrong password and a disabled account get the same message.
* A session is an :class:`Actor` with the user's ``credentials_version`` at login; disabling the
  user or changing their password or role bumps the number, and :func:`resume_session` (called
  on every page run) then ends the session.
* Single sign-on (OIDC, through Streamlit's ``st.login``) maps a verified e-mail to an existing
  active user with :func:`actor_for_identity`; it never creates accounts.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlmodel import Session

from rollout.errors import N_, AuthenticationError, ConflictError, InputError, Message, NotFoundError
from rollout.escaping import excerpt
from rollout.i18n import Language
from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database, DatabaseBusy
from rollout.persistence.mapping import user_record
from rollout.persistence.records import UserRecord
from rollout.persistence.tables import SOURCE_LENGTH, UserRow, utc_now
from rollout.services.access import SESSION_ENDED, Actor, audit_row, use_case

MAX_FAILED_LOGINS = 5  # for one account from one source, before delays start
MAX_FAILED_LOGINS_PER_SOURCE = 20  # from one source across accounts
MAX_FAILED_LOGINS_PER_ACCOUNT = 50  # for one account from every source (distributed guessing)
THROTTLE_WINDOW = dt.timedelta(minutes=15)
FIRST_DELAY = dt.timedelta(seconds=30)
MAX_DELAY = THROTTLE_WINDOW
LOGIN_BUSY_TIMEOUT_MS = 2_000
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024  # hashing megabytes of "password" is a denial of service

LOGIN_FAILED = Message(N_("login failed: unknown e-mail or wrong password"))
LOGIN_THROTTLED = "too many failed logins"

log = logging.getLogger(__name__)

# Tests swap this for a cheaper hasher; production keeps argon2-cffi's argon2id defaults.
PASSWORD_HASHER = PasswordHasher()
# Each Argon2 hash or check takes PASSWORD_HASHER.memory_cost (64 MiB by default) while it runs,
# and a server runs one per sign-in thread: 20 people signing in at once took the server from
# 300 MB to 1.15 GB (issue 16's load run), and anyone can send sign-ins. At most this many run
# at once; more would not finish sooner on the cores a server has.
MAX_CONCURRENT_PASSWORD_HASHES = 2
_hashing = threading.BoundedSemaphore(MAX_CONCURRENT_PASSWORD_HASHES)

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str) -> str:
    normalised = normalise_email(email)
    if len(normalised) > 320 or not EMAIL_PATTERN.match(normalised):
        raise InputError("e-mail", [("", Message(
            N_("{value} is not an e-mail address (name@example.org)"), value=excerpt(email)))])
    return normalised


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError("password", [("", Message(
            N_("use at least {count} characters (a few words make a good password)"),
            count=MIN_PASSWORD_LENGTH))])
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InputError("password", [("", Message(N_("use at most {count} characters"),
                                                   count=MAX_PASSWORD_LENGTH))])


def hash_password(password: str) -> str:
    check_password(password)
    return _hash(password)


def _hash(password: str) -> str:
    with _hashing:
        return PASSWORD_HASHER.hash(password)


def _verify(stored_hash: str | None, password: str) -> bool:
    if stored_hash is None or len(password) > MAX_PASSWORD_LENGTH:
        # Spend the same time as a real check, so response times do not reveal accounts.
        _hash("timing-equaliser")
        return False
    try:
        with _hashing:
            return PASSWORD_HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# --- login and sessions ------------------------------------------------------------------------


def authenticate(
    db: Database, *, email: str, password: str, source: str | None = None,
    now: dt.datetime | None = None,
) -> Actor:
    """Log in with e-mail and password; the returned Actor is the session to keep.

    ``source`` identifies the client (its address) for per-source throttling; None when unknown.
    Raises AuthenticationError with one message for every failure, or the throttling message.
    """
    now = now or utc_now()
    email = normalise_email(email)
    source = source[:SOURCE_LENGTH] if source else None
    try:
        # One transaction (serialised per e-mail) so parallel guesses cannot exceed the limit.
        with db.transaction(busy_timeout_ms=LOGIN_BUSY_TIMEOUT_MS) as session:
            repo.serialise(session, key=f"login:{email}")
            actor, wait = _attempt(session, email, password, source, now, record=True)
    except DatabaseBusy:
        # A long import holds SQLite's write lock: decide without recording rather than make
        # every sign-in wait for it (or fail with a database error).
        log.warning("login for %s not recorded: the database is busy", email)
        with db.reading() as session:
            actor, wait = _attempt(session, email, password, source, now, record=False)
    if wait is not None:
        raise AuthenticationError(_throttled_message(wait))
    if actor is None:
        raise AuthenticationError(LOGIN_FAILED)
    return actor


def login_delay(failures: int, limit: int) -> dt.timedelta:
    """How long to wait after the last failure: nothing below ``limit``, then doubling."""
    if failures < limit:
        return dt.timedelta(0)
    delay: dt.timedelta = FIRST_DELAY * 2 ** min(failures - limit, 20)
    return min(delay, MAX_DELAY)


def _wait(session: Session, email: str, source: str | None, now: dt.datetime) -> dt.timedelta | None:
    """How much longer this e-mail from this source must wait, or None if it may try now."""
    since = now - THROTTLE_WINDOW
    # With no source known (the command line, or no address given) the account's own count
    # is the only one, as before sources existed.
    checks = [(repo.failed_logins(session, since=since, email=email, source=source),
               MAX_FAILED_LOGINS)]
    if source is not None:
        checks += [(repo.failed_logins(session, since=since, source=source),
                    MAX_FAILED_LOGINS_PER_SOURCE),
                   (repo.failed_logins(session, since=since, email=email),
                    MAX_FAILED_LOGINS_PER_ACCOUNT)]
    longest = dt.timedelta(0)
    for (failures, last), limit in checks:
        if last is not None:
            remaining = last + login_delay(failures, limit) - now
            longest = max(longest, remaining)
    return longest if longest > dt.timedelta(0) else None


def _throttled_message(wait: dt.timedelta) -> str:
    seconds = max(1, int(wait.total_seconds() + 0.999))
    if seconds < 120:
        return Message(N_("too many failed logins; wait {count} seconds and try again, or ask an "
                          "administrator to unlock the account"), count=seconds)
    return Message(N_("too many failed logins; wait {count} minutes and try again, or ask an "
                      "administrator to unlock the account"), count=(seconds + 59) // 60)


def _attempt(
    session: Session, email: str, password: str, source: str | None, now: dt.datetime, *,
    record: bool,
) -> tuple[Actor | None, dt.timedelta | None]:
    """One login attempt: (the session, None), (None, None) on failure, (None, wait) when
    throttled. Records the attempt and its audit event if ``record``."""
    user = repo.find_user_by_email(session, email=email)
    who = Actor(user_id=user.id if user else None, email=email,
                is_admin=bool(user and user.is_admin), credentials_version=None)
    wait = _wait(session, email, source, now)
    if wait is not None:
        if record:
            repo.add_audit_event(session, row=audit_row(
                who, "login.throttled", organisation_id=None, object_type=ObjectType.USER,
                object_id=user.id if user else None, outcome="refused",
                after={"source": source} if source else None))
        return None, wait
    if user is None or not user.is_active or not _verify(user.password_hash, password):
        if user is None or not user.is_active:
            _verify(None, password)
        if record:
            repo.add_login_attempt(session, email=email, succeeded=False, at=now, source=source)
            repo.add_audit_event(session, row=audit_row(
                who, "login.failed", organisation_id=None, object_type=ObjectType.USER,
                object_id=user.id if user else None, outcome="refused",
                after={"source": source} if source else None))
        return None, None
    assert user.password_hash is not None
    if record:
        if PASSWORD_HASHER.check_needs_rehash(user.password_hash):
            # Same password, stronger parameters: not a credentials change.
            repo.update_user(session, user_id=user.id,
                             values={"password_hash": _hash(password)})
        repo.add_login_attempt(session, email=email, succeeded=True, at=now, source=source)
    actor = _actor(user)
    if record:
        repo.add_audit_event(session, row=audit_row(
            actor, "login.succeeded", organisation_id=None, object_type=ObjectType.USER,
            object_id=user.id))
    return actor, None


def unlock_user(db: Database, *, actor: Actor, email: str) -> int:
    """Forget an account's failed logins so it may sign in at once (administrators); returns
    how many failures were forgotten."""
    email = normalise_email(email)
    with use_case(db, actor) as uc:
        uc.authorise_global(ObjectType.USER, Action.EDIT)
        user = repo.find_user_by_email(uc.session, email=email)
        cleared = repo.clear_failed_logins(uc.session, email=email)
        uc.audit("user.unlock", organisation_id=None, object_type=ObjectType.USER,
                 object_id=user.id if user else None,
                 after={"email": email, "failures_forgotten": cleared})
        return cleared


def resume_session(db: Database, *, actor: Actor) -> Actor:
    """Check, on every page run, that a session is still valid; return it refreshed.

    Raises AuthenticationError if the user was disabled, or their password or role changed.
    """
    if actor.is_system:
        return actor
    if actor.user_id is None:
        raise AuthenticationError(SESSION_ENDED)
    with db.reading() as session:
        try:
            user = repo.get_user(session, user_id=actor.user_id)
        except NotFoundError:
            raise AuthenticationError(SESSION_ENDED) from None
    if not user.is_active or user.credentials_version != actor.credentials_version:
        raise AuthenticationError(SESSION_ENDED)
    return _actor(user)


def actor_for_identity(db: Database, *, email: object, email_verified: object = None) -> Actor:
    """Map a single sign-on identity (OIDC claims) to an existing, active Rollout user.

    ``email`` and ``email_verified`` are the identity's claims as the provider sent them
    (``st.user.email``, ``st.user.email_verified``; any type, checked here). Accounts are never
    created here: an administrator creates them.
    """
    if not isinstance(email, str) or not email.strip():
        raise AuthenticationError("the identity provider sent no e-mail address; Rollout needs "
                                  "the `email` scope (see docs/deployment.md)")
    if email_verified is False or email_verified == "false":
        raise AuthenticationError(f"the identity provider has not verified {email}; verify the "
                                  f"address there first")
    normalised = normalise_email(email)
    with db.transaction() as session:
        user = repo.find_user_by_email(session, email=normalised)
        who = Actor(user_id=user.id if user else None, email=normalised,
                    is_admin=bool(user and user.is_admin), credentials_version=None)
        if user is None or not user.is_active:
            repo.add_audit_event(session, row=audit_row(
                who, "login.sso_refused", organisation_id=None, object_type=ObjectType.USER,
                object_id=user.id if user else None, outcome="refused"))
            actor = None
        else:
            actor = _actor(user)
            repo.add_audit_event(session, row=audit_row(
                actor, "login.sso", organisation_id=None, object_type=ObjectType.USER,
                object_id=user.id))
    if actor is None:
        raise AuthenticationError(Message(
            N_("there is no active Rollout account for {email}; ask an administrator to create "
               "one with this e-mail address"), email=normalised))
    return actor


def _actor(user: UserRow) -> Actor:
    return Actor(user_id=user.id, email=user.email, is_admin=user.is_admin,
                 credentials_version=user.credentials_version, language=user.language,
                 digits=user.digits)


# --- managing accounts -------------------------------------------------------------------------


def needs_first_admin(db: Database) -> bool:
    """True on an empty database: the app's first screen then creates the administrator."""
    with db.reading() as session:
        return repo.count_users(session) == 0


def create_first_admin(
    db: Database, *, email: str, password: str, display_name: str = ""
) -> Actor:
    """Create the first administrator of an empty database and return their session."""
    email = check_email(email)
    password_hash = hash_password(password)
    with db.transaction() as session:
        repo.serialise(session, key="first-admin")
        if repo.count_users(session) > 0:
            raise ConflictError("an administrator already exists; log in instead")
        user = repo.add_user(session, row=UserRow(
            email=email, display_name=display_name.strip(), password_hash=password_hash,
            is_admin=True))
        actor = _actor(user)
        repo.add_audit_event(session, row=audit_row(
            actor, "user.create", organisation_id=None, object_type=ObjectType.USER,
            object_id=user.id, after=_user_audit(user)))
    return actor


def create_user(
    db: Database, *, actor: Actor, email: str, password: str | None, display_name: str = "",
    is_admin: bool = False,
) -> UserRecord:
    """Create an account (administrators only). ``password=None``: single sign-on only."""
    email = check_email(email)
    password_hash = hash_password(password) if password is not None else None
    with use_case(db, actor) as uc:
        uc.authorise_global(ObjectType.USER, Action.EDIT)
        if repo.find_user_by_email(uc.session, email=email) is not None:
            raise ConflictError(Message(N_("a user with the e-mail {email} already exists"),
                                        email=email))
        user = repo.add_user(uc.session, row=UserRow(
            email=email, display_name=display_name.strip(), password_hash=password_hash,
            is_admin=is_admin))
        uc.audit("user.create", organisation_id=None, object_type=ObjectType.USER,
                 object_id=user.id, after=_user_audit(user))
        return user_record(user)


def list_users(db: Database, *, actor: Actor) -> list[UserRecord]:
    with use_case(db, actor, write=False) as uc:
        uc.authorise_global(ObjectType.USER, Action.VIEW)
        return [user_record(u) for u in repo.list_users(uc.session)]


def find_user(db: Database, *, actor: Actor, email: str) -> UserRecord:
    with use_case(db, actor, write=False) as uc:
        uc.authorise_global(ObjectType.USER, Action.VIEW)
        user = repo.find_user_by_email(uc.session, email=normalise_email(email))
        if user is None:
            raise NotFoundError(Message(N_("no user with the e-mail {email}"),
                                        email=normalise_email(email)))
        return user_record(user)


def set_password(
    db: Database, *, actor: Actor, user_id: str, new_password: str,
    current_password: str | None = None,
) -> None:
    """Set a password: administrators for anyone, users for themselves with the current one.

    Ends the user's other sessions (their credentials version changes).
    """
    password_hash = hash_password(new_password)
    with use_case(db, actor) as uc:
        own = actor.user_id == user_id
        if own and not actor.is_admin:
            uc.check_actor()
            user = repo.get_user(uc.session, user_id=user_id)
            if current_password is None or not _verify(user.password_hash, current_password):
                raise AuthenticationError(Message(N_("the current password is wrong")))
        else:
            uc.authorise_global(ObjectType.USER, Action.EDIT)
            user = repo.get_user(uc.session, user_id=user_id)
        repo.update_user(uc.session, user_id=user_id, values={
            "password_hash": password_hash,
            "credentials_version": user.credentials_version + 1})
        uc.audit("user.set_password", organisation_id=None, object_type=ObjectType.USER,
                 object_id=user_id)


def set_user_active(db: Database, *, actor: Actor, user_id: str, active: bool) -> UserRecord:
    """Enable or disable an account (administrators); disabling ends the user's sessions."""
    with use_case(db, actor) as uc:
        uc.authorise_global(ObjectType.USER, Action.EDIT)
        user = repo.get_user(uc.session, user_id=user_id)
        before = _user_audit(user)
        if user.is_active == active:
            return user_record(user)
        if not active and user.is_admin:
            admins = [u for u in repo.list_users(uc.session) if u.is_admin and u.is_active]
            if len(admins) <= 1:
                raise ConflictError(Message(N_("this is the last active administrator; make "
                                                   "someone else an administrator first")))
        user = repo.update_user(uc.session, user_id=user_id, values={
            "is_active": active, "credentials_version": user.credentials_version + 1})
        if not active:  # the version bump already ends them; revoking says so in the table
            repo.revoke_web_sessions_of_user(uc.session, user_id=user_id, at=utc_now())
        uc.audit("user.enable" if active else "user.disable", organisation_id=None,
                 object_type=ObjectType.USER, object_id=user_id, before=before,
                 after=_user_audit(user))
        return user_record(user)


DIGITS = ("latin", "persian")


def set_user_preferences(
    db: Database, *, actor: Actor, language: Language | str | None, digits: str | None,
) -> Actor:
    """Store the signed-in user's own language and digits (None: follow the server's default)
    and return their refreshed session. Audited; nobody sets another user's preferences."""
    if language is not None and Language.from_tag(str(language)) is None:
        raise InputError("language", [("language", f"{excerpt(language)} is not a language "
                                       f"Rollout speaks: choose en or fa")])
    if digits is not None and digits not in DIGITS:
        raise InputError("digits", [("digits", f"{excerpt(digits)} is not a kind of digits "
                                     f"Rollout writes: choose latin or persian")])
    chosen = None if language is None else Language(str(language)).value
    with use_case(db, actor) as uc:
        uc.check_actor()
        user = repo.get_user(uc.session, user_id=uc.actor.user_id or "")
        before = {"language": user.language, "digits": user.digits}
        after = {"language": chosen, "digits": digits}
        if before == after:
            return _actor(user)
        user = repo.update_user(uc.session, user_id=user.id, values=after)
        uc.audit("user.preferences", organisation_id=None, object_type=ObjectType.USER,
                 object_id=user.id, before=before, after=after)
        return _actor(user)


def _user_audit(user: UserRow) -> dict[str, object]:
    # Never the password hash.
    return {"email": user.email, "display_name": user.display_name, "is_admin": user.is_admin,
            "is_active": user.is_active, "has_password": user.password_hash is not None}
