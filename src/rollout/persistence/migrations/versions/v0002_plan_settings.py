"""Plan settings: each programme's rollout-plan options and overrides, versioned.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Adds one table and touches no existing one, so every row stored at 0001 stays as it was (see
tests/persistence/test_migrations.py). The index goes through ``batch_alter_table`` like every
other change, so the revision also runs on SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "plan_settings",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("programme_id", sa.String(length=32), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "programme_id"],
            ["programmes.organisation_id", "programmes.id"],
            name="fk_plan_settings_programme_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_plan_settings_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_settings")),
        sa.UniqueConstraint("programme_id", name=op.f("uq_plan_settings_programme_id")),
    )
    with op.batch_alter_table("plan_settings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_settings_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_settings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_settings_organisation_id"))
    op.drop_table("plan_settings")
