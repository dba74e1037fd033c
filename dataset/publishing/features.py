"""Hugging Face `datasets.Features` derived from the schema, never written by hand."""

from __future__ import annotations

from datasets import ClassLabel, Features, List, Value

from dataset.schema import (
    COMPARATORS,
    LABEL_FIELD_SPECS,
    NO_LABEL,
    PLACE_TYPES,
    SPLITS,
    TARGET_KINDS,
    UNIT_TYPES,
    LabelField,
)


def _span(**extra) -> dict:
    return {"start": Value("int32"), "end": Value("int32"), "text": Value("string"), **extra}


SPAN_FEATURES = {
    "places": _span(type=ClassLabel(names=list(PLACE_TYPES)), name=Value("string")),
    "numeric_targets": _span(
        indicator=Value("string"),
        value=Value("float64"),
        value_max=Value("float64"),
        unit=Value("string"),
        comparator=ClassLabel(names=list(COMPARATORS)),
        kind=ClassLabel(names=list(TARGET_KINDS)),
    ),
}
"""The struct of each span field: its attributes are typed one by one (`unit` stays a
string so that a new canonical unit does not change the features)."""


def _label_feature(spec: LabelField):
    if spec.kind == "single":
        return ClassLabel(names=list(spec.labels))
    if spec.kind == "multi":
        # The same class ids as the single-label field over these labels, NO_LABEL included.
        return List(ClassLabel(names=[*spec.labels, NO_LABEL]))
    return List(SPAN_FEATURES[spec.name])


def release_features() -> Features:
    """Features of a release row, in the order of the release files' keys."""
    return Features(
        {
            "id": Value("string"),
            "doc_id": Value("string"),
            "para": Value("int32"),
            "index": Value("int32"),
            "start": Value("int32"),
            "end": Value("int32"),
            "unit_type": ClassLabel(names=list(UNIT_TYPES)),
            "section": Value("string"),
            "text": Value("string"),
            **{name: _label_feature(spec) for name, spec in LABEL_FIELD_SPECS.items()},
            "split": ClassLabel(names=list(SPLITS)),
            "fold": Value("int32"),
        }
    )
