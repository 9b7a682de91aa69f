"""The database tables (SQLModel), separate from the pure domain models in :mod:`rollout.domain`.

Conventions:

* Primary keys of organisation data are random hex UUIDs, so an organisation exported from one
  database imports into another with the same ids, and ids leak nothing about other tenants.
* Every tenant table has ``organisation_id``. A child references its parent through a composite
  foreign key ``(organisation_id, parent_id)`` onto the parent's ``(organisation_id, id)``, so the
  database itself refuses a row that points into another organisation.
* Timestamps are UTC-aware (:class:`UTCDateTime`); calendar dates are plain dates.
* ``version`` columns implement optimistic locking (see the repositories).
* Audit events, submitted snapshots and gate decisions are append-only; the migration adds
  triggers that refuse UPDATE and DELETE on them.

Table families follow the Base / table / Public pattern where the UI needs a safe public shape
(users never expose their password hash).

Changing a table needs a migration in ``migrations/versions`` and a test that keeps existing data.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Dialect,
    ForeignKeyConstraint,
    Index,
    LargeBinary,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

ID_LENGTH = 32
EMAIL_LENGTH = 320
NAME_LENGTH = 200
SOURCE_LENGTH = 64  # a client address (IPv6 with a zone fits)


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite has no timezone type, so the value is stored there as naive UTC; PostgreSQL gets
    ``timestamp with time zone``. Naive datetimes are refused rather than guessed.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware (UTC)")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    # SQLAlchemy's TypeDecorator calls this with the dialect; reading needs no dialect check.
    def process_result_value(self, value: dt.datetime | None,
                             dialect: Dialect) -> dt.datetime | None:  # noqa: ARG002
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


# Named constraints, so later batch migrations on SQLite can find and drop them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}


def _parent(child: str, column: str, parent: str) -> ForeignKeyConstraint:
    """Composite foreign key onto ``parent``'s (organisation_id, id): same organisation only."""
    return ForeignKeyConstraint(
        ["organisation_id", column], [f"{parent}.organisation_id", f"{parent}.id"],
        name=f"fk_{child}_{column}_tenant",
    )


# --- organisations and accounts ----------------------------------------------------------------


class OrganisationBase(SQLModel):
    name: str = Field(max_length=NAME_LENGTH, unique=True)
    industry: str = Field(max_length=80)
    country: str = Field(max_length=2)
    size: str = Field(max_length=20)
    strategy_theme: str = Field(max_length=40)
    competitive_strategy: str = Field(max_length=40)
    customer_segments: list[str] = Field(default_factory=list, sa_type=JSON)
    customers: int | None = Field(default=None, sa_type=BigInteger)
    peak_revenue_share_pct: float | None = None


class OrganisationRow(OrganisationBase, table=True):
    __tablename__ = "organisations"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    version: int = 1
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class UserBase(SQLModel):
    email: str = Field(max_length=EMAIL_LENGTH, unique=True)
    display_name: str = Field(default="", max_length=NAME_LENGTH)


class UserRow(UserBase, table=True):
    __tablename__ = "users"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    # None: the account cannot log in with a password (e.g. imported, or single sign-on only).
    password_hash: str | None = Field(default=None, max_length=500)
    is_admin: bool = False
    is_active: bool = True
    # Bumped when the user is disabled or their password or role changes: sessions that carry an
    # older number end on their next page run.
    credentials_version: int = 1
    # None: not chosen; the account follows the server's default language and its usual digits.
    language: str | None = Field(default=None, max_length=2)
    digits: str | None = Field(default=None, max_length=10)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class MembershipRow(SQLModel, table=True):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    user_id: str = Field(foreign_key="users.id", max_length=ID_LENGTH, index=True)
    role: str = Field(max_length=20)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class LoginAttemptRow(SQLModel, table=True):
    """One login attempt, kept for throttling (by e-mail, known account or not)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_at", "email", "at"),
                      Index("ix_login_attempts_source_at", "source", "at"))

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=EMAIL_LENGTH)
    at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    succeeded: bool
    source: str | None = Field(default=None, max_length=SOURCE_LENGTH)  # client address


class WebSessionRow(SQLModel, table=True):
    """A browser sign-in that survives reloads and new tabs.

    Only SHA-256 hashes are stored: the one-time hand-off code the page trades for the cookie,
    and the cookie's token. A session ends when it expires, is revoked (sign-out, disabling) or
    its user's ``credentials_version`` moves past the one it was issued for.
    """

    __tablename__ = "web_sessions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    user_id: str = Field(foreign_key="users.id", max_length=ID_LENGTH, index=True)
    credentials_version: int
    handoff_hash: str | None = Field(default=None, max_length=64, unique=True)
    handoff_expires_at: dt.datetime = Field(sa_type=UTCDateTime)
    token_hash: str | None = Field(default=None, max_length=64, unique=True)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    expires_at: dt.datetime = Field(sa_type=UTCDateTime)
    revoked_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)


# --- export branding ----------------------------------------------------------------------------


class ExportBrandRow(SQLModel, table=True):
    """A consultancy's look for exported reports (firm name, logo, accent colour).

    Owned by the account that created it, not by an organisation: a consultant uses the same
    brand for every client, and no client (nor another consultant) can read it. Like
    ``users``, it is a global table; the owner is the scope of every query.
    """

    __tablename__ = "export_brands"
    __table_args__ = (UniqueConstraint("owner_user_id", "name"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    owner_user_id: str = Field(foreign_key="users.id", max_length=ID_LENGTH, index=True)
    name: str = Field(max_length=80)
    firm_name: str = Field(default="", max_length=NAME_LENGTH)
    accent_colour: str = Field(default="#1f4e79", max_length=7)
    logo: bytes | None = Field(default=None, sa_type=LargeBinary)
    logo_media_type: str | None = Field(default=None, max_length=20)
    version: int = 1
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


# --- programme ---------------------------------------------------------------------------------


class ProgrammeRow(SQLModel, table=True):
    __tablename__ = "programmes"
    __table_args__ = (
        UniqueConstraint("organisation_id", "id"),
        UniqueConstraint("organisation_id", "name"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    name: str = Field(max_length=NAME_LENGTH)
    target_system: str = Field(max_length=120)
    modules: list[str] = Field(default_factory=list, sa_type=JSON)
    start_date: dt.date
    target_go_live: dt.date
    approach: str = Field(max_length=40)
    users_total: int
    hypercare_weeks: int
    version: int = 1
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class BusinessUnitRow(SQLModel, table=True):
    __tablename__ = "business_units"
    __table_args__ = (
        _parent("business_units", "programme_id", "programmes"),
        UniqueConstraint("programme_id", "name"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    programme_id: str = Field(max_length=ID_LENGTH, index=True)
    position: int
    name: str = Field(max_length=NAME_LENGTH)
    users: int
    region: str = Field(max_length=80)
    country: str | None = Field(default=None, max_length=2)
    legacy_platforms: list[str] = Field(default_factory=list, sa_type=JSON)


class LegacyPlatformRow(SQLModel, table=True):
    __tablename__ = "legacy_platforms"
    __table_args__ = (
        _parent("legacy_platforms", "programme_id", "programmes"),
        UniqueConstraint("programme_id", "name"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    programme_id: str = Field(max_length=ID_LENGTH, index=True)
    position: int
    name: str = Field(max_length=NAME_LENGTH)
    kind: str = Field(max_length=80)
    records: int = Field(sa_type=BigInteger)
    data_quality: int
    integrations: list[str] = Field(default_factory=list, sa_type=JSON)
    entered_by_agents: bool


class PeakSeasonRow(SQLModel, table=True):
    __tablename__ = "peak_seasons"
    __table_args__ = (_parent("peak_seasons", "programme_id", "programmes"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    programme_id: str = Field(max_length=ID_LENGTH, index=True)
    position: int
    name: str = Field(max_length=NAME_LENGTH)
    preset: str | None = Field(default=None, max_length=80)
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    recurring: bool = False


class BlackoutRow(SQLModel, table=True):
    """A period when nothing may go live (a change freeze, an audit, a trade fair)."""

    __tablename__ = "blackouts"
    __table_args__ = (_parent("blackouts", "programme_id", "programmes"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    programme_id: str = Field(max_length=ID_LENGTH, index=True)
    position: int
    name: str = Field(max_length=NAME_LENGTH)
    start_date: dt.date
    end_date: dt.date
    reason: str = Field(default="", sa_type=Text)


class ConcurrentProjectRow(SQLModel, table=True):
    __tablename__ = "concurrent_projects"
    __table_args__ = (_parent("concurrent_projects", "programme_id", "programmes"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    programme_id: str = Field(max_length=ID_LENGTH, index=True)
    position: int
    name: str = Field(max_length=NAME_LENGTH)
    kind: str = Field(max_length=40)
    start_date: dt.date
    end_date: dt.date


class PlanSettingsRow(SQLModel, table=True):
    """A programme's rollout-plan settings: ``PlanOptions.model_dump(mode="json")``.

    The options hold the overrides with their reason and author; the programme's own blackouts
    stay with the programme. One row per programme, versioned like the programme itself.
    """

    __tablename__ = "plan_settings"
    __table_args__ = (
        _parent("plan_settings", "programme_id", "programmes"),
        UniqueConstraint("programme_id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    programme_id: str = Field(max_length=ID_LENGTH)  # the unique constraint indexes it
    options: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    version: int = 1
    updated_by: str = Field(max_length=EMAIL_LENGTH)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


# --- assessments, actions, decisions -----------------------------------------------------------


class AssessmentRow(SQLModel, table=True):
    """The editable draft of an assessment; each submission adds an immutable snapshot."""

    __tablename__ = "assessments"
    __table_args__ = (
        _parent("assessments", "programme_id", "programmes"),
        UniqueConstraint("organisation_id", "id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    programme_id: str = Field(max_length=ID_LENGTH, index=True)
    name: str = Field(max_length=NAME_LENGTH)
    # Question id -> answer; dates are stored as {"date": "YYYY-MM-DD"} (see mapping).
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    version: int = 1
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class AssessmentSnapshotRow(SQLModel, table=True):
    """A submitted assessment, frozen with the engine version and the report it produced."""

    __tablename__ = "assessment_snapshots"
    __table_args__ = (
        _parent("assessment_snapshots", "assessment_id", "assessments"),
        UniqueConstraint("organisation_id", "id"),
        UniqueConstraint("assessment_id", "sequence"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    assessment_id: str = Field(max_length=ID_LENGTH, index=True)
    sequence: int
    submitted_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    submitted_by: str = Field(max_length=EMAIL_LENGTH)
    engine_version: str = Field(max_length=40)
    report_date: dt.date
    readiness: int
    decision: str = Field(max_length=20)
    # The whole domain Assessment as submitted (organisation profile, programme, answers) ...
    assessment: dict[str, Any] = Field(sa_type=JSON)
    # ... and RiskReport.model_dump(mode="json") of what the engine said about it.
    report: dict[str, Any] = Field(sa_type=JSON)


class MitigationActionRow(SQLModel, table=True):
    __tablename__ = "mitigation_actions"
    __table_args__ = (
        _parent("mitigation_actions", "assessment_id", "assessments"),
        UniqueConstraint("organisation_id", "id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    assessment_id: str = Field(max_length=ID_LENGTH, index=True)
    factor: str | None = Field(default=None, max_length=80)
    title: str = Field(max_length=300)
    owner: str = Field(max_length=NAME_LENGTH)
    due_date: dt.date
    status: str = Field(max_length=20)
    notes: str = Field(default="", sa_type=Text)
    version: int = 1
    created_by: str = Field(max_length=EMAIL_LENGTH)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class GateDecisionRow(SQLModel, table=True):
    __tablename__ = "gate_decisions"
    __table_args__ = (
        _parent("gate_decisions", "assessment_id", "assessments"),
        _parent("gate_decisions", "snapshot_id", "assessment_snapshots"),
        UniqueConstraint("organisation_id", "id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    assessment_id: str = Field(max_length=ID_LENGTH, index=True)
    snapshot_id: str = Field(max_length=ID_LENGTH, index=True)
    gate: str = Field(max_length=80)
    decision: str = Field(max_length=20)
    conditions: list[str] = Field(default_factory=list, sa_type=JSON)
    note: str = Field(default="", sa_type=Text)
    decided_by: str = Field(max_length=EMAIL_LENGTH)
    decided_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    justification: str = Field(default="", sa_type=Text)
    overrides_engine: bool = False


# --- training and adoption (revision 0006) ----------------------------------------------------


class TrainingCourseRow(SQLModel, table=True):
    __tablename__ = "training_courses"
    __table_args__ = (UniqueConstraint("organisation_id", "id"),
                      UniqueConstraint("organisation_id", "code"))

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    code: str = Field(max_length=64)
    title: str = Field(max_length=NAME_LENGTH)
    duration_hours: float
    delivery_mode: str = Field(max_length=20)
    modules: list[str] = Field(default_factory=list, sa_type=JSON)
    required_roles: list[str] = Field(default_factory=list, sa_type=JSON)
    required_waves: list[str] = Field(default_factory=list, sa_type=JSON)
    super_user_track: bool = False
    version: int = 1
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class TraineeRow(SQLModel, table=True):
    """One person to train, from the roster; the employee id is the key HR files share."""

    __tablename__ = "trainees"
    __table_args__ = (UniqueConstraint("organisation_id", "id"),
                      UniqueConstraint("organisation_id", "employee_id"))

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    employee_id: str = Field(max_length=64)
    name: str = Field(max_length=NAME_LENGTH)
    email: str | None = Field(default=None, max_length=EMAIL_LENGTH)
    unit: str = Field(max_length=NAME_LENGTH)
    job_role: str = Field(max_length=NAME_LENGTH)
    language: str | None = Field(default=None, max_length=2)
    super_user: bool = False
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class TrainingSessionRow(SQLModel, table=True):
    __tablename__ = "training_sessions"
    __table_args__ = (_parent("training_sessions", "course_id", "training_courses"),
                      UniqueConstraint("organisation_id", "id"))

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    course_id: str = Field(max_length=ID_LENGTH, index=True)
    starts_at: dt.datetime = Field(sa_type=UTCDateTime)
    trainer: str = Field(max_length=NAME_LENGTH)
    capacity: int
    location: str = Field(default="", max_length=500)  # a room, or an online link
    version: int = 1
    created_by: str = Field(max_length=EMAIL_LENGTH)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class TrainingEnrolmentRow(SQLModel, table=True):
    __tablename__ = "training_enrolments"
    __table_args__ = (_parent("training_enrolments", "session_id", "training_sessions"),
                      _parent("training_enrolments", "trainee_id", "trainees"),
                      UniqueConstraint("session_id", "trainee_id"))

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    session_id: str = Field(max_length=ID_LENGTH, index=True)
    trainee_id: str = Field(max_length=ID_LENGTH, index=True)
    attended: bool | None = None  # None: not recorded yet


class TrainingCompletionRow(SQLModel, table=True):
    __tablename__ = "training_completions"
    __table_args__ = (_parent("training_completions", "trainee_id", "trainees"),
                      _parent("training_completions", "course_id", "training_courses"),
                      UniqueConstraint("trainee_id", "course_id", "completed_on"))

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    trainee_id: str = Field(max_length=ID_LENGTH, index=True)
    course_id: str = Field(max_length=ID_LENGTH, index=True)
    completed_on: dt.date
    passed: bool = True
    score: float | None = None
    source: str = Field(max_length=20)  # import, session or entry
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class TrainingExemptionRow(SQLModel, table=True):
    __tablename__ = "training_exemptions"
    __table_args__ = (_parent("training_exemptions", "trainee_id", "trainees"),
                      _parent("training_exemptions", "course_id", "training_courses"),
                      UniqueConstraint("trainee_id", "course_id"))

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    trainee_id: str = Field(max_length=ID_LENGTH, index=True)
    course_id: str = Field(max_length=ID_LENGTH, index=True)
    reason: str = Field(max_length=500)
    created_by: str = Field(max_length=EMAIL_LENGTH)
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class AdoptionWeekRow(SQLModel, table=True):
    """Weekly active CRM users of one unit after its go-live."""

    __tablename__ = "adoption_weeks"
    __table_args__ = (UniqueConstraint("organisation_id", "unit", "week_start"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    unit: str = Field(max_length=NAME_LENGTH)
    week_start: dt.date
    active_users: int
    created_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class ImportMappingRow(SQLModel, table=True):
    """The column mapping an organisation last used for a kind of import (field -> column)."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("organisation_id", "kind"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=ID_LENGTH)
    organisation_id: str = Field(foreign_key="organisations.id", max_length=ID_LENGTH, index=True)
    kind: str = Field(max_length=20)
    mapping: dict[str, str] = Field(default_factory=dict, sa_type=JSON)
    updated_by: str = Field(max_length=EMAIL_LENGTH)
    updated_at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


# --- audit -------------------------------------------------------------------------------------


class AuditEventRow(SQLModel, table=True):
    """One change, login, refused access or export. Rows are only ever inserted."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_organisation_at", "organisation_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: str | None = Field(
        default=None, foreign_key="organisations.id", max_length=ID_LENGTH)
    actor_user_id: str | None = Field(default=None, foreign_key="users.id", max_length=ID_LENGTH)
    actor: str = Field(max_length=EMAIL_LENGTH)  # e-mail, or "cli:<os user>" for the command line
    action: str = Field(max_length=80)
    object_type: str = Field(max_length=40)
    object_id: str | None = Field(default=None, max_length=64)
    outcome: str = Field(default="ok", max_length=20)
    at: dt.datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    # Came with an organisation import: ``actor`` is the author's text in the other database,
    # never an account here (revision 0003).
    imported: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


# Tables whose rows are never updated or deleted (the migration adds triggers that refuse it).
APPEND_ONLY_TABLES = ("audit_events", "assessment_snapshots", "gate_decisions")
