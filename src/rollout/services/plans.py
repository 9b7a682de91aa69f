"""Rollout-plan settings: the options and overrides each programme is planned with.

A plan is deterministic (see :mod:`rollout.domain.plan`), so storing its options is enough to
rebuild it. The options are stored per programme, versioned; every save is audited with the
options before and after, so every override, its reason and its author is in the audit log.
An override without a reason is refused; one without an author is stamped with the saving user's
e-mail. The programme's own blackouts stay with the programme (:func:`plan_blackouts` turns them
into planner blackouts).
"""

from __future__ import annotations

from typing import Any

from rollout.content.loader import Content
from rollout.domain.assessment import Assessment, Organisation
from rollout.domain.plan import (
    AddDependency,
    BlackoutKind,
    MoveUnit,
    Override,
    PinDate,
    PlanOptions,
    SetCapacity,
)
from rollout.domain.plan import Blackout as PlanBlackout
from rollout.errors import ConflictError, InputError, NotFoundError, map_validation
from rollout.permissions import Action, ObjectType
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import plan_options_value, plan_settings_record
from rollout.persistence.records import AssessmentRecord, PlanSettingsRecord, ProgrammeRecord
from rollout.persistence.tables import PlanSettingsRow
from rollout.services.access import Actor, use_case

SOURCE = "plan settings"


def get_plan_settings(
    db: Database, *, actor: Actor, organisation_id: str, programme_id: str
) -> PlanSettingsRecord | None:
    """The programme's saved plan settings; None if nobody saved any yet."""
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.PROGRAMME, Action.VIEW, object_id=programme_id)
        repo.get_programme_row(uc.session, organisation_id=organisation_id,
                               programme_id=programme_id)
        row = repo.get_plan_settings(uc.session, organisation_id=organisation_id,
                                     programme_id=programme_id)
        return plan_settings_record(row) if row is not None else None


def save_plan_settings(
    db: Database, *, actor: Actor, organisation_id: str, programme_id: str,
    options: PlanOptions, expected_version: int | None,
) -> PlanSettingsRecord:
    """Store the programme's plan options (audited as ``plan.settings_save``).

    ``expected_version`` None creates the settings, and is a ConflictError if someone saved some
    meanwhile; otherwise the settings are replaced if still at that version (else ConflictError:
    reload and apply the change again). An override without a reason is an InputError.
    """
    options = _checked(options, actor)
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.PROGRAMME, Action.EDIT, object_id=programme_id)
        repo.get_programme_row(uc.session, organisation_id=organisation_id,
                               programme_id=programme_id)
        # Two first saves at once: on PostgreSQL the second waits here, then finds the first's.
        repo.serialise(uc.session, key=f"plan_settings:{programme_id}")
        existing = repo.get_plan_settings(uc.session, organisation_id=organisation_id,
                                          programme_id=programme_id)
        before = plan_settings_record(existing) if existing is not None else None
        stored = plan_options_value(options)
        if expected_version is None:
            if existing is not None:
                raise ConflictError(
                    f"plan settings for this programme were saved meanwhile by "
                    f"{existing.updated_by} (version {existing.version}); reload the page and "
                    f"apply your change again")
            row = repo.add_plan_settings(uc.session, organisation_id=organisation_id,
                                         row=PlanSettingsRow(organisation_id=organisation_id,
                                                             programme_id=programme_id,
                                                             options=stored,
                                                             updated_by=actor.email))
        else:
            if existing is None:
                raise NotFoundError(f"no plan settings for programme {programme_id!r} in this "
                                    f"organisation; reload the page")
            row = repo.update_plan_settings(uc.session, organisation_id=organisation_id,
                                            settings_id=existing.id,
                                            expected_version=expected_version,
                                            values={"options": stored,
                                                    "updated_by": actor.email})
        record = plan_settings_record(row)
        uc.audit("plan.settings_save", organisation_id=organisation_id,
                 object_type=ObjectType.PROGRAMME, object_id=programme_id,
                 before=_audit_view(before) if before is not None else None,
                 after=_audit_view(record))
        return record


def plan_blackouts(record: ProgrammeRecord) -> list[PlanBlackout]:
    """The programme's stored blackouts (freezes, audits, trade fairs) as planner blackouts."""
    return [PlanBlackout(name=b.name, kind=BlackoutKind.FREEZE, start=b.start, end=b.end,
                         reason=b.reason)
            for b in record.blackouts]


def with_programme_blackouts(options: PlanOptions, record: ProgrammeRecord) -> PlanOptions:
    """``options`` plus the programme's own blackouts, which always apply."""
    own = plan_blackouts(record)
    extra = [b for b in options.blackouts if b not in own]
    return options.model_copy(update={"blackouts": [*own, *extra]})


def programme_assessment(
    organisation: Organisation, record: ProgrammeRecord, draft: AssessmentRecord | None,
    content: Content | None = None,
) -> Assessment:
    """What a programme is planned from: its organisation, the programme as set up now, and
    the newest draft's answers (none yet: every question unanswered). With ``content``, answers
    the question bank no longer accepts are left out (see ``usable_answers``), so a poisoned
    draft cannot make the engine fail."""
    answers: dict[str, Any] = dict(draft.answers) if draft else {}
    if content is not None:
        from rollout.services.assessments import usable_answers

        answers, _ = usable_answers(answers, content)
    return Assessment(name=draft.name if draft else record.name, organisation=organisation,
                      programme=record.programme, answers=answers)


def describe_override(override: Override) -> str:
    """A short description of an override for messages ("pin wave-1.go_live to 2026-11-02")."""
    if isinstance(override, PinDate):
        return f"pin {override.task} to {override.date.isoformat()}"
    if isinstance(override, MoveUnit):
        return f"move unit {override.unit!r} to {override.wave}"
    if isinstance(override, SetCapacity):
        parts = [f"{name.replace('_', ' ')} {value}" for name, value in (
            ("trainer_seats_per_week", override.trainer_seats_per_week),
            ("migration_tracks", override.migration_tracks)) if value is not None]
        return f"set capacity ({', '.join(parts) or 'unchanged'})"
    if isinstance(override, AddDependency):
        lag = f" + {override.lag_workdays} workdays" if override.lag_workdays else ""
        return f"make {override.task} wait for {override.after}{lag}"
    raise TypeError(override)  # pragma: no cover - the union is closed


def _checked(options: PlanOptions, actor: Actor) -> PlanOptions:
    """Re-validated options whose overrides all have a reason, and an author."""
    with map_validation(SOURCE):  # options built with model_copy(update=...) skipped validation
        options = PlanOptions.model_validate(options.model_dump())
    problems: list[tuple[str, str]] = []
    stamped: list[Override] = []
    for i, override in enumerate(options.overrides):
        reason = (override.reason or "").strip()
        if not reason:
            problems.append((f"overrides[{i}] ({describe_override(override)})",
                             "give a reason: an override without one is never accepted"))
            continue
        author = (override.author or "").strip() or actor.email
        stamped.append(override.model_copy(update={"reason": reason, "author": author}))
    if problems:
        raise InputError(SOURCE, problems)
    return options.model_copy(update={"overrides": stamped})


def _audit_view(record: PlanSettingsRecord) -> dict[str, Any]:
    return {"id": record.id, "version": record.version, "updated_by": record.updated_by,
            "options": plan_options_value(record.options)}
