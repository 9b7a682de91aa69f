"""The task network: task specifications before scheduling, and their dependency graph.

A :class:`TaskSpec` says what a task needs (working days, a resource, which countries' calendars,
its predecessors with lags); the scheduler gives it dates. The graph is a networkx DAG; a cycle is
a planning error that names the loop, so a user who pins or adds dependencies learns which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx

from rollout.domain.plan import GUARDED_KINDS, GateCriterion, Phase, Resource, TaskKind
from rollout.errors import DependencyCycleError, PlanningError


@dataclass
class TaskSpec:
    id: str
    name: str
    kind: TaskKind
    phase: Phase
    duration_workdays: int
    depends_on: list[tuple[str, int]] = field(default_factory=list)  # (task id, lag in workdays)
    wave: str | None = None
    resource: Resource | None = None
    demand: int = 0
    countries: tuple[str, ...] = ()
    platform: str | None = None
    unit: str | None = None
    criteria: list[GateCriterion] = field(default_factory=list)
    action: str | None = None
    # Not before this date; with an offset, not before that many working days before it (a
    # cutover that must end just before a target go-live).
    release: dt.date | None = None
    release_offset_workdays: int = 0
    # Working days after the end that must also stay outside blackouts (a cutover guards the
    # data checks and the go-live that follow it).
    guard_workdays: int = 0
    # May move later, towards its successors, once the schedule is fixed (training, gates).
    just_in_time: bool = False
    # Always moves later, towards its go-live, once the schedule is fixed: migrated data must
    # not wait (across a peak season, say) between a cutover and the go-live it serves.
    with_go_live: bool = False
    _deps: set[str] = field(default_factory=set, repr=False, compare=False)

    @property
    def guarded(self) -> bool:
        return self.kind in GUARDED_KINDS

    @property
    def milestone(self) -> bool:
        return self.duration_workdays == 0

    def after(self, *task_ids: str, lag: int = 0) -> TaskSpec:
        if len(self._deps) != len(self.depends_on):
            self._deps = {dep for dep, _ in self.depends_on}
        for task_id in task_ids:
            if task_id not in self._deps:
                self._deps.add(task_id)
                self.depends_on.append((task_id, lag))
        return self


def build_graph(specs: Sequence[TaskSpec]) -> nx.DiGraph:
    """The dependency DAG (edge attribute ``lag``); raises on unknown ids and on cycles."""
    graph = nx.DiGraph()
    ids = set()
    for spec in specs:
        if spec.id in ids:
            raise PlanningError(f"task id {spec.id!r} is used twice")
        ids.add(spec.id)
        graph.add_node(spec.id)
    for spec in specs:
        for dep, lag in spec.depends_on:
            if dep not in ids:
                raise PlanningError(f"task {spec.id!r} depends on {dep!r}, which is not a task")
            graph.add_edge(dep, spec.id, lag=lag)
    check_acyclic(graph)
    return graph


def check_acyclic(graph: nx.DiGraph) -> None:
    if nx.is_directed_acyclic_graph(graph):
        return  # the common case, and much cheaper than looking for a cycle
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    loop = [edge[0] for edge in cycle] + [cycle[0][0]]
    raise DependencyCycleError(loop)


def remaining_path(graph: nx.DiGraph, specs: Iterable[TaskSpec]) -> dict[str, int]:
    """Working days from each task's start to the end of the network along its longest path.

    The scheduler starts the task with the longest remaining path first: the classic priority
    rule for resource-constrained scheduling, and the one that keeps the critical chain moving.
    """
    duration = {s.id: s.duration_workdays for s in specs}
    tail: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        tail[node] = duration[node] + max(
            (data["lag"] + tail[succ] for succ, data in graph.succ[node].items()), default=0)
    return tail
