"""The systems of the results table, by name, each with its track and kind.

This is the one place that says which resources a system uses: `track` is `closed` (the
train split and the codebook) or `open` (anything, the gazetteer included), see
`baselines.base.TRACKS`. The CLI adds the rule pre-annotator as an in-sample system
(baselines may not import it).
"""

from __future__ import annotations

from baselines.base import SystemSpec
from baselines.crf import CharCrfTagger
from baselines.majority import MajorityBaseline
from baselines.references import GazetteerTagger, MarkerLexicon
from baselines.tfidf import TfidfClassifier
from baselines.tuned import TunedCueClassifier
from baselines.union import PredictionUnion

RANDOM_STATE = 13
SEEDS: tuple[int, ...] = (13, 14, 15, 16, 17)
"""The seeds of every system with a random_state; the first gives the saved predictions,
the bootstrap intervals and the cross-validation."""


def majority() -> MajorityBaseline:
    return MajorityBaseline()


def tfidf_logreg() -> TfidfClassifier:
    return TfidfClassifier(classifier="logreg", ngram_range=(1, 3), random_state=RANDOM_STATE)


def tfidf_svm(random_state: int = RANDOM_STATE) -> TfidfClassifier:
    return TfidfClassifier(classifier="svm", ngram_range=(1, 3), random_state=random_state)


def tfidf_cues(random_state: int = RANDOM_STATE) -> TunedCueClassifier:
    return TunedCueClassifier(classifier="sgd", random_state=random_state)


def char_crf() -> PredictionUnion:
    return PredictionUnion(
        [
            ("targets", CharCrfTagger(field="numeric_targets")),
            ("places", CharCrfTagger(field="places")),
        ]
    )


def char_crf_gazetteer() -> CharCrfTagger:
    return CharCrfTagger(field="places", use_gazetteer=True)


def marker_lexicon() -> MarkerLexicon:
    return MarkerLexicon()


def gazetteer_match() -> GazetteerTagger:
    return GazetteerTagger()


CODEBOOK = "codebook"
GAZETTEER = "gazetteer"
NORMALISER_NOTE = (
    "target fields (value, value_max, unit, comparator, kind) are filled by the span "
    "normaliser dataset.quantities, which the in-sample rules share: its word lists follow "
    "the codebook (§4.4-4.7) but were written alongside the rules"
)

SYSTEMS: dict[str, SystemSpec] = {
    "majority": SystemSpec(majority, track="closed"),
    "tfidf-logreg": SystemSpec(tfidf_logreg, track="closed"),
    "tfidf-svm": SystemSpec(
        tfidf_svm,
        track="closed",
        seeds=SEEDS,
        note="LinearSVC shuffles with its random_state but converges to the same model",
    ),
    "tfidf-cues": SystemSpec(
        tfidf_cues,
        track="closed",
        seeds=SEEDS,
        uses=f"{CODEBOOK}: cue word lists (§5, §6.2, §8, §9) and the unit table (§4.5)",
        note="char n-gram TF-IDF + codebook cue features into averaged SGD; hyper-parameters "
        "chosen per field and seed by grouped CV on the rows it is fitted on (nested in CV)",
    ),
    "char-crf": SystemSpec(
        char_crf,
        track="closed",
        uses=f"{CODEBOOK}: the unit table (§4.5), through the span normaliser",
        note=NORMALISER_NOTE,
    ),
    "marker-lexicon": SystemSpec(
        marker_lexicon,
        track="closed",
        kind="reference",
        uses=f"{CODEBOOK}: the strength marker lists (§6.2 S4)",
        note="binding if a binding marker occurs, else striving if a striving marker "
        "occurs, else unmarked; no clause rules",
    ),
    "char-crf-gazetteer": SystemSpec(
        char_crf_gazetteer,
        track="open",
        uses=f"{GAZETTEER}: match features, canonical names and types",
    ),
    "gazetteer-match": SystemSpec(
        gazetteer_match,
        track="open",
        kind="reference",
        uses=f"{GAZETTEER}: every name and alias, leftmost-longest",
        note="the gazetteer lists the places of the seed page (a train document)",
    ),
}
"""Systems in table order."""
