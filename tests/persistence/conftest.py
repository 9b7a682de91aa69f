import pytest

from tests.persistence import databases

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
