"""Turning an annotator's link pass into stand-off links.

An annotator writes, per report pair, one JSON object per headline target with the span
texts as they read them in the segmented report (unit id + exact substring + which
occurrence). Importing finds each span in the attached document, so the committed pass
keeps only document offsets, SHA-256 and figures, never the text."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotation.segment import segment
from dataset.corpus.standoff import unit_sha256
from dataset.errors import InputError
from dataset.records.jsonl import iter_jsonl
from dataset.records.read import format_validation_error
from dataset.schema import Link, Unit

RAW_KEYS = frozenset(
    {
        "target_unit",
        "target_span",
        "target_occurrence",
        "indicator",
        "value",
        "value_max",
        "unit",
        "comparator",
        "plan_year",
        "outcome_unit",
        "outcome_span",
        "outcome_occurrence",
        "outcome_value",
        "outcome_unit_name",
        "outcome_period",
        "relation",
        "note",
    }
)


class UnitIndex:
    """Units of attached documents by id, segmented on first use."""

    def __init__(self, texts: Mapping[str, str]):
        self.texts = texts
        self.units: dict[str, Unit] = {}
        self.documents: dict[str, list[Unit]] = {}

    def unit_at(self, doc_id: str, offset: int) -> str:
        """The id of the unit whose stretch of the document holds `offset`."""
        if doc_id not in self.texts:
            raise InputError(f"{doc_id}: not attached (run gwrcommit corpus attach)")
        if doc_id not in self.documents:
            self.documents[doc_id] = segment(self.texts[doc_id], doc_id).units
            self.units |= {u.id: u for u in self.documents[doc_id]}
        for unit in self.documents[doc_id]:
            if unit.start <= offset < unit.end:
                return unit.id
        raise InputError(f"{doc_id}: offset {offset} is outside every sentence unit")

    def unit(self, unit_id: str) -> Unit:
        doc_id = unit_id.rsplit("-", 1)[0]
        if unit_id not in self.units and doc_id in self.texts:
            self.units |= {u.id: u for u in segment(self.texts[doc_id], doc_id).units}
        if unit_id not in self.units:
            raise InputError(f"{unit_id}: no such unit in the attached reports")
        return self.units[unit_id]


def locate(index: UnitIndex, unit_id: str, span: str, occurrence: int) -> dict[str, Any]:
    """The stand-off of the n-th occurrence of `span` inside the unit's stretch of the
    document (markers the segmenter strips from unit text stay in the document)."""
    unit = index.unit(unit_id)
    document = index.texts[unit.doc_id]
    position = unit.start - 1
    for _ in range(max(occurrence, 1)):
        position = document.find(span, position + 1, unit.end)
        if position == -1:
            raise InputError(f"{unit_id}: span occurrence {occurrence} not found")
    end = position + len(span)
    return {"unit_id": unit_id, "start": position, "end": end, "sha256": unit_sha256(span)}


def link_of(raw: Mapping[str, Any], index: UnitIndex) -> Link:
    unknown = set(raw) - RAW_KEYS
    if unknown:
        raise InputError(f"unknown keys {sorted(unknown)}")
    target = (
        locate(index, raw["target_unit"], raw["target_span"], raw.get("target_occurrence") or 1)
        | {key: raw[key] for key in ("indicator", "value", "value_max", "unit", "comparator")}
        | {"plan_year": raw["plan_year"]}
    )
    outcome = None
    if raw.get("outcome_unit"):
        outcome = locate(
            index, raw["outcome_unit"], raw["outcome_span"], raw.get("outcome_occurrence") or 1
        ) | {
            "value": raw["outcome_value"],
            "unit": raw["outcome_unit_name"],
            "period": str(raw["outcome_period"]),
        }
    row = {"target": target, "outcome": outcome, "relation": raw["relation"]}
    row["note"] = raw.get("note") or ""
    try:
        return Link.model_validate(row)
    except ValidationError as error:
        raise InputError(format_validation_error(error)) from None


def import_pass(paths: list[Path], texts: Mapping[str, str]) -> list[Link]:
    """Every target of the raw pass files (one per report pair), as stand-off links."""
    index = UnitIndex(texts)
    links = []
    for path in sorted(paths):
        for line_number, raw in iter_jsonl(path):
            try:
                links.append(link_of(raw, index))
            except InputError as error:
                raise InputError(f"{path}:{line_number}: {error}") from None
    return links
