from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from rollout.content.loader import Content, load_content, load_default_content
from tests.persistence import databases

FIXTURES = Path(__file__).parent / "content" / "fixtures"

# Property tests check behaviour, not speed (speed lives in benchmarks/): on a shared CI machine
# one example can take longer than Hypothesis's 200 ms default, which would fail a correct test.
settings.register_profile("rollout", deadline=None)
settings.load_profile("rollout")

# The database fixtures, on SQLite and PostgreSQL (assigned, so they count as used).
backend = databases.backend
database_url = databases.database_url
db = databases.db
empty_database_url = databases.empty_database_url
postgres_server = databases.postgres_server
postgres_template = databases.postgres_template
postgres_module_databases = databases.postgres_module_databases
second_database_url = databases.second_database_url
sqlite_template = databases.sqlite_template


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    databases.skip_postgres_when_unconfigured(items)


@pytest.fixture(scope="session")
def content() -> Content:
    """The shipped knowledge base."""
    return load_default_content()


@pytest.fixture(scope="session")
def minimal_content() -> Content:
    """A tiny knowledge base for unit tests of the engine's arithmetic."""
    return load_content(FIXTURES / "minimal")
