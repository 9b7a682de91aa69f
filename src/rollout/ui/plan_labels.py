"""How the plan page names its tasks in pickers, worked out once per plan (issue 16).

The page offers every task (1,585 on the large benchmark programme) in three selectboxes;
formatting each option through the translation layer on every rerun took a quarter of the
page's time. The labels are kept for the plan object they were made from (a cached plan is the
same object until its data changes; the object is held and compared, so a reused id never
matches), per language and digits.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from rollout.domain.plan import Plan
from rollout.ui.translation import current_digits, date, isolate, language

MAX_PLANS = 8


@dataclass(frozen=True)
class TaskLabels:
    by_date: dict[str, str]  # task id -> "name (its start date)", for reading
    by_id: dict[str, str]  # task id -> "name (its id)", for choosing what an override names


_labels: OrderedDict[tuple[object, ...], tuple[Plan, TaskLabels]] = OrderedDict()
_lock = threading.Lock()


def task_labels(plan: Plan) -> TaskLabels:
    key = (id(plan), language(), current_digits())
    with _lock:
        kept = _labels.get(key)
        if kept is not None and kept[0] is plan:
            _labels.move_to_end(key)
            return kept[1]
    labels = TaskLabels(by_date={t.id: f"{t.name} ({date(t.start)})" for t in plan.tasks},
                        by_id={t.id: f"{t.name} ({isolate(t.id)})" for t in plan.tasks})
    with _lock:
        _labels[key] = (plan, labels)
        while len(_labels) > MAX_PLANS:
            _labels.popitem(last=False)
    return labels
