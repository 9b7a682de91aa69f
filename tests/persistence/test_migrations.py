"""Alembic builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, MetaData, inspect, select, text
from sqlmodel import SQLModel

from rollout.errors import StorageError
from rollout.persistence.database import create_database_engine
from rollout.persistence.schema import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_database,
)


def test_upgrading_an_empty_database_to_head_matches_the_models(empty_database_url: str) -> None:
    assert upgrade_database(empty_database_url) is True
    engine = create_database_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == []
            assert current_revision(connection) == head_revision()
            names = set(inspect(connection).get_table_names())
    finally:
        engine.dispose()
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= names


def test_upgrading_a_database_at_head_does_nothing(database_url: str) -> None:
    assert upgrade_database(database_url) is False


def test_a_database_from_a_newer_rollout_is_refused_with_advice(database_url: str) -> None:
    engine = create_database_engine(database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    finally:
        engine.dispose()
    with pytest.raises(StorageError, match="upgrade Rollout"):
        upgrade_database(database_url)


def test_every_table_with_organisation_data_has_an_organisation_id() -> None:
    global_tables = {"organisations", "users", "login_attempts", "audit_events", "alembic_version",
                     "web_sessions", "export_brands"}
    for table in SQLModel.metadata.sorted_tables:
        if table.name in global_tables:
            continue
        column = table.columns.get("organisation_id")
        assert column is not None and not column.nullable, table.name


# --- upgrading databases that hold data ----------------------------------------------------------
# Every revision after 0001 needs a test that upgrades a database holding data of the revision
# before it and checks that every row is still there. The data below is written with the schema
# as it was at 0001 (raw rows, not the models, which follow the newest schema): keep it as it is.

AT = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC)
ORG, PROG, USER, ASSESSMENT, SNAPSHOT = "o" * 32, "p" * 32, "u" * 32, "a" * 32, "s" * 32
_ORG = {"organisation_id": ORG}
_PROG = {**_ORG, "programme_id": PROG}
V0001_ROWS: dict[str, list[dict[str, Any]]] = {
    "organisations": [{
        "id": ORG, "name": "Northwind", "industry": "retail", "country": "GB", "size": "medium",
        "strategy_theme": "customer_intimacy", "competitive_strategy": "differentiation",
        "customer_segments": ["b2c"], "customers": 5_000_000_000, "peak_revenue_share_pct": 40.0,
        "version": 3, "created_at": AT}],
    "users": [{"id": USER, "email": "owner@example.org", "display_name": "Owner",
               "password_hash": "$argon2id$x", "is_admin": False, "is_active": True,
               "credentials_version": 2, "created_at": AT}],
    "memberships": [{"id": "m" * 32, **_ORG, "user_id": USER, "role": "project_owner",
                     "created_at": AT}],
    "login_attempts": [{"id": 1, "email": "owner@example.org", "at": AT, "succeeded": True}],
    "programmes": [{
        "id": PROG, **_ORG, "name": "CRM", "target_system": "Salesforce", "modules": ["sales"],
        "start_date": dt.date(2026, 1, 5), "target_go_live": dt.date(2026, 10, 26),
        "approach": "pilot_then_waves", "users_total": 300, "hypercare_weeks": 4, "version": 2,
        "created_at": AT, "updated_at": AT}],
    "business_units": [{"id": "b" * 32, **_PROG, "position": 0, "name": "Sales", "users": 300,
                        "region": "North", "country": "GB", "legacy_platforms": ["Old CRM"]}],
    "legacy_platforms": [{"id": "l" * 32, **_PROG, "position": 0, "name": "Old CRM",
                          "kind": "crm", "records": 3_000_000_000, "data_quality": 2,
                          "integrations": ["ERP"], "entered_by_agents": True}],
    "peak_seasons": [
        {"id": "k" * 32, **_PROG, "position": 0, "name": "Halloween", "preset": "halloween",
         "start_date": None, "end_date": None, "recurring": True},
        {"id": "K" * 32, **_PROG, "position": 1, "name": "Sale", "preset": None,
         "start_date": dt.date(2026, 3, 1), "end_date": dt.date(2026, 3, 15), "recurring": False}],
    "blackouts": [{"id": "f" * 32, **_PROG, "position": 0, "name": "Year-end freeze",
                   "start_date": dt.date(2026, 12, 14), "end_date": dt.date(2027, 1, 4),
                   "reason": "finance close"}],
    "concurrent_projects": [{"id": "c" * 32, **_PROG, "position": 0, "name": "ERP",
                             "kind": "erp", "start_date": dt.date(2026, 2, 1),
                             "end_date": dt.date(2026, 4, 30)}],
    "assessments": [{"id": ASSESSMENT, **_PROG, "name": "Readiness",
                     "answers": {"own.owner": "partial", "own.date": {"date": "2026-02-01"}},
                     "version": 4, "created_at": AT, "updated_at": AT}],
    "assessment_snapshots": [{
        "id": SNAPSHOT, **_ORG, "assessment_id": ASSESSMENT, "sequence": 1, "submitted_at": AT,
        "submitted_by": "owner@example.org", "engine_version": "1", "report_date": AT.date(),
        "readiness": 61, "decision": "conditional", "assessment": {"name": "Readiness"},
        "report": {"readiness": 61}}],
    "mitigation_actions": [{
        "id": "x" * 32, **_ORG, "assessment_id": ASSESSMENT, "factor": "no_owner",
        "title": "Name an owner", "owner": "COO", "due_date": dt.date(2026, 2, 1),
        "status": "open", "notes": "", "version": 1, "created_by": "owner@example.org",
        "created_at": AT, "updated_at": AT}],
    "gate_decisions": [{
        "id": "g" * 32, **_ORG, "assessment_id": ASSESSMENT, "snapshot_id": SNAPSHOT,
        "gate": "pilot", "decision": "conditional", "conditions": ["owner named"], "note": "",
        "decided_by": "exec@example.org", "decided_at": AT}],
    "audit_events": [
        {"id": 1, **_ORG, "actor_user_id": USER, "actor": "owner@example.org",
         "action": "programme.update", "object_type": "programme", "object_id": PROG,
         "outcome": "ok", "at": AT, "before": {"version": 1}, "after": {"version": 2}},
        {"id": 2, "organisation_id": None, "actor_user_id": None, "actor": "cli:root",
         "action": "login", "object_type": "user", "object_id": None, "outcome": "refused",
         "at": AT, "before": None, "after": None}],
}


def _upgrade_to(url: str, revision: str) -> None:
    engine = create_database_engine(url)
    try:
        with engine.connect() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
    finally:
        engine.dispose()


def _every_row(connection: Connection) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows in primary-key order, read with the schema the database has."""
    metadata = MetaData()
    metadata.reflect(connection)
    return {
        table.name: [dict(row) for row in connection.execute(
            select(table).order_by(*table.primary_key.columns)).mappings()]
        for table in metadata.sorted_tables if table.name != "alembic_version"
    }


def test_upgrading_a_v0001_database_with_data_to_head_keeps_every_row(
    empty_database_url: str,
) -> None:
    _upgrade_to(empty_database_url, "0001")
    engine = create_database_engine(empty_database_url)
    try:
        with engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            assert set(V0001_ROWS) == set(metadata.tables) - {"alembic_version"}, \
                "give every table of revision 0001 a row"
            for table in metadata.sorted_tables:
                if table.name in V0001_ROWS:
                    connection.execute(table.insert(), V0001_ROWS[table.name])
        with engine.connect() as connection:
            before = _every_row(connection)
        assert all(before[name] for name in V0001_ROWS)

        assert upgrade_database(empty_database_url) is True
        with engine.connect() as connection:
            assert current_revision(connection) == head_revision()
            after = _every_row(connection)
    finally:
        engine.dispose()
    # 0003: every stored audit event gains ``imported``, false: it happened in this database.
    assert all(event.pop("imported") is False for event in after["audit_events"])
    # 0003: stored login attempts gain ``source``, unknown.
    assert all(attempt.pop("source") is None for attempt in after["login_attempts"])
    # 0004: gate decisions gain a justification (empty) and an override flag (false).
    added = {"justification": "", "overrides_engine": False}
    for row in after["gate_decisions"]:
        assert {key: row.pop(key) for key in added} == added
    # 0005: no account has chosen a language or digits yet.
    for row in after["users"]:
        assert {key: row.pop(key) for key in ("language", "digits")} == \
            {"language": None, "digits": None}
    assert {name: rows for name, rows in after.items() if name in before} == before
    # 0002: plan settings start empty, for the programmes already stored.
    assert after["plan_settings"] == []
    # 0004: nobody is signed in yet.
    assert after["web_sessions"] == []
    # 0006: no training data yet, for the organisations already stored.
    for name in ("training_courses", "trainees", "training_sessions", "training_enrolments",
                 "training_completions", "training_exemptions", "adoption_weeks",
                 "import_mappings"):
        assert after[name] == [], name

    # 0007: no consultancy has a brand yet.
    assert after["export_brands"] == []


def test_revision_0006_adds_the_training_tables_and_its_downgrade_keeps_the_rest(
    empty_database_url: str,
) -> None:
    _upgrade_to(empty_database_url, "0005")
    engine = create_database_engine(empty_database_url)
    try:
        with engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            for table in metadata.sorted_tables:
                if table.name in V0001_ROWS:
                    connection.execute(table.insert(), V0001_ROWS[table.name])
        with engine.connect() as connection:
            before = _every_row(connection)
        _upgrade_to(empty_database_url, "0006")
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO trainees (id, organisation_id, employee_id, name, unit, job_role, "
                "super_user, created_at, updated_at) VALUES ('t', :org, 'E1', 'Ali', 'Sales', "
                "'Rep', false, :at, :at)"), {"org": ORG, "at": AT})
        with engine.connect() as connection:
            upgraded = _every_row(connection)
        assert len(upgraded["trainees"]) == 1
        assert {name: rows for name, rows in upgraded.items() if name in before} == before
        engine.dispose()
        config = alembic_config()
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
            connection.commit()
        with engine.connect() as connection:
            downgraded = _every_row(connection)
        assert downgraded == before
    finally:
        engine.dispose()
