"""TF-IDF character n-gram classifiers: one linear model per single-label field."""

from __future__ import annotations

from collections.abc import Sequence

from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from baselines.base import (
    CLASSIFIED_FIELDS,
    Prediction,
    Unit,
    domains_for,
    label_column,
    prediction_shells,
    training_rows,
    unit_texts,
)

CLASSIFIERS = ("logreg", "svm")


class TfidfClassifier(BaseEstimator):
    """Character n-grams (TF-IDF, sublinear tf) into LogisticRegression or LinearSVC with
    balanced class weights, one pipeline per field in `fields`. When primary_domain is
    a field, `domains` is predicted as that domain alone."""

    def __init__(
        self,
        classifier: str = "logreg",
        ngram_range: tuple[int, int] = (1, 3),
        C: float = 1.0,
        class_weight: str | None = "balanced",
        fields: tuple[str, ...] = CLASSIFIED_FIELDS,
        random_state: int = 13,
    ):
        self.classifier = classifier
        self.ngram_range = ngram_range
        self.C = C
        self.class_weight = class_weight
        self.fields = fields
        self.random_state = random_state

    def fit(self, X: Sequence[Unit], y: Sequence[Unit] | None = None) -> TfidfClassifier:
        if self.classifier not in CLASSIFIERS:
            raise ValueError(f"classifier must be one of {CLASSIFIERS}, not {self.classifier!r}")
        unknown = set(self.fields) - set(CLASSIFIED_FIELDS)
        if unknown:
            raise ValueError(f"cannot classify {sorted(unknown)}; choose from {CLASSIFIED_FIELDS}")
        rows = training_rows(X, y)
        texts = unit_texts(X)
        self.models_: dict[str, Pipeline | str] = {}
        for field in self.fields:
            labels = label_column(rows, field)
            # A linear model needs two classes; a field with one (a small fold) is constant.
            if len(set(labels)) == 1:
                self.models_[field] = labels[0]
            else:
                self.models_[field] = self._pipeline().fit(texts, labels)
        return self

    def predict(self, X: Sequence[Unit]) -> list[Prediction]:
        predictions = prediction_shells(X)
        if not predictions:
            return predictions
        texts = unit_texts(X)
        for field, model in self.models_.items():
            labels = [model] * len(texts) if isinstance(model, str) else model.predict(texts)
            for prediction, label in zip(predictions, labels, strict=True):
                prediction[field] = str(label)
        if "primary_domain" in self.models_:
            for prediction in predictions:
                prediction["domains"] = domains_for(prediction["primary_domain"])
        return predictions

    def _pipeline(self) -> Pipeline:
        vectorizer = TfidfVectorizer(
            analyzer="char", ngram_range=tuple(self.ngram_range), sublinear_tf=True
        )
        if self.classifier == "logreg":
            model = LogisticRegression(
                C=self.C,
                class_weight=self.class_weight,
                max_iter=2000,
                random_state=self.random_state,
            )
        else:
            model = LinearSVC(
                C=self.C,
                class_weight=self.class_weight,
                max_iter=10000,
                random_state=self.random_state,
            )
        return Pipeline([("tfidf", vectorizer), ("model", model)])
