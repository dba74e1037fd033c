"""The benchmark tasks, one `Task` each: adding a task is one entry in TASKS.

Tasks and metrics (the first of each task is its main metric):

- type (commitment_type): macro_f1; accuracy; per-class P/R/F1; confusion matrix.
- strength (commitment_strength): macro_f1; accuracy.
- domain (primary_domain, optionally domains): primary_macro_f1; primary_accuracy;
  domains_micro_f1 (multi-label micro-F1 over `domains`).
- targets (numeric_targets): tuple_f1 (+ precision, recall): exact span and value,
  value_max, unit, comparator and kind all right; strict_f1 (span only) and
  overlap_f1 (+ P, R); value/unit/comparator/kind accuracy on overlap-matched spans.
- places (places and/or geo_scope): strict_typed_f1 (+ P, R): exact span and type
  (CoNLL-style); strict_f1 (span only) and overlap_f1 (+ P, R); type_accuracy on
  overlap-matched spans; geo_scope_macro_f1; geo_scope_accuracy.

Every single-label field (commitment_type, commitment_strength, primary_domain,
geo_scope) also gets per-class P/R/F1 with intervals, support and a confusion matrix.

The conventions behind the metrics are in dataset.scoring.evaluation.

A task is scored when its fields are present in the predictions: type ←
commitment_type, strength ← commitment_strength, domain ← primary_domain
(domains_micro_f1 only when `domains` is given too), targets ← numeric_targets,
places ← places and/or geo_scope. When only geo_scope is given, the places task
reports geo_scope metrics and its main metric is geo_scope_macro_f1.
"""

from __future__ import annotations

from dataclasses import dataclass

from dataset.scoring.evaluation import (
    Evaluator,
    TaskEvaluation,
    evaluate_domain,
    evaluate_places,
    evaluate_single,
    evaluate_targets,
)

RESOURCES = "closed: the train split and the codebook; open: anything, the gazetteer included"
"""What a system may use, stated with its results (DESIGN.md, section 4)."""


@dataclass(frozen=True)
class Task:
    """One benchmark task: the label fields it scores, how, and which metric heads it."""

    name: str
    description: str
    fields: tuple[str, ...]
    """The label fields it scores; the task is scored when the predictions hold any."""
    evaluator: Evaluator
    main_metric: str
    fallback_metric: str | None = None
    """The main metric when the predictions lack the fields `main_metric` needs."""
    dependent_fields: tuple[str, ...] = ()
    """Fields scored only along with the task's other fields, never alone."""
    resources: str = RESOURCES

    def main_metric_of(self, evaluation: TaskEvaluation) -> str:
        """The main metric of this evaluation: `main_metric`, else the fallback."""
        if self.fallback_metric is None or self.main_metric in evaluation.metrics:
            return self.main_metric
        return self.fallback_metric

    @property
    def independent_fields(self) -> tuple[str, ...]:
        return tuple(field for field in self.fields if field not in self.dependent_fields)


TASKS: dict[str, Task] = {
    task.name: task
    for task in (
        Task(
            name="type",
            description="the commitment type of each unit",
            fields=("commitment_type",),
            evaluator=evaluate_single("commitment_type"),
            main_metric="macro_f1",
        ),
        Task(
            name="strength",
            description="the commitment strength of each unit",
            fields=("commitment_strength",),
            evaluator=evaluate_single("commitment_strength"),
            main_metric="macro_f1",
        ),
        Task(
            name="domain",
            description="the primary policy domain, and optionally all domains, of each unit",
            fields=("primary_domain", "domains"),
            evaluator=evaluate_domain,
            main_metric="primary_macro_f1",
            dependent_fields=("domains",),
        ),
        Task(
            name="targets",
            description="numeric target spans with value, value_max, unit, comparator and kind",
            fields=("numeric_targets",),
            evaluator=evaluate_targets,
            main_metric="tuple_f1",
        ),
        Task(
            name="places",
            description="place spans with their type, and the geographic scope of each unit",
            fields=("places", "geo_scope"),
            evaluator=evaluate_places,
            main_metric="strict_typed_f1",
            fallback_metric="geo_scope_macro_f1",
        ),
    )
}
"""Every task, in the order results list them."""


def scored_tasks(present_fields: list[str]) -> list[str]:
    """The tasks that predictions holding `present_fields` are scored on."""
    return [name for name, task in TASKS.items() if set(task.fields) & set(present_fields)]
