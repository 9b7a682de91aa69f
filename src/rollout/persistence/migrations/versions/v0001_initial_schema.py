"""Initial schema: organisations, accounts, programme, assessments, actions, decisions, audit.

Revision ID: 0001
Revises:
Create Date: 2026-01-01

Audit events, submitted snapshots and gate decisions are append-only: triggers refuse UPDATE and
DELETE on them. A later batch migration that copies one of these tables on SQLite drops its
triggers with it, so it must call ``create_append_only_triggers`` again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

APPEND_ONLY_TABLES = ("audit_events", "assessment_snapshots", "gate_decisions")


def create_append_only_triggers(table: str) -> None:
    dialect = op.get_bind().dialect.name
    message = f"{table} rows are append-only: they can be inserted, never updated or deleted"
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()"
        )
        # TRUNCATE bypasses row triggers; refuse it too.
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )


def drop_append_only_triggers(table: str) -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
    elif dialect == "postgresql":
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute(f"DROP FUNCTION IF EXISTS {table}_append_only()")


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_email_at", ["email", "at"], unique=False)

    op.create_table(
        "organisations",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("industry", sa.String(length=80), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("size", sa.String(length=20), nullable=False),
        sa.Column("strategy_theme", sa.String(length=40), nullable=False),
        sa.Column("competitive_strategy", sa.String(length=40), nullable=False),
        sa.Column("customer_segments", sa.JSON(), nullable=False),
        sa.Column("customers", sa.BigInteger(), nullable=True),
        sa.Column("peak_revenue_share_pct", sa.Float(), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("name", name=op.f("uq_organisations_name")),
    )
    op.create_table(
        "users",
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("password_hash", sa.String(length=500), nullable=True),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("credentials_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=True),
        sa.Column("actor_user_id", sa.String(length=32), nullable=True),
        sa.Column("actor", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=80), nullable=False),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("object_id", sa.String(length=64), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["actor_user_id"], ["users.id"], name=op.f("fk_audit_events_actor_user_id")),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_audit_events_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index("ix_audit_events_organisation_at", ["organisation_id", "at"], unique=False)

    op.create_table(
        "memberships",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_memberships_organisation_id")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_memberships_user_id")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint(
            "organisation_id", "user_id", name=op.f("uq_memberships_organisation_id_user_id")
        ),
    )
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_memberships_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_memberships_user_id"), ["user_id"], unique=False)

    op.create_table(
        "programmes",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("target_system", sa.String(length=120), nullable=False),
        sa.Column("modules", sa.JSON(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("target_go_live", sa.Date(), nullable=False),
        sa.Column("approach", sa.String(length=40), nullable=False),
        sa.Column("users_total", sa.Integer(), nullable=False),
        sa.Column("hypercare_weeks", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_programmes_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
        sa.UniqueConstraint("organisation_id", "id", name=op.f("uq_programmes_organisation_id_id")),
        sa.UniqueConstraint("organisation_id", "name", name=op.f("uq_programmes_organisation_id_name")),
    )
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programmes_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "assessments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "programme_id"],
            ["programmes.organisation_id", "programmes.id"],
            name="fk_assessments_programme_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_assessments_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sa.UniqueConstraint("organisation_id", "id", name=op.f("uq_assessments_organisation_id_id")),
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessments_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessments_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "blackouts",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "programme_id"],
            ["programmes.organisation_id", "programmes.id"],
            name="fk_blackouts_programme_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_blackouts_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_blackouts")),
    )
    with op.batch_alter_table("blackouts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blackouts_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_blackouts_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "business_units",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("users", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=80), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("legacy_platforms", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "programme_id"],
            ["programmes.organisation_id", "programmes.id"],
            name="fk_business_units_programme_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_business_units_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_business_units")),
        sa.UniqueConstraint("programme_id", "name", name=op.f("uq_business_units_programme_id_name")),
    )
    with op.batch_alter_table("business_units", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_business_units_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_business_units_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "concurrent_projects",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "programme_id"],
            ["programmes.organisation_id", "programmes.id"],
            name="fk_concurrent_projects_programme_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_concurrent_projects_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_concurrent_projects")),
    )
    with op.batch_alter_table("concurrent_projects", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_concurrent_projects_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_concurrent_projects_programme_id"), ["programme_id"], unique=False
        )

    op.create_table(
        "legacy_platforms",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=80), nullable=False),
        sa.Column("records", sa.BigInteger(), nullable=False),
        sa.Column("data_quality", sa.Integer(), nullable=False),
        sa.Column("integrations", sa.JSON(), nullable=False),
        sa.Column("entered_by_agents", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "programme_id"],
            ["programmes.organisation_id", "programmes.id"],
            name="fk_legacy_platforms_programme_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_legacy_platforms_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legacy_platforms")),
        sa.UniqueConstraint("programme_id", "name", name=op.f("uq_legacy_platforms_programme_id_name")),
    )
    with op.batch_alter_table("legacy_platforms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legacy_platforms_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_legacy_platforms_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "peak_seasons",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("preset", sa.String(length=80), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("recurring", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "programme_id"],
            ["programmes.organisation_id", "programmes.id"],
            name="fk_peak_seasons_programme_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_peak_seasons_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peak_seasons")),
    )
    with op.batch_alter_table("peak_seasons", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_peak_seasons_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_peak_seasons_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "assessment_snapshots",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("assessment_id", sa.String(length=32), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(length=320), nullable=False),
        sa.Column("engine_version", sa.String(length=40), nullable=False),
        sa.Column("report_date", sa.Date(), nullable=False),
        sa.Column("readiness", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("assessment", sa.JSON(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "assessment_id"],
            ["assessments.organisation_id", "assessments.id"],
            name="fk_assessment_snapshots_assessment_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_assessment_snapshots_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_snapshots")),
        sa.UniqueConstraint(
            "assessment_id", "sequence", name=op.f("uq_assessment_snapshots_assessment_id_sequence")
        ),
        sa.UniqueConstraint("organisation_id", "id", name=op.f("uq_assessment_snapshots_organisation_id_id")),
    )
    with op.batch_alter_table("assessment_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_snapshots_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_snapshots_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "mitigation_actions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("assessment_id", sa.String(length=32), nullable=False),
        sa.Column("factor", sa.String(length=80), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "assessment_id"],
            ["assessments.organisation_id", "assessments.id"],
            name="fk_mitigation_actions_assessment_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_mitigation_actions_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mitigation_actions")),
        sa.UniqueConstraint("organisation_id", "id", name=op.f("uq_mitigation_actions_organisation_id_id")),
    )
    with op.batch_alter_table("mitigation_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mitigation_actions_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mitigation_actions_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "gate_decisions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("assessment_id", sa.String(length=32), nullable=False),
        sa.Column("snapshot_id", sa.String(length=32), nullable=False),
        sa.Column("gate", sa.String(length=80), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=320), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "assessment_id"],
            ["assessments.organisation_id", "assessments.id"],
            name="fk_gate_decisions_assessment_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "snapshot_id"],
            ["assessment_snapshots.organisation_id", "assessment_snapshots.id"],
            name="fk_gate_decisions_snapshot_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_gate_decisions_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_gate_decisions")),
        sa.UniqueConstraint("organisation_id", "id", name=op.f("uq_gate_decisions_organisation_id_id")),
    )
    with op.batch_alter_table("gate_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_gate_decisions_assessment_id"), ["assessment_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_gate_decisions_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_gate_decisions_snapshot_id"), ["snapshot_id"], unique=False)

    for table in APPEND_ONLY_TABLES:
        create_append_only_triggers(table)


def downgrade() -> None:
    for table in APPEND_ONLY_TABLES:
        drop_append_only_triggers(table)
    with op.batch_alter_table("gate_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_gate_decisions_snapshot_id"))
        batch_op.drop_index(batch_op.f("ix_gate_decisions_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_gate_decisions_assessment_id"))

    op.drop_table("gate_decisions")
    with op.batch_alter_table("mitigation_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mitigation_actions_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_mitigation_actions_assessment_id"))

    op.drop_table("mitigation_actions")
    with op.batch_alter_table("assessment_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_snapshots_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_snapshots_assessment_id"))

    op.drop_table("assessment_snapshots")
    with op.batch_alter_table("peak_seasons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_peak_seasons_programme_id"))
        batch_op.drop_index(batch_op.f("ix_peak_seasons_organisation_id"))

    op.drop_table("peak_seasons")
    with op.batch_alter_table("legacy_platforms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legacy_platforms_programme_id"))
        batch_op.drop_index(batch_op.f("ix_legacy_platforms_organisation_id"))

    op.drop_table("legacy_platforms")
    with op.batch_alter_table("concurrent_projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_concurrent_projects_programme_id"))
        batch_op.drop_index(batch_op.f("ix_concurrent_projects_organisation_id"))

    op.drop_table("concurrent_projects")
    with op.batch_alter_table("business_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_business_units_programme_id"))
        batch_op.drop_index(batch_op.f("ix_business_units_organisation_id"))

    op.drop_table("business_units")
    with op.batch_alter_table("blackouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blackouts_programme_id"))
        batch_op.drop_index(batch_op.f("ix_blackouts_organisation_id"))

    op.drop_table("blackouts")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessments_programme_id"))
        batch_op.drop_index(batch_op.f("ix_assessments_organisation_id"))

    op.drop_table("assessments")
    with op.batch_alter_table("programmes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programmes_organisation_id"))

    op.drop_table("programmes")
    with op.batch_alter_table("memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_memberships_user_id"))
        batch_op.drop_index(batch_op.f("ix_memberships_organisation_id"))

    op.drop_table("memberships")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_organisation_at")

    op.drop_table("audit_events")
    op.drop_table("users")
    op.drop_table("organisations")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_email_at")

    op.drop_table("login_attempts")
