"""Browser fixtures: the real app in a subprocess, driven by Debian's Chromium through Playwright.

Playwright never downloads a browser here: it launches the executable named by
ROLLOUT_TEST_BROWSER (``.ci/run`` exports ``/usr/bin/chromium``), else ``/usr/bin/chromium``.
In CI (``CI=true``) a missing browser or Playwright is a failure; elsewhere the tests skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SERVER_START_TIMEOUT_S = 60.0


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere (one line either way)."""
    if in_ci():
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def browser_executable() -> str | None:
    configured = os.environ.get("ROLLOUT_TEST_BROWSER")
    candidate = configured or "/usr/bin/chromium"
    if Path(candidate).is_file() and os.access(candidate, os.X_OK):
        return candidate
    if not configured:
        return shutil.which("chromium")
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = browser_executable()
    if path is None:
        _unavailable("Chromium not found (set ROLLOUT_TEST_BROWSER or "
                     "`apt-get install chromium`)")
    assert path is not None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_command(port: int) -> list[str]:
    rollout = Path(sys.executable).parent / "rollout"
    if rollout.is_file():
        return [str(rollout), "serve", "--host", "127.0.0.1", "--port", str(port)]
    return [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.headless", "true", "--server.address", "127.0.0.1",
            "--server.port", str(port), "--browser.gatherUsageStats", "false"]


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], timeout_s: float,
                       log: Path) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the app exited with {process.returncode} before answering:\n"
                                 f"{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"the app did not answer {url}/_stcore/health within {timeout_s:.0f} s:\n"
                         f"{log.read_text(errors='replace')}")


@dataclass
class AppServer:
    url: str
    log: Path
    database_url: str

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture()
def app_server(chromium_path: str, tmp_path: Path) -> Iterator[AppServer]:
    """The real app (`rollout serve`) on a free port with a fresh SQLite database."""
    port = _free_port()
    database_url = f"sqlite:///{tmp_path / 'rollout.db'}"
    env = {**os.environ, "ROLLOUT_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(server_command(port), cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_healthy(url, process, SERVER_START_TIMEOUT_S, log)
        yield AppServer(url=url, log=log, database_url=database_url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome: Any = yield  # pluggy's result wrapper
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_FAILED] = report.failed


_FAILED = pytest.StashKey[bool]()


@pytest.fixture()
def page(chromium_path: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh 1280×800 Chromium page (Playwright's sync API); a failure saves what it showed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT, locale="en-GB")  # type: ignore[arg-type]
            new_page = context.new_page()
            yield new_page
            if request.node.stash.get(_FAILED, False):
                SCREENSHOTS.mkdir(parents=True, exist_ok=True)
                new_page.screenshot(path=str(SCREENSHOTS / f"FAILED-{request.node.name}.png"))
            context.close()
        finally:
            browser.close()
