"""Cross-level generalisation: fit on the reports of one level of government, score on
the test reports of each level.

Training sets are whole splits, so no test document is ever fitted on: `train` (the seed
district page and a provincial report) and `dev` (a national report). Each system is
fitted once per training set (its first seed) and scored with the official scorer on the
test units of each level apart; the main metric of every task it predicts is kept with
its 95% interval.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from baselines.base import SystemSpec, Unit
from baselines.experiments import fit_predict

TRAINING_SETS = {"train": "district + provincial (train)", "dev": "national (dev)"}
"""Splits a system is fitted on, with the levels their documents come from."""


def cross_level_results(
    systems: Mapping[str, SystemSpec],
    splits: Mapping[str, Sequence[Unit]],
    levels: Mapping[str, str],
    *,
    scorer: Any,
    seed: int,
    resamples: int,
) -> dict[str, Any]:
    """{"training_sets", "test_levels", "systems": {name: {training set: {test level:
    {task: {"metric", "value", "ci"}}}}}} for every baseline of `systems`."""
    test_by_level: dict[str, list[Unit]] = {}
    for row in splits["test"]:
        test_by_level.setdefault(levels[row["doc_id"]], []).append(row)
    results: dict[str, Any] = {}
    for name, spec in systems.items():
        if spec.kind != "baseline":
            continue
        factory = spec.runs()[0][1]
        results[name] = {}
        for training_set in TRAINING_SETS:
            train = list(splits[training_set])
            predictions = {row["id"]: row for row in fit_predict(factory, train, splits["test"])}
            results[name][training_set] = {
                level: _main_metrics(
                    scorer(
                        rows,
                        [predictions[row["id"]] for row in rows],
                        seed=seed,
                        resamples=resamples,
                        source=f"{name} on {training_set}",
                    )
                )
                for level, rows in sorted(test_by_level.items())
            }
    return {
        "training_sets": TRAINING_SETS,
        "training_units": {name: len(splits[name]) for name in TRAINING_SETS},
        "test_levels": {level: len(rows) for level, rows in sorted(test_by_level.items())},
        "systems": results,
    }


def _main_metrics(scores: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """task -> its main metric with value and interval."""
    out = {}
    for task, summary in scores["tasks"].items():
        metric = summary["main_metric"]
        out[task] = {"metric": metric, **summary["metrics"][metric]}
    return out
