"""The majority-class baseline: the most frequent training label of every field."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.base import BaseEstimator

from baselines.base import (
    Prediction,
    Unit,
    domains_for,
    label_column,
    most_common,
    prediction_shells,
    training_rows,
)
from dataset.schema import COMMITMENT_STRENGTHS, COMMITMENT_TYPES, DOMAINS, GEO_SCOPES

LABEL_ORDERS: dict[str, tuple[str, ...]] = {
    "commitment_type": COMMITMENT_TYPES,
    "commitment_strength": COMMITMENT_STRENGTHS,
    "primary_domain": DOMAINS,
    "geo_scope": GEO_SCOPES,
}


class MajorityBaseline(BaseEstimator):
    """Predicts each single-label field's most frequent training label (ties: schema order),
    `domains` as the predicted primary domain alone, and no places or numeric targets."""

    def fit(self, X: Sequence[Unit], y: Sequence[Unit] | None = None) -> MajorityBaseline:
        rows = training_rows(X, y)
        self.majority_ = {
            field: most_common(label_column(rows, field), order)
            for field, order in LABEL_ORDERS.items()
        }
        return self

    def predict(self, X: Sequence[Unit]) -> list[Prediction]:
        labels = dict(self.majority_)
        labels["domains"] = domains_for(labels["primary_domain"])
        predictions = prediction_shells(X)
        for prediction in predictions:
            prediction.update(labels)
            prediction["domains"] = list(labels["domains"])
            prediction["numeric_targets"] = []
            prediction["places"] = []
        return predictions
