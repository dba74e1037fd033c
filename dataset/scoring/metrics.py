"""Metric arithmetic of the official scorer, vectorised over bootstrap resamples.

Every metric is a function of *totals*: per-unit sufficient statistics (counts such
as true positives or matched spans) summed over the units of a sample. The point
estimate uses the plain sum over all units; a bootstrap resample uses the sum
weighted by how often each unit was drawn. One metric function computes both,
on an array whose last axis holds the statistics, so a resample follows exactly the
conventions of the point estimate. The conventions (the empty case, zero division,
macro averaging) are stated once, in dataset.scoring.evaluation.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

VALUE_REL_TOL = 1e-6
MACRO_CONVENTION = (
    "macro-F1 = unweighted mean of per-label F1 over the schema labels that occur in the gold "
    "or the predictions of the sample (or of each resample)"
)
EMPTY_CASE = 1.0
"""Precision, recall, F1 and accuracy on matched spans when the gold and the predictions
are both empty (tp = fp = fn = 0): nothing to find and nothing found."""
ZERO_DIVISION = 0.0
"""Any other ratio with a zero denominator: precision with no predictions, recall with
no gold, accuracy on matched spans when nothing matched."""
EMPTY_CASE_CONVENTION = (
    f"precision, recall, F1 and accuracy on matched spans are {EMPTY_CASE} when the gold and "
    f"the predictions are both empty (nothing to find and nothing found); any other zero "
    f"denominator gives {ZERO_DIVISION}"
)


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator elementwise, ZERO_DIVISION where the denominator is 0."""
    numerator, denominator = np.broadcast_arrays(
        np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float)
    )
    out = np.full(numerator.shape, ZERO_DIVISION)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def scored_ratio(
    numerator: np.ndarray, denominator: np.ndarray, gold: np.ndarray, predicted: np.ndarray
) -> np.ndarray:
    """`ratio`, but EMPTY_CASE where the gold and the predicted totals are both 0."""
    empty = (np.asarray(gold) == 0) & (np.asarray(predicted) == 0)
    return np.where(empty, EMPTY_CASE, ratio(numerator, denominator))


def f1_from_totals(hits: np.ndarray, gold: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """F1 = 2·hits / (gold + predicted), the harmonic mean of precision and recall;
    EMPTY_CASE when gold and predicted are both 0. Agreement uses it too."""
    return scored_ratio(2 * np.asarray(hits), np.add(gold, predicted), gold, predicted)


def precision(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    return scored_ratio(tp, tp + fp, tp + fn, tp + fp)


def recall(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    return scored_ratio(tp, tp + fn, tp + fn, tp + fp)


def f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    return f1_from_totals(tp, tp + fn, tp + fp)


def macro_f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """Mean F1 over the labels (last axis) that occur in gold or predictions."""
    present = (tp + fp + fn) > 0
    per_label = np.where(present, f1(tp, fp, fn), 0.0)
    return ratio(per_label.sum(axis=-1), present.sum(axis=-1))


# --- per-unit statistics ------------------------------------------------------------


@dataclass(frozen=True)
class StatTable:
    """Per-unit sufficient statistics: one row per unit, columns in named groups."""

    values: np.ndarray  # (units, columns)
    groups: dict[str, slice]

    def totals(self, weights: np.ndarray | None = None) -> Totals:
        """Sum over units, or, with a (resamples, units) count matrix, one sum per resample."""
        summed = self.values.sum(axis=0) if weights is None else weights @ self.values
        return Totals(summed, self.groups)


@dataclass(frozen=True)
class Totals:
    values: np.ndarray  # (..., columns)
    groups: dict[str, slice]

    def col(self, name: str) -> np.ndarray:
        return self.values[..., self.groups[name].start]

    def block(self, name: str) -> np.ndarray:
        return self.values[..., self.groups[name]]


class StatBuilder:
    def __init__(self, units: int):
        self.units = units
        self.parts: list[np.ndarray] = []
        self.groups: dict[str, slice] = {}
        self.width = 0

    def add(self, name: str, column: Sequence | np.ndarray) -> None:
        array = np.asarray(column, dtype=float)
        if array.ndim == 1:
            array = array[:, None]
        if array.shape[0] != self.units:
            raise ValueError(f"statistic {name!r} has {array.shape[0]} rows, not {self.units}")
        self.groups[name] = slice(self.width, self.width + array.shape[1])
        self.width += array.shape[1]
        self.parts.append(array)

    def build(self) -> StatTable:
        values = np.hstack(self.parts) if self.parts else np.zeros((self.units, 0))
        return StatTable(values, dict(self.groups))


MetricFn = Callable[[Totals], np.ndarray]


# --- single-label classification ----------------------------------------------------


def label_indices(labels: Sequence[str], vocabulary: Sequence[str]) -> np.ndarray:
    position = {label: i for i, label in enumerate(vocabulary)}
    return np.array([position[label] for label in labels], dtype=int)


def add_classification_stats(
    builder: StatBuilder, prefix: str, gold: np.ndarray, predicted: np.ndarray, labels: int
) -> None:
    """Per-label TP/FP/FN one-hot rows and a `correct` column, under `prefix`."""
    identity = np.eye(labels)
    gold_hot, predicted_hot = identity[gold], identity[predicted]
    correct = (gold == predicted)[:, None]
    builder.add(f"{prefix}tp", gold_hot * correct)
    builder.add(f"{prefix}fp", predicted_hot * ~correct)
    builder.add(f"{prefix}fn", gold_hot * ~correct)
    builder.add(f"{prefix}correct", correct[:, 0])


def classification_metrics(prefix: str, names: dict[str, str]) -> dict[str, MetricFn]:
    """Macro-F1 and accuracy over the stats under `prefix`; `names` maps
    "macro_f1"/"accuracy" to the metric names the task reports."""

    def macro(totals: Totals) -> np.ndarray:
        return macro_f1(
            totals.block(f"{prefix}tp"), totals.block(f"{prefix}fp"), totals.block(f"{prefix}fn")
        )

    def accuracy(totals: Totals) -> np.ndarray:
        return ratio(totals.col(f"{prefix}correct"), totals.col("units"))

    return {names["macro_f1"]: macro, names["accuracy"]: accuracy}


def per_class_metrics(totals: Totals, prefix: str) -> dict[str, np.ndarray]:
    """Per-label precision, recall and F1 (last axis = vocabulary)."""
    tp, fp, fn = (totals.block(f"{prefix}{name}") for name in ("tp", "fp", "fn"))
    return {"precision": precision(tp, fp, fn), "recall": recall(tp, fp, fn), "f1": f1(tp, fp, fn)}


def class_occurs(totals: Totals, prefix: str) -> np.ndarray:
    """Per label (last axis): whether it occurs in the gold or the predictions."""
    tp, fp, fn = (totals.block(f"{prefix}{name}") for name in ("tp", "fp", "fn"))
    return (tp + fp + fn) > 0


def confusion_matrix(
    gold: np.ndarray, predicted: np.ndarray, vocabulary: Sequence[str]
) -> dict[str, list]:
    """Rows are gold labels, columns predicted labels (scikit-learn's orientation),
    over the vocabulary labels that occur in either, in schema order."""
    occurring = sorted(set(gold.tolist()) | set(predicted.tolist()))
    position = {label: i for i, label in enumerate(occurring)}
    matrix = np.zeros((len(occurring), len(occurring)), dtype=int)
    np.add.at(matrix, ([position[g] for g in gold], [position[p] for p in predicted]), 1)
    return {"labels": [vocabulary[i] for i in occurring], "matrix": matrix.tolist()}


# --- multi-label --------------------------------------------------------------------


def add_multilabel_stats(
    builder: StatBuilder,
    prefix: str,
    gold: Sequence[Sequence[str]],
    predicted: Sequence[Sequence[str]],
) -> None:
    rows = []
    for gold_set, predicted_set in zip(map(set, gold), map(set, predicted), strict=True):
        rows.append(
            (
                len(gold_set & predicted_set),
                len(predicted_set - gold_set),
                len(gold_set - predicted_set),
            )
        )
    table = np.array(rows, dtype=float).reshape(len(rows), 3)
    for column, name in enumerate(("tp", "fp", "fn")):
        builder.add(f"{prefix}{name}", table[:, column])


def micro_f1_metric(prefix: str) -> MetricFn:
    def micro(totals: Totals) -> np.ndarray:
        return f1(totals.col(f"{prefix}tp"), totals.col(f"{prefix}fp"), totals.col(f"{prefix}fn"))

    return micro


# --- spans --------------------------------------------------------------------------

SpanCheck = Callable[[dict, dict], bool]


def values_agree(gold: dict, predicted: dict) -> bool:
    """value and value_max equal up to a relative tolerance of VALUE_REL_TOL."""
    if not math.isclose(gold["value"], predicted["value"], rel_tol=VALUE_REL_TOL):
        return False
    gold_max, predicted_max = gold.get("value_max"), predicted.get("value_max")
    if gold_max is None or predicted_max is None:
        return gold_max is None and predicted_max is None
    return math.isclose(gold_max, predicted_max, rel_tol=VALUE_REL_TOL)


def same(key: str) -> SpanCheck:
    def check(gold: dict, predicted: dict) -> bool:
        return gold[key] == predicted[key]

    return check


def canonical_order(spans: Sequence[dict]) -> list[dict]:
    """Spans sorted by offsets, then content, so matching never depends on input order."""
    return sorted(
        spans, key=lambda s: (s["start"], s["end"], json.dumps(s, sort_keys=True, default=str))
    )


def overlap_length(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def match_overlapping(gold: Sequence[dict], predicted: Sequence[dict]) -> list[tuple[int, int]]:
    """One-to-one matching of overlapping spans (sharing at least one character):
    as many pairs as possible, then the largest total Jaccard overlap, so an exact
    match is preferred to a partial one. Returns (gold index, predicted index) pairs."""
    if not gold or not predicted:
        return []
    # Any pair outweighs every possible Jaccard gain (each is at most 1 and at most
    # len(gold) pairs are made), so the matching first maximises the number of pairs.
    pair_bonus = len(gold) + 1.0
    weights = np.zeros((len(gold), len(predicted)))
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            shared = overlap_length(g, p)
            if shared:
                union = max(g["end"], p["end"]) - min(g["start"], p["start"])
                weights[i, j] = pair_bonus + shared / union
    pairs = max_weight_assignment(weights.tolist())
    return [(i, j) for i, j in pairs if weights[i, j] > 0]


def max_weight_assignment(weights: list[list[float]]) -> list[tuple[int, int]]:
    """A maximum-weight assignment of rows to columns (each used at most once), as
    scipy's linear_sum_assignment(maximize=True) gives, for the few spans of a unit.

    The Hungarian algorithm with potentials, O(rows² · columns); written out so the
    scorer does not import scipy, which costs more than scoring a test split."""
    if len(weights) > len(weights[0]):
        transposed = [list(column) for column in zip(*weights, strict=True)]
        return sorted((i, j) for j, i in max_weight_assignment(transposed))
    rows, cols = len(weights), len(weights[0])
    cost = [[-w for w in row] for row in weights]
    row_potential = [0.0] * (rows + 1)
    col_potential = [0.0] * (cols + 1)
    owner = [0] * (cols + 1)  # owner[j]: the 1-based row assigned to column j (0: none)
    for row in range(1, rows + 1):
        owner[0] = row
        current = 0
        slack = [math.inf] * (cols + 1)
        came_from = [0] * (cols + 1)
        visited = [False] * (cols + 1)
        while owner[current]:
            visited[current] = True
            i = owner[current]
            delta, nearest = math.inf, 0
            for j in range(1, cols + 1):
                if visited[j]:
                    continue
                reduced = cost[i - 1][j - 1] - row_potential[i] - col_potential[j]
                if reduced < slack[j]:
                    slack[j], came_from[j] = reduced, current
                if slack[j] < delta:
                    delta, nearest = slack[j], j
            for j in range(cols + 1):
                if visited[j]:
                    row_potential[owner[j]] += delta
                    col_potential[j] -= delta
                else:
                    slack[j] -= delta
            current = nearest
        while current:
            previous = came_from[current]
            owner[current] = owner[previous]
            current = previous
    return sorted((owner[j] - 1, j - 1) for j in range(1, cols + 1) if owner[j])


def strict_matches(gold: Sequence[dict], predicted: Sequence[dict]) -> int:
    """Exact (start, end) matches, each gold and predicted span used at most once."""
    gold_offsets = Counter((s["start"], s["end"]) for s in gold)
    predicted_offsets = Counter((s["start"], s["end"]) for s in predicted)
    return sum((gold_offsets & predicted_offsets).values())


def strict_tuple_matches(
    gold: Sequence[dict], predicted: Sequence[dict], checks: Sequence[SpanCheck]
) -> int:
    """The most one-to-one pairs of spans with the same (start, end) that pass every check."""
    hits = 0
    for offsets in {(s["start"], s["end"]) for s in gold}:
        same_gold = [s for s in gold if (s["start"], s["end"]) == offsets]
        same_predicted = [s for s in predicted if (s["start"], s["end"]) == offsets]
        if not same_predicted:
            continue
        agree = [[float(all(c(g, p) for c in checks)) for p in same_predicted] for g in same_gold]
        hits += sum(agree[i][j] > 0 for i, j in max_weight_assignment(agree))
    return hits


def span_unit_counts(
    gold: Sequence[dict],
    predicted: Sequence[dict],
    checks: dict[str, SpanCheck],
    tuple_checks: Sequence[str],
) -> list[int]:
    """[gold, predicted, strict, matched, <one per check>, tuple] for one unit.

    strict: exact-offset matches; matched: overlap matches, on which each check's
    agreements are counted; tuple: exact-offset matches that pass every tuple check."""
    gold, predicted = canonical_order(gold), canonical_order(predicted)
    pairs = [(gold[i], predicted[j]) for i, j in match_overlapping(gold, predicted)]
    row = [len(gold), len(predicted), strict_matches(gold, predicted), len(pairs)]
    row += [sum(check(g, p) for g, p in pairs) for check in checks.values()]
    row.append(strict_tuple_matches(gold, predicted, [checks[name] for name in tuple_checks]))
    return row


def add_span_stats(
    builder: StatBuilder,
    gold: Sequence[Sequence[dict]],
    predicted: Sequence[Sequence[dict]],
    checks: dict[str, SpanCheck],
    tuple_checks: Sequence[str],
) -> None:
    names = ["gold", "predicted", "strict", "matched", *(f"{n}_agree" for n in checks), "tuple"]
    rows = [
        span_unit_counts(g, p, checks, tuple_checks) for g, p in zip(gold, predicted, strict=True)
    ]
    table = np.array(rows, dtype=float).reshape(len(rows), len(names))
    for column, name in enumerate(names):
        builder.add(name, table[:, column])


def span_metrics(checks: Sequence[str], tuple_name: str) -> dict[str, MetricFn]:
    """P/R/F1 of the tuple hits (named `tuple_name`), of strict (span-only) and of overlap
    matches, and the accuracy of each check on overlap-matched spans."""

    def prf(hits: str, name: str) -> dict[str, MetricFn]:
        def scored(numerator: Callable[[Totals], np.ndarray], denominator: str) -> MetricFn:
            return lambda t: scored_ratio(
                numerator(t), t.col(denominator), t.col("gold"), t.col("predicted")
            )

        return {
            f"{name}_f1": lambda t: f1_from_totals(t.col(hits), t.col("gold"), t.col("predicted")),
            f"{name}_precision": scored(lambda t: t.col(hits), "predicted"),
            f"{name}_recall": scored(lambda t: t.col(hits), "gold"),
        }

    metrics = prf("tuple", tuple_name) | prf("strict", "strict") | prf("matched", "overlap")
    for check in checks:
        metrics[f"{check}_accuracy"] = lambda t, check=check: scored_ratio(
            t.col(f"{check}_agree"), t.col("matched"), t.col("gold"), t.col("predicted")
        )
    return metrics
