"""The baseline systems of the benchmark, by name: each name makes a fresh estimator."""

from __future__ import annotations

from baselines.base import SystemFactory
from baselines.crf import CharCrfTagger
from baselines.majority import MajorityBaseline
from baselines.tfidf import TfidfClassifier
from baselines.union import PredictionUnion

RANDOM_STATE = 13


def majority() -> MajorityBaseline:
    return MajorityBaseline()


def tfidf_logreg() -> TfidfClassifier:
    return TfidfClassifier(classifier="logreg", ngram_range=(1, 3), random_state=RANDOM_STATE)


def tfidf_svm() -> TfidfClassifier:
    return TfidfClassifier(classifier="svm", ngram_range=(1, 3), random_state=RANDOM_STATE)


def char_crf() -> PredictionUnion:
    return PredictionUnion(
        [
            ("targets", CharCrfTagger(field="numeric_targets")),
            ("places", CharCrfTagger(field="places")),
        ]
    )


BASELINES: dict[str, SystemFactory] = {
    "majority": majority,
    "tfidf-logreg": tfidf_logreg,
    "tfidf-svm": tfidf_svm,
    "char-crf": char_crf,
}
"""Systems in table order. The CLI adds the rule pre-annotator (baselines may not import it)."""
