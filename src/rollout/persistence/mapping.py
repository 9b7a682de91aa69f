"""The one place that converts between table rows and domain models / records.

Answers are JSON in the database; a date answer is stored as ``{"date": "YYYY-MM-DD"}`` so that it
reads back as a date and not as a string that merely looks like one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rollout import limits
from rollout.domain.assessment import (
    AnswerValue,
    Assessment,
    BusinessUnit,
    ConcurrentProject,
    LegacyPlatform,
    Organisation,
    PeakSeason,
    Programme,
    RolloutApproach,
)
from rollout.domain.plan import PlanOptions
from rollout.domain.report import Decision, RiskReport
from rollout.permissions import Role
from rollout.persistence.records import (
    ActionStatus,
    AssessmentRecord,
    AuditEventRecord,
    GateDecisionRecord,
    MemberRecord,
    MitigationActionRecord,
    OrganisationRecord,
    PlanSettingsRecord,
    ProgrammeBlackout,
    ProgrammeRecord,
    SnapshotRecord,
    UserRecord,
)
from rollout.persistence.tables import (
    AssessmentRow,
    AssessmentSnapshotRow,
    AuditEventRow,
    BlackoutRow,
    BusinessUnitRow,
    ConcurrentProjectRow,
    GateDecisionRow,
    LegacyPlatformRow,
    MembershipRow,
    MitigationActionRow,
    OrganisationRow,
    PeakSeasonRow,
    PlanSettingsRow,
    ProgrammeRow,
    UserRow,
)

_DATE_KEY = "date"

# --- answers -----------------------------------------------------------------------------------


def encode_answers(answers: dict[str, AnswerValue]) -> dict[str, Any]:
    return {qid: _encode_answer(value) for qid, value in answers.items()}


def decode_answers(stored: dict[str, Any]) -> dict[str, AnswerValue]:
    return {qid: _decode_answer(value) for qid, value in stored.items()}


def _encode_answer(value: AnswerValue) -> Any:
    if isinstance(value, dt.date):
        return {_DATE_KEY: value.isoformat()}
    if isinstance(value, list):
        return list(value)
    return value


def _decode_answer(value: Any) -> AnswerValue:
    if isinstance(value, dict) and set(value) == {_DATE_KEY}:
        return dt.date.fromisoformat(value[_DATE_KEY])
    answer: AnswerValue = value  # stored by encode_answers from a validated answer
    return answer


# --- organisations and users -------------------------------------------------------------------


def organisation_values(profile: Organisation) -> dict[str, Any]:
    """Column values of an organisation's profile (its name included)."""
    return {
        "name": profile.name,
        "industry": profile.industry,
        "country": profile.country,
        "size": profile.size.value,
        "strategy_theme": profile.strategy_theme.value,
        "competitive_strategy": profile.competitive_strategy.value,
        "customer_segments": [s.value for s in profile.customer_segments],
        "customers": profile.customers,
        "peak_revenue_share_pct": profile.peak_revenue_share_pct,
    }


def organisation_profile(row: OrganisationRow) -> Organisation:
    with limits.reading_stored():  # stored before today's input rules: still readable
        return _organisation_profile(row)


def _organisation_profile(row: OrganisationRow) -> Organisation:
    return Organisation.model_validate({
        "name": row.name,
        "industry": row.industry,
        "country": row.country,
        "size": row.size,
        "strategy_theme": row.strategy_theme,
        "competitive_strategy": row.competitive_strategy,
        "customer_segments": list(row.customer_segments),
        "customers": row.customers,
        "peak_revenue_share_pct": row.peak_revenue_share_pct,
    })


def organisation_record(row: OrganisationRow) -> OrganisationRecord:
    return OrganisationRecord(id=row.id, name=row.name, profile=organisation_profile(row),
                              version=row.version, created_at=row.created_at)


def user_record(row: UserRow) -> UserRecord:
    return UserRecord(id=row.id, email=row.email, display_name=row.display_name,
                      is_admin=row.is_admin, is_active=row.is_active,
                      has_password=row.password_hash is not None, created_at=row.created_at,
                      language=row.language, digits=row.digits)


def member_record(membership: MembershipRow, user: UserRow) -> MemberRecord:
    return MemberRecord(user_id=user.id, email=user.email, display_name=user.display_name,
                        role=Role(membership.role), is_active=user.is_active)


# --- programmes --------------------------------------------------------------------------------


@dataclass
class ProgrammeChildren:
    """The rows that make up a programme besides its own row, in their saved order."""

    business_units: list[BusinessUnitRow] = field(default_factory=list)
    legacy_platforms: list[LegacyPlatformRow] = field(default_factory=list)
    peak_seasons: list[PeakSeasonRow] = field(default_factory=list)
    blackouts: list[BlackoutRow] = field(default_factory=list)
    concurrent_projects: list[ConcurrentProjectRow] = field(default_factory=list)

    def all_rows(self) -> list[Any]:
        return [*self.business_units, *self.legacy_platforms, *self.peak_seasons,
                *self.blackouts, *self.concurrent_projects]


def programme_values(name: str, programme: Programme) -> dict[str, Any]:
    return {
        "name": name,
        "target_system": programme.target_system,
        "modules": list(programme.modules),
        "start_date": programme.start_date,
        "target_go_live": programme.target_go_live,
        "approach": programme.approach.value,
        "users_total": programme.users_total,
        "hypercare_weeks": programme.hypercare_weeks,
    }


def programme_children(
    programme: Programme, blackouts: list[ProgrammeBlackout] | tuple[ProgrammeBlackout, ...], *,
    organisation_id: str, programme_id: str,
) -> ProgrammeChildren:
    owner = {"organisation_id": organisation_id, "programme_id": programme_id}
    return ProgrammeChildren(
        business_units=[
            BusinessUnitRow(**owner, position=i, name=u.name, users=u.users, region=u.region,
                            country=u.country, legacy_platforms=list(u.legacy_platforms))
            for i, u in enumerate(programme.business_units)
        ],
        legacy_platforms=[
            LegacyPlatformRow(**owner, position=i, name=p.name, kind=p.kind, records=p.records,
                              data_quality=p.data_quality, integrations=list(p.integrations),
                              entered_by_agents=p.entered_by_agents)
            for i, p in enumerate(programme.legacy_platforms)
        ],
        peak_seasons=[
            PeakSeasonRow(**owner, position=i, name=s.name, preset=s.preset, start_date=s.start,
                          end_date=s.end, recurring=s.recurring)
            for i, s in enumerate(programme.peak_seasons)
        ],
        blackouts=[
            BlackoutRow(**owner, position=i, name=b.name, start_date=b.start, end_date=b.end,
                        reason=b.reason)
            for i, b in enumerate(blackouts)
        ],
        concurrent_projects=[
            ConcurrentProjectRow(**owner, position=i, name=c.name, kind=c.kind,
                                 start_date=c.start, end_date=c.end)
            for i, c in enumerate(programme.concurrent_projects)
        ],
    )


def programme_model(row: ProgrammeRow, children: ProgrammeChildren) -> Programme:
    with limits.reading_stored():  # stored before today's input rules: still readable
        return _programme_model(row, children)


def _programme_model(row: ProgrammeRow, children: ProgrammeChildren) -> Programme:
    def ordered(rows: list[Any]) -> list[Any]:
        return sorted(rows, key=lambda r: r.position)

    return Programme(
        target_system=row.target_system,
        modules=list(row.modules),
        start_date=row.start_date,
        target_go_live=row.target_go_live,
        approach=RolloutApproach(row.approach),
        users_total=row.users_total,
        hypercare_weeks=row.hypercare_weeks,
        business_units=[
            BusinessUnit(name=u.name, users=u.users, region=u.region, country=u.country,
                         legacy_platforms=list(u.legacy_platforms))
            for u in ordered(children.business_units)
        ],
        legacy_platforms=[
            LegacyPlatform(name=p.name, kind=p.kind, records=p.records,
                           data_quality=p.data_quality, integrations=list(p.integrations),
                           entered_by_agents=p.entered_by_agents)
            for p in ordered(children.legacy_platforms)
        ],
        peak_seasons=[
            PeakSeason(name=s.name, preset=s.preset, start=s.start_date, end=s.end_date,
                       recurring=s.recurring)
            for s in ordered(children.peak_seasons)
        ],
        concurrent_projects=[
            ConcurrentProject(name=c.name, kind=c.kind, start=c.start_date, end=c.end_date)
            for c in ordered(children.concurrent_projects)
        ],
    )


def programme_record(row: ProgrammeRow, children: ProgrammeChildren) -> ProgrammeRecord:
    blackouts = tuple(
        ProgrammeBlackout(name=b.name, start=b.start_date, end=b.end_date, reason=b.reason)
        for b in sorted(children.blackouts, key=lambda r: r.position)
    )
    return ProgrammeRecord(id=row.id, organisation_id=row.organisation_id, name=row.name,
                           programme=programme_model(row, children), blackouts=blackouts,
                           version=row.version, created_at=row.created_at,
                           updated_at=row.updated_at)


# --- plan settings -----------------------------------------------------------------------------


def plan_options_value(options: PlanOptions) -> dict[str, Any]:
    """The stored form of plan options (JSON: dates as ISO strings, enums as their values)."""
    return options.model_dump(mode="json")


def plan_settings_record(row: PlanSettingsRow) -> PlanSettingsRecord:
    return PlanSettingsRecord(
        id=row.id, organisation_id=row.organisation_id, programme_id=row.programme_id,
        options=PlanOptions.model_validate(row.options), version=row.version,
        updated_by=row.updated_by, created_at=row.created_at, updated_at=row.updated_at)


# --- assessments -------------------------------------------------------------------------------


def assessment_record(row: AssessmentRow) -> AssessmentRecord:
    return AssessmentRecord(id=row.id, organisation_id=row.organisation_id,
                            programme_id=row.programme_id, name=row.name,
                            answers=decode_answers(row.answers), version=row.version,
                            created_at=row.created_at, updated_at=row.updated_at)


def assessment_model(
    row: AssessmentRow, organisation: OrganisationRow, programme: Programme
) -> Assessment:
    """The domain assessment the engine scores: profile, programme and the draft's answers."""
    return Assessment(name=row.name, organisation=organisation_profile(organisation),
                      programme=programme, answers=decode_answers(row.answers))


def snapshot_values(assessment: Assessment, report: RiskReport) -> dict[str, Any]:
    data = assessment.model_dump(mode="json")
    data["answers"] = encode_answers(assessment.answers)
    return {
        "engine_version": report.engine_version,
        "report_date": report.at,
        "readiness": report.readiness,
        "decision": report.verdict.decision.value,
        "assessment": data,
        "report": report.model_dump(mode="json"),
    }


def snapshot_record(row: AssessmentSnapshotRow) -> SnapshotRecord:
    with limits.reading_stored():  # history shows as it was submitted
        return _snapshot_record(row)


def _snapshot_record(row: AssessmentSnapshotRow) -> SnapshotRecord:
    data = dict(row.assessment)
    data["answers"] = decode_answers(data.get("answers") or {})
    return SnapshotRecord(
        id=row.id, organisation_id=row.organisation_id, assessment_id=row.assessment_id,
        sequence=row.sequence, submitted_at=row.submitted_at, submitted_by=row.submitted_by,
        engine_version=row.engine_version, assessment=Assessment.model_validate(data),
        report=RiskReport.model_validate(row.report),
    )


# --- actions, decisions, audit -----------------------------------------------------------------


def action_record(row: MitigationActionRow) -> MitigationActionRecord:
    return MitigationActionRecord(
        id=row.id, organisation_id=row.organisation_id, assessment_id=row.assessment_id,
        title=row.title, owner=row.owner, due_date=row.due_date, status=ActionStatus(row.status),
        factor=row.factor, notes=row.notes, version=row.version, created_by=row.created_by,
        created_at=row.created_at, updated_at=row.updated_at,
    )


def decision_record(row: GateDecisionRow) -> GateDecisionRecord:
    return GateDecisionRecord(
        id=row.id, organisation_id=row.organisation_id, assessment_id=row.assessment_id,
        snapshot_id=row.snapshot_id, gate=row.gate, decision=Decision(row.decision),
        conditions=tuple(row.conditions), note=row.note, decided_by=row.decided_by,
        decided_at=row.decided_at, justification=row.justification,
        overrides_engine=row.overrides_engine,
    )


def audit_record(row: AuditEventRow) -> AuditEventRecord:
    assert row.id is not None
    return AuditEventRecord(
        id=row.id, organisation_id=row.organisation_id, actor=row.actor, action=row.action,
        object_type=row.object_type, object_id=row.object_id, outcome=row.outcome, at=row.at,
        before=row.before, after=row.after, imported=bool(row.imported),
    )
