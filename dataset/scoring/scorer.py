"""The official GWRCommit scorer: five tasks, bootstrap intervals, paired comparison.

Tasks and metrics (the first of each task is its main metric):

- type (commitment_type): macro_f1; accuracy; per-class P/R/F1; confusion matrix.
- strength (commitment_strength): macro_f1; accuracy.
- domain (primary_domain, optionally domains): primary_macro_f1; primary_accuracy;
  domains_micro_f1 (multi-label micro-F1 over `domains`).
- targets (numeric_targets): strict_f1 (+ precision, recall); overlap_f1 (+ P, R);
  value/unit/comparator/kind accuracy on matched spans; tuple_f1 (+ P, R).
- places (places and/or geo_scope): strict_f1 (+ P, R); overlap_f1 (+ P, R);
  type_accuracy on matched spans; geo_scope_macro_f1; geo_scope_accuracy.

Conventions:
- Macro-F1 is the unweighted mean of per-label F1 over the labels of the schema
  vocabulary that occur in the gold or the predictions (of the sample or the
  resample): scikit-learn's `f1_score(average="macro")`.
- Every ratio with a zero denominator is 0.0 (precision with no predictions,
  recall with no gold, F1 with neither, accuracy over no matched spans). So a
  span task whose gold and predictions are both empty scores 0.0, not 1.0.
- Strict span match: the same (start, end) in the same unit, one-to-one.
  Overlap match: a one-to-one matching of spans that share at least one
  character, with as many pairs as possible and then the largest total Jaccard
  overlap. value/unit/comparator/kind/type accuracy is over overlap-matched
  pairs; value (and value_max) agree by `math.isclose(rel_tol=1e-6)`. A tuple
  hit is an overlap match whose value, unit and comparator all agree.
- Confusion matrices have gold labels as rows and predicted labels as columns.
- A 95% percentile bootstrap interval over units comes with every metric (see
  dataset.bootstrap); `compare` pairs two prediction files on the same resamples.

A task is scored when its fields are present in the predictions: type ←
commitment_type, strength ← commitment_strength, domain ← primary_domain
(domains_micro_f1 only when `domains` is given too), targets ← numeric_targets,
places ← places and/or geo_scope. When only geo_scope is given, the places task
reports geo_scope metrics and its main metric is geo_scope_macro_f1.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dataset.errors import InputError
from dataset.provenance import git_commit
from dataset.records.jsonl import iter_jsonl
from dataset.records.read import read_record_rows
from dataset.schema import (
    COMMITMENT_STRENGTHS,
    COMMITMENT_TYPES,
    COMPARATORS,
    DOMAINS,
    GEO_SCOPES,
    LABEL_FIELDS,
    PLACE_TYPES,
    SCHEMA_VERSION,
    TARGET_KINDS,
    UNIT_FIELDS,
    UNITS,
    NumericTarget,
    Place,
)
from dataset.scoring.bootstrap import (
    CI_METHOD,
    CONFIDENCE,
    P_VALUE_METHOD,
    paired_p_value,
    percentile_interval,
    resample_counts,
)
from dataset.scoring.metrics import (
    MACRO_CONVENTION,
    VALUE_REL_TOL,
    ZERO_DIVISION,
    MetricFn,
    StatBuilder,
    StatTable,
    add_classification_stats,
    add_multilabel_stats,
    add_span_stats,
    classification_metrics,
    confusion_matrix,
    label_indices,
    micro_f1_metric,
    per_class_metrics,
    same,
    span_metrics,
    values_agree,
)
from dataset.version import DATASET_VERSION

SCORER_VERSION = "1.0.0"
TASKS = ("type", "strength", "domain", "targets", "places")
MAIN_METRIC = {
    "type": "macro_f1",
    "strength": "macro_f1",
    "domain": "primary_macro_f1",
    "targets": "strict_f1",
    "places": "strict_f1",
}
GEO_SCOPE_MAIN_METRIC = "geo_scope_macro_f1"
TASK_FIELDS: dict[str, tuple[str, ...]] = {
    "type": ("commitment_type",),
    "strength": ("commitment_strength",),
    "domain": ("primary_domain", "domains"),
    "targets": ("numeric_targets",),
    "places": ("places", "geo_scope"),
}
GOLD_SPLITS = ("test", "train", "all")

SINGLE_LABELS: dict[str, tuple[str, ...]] = {
    "commitment_type": COMMITMENT_TYPES,
    "commitment_strength": COMMITMENT_STRENGTHS,
    "primary_domain": DOMAINS,
    "geo_scope": GEO_SCOPES,
}
MULTI_DOMAINS: tuple[str, ...] = tuple(d for d in DOMAINS if d != "none")
PREDICTION_FIELDS = frozenset(("id", *UNIT_FIELDS, *LABEL_FIELDS, "split", "fold"))


@dataclass(frozen=True)
class SpanSpec:
    """Keys of a predicted span: those the scorer reads, and all the schema allows."""

    required: tuple[str, ...]
    allowed: frozenset[str]
    labels: dict[str, tuple[str, ...]]


TARGET_SPEC = SpanSpec(
    required=("start", "end", "text", "value", "unit", "comparator", "kind"),
    allowed=frozenset(NumericTarget.model_fields),
    labels={"unit": UNITS, "comparator": COMPARATORS, "kind": TARGET_KINDS},
)
PLACE_SPEC = SpanSpec(
    required=("start", "end", "text", "type"),
    allowed=frozenset(Place.model_fields),
    labels={"type": PLACE_TYPES},
)

Numbered = Sequence[tuple[int, dict]]


# --- input checks -------------------------------------------------------------------


def check_predictions(gold: list[dict], predictions: Numbered, source: str) -> list[str]:
    """The tasks the predictions can be scored on; InputError("<source>:<line>: why")
    on the first problem. `predictions` holds (line number, row) pairs."""
    gold_by_id = _index_gold(gold, source)
    first_line: dict[str, int] = {}
    field_lines: dict[str, int] = {}
    for line, row in predictions:
        where = f"{source}:{line}"
        unit = _gold_unit(row, gold_by_id, where)
        if row["id"] in first_line:
            raise InputError(
                f"{where}: duplicate id {row['id']!r} (first on line {first_line[row['id']]})"
            )
        first_line[row["id"]] = line
        _check_fields(row, unit, where)
        for field in LABEL_FIELDS:
            if field in row:
                field_lines.setdefault(field, line)
    present = _present_fields(predictions, field_lines, source)
    missing = [unit_id for unit_id in gold_by_id if unit_id not in first_line]
    if missing:
        raise InputError(
            f"{source}: {len(missing)} of the {len(gold_by_id)} gold units have no prediction "
            f"row (first: {missing[0]!r}); every gold id needs one"
        )
    return [task for task in TASKS if any(field in present for field in TASK_FIELDS[task])]


def _index_gold(gold: list[dict], source: str) -> dict[str, dict]:
    if not gold:
        raise InputError(f"{source}: the gold has no units to score against")
    by_id = {row["id"]: row for row in gold}
    if len(by_id) != len(gold):
        raise InputError("the gold holds a duplicate id")
    return by_id


def _gold_unit(row: Any, gold_by_id: dict[str, dict], where: str) -> dict:
    if not isinstance(row, dict):
        raise InputError(f"{where}: expected a JSON object per line")
    if "id" not in row:
        raise InputError(f"{where}: missing 'id'")
    unit_id = row["id"]
    if not isinstance(unit_id, str):
        raise InputError(f"{where}: id must be a string, got {unit_id!r}")
    if unit_id not in gold_by_id:
        raise InputError(f"{where}: unknown id {unit_id!r} (not in the gold)")
    return gold_by_id[unit_id]


def _check_fields(row: dict, unit: dict, where: str) -> None:
    unknown = sorted(set(row) - PREDICTION_FIELDS)
    if unknown:
        raise InputError(
            f"{where}: unknown field {unknown[0]!r}; a prediction row holds 'id', label fields "
            f"({', '.join(LABEL_FIELDS)}) and optionally the unit's own fields"
        )
    if "text" in row and row["text"] != unit["text"]:
        raise InputError(f"{where}: 'text' differs from the gold unit {row['id']!r}")
    for field, vocabulary in SINGLE_LABELS.items():
        if field in row:
            _check_label(row[field], field, vocabulary, where)
    if "domains" in row:
        _check_domains(row["domains"], where)
    if "numeric_targets" in row:
        _check_spans(row["numeric_targets"], "numeric_targets", TARGET_SPEC, unit["text"], where)
    if "places" in row:
        _check_spans(row["places"], "places", PLACE_SPEC, unit["text"], where)


def _check_label(value: Any, name: str, vocabulary: Sequence[str], where: str) -> None:
    if not isinstance(value, str) or value not in vocabulary:
        raise InputError(
            f"{where}: unknown {name} {value!r} (expected one of: {', '.join(vocabulary)})"
        )


def _check_domains(value: Any, where: str) -> None:
    if not isinstance(value, list):
        raise InputError(f"{where}: domains must be a list of domain labels, got {value!r}")
    for label in value:
        if label == "none":
            raise InputError(f"{where}: 'none' is not a member of domains; use an empty list")
        _check_label(label, "domain", MULTI_DOMAINS, where)
    if len(set(value)) != len(value):
        raise InputError(f"{where}: domains holds a duplicate")


def _check_spans(value: Any, field: str, spec: SpanSpec, text: str, where: str) -> None:
    if not isinstance(value, list):
        raise InputError(f"{where}: {field} must be a list of spans, got {value!r}")
    for i, span in enumerate(value):
        _check_span(span, f"{field}[{i}]", spec, text, where)


def _check_span(span: Any, name: str, spec: SpanSpec, text: str, where: str) -> None:
    if not isinstance(span, dict):
        raise InputError(f"{where}: {name} must be an object, got {span!r}")
    for key in spec.required:
        if key not in span:
            raise InputError(f"{where}: {name}: missing key {key!r}")
    unknown = sorted(set(span) - spec.allowed)
    if unknown:
        raise InputError(f"{where}: {name}: unknown key {unknown[0]!r}")
    start, end = span["start"], span["end"]
    if not _is_int(start) or not _is_int(end):
        raise InputError(f"{where}: {name}: start and end must be integers, got {start!r}, {end!r}")
    if end <= start:
        raise InputError(f"{where}: {name}: end {end} must be greater than start {start}")
    if start < 0 or end > len(text):
        raise InputError(
            f"{where}: {name}: [{start}, {end}) is out of range of the unit text "
            f"(length {len(text)})"
        )
    if span["text"] != text[start:end]:
        raise InputError(
            f"{where}: {name}: text {span['text']!r} does not match the unit text "
            f"[{start}, {end}) = {text[start:end]!r}"
        )
    for key, vocabulary in spec.labels.items():
        _check_label(span[key], f"{name}.{key}", vocabulary, where)
    if "value" in spec.required:
        _check_values(span, name, where)
    for key in ("indicator", "name"):
        if key in span and not (span[key] is None or isinstance(span[key], str)):
            raise InputError(f"{where}: {name}.{key} must be a string or null")


def _check_values(span: dict, name: str, where: str) -> None:
    if not _is_number(span["value"]):
        raise InputError(f"{where}: {name}.value is not a number: {span['value']!r}")
    value_max = span.get("value_max")
    if value_max is not None and not _is_number(value_max):
        raise InputError(f"{where}: {name}.value_max is not a number or null: {value_max!r}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _present_fields(predictions: Numbered, field_lines: dict[str, int], source: str) -> list[str]:
    if not predictions:
        raise InputError(f"{source}: no predictions (the file has no rows)")
    present = [field for field in LABEL_FIELDS if field in field_lines]
    if not present:
        raise InputError(
            f"{source}: no label field in any row, nothing to score "
            f"(expected any of {', '.join(LABEL_FIELDS)})"
        )
    if "domains" in present and "primary_domain" not in present:
        raise InputError(
            f"{source}:{field_lines['domains']}: 'domains' without 'primary_domain'; "
            f"the domain task is scored on primary_domain"
        )
    for field in present:
        for line, row in predictions:
            if field not in row:
                raise InputError(
                    f"{source}:{line}: no {field!r} here, but line {field_lines[field]} has it; "
                    f"a scored field must be on every row"
                )
    return present


# --- evaluation ---------------------------------------------------------------------


@dataclass(frozen=True)
class LabelField:
    """A single-label field of a task: what per-class scores and the confusion use."""

    field: str
    prefix: str
    vocabulary: tuple[str, ...]
    gold: np.ndarray
    predicted: np.ndarray


@dataclass(frozen=True)
class TaskEvaluation:
    fields: tuple[str, ...]
    table: StatTable
    metrics: dict[str, MetricFn]
    main_metric: str
    label_field: LabelField | None
    counts: dict[str, int]


def evaluate(
    units: list[dict], predicted: dict[str, dict], tasks: Sequence[str]
) -> dict[str, TaskEvaluation]:
    """Per-unit statistics and metric functions of each task; `units` in a fixed order."""
    return {task: _EVALUATORS[task](units, [predicted[u["id"]] for u in units]) for task in tasks}


def _label_field(units: list[dict], rows: list[dict], field: str, prefix: str) -> LabelField:
    vocabulary = SINGLE_LABELS[field]
    return LabelField(
        field,
        prefix,
        vocabulary,
        label_indices([u[field] for u in units], vocabulary),
        label_indices([r[field] for r in rows], vocabulary),
    )


def _classification_task(
    units: list[dict], rows: list[dict], field: str, prefix: str, names: dict[str, str]
) -> tuple[StatBuilder, dict[str, MetricFn], LabelField]:
    builder = _builder(units)
    labels = _label_field(units, rows, field, prefix)
    add_classification_stats(builder, prefix, labels.gold, labels.predicted, len(labels.vocabulary))
    return builder, classification_metrics(prefix, names), labels


def _builder(units: list[dict]) -> StatBuilder:
    builder = StatBuilder(len(units))
    builder.add("units", np.ones(len(units)))
    return builder


def _evaluate_single(field: str):
    def evaluate_field(units: list[dict], rows: list[dict]) -> TaskEvaluation:
        names = {"macro_f1": "macro_f1", "accuracy": "accuracy"}
        builder, metrics, labels = _classification_task(units, rows, field, "", names)
        return TaskEvaluation(
            (field,), builder.build(), metrics, "macro_f1", labels, {"units": len(units)}
        )

    return evaluate_field


def _evaluate_domain(units: list[dict], rows: list[dict]) -> TaskEvaluation:
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
    return TaskEvaluation(
        fields, builder.build(), metrics, MAIN_METRIC["domain"], labels, {"units": len(units)}
    )


def _evaluate_targets(units: list[dict], rows: list[dict]) -> TaskEvaluation:
    builder = _builder(units)
    checks = {
        "value": values_agree,
        "unit": same("unit"),
        "comparator": same("comparator"),
        "kind": same("kind"),
    }
    tuple_checks = ("value", "unit", "comparator")
    gold = [u["numeric_targets"] for u in units]
    predicted = [r["numeric_targets"] for r in rows]
    add_span_stats(builder, gold, predicted, checks, tuple_checks)
    table = builder.build()
    return TaskEvaluation(
        ("numeric_targets",),
        table,
        span_metrics(list(checks), with_tuple=True),
        MAIN_METRIC["targets"],
        None,
        _span_counts(table),
    )


def _evaluate_places(units: list[dict], rows: list[dict]) -> TaskEvaluation:
    builder = _builder(units)
    metrics: dict[str, MetricFn] = {}
    fields: tuple[str, ...] = ()
    labels = None
    if "places" in rows[0]:
        gold = [u["places"] for u in units]
        add_span_stats(builder, gold, [r["places"] for r in rows], {"type": same("type")})
        metrics |= span_metrics(["type"], with_tuple=False)
        fields += ("places",)
    if "geo_scope" in rows[0]:
        labels = _label_field(units, rows, "geo_scope", "geo_scope_")
        add_classification_stats(
            builder, "geo_scope_", labels.gold, labels.predicted, len(labels.vocabulary)
        )
        names = {"macro_f1": GEO_SCOPE_MAIN_METRIC, "accuracy": "geo_scope_accuracy"}
        metrics |= classification_metrics("geo_scope_", names)
        fields += ("geo_scope",)
    table = builder.build()
    main = MAIN_METRIC["places"] if "places" in fields else GEO_SCOPE_MAIN_METRIC
    counts = _span_counts(table) if "places" in fields else {"units": len(units)}
    return TaskEvaluation(fields, table, metrics, main, labels, counts)


def _span_counts(table: StatTable) -> dict[str, int]:
    totals = table.totals()
    return {
        "units": int(totals.col("units")),
        "gold_spans": int(totals.col("gold")),
        "predicted_spans": int(totals.col("predicted")),
        "strict_matches": int(totals.col("strict")),
        "overlap_matches": int(totals.col("matched")),
    }


_EVALUATORS = {
    "type": _evaluate_single("commitment_type"),
    "strength": _evaluate_single("commitment_strength"),
    "domain": _evaluate_domain,
    "targets": _evaluate_targets,
    "places": _evaluate_places,
}


# --- bootstrap and results ----------------------------------------------------------


def metric_samples(
    evaluation: TaskEvaluation, counts: np.ndarray
) -> dict[str, tuple[float, np.ndarray]]:
    """Each metric's point estimate and its value in every resample."""
    point_totals = evaluation.table.totals()
    resampled_totals = evaluation.table.totals(counts)
    return {
        name: (float(fn(point_totals)), fn(resampled_totals))
        for name, fn in evaluation.metrics.items()
    }


def _interval(point: float, samples: np.ndarray) -> dict[str, float]:
    low, high = percentile_interval(samples, point)
    return {"value": point, "ci_low": float(low), "ci_high": float(high)}


def task_result(evaluation: TaskEvaluation, counts: np.ndarray) -> dict[str, Any]:
    samples = metric_samples(evaluation, counts)
    result: dict[str, Any] = {
        "main_metric": evaluation.main_metric,
        "fields": list(evaluation.fields),
        "metrics": {name: _interval(*pair) for name, pair in samples.items()},
        "counts": evaluation.counts,
    }
    labels = evaluation.label_field
    if labels is not None:
        result["per_class_field"] = labels.field
        result["per_class"] = _per_class(evaluation, labels, counts)
        result["confusion"] = confusion_matrix(labels.gold, labels.predicted, labels.vocabulary)
    return result


def _per_class(
    evaluation: TaskEvaluation, labels: LabelField, counts: np.ndarray
) -> dict[str, dict[str, Any]]:
    point_totals = evaluation.table.totals()
    point = per_class_metrics(point_totals, labels.prefix)
    resampled = per_class_metrics(evaluation.table.totals(counts), labels.prefix)
    gold_count = np.bincount(labels.gold, minlength=len(labels.vocabulary))
    predicted_count = np.bincount(labels.predicted, minlength=len(labels.vocabulary))
    per_class = {}
    for k, label in enumerate(labels.vocabulary):
        if gold_count[k] + predicted_count[k] == 0:
            continue
        entry: dict[str, Any] = {
            name: _interval(float(point[name][k]), resampled[name][:, k])
            for name in ("precision", "recall", "f1")
        }
        entry |= {"support": int(gold_count[k]), "predicted": int(predicted_count[k])}
        per_class[label] = entry
    return per_class


def run_meta(tasks: Sequence[str], units: int, seed: int, resamples: int) -> dict[str, Any]:
    return {
        "scorer_version": SCORER_VERSION,
        "dataset_version": DATASET_VERSION,
        "schema_version": SCHEMA_VERSION,
        "git_commit": git_commit(),
        "timestamp": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "seed": seed,
        "resamples": resamples,
        "confidence": CONFIDENCE,
        "ci_method": CI_METHOD,
        "macro_average": MACRO_CONVENTION,
        "zero_division": ZERO_DIVISION,
        "value_rel_tol": VALUE_REL_TOL,
        "units": units,
        "tasks": list(tasks),
    }


def _check_settings(seed: int, resamples: int) -> None:
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise InputError(f"--seed must be a non-negative integer, got {seed!r}")
    if not isinstance(resamples, int) or isinstance(resamples, bool) or resamples < 1:
        raise InputError(f"--resamples must be a positive integer, got {resamples!r}")


def _prepare(
    gold: list[dict], predictions: Numbered, source: str
) -> tuple[list[dict], dict[str, TaskEvaluation]]:
    tasks = check_predictions(gold, predictions, source)
    units = sorted(gold, key=lambda row: row["id"])  # resamples never depend on input order
    by_id = {row["id"]: row for _, row in predictions}
    return units, evaluate(units, by_id, tasks)


def score_lines(
    gold: list[dict],
    predictions: Numbered,
    *,
    seed: int = 13,
    resamples: int = 1000,
    source: str = "<predictions>",
) -> dict[str, Any]:
    """`score` for (line number, row) pairs, so errors name the real line of a file."""
    _check_settings(seed, resamples)
    units, evaluations = _prepare(gold, predictions, source)
    counts = resample_counts(len(units), resamples, seed)
    meta = run_meta(list(evaluations), len(units), seed, resamples) | {
        "predictions": {"source": source}
    }
    tasks = {task: task_result(evaluation, counts) for task, evaluation in evaluations.items()}
    return {"meta": meta, "tasks": tasks}


def score(
    gold: list[dict],
    predictions: list[dict],
    *,
    seed: int = 13,
    resamples: int = 1000,
    source: str = "<predictions>",
) -> dict[str, Any]:
    """Score prediction rows against gold release rows (see the module docstring).

    Returns {"meta": {...}, "tasks": {task: {"main_metric", "fields", "metrics":
    {name: {"value", "ci_low", "ci_high"}}, "counts", and for single-label fields
    "per_class_field", "per_class", "confusion"}}}. Errors name `source` and the
    1-based position of the row."""
    return score_lines(
        gold, list(enumerate(predictions, start=1)), seed=seed, resamples=resamples, source=source
    )


def compare_lines(
    gold: list[dict],
    predictions_a: Numbered,
    predictions_b: Numbered,
    *,
    seed: int = 13,
    resamples: int = 1000,
    sources: tuple[str, str] = ("A", "B"),
) -> dict[str, Any]:
    """Paired bootstrap of B − A on each task's main metric.

    Both files are scored on the same resamples of units. For each task scored in
    both, the result holds A's and B's scores, the difference B − A with its 95%
    percentile interval, and a two-sided p-value (dataset.bootstrap.P_VALUE_METHOD):
    the share of resampled differences on the far side of 0 (ties on both sides),
    doubled, with the +1 correction. Tasks scored in only one file are listed in
    "not_compared" with the reason."""
    _check_settings(seed, resamples)
    units, evaluations_a = _prepare(gold, predictions_a, sources[0])
    _, evaluations_b = _prepare(gold, predictions_b, sources[1])
    counts = resample_counts(len(units), resamples, seed)
    compared, not_compared = {}, {}
    for task in TASKS:
        a, b = evaluations_a.get(task), evaluations_b.get(task)
        if a is None and b is None:
            continue
        metric = _shared_main_metric(a, b)
        if metric is None:
            not_compared[task] = _why_not_compared(a, b, sources)
            continue
        compared[task] = _paired_difference(a, b, metric, counts)
    meta = run_meta(list(compared), len(units), seed, resamples) | {
        "predictions": {"A": {"source": sources[0]}, "B": {"source": sources[1]}},
        "p_value_method": P_VALUE_METHOD,
    }
    return {"meta": meta, "tasks": compared, "not_compared": not_compared}


def compare(
    gold: list[dict],
    predictions_a: list[dict],
    predictions_b: list[dict],
    *,
    seed: int = 13,
    resamples: int = 1000,
    sources: tuple[str, str] = ("A", "B"),
) -> dict[str, Any]:
    """`compare_lines` for plain lists of prediction rows."""
    return compare_lines(
        gold,
        list(enumerate(predictions_a, start=1)),
        list(enumerate(predictions_b, start=1)),
        seed=seed,
        resamples=resamples,
        sources=sources,
    )


def _shared_main_metric(a: TaskEvaluation | None, b: TaskEvaluation | None) -> str | None:
    if a is None or b is None:
        return None
    if a.main_metric == b.main_metric:
        return a.main_metric
    if GEO_SCOPE_MAIN_METRIC in a.metrics and GEO_SCOPE_MAIN_METRIC in b.metrics:
        return GEO_SCOPE_MAIN_METRIC
    return None


def _why_not_compared(
    a: TaskEvaluation | None, b: TaskEvaluation | None, sources: tuple[str, str]
) -> str:
    if a is None or b is None:
        only = sources[0] if b is None else sources[1]
        return f"scored only in {only}"
    return f"no shared main metric ({', '.join(a.fields)} vs {', '.join(b.fields)})"


def _paired_difference(
    a: TaskEvaluation, b: TaskEvaluation, metric: str, counts: np.ndarray
) -> dict[str, Any]:
    point_a, samples_a = metric_samples_of(a, metric, counts)
    point_b, samples_b = metric_samples_of(b, metric, counts)
    differences = samples_b - samples_a
    return {
        "metric": metric,
        "A": _interval(point_a, samples_a),
        "B": _interval(point_b, samples_b),
        "difference": _interval(point_b - point_a, differences),
        "p_value": paired_p_value(differences),
    }


def metric_samples_of(
    evaluation: TaskEvaluation, metric: str, counts: np.ndarray
) -> tuple[float, np.ndarray]:
    fn = evaluation.metrics[metric]
    return float(fn(evaluation.table.totals())), fn(evaluation.table.totals(counts))


# --- files --------------------------------------------------------------------------


def sha256_file(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_predictions(path: str | Path) -> list[tuple[int, dict]]:
    """(line number, row) of each non-blank line; InputError on a line that is not a
    JSON object."""
    return list(iter_jsonl(path))


def load_gold(spec: str, version: str | None = None) -> tuple[list[dict], dict[str, Any]]:
    """Gold rows and a description of where they came from: a release split
    ('test', 'train', 'all') or a JSONL file of records (validated as records)."""
    if spec in GOLD_SPLITS:
        from dataset.release.load import load_split, release_folder

        rows = load_split(spec, version)
        folder = release_folder(version)
        sums = {name: sha256_file(folder / f"{name}.jsonl") for name in _split_names(spec)}
        return rows, {
            "source": f"release v{version or DATASET_VERSION} {spec}",
            "split": spec,
            "version": version or DATASET_VERSION,
            "sha256": sums,
        }
    return _read_gold_file(Path(spec)), {"source": str(spec), "sha256": sha256_file(spec)}


def _split_names(spec: str) -> list[str]:
    return ["train", "test"] if spec == "all" else [spec]


def _read_gold_file(path: Path) -> list[dict]:
    return read_record_rows(path)


# --- benchmark ----------------------------------------------------------------------


def perturb_predictions(gold: list[dict], seed: int = 0, rate: float = 0.2) -> list[dict]:
    """A deterministic, valid, imperfect prediction file for `gold`: labels swapped,
    spans dropped, trimmed, relabelled or invented at about `rate`. For benchmarks
    and tests; never presented as a system."""
    rng = random.Random(seed)
    rows = []
    for unit in gold:
        row: dict[str, Any] = {"id": unit["id"]}
        for field, vocabulary in SINGLE_LABELS.items():
            row[field] = rng.choice(vocabulary) if rng.random() < rate else unit[field]
        domains = [d for d in unit["domains"] if rng.random() >= rate / 2]
        if rng.random() < rate / 2:
            domains = sorted({*domains, rng.choice(MULTI_DOMAINS)})
        row["domains"] = domains
        text = unit["text"]
        row["numeric_targets"] = _perturb_spans(unit["numeric_targets"], text, rng, rate, "target")
        row["places"] = _perturb_spans(unit["places"], text, rng, rate, "place")
        rows.append(row)
    return rows


def _perturb_spans(
    spans: list[dict], text: str, rng: random.Random, rate: float, kind: str
) -> list[dict]:
    out = []
    for span in spans:
        roll = rng.random()
        if roll < rate / 4:
            continue
        span = dict(span)
        if roll < rate / 2 and span["end"] - span["start"] > 1:
            span["end"] -= 1
            span["text"] = text[span["start"] : span["end"]]
        elif roll < 3 * rate / 4:
            if kind == "target":
                span["value"] = span["value"] * 10
                span["comparator"] = rng.choice(COMPARATORS)
            else:
                span["type"] = rng.choice(PLACE_TYPES)
        out.append(span)
    if rng.random() < rate / 2 and len(text) >= 2:
        start = rng.randrange(len(text) - 1)
        piece = {"start": start, "end": start + 2, "text": text[start : start + 2]}
        if kind == "target":
            piece |= {
                "value": 1.0,
                "value_max": None,
                "unit": "个",
                "comparator": "=",
                "kind": "level",
                "indicator": "x",
            }
        else:
            piece |= {"type": "site", "name": None}
        out.append(piece)
    return out


def benchmark(
    gold: list[dict] | None = None, *, resamples: int = 1000, repeat: int = 3, seed: int = 13
) -> dict[str, Any]:
    """Seconds to score all five tasks of a perturbed copy of `gold` (default: the
    release's test split), best of `repeat` runs. For `gwrcommit bench`."""
    if gold is None:
        from dataset.release.load import load_split

        gold = load_split("test")
    predictions = perturb_predictions(gold, seed)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        score(gold, predictions, seed=seed, resamples=resamples)
        runs.append(time.perf_counter() - started)
    return {
        "units": len(gold),
        "resamples": resamples,
        "tasks": len(TASKS),
        "seconds": min(runs),
        "runs": runs,
    }
