"""The work breakdown: phases, migration tracks, training, gates and mitigations as tasks.

Phases (ids in brackets are task-id prefixes):

* mobilise: owner, sponsor, steering committee, goals and KPIs, process definition, vendor fit;
* design: process design, data profiling per platform, integration design, usability review,
  training-needs analysis;
* build (build and rehearse): configuration, integrations, performance test, training material,
  and per platform cleanse -> map -> trial migration(s) -> cutover rehearsal;
* pilot and waves: per unit access and training; a go/no-go gate; a cutover per platform the
  wave uses; per unit and platform a check of the migrated data; go-live; hypercare; after the
  pilot a review gate;
* stabilise: post-implementation review, adoption review, improvement backlog.

Durations are in working days and scale with the programme (units, modules, records, data
quality); the constants below say how. They are estimates for a first plan, not a quote: a user
replaces any date with an override.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from rollout.domain.assessment import BusinessUnit, LegacyPlatform, Programme
from rollout.domain.codes import CriterionCode, NoteCode
from rollout.domain.plan import GateCriterion, Note, Phase, Resource, Scenario, TaskKind
from rollout.schedule.mitigations import (
    CLEANSING_EXTENSION_FACTOR,
    EXTRA_TRIALS,
    TRAINING_EXTENSION_FACTOR,
    ActionRequest,
)
from rollout.schedule.network import TaskSpec
from rollout.schedule.waves import WaveDraft

MILLION = 1_000_000
# Trial migrations: one, plus one above this volume, plus one at or below this quality.
TRIAL_VOLUME_RECORDS = MILLION
TRIAL_QUALITY_AT_MOST = 2
MAX_BASE_TRIALS = 3


@dataclass(frozen=True)
class BreakdownParams:
    """The planner's resolved options (defaults filled in, mitigations and overrides applied)."""

    scenario: Scenario
    org_country: str
    target_go_live: dt.date
    trainer_seats_per_week: int
    migration_tracks: int
    hypercare_weeks: int
    share_pct: float
    wave_gap_workdays: int
    training_completion_pct: float
    training_factor: float = 1.0
    cleansing_factor: float = 1.0
    extra_trials: int = 0


@dataclass(frozen=True)
class Breakdown:
    tasks: list[TaskSpec]
    notes: list[Note]
    first_go_live: str  # the task held to the target go-live


def slug(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text or "x"


def _slugs(names: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        base = candidate = slug(name)
        n = 2
        while candidate in used:
            candidate = f"{base}-{n}"
            n += 1
        used.add(candidate)
        out[name] = candidate
    return out


def trial_count(platform: LegacyPlatform, extra: int = 0) -> tuple[int, list[str]]:
    """Trial migrations for a platform and why more than one."""
    reasons = []
    if platform.records > TRIAL_VOLUME_RECORDS:
        reasons.append("volume")
    if platform.data_quality <= TRIAL_QUALITY_AT_MOST:
        reasons.append("quality")
    count = min(MAX_BASE_TRIALS, 1 + len(reasons))
    if extra:
        reasons.append("mitigation")
    return count + extra, reasons


def break_down(
    programme: Programme,
    waves: Sequence[WaveDraft],
    settings: BreakdownParams,
    actions: Mapping[str, ActionRequest],
    critical_risks: Sequence[str],
    week_workdays: Callable[[Sequence[str]], int],
) -> Breakdown:
    builder = _Builder(programme, waves, settings, actions, critical_risks, week_workdays)
    return builder.build()


class _Builder:
    def __init__(
        self,
        programme: Programme,
        waves: Sequence[WaveDraft],
        settings: BreakdownParams,
        actions: Mapping[str, ActionRequest],
        critical_risks: Sequence[str],
        week_workdays: Callable[[Sequence[str]], int],
    ) -> None:
        self.p = programme
        self.waves = waves
        self.s = settings
        self.actions = actions
        self.critical_risks = list(critical_risks)
        self.week_workdays = week_workdays
        self.tasks: list[TaskSpec] = []
        self.by_id: dict[str, TaskSpec] = {}
        self.notes: list[Note] = []
        self.org = (settings.org_country,)
        self.platforms = {p.name: p for p in programme.legacy_platforms}
        # Who uses each platform, in the programme's unit order: every cutover asks, and a scan
        # of all units per cutover grew with units x platforms.
        self.users_of: dict[str, list[BusinessUnit]] = {p.name: [] for p in programme.legacy_platforms}
        for unit in programme.business_units:
            for used in dict.fromkeys(unit.legacy_platforms):
                self.users_of.setdefault(used, []).append(unit)
        self.pslug = _slugs([p.name for p in programme.legacy_platforms])
        units = [u for w in waves for u in w.units]
        self.uslug = _slugs([u.name for u in units])
        self.readiness: list[str] = []  # mitigation tasks every gate waits for
        self.covered: dict[str, str] = {}  # action -> task id carrying it

    # --- helpers ------------------------------------------------------------------------------

    def add(self, spec: TaskSpec) -> TaskSpec:
        if not spec.countries:
            spec.countries = self.org
        self.tasks.append(spec)
        self.by_id[spec.id] = spec
        return spec

    def task(self, tid: str, name: str, phase: Phase, days: int, *after: str,
             kind: TaskKind = TaskKind.TASK) -> TaskSpec:
        return self.add(TaskSpec(tid, name, kind, phase, max(0, days)).after(*after))

    def milestone(self, tid: str, name: str, phase: Phase, *after: str) -> TaskSpec:
        return self.add(TaskSpec(tid, name, TaskKind.MILESTONE, phase, 0).after(*after))

    def wants(self, action: str) -> bool:
        return action in self.actions

    def carry(self, action: str, task_id: str, extend_days: int = 0) -> None:
        """Mark an existing task as the one carrying a mitigation action (lengthening it)."""
        if not self.wants(action):
            return
        spec = self.by_id[task_id]
        spec.action = action
        spec.duration_workdays += extend_days
        self.covered[action] = task_id

    # --- phases -------------------------------------------------------------------------------

    def build(self) -> Breakdown:
        self.mobilise()
        self.design()
        self.build_and_rehearse()
        first = self.rollout_waves()
        self.stabilise()
        self.mitigation_notes()
        return Breakdown(self.tasks, self.notes, first)

    def mobilise(self) -> None:
        units = len(self.p.business_units)
        ph = Phase.MOBILISE
        self.task("mobilise.owner", "Name the system owner and their mandate", ph, 5)
        self.task("mobilise.sponsor", "Confirm an executive sponsor beyond go-live", ph, 5)
        self.task("mobilise.steering", "Form the steering committee (IT and business owners)", ph,
                  5, "mobilise.sponsor")
        self.task("mobilise.kpis", "Set goals and customer KPIs; capture the baseline", ph, 10,
                  "mobilise.steering")
        self.task("mobilise.processes", "Define the sales and service processes", ph,
                  10 + min(20, 2 * units), "mobilise.owner")
        self.task("mobilise.vendor_fit", "Check the vendor's fit against the processes", ph, 10,
                  "mobilise.processes")
        self.carry("appoint_owner", "mobilise.owner")
        self.carry("secure_sponsor", "mobilise.sponsor")
        self.carry("form_steering_committee", "mobilise.steering")
        self.carry("define_kpis", "mobilise.kpis")
        self.carry("define_processes", "mobilise.processes", extend_days=5)
        self.carry("vendor_evaluation", "mobilise.vendor_fit", extend_days=10)
        done = ["mobilise.owner", "mobilise.kpis", "mobilise.vendor_fit"]
        if self.wants("defer_concurrent_project"):
            self.task("mobilise.concurrent", "Agree the sequencing or deferral of concurrent "
                      "projects with the steering committee", ph, 5, "mobilise.steering")
            self.carry("defer_concurrent_project", "mobilise.concurrent")
            done.append("mobilise.concurrent")
        self.milestone("mobilise.done", "Mobilisation complete", ph, *done)

    def design(self) -> None:
        ph = Phase.DESIGN
        units = len(self.p.business_units)
        modules = len(self.p.modules)
        integrations = sorted({i for p in self.p.legacy_platforms for i in p.integrations})
        self.task("design.processes", "Design the processes in the target system", ph,
                  15 + min(30, 2 * units + 3 * modules), "mobilise.done")
        done = ["design.processes"]
        if integrations:
            self.task("design.integrations", f"Design integrations ({', '.join(integrations)})",
                      ph, 5 + 2 * len(integrations), "design.processes")
            done.append("design.integrations")
        self.task("design.usability", "Usability review of the designed screens", ph, 5,
                  "design.processes")
        self.task("design.training_needs", "Training-needs analysis per role", ph,
                  5 + min(15, units), "design.processes")
        done += ["design.usability", "design.training_needs"]
        if self.wants("customer_research"):
            self.task("design.customer_research", "Research customers' channels and journeys", ph,
                      10, "mobilise.done")
            self.carry("customer_research", "design.customer_research")
            done.append("design.customer_research")
        for platform in self.p.legacy_platforms:
            ps = self.pslug[platform.name]
            self.add(TaskSpec(
                f"design.profile.{ps}", f"Profile data: {platform.name}", TaskKind.MIGRATION, ph,
                3 + min(12, math.ceil(platform.records / MILLION)),
                resource=Resource.MIGRATION_TRACKS, demand=1, platform=platform.name,
            ).after("mobilise.done"))
        self.milestone("design.done", "Design complete", ph, *done)

    def build_and_rehearse(self) -> None:
        ph = Phase.BUILD
        modules = len(self.p.modules)
        self.task("build.configuration", "Configure the target system", ph,
                  min(80, 20 + 5 * modules), "design.done")
        done = ["build.configuration"]
        integrations = "design.integrations" in self.by_id
        if integrations:
            self.task("build.integrations", "Build the integrations", ph,
                      self.by_id["design.integrations"].duration_workdays * 2,
                      "design.integrations", "design.done")
            done.append("build.integrations")
        perf = self.task("build.performance_test", "Performance test at production volume", ph,
                         10, *done)
        self.carry("performance_test", perf.id)
        done.append(perf.id)
        self.task("build.training_material", "Training material per role", ph, 10,
                  "design.training_needs", "build.configuration")
        done.append("build.training_material")
        if self.wants("integration_test"):
            after = "build.integrations" if integrations else "build.configuration"
            self.task("build.integration_test", "End-to-end integration test (billing and "
                      "other systems)", ph, 10, after)
            self.carry("integration_test", "build.integration_test")
            done.append("build.integration_test")
        if self.wants("usability_test"):
            self.task("build.usability_test", "Usability test with end users", ph, 5,
                      "build.configuration")
            self.carry("usability_test", "build.usability_test")
            done.append("build.usability_test")
        if self.wants("crisis_communication_plan"):
            self.task("build.crisis_communication", "Crisis-communication plan and channel", ph,
                      5, "design.done")
            self.carry("crisis_communication_plan", "build.crisis_communication")
            done.append("build.crisis_communication")
        for platform in self.p.legacy_platforms:
            self.migration_track(platform)
        self.milestone("build.done", "Build complete", ph, *done)

    @staticmethod
    def track_task(tid: str, name: str, days: int, platform: LegacyPlatform) -> TaskSpec:
        """A task for one of the migration team's parallel tracks."""
        return TaskSpec(tid, name, TaskKind.MIGRATION, Phase.BUILD, days,
                        resource=Resource.MIGRATION_TRACKS, demand=1, platform=platform.name)

    def migration_track(self, platform: LegacyPlatform) -> None:
        ph = Phase.BUILD
        ps = self.pslug[platform.name]
        cleanse_days = 5 * (6 - platform.data_quality) + (5 if platform.entered_by_agents else 0)
        if self.wants("data_cleansing"):
            cleanse_days = math.ceil(cleanse_days * self.s.cleansing_factor)
        # Business data owners cleanse; the migration team is not needed for it.
        self.add(TaskSpec(f"build.cleanse.{ps}", f"Cleanse data: {platform.name}",
                          TaskKind.MIGRATION, ph, cleanse_days, platform=platform.name,
                          action="data_cleansing" if self.wants("data_cleansing") else None,
                          ).after(f"design.profile.{ps}"))
        self.add(self.track_task(f"build.map.{ps}", f"Map fields and write migration scripts: "
                                 f"{platform.name}", 5 + 2 * len(platform.integrations),
                                 platform).after(f"build.cleanse.{ps}", "design.done"))
        trials, reasons = trial_count(platform, self.s.extra_trials)
        trial_days = 5 + min(10, math.ceil(platform.records / (2 * MILLION)))
        previous = f"build.map.{ps}"
        for k in range(1, trials + 1):
            tid = f"build.trial-{k}.{ps}"
            trial = self.track_task(tid, f"Trial migration {k} and reconciliation: "
                                    f"{platform.name}", trial_days, platform)
            if k > trials - self.s.extra_trials:
                trial.action = "add_migration_rehearsal"
            self.add(trial.after(previous, "build.configuration"))
            previous = tid
        self.add(self.track_task(f"build.rehearsal.{ps}", f"Cutover rehearsal, reconciled: "
                                 f"{platform.name}", trial_days, platform).after(previous))
        if trials > 1:
            self.notes.append(Note(
                code=NoteCode.REHEARSAL_ADDED, task=f"build.trial-{trials}.{ps}",
                message=f"{platform.name}: {trials} trial migrations before the rehearsal "
                        f"({', '.join(reasons)}: {platform.records:,} records, data quality "
                        f"{platform.data_quality}/5).",
                data={"platform": platform.name, "trials": trials, "reasons": reasons,
                      "records": platform.records, "data_quality": platform.data_quality},
            ))

    # --- waves --------------------------------------------------------------------------------

    def rollout_waves(self) -> str:
        platform_wave = self._platform_assignment()
        previous_go_live: str | None = None
        review: str | None = None
        first_go_live = ""
        for index, wave in enumerate(self.waves):
            phase = Phase.PILOT if wave.pilot else Phase.WAVES
            countries = tuple(sorted({self.s.org_country} | {
                u.country or self.s.org_country for u in wave.units}))
            ready: list[str] = []
            for unit in wave.units:
                ready += self.unit_readiness(wave, unit, phase)
            gate = self.add(TaskSpec(
                f"{wave.id}.gate", f"Go/no-go gate: {wave.name}", TaskKind.GATE, phase, 1,
                wave=wave.id, countries=countries, criteria=self.gate_criteria(wave),
                just_in_time=True,
            ).after("build.done", *ready, *self.readiness))
            platforms = [p for p in wave.platforms if p in self.platforms]
            platforms += [p for p, w in platform_wave.items() if w == wave.id and p not in platforms]
            for name in platforms:
                gate.after(f"build.rehearsal.{self.pslug[name]}")
            if review is not None:
                gate.after(review)
            elif previous_go_live is not None:
                gate.after(previous_go_live, lag=self.s.wave_gap_workdays)
            go_live = TaskSpec(f"{wave.id}.go_live", f"Go-live: {wave.name}", TaskKind.GO_LIVE,
                               phase, 0, wave=wave.id, countries=countries)
            if index == 0:
                go_live.release = self.s.target_go_live
                first_go_live = go_live.id
            for name in platforms:
                self.cutover(wave, name, countries, phase, go_live)
            if not platforms:
                go_live.after(gate.id)
            self.add(go_live)
            last = go_live.id
            if self.s.hypercare_weeks > 0:
                hyper = self.add(TaskSpec(
                    f"{wave.id}.hypercare", f"Hypercare: {wave.name}", TaskKind.HYPERCARE, phase,
                    self.s.hypercare_weeks * self.week_workdays(countries), wave=wave.id,
                    countries=countries, action="add_hypercare" if self.wants("add_hypercare")
                    else None,
                ).after(go_live.id))
                last = hyper.id
                if self.wants("add_hypercare"):
                    self.covered["add_hypercare"] = hyper.id
            review = None
            if wave.pilot:
                review_gate = self.add(TaskSpec(
                    f"{wave.id}.review", "Pilot review gate: lessons applied, adoption on track",
                    TaskKind.GATE, phase, 1, wave=wave.id, countries=countries,
                    criteria=[
                        GateCriterion(code=CriterionCode.PILOT_ADOPTION,
                                      text="Pilot users work in the new system; adoption is "
                                      "tracked and on target"),
                        GateCriterion(code=CriterionCode.LESSONS_APPLIED,
                                      text="Pilot defects and lessons are fixed in the build, "
                                      "the training and the cutover runbook"),
                        GateCriterion(code=CriterionCode.OWNER_SIGN_OFF,
                                      text="The system owner signs off the pilot"),
                    ],
                ).after(last))
                review = review_gate.id
                if self.wants("add_pilot_wave"):
                    self.covered["add_pilot_wave"] = review_gate.id
            previous_go_live = go_live.id
        return first_go_live

    def _platform_assignment(self) -> dict[str, str]:
        """Platforms no unit names are cut over with the first wave after the pilot."""
        used = {p for w in self.waves for p in w.platforms}
        orphans = [p.name for p in self.p.legacy_platforms if p.name not in used]
        if not orphans or not self.waves:
            return {}
        home = next((w for w in self.waves if not w.pilot), self.waves[0])
        self.notes.append(Note(
            code=NoteCode.PLATFORM_UNASSIGNED,
            message=f"No unit names {', '.join(orphans)}; cut over with {home.name}.",
            data={"platforms": orphans, "wave": home.id},
        ))
        return dict.fromkeys(orphans, home.id)

    def unit_readiness(self, wave: WaveDraft, unit: BusinessUnit, phase: Phase) -> list[str]:
        us = self.uslug[unit.name]
        countries = tuple(sorted({self.s.org_country, unit.country or self.s.org_country}))
        ids = []
        access = self.add(TaskSpec(
            f"{wave.id}.access.{us}", f"Access, devices and super-users: {unit.name}",
            TaskKind.TASK, phase, 3, wave=wave.id, countries=countries, unit=unit.name,
            just_in_time=True,
        ).after("build.configuration"))
        ids.append(access.id)
        if unit.users > 0:
            seats = self.s.trainer_seats_per_week
            demand = min(unit.users, seats)
            weeks = math.ceil(unit.users / demand)
            days = math.ceil(weeks * self.week_workdays(countries) * self.s.training_factor)
            training = self.add(TaskSpec(
                f"{wave.id}.training.{us}", f"Train {unit.name} ({unit.users} users)",
                TaskKind.TRAINING, phase, days, wave=wave.id, countries=countries,
                resource=Resource.TRAINER_SEATS, demand=demand, unit=unit.name,
                just_in_time=True,
                action="extend_training" if self.wants("extend_training") else None,
            ).after("build.training_material", "build.configuration"))
            ids.append(training.id)
            if self.wants("extend_training"):
                self.covered.setdefault("extend_training", training.id)
        return ids

    def gate_criteria(self, wave: WaveDraft) -> list[GateCriterion]:
        pct = self.s.training_completion_pct
        return [
            GateCriterion(code=CriterionCode.TRAINING_COMPLETION, threshold_pct=pct,
                          text=f"At least {pct:g} % of the wave's {wave.users} users have "
                               f"completed training"),
            GateCriterion(code=CriterionCode.REHEARSAL_RECONCILED, items=list(wave.platforms),
                          text="The cutover rehearsal of every platform this wave uses is "
                               "reconciled"),
            GateCriterion(code=CriterionCode.OWNER_SIGN_OFF, items=[u.name for u in wave.units],
                          text="The system owner and each unit's manager sign off"),
            GateCriterion(code=CriterionCode.NO_OPEN_CRITICAL_RISKS, items=list(self.critical_risks),
                          text="No critical risk is open in the latest risk report"),
        ]

    def cutover(self, wave: WaveDraft, name: str, countries: tuple[str, ...], phase: Phase,
                go_live: TaskSpec) -> None:
        platform = self.platforms[name]
        ps = self.pslug[name]
        users_on = self.users_of.get(name, [])
        mine = [u for u in wave.units if name in u.legacy_platforms]
        total = sum(u.users for u in users_on)
        share = (sum(u.users for u in mine) / total if total else
                 len(mine) / len(users_on) if users_on else 1.0)
        records = platform.records * share
        days = max(1, min(5, math.ceil(records / (2 * MILLION))))
        cut = self.add(TaskSpec(
            f"{wave.id}.cutover.{ps}", f"Cutover {name} for {wave.name}", TaskKind.CUTOVER,
            phase, days, wave=wave.id, countries=countries, resource=Resource.MIGRATION_TRACKS,
            demand=1, platform=name, with_go_live=True,
        ).after(f"{wave.id}.gate", f"build.rehearsal.{ps}"))
        checks = 0
        for unit in mine:
            unit_share = (unit.users / total) if total else 1 / max(1, len(users_on))
            check_days = 1 + (platform.records * unit_share > MILLION)
            checks = max(checks, check_days)
            check = self.add(TaskSpec(
                f"{wave.id}.validate.{self.uslug[unit.name]}.{ps}",
                f"Check migrated data: {unit.name} from {name}", TaskKind.MIGRATION, phase,
                check_days, wave=wave.id, unit=unit.name, platform=name,
                countries=tuple(sorted({self.s.org_country, unit.country or self.s.org_country})),
                with_go_live=True,
            ).after(cut.id))
            go_live.after(check.id)
        go_live.after(cut.id)
        # The checks and the go-live day that follow a cutover must stay clear of blackouts too,
        # so data never waits migrated across a peak season.
        cut.guard_workdays = checks + 1
        if go_live.release is not None:
            cut.release = go_live.release
            cut.release_offset_workdays = days + checks

    def stabilise(self) -> None:
        ph = Phase.STABILISE
        ends = [f"{w.id}.hypercare" if f"{w.id}.hypercare" in self.by_id else f"{w.id}.go_live"
                for w in self.waves]
        pir = self.task("stabilise.review", "Post-implementation review with the sponsor", ph,
                        10, *ends)
        self.carry("post_implementation_review", pir.id)
        self.task("stabilise.adoption", "Adoption review: usage, data quality, KPIs against the "
                  "baseline", ph, 10, *ends)
        self.task("stabilise.backlog", "Improvement backlog and upgrade plan", ph, 5,
                  "stabilise.review", "stabilise.adoption")
        self.milestone("stabilise.done", "Programme closed", ph, "stabilise.backlog")

    # --- notes --------------------------------------------------------------------------------

    def mitigation_notes(self) -> None:
        effects = {
            "extend_training": f"training lengthened x{TRAINING_EXTENSION_FACTOR:g}",
            "data_cleansing": f"cleansing lengthened x{CLEANSING_EXTENSION_FACTOR:g} per platform",
            "add_migration_rehearsal": f"{EXTRA_TRIALS} more trial migration per platform",
            "move_go_live": "go-live dates are kept out of peak seasons and their buffer",
            "split_waves": "smaller waves (lower share of users per wave)",
        }
        for action, request in self.actions.items():
            task = self.covered.get(action)
            if action == "add_migration_rehearsal" and self.p.legacy_platforms:
                task = next((t.id for t in self.tasks if t.action == action), None)
            if action == "data_cleansing" and self.p.legacy_platforms:
                task = next((t.id for t in self.tasks if t.action == action), None)
            if action == "add_pilot_wave" and task is None:
                self.notes.append(Note(
                    code=NoteCode.MITIGATION_SKIPPED, message="The risk report asks for a pilot, but "
                    f"this scenario ({self.s.scenario.value}) has none; compare it with "
                    "pilot-waves.", data={"action": action, "factors": list(request.factors)}))
                continue
            if action == "split_waves" and self.s.scenario is Scenario.BIG_BANG:
                self.notes.append(Note(
                    code=NoteCode.MITIGATION_SKIPPED, message="The risk report asks for smaller waves, "
                    "but a big bang has one; compare it with phased or pilot-waves.",
                    data={"action": action, "factors": list(request.factors)}))
                continue
            if task is None and action not in effects:
                self.notes.append(Note(
                    code=NoteCode.MITIGATION_SKIPPED, message=f"Action {action} has no task in this plan.",
                    data={"action": action, "factors": list(request.factors)}))
                continue
            effect = effects.get(action, "")
            self.notes.append(Note(
                code=NoteCode.MITIGATION_TASK, task=task,
                message=f"{action} answers {', '.join(request.factors)}"
                        + (f": {effect}" if effect else "") + ".",
                data={"action": action, "factors": list(request.factors),
                      "mitigations": list(request.mitigations)},
            ))
