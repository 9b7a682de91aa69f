"""`rollout serve` starts Streamlit the way a production server should run."""

from __future__ import annotations

import os

import pytest

from rollout.cli import main


class Started(Exception):
    """Raised instead of replacing the test process with Streamlit."""


def test_serve_does_not_watch_source_files(monkeypatch: pytest.MonkeyPatch) -> None:
    # A watched file that changes makes Streamlit evict and re-import every Rollout module,
    # which breaks the running server; a production server is upgraded by restarting it.
    started: list[list[str]] = []

    def execv(_path: str, args: list[str]) -> None:
        started.append(args)
        raise Started

    monkeypatch.setattr(os, "execv", execv)
    monkeypatch.chdir(os.getcwd())  # serve changes directory; restored afterwards
    with pytest.raises(Started):
        main(["serve", "--port", "8599"])
    assert started, "rollout serve did not start Streamlit"
    args = started[0]
    assert args[args.index("--server.fileWatcherType") + 1] == "none"
    assert args[args.index("--server.port") + 1] == "8599"
