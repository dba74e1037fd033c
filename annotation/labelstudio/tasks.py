"""Records -> Label Studio tasks, the labels as a prediction with stable region ids."""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotation.labelstudio import config as ls
from dataset.errors import InputError
from dataset.records.jsonl import iter_jsonl
from dataset.records.read import format_validation_error, parse_record
from dataset.schema import UNIT_FIELDS, NumericTarget, Place, Record, Unit

SOURCES = ("rules", "gold")
TASK_DATA_FIELDS: tuple[str, ...] = tuple(f for f in UNIT_FIELDS if f != "id")
"""Task data carries every unit field (the unit id as `unit_id`) plus a display heading."""


def default_model_version(source: str) -> str:
    """`gwrcommit-rules-<package version>` for rule pre-annotations, `gold-<dataset
    version>` for adjudicated gold shown to annotators (e.g. for a calibration round)."""
    if source == "rules":
        return f"gwrcommit-rules-{importlib.metadata.version('gwrcommit')}"
    if source == "gold":
        from dataset.version import DATASET_VERSION

        return f"gold-{DATASET_VERSION}"
    raise ValueError(f"unknown prediction source {source!r}; expected one of {SOURCES}")


def stable_id(*parts: object) -> str:
    """A short id that depends only on its parts: re-exporting the same labels gives the
    same region ids, so predictions, annotations and conflicts can be traced across runs."""
    digest = hashlib.sha1("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:10]


# ---------------------------------------------------------------- characters outside the BMP


def non_bmp_characters(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every character outside the Basic Multilingual Plane.

    Label Studio's text editor counts code points for text before a highlight but UTF-16
    units inside a text node (and slices the task text in UTF-16 units), so offsets of a
    span after such a character cannot be converted reliably either way: these units are
    refused rather than converted."""
    return [(i, char) for i, char in enumerate(text) if ord(char) > 0xFFFF]


def describe_non_bmp(text: str) -> str:
    found = non_bmp_characters(text)
    shown = ", ".join(f"U+{ord(c):X} at {i}" for i, c in found[:3])
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    return (
        f"holds a character outside the Basic Multilingual Plane ({shown}{more}); Label Studio "
        f"counts it as two characters in some places and one in others, so its offsets "
        f"cannot be trusted: label this unit directly in the records file"
    )


# ---------------------------------------------------------------- reading the records


@dataclass(frozen=True)
class ExportResult:
    tasks: list[dict[str, Any]]
    skipped: list[str]  # ids of units left out because of non-BMP characters
    labelled: int  # units that carry a prediction


def read_units(path: str | Path) -> list[Unit]:
    """Records (or bare units) from a JSONL file; InputError with file:line on any bad line."""
    units: list[Unit] = []
    seen: dict[str, int] = {}
    for line_no, obj in iter_jsonl(path):
        try:
            unit = parse_record(obj)
        except ValidationError as error:
            raise InputError(f"{path}:{line_no}: {format_validation_error(error)}") from None
        if unit.id in seen:
            raise InputError(
                f"{path}:{line_no}: duplicate id {unit.id!r} (first on line {seen[unit.id]})"
            )
        seen[unit.id] = line_no
        units.append(unit)
    if not units:
        raise InputError(f"{path}: no records")
    return units


# ---------------------------------------------------------------- building the tasks


def heading(unit: Unit) -> str:
    section = f" · {unit.section}" if unit.section and unit.section != unit.text else ""
    return f"{unit.id} ({unit.unit_type}){section}"


def task_data(unit: Unit) -> dict[str, Any]:
    data: dict[str, Any] = {"unit_id": unit.id}
    data |= {name: getattr(unit, name) for name in TASK_DATA_FIELDS}
    data["heading"] = heading(unit)
    return data


def _span_value(span: NumericTarget | Place) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def _region_result(
    region_id: str, control: str, result_type: str, value: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": region_id,
        "from_name": control,
        "to_name": ls.TEXT,
        "type": result_type,
        "value": value,
    }


def target_results(unit_id: str, target: NumericTarget) -> list[dict[str, Any]]:
    region = stable_id(unit_id, ls.TARGET_LABEL, target.start, target.end)
    span = _span_value(target)
    results = [
        _region_result(region, ls.SPAN, "labels", span | {"labels": [ls.TARGET_LABEL]}),
        _region_result(region, ls.INDICATOR, "textarea", span | {"text": [target.indicator]}),
        _region_result(region, ls.VALUE, "number", span | {"number": target.value}),
    ]
    if target.value_max is not None:
        results.append(
            _region_result(region, ls.VALUE_MAX, "number", span | {"number": target.value_max})
        )
    for control in ls.TARGET_CHOICES:
        choice = getattr(target, control)
        results.append(_region_result(region, control, "choices", span | {"choices": [choice]}))
    return results


def place_results(unit_id: str, place: Place) -> list[dict[str, Any]]:
    region = stable_id(unit_id, "place", place.start, place.end)
    span = _span_value(place)
    results = [_region_result(region, ls.SPAN, "labels", span | {"labels": [place.type]})]
    if place.name is not None:
        results.append(
            _region_result(region, ls.PLACE_NAME, "textarea", span | {"text": [place.name]})
        )
    return results


def choice_results(record: Record) -> list[dict[str, Any]]:
    results = []
    for field in (*ls.SINGLE_CHOICE_FIELDS, ls.MULTI_CHOICE_FIELD):
        value = getattr(record, field)
        choices = list(value) if isinstance(value, list) else [value]
        if choices:
            results.append(
                _region_result(stable_id(record.id, field), field, "choices", {"choices": choices})
            )
    return results


def prediction(record: Record, model_version: str) -> dict[str, Any]:
    result = choice_results(record)
    for target in record.numeric_targets:
        result += target_results(record.id, target)
    for place in record.places:
        result += place_results(record.id, place)
    return {"model_version": model_version, "result": result}


def make_task(unit: Unit, model_version: str) -> dict[str, Any]:
    task: dict[str, Any] = {"data": task_data(unit)}
    if isinstance(unit, Record):
        task["predictions"] = [prediction(unit, model_version)]
    return task


def build_tasks(
    units: Iterable[Unit], model_version: str, skip_non_bmp: bool = False
) -> ExportResult:
    """Tasks for Label Studio. A unit with a character outside the BMP is an error, or is
    left out (and listed) with skip_non_bmp."""
    tasks, skipped, labelled = [], [], 0
    for unit in units:
        if non_bmp_characters(unit.text):
            if not skip_non_bmp:
                raise InputError(
                    f"unit {unit.id} {describe_non_bmp(unit.text)} (or pass --skip-non-bmp)"
                )
            skipped.append(unit.id)
            continue
        tasks.append(make_task(unit, model_version))
        labelled += isinstance(unit, Record)
    return ExportResult(tasks, skipped, labelled)
