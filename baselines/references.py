"""No-learning references: what a published word list alone achieves.

- `MarkerLexicon` (closed track): commitment strength from the codebook's closed marker
  lists (§6.2 S4): `binding` when the unit holds a binding marker, else `striving` when it
  holds a striving marker, else `unmarked`. It ignores the codebook's clause rules (S1-S3),
  so it shows how far the lists alone go.
- `GazetteerTagger` (open track): places by leftmost-longest match of every name and alias
  of dataset/gazetteer.json, with the gazetteer's type and canonical name. The gazetteer
  lists the places of the seed page (a train document in release 2.0.0), so this measures
  what a district gazetteer finds in reports of other governments.

Both ignore the training data: `fit` only checks its input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from sklearn.base import BaseEstimator

from baselines.base import Prediction, Unit, prediction_shells, training_rows
from dataset.codebook import BINDING_MARKERS, STRIVING_MARKERS
from dataset.gazetteer import load_gazetteer
from dataset.quantities.patterns import literal_pattern
from dataset.schema import label_set
from dataset.scoring.tasks import TASKS

STRENGTH_FIELD = TASKS["strength"].fields[0]
BINDING, STRIVING, UNMARKED = "binding", "striving", "unmarked"


class MarkerLexicon(BaseEstimator):
    """Commitment strength from the codebook's marker lists (binding > striving > unmarked)."""

    def __init__(
        self,
        binding: Sequence[str] = BINDING_MARKERS,
        striving: Sequence[str] = STRIVING_MARKERS,
    ):
        self.binding = binding
        self.striving = striving

    def fit(self, X: Sequence[Unit], y: Sequence[Unit] | None = None) -> MarkerLexicon:
        training_rows(X, y)
        missing = {BINDING, STRIVING, UNMARKED} - set(label_set(STRENGTH_FIELD))
        if missing:
            raise ValueError(f"the schema lacks the strength labels {sorted(missing)}")
        self.binding_ = re.compile(literal_pattern(self.binding))
        self.striving_ = re.compile(literal_pattern(self.striving))
        return self

    def predict(self, X: Sequence[Unit]) -> list[Prediction]:
        predictions = prediction_shells(X)
        for prediction, unit in zip(predictions, X, strict=True):
            prediction[STRENGTH_FIELD] = self.strength(unit["text"])
        return predictions

    def strength(self, text: str) -> str:
        if self.binding_.search(text):
            return BINDING
        if self.striving_.search(text):
            return STRIVING
        return UNMARKED


class GazetteerTagger(BaseEstimator):
    """Places by leftmost-longest match of the gazetteer's names and aliases."""

    def __init__(self, gazetteer_path: str | None = None):
        self.gazetteer_path = gazetteer_path

    def fit(self, X: Sequence[Unit], y: Sequence[Unit] | None = None) -> GazetteerTagger:
        training_rows(X, y)
        self.surfaces_ = load_gazetteer(self.gazetteer_path).surfaces
        self.pattern_ = gazetteer_pattern(self.surfaces_)
        return self

    def predict(self, X: Sequence[Unit]) -> list[Prediction]:
        predictions = prediction_shells(X)
        for prediction, unit in zip(predictions, X, strict=True):
            prediction["places"] = self.places(unit["text"])
        return predictions

    def places(self, text: str) -> list[dict[str, Any]]:
        matches = gazetteer_matches(text, self.pattern_, self.surfaces_)
        return [
            {"start": start, "end": end, "text": text[start:end], "type": place_type, "name": name}
            for start, end, name, place_type in matches
        ]


def gazetteer_pattern(surfaces: Mapping[str, Any]) -> re.Pattern[str]:
    """A regex matching any gazetteer surface form, leftmost-longest."""
    return re.compile(literal_pattern(surfaces))


def gazetteer_matches(
    text: str, pattern: re.Pattern[str], surfaces: Mapping[str, tuple[str, str]]
) -> list[tuple[int, int, str, str]]:
    """(start, end, canonical name, place type) of each leftmost-longest, non-overlapping
    match of a gazetteer surface form in `text`."""
    return [
        (match.start(), match.end(), *surfaces[match.group()]) for match in pattern.finditer(text)
    ]
