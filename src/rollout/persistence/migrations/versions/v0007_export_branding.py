"""Export branding: a consultancy's firm name, logo and accent colour for exported reports.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28

Adds one global table, ``export_brands``, owned by an account (like ``users``, it holds no
organisation's data), and touches no existing one, so every stored row stays as it was. The
revision is self-contained: when another revision lands first, only ``down_revision`` changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "export_brands",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("owner_user_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("firm_name", sa.String(length=200), nullable=False),
        sa.Column("accent_colour", sa.String(length=7), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_media_type", sa.String(length=20), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["owner_user_id"], ["users.id"],
                                name=op.f("fk_export_brands_owner_user_id")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_brands")),
        sa.UniqueConstraint("owner_user_id", "name",
                            name=op.f("uq_export_brands_owner_user_id_name")),
    )
    with op.batch_alter_table("export_brands", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_brands_owner_user_id"), ["owner_user_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("export_brands", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_brands_owner_user_id"))
    op.drop_table("export_brands")
