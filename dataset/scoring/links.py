"""The links task (codebook §14): given the gold headline targets and the texts, find each
target's outcome in the next report and decide the relation.

- link F1: a predicted link (target, outcome span) is correct when its outcome span has
  exactly the gold offsets (strict, like the span tasks); a target predicted without an
  outcome adds nothing, a gold target without one is not a link.
- relation accuracy: over the gold targets, the share whose predicted relation is the gold
  one (a target left out of the predictions counts as wrong).

Intervals: the percentile bootstrap of `dataset.scoring.bootstrap`, resampling gold
targets (in id order) with replacement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from dataset.errors import InputError
from dataset.links.table import link_id
from dataset.records.jsonl import iter_jsonl
from dataset.schema import RELATIONS, Link
from dataset.scoring.bootstrap import CI_METHOD, percentile_interval, resample_counts

PREDICTION_KEYS = frozenset({"target_id", "outcome_id", "relation"})
LINK_METRICS = ("link_f1", "link_precision", "link_recall", "relation_accuracy")


def read_link_predictions(path: str | Path) -> dict[str, dict[str, Any]]:
    """target_id -> {outcome_id, relation}; InputError on a bad or repeated row."""
    predictions: dict[str, dict[str, Any]] = {}
    for line, row in iter_jsonl(path):
        if set(row) != PREDICTION_KEYS:
            raise InputError(f"{path}:{line}: keys must be {sorted(PREDICTION_KEYS)}")
        if row["relation"] not in RELATIONS:
            raise InputError(
                f"{path}:{line}: relation {row['relation']!r} is not one of {RELATIONS}"
            )
        if row["target_id"] in predictions:
            raise InputError(f"{path}:{line}: target {row['target_id']} predicted twice")
        predictions[row["target_id"]] = row
    return predictions


def per_target_counts(
    gold: Sequence[Link], predictions: Mapping[str, Mapping[str, Any]]
) -> np.ndarray:
    """(targets × 4): true-positive links, predicted links, gold links, right relation."""
    unknown = set(predictions) - {link_id(link) for link in gold}
    if unknown:
        raise InputError(f"predictions for targets not in the gold: {sorted(unknown)[:3]}")
    rows = []
    for link in sorted(gold, key=link_id):
        predicted = predictions.get(link_id(link), {})
        gold_outcome = None if link.outcome is None else link.outcome.id
        outcome = predicted.get("outcome_id")
        rows.append(
            [
                outcome is not None and outcome == gold_outcome,
                outcome is not None,
                gold_outcome is not None,
                predicted.get("relation") == link.relation,
            ]
        )
    return np.array(rows, dtype=float).reshape(-1, 4)


def _metrics(totals: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Metrics from column totals; each of the last axis: tp, predicted, gold, right."""
    tp, predicted, gold, right = np.moveaxis(totals, -1, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = np.where(predicted > 0, tp / predicted, np.where(gold > 0, 0.0, 1.0))
        recall = np.where(gold > 0, tp / gold, 1.0)
        f1 = np.where(precision + recall > 0, 2 * precision * recall / (precision + recall), 0.0)
        accuracy = np.where(targets > 0, right / targets, 0.0)
    return np.stack([f1, precision, recall, accuracy], axis=-1)


def score_links(
    gold: Sequence[Link],
    predictions: Mapping[str, Mapping[str, Any]],
    *,
    resamples: int = 1000,
    seed: int = 13,
) -> dict[str, Any]:
    """Each metric with its 95% interval."""
    if not gold:
        raise InputError("the gold link table is empty")
    counts = per_target_counts(gold, predictions)
    point = _metrics(counts.sum(axis=0), np.array(len(counts), dtype=float))
    weights = resample_counts(len(counts), resamples, seed)
    samples = _metrics(weights @ counts, weights.sum(axis=1))
    low, high = percentile_interval(samples, point)
    return {
        "targets": len(counts),
        "gold_links": int(counts[:, 2].sum()),
        "resamples": resamples,
        "seed": seed,
        "ci_method": CI_METHOD.replace("units", "gold targets"),
        "metrics": {
            name: {"value": float(point[i]), "ci": [float(low[i]), float(high[i])]}
            for i, name in enumerate(LINK_METRICS)
        },
    }
