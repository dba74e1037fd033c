"""Evaluation of one task: per-unit statistics and the metric functions over them.

Each evaluator takes the gold units and the prediction rows in the same (fixed)
order and returns a TaskEvaluation; dataset.scoring.tasks says which evaluator
scores which task, and the scorer turns the evaluation into point estimates and
bootstrap intervals.

Conventions (the one place they are stated; the scorer writes them into its output):
- The empty case: when the gold and the predictions are both empty (tp = fp = fn = 0:
  nothing to find and nothing found), precision, recall, F1 and accuracy on matched
  spans are 1.0, so a perfect system scores 1.0 everywhere. Any other zero
  denominator gives 0.0: precision with no predictions, recall with no gold,
  accuracy on matched spans when nothing matched. The agreement report
  (annotation.agreement) uses the same rule through the same function
  (dataset.scoring.metrics.f1_from_totals). A bootstrap resample follows it too: a
  resample with no gold and no predicted spans scores 1.0.
- F1 = 2·TP / (2·TP + FP + FN), which equals the harmonic mean of P and R.
- Macro-F1 is the unweighted mean of per-label F1 over the labels of the schema
  vocabulary that occur in the gold or the predictions of the sample, and in a
  bootstrap resample over those that occur in that resample: scikit-learn's
  `f1_score(average="macro")` on the resampled units. A label seen only in the
  predictions counts (its F1 is 0); a label in neither is left out.
- Per-class P/R/F1 intervals use only the resamples in which the class occurs in the
  gold or the predictions (`resamples_with_class` says how many): a resample without
  the class says nothing about it, and counting it as F1 0 would widen a perfect
  system's interval to [0, 1]. Classes with fewer than 5 gold units are flagged
  (`low_support`): their interval is unreliable.
- Strict span match: the same (start, end) in the same unit, one-to-one.
  Overlap match: a one-to-one matching of spans that share at least one
  character, with as many pairs as possible and then the largest total Jaccard
  overlap. value/unit/comparator/kind/type accuracy is over overlap-matched
  pairs; value (and value_max: both null, or close) agree by
  `math.isclose(rel_tol=1e-6)`.
- The main metric of a span task is strict on the span *and* its labels: a hit is an
  exact-offset match whose attributes all agree (targets `tuple_f1`: value,
  value_max, unit, comparator and kind; places `strict_typed_f1`: type, as in
  CoNLL). `strict_f1` (span only) and `overlap_f1` are secondary.
- Confusion matrices have gold labels as rows and predicted labels as columns.
- A 95% percentile bootstrap interval over units comes with every metric (see
  dataset.scoring.bootstrap); `compare` pairs two prediction files on the same
  resamples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from dataset.schema import label_set
from dataset.scoring.metrics import (
    MetricFn,
    StatBuilder,
    StatTable,
    add_classification_stats,
    add_multilabel_stats,
    add_span_stats,
    classification_metrics,
    label_indices,
    micro_f1_metric,
    same,
    span_metrics,
    values_agree,
)


@dataclass(frozen=True)
class SingleLabels:
    """A single-label field of a task: what per-class scores and the confusion use."""

    field: str
    prefix: str
    vocabulary: tuple[str, ...]
    gold: np.ndarray
    predicted: np.ndarray


@dataclass(frozen=True)
class TaskEvaluation:
    """What a task's evaluator computes from the units and the predictions."""

    fields: tuple[str, ...]
    """The fields scored: those of the task that the predictions hold."""
    table: StatTable
    metrics: dict[str, MetricFn]
    label_field: SingleLabels | None
    counts: dict[str, int]


Evaluator = Callable[[list[dict], list[dict]], TaskEvaluation]
"""(gold units, prediction rows in the same order) -> the task's evaluation."""


def evaluate_single(field: str) -> Evaluator:
    """The evaluator of a task on one single-label field: macro_f1 and accuracy."""

    def evaluate_field(units: list[dict], rows: list[dict]) -> TaskEvaluation:
        names = {"macro_f1": "macro_f1", "accuracy": "accuracy"}
        builder, metrics, labels = _classification_task(units, rows, field, "", names)
        return TaskEvaluation((field,), builder.build(), metrics, labels, {"units": len(units)})

    return evaluate_field


def evaluate_domain(units: list[dict], rows: list[dict]) -> TaskEvaluation:
    names = {"macro_f1": "primary_macro_f1", "accuracy": "primary_accuracy"}
    builder, metrics, labels = _classification_task(
        units, rows, "primary_domain", "primary_", names
    )
    fields: tuple[str, ...] = ("primary_domain",)
    if "domains" in rows[0]:
        add_multilabel_stats(
            builder, "domains_", [u["domains"] for u in units], [r["domains"] for r in rows]
        )
        metrics["domains_micro_f1"] = micro_f1_metric("domains_")
        fields += ("domains",)
    return TaskEvaluation(fields, builder.build(), metrics, labels, {"units": len(units)})


TARGET_CHECKS = {
    "value": values_agree,
    "unit": same("unit"),
    "comparator": same("comparator"),
    "kind": same("kind"),
}
"""What a target must share with its gold span, besides the exact offsets, to count in
the targets' main metric (tuple F1); the agreement report uses the same checks."""
PLACE_CHECKS = {"type": same("type")}
"""The same for places' main metric (strict span + type)."""


def evaluate_targets(units: list[dict], rows: list[dict]) -> TaskEvaluation:
    builder = _builder(units)
    checks = TARGET_CHECKS
    gold = [u["numeric_targets"] for u in units]
    predicted = [r["numeric_targets"] for r in rows]
    add_span_stats(builder, gold, predicted, checks, tuple_checks=list(checks))
    table = builder.build()
    return TaskEvaluation(
        ("numeric_targets",),
        table,
        span_metrics(list(checks), tuple_name="tuple"),
        None,
        _span_counts(table, "tuple_matches"),
    )


def evaluate_places(units: list[dict], rows: list[dict]) -> TaskEvaluation:
    """Span metrics when the predictions hold places, geo_scope metrics when they hold
    geo_scope, both when both."""
    builder = _builder(units)
    metrics: dict[str, MetricFn] = {}
    fields: tuple[str, ...] = ()
    labels = None
    if "places" in rows[0]:
        gold = [u["places"] for u in units]
        checks = PLACE_CHECKS
        add_span_stats(builder, gold, [r["places"] for r in rows], checks, tuple_checks=["type"])
        metrics |= span_metrics(list(checks), tuple_name="strict_typed")
        fields += ("places",)
    if "geo_scope" in rows[0]:
        labels = _single_labels(units, rows, "geo_scope", "geo_scope_")
        add_classification_stats(
            builder, "geo_scope_", labels.gold, labels.predicted, len(labels.vocabulary)
        )
        names = {"macro_f1": "geo_scope_macro_f1", "accuracy": "geo_scope_accuracy"}
        metrics |= classification_metrics("geo_scope_", names)
        fields += ("geo_scope",)
    table = builder.build()
    counts = (
        _span_counts(table, "strict_typed_matches") if "places" in fields else {"units": len(units)}
    )
    return TaskEvaluation(fields, table, metrics, labels, counts)


def _single_labels(units: list[dict], rows: list[dict], field: str, prefix: str) -> SingleLabels:
    vocabulary = label_set(field)
    return SingleLabels(
        field,
        prefix,
        vocabulary,
        label_indices([u[field] for u in units], vocabulary),
        label_indices([r[field] for r in rows], vocabulary),
    )


def _classification_task(
    units: list[dict], rows: list[dict], field: str, prefix: str, names: dict[str, str]
) -> tuple[StatBuilder, dict[str, MetricFn], SingleLabels]:
    builder = _builder(units)
    labels = _single_labels(units, rows, field, prefix)
    add_classification_stats(builder, prefix, labels.gold, labels.predicted, len(labels.vocabulary))
    return builder, classification_metrics(prefix, names), labels


def _builder(units: list[dict]) -> StatBuilder:
    builder = StatBuilder(len(units))
    builder.add("units", np.ones(len(units)))
    return builder


def _span_counts(table: StatTable, tuple_count: str) -> dict[str, int]:
    """Span totals; `tuple_count` names the count of hits of the main metric."""
    totals = table.totals()
    return {
        "units": int(totals.col("units")),
        "gold_spans": int(totals.col("gold")),
        "predicted_spans": int(totals.col("predicted")),
        tuple_count: int(totals.col("tuple")),
        "strict_matches": int(totals.col("strict")),
        "overlap_matches": int(totals.col("matched")),
    }
