"""Rollout-plan settings: the options and overrides each programme is planned with.

A plan is deterministic (see :mod:`rollout.domain.plan`), so storing its options is enough to
rebuild it. The options are stored per programme, versioned; every save is audited with the
options before and after, so every override, its reason and its author is in the audit log.
An override without a reason is refused; one without an author is stamped with the saving user's
e-mail. The programme's own blackouts stay with the programme (:func:`plan_blackouts` turns them
into planner blackouts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from rollout.content.loader import Content
from rollout.content.schema import PeakPreset, peak_season_name
from rollout.domain.assessment import Assessment, Organisation, Programme
from rollout.domain.plan import (
    AddDependency,
    BlackoutKind,
    MoveUnit,
    Note,
    Override,
    PinDate,
    Plan,
    PlanOptions,
    Scenario,
    ScenarioResult,
    SetCapacity,
    default_buffer_weeks,
)
from rollout.domain.plan import Blackout as PlanBlackout
from rollout.domain.plan_text import note_message
from rollout.domain.report import RiskReport
from rollout.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PlanningError,
    check_message,
    map_validation,
)
from rollout.i18n import Language, translator
from rollout.i18n.display import show_date, show_number
from rollout.i18n.numbers import Digits
from rollout.permissions import Action, ObjectType, allows
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.mapping import (
    assessment_record,
    organisation_record,
    plan_options_value,
    plan_settings_record,
    programme_record,
)
from rollout.persistence.records import AssessmentRecord, PlanSettingsRecord, ProgrammeRecord
from rollout.persistence.tables import PlanSettingsRow
from rollout.risk.engine import assess
from rollout.schedule.planner import applied_buffer_weeks
from rollout.schedule.scenarios import plan_scenarios
from rollout.seasons import expand_peak_seasons
from rollout.services.access import Actor, use_case
from rollout.services.training import (
    TrainingOverview,
    overview_from,
    stored_training,
    training_status_of,
)
from rollout.training.deadlines import wave_deadlines

SOURCE = "plan settings"
_OVERRIDE: TypeAdapter[Override] = TypeAdapter(Override)


@dataclass(frozen=True)
class ProgrammePlan:
    """Everything the plan page shows for one programme, read and planned in one call."""

    programme: ProgrammeRecord
    settings: PlanSettingsRecord | None
    assessment: Assessment  # the programme as set up now, with the newest draft's answers
    report: RiskReport  # the live score of that draft (the dashboard shows submitted snapshots)
    options: PlanOptions  # the options planned with, the programme's own blackouts included
    plan: Plan
    scenarios: list[ScenarioResult]
    not_compared: list[tuple[Scenario, str]]
    buffer_weeks: int  # the buffer before each peak season this plan applies
    default_buffer_weeks: int  # what it applies when the options set none
    # Real training figures against each wave's gate, when the organisation has a roster (else
    # None: the plan sizes training from seats per week alone).
    training: TrainingOverview | None = None


def plan_programme(
    db: Database, *, actor: Actor, organisation_id: str, programme_id: str, content: Content,
    options: PlanOptions | None = None, compare: bool = True, with_training: bool = True,
    today: dt.date | None = None,
) -> ProgrammePlan:
    """Score the programme's newest draft and plan it with ``options`` (None: the stored plan
    settings, else the defaults), plus the other scenarios side by side unless ``compare`` is
    False. The reads run in one transaction; planning runs after it. A PlanningError when the
    options cannot be planned (an override naming a task the plan no longer has)."""
    with use_case(db, actor, write=False) as uc:
        role = uc.authorise(organisation_id, ObjectType.PROGRAMME, Action.VIEW,
                            object_id=programme_id)
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.VIEW)
        organisation = organisation_record(repo.get_organisation(
            uc.session, organisation_id=organisation_id))
        stored = (stored_training(uc.session, organisation_id)
                  if with_training and allows(role, ObjectType.TRAINING, Action.VIEW) else None)
        record = programme_record(*repo.get_programme(
            uc.session, organisation_id=organisation_id, programme_id=programme_id))
        drafts = [assessment_record(r) for r in repo.list_assessments(
            uc.session, organisation_id=organisation_id, programme_id=programme_id)]
        row = repo.get_plan_settings(uc.session, organisation_id=organisation_id,
                                     programme_id=programme_id)
        settings = plan_settings_record(row) if row is not None else None
    draft = max(drafts, key=lambda a: a.created_at) if drafts else None
    assessment = programme_assessment(organisation.profile, record, draft, content)
    report = assess(assessment, content)
    chosen = options if options is not None else (settings.options if settings else PlanOptions())
    planned_with = with_programme_blackouts(chosen, record)
    planned = plan_scenarios(assessment, content, planned_with, report, compare=compare)
    training = overview_from(
        stored, wave_deadlines(planned.plan), programme_id=programme_id,
        today=today or dt.date.today(), threshold_pct=planned_with.training_completion_pct,
    ) if stored is not None else None
    status = training_status_of(training) if training is not None else None
    if status is not None:  # the trainer's figures change the executive's risk (issue 14)
        assessment = assessment.model_copy(update={"training": status})
        report = assess(assessment, content, at=today or dt.date.today())
    return ProgrammePlan(
        programme=record, settings=settings, assessment=assessment, report=report,
        options=planned_with, plan=planned.plan, scenarios=planned.results,
        not_compared=planned.not_compared,
        buffer_weeks=applied_buffer_weeks(record.programme, report, planned_with),
        default_buffer_weeks=applied_buffer_weeks(
            record.programme, report, planned_with.model_copy(update={"buffer_weeks": None})),
        training=training)


def plan_options_from(data: Mapping[str, Any]) -> PlanOptions:
    """Plan options from a form's plain values; an InputError naming each bad field."""
    with map_validation(SOURCE):
        return PlanOptions.model_validate(dict(data))


# Notes that explain why a go-live is later than planned work alone would put it, most telling first.
_DELAY_CODES = ("blackout_shift", "dependency_wait", "capacity_wait", "override_applied",
                "target_date")
TOP_REASONS = 3


@dataclass(frozen=True)
class TargetMiss:
    """The first go-live is later than the programme's target: by how much, and why."""

    target: dt.date
    first_go_live: dt.date
    days_late: int
    reasons: list[Note]  # the plan's notes that moved work before the first go-live, largest first

    def describe_delay(self, lang: Language = Language.EN, *, digits: Digits = "latin") -> str:
        """The delay in weeks and days, in ``lang`` ("2 weeks 3 days")."""
        t = translator(lang)
        weeks, days = divmod(self.days_late, 7)
        day_part = t.ngettext("{count} day", "{count} days", days,
                              count=show_number(days, lang, digits=digits))
        if weeks == 0:
            return day_part
        week_part = t.ngettext("{count} week", "{count} weeks", weeks,
                               count=show_number(weeks, lang, digits=digits))
        if not days:
            return week_part
        return t.gettext("{weeks} {days}", weeks=week_part, days=day_part)

    def reason_messages(self, lang: Language = Language.EN,
                        presets: Mapping[str, PeakPreset] | None = None) -> list[tuple[str, str]]:
        """Each reason as (its stable note code, its message in ``lang``); a preset peak
        season is named in ``lang`` when ``presets`` are given."""
        known = list((presets or {}).values())
        return [(note.code, note_message(note, lang,
                                         lambda name: peak_season_name(known, name, lang.value)))
                for note in self.reasons]


def target_miss(plan: Plan) -> TargetMiss | None:
    """None when the first go-live meets the target; else the miss with its top reasons: the
    notes (by their stable codes) that moved a task on the way to the first go-live, the longest
    shift first, one per code and window."""
    if not plan.go_lives:
        return None
    first = min(plan.go_lives)
    if first <= plan.target_go_live:
        return None
    shifts = [n for n in plan.notes if n.code in _DELAY_CODES and n.from_date and n.to_date
              and n.to_date > n.from_date and n.to_date <= first]
    shifts.sort(key=lambda n: (-(n.to_date - n.from_date).days if n.to_date and n.from_date
                               else 0, n.code, n.task or ""))
    reasons: list[Note] = []
    seen: set[tuple[str, str | None]] = set()
    for note in shifts:
        if (note.code, note.window) not in seen:
            seen.add((note.code, note.window))
            reasons.append(note)
    return TargetMiss(target=plan.target_go_live, first_go_live=first,
                      days_late=(first - plan.target_go_live).days, reasons=reasons[:TOP_REASONS])


def go_live_peak_clash(programme: Programme, presets: Mapping[str, PeakPreset], *,
                       lang: Language = Language.EN, digits: Digits = "latin") -> str | None:
    """A warning in ``lang`` when the target go-live falls inside a peak season or the buffer
    before it (the rule the risk report and the planner apply); None when it is clear."""
    buffer_weeks = default_buffer_weeks(programme)
    go_live = programme.target_go_live
    known = dict(presets)
    seasons = [s for s in programme.peak_seasons if s.preset is None or s.preset in known]
    for window in expand_peak_seasons(seasons, known, go_live, go_live):
        blocked_from = window.start - dt.timedelta(weeks=buffer_weeks)
        if blocked_from <= go_live <= window.end:
            def day(value: dt.date) -> str:
                return show_date(value, lang, digits=digits)
            return translator(lang).gettext(
                "The target go-live {go_live} falls inside {season} ({start} to {end}) or the "
                "{weeks}-week stabilisation buffer before it (from {blocked_from}): the risk "
                "report flags it and the plan moves the go-live out of it.",
                go_live=day(go_live), season=peak_season_name(known.values(), window.name,
                                                              lang.value),
                start=day(window.start), end=day(window.end),
                weeks=show_number(buffer_weeks, lang, digits=digits),
                blocked_from=day(blocked_from))
    return None


def override_from(data: Mapping[str, Any], *, author: str) -> Override:
    """An override from a form's plain values (``kind`` is pin, move_unit, capacity or depend);
    an InputError naming each bad field, and when the reason is missing."""
    try:
        override = _OVERRIDE.validate_python({**data, "author": author})
    except ValidationError as exc:
        raise InputError("override", [(".".join(str(p) for p in err["loc"][1:]) or "override",
                                       check_message(err))
                                      for err in exc.errors()[:20]]) from None
    if not (override.reason or "").strip():
        raise InputError("override", [("reason",
                                       "give a reason: an override without one is never accepted")])
    return override


def validate_override(override: Override, plan: Plan, record: ProgrammeRecord) -> None:
    """Check an override against the plan it changes, without planning again: the tasks it
    names exist, a dependency adds no loop, a unit moves into an existing or the next wave.
    An InputError otherwise."""
    tasks = {t.id: t for t in plan.tasks}
    problems: list[tuple[str, str]] = []
    where = describe_override(override)
    named = ([override.task] if isinstance(override, PinDate) else
             [override.task, override.after] if isinstance(override, AddDependency) else [])
    for task in named:
        if task not in tasks:
            problems.append((where, f"no task {task!r} in the plan"))
    if isinstance(override, AddDependency) and not problems and (
            override.task == override.after or _waits_for(tasks, override.after, override.task)):
        problems.append((where, f"{override.after} already waits for {override.task}: "
                                f"the dependency would make a loop"))
    if isinstance(override, MoveUnit):
        units = [u.name for u in record.programme.business_units]
        numbered = sum(1 for w in plan.waves if not w.pilot)
        waves = list(dict.fromkeys([w.id for w in plan.waves] + [f"wave-{numbered + 1}", "pilot"]))
        if override.unit not in units:
            problems.append((where, f"{override.unit!r} is not a business unit; units: "
                                    f"{', '.join(units) or 'none'}"))
        if override.wave not in waves:
            problems.append((where, f"no wave {override.wave!r}; waves: {', '.join(waves)}"))
    if problems:
        raise InputError("override", problems)


def _waits_for(tasks: Mapping[str, Any], task: str, other: str) -> bool:
    """Whether ``task`` depends on ``other``, directly or through other tasks."""
    seen: set[str] = set()
    stack = [task]
    while stack:
        current = stack.pop()
        for dep in tasks[current].depends_on if current in tasks else ():
            if dep == other:
                return True
            if dep not in seen:
                seen.add(dep)
                stack.append(dep)
    return False


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
    options: PlanOptions, expected_version: int | None, content: Content | None = None,
) -> PlanSettingsRecord:
    """Store the programme's plan options (audited as ``plan.settings_save``).

    ``expected_version`` None creates the settings, and is a ConflictError if someone saved some
    meanwhile; otherwise the settings are replaced if still at that version (else ConflictError:
    reload and apply the change again). An override without a reason is an InputError. With
    ``content``, the options are planned once first, so options the planner refuses (a pilot
    unit that is not a unit, a dependency loop) are never stored.
    """
    options = _checked(options, actor)
    if content is not None:
        plan_programme(db, actor=actor, organisation_id=organisation_id,
                       programme_id=programme_id, content=content, options=options,
                       compare=False)
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


def stored_overview(
    session: Any, *, organisation_id: str, record: ProgrammeRecord, assessment: Assessment,
    content: Content, today: dt.date,
) -> TrainingOverview | None:
    """The organisation's training figures against the programme's planned waves (its stored
    plan settings), read inside the caller's transaction; None when it has no roster or its
    plan settings cannot be planned (the plan page names that problem)."""
    stored = stored_training(session, organisation_id)
    if stored is None:
        return None
    row = repo.get_plan_settings(session, organisation_id=organisation_id,
                                 programme_id=record.id)
    chosen = plan_settings_record(row).options if row is not None else PlanOptions()
    planned_with = with_programme_blackouts(chosen, record)
    try:
        plan = plan_scenarios(assessment, content, planned_with, assess(assessment, content),
                              compare=False).plan
    except PlanningError:
        return None
    return overview_from(stored, wave_deadlines(plan), programme_id=record.id, today=today,
                         threshold_pct=planned_with.training_completion_pct)


def with_stored_training(
    session: Any, *, organisation_id: str, record: ProgrammeRecord, assessment: Assessment,
    content: Content, today: dt.date,
) -> Assessment:
    """``assessment`` with the organisation's training status against the programme's planned
    waves (unchanged when there is none)."""
    overview = stored_overview(session, organisation_id=organisation_id, record=record,
                               assessment=assessment, content=content, today=today)
    status = training_status_of(overview) if overview is not None else None
    return assessment if status is None else assessment.model_copy(update={"training": status})


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
