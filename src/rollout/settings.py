"""Settings read from the environment (prefix ``ROLLOUT_``) or a ``.env`` file.

    ROLLOUT_DATA_DIR       directory for the SQLite database (default ``./data``)
    ROLLOUT_DATABASE_URL   any SQLAlchemy URL; ``postgresql+psycopg://user:pass@host/db`` for teams
                           (default: ``sqlite:///<data dir>/rollout.db``)
    ROLLOUT_SQLITE_BUSY_TIMEOUT_MS
                           how long a SQLite writer waits for another one before giving up
    ROLLOUT_DATABASE_POOL_SIZE
                           database connections kept open per process (default 20)
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SQLITE_FILE_NAME = "rollout.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ROLLOUT_", env_file=".env", extra="ignore")

    data_dir: Path = Path("data")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default a SQLite file in data_dir")
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    database_pool_size: int = Field(
        default=20, ge=1, description="open database connections kept per process")

    @property
    def resolved_database_url(self) -> str:
        """The URL to connect to: the configured one, or the SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / SQLITE_FILE_NAME).resolve()}"


def load_settings() -> Settings:
    """Read the settings afresh (cheap; tests change the environment between calls)."""
    return Settings()
