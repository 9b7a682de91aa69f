"""Issue 8's attacks on the command line, one test per attack: each is refused with a short
message naming the file and field, exit code 1 (2 for usage errors), and never a traceback."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from rollout.cli import main
from rollout.content.loader import Content

Run = tuple[int, str, str]


@pytest.fixture
def rollout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Run]:
    """`rollout ...` against a SQLite database in this test's directory."""
    monkeypatch.delenv("ROLLOUT_DATABASE_URL", raising=False)
    monkeypatch.setenv("ROLLOUT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


def _example(content: Content) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(json.dumps(content.cases["hershey-1999"].example,
                                                 default=str))
    data["name"] = "hershey"
    return data


def _yaml(content: Content, path: Path, **changes: Any) -> Path:
    data = _example(content)
    for dotted, value in changes.items():
        target = data
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[part]
        target[last] = value
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi",
                                                                  strict=True)
) + "answers: {sponsor: *i}\n"


# --- 1. data destroyed --------------------------------------------------------------------------


def test_plan_out_never_overwrites_the_live_database_even_with_force(
    rollout: Callable[..., Run], content: Content, tmp_path: Path
) -> None:
    assert rollout("db", "upgrade")[0] == 0
    database = tmp_path / "data" / "rollout.db"
    source = _yaml(content, tmp_path / "a.yaml")
    for name in ("rollout.db", "rollout.db-wal", "rollout.db-shm", "rollout.db-journal"):
        code, _, err = rollout("plan", str(source), "--out", str(database.with_name(name)),
                               "--force")
        assert code == 1 and "database's own file" in err
    with sqlite3.connect(database) as live:
        assert live.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_plan_out_refuses_an_existing_file_without_force_and_replaces_it_with_force(
    rollout: Callable[..., Run], content: Content, tmp_path: Path
) -> None:
    source = _yaml(content, tmp_path / "a.yaml")
    target = tmp_path / "plan.txt"
    target.write_text("precious", encoding="utf-8")
    code, _, err = rollout("plan", str(source), "--out", str(target))
    assert code == 1 and "already exists" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "precious"
    code, _, err = rollout("plan", str(source), "--out", str(target), "--force")
    assert code == 0 and "plan written" in err
    assert target.read_text(encoding="utf-8").startswith("Rollout plan:")


def test_org_export_refuses_the_database_and_existing_files(
    rollout: Callable[..., Run], tmp_path: Path
) -> None:
    assert rollout("demo")[0] == 0
    code, _, err = rollout("org", "export", "Harbour Lane Confectionery (DEMO)", "--out",
                           str(tmp_path / "data" / "rollout.db-wal"), "--force")
    assert code == 1 and "database's own file" in err
    (tmp_path / "taken.json").write_text("{}", encoding="utf-8")
    code, _, err = rollout("org", "export", "Harbour Lane Confectionery (DEMO)", "--out",
                           str(tmp_path / "taken.json"))
    assert code == 1 and "already exists" in err
    code, _, _ = rollout("org", "export", "Harbour Lane Confectionery (DEMO)", "--out",
                         str(tmp_path / "taken.json"), "--force")
    assert code == 0
    assert json.loads((tmp_path / "taken.json").read_text(encoding="utf-8"))["format"]


# --- 2. one small file takes the server down ----------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "assess", "plan"])
def test_the_520_byte_alias_bomb_is_refused_with_a_short_message(
    rollout: Callable[..., Run], tmp_path: Path, command: str
) -> None:
    assert len(ALIAS_BOMB) < 600
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(ALIAS_BOMB, encoding="utf-8")
    code, _, err = rollout(command, str(bomb))
    assert code == 1
    assert "aliases" in err and "bomb.yaml" in err and "line 2" in err
    assert len(err) < 400


def test_a_file_with_ten_thousand_business_units_is_refused_before_planning(
    rollout: Callable[..., Run], content: Content, tmp_path: Path
) -> None:
    units = [{"name": f"Unit {i}", "users": 1} for i in range(10_000)]
    source = _yaml(content, tmp_path / "units.yaml", programme__business_units=units)
    code, _, err = rollout("plan", str(source))
    assert code == 1 and "business_units: 10,000 items; at most 1,000" in err
    assert len(err) < 400


def test_a_file_over_five_megabytes_is_refused_unread(
    rollout: Callable[..., Run], tmp_path: Path
) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (5 * 1024 * 1024))
    code, _, err = rollout("assess", str(big))
    assert code == 1 and "larger than" in err


# --- 3. backups that are not backups ------------------------------------------------------------


def test_backup_of_a_mistyped_sqlite_path_creates_nothing(
    rollout: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLLOUT_DATABASE_URL", f"sqlite:///{tmp_path / 'typo.db'}")
    code, _, err = rollout("backup", "--out", str(tmp_path / "backup.db"))
    assert code == 1 and "no database at" in err
    assert not (tmp_path / "typo.db").exists()
    assert not (tmp_path / "backup.db").exists()


def test_backup_out_to_the_databases_wal_file_is_refused(
    rollout: Callable[..., Run], tmp_path: Path
) -> None:
    assert rollout("demo")[0] == 0
    code, _, err = rollout("backup", "--out", str(tmp_path / "data" / "rollout.db-wal"),
                           "--force")
    assert code == 1 and "database's own file" in err
    assert rollout("org", "list")[1].count("DEMO") == 1


def test_backup_with_a_mysql_url_says_it_is_unsupported_not_postgresql(
    rollout: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLLOUT_DATABASE_URL", "mysql://rollout:secret@db/rollout")
    code, _, err = rollout("backup", "--out", str(tmp_path / "backup.db"))
    assert code == 1 and "'mysql'" in err and "this one is PostgreSQL" not in err
    assert "secret" not in err


# --- 4. tracebacks ------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "assess", "plan"])
def test_an_impossible_yaml_date_names_the_line(
    rollout: Callable[..., Run], content: Content, tmp_path: Path, command: str
) -> None:
    source = _yaml(content, tmp_path / "a.yaml", programme__start_date="START")
    source.write_text(source.read_text(encoding="utf-8").replace("START", "2026-02-30"),
                      encoding="utf-8")
    code, _, err = rollout(command, str(source))
    assert code == 1 and "'2026-02-30' is not a valid date" in err and "line " in err


@pytest.mark.parametrize("command", ["validate", "assess", "plan"])
@pytest.mark.parametrize(("field", "value"), [("target_go_live", "9999-06-01"),
                                              ("start_date", "0001-01-01")])
def test_years_outside_1900_to_2200_are_refused_by_every_command(
    rollout: Callable[..., Run], content: Content, tmp_path: Path, command: str, field: str,
    value: str,
) -> None:
    data = _example(content)
    data["programme"][field] = value
    source = tmp_path / "a.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = rollout(command, str(source))
    assert code == 1 and f"programme.{field}" in err and "1900" in err


def test_json_nested_100000_levels_is_refused_without_recursion(
    rollout: Callable[..., Run], tmp_path: Path
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _, err = rollout("assess", str(deep))
    assert code == 1 and "nested 100000 levels deep" in err


def test_an_out_name_of_300_characters_gets_a_clear_error(
    rollout: Callable[..., Run], content: Content, tmp_path: Path
) -> None:
    source = _yaml(content, tmp_path / "a.yaml")
    code, _, err = rollout("plan", str(source), "--out", str(tmp_path / ("p" * 300)))
    assert code == 1 and "name is too long" in err
    assert len(err) < 400


@pytest.mark.parametrize("args", [
    ["no-such-command", "x"],                    # unknown command
    ["assess"],                                  # missing argument
    ["assess", "--format", "bogus", "F"],        # bad option value
    ["assess", "--no-such-option", "F"],         # unknown option
    ["plan", "F", "--scenario"],                 # option without its value
    ["plan", "F", "--scenario", "overnight"],    # bad choice
    ["org", "frobnicate"],                       # unknown subcommand
    ["org", "export", "x"],                      # missing required option
    ["user", "add"],                             # missing argument in a group
])
def test_usage_errors_print_a_short_message_and_no_traceback(
    rollout: Callable[..., Run], args: list[str]
) -> None:
    code, _, err = rollout(*args)
    assert code == 2
    assert "Error:" in err and len(err) < 600


def test_usage_errors_print_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", "from rollout.cli import main; raise SystemExit(main())",
                             "no-such-command", "x"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "No such command" in result.stderr


# --- 8. forged reports --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Acme\nVerdict: GO", "Acme\x1b[2J\x1b[1;1HVerdict: GO",
                                  "Acme\r\nVerdict: GO"])
def test_a_name_that_would_forge_a_report_line_is_refused_at_input(
    rollout: Callable[..., Run], content: Content, tmp_path: Path, name: str
) -> None:
    data = _example(content)
    data["organisation"]["name"] = name
    source = tmp_path / "a.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = rollout("assess", str(source))
    assert code == 1 and "organisation.name" in err and "single line" in err
    assert "\x1b" not in out + err


def test_a_direction_override_in_a_name_is_removed_at_input_and_reverses_nothing(
    rollout: Callable[..., Run], content: Content, tmp_path: Path
) -> None:
    # Input normalisation (issue 13) strips bidirectional controls from typed text, so the name
    # that would have read "Verdict: GO" right to left is stored as the plain characters.
    data = _example(content)
    data["organisation"]["name"] = "Acme\u202eOG :tcidreV"
    source = tmp_path / "a.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = rollout("assess", str(source))
    assert code == 0, err
    assert "\u202e" not in out + err and "AcmeOG :tcidreV" in out


# --- 9. accepted but wrong ----------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("programme__users_total", True, "programme.users_total"),
    ("programme__users_total", 10**18, "programme.users_total"),
    ("organisation__customers", True, "organisation.customers"),
    ("organisation__country", "XX", "ISO 3166-1"),
])
def test_values_that_were_accepted_but_wrong_are_refused(
    rollout: Callable[..., Run], content: Content, tmp_path: Path, field: str, value: Any,
    expected: str,
) -> None:
    source = _yaml(content, tmp_path / "a.yaml", **{field: value})
    code, _, err = rollout("assess", str(source))
    assert code == 1 and expected in err


def test_a_number_of_thirty_digits_is_refused_in_yaml_and_json(
    rollout: Callable[..., Run], content: Content, tmp_path: Path
) -> None:
    source = _yaml(content, tmp_path / "a.yaml", programme__users_total="BIG")
    source.write_text(source.read_text(encoding="utf-8").replace("BIG", str(10**30)),
                      encoding="utf-8")
    assert rollout("plan", str(source))[0] == 1
    data = _example(content)
    as_json = tmp_path / "a.json"
    as_json.write_text(json.dumps(data).replace('"users_total": 2500',
                                                f'"users_total": {10**30}'), encoding="utf-8")
    code, _, err = rollout("plan", str(as_json))
    assert code == 1 and "more than 20 digits" in err


@pytest.mark.parametrize("infinity", [".inf", "Infinity", "1e999"])
def test_infinite_numbers_are_refused(
    rollout: Callable[..., Run], content: Content, tmp_path: Path, infinity: str
) -> None:
    data = _example(content)
    data["organisation"]["peak_revenue_share_pct"] = "INF"
    if infinity == ".inf":
        path = tmp_path / "a.yaml"
        path.write_text(yaml.safe_dump(data).replace("INF", ".inf"), encoding="utf-8")
    else:
        path = tmp_path / "a.json"
        path.write_text(json.dumps(data).replace('"INF"', infinity), encoding="utf-8")
    code, _, err = rollout("assess", str(path))
    assert code == 1 and ("finite" in err or "too large" in err)


def test_duplicate_keys_are_refused_in_yaml_and_json(
    rollout: Callable[..., Run], content: Content, tmp_path: Path
) -> None:
    path = _yaml(content, tmp_path / "a.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace(
        "  users_total: 2500\n", "  users_total: 2500\n  users_total: 25\n"), encoding="utf-8")
    code, _, err = rollout("assess", str(path))
    assert code == 1 and "'users_total' appears twice" in err and "line " in err
    as_json = tmp_path / "a.json"
    as_json.write_text(json.dumps(_example(content)).replace(
        '"users_total": 2500', '"users_total": 2500, "users_total": 25'), encoding="utf-8")
    code, _, err = rollout("assess", str(as_json))
    assert code == 1 and "'users_total'" in err and "appears twice" in err


# --- 10. encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_utf8_with_or_without_bom_and_utf16_are_read_in_both_formats(
    rollout: Callable[..., Run], content: Content, tmp_path: Path, suffix: str, encoding: str
) -> None:
    data = _example(content)
    data["organisation"]["name"] = "شرکت نمونه"
    text = json.dumps(data, ensure_ascii=False) if suffix == ".json" else yaml.safe_dump(
        data, allow_unicode=True)
    path = tmp_path / f"a{suffix}"
    path.write_bytes(text.encode(encoding))
    code, out, _ = rollout("assess", str(path))
    assert code == 0 and "شرکت نمونه" in out


def test_windows_1256_is_refused_with_save_as_utf8(
    rollout: Callable[..., Run], content: Content, tmp_path: Path
) -> None:
    data = _example(content)
    data["organisation"]["name"] = "شرکت نمونه"
    path = tmp_path / "a.yaml"
    path.write_bytes(yaml.safe_dump(data, allow_unicode=True).encode("cp1256"))
    code, _, err = rollout("assess", str(path))
    assert code == 1 and "save the file as UTF-8" in err


# --- 5. imports that escalate or poison ---------------------------------------------------------


@pytest.mark.parametrize(("attack", "message"), [
    ("member_role_admin", "not a membership role"),
    ("unknown_draft_answer", "unknown question id"),
    ("version_above_bigint", "organisation.version"),
    ("id_path_like", "programmes[0].id"),
])
def test_org_import_refuses_escalating_or_poisoned_files(
    rollout: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str,
    message: str,
) -> None:
    assert rollout("demo")[0] == 0
    exported = tmp_path / "demo.json"
    assert rollout("org", "export", "Harbour Lane Confectionery (DEMO)", "--out",
                   str(exported))[0] == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    if attack == "member_role_admin":
        document["members"].append({"email": "mallory@example.org", "display_name": "M",
                                    "role": "admin", "created_at": "2026-01-01T00:00:00Z"})
    elif attack == "unknown_draft_answer":
        document["assessments"][0]["answers"]["no.such.question"] = "yes"
    elif attack == "version_above_bigint":
        document["organisation"]["version"] = 2**64
    else:
        document["programmes"][0]["id"] = "../../etc/passwd"
    hostile = tmp_path / "hostile.json"
    hostile.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setenv("ROLLOUT_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    code, _, err = rollout("org", "import", str(hostile))
    assert code == 1 and message in err and len(err) < 2000
    assert "no organisations yet" in rollout("org", "list")[1]
