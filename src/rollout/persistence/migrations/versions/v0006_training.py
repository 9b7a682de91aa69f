"""Training and adoption: courses, trainees, sessions, enrolments, completions, exemptions,
weekly active users per unit, and the column mapping each organisation last imported with.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28

Adds tables and touches no existing one, so every row stored at 0005 stays as it was (see
tests/persistence/test_migrations.py). Children reference their parents through composite
(organisation_id, id) keys, so a row cannot point into another organisation.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "adoption_weeks",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("week_start", sa.Date(), nullable=False),
        sa.Column("active_users", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_adoption_weeks_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adoption_weeks")),
        sa.UniqueConstraint(
            "organisation_id",
            "unit",
            "week_start",
            name=op.f("uq_adoption_weeks_organisation_id_unit_week_start"),
        ),
    )
    with op.batch_alter_table("adoption_weeks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_adoption_weeks_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "import_mappings",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_by", sa.String(length=320), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_import_mappings_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
        sa.UniqueConstraint("organisation_id", "kind", name=op.f("uq_import_mappings_organisation_id_kind")),
    )
    with op.batch_alter_table("import_mappings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_mappings_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "trainees",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("employee_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("job_role", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("super_user", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_trainees_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trainees")),
        sa.UniqueConstraint(
            "organisation_id", "employee_id", name=op.f("uq_trainees_organisation_id_employee_id")
        ),
        sa.UniqueConstraint("organisation_id", "id", name=op.f("uq_trainees_organisation_id_id")),
    )
    with op.batch_alter_table("trainees", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trainees_organisation_id"), ["organisation_id"], unique=False)

    op.create_table(
        "training_courses",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("duration_hours", sa.Float(), nullable=False),
        sa.Column("delivery_mode", sa.String(length=20), nullable=False),
        sa.Column("modules", sa.JSON(), nullable=False),
        sa.Column("required_roles", sa.JSON(), nullable=False),
        sa.Column("required_waves", sa.JSON(), nullable=False),
        sa.Column("super_user_track", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_training_courses_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_courses")),
        sa.UniqueConstraint("organisation_id", "code", name=op.f("uq_training_courses_organisation_id_code")),
        sa.UniqueConstraint("organisation_id", "id", name=op.f("uq_training_courses_organisation_id_id")),
    )
    with op.batch_alter_table("training_courses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_courses_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "training_completions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("trainee_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "course_id"],
            ["training_courses.organisation_id", "training_courses.id"],
            name="fk_training_completions_course_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "trainee_id"],
            ["trainees.organisation_id", "trainees.id"],
            name="fk_training_completions_trainee_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_training_completions_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_completions")),
        sa.UniqueConstraint(
            "trainee_id",
            "course_id",
            "completed_on",
            name=op.f("uq_training_completions_trainee_id_course_id_completed_on"),
        ),
    )
    with op.batch_alter_table("training_completions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_completions_course_id"), ["course_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_training_completions_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_training_completions_trainee_id"), ["trainee_id"], unique=False)

    op.create_table(
        "training_exemptions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("trainee_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "course_id"],
            ["training_courses.organisation_id", "training_courses.id"],
            name="fk_training_exemptions_course_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "trainee_id"],
            ["trainees.organisation_id", "trainees.id"],
            name="fk_training_exemptions_trainee_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_training_exemptions_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_exemptions")),
        sa.UniqueConstraint(
            "trainee_id", "course_id", name=op.f("uq_training_exemptions_trainee_id_course_id")
        ),
    )
    with op.batch_alter_table("training_exemptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_exemptions_course_id"), ["course_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_training_exemptions_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_training_exemptions_trainee_id"), ["trainee_id"], unique=False)

    op.create_table(
        "training_sessions",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("course_id", sa.String(length=32), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("trainer", sa.String(length=200), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=320), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id", "course_id"],
            ["training_courses.organisation_id", "training_courses.id"],
            name="fk_training_sessions_course_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_training_sessions_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
        sa.UniqueConstraint("organisation_id", "id", name=op.f("uq_training_sessions_organisation_id_id")),
    )
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_sessions_course_id"), ["course_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_training_sessions_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "training_enrolments",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column("trainee_id", sa.String(length=32), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id", "session_id"],
            ["training_sessions.organisation_id", "training_sessions.id"],
            name="fk_training_enrolments_session_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id", "trainee_id"],
            ["trainees.organisation_id", "trainees.id"],
            name="fk_training_enrolments_trainee_id_tenant",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_training_enrolments_organisation_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_enrolments")),
        sa.UniqueConstraint(
            "session_id", "trainee_id", name=op.f("uq_training_enrolments_session_id_trainee_id")
        ),
    )
    with op.batch_alter_table("training_enrolments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_enrolments_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_training_enrolments_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_training_enrolments_trainee_id"), ["trainee_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("training_enrolments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_enrolments_trainee_id"))
        batch_op.drop_index(batch_op.f("ix_training_enrolments_session_id"))
        batch_op.drop_index(batch_op.f("ix_training_enrolments_organisation_id"))

    op.drop_table("training_enrolments")
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_sessions_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_training_sessions_course_id"))

    op.drop_table("training_sessions")
    with op.batch_alter_table("training_exemptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_exemptions_trainee_id"))
        batch_op.drop_index(batch_op.f("ix_training_exemptions_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_training_exemptions_course_id"))

    op.drop_table("training_exemptions")
    with op.batch_alter_table("training_completions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_completions_trainee_id"))
        batch_op.drop_index(batch_op.f("ix_training_completions_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_training_completions_course_id"))

    op.drop_table("training_completions")
    with op.batch_alter_table("training_courses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_courses_organisation_id"))

    op.drop_table("training_courses")
    with op.batch_alter_table("trainees", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trainees_organisation_id"))

    op.drop_table("trainees")
    with op.batch_alter_table("import_mappings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_mappings_organisation_id"))

    op.drop_table("import_mappings")
    with op.batch_alter_table("adoption_weeks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_adoption_weeks_organisation_id"))

    op.drop_table("adoption_weeks")
