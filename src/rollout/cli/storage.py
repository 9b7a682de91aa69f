"""Database commands: ``db``, ``user``, ``org``, ``backup`` and ``demo``.

They use the database from the settings (ROLLOUT_DATABASE_URL, or the SQLite file in
ROLLOUT_DATA_DIR), upgrade it first, and act as the operator at the command line (audited as
``cli:<OS user>``). Every command exits 0 on success or 1 with a message, never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rollout.cli import LangOption, LanguageChoice, chosen_language, error_line
from rollout.errors import RolloutError
from rollout.escaping import escape_terminal, single_line
from rollout.i18n import Language, Translator, translator

if TYPE_CHECKING:
    from rollout.persistence.database import Database
    from rollout.services.access import Actor

db_app = typer.Typer(help="The database: schema upgrades.", no_args_is_help=True)
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
org_app = typer.Typer(help="Organisations: list, export, import, members.", no_args_is_help=True)


class ListFormat(StrEnum):
    text = "text"
    json = "json"


class MemberRole(StrEnum):
    project_owner = "project_owner"
    executive = "executive"
    trainer = "trainer"
    consultant = "consultant"


# The database layer is imported inside the commands, so `rollout --help` stays fast.


def _open() -> Database:
    from rollout.persistence.schema import open_database

    return open_database()


def _actor() -> Actor:
    from rollout.services.access import Actor

    return Actor.command_line()


def _shown(text: str) -> str:
    """User text for the terminal: one line, no escape codes."""
    return repr(escape_terminal(single_line(text)))


def _database_files() -> list[Path]:
    from rollout.cli.plan import database_files

    return database_files()


def _fail(message: str, t: Translator) -> typer.Exit:
    typer.echo(t.gettext("error: {message}", message=message), err=True)
    return typer.Exit(1)


@contextmanager
def _errors_shown_in(language: Language) -> Iterator[None]:
    """A refused command's error in the reader's language (``rollout.cli.main`` shows it in
    English otherwise); exit code 1 either way."""
    try:
        yield
    except RolloutError as exc:
        typer.echo(error_line(exc, language), err=True)
        raise typer.Exit(1) from None


def _read_password(password_stdin: bool, t: Translator) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise _fail(t.gettext("no password on standard input"), t)
        return password
    if not sys.stdin.isatty():
        raise _fail(t.gettext(
            "no terminal to ask for the password; pipe it in with --password-stdin"), t)
    prompted: str = typer.prompt(t.gettext("Password"), hide_input=True,
                                 confirmation_prompt=True)
    return prompted


# --- db ----------------------------------------------------------------------------------------


@db_app.command("upgrade")
def db_upgrade(lang: LangOption = None) -> None:
    """Bring the database schema up to date (the app and every command also do this)."""
    from rollout.persistence.database import parse_url
    from rollout.persistence.schema import head_revision, upgrade_database
    from rollout.settings import load_settings

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        url = load_settings().resolved_database_url
        ran = upgrade_database(url)
    where = parse_url(url).render_as_string(hide_password=True)
    if ran:
        typer.echo(t.gettext("database upgraded to schema revision {revision} ({database})",
                             revision=head_revision(), database=where))
    else:
        typer.echo(t.gettext("database already at schema revision {revision} ({database})",
                             revision=head_revision(), database=where))


# --- user --------------------------------------------------------------------------------------


@user_app.command("add")
def user_add(
    email: Annotated[str, typer.Argument(help="the user's e-mail address (their login)")],
    admin: Annotated[bool, typer.Option("--admin", help="make the user an administrator")] = False,
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="read the password from standard input")] = False,
    name: Annotated[str, typer.Option(help="display name")] = "",
    lang: LangOption = None,
) -> None:
    """Create a user account (asks for the password; there are no default passwords)."""
    from rollout.services.accounts import check_email, check_password, create_user

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        check_email(email)
        password = _read_password(password_stdin, t)
        check_password(password)
        database = _open()
        try:
            user = create_user(database, actor=_actor(), email=email, password=password,
                               display_name=name, is_admin=admin)
        finally:
            database.dispose()
    if user.is_admin:
        typer.echo(t.gettext("created administrator {email} (id {id})", email=user.email,
                             id=user.id))
    else:
        typer.echo(t.gettext("created user {email} (id {id})", email=user.email, id=user.id))


@user_app.command("passwd")
def user_passwd(
    email: Annotated[str, typer.Argument(help="the user's e-mail address")],
    password_stdin: Annotated[bool, typer.Option(
        "--password-stdin", help="read the password from standard input")] = False,
    lang: LangOption = None,
) -> None:
    """Set a user's password (their open sessions end)."""
    from rollout.services.accounts import check_password, find_user, set_password

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        password = _read_password(password_stdin, t)
        check_password(password)
        database = _open()
        try:
            user = find_user(database, actor=_actor(), email=email)
            set_password(database, actor=_actor(), user_id=user.id, new_password=password)
        finally:
            database.dispose()
    if user.is_active:
        typer.echo(t.gettext("password set for {email}", email=user.email))
    else:
        typer.echo(t.gettext("password set for {email}; the account is disabled: "
                             "`rollout user enable {email}`", email=user.email))


def _set_active(email: str, active: bool, lang: LanguageChoice | None) -> None:
    from rollout.services.accounts import find_user, set_user_active

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        database = _open()
        try:
            user = find_user(database, actor=_actor(), email=email)
            user = set_user_active(database, actor=_actor(), user_id=user.id, active=active)
        finally:
            database.dispose()
    if user.is_active:
        typer.echo(t.gettext("{email} is enabled", email=user.email))
    else:
        typer.echo(t.gettext("{email} is disabled", email=user.email))


@user_app.command("disable")
def user_disable(email: Annotated[str, typer.Argument(help="the user's e-mail address")],
                 lang: LangOption = None) -> None:
    """Disable an account; the user's sessions end on their next page."""
    _set_active(email, False, lang)


@user_app.command("enable")
def user_enable(email: Annotated[str, typer.Argument(help="the user's e-mail address")],
                lang: LangOption = None) -> None:
    """Enable a disabled account."""
    _set_active(email, True, lang)


@user_app.command("unlock")
def user_unlock(email: Annotated[str, typer.Argument(help="the user's e-mail address")],
                lang: LangOption = None) -> None:
    """Let an account sign in at once after failed logins (forgets its failures)."""
    from rollout.services.accounts import unlock_user

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        database = _open()
        try:
            cleared = unlock_user(database, actor=_actor(), email=email)
        finally:
            database.dispose()
    typer.echo(t.ngettext("{email} may sign in again ({count} failed login forgotten)",
                          "{email} may sign in again ({count} failed logins forgotten)",
                          cleared, email=_shown(email.strip().lower()), count=cleared))


@user_app.command("list")
def user_list(
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
    lang: LangOption = None,
) -> None:
    """List the user accounts (JSON field names are the same in every language)."""
    from rollout.services.accounts import list_users

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        database = _open()
        try:
            users = list_users(database, actor=_actor())
        finally:
            database.dispose()
    if format is ListFormat.json:
        typer.echo(json.dumps([{"id": u.id, "email": u.email, "display_name": u.display_name,
                                "is_admin": u.is_admin, "is_active": u.is_active}
                               for u in users], indent=2, ensure_ascii=False))
        return
    separator = "، " if language is Language.FA else ", "
    for u in users:
        flags = [flag for flag, on in ((t.gettext("admin"), u.is_admin),
                                       (t.gettext("disabled"), not u.is_active),
                                       (t.gettext("no password"), not u.has_password)) if on]
        typer.echo(escape_terminal(u.email)
                   + (f" ({separator.join(flags)})" if flags else ""))


# --- org ---------------------------------------------------------------------------------------


@org_app.command("list")
def org_list(
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
    lang: LangOption = None,
) -> None:
    """List the organisations with their ids (ORG arguments take the id or the exact name)."""
    from rollout.services.organisations import list_organisations

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        database = _open()
        try:
            organisations = list_organisations(database, actor=_actor())
        finally:
            database.dispose()
    if format is ListFormat.json:
        typer.echo(json.dumps([{"id": o.id, "name": o.name} for o in organisations],
                              indent=2, ensure_ascii=False))
        return
    if not organisations:
        typer.echo(t.gettext("no organisations yet (`rollout demo` loads a demo one)"))
    for o in organisations:
        typer.echo(f"{o.id}  {escape_terminal(single_line(o.name))}")


@org_app.command("export")
def org_export(
    org: Annotated[str, typer.Argument(help="organisation id or exact name")],
    out: Annotated[Path, typer.Option("--out", "-o", help="the JSON file to write")],
    force: Annotated[bool, typer.Option("--force", help="replace the file if it exists")] = False,
    lang: LangOption = None,
) -> None:
    """Export an organisation with its programmes, assessments, history, actions and decisions."""
    from rollout.output_files import check_output_path, write_text
    from rollout.services.organisations import find_organisation
    from rollout.services.transfer import export_organisation

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        protected = _database_files()
        check_output_path(out, force=force, protected=protected)
        database = _open()
        try:
            organisation = find_organisation(database, actor=_actor(), reference=org)
            # The file is written inside the export's transaction: a failed write is not audited.
            export_organisation(
                database, actor=_actor(), organisation_id=organisation.id,
                deliver=lambda document: write_text(
                    out, json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                    force=force, protected=protected))
        finally:
            database.dispose()
    typer.echo(t.gettext("exported {organisation} to {file}",
                         organisation=_shown(organisation.name), file=_shown(str(out))))


@org_app.command("import")
def org_import(
    file: Annotated[Path, typer.Argument(help="a file written by `rollout org export`")],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="check the file and show what it holds; write nothing")] = False,
    lang: LangOption = None,
) -> None:
    """Import an exported organisation (ids are kept; refused if it already exists here)."""
    from rollout import limits
    from rollout.cli import load_content_or_exit
    from rollout.content.loader import Content
    from rollout.services.transfer import import_organisation

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        data = limits.read_document(file, max_bytes=limits.MAX_IMPORT_BYTES, source=str(file),
                                    as_json=True)
        content = load_content_or_exit(language)
        assert isinstance(content, Content)
        database = _open()
        try:
            result = import_organisation(database, actor=_actor(), data=data, content=content,
                                         source=str(file), dry_run=dry_run)
        finally:
            database.dispose()
    if dry_run:
        typer.echo(t.gettext("{file} is fine: importing it would add {organisation} (id {id}) "
                             "with", file=_shown(str(file)),
                             organisation=_shown(result.organisation.name),
                             id=result.organisation.id))
        for kind, count in result.counts.items():
            typer.echo(f"  {count:>8}  {kind.replace('_', ' ')}")
        if result.created_accounts:
            typer.echo(t.gettext("and create {count} member accounts disabled and without a "
                                 "password. Nothing was written (--dry-run).",
                                 count=len(result.created_accounts)))
        else:
            typer.echo(t.gettext("Nothing was written (--dry-run)."))
        return
    typer.echo(t.gettext("imported {organisation} (id {id})",
                         organisation=_shown(result.organisation.name),
                         id=result.organisation.id))
    if result.created_accounts:
        typer.echo(t.gettext(
            "created these member accounts disabled and without a password; give each a "
            "password (`rollout user passwd EMAIL`) and enable it (`rollout user enable "
            "EMAIL`), or let them sign in with single sign-on once enabled:"))
        for email in result.created_accounts:
            typer.echo(f"  {_shown(email)}")


@org_app.command("add-member")
def org_add_member(
    org: Annotated[str, typer.Argument(help="organisation id or exact name")],
    email: Annotated[str, typer.Argument(help="an existing user's e-mail address")],
    role: Annotated[MemberRole, typer.Option("--role", help="the user's role there")],
    lang: LangOption = None,
) -> None:
    """Give an existing user a role in an organisation."""
    from rollout.permissions import Role
    from rollout.services.organisations import add_member, find_organisation

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        database = _open()
        try:
            organisation = find_organisation(database, actor=_actor(), reference=org)
            member = add_member(database, actor=_actor(), organisation_id=organisation.id,
                                email=email, role=Role(role.value))
        finally:
            database.dispose()
    # The role stays its code (what --role takes); the sentence around it is translated.
    typer.echo(t.gettext("{email} is now {role} in {organisation}", email=member.email,
                         role=member.role.value, organisation=_shown(organisation.name)))


# --- backup and demo ---------------------------------------------------------------------------


def backup(
    out: Annotated[Path, typer.Option("--out", "-o", help="the backup file to create")],
    force: Annotated[bool, typer.Option("--force", help="replace the file if it exists")] = False,
    lang: LangOption = None,
) -> None:
    """Copy the SQLite database while it is in use (PostgreSQL: use pg_dump, see the docs)."""
    from rollout.i18n.numbers import format_number
    from rollout.output_files import check_output_path
    from rollout.persistence.backup import backup_sqlite, check_backup_source
    from rollout.settings import load_settings

    language = chosen_language(lang)
    t = translator(language)
    with _errors_shown_in(language):
        url = load_settings().resolved_database_url
        # Before anything opens the database: opening a mistyped path would create an empty one.
        check_backup_source(url)
        check_output_path(out, force=force, protected=_database_files())
        _open().dispose()  # upgrade first, like every command
        size = backup_sqlite(url, out, replace=force)
    mebibytes = size / 1_048_576
    size_mib = f"{mebibytes:.1f}" if language is Language.EN \
        else format_number(mebibytes, language, decimal_places=1)
    typer.echo(t.gettext("backed up the database to {file} ({size} MiB)",
                         file=_shown(str(out)), size=size_mib))


def demo(lang: LangOption = None) -> None:
    """Load the demo organisation (a confectionery manufacturer); running it again changes nothing."""
    from rollout.cli import load_content_or_exit
    from rollout.content.loader import Content
    from rollout.services.demo import load_demo

    language = chosen_language(lang)
    t = translator(language)
    content = load_content_or_exit(language)
    assert isinstance(content, Content)
    with _errors_shown_in(language):
        database = _open()
        try:
            organisation, created = load_demo(database, actor=_actor(), content=content)
        finally:
            database.dispose()
    if created:
        typer.echo(t.gettext("loaded the demo organisation {name} (id {id})",
                             name=repr(organisation.name), id=organisation.id))
    else:
        typer.echo(t.gettext("the demo organisation {name} is already there; nothing changed",
                             name=repr(organisation.name)))


_registered: set[int] = set()


def register(app: typer.Typer) -> None:
    # main() registers on every call; adding the groups twice would slow every later call.
    if id(app) in _registered:
        return
    _registered.add(id(app))
    app.add_typer(db_app, name="db")
    app.add_typer(user_app, name="user")
    app.add_typer(org_app, name="org")
    app.command("backup")(backup)
    app.command("demo")(demo)

