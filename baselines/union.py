"""Several baselines as one system: each predicts its own fields and the dicts are merged."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.base import BaseEstimator, clone

from baselines.base import Prediction, Predictor, Unit, prediction_shells


class PredictionUnion(BaseEstimator):
    """Fits every (name, estimator) on the same data and merges their predictions per unit.
    Two members predicting the same field is an error, so no prediction is silently lost."""

    def __init__(self, estimators: Sequence[tuple[str, Predictor]]):
        self.estimators = estimators

    def fit(self, X: Sequence[Unit], y: Sequence[Unit] | None = None) -> PredictionUnion:
        self.fitted_ = [(name, clone(estimator).fit(X, y)) for name, estimator in self.estimators]
        return self

    def predict(self, X: Sequence[Unit]) -> list[Prediction]:
        merged = prediction_shells(X)
        owner: dict[str, str] = {}
        for name, estimator in self.fitted_:
            for target, prediction in zip(merged, estimator.predict(X), strict=True):
                if prediction["id"] != target["id"]:
                    raise ValueError(f"{name} returned predictions out of order")
                for field, value in prediction.items():
                    if field == "id":
                        continue
                    if owner.setdefault(field, name) != name:
                        raise ValueError(f"{name} and {owner[field]} both predict {field!r}")
                    target[field] = value
        return merged
