"""Each account chooses its language and digits.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28

Adds two nullable columns to ``users``: ``language`` (``en`` or ``fa``) and ``digits``
(``latin`` or ``persian``). NULL means "not chosen": the account follows the server's default
language (``ROLLOUT_LANGUAGE`` or the system locale) and that language's usual digits, so every
account stored at 0004 keeps seeing what it saw before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("language", sa.String(length=2), nullable=True))
    op.add_column("users", sa.Column("digits", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("digits")
        batch_op.drop_column("language")
