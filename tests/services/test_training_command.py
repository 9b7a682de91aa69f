"""`rollout training import` from a user's point of view: exit 0 or 1, the JSON contract, never
a traceback, nothing written on a dry run or when a row is wrong."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from rollout.cli import main
from rollout.services import Actor, create_organisation, list_trainees, open_database
from tests.services.conftest import profile
from tests.training.conftest import PERSIAN_ROSTER, csv_bytes

Run = tuple[int, str, str]


@pytest.fixture
def rollout(database_url: str, monkeypatch: pytest.MonkeyPatch,
            capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    monkeypatch.setenv("ROLLOUT_DATABASE_URL", database_url)
    monkeypatch.setenv("ROLLOUT_LANGUAGE", "en")

    def run(*args: str) -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


@pytest.fixture
def organisation(database_url: str) -> str:
    database = open_database(database_url)
    try:
        return create_organisation(database, actor=Actor.command_line(),
                                   profile=profile("Pars Sweets")).id
    finally:
        database.dispose()


def _people(database_url: str, organisation: str) -> list[str]:
    database = open_database(database_url)
    try:
        return [p.trainee.employee_id for p in list_trainees(
            database, actor=Actor.command_line(), organisation_id=organisation)]
    finally:
        database.dispose()


def test_a_clean_cp1256_roster_imports_with_exit_0(
    rollout: Callable[..., Run], organisation: str, database_url: str, tmp_path: Path,
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(csv_bytes(PERSIAN_ROSTER, encoding="cp1256"))
    code, out, _ = rollout("training", "import", str(path), "--org", "Pars Sweets",
                           "--kind", "roster", "--dry-run")
    assert code == 0 and "3 rows, 3 valid, 0 rejected; 0 written (dry run)" in out
    assert _people(database_url, organisation) == []
    code, out, _ = rollout("training", "import", str(path), "--org", organisation,
                           "--kind", "roster", "--format", "json")
    assert code == 0
    assert json.loads(out) == {"rows": 3, "valid": 3, "rejected": 0, "errors": [], "written": 3}
    assert sorted(_people(database_url, organisation)) == ["1001", "1002", "1003"]


def test_row_errors_exit_1_listed_and_nothing_is_written(
    rollout: Callable[..., Run], organisation: str, database_url: str, tmp_path: Path,
) -> None:
    path = tmp_path / "roster.csv"
    path.write_bytes(b"Staff;Full;Dept;Func\n1;A;Sales;Rep\n1;B;Sales;Rep\n;C;Sales;Rep\n")
    maps = ["--map", "Staff=employee_id", "--map", "Full=name", "--map", "Dept=unit",
            "--map", "Func=job_role"]
    code, out, _ = rollout("training", "import", str(path), "--org", organisation, "--kind",
                           "roster", "--delimiter", ";", *maps, "--format", "json")
    assert code == 1
    payload = json.loads(out)
    assert {k: payload[k] for k in ("rows", "valid", "rejected", "written")} == {
        "rows": 3, "valid": 1, "rejected": 2, "written": 0}
    assert [(e["row"], e["column"]) for e in payload["errors"]] == [(3, "Staff"), (4, "Staff")]
    assert _people(database_url, organisation) == []
    code, _, err = rollout("training", "import", str(path), "--org", organisation, "--kind",
                           "roster", *maps)
    assert code == 1 and "row 3, column 'Staff': the same employee_id as row 2" in err


@pytest.mark.parametrize(("args", "message"), [
    (["--kind", "roster", "--encoding", "klingon"], "not an encoding"),
    (["--kind", "roster", "--map", "nothing"], "write COLUMN=FIELD"),
    (["--kind", "roster"], "required columns are missing"),
])
def test_bad_options_and_files_are_clear_errors(
    rollout: Callable[..., Run], organisation: str, tmp_path: Path, args: list[str],
    message: str,
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"a,b\n1,2\n")
    code, _, err = rollout("training", "import", str(path), "--org", organisation, *args)
    assert code == 1 and message in err


def test_a_missing_file_or_organisation_exits_1(rollout: Callable[..., Run], organisation: str,
                                                tmp_path: Path) -> None:
    code, _, err = rollout("training", "import", str(tmp_path / "none.csv"), "--org",
                           organisation, "--kind", "roster")
    assert code == 1 and "file not found" in err
    path = tmp_path / "x.csv"
    path.write_bytes(b"a\n")
    code, _, err = rollout("training", "import", str(path), "--org", "Nobody", "--kind",
                           "roster")
    assert code == 1 and "Nobody" in err
    code, _, _ = rollout("training", "import", str(path), "--org", organisation, "--kind",
                         "people")
    assert code == 2
