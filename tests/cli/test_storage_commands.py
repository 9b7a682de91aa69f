"""`rollout db|user|org|backup|demo` from a user's point of view: exit 0 or 1, never a traceback."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from rollout.cli import main

Run = tuple[int, str, str]
Runner = Callable[..., Run]


@pytest.fixture
def rollout(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    """Run `rollout ...` against this test's database; return (exit code, stdout, stderr)."""
    monkeypatch.setenv("ROLLOUT_DATABASE_URL", database_url)

    def run(*args: str, stdin: str | None = None) -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin or ""))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


def test_db_upgrade_reports_the_revision_and_is_repeatable(
    empty_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ROLLOUT_DATABASE_URL", empty_database_url)
    assert main(["db", "upgrade"]) == 0
    assert "upgraded to schema revision" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "already at schema revision" in capsys.readouterr().out


def test_the_default_database_is_a_sqlite_file_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("ROLLOUT_DATABASE_URL", raising=False)
    monkeypatch.setenv("ROLLOUT_DATA_DIR", str(tmp_path / "data"))
    assert main(["db", "upgrade"]) == 0
    assert (tmp_path / "data" / "rollout.db").is_file()


def test_user_add_reads_the_password_from_stdin_and_refuses_bad_input(rollout: Runner) -> None:
    code, out, _ = rollout("user", "add", "root@example.org", "--admin", "--password-stdin",
                           stdin="correct horse battery\n")
    assert code == 0 and "created administrator root@example.org" in out
    code, _, err = rollout("user", "add", "root@example.org", "--password-stdin",
                           stdin="correct horse battery\n")
    assert code == 1 and "already exists" in err
    code, _, err = rollout("user", "add", "ann@example.org", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 10 characters" in err
    code, _, err = rollout("user", "add", "ann@example.org")  # no terminal to prompt on
    assert code == 1 and "--password-stdin" in err
    code, _, err = rollout("user", "add", "not-an-address", "--password-stdin",
                           stdin="correct horse battery\n")
    assert code == 1 and "not an e-mail address" in err


def test_users_are_listed_disabled_enabled_and_given_new_passwords(rollout: Runner) -> None:
    rollout("user", "add", "root@example.org", "--admin", "--password-stdin",
            stdin="correct horse battery\n")
    rollout("user", "add", "ann@example.org", "--password-stdin", stdin="correct horse battery\n")
    assert rollout("user", "disable", "ann@example.org")[1] == "ann@example.org is disabled\n"
    code, out, _ = rollout("user", "list")
    assert code == 0 and "ann@example.org (disabled)" in out and "root@example.org (admin)" in out
    assert rollout("user", "enable", "ann@example.org")[0] == 0
    code, out, _ = rollout("user", "passwd", "ann@example.org", "--password-stdin",
                           stdin="another good passphrase\n")
    assert code == 0 and "password set" in out
    code, _, err = rollout("user", "disable", "nobody@example.org")
    assert code == 1 and "no user with the e-mail nobody@example.org" in err


def test_org_list_export_and_import_round_trip_between_databases(
    rollout: Runner, second_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = rollout("org", "list")
    assert code == 0 and "no organisations yet" in out
    assert rollout("demo")[0] == 0
    code, out, _ = rollout("org", "list", "--format", "json")
    [entry] = json.loads(out)
    assert set(entry) == {"id", "name"}
    assert rollout("org", "list")[1] == f"{entry['id']}  {entry['name']}\n"

    by_name, by_id = tmp_path / "by-name.json", tmp_path / "by-id.json"
    assert rollout("org", "export", entry["name"], "--out", str(by_name))[0] == 0
    assert rollout("org", "export", entry["id"], "--out", str(by_id))[0] == 0
    code, _, err = rollout("org", "export", entry["id"], "--out", str(by_id))
    assert code == 1 and "already exists" in err
    code, _, err = rollout("org", "export", "No Such Org", "--out", str(tmp_path / "x.json"))
    assert code == 1 and "rollout org list" in err

    code, _, err = rollout("org", "import", str(by_name))
    assert code == 1 and "already has the organisation" in err

    monkeypatch.setenv("ROLLOUT_DATABASE_URL", second_database_url)
    code, out, _ = rollout("org", "import", str(by_name), "--dry-run")
    assert code == 0 and "Nothing was written (--dry-run)" in out
    assert "training trainees" in out and "training completions" in out
    assert "no organisations yet" in rollout("org", "list")[1]
    code, out, _ = rollout("org", "import", str(by_name))
    assert code == 0 and f"(id {entry['id']})" in out
    again = tmp_path / "again.json"
    assert rollout("org", "export", entry["id"], "--out", str(again))[0] == 0
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (by_name, again))
    first.pop("exported_at"), second.pop("exported_at")
    # The same, except that the history now says it was imported (never by an account here).
    first["audit_events"] = [{**e, "imported": True} for e in first["audit_events"]]
    assert second == first


def test_org_import_explains_a_missing_or_broken_file(rollout: Runner, tmp_path: Path) -> None:
    code, _, err = rollout("org", "import", str(tmp_path / "missing.json"))
    assert code == 1 and "file not found" in err
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json", encoding="utf-8")
    code, _, err = rollout("org", "import", str(broken))
    assert code == 1 and "line 1, column 3: not valid JSON" in err


def test_org_add_member_gives_an_existing_user_a_role(rollout: Runner) -> None:
    rollout("demo")
    rollout("user", "add", "ann@example.org", "--password-stdin", stdin="correct horse battery\n")
    code, out, _ = rollout("org", "add-member", "Harbour Lane Confectionery (DEMO)",
                           "ann@example.org", "--role", "executive")
    assert code == 0 and "is now executive" in out
    code, _, err = rollout("org", "add-member", "Harbour Lane Confectionery (DEMO)",
                           "ghost@example.org", "--role", "trainer")
    assert code == 1 and "create the account first" in err


def test_demo_twice_changes_nothing(rollout: Runner) -> None:
    code, out, _ = rollout("demo")
    assert code == 0 and "loaded the demo organisation" in out
    code, out, _ = rollout("demo")
    assert code == 0 and "nothing changed" in out


def test_backup_copies_a_live_sqlite_database_and_never_overwrites(
    rollout: Runner, backend: str, tmp_path: Path
) -> None:
    out_file = tmp_path / "backup.db"
    if backend == "postgres":
        code, _, err = rollout("backup", "--out", str(out_file))
        assert code == 1 and "pg_dump --format=custom" in err
        assert not out_file.exists()
        return
    rollout("demo")
    code, out, _ = rollout("backup", "--out", str(out_file))
    assert code == 0 and "backed up the database" in out
    with sqlite3.connect(out_file) as copy:
        assert copy.execute("SELECT name FROM organisations").fetchall() == [
            ("Harbour Lane Confectionery (DEMO)",)]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    code, _, err = rollout("backup", "--out", str(out_file))
    assert code == 1 and "already exists" in err and "--force" in err


def test_user_unlock_lets_a_throttled_account_sign_in_at_once(rollout: Runner) -> None:
    from rollout.errors import AuthenticationError
    from rollout.persistence.schema import open_database
    from rollout.services.accounts import MAX_FAILED_LOGINS, authenticate

    code, _, _ = rollout("user", "add", "ann@example.org", "--password-stdin",
                         stdin="correct horse battery\n")
    assert code == 0
    database = open_database()
    try:
        for _ in range(MAX_FAILED_LOGINS + 1):
            with pytest.raises(AuthenticationError):
                authenticate(database, email="ann@example.org", password="wrong guess!")
        code, out, _ = rollout("user", "unlock", "ANN@example.org")
        assert code == 0 and "may sign in again" in out
        assert authenticate(database, email="ann@example.org", password="correct horse battery")
    finally:
        database.dispose()
