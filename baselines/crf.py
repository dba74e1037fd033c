"""Character-level CRF span taggers for numeric targets and places (BIO tags).

Each character is described by itself and its neighbours (characters, character
classes, bigrams). Numeric-target spans are tagged TARGET and their fields (value,
unit, comparator, kind) are filled by the span normaliser; place spans are tagged
with their place type.

Without the gazetteer (`use_gazetteer=False`, the closed track) a place gets the CRF's
type and `name` null. With it (the open track) every character also carries the tag of
the gazetteer match it lies in (leftmost-longest, as `baselines.references.GazetteerTagger`
finds them), and a span whose text is a gazetteer name or alias takes its canonical name
and type.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from sklearn.base import BaseEstimator
from sklearn_crfsuite import CRF

from baselines.base import Prediction, Unit, label_column, prediction_shells, training_rows
from baselines.references import gazetteer_matches, gazetteer_pattern
from dataset.gazetteer import load_gazetteer
from dataset.quantities.fields import target_fields
from dataset.quantities.numerals import parse_quantity

SPAN_FIELDS = ("numeric_targets", "places")
TARGET_TAG = "TARGET"
CHINESE_NUMERALS = frozenset("零〇一二两三四五六七八九十百千万亿")

Tagged = tuple[int, int, str]  # start, end, label


def char_class(char: str) -> str:
    if char.isdigit():
        return "digit"
    if char in CHINESE_NUMERALS:
        return "cnnum"
    if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf":
        return "cjk"
    if char.isascii() and char.isalpha():
        return "latin"
    if char.isspace():
        return "space"
    if unicodedata.category(char)[0] in "PS":
        return "punct"
    return "other"


def char_features(text: str, window: int) -> list[dict[str, Any]]:
    """Features of every character: itself, its class, and the same of its neighbours
    within `window`, plus the character bigrams on either side."""
    padded = f"\x02{text}\x03"  # start/end sentinels so the bigrams exist at the edges
    features = []
    for i, char in enumerate(text):
        feats: dict[str, Any] = {"bias": 1.0, "c": char, "cls": char_class(char)}
        for offset in range(-window, window + 1):
            j = i + offset
            if offset == 0:
                continue
            if 0 <= j < len(text):
                feats[f"c[{offset}]"] = text[j]
                feats[f"cls[{offset}]"] = char_class(text[j])
            else:
                feats[f"c[{offset}]"] = "<edge>"
        feats["bi[-1]"] = padded[i : i + 2]
        feats["bi[+1]"] = padded[i + 1 : i + 3]
        features.append(feats)
    return features


def add_gazetteer_features(features: list[dict[str, Any]], tags: Sequence[str]) -> None:
    """Each character's gazetteer BIO tag (B-zone, I-zone, O …) and its neighbours'."""
    for i, feats in enumerate(features):
        feats["gaz"] = tags[i]
        feats["gaz[-1]"] = tags[i - 1] if i > 0 else "<edge>"
        feats["gaz[+1]"] = tags[i + 1] if i + 1 < len(tags) else "<edge>"


def encode_bio(length: int, spans: Sequence[Tagged]) -> list[str]:
    """BIO tags; where gold spans overlap, the earlier (then longer) span is kept."""
    tags = ["O"] * length
    for start, end, label in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        if any(tag != "O" for tag in tags[start:end]):
            continue
        tags[start] = f"B-{label}"
        for i in range(start + 1, end):
            tags[i] = f"I-{label}"
    return tags


def decode_bio(tags: Sequence[str]) -> list[Tagged]:
    """Spans from BIO tags; an I- tag that does not continue a span of its label starts one."""
    spans: list[Tagged] = []
    start: int | None = None
    label = ""
    for i, tag in enumerate([*tags, "O"]):
        continues = tag.startswith("I-") and start is not None and tag[2:] == label
        if continues:
            continue
        if start is not None:
            spans.append((start, i, label))
            start = None
        if tag != "O":
            start, label = i, tag[2:]
    return spans


def fill_targets(text: str, tagged: Sequence[Tagged]) -> list[dict[str, Any]]:
    """Full numeric targets for the tagged spans, fields filled by the span normaliser.
    A span the normaliser cannot read as a number with a known unit is dropped: it
    cannot be a valid target."""
    targets, previous_end = [], 0
    for start, end, _ in tagged:
        try:
            quantity = parse_quantity(text[start:end])
        except ValueError:
            continue
        # parse_quantity reads the span on its own, so its offsets are relative to the span.
        anchored = quantity._replace(start=start, end=end)
        targets.append(target_fields(text, anchored, previous_end))
        previous_end = end
    return targets


class CharCrfTagger(BaseEstimator):
    """A linear-chain CRF over characters for one span field (`numeric_targets` or
    `places`). crfsuite's L-BFGS training is deterministic, so there is no random_state.

    The defaults were set on train cross-validation only: a window of one character on
    each side scored at least as well as two, and 50 L-BFGS iterations as well as 100 or
    200 while taking a quarter of the time."""

    def __init__(
        self,
        field: str = "numeric_targets",
        window: int = 1,
        c1: float = 0.05,
        c2: float = 0.05,
        max_iterations: int = 50,
        use_gazetteer: bool = False,
        gazetteer_path: str | None = None,
    ):
        self.field = field
        self.window = window
        self.c1 = c1
        self.c2 = c2
        self.max_iterations = max_iterations
        self.use_gazetteer = use_gazetteer
        self.gazetteer_path = gazetteer_path

    def fit(self, X: Sequence[Unit], y: Sequence[Unit] | None = None) -> CharCrfTagger:
        if self.field not in SPAN_FIELDS:
            raise ValueError(f"field must be one of {SPAN_FIELDS}, not {self.field!r}")
        rows = training_rows(X, y)
        spans = label_column(rows, self.field)
        self.gazetteer_ = {}
        if self.use_gazetteer and self.field == "places":
            self.gazetteer_ = load_gazetteer(self.gazetteer_path).surfaces
            self.gazetteer_pattern_ = gazetteer_pattern(self.gazetteer_)
        sequences = [self._features(unit["text"]) for unit in X]
        tags = [
            encode_bio(len(unit["text"]), [self._tagged(span) for span in unit_spans])
            for unit, unit_spans in zip(X, spans, strict=True)
        ]
        self.crf_ = CRF(
            algorithm="lbfgs",
            c1=self.c1,
            c2=self.c2,
            max_iterations=self.max_iterations,
            all_possible_transitions=True,
        )
        self.crf_.fit(sequences, tags)
        return self

    def predict(self, X: Sequence[Unit]) -> list[Prediction]:
        predictions = prediction_shells(X)
        if not predictions:
            return predictions
        tag_sequences = self.crf_.predict([self._features(unit["text"]) for unit in X])
        for prediction, unit, tags in zip(predictions, X, tag_sequences, strict=True):
            prediction[self.field] = self._spans(unit["text"], decode_bio(tags))
        return predictions

    def _features(self, text: str) -> list[dict[str, Any]]:
        features = char_features(text, self.window)
        if self.gazetteer_:
            matches = gazetteer_matches(text, self.gazetteer_pattern_, self.gazetteer_)
            spans = [(start, end, place_type) for start, end, _, place_type in matches]
            add_gazetteer_features(features, encode_bio(len(text), spans))
        return features

    def _tagged(self, span: dict[str, Any]) -> Tagged:
        label = span["type"] if self.field == "places" else TARGET_TAG
        return span["start"], span["end"], label

    def _spans(self, text: str, tagged: list[Tagged]) -> list[dict[str, Any]]:
        if self.field == "places":
            return [self._place(text, start, end, label) for start, end, label in tagged]
        return fill_targets(text, tagged)

    def _place(self, text: str, start: int, end: int, place_type: str) -> dict[str, Any]:
        surface = text[start:end]
        name, known_type = self.gazetteer_.get(surface, (None, place_type))
        # A named place takes the gazetteer's type: the release pairs each name with one type.
        # Without the gazetteer every place is unnamed and keeps the CRF's type.
        return {"start": start, "end": end, "text": surface, "type": known_type, "name": name}
