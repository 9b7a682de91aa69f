"""`rollout db|user|org|backup|demo --lang fa`: messages and errors in Persian; `--lang en` and
the default print exactly what they printed before (issue 13)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from rollout.cli import main

Run = tuple[int, str, str]
Runner = Callable[..., Run]
PERSIAN = re.compile(r"[\u0600-\u06FF]")


@pytest.fixture
def rollout(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Runner:
    monkeypatch.setenv("ROLLOUT_DATABASE_URL", database_url)
    monkeypatch.delenv("ROLLOUT_LANGUAGE", raising=False)

    def run(*args: str, stdin: str | None = None) -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin or ""))
        code = main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


PASSWORD = "correct horse battery\n"


def test_user_commands_speak_persian_with_lang_fa(rollout: Runner) -> None:
    code, out, _ = rollout("user", "add", "root@example.org", "--admin", "--password-stdin",
                           "--lang", "fa", stdin=PASSWORD)
    assert code == 0 and out.startswith("مدیر سامانه root@example.org ساخته شد (شناسه ")
    code, _, err = rollout("user", "add", "root@example.org", "--password-stdin", "--lang", "fa",
                           stdin=PASSWORD)
    assert code == 1 and err == "خطا: کاربری با رایانامهٔ root@example.org از پیش هست\n"
    code, _, err = rollout("user", "add", "ann@example.org", "--password-stdin", "--lang", "fa",
                           stdin="short\n")
    assert code == 1 and "دست‌کم 10 نویسه" in err
    code, _, err = rollout("user", "add", "ann@example.org", "--lang", "fa")
    assert code == 1 and "پایانه‌ای برای پرسیدن گذرواژه نیست" in err
    rollout("user", "add", "ann@example.org", "--password-stdin", stdin=PASSWORD)
    assert rollout("user", "disable", "ann@example.org", "--lang", "fa")[1] == \
        "ann@example.org غیرفعال است\n"
    code, out, _ = rollout("user", "list", "--lang", "fa")
    assert "ann@example.org (غیرفعال)" in out and "root@example.org (مدیر سامانه)" in out
    code, _, err = rollout("user", "disable", "root@example.org", "--lang", "fa")
    assert code == 1 and "آخرین مدیر سامانهٔ فعال" in err
    code, out, _ = rollout("user", "unlock", "ann@example.org", "--lang", "fa")
    assert code == 0 and "دوباره می‌تواند وارد شود" in out


def test_org_demo_and_backup_speak_persian_by_rollout_language(
    rollout: Runner, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLLOUT_LANGUAGE", "fa")  # the same default as the other commands
    code, out, _ = rollout("org", "list")
    assert code == 0 and out.startswith("هنوز سازمانی نیست")
    code, out, _ = rollout("demo")
    assert code == 0 and out.startswith("سازمان نمونهٔ ")
    assert "چیزی تغییر نکرد" in rollout("demo")[1]
    exported = tmp_path / "org.json"
    code, out, _ = rollout("org", "export", "Harbour Lane Confectionery (DEMO)", "-o",
                           str(exported))
    assert code == 0 and "نوشته شد" in out
    # JSON stays the contract: the same field names and codes in every language.
    assert set(json.loads(rollout("org", "list", "--format", "json")[1])[0]) == {"id", "name"}
    for args, expected in (
        (("org", "export", "Nope", "-o", str(tmp_path / "x.json")), "سازمانی با شناسه یا نام"),
        (("org", "export", "Nope", "-o", str(exported)), "این پرونده از پیش هست"),
        (("org", "import", str(exported)), "این پایگاه داده سازمان"),
        (("org", "import", str(tmp_path / "missing.json")), "پرونده پیدا نشد"),
        (("org", "add-member", "Harbour Lane Confectionery (DEMO)", "ghost@example.org",
          "--role", "trainer"), "نخست حساب را بسازید"),
    ):
        code, _, err = rollout(*args)
        assert code == 1 and err.startswith("خطا: ") and expected in err, args
    # --lang wins over ROLLOUT_LANGUAGE.
    code, _, err = rollout("org", "import", str(tmp_path / "missing.json"), "--lang", "en")
    assert code == 1 and err.endswith("file not found\n") and not PERSIAN.search(err)
    if backend == "sqlite":
        code, out, _ = rollout("backup", "-o", str(tmp_path / "b.db"))
        assert code == 0 and "پشتیبان گرفته شد" in out and "مبی‌بایت" in out


def test_english_output_is_unchanged(rollout: Runner, tmp_path: Path) -> None:
    """The English wording, byte for byte as before the catalogue (scripts read it)."""
    code, out, _ = rollout("user", "add", "root@example.org", "--admin", "--password-stdin",
                           stdin=PASSWORD)
    assert code == 0 and re.fullmatch(r"created administrator root@example\.org \(id \w+\)\n", out)
    assert rollout("user", "add", "root@example.org", "--password-stdin", "--lang", "en",
                   stdin=PASSWORD)[2] == \
        "error: a user with the e-mail root@example.org already exists\n"
    assert rollout("user", "add", "x@example.org", "--password-stdin", stdin="short\n")[2] == \
        "error: password: use at least 10 characters (a few words make a good password)\n"
    assert rollout("user", "unlock", "root@example.org")[1] == \
        "'root@example.org' may sign in again (0 failed logins forgotten)\n"
    assert rollout("user", "disable", "root@example.org")[2] == (
        "error: this is the last active administrator; make someone else an administrator "
        "first\n")
    assert rollout("org", "list")[1] == "no organisations yet (`rollout demo` loads a demo one)\n"
    assert rollout("org", "export", "Nope", "-o", str(tmp_path / "x.json"))[2] == (
        "error: no organisation with the id or name 'Nope'; `rollout org list` shows them\n")
    assert rollout("demo")[1].startswith(
        "loaded the demo organisation 'Harbour Lane Confectionery (DEMO)' (id ")
    assert rollout("org", "add-member", "Harbour Lane Confectionery (DEMO)", "root@example.org",
                   "--role", "executive")[1] == \
        "root@example.org is now executive in 'Harbour Lane Confectionery (DEMO)'\n"
    for out in (rollout(*args)[1] + rollout(*args)[2] for args in (
            ("user", "list"), ("org", "list"), ("demo",))):
        assert not PERSIAN.search(out)
