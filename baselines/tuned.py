"""The tuned feature baseline: character n-gram TF-IDF plus codebook cue features into an
averaged SGD linear classifier, one per single-label field, with its hyper-parameters
chosen by grouped cross-validation on the data it is fitted on.

The cue features are generic and come from the codebook (dataset.codebook): whether
the unit holds a number with a unit of the codebook's unit table, a strength marker, a
direction, completion or launch verb, an aspiration cue, a cooperation or place word,
plus its unit type and length. None was chosen by looking at test units.

`fit` searches the grid `search_space` by grouped k-fold cross-validation over the
training rows' `fold` column (whole paragraphs; rows without one are grouped by
paragraph; with a single group there is nothing to search and the grid's first setting
is used), scoring the pooled out-of-fold predictions by macro-F1 (the official
single-label main metric), and refits the best setting on all the rows. The runner's own
cross-validation fits it on four folds, so its CV figure is a nested estimate. SGD
shuffles the data, so the model depends on `random_state`: the results table runs it
with several seeds.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import f1_score
from sklearn.svm import LinearSVC

from baselines.base import (
    CLASSIFIED_FIELDS,
    Prediction,
    Unit,
    implied_domains,
    label_column,
    prediction_shells,
    training_rows,
    unit_texts,
)
from dataset.codebook import CUE_GROUPS
from dataset.quantities.numerals import find_quantities
from dataset.schema import UNIT_TYPES

SEARCH_SPACES: dict[str, dict[str, tuple[Any, ...]]] = {
    "svm": {
        "ngram_range": ((1, 2), (1, 3)),
        "cue_weight": (0.0, 1.0, 3.0),
        "C": (0.01, 0.03, 0.1, 0.3, 1.0),
    },
    "sgd": {
        "ngram_range": ((1, 2), (1, 3)),
        "cue_weight": (0.0, 1.0, 3.0),
        "loss": ("hinge", "modified_huber"),
        "alpha": (1e-4, 1e-3, 1e-2),
    },
}
"""The grid of each classifier, searched in this order; on a tie the setting met first
wins (the smaller n-gram range, the lighter cue weight, the stronger regularisation for
the SVM)."""

SVM_MAX_ITER = 10000
SGD_EPOCHS = 20
MAX_QUANTITIES = 3
PERCENT = "%"


def cue_features(unit: Unit) -> list[float]:
    """One row of cue features: a presence flag per codebook cue group, numbers with a
    unit (any, how many up to MAX_QUANTITIES, a percentage), the unit type, log length."""
    text = unit["text"]
    quantities = find_quantities(text)
    row = [float(any(word in text for word in words)) for words in CUE_GROUPS.values()]
    row += [
        float(bool(quantities)),
        min(len(quantities), MAX_QUANTITIES) / MAX_QUANTITIES,
        float(any(quantity.unit == PERCENT for quantity in quantities)),
    ]
    row += [float(unit.get("unit_type") == unit_type) for unit_type in UNIT_TYPES]
    row.append(math.log1p(len(text)) / 5)
    return row


def cue_matrix(X: Sequence[Unit]) -> np.ndarray:
    return np.array([cue_features(unit) for unit in X], dtype=float).reshape(len(X), -1)


def settings(search_space: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    names = list(search_space)
    return [
        dict(zip(names, values, strict=True))
        for values in itertools.product(*(search_space[name] for name in names))
    ]


def group_labels(rows: Sequence[Unit]) -> list[Any]:
    """The cross-validation group of each row: its `fold`, or its paragraph without one."""
    if all(isinstance(row.get("fold"), int) for row in rows):
        return [row["fold"] for row in rows]
    return [(row.get("doc_id"), row.get("para", row.get("id"))) for row in rows]


def fold_indices(groups: Sequence[Any], max_folds: int) -> list[np.ndarray]:
    """Evaluation indices of each fold: every fold a set of whole groups. With a `fold`
    column each value is a fold; paragraphs are dealt round-robin to at most max_folds.
    Fewer than two groups give no folds (nothing to search with)."""
    distinct = sorted(set(groups), key=repr)
    if len(distinct) < 2:
        return []
    if all(isinstance(group, int) for group in distinct):
        fold_of = {group: group for group in distinct}
    else:
        fold_of = {group: i % max_folds for i, group in enumerate(distinct)}
    by_fold: dict[Any, list[int]] = {}
    for index, group in enumerate(groups):
        by_fold.setdefault(fold_of[group], []).append(index)
    return [np.array(indices) for _, indices in sorted(by_fold.items())]


class _Features:
    """TF-IDF fitted on some texts, with the cue matrix appended at a weight."""

    def __init__(self, ngram_range: tuple[int, int], texts: Sequence[str]):
        self.vectorizer = TfidfVectorizer(
            analyzer="char", ngram_range=tuple(ngram_range), sublinear_tf=True
        ).fit(texts)

    def transform(self, texts: Sequence[str], cues: np.ndarray, cue_weight: float):
        tfidf = self.vectorizer.transform(texts)
        if cue_weight == 0:
            return tfidf
        return hstack([tfidf, csr_matrix(cues * cue_weight)]).tocsr()


class TunedCueClassifier(BaseEstimator):
    """Char n-gram TF-IDF + codebook cues into an averaged SGD linear model per field,
    each field's hyper-parameters chosen by grouped CV on the training rows (see the
    module docstring). `selected_` holds, per field, the chosen setting and its CV
    macro-F1."""

    def __init__(
        self,
        fields: tuple[str, ...] = CLASSIFIED_FIELDS,
        classifier: str = "sgd",
        search_space: Mapping[str, Sequence[Any]] | None = None,
        max_folds: int = 5,
        random_state: int = 13,
    ):
        self.fields = fields
        self.classifier = classifier
        self.search_space = search_space
        self.max_folds = max_folds
        self.random_state = random_state

    def fit(self, X: Sequence[Unit], y: Sequence[Unit] | None = None) -> TunedCueClassifier:
        unknown = set(self.fields) - set(CLASSIFIED_FIELDS)
        if unknown:
            raise ValueError(f"cannot classify {sorted(unknown)}; choose from {CLASSIFIED_FIELDS}")
        if self.classifier not in SEARCH_SPACES:
            raise ValueError(f"classifier must be one of {tuple(SEARCH_SPACES)}")
        rows = training_rows(X, y)
        texts, cues = unit_texts(X), cue_matrix(X)
        grid = settings(self.search_space or SEARCH_SPACES[self.classifier])
        folds = fold_indices(group_labels(rows), self.max_folds)
        views = self._fold_views(texts, cues, folds, grid)
        self.selected_: dict[str, dict[str, Any]] = {}
        self.models_: dict[str, tuple[dict[str, Any], _Features | None, Any]] = {}
        for field in self.fields:
            labels = np.array(label_column(rows, field), dtype=object)
            setting, cv_score = self._search(labels, folds, views, grid)
            self.selected_[field] = {**_plain(setting), "cv_macro_f1": cv_score}
            self.models_[field] = self._fit_final(setting, texts, cues, labels)
        return self

    def predict(self, X: Sequence[Unit]) -> list[Prediction]:
        predictions = prediction_shells(X)
        if not predictions:
            return predictions
        texts, cues = unit_texts(X), cue_matrix(X)
        for field, (setting, features, model) in self.models_.items():
            if features is None:  # one label in training: a constant
                labels = [model] * len(texts)
            else:
                labels = model.predict(features.transform(texts, cues, setting["cue_weight"]))
            for prediction, label in zip(predictions, labels, strict=True):
                prediction[field] = str(label)
        for prediction in predictions:
            prediction.update(implied_domains(prediction))
        return predictions

    def _classifier(self, setting: Mapping[str, Any]) -> LinearSVC | SGDClassifier:
        if self.classifier == "svm":
            return LinearSVC(
                C=setting["C"],
                class_weight="balanced",
                max_iter=SVM_MAX_ITER,
                random_state=self.random_state,
            )
        return SGDClassifier(
            loss=setting["loss"],
            alpha=setting["alpha"],
            class_weight="balanced",
            average=True,
            max_iter=SGD_EPOCHS,
            tol=None,  # a fixed number of epochs: no early stop that depends on the data order
            random_state=self.random_state,
        )

    def _fold_views(self, texts, cues, folds, grid) -> dict[tuple, list[tuple]]:
        """(ngram_range, cue_weight) -> per fold (fit indices, eval indices, X_fit, X_eval):
        the vectorizers are fitted once per fold and n-gram range, not once per setting."""
        every = np.arange(len(texts))
        views: dict[tuple, list[tuple]] = {}
        ngram_ranges = sorted({tuple(setting["ngram_range"]) for setting in grid})
        weights = sorted({setting["cue_weight"] for setting in grid})
        for ngram_range, held_out in itertools.product(ngram_ranges, folds):
            fit_index = np.setdiff1d(every, held_out)
            features = _Features(ngram_range, [texts[i] for i in fit_index])
            for weight in weights:
                views.setdefault((ngram_range, weight), []).append(
                    (
                        fit_index,
                        held_out,
                        features.transform([texts[i] for i in fit_index], cues[fit_index], weight),
                        features.transform([texts[i] for i in held_out], cues[held_out], weight),
                    )
                )
        return views

    def _search(self, labels, folds, views, grid) -> tuple[dict[str, Any], float | None]:
        """The setting with the best pooled out-of-fold macro-F1; without folds (fewer than
        two groups of rows) the grid's first setting, unscored."""
        if not folds:
            return grid[0], None
        best, best_score = grid[0], -1.0
        for setting in grid:
            key = (tuple(setting["ngram_range"]), setting["cue_weight"])
            predicted = np.empty(len(labels), dtype=object)
            for fit_index, held_out, X_fit, X_eval in views[key]:
                predicted[held_out] = self._fit_predict(setting, X_fit, labels[fit_index], X_eval)
            score = float(f1_score(list(labels), list(predicted), average="macro"))
            if score > best_score:
                best, best_score = setting, score
        return best, best_score

    def _fit_predict(self, setting, X_fit, y_fit, X_eval) -> np.ndarray:
        if len(set(y_fit)) == 1:
            return np.full(X_eval.shape[0], y_fit[0], dtype=object)
        return self._classifier(setting).fit(X_fit, list(y_fit)).predict(X_eval)

    def _fit_final(self, setting, texts, cues, labels) -> tuple[dict[str, Any], Any, Any]:
        if len(set(labels)) == 1:
            return setting, None, labels[0]
        features = _Features(setting["ngram_range"], texts)
        X = features.transform(texts, cues, setting["cue_weight"])
        return setting, features, self._classifier(setting).fit(X, list(labels))


def _plain(setting: Mapping[str, Any]) -> dict[str, Any]:
    """The setting as JSON-friendly values (tuples as lists)."""
    return {
        name: list(value) if isinstance(value, tuple) else value for name, value in setting.items()
    }
