"""The database URL comes from ROLLOUT_DATABASE_URL, else a SQLite file in the data directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from rollout.settings import load_settings


def test_the_default_database_is_rollout_db_in_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ROLLOUT_DATABASE_URL", raising=False)
    monkeypatch.setenv("ROLLOUT_DATA_DIR", str(tmp_path))
    assert load_settings().resolved_database_url == f"sqlite:///{tmp_path / 'rollout.db'}"


def test_rollout_database_url_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://rollout@db.example.org/rollout"
    monkeypatch.setenv("ROLLOUT_DATABASE_URL", url)
    assert load_settings().resolved_database_url == url
