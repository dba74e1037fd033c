"""The experiment runner: every system fitted on train and scored on test with the
official scorer (bootstrap confidence intervals), and grouped cross-validation on
train over the release's `fold` column.

Systems are injected as a name -> factory mapping, so the runner knows nothing of
any particular system (the CLI adds the rule pre-annotator, which baselines may not
import). Systems learn from labelled rows but predict from bare units: the label
fields are removed before `predict`, so no system can read the answers.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from baselines.base import Prediction, SystemFactory, Unit
from dataset.errors import InputError
from dataset.records.jsonl import write_jsonl
from dataset.schema import UNIT_FIELDS

SEED = 13
SPAN_FIELDS = ("numeric_targets", "places")
RESAMPLES = 1000
PREDICTIONS_DIR = Path(__file__).resolve().parent / "predictions"
Scorer = Callable[..., dict[str, Any]]
Progress = Callable[[str], None]
STABLE_SCORER_META = (
    "scorer_version",
    "dataset_version",
    "schema_version",
    "confidence",
    "ci_method",
    "macro_average",
    "zero_division",
    "value_rel_tol",
)
"""What the results keep of the scorer's meta: everything that does not change from
run to run (not the timestamp, the commit or the prediction source)."""


def official_scorer() -> Scorer:
    from dataset.scoring.scorer import score

    return score


def official_main_metrics() -> dict[str, str]:
    from dataset.scoring.tasks import TASKS

    return {name: task.main_metric for name, task in TASKS.items()}


def headline_metrics(
    results: dict[str, Any], main_metrics: Mapping[str, str]
) -> dict[str, list[str]]:
    """task -> the metrics that head it in the results table, over the tasks any system
    was scored on: the task's main metric, then any other metric that was the main one
    for some system (the places task falls back to geo_scope_macro_f1 for a system that
    predicts geo_scope but no spans). Tasks and metrics come in `main_metrics` order,
    then in the order first met."""
    found: dict[str, list[str]] = {}
    for result in results.values():
        for task, summary in result["test"].items():
            metrics = found.setdefault(task, [])
            if summary["main_metric"] not in metrics:
                metrics.append(summary["main_metric"])
    task_rank = {task: i for i, task in enumerate(main_metrics)}
    ordered = sorted(found, key=lambda task: task_rank.get(task, len(task_rank)))
    return {
        task: sorted(found[task], key=lambda metric: metric != main_metrics.get(task))
        for task in ordered
    }


def bare_units(rows: Sequence[Unit]) -> list[Unit]:
    """The rows without their labels (and without split and fold)."""
    return [{name: row[name] for name in UNIT_FIELDS if name in row} for row in rows]


def fit_predict(
    factory: SystemFactory, train: Sequence[Unit], test: Sequence[Unit]
) -> list[Prediction]:
    """A fresh system fitted on `train` (units plus their labelled rows), predicting `test`."""
    system = factory()
    system.fit(bare_units(train), list(train))
    predictions = system.predict(bare_units(test))
    expected = [row["id"] for row in test]
    returned = [prediction.get("id") for prediction in predictions]
    if returned != expected:
        raise ValueError(
            f"{type(system).__name__} did not return one prediction per unit, in order"
        )
    return predictions


def fold_ids(train: Sequence[Unit]) -> list[int]:
    missing = [row["id"] for row in train if not isinstance(row.get("fold"), int)]
    if missing:
        raise InputError(f"train row {missing[0]} has no fold (0-4); rebuild the release")
    folds = sorted({row["fold"] for row in train})
    if len(folds) < 2:
        raise InputError(f"cross-validation needs at least two folds in train, found {folds}")
    return folds


def fold_splits(train: Sequence[Unit]) -> list[tuple[int, list[Unit], list[Unit]]]:
    """(fold, rows to fit on, rows to evaluate): each fold is held out once, whole."""
    return [
        (
            fold,
            [row for row in train if row["fold"] != fold],
            [row for row in train if row["fold"] == fold],
        )
        for fold in fold_ids(train)
    ]


def folds_without_spans(train: Sequence[Unit]) -> dict[str, list[int]]:
    """span field -> the folds whose gold holds none of its spans. On such a fold the
    scorer's zero-division convention scores span F1 0.0 for every system, which the
    report points out next to the cross-validation means."""
    return {
        field: [
            fold
            for fold in fold_ids(train)
            if not any(row.get(field) for row in train if row["fold"] == fold)
        ]
        for field in SPAN_FIELDS
    }


def summarise_folds(per_fold: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """task -> its main metric, and for every metric of the task its value in each fold
    (in fold order), their mean and their sample standard deviation."""
    summary = {}
    for task, first in per_fold[0].items():
        metrics = {}
        for name in first["metrics"]:
            values = [fold[task]["metrics"][name]["value"] for fold in per_fold]
            metrics[name] = {
                "folds": values,
                "mean": statistics.fmean(values),
                "sd": statistics.stdev(values) if len(values) > 1 else 0.0,
            }
        summary[task] = {"main_metric": first["main_metric"], "metrics": metrics}
    return summary


def cross_validate(
    factory: SystemFactory,
    train: Sequence[Unit],
    *,
    scorer: Scorer,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    name: str = "system",
) -> dict[str, dict[str, Any]]:
    """Grouped k-fold cross-validation over the `fold` column: a fresh system per fold,
    fitted on the other folds and scored on the held-out one."""
    per_fold = []
    for fold, fit_rows, eval_rows in fold_splits(train):
        predictions = fit_predict(factory, fit_rows, eval_rows)
        scores = scorer(
            eval_rows, predictions, seed=seed, resamples=resamples, source=f"{name} fold {fold}"
        )
        per_fold.append(scores["tasks"])
    return summarise_folds(per_fold)


def evaluate_system(
    name: str,
    factory: SystemFactory,
    train: Sequence[Unit],
    test: Sequence[Unit],
    *,
    scorer: Scorer,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    predictions_dir: Path | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(this system's results, the scorer's meta of its test run)."""
    predictions = fit_predict(factory, train, test)
    if predictions_dir is not None:
        write_jsonl(predictions_dir / f"{name}-test.jsonl", predictions)
    scores = scorer(list(test), predictions, seed=seed, resamples=resamples, source=name)
    result = {
        "fields": predicted_fields(predictions),
        "note": getattr(factory, "RESULTS_NOTE", ""),
        "test": scores["tasks"],
        "cv": cross_validate(
            factory, train, scorer=scorer, seed=seed, resamples=resamples, name=name
        ),
    }
    return result, scores.get("meta", {})


def predicted_fields(predictions: Sequence[Prediction]) -> list[str]:
    fields = {field for prediction in predictions for field in prediction if field != "id"}
    return sorted(fields)


def run_experiments(
    systems: Mapping[str, SystemFactory],
    train: Sequence[Unit],
    test: Sequence[Unit],
    *,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    scorer: Scorer | None = None,
    predictions_dir: Path | None = None,
    progress: Progress | None = None,
    main_metrics: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Results of every system: the scorer's test results (every metric with its interval)
    and cross-validation summaries. `tasks` holds each scored task's headline metrics
    (see headline_metrics); `main_metrics` defaults to the official scorer's."""
    if not train or not test:
        raise InputError(f"the release has {len(train)} train and {len(test)} test units")
    if not systems:
        raise ValueError("no systems to run")
    if scorer is None:
        scorer = official_scorer()
        main_metrics = main_metrics or official_main_metrics()
    results: dict[str, Any] = {}
    meta: dict[str, Any] = {}
    # One BLAS/OpenMP thread: on data this small, thread start-up and contention cost far
    # more than they save, and a fixed thread count keeps the float arithmetic repeatable.
    with threadpool_limits(limits=1):
        for name, factory in systems.items():
            if progress:
                progress(name)
            results[name], system_meta = evaluate_system(
                name,
                factory,
                train,
                test,
                scorer=scorer,
                seed=seed,
                resamples=resamples,
                predictions_dir=predictions_dir,
            )
            meta = meta or system_meta
    return {
        "tasks": headline_metrics(results, main_metrics or {}),
        "config": {
            "seed": seed,
            "resamples": resamples,
            "folds": fold_ids(train),
            "train_units": len(train),
            "test_units": len(test),
            "folds_without_gold_spans": folds_without_spans(train),
        },
        "scorer": {key: meta[key] for key in STABLE_SCORER_META if key in meta},
        "systems": results,
    }
