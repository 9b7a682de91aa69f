"""The plan page's task labels: made once per plan object, each naming its task."""

from __future__ import annotations

from rollout.schedule import build_plan
from rollout.ui.plan_labels import task_labels
from tests.builders.plans import assessment


def test_labels_name_every_task_and_are_kept_per_plan_object() -> None:
    plan = build_plan(assessment(), presets={})
    labels = task_labels(plan)
    assert set(labels.by_date) == set(labels.by_id) == {t.id for t in plan.tasks}
    first = plan.tasks[0]
    assert labels.by_date[first.id].startswith(first.name)
    assert first.id in labels.by_id[first.id]
    assert task_labels(plan) is labels
    assert task_labels(plan.model_copy()) is not labels
