"""Hugging Face `datasets.Features` derived from the schema, never written by hand."""

from __future__ import annotations

from datasets import ClassLabel, Features, List, Value

from dataset.schema import (
    COMMITMENT_STRENGTHS,
    COMMITMENT_TYPES,
    COMPARATORS,
    DOMAINS,
    GEO_SCOPES,
    PLACE_TYPES,
    SPLITS,
    TARGET_KINDS,
    UNIT_TYPES,
)


def _span(**extra) -> dict:
    return {"start": Value("int32"), "end": Value("int32"), "text": Value("string"), **extra}


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
            "commitment_type": ClassLabel(names=list(COMMITMENT_TYPES)),
            "commitment_strength": ClassLabel(names=list(COMMITMENT_STRENGTHS)),
            "primary_domain": ClassLabel(names=list(DOMAINS)),
            "domains": List(ClassLabel(names=list(DOMAINS))),
            "geo_scope": ClassLabel(names=list(GEO_SCOPES)),
            "places": List(_span(type=ClassLabel(names=list(PLACE_TYPES)), name=Value("string"))),
            "numeric_targets": List(
                _span(
                    indicator=Value("string"),
                    value=Value("float64"),
                    value_max=Value("float64"),
                    unit=Value("string"),
                    comparator=ClassLabel(names=list(COMPARATORS)),
                    kind=ClassLabel(names=list(TARGET_KINDS)),
                )
            ),
            "split": ClassLabel(names=list(SPLITS)),
            "fold": Value("int32"),
        }
    )
