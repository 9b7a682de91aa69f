"""Plan settings: stored per programme, versioned, audited with every override's reason and author."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from rollout.content.loader import Content, example_assessment
from rollout.domain.plan import (
    AddDependency,
    BlackoutKind,
    MoveUnit,
    PinDate,
    PlanOptions,
    Scenario,
    SetCapacity,
    TaskKind,
    default_buffer_weeks,
)
from rollout.errors import ConflictError, InputError, NotFoundError, PermissionDenied, PlanningError
from rollout.permissions import MEMBERSHIP_ROLES, Action, ObjectType, Role, allows
from rollout.persistence.records import PlanSettingsRecord, ProgrammeBlackout, ProgrammeRecord
from rollout.risk.engine import assess
from rollout.schedule import build_plan
from rollout.services import (
    get_plan_settings,
    go_live_peak_clash,
    list_audit_events,
    override_from,
    plan_blackouts,
    plan_programme,
    save_plan_settings,
    target_miss,
    validate_override,
)
from rollout.services.access import Actor
from tests.services.conftest import World, programme

PIN = PinDate(task="wave-1.go_live", date=dt.date(2026, 11, 2), reason="  regulator deadline ")


def _save(world: World, actor: Actor, options: PlanOptions, expected_version: int | None,
          *, organisation_id: str | None = None, programme_id: str | None = None,
          ) -> PlanSettingsRecord:
    return save_plan_settings(world.db, actor=actor,
                              organisation_id=organisation_id or world.own.id,
                              programme_id=programme_id or world.own.programme.id,
                              options=options, expected_version=expected_version)


def test_settings_are_created_then_updated_and_every_save_is_audited(world: World) -> None:
    owner = world.actor(Role.PROJECT_OWNER)
    assert get_plan_settings(world.db, actor=owner, organisation_id=world.own.id,
                             programme_id=world.own.programme.id) is None
    created = _save(world, owner, PlanOptions(scenario=Scenario.PHASED, overrides=[PIN]), None)
    assert created.version == 1 and created.updated_by == owner.email
    # The reason is kept (trimmed), the author stamped with the saving user's e-mail.
    assert created.options.overrides == [PIN.model_copy(update={"reason": "regulator deadline",
                                                                 "author": owner.email})]

    consultant = world.actor(Role.CONSULTANT)
    move = MoveUnit(unit="Service", wave="wave-2", reason="same platform team", author="cio")
    options = created.options.model_copy(update={"overrides": [*created.options.overrides, move]})
    updated = _save(world, consultant, options, created.version)
    assert updated.version == 2 and updated.id == created.id
    assert [o.author for o in updated.options.overrides] == [owner.email, "cio"]
    assert get_plan_settings(world.db, actor=world.actor(Role.TRAINER),
                             organisation_id=world.own.id,
                             programme_id=world.own.programme.id) == updated

    events = [e for e in list_audit_events(world.db, actor=world.admin,
                                           organisation_id=world.own.id)
              if e.action == "plan.settings_save"]
    assert [(e.actor, e.object_id) for e in events] == [
        (consultant.email, world.own.programme.id), (owner.email, world.own.programme.id)]
    newest, first = events
    assert first.before is None and first.after is not None
    assert first.after["options"]["overrides"][0]["reason"] == "regulator deadline"
    assert newest.before == first.after
    assert newest.after is not None
    assert [(o["kind"], o["reason"], o["author"]) for o in newest.after["options"]["overrides"]] == [
        ("pin", "regulator deadline", owner.email), ("move_unit", "same platform team", "cio")]


def test_creating_when_settings_exist_or_saving_an_old_version_is_a_conflict(world: World) -> None:
    owner = world.actor(Role.PROJECT_OWNER)
    first = _save(world, owner, PlanOptions(), None)
    with pytest.raises(ConflictError, match=r"saved meanwhile.*reload"):
        _save(world, owner, PlanOptions(migration_tracks=4), None)
    _save(world, owner, PlanOptions(migration_tracks=5), first.version)
    with pytest.raises(ConflictError, match=r"changed by someone else.*version 1.*version 2.*reload"):
        _save(world, owner, PlanOptions(migration_tracks=6), first.version)


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_an_override_without_a_reason_is_refused_naming_it(
    world: World, reason: str | None
) -> None:
    owner = world.actor(Role.PROJECT_OWNER)
    options = PlanOptions(overrides=[PIN, SetCapacity(migration_tracks=5, reason=reason)])
    with pytest.raises(InputError) as caught:
        _save(world, owner, options, None)
    assert caught.value.problems == [
        ("overrides[1] (set capacity (migration tracks 5))",
         "give a reason: an override without one is never accepted")]
    assert get_plan_settings(world.db, actor=owner, organisation_id=world.own.id,
                             programme_id=world.own.programme.id) is None


def test_roles_may_view_and_save_as_the_matrix_says_and_only_in_their_organisation(
    world: World,
) -> None:
    for role in MEMBERSHIP_ROLES:
        actor = world.actor(role)
        current = get_plan_settings(world.db, actor=actor, organisation_id=world.own.id,
                                    programme_id=world.own.programme.id)
        options = PlanOptions(migration_tracks=(current.options.migration_tracks + 1
                                                if current else 1))
        if allows(role, ObjectType.PROGRAMME, Action.EDIT):
            _save(world, actor, options, current.version if current else None)
        else:
            with pytest.raises(PermissionDenied):
                _save(world, actor, options, current.version if current else None)
        # Another organisation, or its programme named inside one's own: not found.
        with pytest.raises(NotFoundError, match="no organisation"):
            get_plan_settings(world.db, actor=actor, organisation_id=world.other.id,
                              programme_id=world.other.programme.id)
        other_programme = world.other.programme.id
        with pytest.raises(NotFoundError, match=f"no programme with id '{other_programme}'"):
            get_plan_settings(world.db, actor=actor, organisation_id=world.own.id,
                              programme_id=other_programme)
    owner = world.actor(Role.PROJECT_OWNER)
    with pytest.raises(NotFoundError, match="no programme with id"):
        _save(world, owner, PlanOptions(), None, programme_id=world.other.programme.id)
    with pytest.raises(NotFoundError, match="no organisation"):
        _save(world, owner, PlanOptions(), None, organisation_id=world.other.id,
              programme_id=world.other.programme.id)
    assert get_plan_settings(world.db, actor=world.admin, organisation_id=world.other.id,
                             programme_id=world.other.programme.id) is None


def test_concurrent_saves_from_the_same_version_let_exactly_one_win(world: World) -> None:
    threads, rounds = 6, 3
    actor = world.actor(Role.PROJECT_OWNER)
    expected: list[int | None] = [None]
    outcomes: list[list[object]] = [[] for _ in range(rounds)]
    start, done = threading.Barrier(threads + 1), threading.Barrier(threads + 1)

    def save(n: int) -> None:
        for round_no in range(rounds):
            start.wait()
            try:
                _save(world, actor, PlanOptions(migration_tracks=n + 1), expected[0])
                outcomes[round_no].append("saved")
            except Exception as exc:  # a ConflictError is expected; anything else fails below
                outcomes[round_no].append(exc)
            done.wait()

    workers = [threading.Thread(target=save, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for _ in range(rounds):
        current = get_plan_settings(world.db, actor=actor, organisation_id=world.own.id,
                                    programme_id=world.own.programme.id)
        expected[0] = current.version if current else None
        start.wait()
        done.wait()
    for worker in workers:
        worker.join()
    assert [o.count("saved") for o in outcomes] == [1] * rounds
    refused = [o for round_outcomes in outcomes for o in round_outcomes if o != "saved"]
    assert all(isinstance(o, ConflictError) and "reload" in str(o) for o in refused), refused
    final = get_plan_settings(world.db, actor=actor, organisation_id=world.own.id,
                              programme_id=world.own.programme.id)
    assert final is not None and final.version == rounds


def test_the_programmes_blackouts_become_freezes_with_their_reason() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    record = ProgrammeRecord(
        id="p", organisation_id="o", name="CRM", programme=programme(), version=1,
        created_at=now, updated_at=now,
        blackouts=(ProgrammeBlackout(name="Year-end", start=dt.date(2026, 12, 14),
                            end=dt.date(2027, 1, 4), reason="finance close"),))
    [freeze] = plan_blackouts(record)
    assert (freeze.name, freeze.kind, freeze.start, freeze.end, freeze.reason) == (
        "Year-end", BlackoutKind.FREEZE, dt.date(2026, 12, 14), dt.date(2027, 1, 4),
        "finance close")


# --- plan_programme: the one planning service the plan page and exports call ----------------------


def test_plan_programme_returns_the_plan_its_report_and_every_scenario(world: World) -> None:
    owner = world.actor(Role.PROJECT_OWNER)
    planned = plan_programme(world.db, actor=owner, organisation_id=world.own.id,
                             programme_id=world.own.programme.id, content=world.content)
    assert planned.settings is None and planned.options.overrides == []
    # The programme's own blackouts always apply.
    assert [b.name for b in planned.options.blackouts] == [
        b.name for b in plan_blackouts(world.own.programme)]
    assert {r.scenario for r in planned.scenarios} == {
        Scenario.BIG_BANG, Scenario.PHASED, Scenario.PILOT_WAVES}
    assert planned.not_compared == []
    # The scenario the plan was built for reuses that very plan.
    [own] = [r for r in planned.scenarios if r.scenario is planned.plan.scenario]
    assert own.plan == planned.plan
    assert planned.report.readiness == assess(planned.assessment, world.content).readiness
    assert planned.assessment.answers == world.own.assessment.answers

    stored = _save(world, owner, PlanOptions(scenario=Scenario.PHASED), None)
    again = plan_programme(world.db, actor=owner, organisation_id=world.own.id,
                           programme_id=world.own.programme.id, content=world.content,
                           compare=False)
    assert again.settings == stored and again.plan.scenario is Scenario.PHASED
    assert again.scenarios == []


def test_plan_programme_in_another_organisation_is_not_found(world: World) -> None:
    with pytest.raises(NotFoundError):
        plan_programme(world.db, actor=world.actor(Role.PROJECT_OWNER),
                       organisation_id=world.own.id, programme_id=world.other.programme.id,
                       content=world.content)
    with pytest.raises(NotFoundError):  # another organisation's id behaves like a missing one
        plan_programme(world.db, actor=world.actor(Role.PROJECT_OWNER),
                       organisation_id=world.other.id, programme_id=world.other.programme.id,
                       content=world.content)


def test_report_plan_and_label_apply_one_buffer_rule(world: World) -> None:
    planned = plan_programme(world.db, actor=world.actor(Role.PROJECT_OWNER),
                             organisation_id=world.own.id, programme_id=world.own.programme.id,
                             content=world.content, compare=False)
    peaks = [b for b in planned.plan.blackouts if b.kind is BlackoutKind.PEAK_SEASON]
    assert peaks and {b.buffer_weeks for b in peaks} == {planned.buffer_weeks}
    assert planned.buffer_weeks == planned.default_buffer_weeks
    # The risk report's buffer is the same rule without a mitigation's hypercare extension.
    assert planned.report.peak is not None
    assert planned.report.peak.buffer_weeks == default_buffer_weeks(world.own.programme.programme)
    own = plan_programme(world.db, actor=world.actor(Role.PROJECT_OWNER),
                         organisation_id=world.own.id, programme_id=world.own.programme.id,
                         content=world.content, compare=False,
                         options=PlanOptions(buffer_weeks=1))
    assert own.buffer_weeks == 1 and own.default_buffer_weeks == planned.buffer_weeks


def test_an_override_from_plain_values_is_an_input_error_naming_the_field() -> None:
    with pytest.raises(InputError, match=r"override: date: .*valid date"):
        override_from({"kind": "pin", "task": "wave-1.go_live", "date": "soon", "reason": "x"},
                      author="a@example.org")
    with pytest.raises(InputError, match=r"reason: give a reason"):
        override_from({"kind": "capacity", "migration_tracks": 4, "reason": "  "},
                      author="a@example.org")
    made = override_from({"kind": "depend", "task": "a", "after": "b", "reason": "vendor"},
                         author="a@example.org")
    assert made == AddDependency(task="a", after="b", reason="vendor", author="a@example.org")


def test_an_override_is_checked_against_the_plan_on_screen_without_planning_again(
    world: World,
) -> None:
    planned = plan_programme(world.db, actor=world.actor(Role.PROJECT_OWNER),
                             organisation_id=world.own.id, programme_id=world.own.programme.id,
                             content=world.content, compare=False)
    plan, record = planned.plan, planned.programme
    go_live = next(t for t in plan.tasks if t.kind is TaskKind.GO_LIVE)
    first = next(t for t in plan.tasks if not t.depends_on)
    validate_override(PinDate(task=go_live.id, date=go_live.start, reason="r"), plan, record)
    validate_override(AddDependency(task=go_live.id, after=first.id, reason="r"), plan, record)
    with pytest.raises(InputError, match="no task 'nope'"):
        validate_override(PinDate(task="nope", date=go_live.start, reason="r"), plan, record)
    with pytest.raises(InputError, match="would make a loop"):
        validate_override(AddDependency(task=first.id, after=go_live.id, reason="r"), plan,
                          record)
    with pytest.raises(InputError, match=r"(?s)'Atlantis' is not a business unit.*no wave 'wave-9'"):
        validate_override(MoveUnit(unit="Atlantis", wave="wave-9", reason="r"), plan, record)


def test_settings_saved_with_content_are_planned_first_and_refused_when_unplannable(
    world: World,
) -> None:
    owner = world.actor(Role.PROJECT_OWNER)
    with pytest.raises(PlanningError, match="pilot unit 'Atlantis'"):
        save_plan_settings(world.db, actor=owner, organisation_id=world.own.id,
                           programme_id=world.own.programme.id,
                           options=PlanOptions(pilot_unit="Atlantis"), expected_version=None,
                           content=world.content)
    assert get_plan_settings(world.db, actor=owner, organisation_id=world.own.id,
                             programme_id=world.own.programme.id) is None


def test_a_first_go_live_after_the_target_is_reported_with_its_reasons(content: Content) -> None:
    hershey = example_assessment(content, "hershey-1999")
    plan = build_plan(hershey, assess(hershey, content), presets=content.presets)
    miss = target_miss(plan)
    assert miss is not None and min(plan.go_lives) > plan.target_go_live
    assert miss.days_late == (min(plan.go_lives) - plan.target_go_live).days > 0
    assert miss.reasons and all(r.to_date and r.to_date <= miss.first_go_live
                                for r in miss.reasons)
    assert "blackout_shift" in {r.code for r in miss.reasons}  # Halloween moves the go-live
    on_time = build_plan(hershey, options=PlanOptions(overrides=[PinDate(
        task="wave-1.go_live", date=plan.target_go_live, reason="board")]),
        presets=content.presets)
    assert min(on_time.go_lives) == on_time.target_go_live
    assert target_miss(on_time) is None


def test_the_delay_and_its_reasons_read_in_the_language_asked_with_the_same_codes(
        content: Content) -> None:
    from rollout.i18n import Language
    from rollout.services.plans import TargetMiss

    def miss_of(days: int) -> TargetMiss:
        return TargetMiss(target=dt.date(2027, 1, 4), first_go_live=dt.date(2027, 1, 4)
                          + dt.timedelta(days=days), days_late=days, reasons=[])

    assert [miss_of(d).describe_delay() for d in (1, 3, 7, 16)] == [
        "1 day", "3 days", "1 week", "2 weeks 2 days"]
    assert miss_of(16).describe_delay(Language.FA) == "2 هفته و 2 روز"
    assert miss_of(16).describe_delay(Language.FA, digits="persian") == "۲ هفته و ۲ روز"
    hershey = example_assessment(content, "hershey-1999")
    miss = target_miss(build_plan(hershey, assess(hershey, content), presets=content.presets))
    assert miss is not None
    english = miss.reason_messages(Language.EN, content.presets)
    persian = miss.reason_messages(Language.FA, content.presets)
    assert english == [(r.code, r.message) for r in miss.reasons]
    assert [code for code, _ in persian] == [code for code, _ in english]
    assert all(fa != en for (_, fa), (_, en) in zip(persian, english, strict=True))
    assert not any("moves from" in message for _, message in persian)


def test_the_peak_clash_warning_reads_in_persian_with_jalali_dates(content: Content) -> None:
    from rollout.i18n import Language
    from rollout.i18n.dates import format_date

    hershey = example_assessment(content, "hershey-1999")
    english = go_live_peak_clash(hershey.programme, content.presets)
    persian = go_live_peak_clash(hershey.programme, content.presets, lang=Language.FA)
    assert english is not None and english.startswith("The target go-live 1999-07-12 falls")
    assert persian is not None and "falls inside" not in persian
    assert format_date(hershey.programme.target_go_live, Language.FA) in persian
