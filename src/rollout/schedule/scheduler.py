"""Scheduling the task network on working days under resource capacities and blackouts.

The method is a serial schedule-generation scheme, the standard heuristic for
resource-constrained project scheduling: tasks are taken in priority order (longest remaining
path first; every predecessor already placed) and each is placed at the earliest working day
where

* every predecessor has finished (plus its lag), in the task's own calendar;
* its resource (trainer seats, migration tracks) has room on each of its working days;
* for a cutover or go-live, neither it nor the checks and go-live day it guards touch a blackout
  or the buffer before it, unless an override with a reason accepts that.

A second, backward pass ("just in time") then moves training, access and gates as late as their
successors allow, so people are trained shortly before they switch; it never moves a go-live, so
the plan's length is unchanged.

Every decision that moves a date leaves a note: ``blackout_shift``, ``capacity_wait``,
``target_date``, ``dependency_wait``, ``override_applied``, ``override_conflict``, ``just_in_time``.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import networkx as nx

from rollout.domain.codes import NoteCode, ViolationCode
from rollout.domain.plan import (
    Blackout,
    BlackoutKind,
    Note,
    PinDate,
    Resource,
    TaskKind,
    Violation,
)
from rollout.errors import N_, Message, PlanningError
from rollout.schedule.blackouts import BlackoutMap
from rollout.schedule.calendar import CalendarSet, WorkCalendar
from rollout.schedule.network import TaskSpec, remaining_path

# A search that moves a task this many times has met a calendar with no room left.
_MAX_MOVES = 20_000


@dataclass
class Slot:
    start: int
    end: int
    # Why the start is later than the predecessors allow, for the notes: "blackout" or "target",
    # the window, and by how many working days. Passed on within a wave so a go-live explains
    # the shift of the cutover that set its date.
    cause: str | None = None
    window: Blackout | None = None
    delay_workdays: int = 0
    crossed: list[str] = field(default_factory=list)
    pinned: bool = False


class Scheduler:
    def __init__(
        self,
        specs: Sequence[TaskSpec],
        graph: nx.DiGraph,
        calendars: CalendarSet,
        blackouts: BlackoutMap,
        capacities: Mapping[Resource, int],
        pins: Sequence[PinDate] = (),
        holds: Mapping[str, Blackout] | None = None,
    ) -> None:
        self.specs = {s.id: s for s in specs}
        # Cutovers held until after a peak season: an earlier pass placed them before it while
        # their go-live had to wait until after it (see data_waiting_across_peaks).
        self.holds: dict[str, Blackout] = dict(holds or {})
        self.graph = graph
        self.calendars = calendars
        self.blackouts = blackouts
        self.capacities = dict(capacities)
        self.usage: dict[Resource, list[int]] = {r: [] for r in Resource}
        self.holding: dict[Resource, dict[int, set[str]]] = {r: {} for r in Resource}
        self.slots: dict[str, Slot] = {}
        self.notes: list[Note] = []
        # The capacity_wait note of each task that has one, and the ones a later move made
        # wrong: they are left out once, in plan_notes(), because filtering the list on every move
        # made the backward pass quadratic (9 s of 30 on the 10x programme).
        self._capacity_waits: dict[str, Note] = {}
        self._retracted: set[int] = set()
        self.violations: list[Violation] = []
        self.exempt: set[str] = set()
        self.release: dict[str, tuple[dt.date, int]] = {
            s.id: (s.release, s.release_offset_workdays) for s in specs if s.release is not None}
        self.pins: dict[str, PinDate] = {}
        for pin in pins:
            if pin.task not in self.specs:
                raise PlanningError(Message(N_("override pin: no task {task}; task ids are "
                                               "listed in the plan's tasks"), task=repr(pin.task)))
            self.pins[pin.task] = pin
        self._prepare_go_live_pins()

    def cal(self, spec: TaskSpec) -> WorkCalendar:
        return self.calendars.get(spec.countries)

    def date(self, index: int) -> dt.date:
        return self.calendars.origin + dt.timedelta(days=index)

    # --- pins on go-lives ---------------------------------------------------------------------

    def _prepare_go_live_pins(self) -> None:
        """A pinned go-live pulls its cutovers to just before it (and, if the pin is accepted
        inside a blackout, lets them in as well)."""
        for task_id, pin in self.pins.items():
            spec = self.specs[task_id]
            if spec.kind is not TaskKind.GO_LIVE:
                continue
            cal = self.cal(spec)
            day = cal.next_workday(cal.index(pin.date)) if cal.index(pin.date) >= 0 else -1
            if day < 0:
                continue
            blocked = self.blackouts.conflict(day, day) is not None
            if blocked and not pin.reason:
                continue  # refused when the go-live itself is placed
            for pred in self.graph.predecessors(task_id):
                block = [pred, *self.graph.predecessors(pred)]
                for tid in block:
                    other = self.specs[tid]
                    if other.kind is TaskKind.CUTOVER and other.wave == spec.wave:
                        offset = other.duration_workdays + max(0, other.guard_workdays - 1)
                        self.release[tid] = (pin.date, offset)
                        if blocked:
                            self.exempt.add(tid)

    # --- the forward pass ---------------------------------------------------------------------

    def run(self) -> dict[str, Slot]:
        """Place every task; the result is also in ``slots``, the reasons in ``notes``."""
        tail = remaining_path(self.graph, self.specs.values())
        order = {n: i for i, n in enumerate(nx.lexicographical_topological_sort(self.graph))}
        waiting = {n: self.graph.in_degree(n) for n in self.graph}
        ready = [(-tail[n], order[n], n) for n, d in waiting.items() if d == 0]
        heapq.heapify(ready)
        while ready:
            _, _, task_id = heapq.heappop(ready)
            self.place(self.specs[task_id])
            for succ in self.graph.successors(task_id):
                waiting[succ] -= 1
                if waiting[succ] == 0:
                    heapq.heappush(ready, (-tail[succ], order[succ], succ))
        return self.slots

    def earliest(self, spec: TaskSpec, cal: WorkCalendar) -> tuple[int, str | None]:
        """Earliest start the predecessors allow, and the predecessor that sets it."""
        best, binding = cal.next_workday(0), None
        for pred, data in self.graph.pred[spec.id].items():
            slot = self.slots[pred]
            start = cal.after(slot.end, data["lag"], milestone=self.specs[pred].milestone)
            if start > best or (start == best and binding is None):
                best, binding = start, pred
        return best, binding

    def place(self, spec: TaskSpec) -> None:
        cal = self.cal(spec)
        try:
            est, binding = self.earliest(spec, cal)
            lower = est
            release_day = None
            if spec.id in self.release:
                when, offset = self.release[spec.id]
                release_day = cal.next_workday(cal.index(when))
                if offset:
                    release_day = max(0, cal.advance(release_day, -offset))
                lower = max(lower, release_day)
            hold = self.holds.get(spec.id)
            hold_day = None
            if hold is not None:
                hold_day = cal.next_workday(cal.index(hold.end) + 1)
                if hold_day <= lower:
                    hold_day = None
                else:
                    held_from, lower = lower, hold_day
            pin = self.pins.get(spec.id)
            if pin is not None and self._place_pinned(spec, cal, pin, est):
                return
            slot = self._search(spec, cal, lower)
        except OverflowError:
            raise PlanningError(f"no allowed date for {spec.id} ({spec.name}) within the "
                                f"calendar horizon; check blackouts and closures") from None
        if hold is not None and hold_day is not None and slot.cause is None:
            # The same note a go-live or cutover gets when a window pushes it out, so the go-live
            # that follows the cutover explains its date by the peak as well.
            slot.cause, slot.window = "blackout", hold
            slot.delay_workdays = cal.workdays(held_from, slot.start - 1)
            slot.crossed = [hold.name]
            self.notes.append(self._shift_note(spec, held_from, slot.start, hold, [hold.name]))
        if slot.cause is None and release_day is not None and release_day > est \
                and slot.start >= release_day:
            slot.cause, slot.delay_workdays = "target", cal.workdays(est, release_day - 1)
        if slot.cause is None and binding is not None and slot.start == est:
            source = self.slots[binding]
            if source.cause and self.specs[binding].wave == spec.wave and spec.wave is not None:
                slot.cause, slot.window = source.cause, source.window
                slot.delay_workdays, slot.crossed = source.delay_workdays, source.crossed
        self.slots[spec.id] = slot
        self._occupy(spec, cal, slot, +1)
        if spec.kind is TaskKind.GO_LIVE:
            self._explain_go_live(spec, cal, slot, est, binding, release_day)

    def _search(self, spec: TaskSpec, cal: WorkCalendar, lower: int) -> Slot:
        start = cal.next_workday(lower)
        shifted_from: int | None = None
        window: Blackout | None = None
        crossed: list[str] = []  # every window the search had to step over
        waited_from: int | None = None
        guarded = spec.guarded and spec.id not in self.exempt
        for _ in range(_MAX_MOVES):
            end = cal.finish(start, spec.duration_workdays)
            if guarded:
                clash = self.blackouts.conflict(start, self._guard_end(spec, cal, end))
                if clash is not None:
                    span, last = clash
                    if shifted_from is None:
                        shifted_from, window = start, span.blackout
                    crossed += [s.blackout.name for s in self.blackouts.overlapping(start, last)
                                if s.blackout.name not in crossed]
                    start = cal.next_workday(last + 1)
                    continue
            if spec.resource is not None:
                busy = self._first_overload(spec, cal, start, end)
                if busy is not None:
                    if waited_from is None:
                        waited_from = start
                    start = cal.next_workday(busy + 1)
                    continue
            break
        else:
            raise OverflowError
        slot = Slot(start, end)
        if shifted_from is not None and window is not None:
            slot.cause, slot.window = "blackout", window
            slot.delay_workdays = cal.workdays(shifted_from, start - 1)
            slot.crossed = crossed
            self.notes.append(self._shift_note(spec, shifted_from, start, window, crossed))
        if waited_from is not None and spec.resource is not None:
            holders = self._holders(spec.resource, cal.prev_workday(start - 1), spec.id)
            wait = Note(
                code=NoteCode.CAPACITY_WAIT, task=spec.id, from_date=self.date(waited_from),
                to_date=self.date(start),
                message=f"{spec.name} waits from {self.date(waited_from)} to {self.date(start)} "
                        f"for {spec.resource.value.replace('_', ' ')} "
                        f"(capacity {self.capacities[spec.resource]}).",
                data={"resource": spec.resource.value, "capacity": self.capacities[spec.resource],
                      "demand": spec.demand, "waiting_for": holders, "task_name": spec.name},
            )
            self._capacity_waits[spec.id] = wait
            self.notes.append(wait)
        return slot

    def _guard_end(self, spec: TaskSpec, cal: WorkCalendar, end: int) -> int:
        if spec.guard_workdays <= 0:
            return end
        return cal.finish(cal.after(end, milestone=spec.milestone), spec.guard_workdays)

    def _first_overload(self, spec: TaskSpec, cal: WorkCalendar, start: int, end: int) -> int | None:
        """The last day in [start, end] where the resource cannot take this task (or None)."""
        assert spec.resource is not None
        usage = self.usage[spec.resource]
        limit = self.capacities[spec.resource] - spec.demand
        if limit < 0:
            raise PlanningError(f"{spec.id} needs {spec.demand} {spec.resource.value} but the "
                                f"capacity is {self.capacities[spec.resource]}")
        for day in range(min(end, len(usage) - 1), start - 1, -1):
            if usage[day] > limit and cal.capacity(day):
                return day
        return None

    def _occupy(self, spec: TaskSpec, cal: WorkCalendar, slot: Slot, sign: int) -> None:
        if spec.resource is None or spec.demand == 0:
            return
        usage = self.usage[spec.resource]
        holding = self.holding[spec.resource]
        if len(usage) <= slot.end:
            usage.extend([0] * (slot.end + 1 - len(usage) + 366))
        for day in range(slot.start, slot.end + 1):
            if cal.capacity(day):
                usage[day] += sign * spec.demand
                if sign > 0:
                    holding.setdefault(day, set()).add(spec.id)
                else:
                    holding[day].discard(spec.id)

    def _holders(self, resource: Resource, day: int, exclude: str) -> list[str]:
        return sorted(self.holding[resource].get(day, set()) - {exclude})[:10]

    def _shift_note(self, spec: TaskSpec, before: int, after: int, window: Blackout,
                    crossed: Sequence[str]) -> Note:
        others = [name for name in crossed if name != window.name]
        return Note(
            code=NoteCode.BLACKOUT_SHIFT, task=spec.id, from_date=self.date(before),
            to_date=self.date(after), window=window.name,
            message=f"{spec.name} moves from {self.date(before)} to {self.date(after)}: "
                    f"{window.name} ({window.kind.value}, {window.start} to {window.end}"
                    + (f", buffer from {window.blocked_from}" if window.buffer_weeks else "")
                    + ") allows no go-live or cutover"
                    + (f"; nor do {', '.join(others)} after it" if others else "") + ".",
            data={"kind": window.kind.value, "window_start": window.start.isoformat(),
                  "window_end": window.end.isoformat(),
                  "blocked_from": window.blocked_from.isoformat(), "reason": window.reason,
                  "windows": list(crossed) or [window.name], "buffer_weeks": window.buffer_weeks,
                  "task_name": spec.name},
        )

    def _explain_go_live(self, spec: TaskSpec, cal: WorkCalendar, slot: Slot, est: int,
                         binding: str | None, release_day: int | None) -> None:
        start = self.date(slot.start)
        if slot.pinned:
            return
        if slot.cause == "blackout" and slot.window is not None:
            if not any(n.task == spec.id and n.code == NoteCode.BLACKOUT_SHIFT for n in self.notes):
                before = cal.advance(slot.start, -slot.delay_workdays)
                self.notes.append(self._shift_note(spec, before, slot.start, slot.window,
                                                   slot.crossed))
        elif slot.cause == "target":
            before = cal.advance(slot.start, -slot.delay_workdays)
            self.notes.append(Note(
                code=NoteCode.TARGET_DATE, task=spec.id, from_date=self.date(before), to_date=start,
                message=f"{spec.name} is held to the target go-live {start}; the work before it "
                        f"could finish by {self.date(before)}.",
                data={"target": start.isoformat(), "task_name": spec.name}))
        elif release_day is not None and est > release_day:
            self.notes.append(Note(
                code=NoteCode.DEPENDENCY_WAIT, task=spec.id, from_date=self.date(release_day),
                to_date=start,
                message=f"{spec.name} cannot make the target {self.date(release_day)}: it waits "
                        f"for {binding} and goes live {start}.",
                data={"waiting_for": binding, "target": self.date(release_day).isoformat(),
                      "task_name": spec.name}))

    def _place_pinned(self, spec: TaskSpec, cal: WorkCalendar, pin: PinDate, est: int) -> bool:
        """Place a pinned task; False when the pin is refused (the task is then planned)."""
        index = cal.index(pin.date)
        base: dict[str, object] = {"override": "pin", "date": pin.date.isoformat(),
                                   "reason": pin.reason, "author": pin.author}
        if index < 0:
            self._refuse(spec, pin, f"{pin.date} is before the programme starts",
                         {**base, "refused": "before_start"})
            return False
        start = cal.next_workday(index)
        end = cal.finish(start, spec.duration_workdays)
        clash = None
        if spec.guarded:
            clash = self.blackouts.conflict(start, start if spec.kind is TaskKind.GO_LIVE
                                            else end)
        if clash is not None and not pin.reason:
            window = clash[0].blackout
            self._refuse(spec, pin, f"{pin.date} is inside {window.name} ({window.kind.value}, "
                         f"blocked {window.blocked_from} to {window.end}); an override into a "
                         f"blackout needs a reason",
                         {**base, "window": window.name, "refused": "blackout",
                          "kind": window.kind.value,
                          "blocked_from": window.blocked_from.isoformat(),
                          "window_end": window.end.isoformat()})
            return False
        slot = Slot(start, end, pinned=True)
        self.slots[spec.id] = slot
        self._occupy(spec, cal, slot, +1)
        data: dict[str, object] = {**base, "task_name": spec.name}
        if start != index:
            data["moved_to_workday"] = self.date(start).isoformat()
        window_name = None
        if clash is not None:
            self.exempt.add(spec.id)
            window_name = clash[0].blackout.name
            data["window"] = window_name
        self.notes.append(Note(
            code=NoteCode.OVERRIDE_APPLIED, task=spec.id, from_date=self.date(est),
            to_date=self.date(start), window=window_name,
            message=f"{spec.name} pinned to {self.date(start)}"
                    + (f" inside {window_name}, accepted" if window_name else "")
                    + (f": {pin.reason}" if pin.reason else "."),
            data=data))
        return True

    def _refuse(self, spec: TaskSpec, pin: PinDate, why: str, data: dict[str, object]) -> None:
        message = f"Pin of {spec.id} to {pin.date} refused: {why}."
        self.notes.append(Note(code=NoteCode.OVERRIDE_CONFLICT, task=spec.id, message=message,
                               from_date=pin.date, window=str(data.get("window") or "") or None,
                               data=dict(data)))
        self.violations.append(Violation(code=ViolationCode.OVERRIDE_CONFLICT, task=spec.id, message=message,
                                         data=dict(data)))

    def data_waiting_across_peaks(self) -> dict[str, Blackout]:
        """Cutovers whose migrated data would wait across a whole peak season before their go-live,
        with the last such peak: the go-live was pushed past the peak after the cutover had found
        room before it. Planning again with these held until after the peak puts the cutover
        just before its go-live (Hershey 1999 and Vodafone 2016: data moved, then left to age
        while the business ran its busiest weeks on the old systems)."""
        go_lives = {spec.wave: self.slots[spec.id].start for spec in self.specs.values()
                    if spec.kind is TaskKind.GO_LIVE and spec.wave is not None}
        peaks = [(self.blackouts.index(s.blackout.start), s.last, s.blackout)
                 for s in self.blackouts.spans if s.blackout.kind is BlackoutKind.PEAK_SEASON]
        waiting: dict[str, Blackout] = {}
        for spec in self.specs.values():
            if spec.kind is not TaskKind.CUTOVER or spec.wave not in go_lives \
                    or self.slots[spec.id].pinned or spec.id in self.exempt:
                continue
            end, go_live = self.slots[spec.id].end, go_lives[spec.wave]
            crossed = [(last, b) for first, last, b in peaks if end < first and last < go_live]
            if crossed:
                waiting[spec.id] = max(crossed, key=lambda c: c[0])[1]
        return waiting

    def plan_notes(self) -> list[Note]:
        """The notes that explain the final dates (a capacity wait undone by a move left out)."""
        return [n for n in self.notes if id(n) not in self._retracted]

    # --- the backward pass --------------------------------------------------------------------

    def just_in_time(self, *, training: bool = True) -> None:
        """Move cutovers and their data checks, and with ``training`` also training, access and
        gates, as late as their successors allow.

        Tasks are taken latest-deadline first (a backward serial pass), each once all of its
        movable successors have moved, so the wave going live last gets the late trainer seats.
        A cutover that fitted into a gap before a peak season while its go-live had to wait
        until after it moves up to the go-live, so migrated data never waits across the peak.
        """
        movable = {tid for tid, spec in self.specs.items()
                   if (spec.with_go_live or (training and spec.just_in_time))
                   and not self.slots[tid].pinned and not spec.milestone
                   and self.graph.out_degree(tid)}
        blocking = {tid: sum(1 for s in self.graph.successors(tid) if s in movable)
                    for tid in movable}
        heap = [(-self._deadline(tid), tid) for tid in movable if blocking[tid] == 0]
        heapq.heapify(heap)
        while heap:
            _, task_id = heapq.heappop(heap)
            self._move_late(task_id)
            for pred in self.graph.predecessors(task_id):
                if pred in movable:
                    blocking[pred] -= 1
                    if blocking[pred] == 0:
                        heapq.heappush(heap, (-self._deadline(pred), pred))

    def _deadline(self, task_id: str) -> int:
        spec = self.specs[task_id]
        cal = self.cal(spec)
        return min(self._latest_end(cal, succ, data["lag"])
                   for succ, data in self.graph.succ[task_id].items())

    def _move_late(self, task_id: str) -> None:
        spec = self.specs[task_id]
        slot = self.slots[task_id]
        cal = self.cal(spec)
        latest_end = self._deadline(task_id)
        if latest_end <= slot.end:
            return
        self._occupy(spec, cal, slot, -1)
        moved = self._latest_fit(spec, cal, slot, latest_end)
        if moved is None:
            self._occupy(spec, cal, slot, +1)
            return
        self.slots[task_id] = moved
        self._occupy(spec, cal, moved, +1)
        # The wait for capacity no longer explains the date; the move does.
        wait = self._capacity_waits.pop(task_id, None)
        if wait is not None:
            self._retracted.add(id(wait))
        self.notes.append(Note(
            code=NoteCode.JUST_IN_TIME, task=task_id, from_date=self.date(slot.start),
            to_date=self.date(moved.start),
            message=f"{spec.name} moves from {self.date(slot.start)} to "
                    f"{self.date(moved.start)} to finish just before what needs it.",
            data={"before": sorted(self.graph.successors(task_id))[:10], "task_name": spec.name}))

    def _latest_end(self, cal: WorkCalendar, succ: str, lag: int) -> int:
        succ_spec = self.specs[succ]
        succ_cal = self.cal(succ_spec)
        start = self.slots[succ].start
        if lag > 0:
            start = succ_cal.latest_start(succ_cal.prev_workday(start - 1), lag)
        return cal.prev_workday(start - 1)

    def _latest_fit(self, spec: TaskSpec, cal: WorkCalendar, slot: Slot, latest_end: int
                    ) -> Slot | None:
        start = cal.latest_start(latest_end, spec.duration_workdays)
        for _ in range(_MAX_MOVES):
            if start <= slot.start:
                return None
            end = cal.finish(start, spec.duration_workdays)
            if end > latest_end:
                start = cal.prev_workday(start - 1)
                continue
            if spec.guarded and self.blackouts.conflict(start, self._guard_end(spec, cal, end)):
                return None
            if spec.resource is not None:
                busy = self._first_overload(spec, cal, start, end)
                if busy is not None:
                    start = cal.latest_start(cal.prev_workday(busy - 1), spec.duration_workdays)
                    continue
            return Slot(start, end)
        return None
