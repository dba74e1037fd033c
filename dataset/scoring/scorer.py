"""The official GWRCommit scorer: score a prediction file, compare two, load the gold.

The tasks and their metrics are in dataset.scoring.tasks, the conventions behind the
metrics in dataset.scoring.evaluation, the checks of a prediction file in
dataset.scoring.inputs. Every metric comes with a 95% bootstrap interval over units
(dataset.scoring.bootstrap); `compare` pairs two prediction files on the same
resamples.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dataset.errors import InputError
from dataset.provenance import git_commit
from dataset.records.jsonl import iter_jsonl
from dataset.records.read import read_record_rows
from dataset.release.load import load_split, split_files
from dataset.schema import SCHEMA_VERSION
from dataset.scoring.bootstrap import (
    CI_METHOD,
    CONFIDENCE,
    P_VALUE_METHOD,
    paired_p_value,
    percentile_interval,
    resample_counts,
)
from dataset.scoring.evaluation import SingleLabels, TaskEvaluation
from dataset.scoring.inputs import Numbered, check_predictions
from dataset.scoring.metrics import (
    EMPTY_CASE_CONVENTION,
    MACRO_CONVENTION,
    VALUE_REL_TOL,
    ZERO_DIVISION,
    class_occurs,
    confusion_matrix,
    per_class_metrics,
)
from dataset.scoring.tasks import TASKS, Task
from dataset.version import DATASET_VERSION

SCORER_VERSION = "2.0.0"
GOLD_SPLITS = ("test", "dev", "train", "all")
MIN_RELIABLE_SUPPORT = 5
LOW_SUPPORT_NOTE = f"support < {MIN_RELIABLE_SUPPORT}: interval unreliable"
PER_CLASS_INTERVALS = (
    "per-class intervals use only the resamples in which the class occurs in the gold or "
    "the predictions (resamples_with_class); with none, the interval is the point estimate"
)


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
    if samples.size == 0:
        return {"value": point, "ci_low": point, "ci_high": point}
    low, high = percentile_interval(samples, point)
    return {"value": point, "ci_low": float(low), "ci_high": float(high)}


def task_result(task: Task, evaluation: TaskEvaluation, counts: np.ndarray) -> dict[str, Any]:
    samples = metric_samples(evaluation, counts)
    result: dict[str, Any] = {
        "main_metric": task.main_metric_of(evaluation),
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
    evaluation: TaskEvaluation, labels: SingleLabels, counts: np.ndarray
) -> dict[str, dict[str, Any]]:
    """P/R/F1 with intervals over the resamples that hold the class, for each class in
    the gold or the predictions; support below MIN_RELIABLE_SUPPORT is flagged."""
    point = per_class_metrics(evaluation.table.totals(), labels.prefix)
    resampled_totals = evaluation.table.totals(counts)
    resampled = per_class_metrics(resampled_totals, labels.prefix)
    occurs = class_occurs(resampled_totals, labels.prefix)
    gold_count = np.bincount(labels.gold, minlength=len(labels.vocabulary))
    predicted_count = np.bincount(labels.predicted, minlength=len(labels.vocabulary))
    per_class = {}
    for k, label in enumerate(labels.vocabulary):
        if gold_count[k] + predicted_count[k] == 0:
            continue
        with_class = occurs[:, k]
        entry: dict[str, Any] = {
            name: _interval(float(point[name][k]), resampled[name][with_class, k])
            for name in ("precision", "recall", "f1")
        }
        entry |= {
            "support": int(gold_count[k]),
            "predicted": int(predicted_count[k]),
            "resamples_with_class": int(with_class.sum()),
            "low_support": bool(gold_count[k] < MIN_RELIABLE_SUPPORT),
        }
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
        "empty_case": EMPTY_CASE_CONVENTION,
        "zero_division": ZERO_DIVISION,
        "per_class_intervals": PER_CLASS_INTERVALS,
        "low_support": LOW_SUPPORT_NOTE,
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
    checked = check_predictions(gold, predictions, source)
    units = sorted(gold, key=lambda row: row["id"])  # resamples never depend on input order
    rows = [checked.rows[unit["id"]] for unit in units]
    return units, {name: TASKS[name].evaluator(units, rows) for name in checked.tasks}


def score_lines(
    gold: list[dict],
    predictions: Numbered,
    *,
    seed: int = 13,
    resamples: int = 1000,
    source: str = "<predictions>",
) -> dict[str, Any]:
    """`score` for (line number, row) pairs, so errors name the real line of a file.
    The pairs may be an iterator (read_predictions): each row is checked as it comes."""
    _check_settings(seed, resamples)
    units, evaluations = _prepare(gold, predictions, source)
    counts = resample_counts(len(units), resamples, seed)
    meta = run_meta(list(evaluations), len(units), seed, resamples) | {
        "predictions": {"source": source}
    }
    tasks = {
        name: task_result(TASKS[name], evaluation, counts)
        for name, evaluation in evaluations.items()
    }
    return {"meta": meta, "tasks": tasks}


def score(
    gold: list[dict],
    predictions: list[dict],
    *,
    seed: int = 13,
    resamples: int = 1000,
    source: str = "<predictions>",
) -> dict[str, Any]:
    """Score prediction rows against gold release rows (see dataset.scoring.tasks).

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
    percentile interval, and a two-sided p-value (dataset.scoring.bootstrap.P_VALUE_METHOD):
    the share of resampled differences on the far side of 0 (ties on both sides),
    doubled, with the +1 correction. Tasks scored in only one file are listed in
    "not_compared" with the reason."""
    _check_settings(seed, resamples)
    units, evaluations_a = _prepare(gold, predictions_a, sources[0])
    _, evaluations_b = _prepare(gold, predictions_b, sources[1])
    counts = resample_counts(len(units), resamples, seed)
    compared, not_compared = {}, {}
    for name, task in TASKS.items():
        a, b = evaluations_a.get(name), evaluations_b.get(name)
        if a is None and b is None:
            continue
        metric = _shared_main_metric(task, a, b)
        if metric is None:
            not_compared[name] = _why_not_compared(a, b, sources)
            continue
        compared[name] = _paired_difference(a, b, metric, counts)
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


def _shared_main_metric(
    task: Task, a: TaskEvaluation | None, b: TaskEvaluation | None
) -> str | None:
    """The main metric of both evaluations, else the task's fallback if both have it."""
    if a is None or b is None:
        return None
    if task.main_metric_of(a) == task.main_metric_of(b):
        return task.main_metric_of(a)
    fallback = task.fallback_metric
    if fallback is not None and fallback in a.metrics and fallback in b.metrics:
        return fallback
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
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_predictions(path: str | Path) -> Iterator[tuple[int, dict]]:
    """(line number, row) of each non-blank line, read lazily (one line in memory at a
    time); InputError on a line that is not a JSON object."""
    return iter_jsonl(path)


def gold_inputs(spec: str, version: str | None = None) -> list[Path]:
    """The files the gold `spec` is read from, so no output overwrites them."""
    return split_files(spec, version) if spec in GOLD_SPLITS else [Path(spec)]


def load_gold(spec: str, version: str | None = None) -> tuple[list[dict], dict[str, Any]]:
    """Gold rows and a description of where they came from: a release split
    ('test', 'dev', 'train', 'all') or a JSONL file of records (validated as records)."""
    if spec in GOLD_SPLITS:
        rows = load_split(spec, version)
        sums = {path.stem: sha256_file(path) for path in split_files(spec, version)}
        return rows, {
            "source": f"release v{version or DATASET_VERSION} {spec}",
            "split": spec,
            "version": version or DATASET_VERSION,
            "sha256": sums,
        }
    return _read_gold_file(Path(spec)), {"source": str(spec), "sha256": sha256_file(spec)}


def _read_gold_file(path: Path) -> list[dict]:
    return read_record_rows(path)
