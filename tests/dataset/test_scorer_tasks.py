"""The task registry agrees with the schema and with what each task's evaluator computes."""

from __future__ import annotations

from itertools import combinations

import pytest

from dataset.schema import LABEL_FIELDS
from dataset.scoring.tasks import TASKS, Task, scored_tasks
from tests.factories import make_unit, place, target

FIRST, SECOND = "新增城镇就业岗位3000个以上。", "支持青枫镇发展茶叶加工。"


def gold_rows() -> list[dict]:
    return [
        make_unit(
            0,
            FIRST,
            numeric_targets=[target(FIRST, "3000个", 3000, "个", comparator=">=")],
            primary_domain="labor",
            domains=["labor"],
        ),
        make_unit(1, SECOND, places=[place(SECOND, "青枫镇")], geo_scope="locality"),
    ]


def field_choices(task: Task) -> list[tuple[str, ...]]:
    """Every set of the task's fields a prediction file may hold (a dependent field
    never alone)."""
    return [
        fields
        for size in range(1, len(task.fields) + 1)
        for fields in combinations(task.fields, size)
        if set(fields) & set(task.independent_fields)
    ]


def test_every_task_scores_label_fields_of_the_schema():
    for task in TASKS.values():
        assert task.fields and set(task.fields) <= set(LABEL_FIELDS), task.name
        assert set(task.dependent_fields) < set(task.fields), task.name
        assert task.description and task.resources, task.name


def test_every_label_field_is_scored_by_exactly_one_task():
    scored = [field for task in TASKS.values() for field in task.fields]
    assert sorted(scored) == sorted(LABEL_FIELDS)
    assert {field: scored_tasks([field]) for field in LABEL_FIELDS} == {
        field: [name] for name, task in TASKS.items() for field in task.fields
    }


def test_registry_keys_are_the_task_names():
    assert [task.name for task in TASKS.values()] == list(TASKS)


@pytest.mark.parametrize("name", list(TASKS))
def test_main_metric_is_one_the_evaluator_produces(name):
    task = TASKS[name]
    gold = gold_rows()
    for fields in field_choices(task):
        rows = [{"id": unit["id"]} | {field: unit[field] for field in fields} for unit in gold]
        evaluation = task.evaluator(gold, rows)
        assert set(evaluation.fields) == set(fields)
        assert task.main_metric_of(evaluation) in evaluation.metrics, (name, fields)
    everything = task.evaluator(gold, gold)
    assert task.main_metric_of(everything) == task.main_metric
    if task.fallback_metric is not None:
        assert task.fallback_metric in everything.metrics
