"""The rule pre-annotator: segmentation plus a rule prediction for every label field.

`RuleAnnotator` is the sklearn-style estimator registered as the "rules" baseline. The
pipeline itself (`predict_units`, `preannotate_text`, `preannotate_files`)
lives in `annotation.rules.pipeline`, which does not import sklearn, and is re-exported
here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.base import BaseEstimator

from annotation.rules.evaluation import development_note
from annotation.rules.pipeline import (
    PREDICTION_FIELDS,
    atomic_output,
    collect_inputs,
    doc_id_from_path,
    preannotate_files,
    preannotate_text,
    predict_units,
)
from dataset.release.splits import load_recorded_splits

__all__ = [
    "PREDICTION_FIELDS",
    "RuleAnnotator",
    "atomic_output",
    "collect_inputs",
    "doc_id_from_path",
    "preannotate_files",
    "preannotate_text",
    "predict_units",
]


class RuleAnnotator(BaseEstimator):
    """Rule predictions for sentence units (sklearn API; fit is a no-op).

    X is a list of unit dicts with at least `id` and `text` (and, when present,
    `doc_id`, `para` and `section`, which give paragraph and section context);
    predict returns one dict per unit with `id` and every label field, valid under
    the schema. `gazetteer_path` None means the project's dataset/gazetteer.json.
    """

    RESULTS_NOTE = development_note(load_recorded_splits())

    def __init__(self, gazetteer_path: str | None = None):
        self.gazetteer_path = gazetteer_path

    def fit(self, X: Sequence[dict[str, Any]], y: Any = None) -> RuleAnnotator:
        return self

    def predict(self, X: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        return predict_units(X, self.gazetteer_path)
