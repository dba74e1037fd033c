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
from dataclasses import dataclass
from functools import partial
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

TRACKS: dict[str, str] = {
    "closed": "the train split and the codebook (annotation/guidelines.md, with its marker "
    "and unit lists)",
    "open": "anything, the gazetteer (dataset/gazetteer.json) included",
}
"""Track -> what a system in it may use: dataset.scoring.tasks.RESOURCES, with the files named
(tests/baselines check that the two agree)."""

KINDS: dict[str, str] = {
    "baseline": "fitted on the train split",
    "reference": "no learning: a published word list applied as it stands",
    "in-sample": "developed on the test documents; reported apart, not comparable",
}
"""The kinds of system in the results; in-sample systems never enter the headline table."""


@dataclass(frozen=True)
class SystemSpec:
    """A system of the results table: how to make it and what it is.

    `factory` makes a fresh, unfitted estimator; for a system listed with `seeds` it is
    called as `factory(random_state=seed)` once per seed, and the results give the mean
    and standard deviation over the seeds. `track` says which resources it uses,
    `uses` names them (beyond the train split) and `note` is shown with its results."""

    factory: Callable[..., Predictor]
    track: str
    kind: str = "baseline"
    seeds: tuple[int, ...] = ()
    uses: str = ""
    note: str = ""

    def __post_init__(self) -> None:
        if self.track not in TRACKS:
            raise ValueError(f"track must be one of {tuple(TRACKS)}, not {self.track!r}")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {tuple(KINDS)}, not {self.kind!r}")
        if len(set(self.seeds)) != len(self.seeds):
            raise ValueError(f"seeds must be distinct, got {self.seeds}")

    @property
    def in_headline(self) -> bool:
        return self.kind != "in-sample"

    def runs(self) -> list[tuple[int | None, SystemFactory]]:
        """(seed, factory) per run: one run without a seed for a deterministic system."""
        if not self.seeds:
            return [(None, self.factory)]
        return [(seed, partial(self.factory, random_state=seed)) for seed in self.seeds]


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
