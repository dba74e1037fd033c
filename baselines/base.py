"""What every baseline shares: the estimator protocol, reading units and labels,
and building prediction dicts.

A baseline is a scikit-learn estimator over lists of unit dicts: `fit(X, y)` takes
the units and their labelled records (release rows serve as both, so `y` may be
omitted) and `predict(X)` returns one prediction dict per unit, keyed by `id` and
holding only the label fields that the baseline handles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from dataset.schema import NO_LABEL, SINGLE_LABEL_FIELDS

Unit = dict[str, Any]
Prediction = dict[str, Any]

CLASSIFIED_FIELDS: tuple[str, ...] = SINGLE_LABEL_FIELDS
"""The single-label fields that the text classifiers learn, one model each."""


class Predictor(Protocol):
    def fit(self, X: Sequence[Unit], y: Sequence[Unit] | None = None) -> Predictor: ...

    def predict(self, X: Sequence[Unit]) -> list[Prediction]: ...


SystemFactory = Callable[[], Predictor]
"""Makes a fresh, unfitted system; the runner calls it once per fit."""


def training_rows(X: Sequence[Unit], y: Sequence[Unit] | None) -> list[Unit]:
    """The labelled records to learn from: `y`, or the units themselves when they carry labels."""
    rows = list(X if y is None else y)
    if y is not None and len(rows) != len(X):
        raise ValueError(f"X has {len(X)} units but y has {len(rows)} records")
    if not rows:
        raise ValueError("cannot fit on zero units")
    return rows


def label_column(rows: Sequence[Unit], field: str) -> list[Any]:
    missing = [row.get("id", f"#{i}") for i, row in enumerate(rows) if field not in row]
    if missing:
        raise ValueError(f"{len(missing)} training record(s) lack {field!r}, e.g. {missing[0]}")
    return [row[field] for row in rows]


def unit_texts(X: Sequence[Unit]) -> list[str]:
    return [unit["text"] for unit in X]


def prediction_shells(X: Sequence[Unit]) -> list[Prediction]:
    return [{"id": unit["id"]} for unit in X]


def most_common(labels: Sequence[str], order: Sequence[str]) -> str:
    """The most frequent label; ties go to the label listed first in `order` (the schema)."""
    counts = Counter(labels)
    rank = {label: i for i, label in enumerate(order)}
    return min(counts, key=lambda label: (-counts[label], rank.get(label, len(rank)), label))


def domains_for(primary: str) -> list[str]:
    """The domain set a single-label classifier implies: its primary domain alone."""
    return [] if primary == NO_LABEL else [primary]


def implied_domains(labels: Prediction) -> Prediction:
    """`domains` as implied by the predicted primary domain, if there is one."""
    if "primary_domain" not in labels:
        return {}
    return {"domains": domains_for(labels["primary_domain"])}
