"""The majority-class baseline: the most frequent training label of every field."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.base import BaseEstimator

from baselines.base import (
    CLASSIFIED_FIELDS,
    Prediction,
    Unit,
    implied_domains,
    label_column,
    most_common,
    prediction_shells,
    training_rows,
)
from dataset.schema import label_set

LABEL_ORDERS: dict[str, tuple[str, ...]] = {field: label_set(field) for field in CLASSIFIED_FIELDS}


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
        predictions = prediction_shells(X)
        for prediction in predictions:
            prediction.update(self.majority_)
            prediction.update(implied_domains(self.majority_))
            prediction["numeric_targets"] = []
            prediction["places"] = []
        return predictions
