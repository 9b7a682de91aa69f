"""Imported audit events: a flag on events that came with an organisation import.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27

An imported event keeps its author as text and is no longer linked to an account of this
database, so a file cannot make anyone here the author of what it claims. The column is added
with a server default, so every row stored at 0002 stays as it was and reads as not imported
(see tests/persistence/test_migrations.py). A plain ADD COLUMN (not a batch table copy) keeps
the append-only triggers on SQLite.
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


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_column("imported")
