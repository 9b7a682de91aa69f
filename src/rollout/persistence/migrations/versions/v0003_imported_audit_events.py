"""Imported audit events, and the source of each login attempt.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

An imported event keeps its author as text and is no longer linked to an account of this
database, so a file cannot make anyone here the author of what it claims. The column is added
with a server default, so every row stored at 0002 stays as it was and reads as not imported
(see tests/persistence/test_migrations.py). A plain ADD COLUMN (not a batch table copy) keeps
the append-only triggers on SQLite.

Login attempts gain the client's source address (nullable: earlier attempts have none), so
throttling can count per source as well as per account, and a stranger's guesses from one
address no longer lock the owner out everywhere.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("audit_events", sa.Column("imported", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))
    op.add_column("login_attempts", sa.Column("source", sa.String(length=64), nullable=True))
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_source_at", ["source", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_source_at")
        batch_op.drop_column("source")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("imported")
