"""Browser sessions that survive reloads; sign-offs that record an override of the engine.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

Adds the ``web_sessions`` table and two columns with defaults to ``gate_decisions``; every row
stored at 0003 stays as it was. The columns are added with a plain ALTER TABLE ... ADD COLUMN
(SQLite supports it) instead of a batch copy, because a batch copy of ``gate_decisions`` would
drop its append-only triggers.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("credentials_version", sa.Integer(), nullable=False),
        sa.Column("handoff_hash", sa.String(length=64), nullable=True),
        sa.Column("handoff_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_web_sessions_user_id")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("handoff_hash", name=op.f("uq_web_sessions_handoff_hash")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_user_id"), ["user_id"], unique=False)
    op.add_column("gate_decisions", sa.Column("justification", sa.Text(), nullable=False,
                                              server_default=""))
    op.add_column("gate_decisions", sa.Column("overrides_engine", sa.Boolean(), nullable=False,
                                              server_default=sa.false()))


def downgrade() -> None:
    # Dropping columns needs a batch copy on SQLite, which drops the append-only triggers:
    # put them back afterwards.
    from rollout.persistence.migrations.versions.v0001_initial_schema import (
        create_append_only_triggers,
        drop_append_only_triggers,
    )

    drop_append_only_triggers("gate_decisions")
    with op.batch_alter_table("gate_decisions", schema=None) as batch_op:
        batch_op.drop_column("overrides_engine")
        batch_op.drop_column("justification")
    create_append_only_triggers("gate_decisions")
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_user_id"))
    op.drop_table("web_sessions")
