"""The use cases the UI and the CLI call.

Every function takes the database first and everything else keyword-only, including the acting
user (:class:`Actor`). Each one checks the permission matrix (:mod:`rollout.permissions`), writes
its audit event in the same transaction as its change, and raises only Rollout's errors:
:class:`~rollout.errors.NotFoundError` (also for another organisation's ids),
:class:`~rollout.errors.PermissionDenied`, :class:`~rollout.errors.ConflictError` (someone saved
first: reload), :class:`~rollout.errors.InputError`, :class:`~rollout.errors.AuthenticationError`
and :class:`~rollout.errors.StorageError`.

This package is the only door the UI uses (tests/test_architecture.py checks it): the records,
inputs and ``Database`` are re-exported here, and so is the stateless scoring the pages run on
data that is never stored (``assess``, ``parse_assessment``, ``compare_what_if``).
"""

from rollout.assessment_file import (
    assessment_from_data,
    parse_assessment,
    parse_assessment_bytes,
)
from rollout.exports import ExportFormat
from rollout.persistence.database import Database
from rollout.persistence.records import (
    ActionStatus,
    AssessmentRecord,
    AuditEventRecord,
    BrandRecord,
    GateDecisionInput,
    GateDecisionRecord,
    MemberRecord,
    MitigationActionInput,
    MitigationActionRecord,
    OrganisationRecord,
    PlanSettingsRecord,
    ProgrammeBlackout,
    ProgrammeRecord,
    SnapshotRecord,
    UserRecord,
)
from rollout.persistence.schema import open_database, upgrade_database
from rollout.risk.engine import CasePosition, assess, case_positions
from rollout.risk.score import NO_GO_FROM_FAILURE, go_bar
from rollout.risk.whatif import compare_what_if
from rollout.services import demo
from rollout.services.access import Actor
from rollout.services.accounts import (
    MIN_PASSWORD_LENGTH,
    actor_for_identity,
    authenticate,
    create_first_admin,
    create_user,
    find_user,
    list_users,
    needs_first_admin,
    resume_session,
    set_password,
    set_user_active,
)
from rollout.services.assessments import (
    create_assessment,
    export_report,
    get_assessment,
    get_snapshot,
    list_assessments,
    list_snapshots,
    save_draft_answers,
    submit_assessment,
)
from rollout.services.audit import list_audit_events
from rollout.services.case_library import Origin, causes_in, find_cases, system_types_in
from rollout.services.exports import (
    ExportFile,
    export_all_clients,
    export_file,
    list_brands,
    may_export,
    save_brand,
)
from rollout.services.gates import (
    MIN_JUSTIFICATION_CHARACTERS,
    list_gate_decisions,
    overrides_engine,
    record_gate_decision,
)
from rollout.services.mitigation import (
    add_mitigation_action,
    list_mitigation_actions,
    update_mitigation_action,
)
from rollout.services.organisations import (
    PortfolioSummary,
    add_member,
    change_member_role,
    create_organisation,
    find_organisation,
    get_organisation,
    list_members,
    list_organisations,
    list_organisations_with_roles,
    portfolio_summaries,
    remove_member,
    role_in,
    update_organisation,
)
from rollout.services.peak_check import describe_peak_timing
from rollout.services.plans import (
    ProgrammePlan,
    TargetMiss,
    describe_override,
    get_plan_settings,
    go_live_peak_clash,
    override_from,
    plan_blackouts,
    plan_options_from,
    plan_programme,
    save_plan_settings,
    target_miss,
    validate_override,
)
from rollout.services.programmes import (
    create_programme,
    get_programme,
    list_programmes,
    save_programme,
)
from rollout.services.sessions import (
    MAX_TOKEN_CHARACTERS,
    SESSION_COOKIE,
    check_web_session,
    claim_web_session,
    open_web_session,
    resume_web_session,
    revoke_web_session,
)
from rollout.services.transfer import (
    ImportResult,
    export_organisation,
    import_organisation,
    record_export,
)

__all__ = [
    "MAX_TOKEN_CHARACTERS",
    "MIN_JUSTIFICATION_CHARACTERS",
    "MIN_PASSWORD_LENGTH",
    "NO_GO_FROM_FAILURE",
    "SESSION_COOKIE",
    "ActionStatus",
    "Actor",
    "AssessmentRecord",
    "AuditEventRecord",
    "BrandRecord",
    "CasePosition",
    "Database",
    "ExportFile",
    "ExportFormat",
    "GateDecisionInput",
    "GateDecisionRecord",
    "ImportResult",
    "MemberRecord",
    "MitigationActionInput",
    "MitigationActionRecord",
    "OrganisationRecord",
    "Origin",
    "PlanSettingsRecord",
    "PortfolioSummary",
    "ProgrammeBlackout",
    "ProgrammePlan",
    "ProgrammeRecord",
    "SnapshotRecord",
    "TargetMiss",
    "UserRecord",
    "actor_for_identity",
    "add_member",
    "add_mitigation_action",
    "assess",
    "assessment_from_data",
    "authenticate",
    "case_positions",
    "causes_in",
    "change_member_role",
    "check_web_session",
    "claim_web_session",
    "compare_what_if",
    "create_assessment",
    "create_first_admin",
    "create_organisation",
    "create_programme",
    "create_user",
    "demo",
    "describe_override",
    "describe_peak_timing",
    "export_all_clients",
    "export_file",
    "export_organisation",
    "export_report",
    "find_cases",
    "find_organisation",
    "find_user",
    "get_assessment",
    "get_organisation",
    "get_plan_settings",
    "get_programme",
    "get_snapshot",
    "go_bar",
    "go_live_peak_clash",
    "import_organisation",
    "list_assessments",
    "list_audit_events",
    "list_brands",
    "list_gate_decisions",
    "list_members",
    "list_mitigation_actions",
    "list_organisations",
    "list_organisations_with_roles",
    "list_programmes",
    "list_snapshots",
    "list_users",
    "may_export",
    "needs_first_admin",
    "open_database",
    "open_web_session",
    "override_from",
    "overrides_engine",
    "parse_assessment",
    "parse_assessment_bytes",
    "plan_blackouts",
    "plan_options_from",
    "plan_programme",
    "portfolio_summaries",
    "record_export",
    "record_gate_decision",
    "remove_member",
    "resume_session",
    "resume_web_session",
    "revoke_web_session",
    "role_in",
    "save_brand",
    "save_draft_answers",
    "save_plan_settings",
    "save_programme",
    "set_password",
    "set_user_active",
    "submit_assessment",
    "system_types_in",
    "target_miss",
    "update_mitigation_action",
    "update_organisation",
    "upgrade_database",
    "validate_override",
]
