"""The experiment runner: every system fitted on train and scored on test with the
official scorer (bootstrap confidence intervals), and grouped cross-validation on
train over the release's `fold` column.

Systems are injected as a name -> SystemSpec mapping (baselines.base), so the runner
knows nothing of any particular system (the CLI adds the rule pre-annotator, which
baselines may not import). Each spec says the system's track and kind; a system with
seeds is run once per seed on test, and its results hold every seed's scores with their
mean and standard deviation (the first seed gives the saved predictions, the intervals
and the cross-validation). Systems learn from labelled rows but predict from bare units:
the label fields are removed before `predict`, so no system can read the answers.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from threadpoolctl import threadpool_limits

from baselines.base import KINDS, TRACKS, Prediction, Predictor, SystemFactory, SystemSpec, Unit
from baselines.power import Comparer, minimum_detectable_differences
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


def official_comparer() -> Comparer:
    from dataset.scoring.scorer import compare

    return compare


def official_main_metrics() -> dict[str, str]:
    from dataset.scoring.tasks import TASKS

    return {name: task.main_metric for name, task in TASKS.items()}


def official_task_fields() -> dict[str, tuple[str, ...]]:
    from dataset.scoring.tasks import TASKS

    return {name: task.fields for name, task in TASKS.items()}


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
    return fitted_predictions(factory, train, test)[1]


def fitted_predictions(
    factory: SystemFactory, train: Sequence[Unit], test: Sequence[Unit]
) -> tuple[Predictor, list[Prediction]]:
    """`fit_predict`, also returning the fitted system (for what it chose while fitting)."""
    system = factory()
    system.fit(bare_units(train), list(train))
    predictions = system.predict(bare_units(test))
    expected = [row["id"] for row in test]
    returned = [prediction.get("id") for prediction in predictions]
    if returned != expected:
        raise ValueError(
            f"{type(system).__name__} did not return one prediction per unit, in order"
        )
    return system, predictions


def chosen_settings(system: Predictor) -> dict[str, Any] | None:
    """What a self-tuning system chose while fitting (its `selected_`), if anything."""
    selected = getattr(system, "selected_", None)
    return dict(selected) if selected is not None else None


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
    return summarise_runs(per_fold, "folds")


def summarise_runs(runs: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """task -> its main metric, and for every metric its value in each run (under `key`,
    in run order), their mean and their sample standard deviation."""
    summary = {}
    for task, first in runs[0].items():
        metrics = {}
        for name in first["metrics"]:
            values = [run[task]["metrics"][name]["value"] for run in runs]
            metrics[name] = {
                key: values,
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
    return cross_validate_with_choices(
        factory, train, scorer=scorer, seed=seed, resamples=resamples, name=name
    )[0]


def cross_validate_with_choices(
    factory: SystemFactory,
    train: Sequence[Unit],
    *,
    scorer: Scorer,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    name: str = "system",
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any] | None]]:
    """`cross_validate`, plus what the system chose while fitting in each fold."""
    per_fold, choices = [], []
    for fold, fit_rows, eval_rows in fold_splits(train):
        system, predictions = fitted_predictions(factory, fit_rows, eval_rows)
        scores = scorer(
            eval_rows, predictions, seed=seed, resamples=resamples, source=f"{name} fold {fold}"
        )
        per_fold.append(scores["tasks"])
        choices.append(chosen_settings(system))
    return summarise_folds(per_fold), choices


def evaluate_system(
    name: str,
    spec: SystemSpec,
    train: Sequence[Unit],
    test: Sequence[Unit],
    *,
    scorer: Scorer,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    predictions_dir: Path | None = None,
) -> tuple[dict[str, Any], dict[str, Any], list[Prediction]]:
    """(this system's results, the scorer's meta of its test run, its test predictions).

    Every seed's system is fitted on train and scored on test; the first seed's predictions
    are saved and its scores (with intervals) are the system's `test`, and it alone is
    cross-validated. `test_seeds` holds every seed's value of every test metric, with their
    mean and sample standard deviation."""
    runs = spec.runs()
    seed_scores, chosen = [], {}
    first: tuple[list[Prediction], dict[str, Any]] | None = None
    for run_seed, factory in runs:
        system, predictions = fitted_predictions(factory, train, test)
        scores = scorer(list(test), predictions, seed=seed, resamples=resamples, source=name)
        seed_scores.append(scores["tasks"])
        chosen[str(run_seed)] = chosen_settings(system)
        if first is None:
            first = (predictions, scores)
    predictions, scores = first
    if predictions_dir is not None:
        write_jsonl(predictions_dir / f"{name}-test.jsonl", predictions)
    cv, cv_choices = cross_validate_with_choices(
        runs[0][1], train, scorer=scorer, seed=seed, resamples=resamples, name=name
    )
    result = {
        "track": spec.track,
        "kind": spec.kind,
        "uses": spec.uses,
        "note": spec.note or getattr(spec.factory, "RESULTS_NOTE", ""),
        "fields": predicted_fields(predictions),
        "seeds": list(spec.seeds),
        "test": scores["tasks"],
        "test_seeds": summarise_seeds(seed_scores) if spec.seeds else {},
        "cv": cv,
    }
    if any(choice is not None for choice in [*chosen.values(), *cv_choices]):
        result["selected"] = {"test": chosen, "cv_folds": cv_choices}
    return result, scores.get("meta", {}), predictions


def summarise_seeds(per_seed: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """task -> its main metric, and for every metric its value per seed (in seed order),
    their mean and sample standard deviation."""
    return summarise_runs(per_seed, "per_seed")


def checked_specs(systems: Mapping[str, Any]) -> dict[str, SystemSpec]:
    """The systems, each a SystemSpec: a bare factory has no track, so it is refused."""
    for name, spec in systems.items():
        if not isinstance(spec, SystemSpec):
            raise ValueError(
                f"system {name!r}: wrap it in baselines.base.SystemSpec(factory, "
                f"track=...) with its track ({' or '.join(TRACKS)})"
            )
    return dict(systems)


def predicted_fields(predictions: Sequence[Prediction]) -> list[str]:
    fields = {field for prediction in predictions for field in prediction if field != "id"}
    return sorted(fields)


def run_experiments(
    systems: Mapping[str, SystemSpec],
    train: Sequence[Unit],
    test: Sequence[Unit],
    *,
    seed: int = SEED,
    resamples: int = RESAMPLES,
    scorer: Scorer | None = None,
    predictions_dir: Path | None = None,
    progress: Progress | None = None,
    main_metrics: Mapping[str, str] | None = None,
    comparer: Comparer | None = None,
) -> dict[str, Any]:
    """Results of every system: the scorer's test results (every metric with its interval),
    per-seed test scores and cross-validation summaries. `tasks` holds each scored task's
    headline metrics (see headline_metrics); `main_metrics` defaults to the official
    scorer's. `power` holds the minimum detectable difference of each main metric
    (baselines.power), computed with `comparer` (the official paired bootstrap when the
    official scorer is used; skipped for a stand-in scorer without a comparer)."""
    if not train or not test:
        raise InputError(f"the release has {len(train)} train and {len(test)} test units")
    if not systems:
        raise ValueError("no systems to run")
    specs = checked_specs(systems)
    if scorer is None:
        scorer = official_scorer()
        main_metrics = main_metrics or official_main_metrics()
        comparer = comparer or official_comparer()
    results: dict[str, Any] = {}
    predictions: dict[str, list[Prediction]] = {}
    meta: dict[str, Any] = {}
    # One BLAS/OpenMP thread: on data this small, thread start-up and contention cost far
    # more than they save, and a fixed thread count keeps the float arithmetic repeatable.
    with threadpool_limits(limits=1):
        for name, spec in specs.items():
            if progress:
                progress(name)
            results[name], system_meta, predictions[name] = evaluate_system(
                name,
                spec,
                train,
                test,
                scorer=scorer,
                seed=seed,
                resamples=resamples,
                predictions_dir=predictions_dir,
            )
            meta = meta or system_meta
        power = (
            minimum_detectable_differences(
                test,
                predictions,
                results,
                main_metrics or {},
                comparer=comparer,
                task_fields=official_task_fields(),
                seed=seed,
                resamples=resamples,
            )
            if comparer is not None
            else {}
        )
    return {
        "tasks": headline_metrics(results, main_metrics or {}),
        "tracks": TRACKS,
        "kinds": KINDS,
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
        "power": power,
    }
