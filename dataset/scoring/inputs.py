"""Checks of a prediction file against the gold, row by row as the file is read.

Missing or extra ids, duplicate ids, unknown fields and labels and malformed spans
are errors: InputError("<source>:<line>: why") on the first problem, never a row
silently skipped or defaulted. Rows are checked as they arrive, so a bad first line of
a huge file is reported at once, and only the label fields of rows with a gold id are
kept: memory is bounded by the gold, not by the file. Label sets and span keys come
from dataset.schema.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from dataset.errors import InputError
from dataset.schema import (
    LABEL_FIELD_SPECS,
    LABEL_FIELDS,
    NO_LABEL,
    RELEASE_FIELDS,
    SINGLE_LABEL_FIELDS,
    SPAN_LABELS,
    UNIT_FIELDS,
    Record,
    Span,
    label_set,
)
from dataset.scoring.tasks import TASKS, scored_tasks

PREDICTION_FIELDS = frozenset(("id", *UNIT_FIELDS, *LABEL_FIELDS, *RELEASE_FIELDS))
MULTI_LABEL_FIELDS: tuple[str, ...] = tuple(
    name for name, spec in LABEL_FIELD_SPECS.items() if spec.kind == "multi"
)

Numbered = Iterable[tuple[int, dict]]
"""(line number, row) pairs, as dataset.records.jsonl.iter_jsonl yields them."""


@dataclass(frozen=True)
class SpanSpec:
    """Keys of a predicted span: those the scorer reads, and all the schema allows.

    The free-text keys (indicator, name) may be left out, since no metric reads them."""

    required: tuple[str, ...]
    allowed: frozenset[str]
    labels: dict[str, tuple[str, ...]]
    numbers: tuple[str, ...]
    optional_numbers: tuple[str, ...]
    free_texts: tuple[str, ...]


def _span_spec(field: str) -> SpanSpec:
    """The keys of a span field, from its model in the schema (NumericTarget, Place)."""
    (model,) = get_args(Record.model_fields[field].annotation)
    labels = SPAN_LABELS[field]
    own = {
        name: info
        for name, info in model.model_fields.items()
        if name not in Span.model_fields and name not in labels
    }
    numbers = [name for name, info in own.items() if float in _types(info.annotation)]
    required_numbers = tuple(name for name in numbers if own[name].is_required())
    return SpanSpec(
        required=(*Span.model_fields, *required_numbers, *labels),
        allowed=frozenset(model.model_fields),
        labels=labels,
        numbers=required_numbers,
        optional_numbers=tuple(name for name in numbers if name not in required_numbers),
        free_texts=tuple(name for name, info in own.items() if str in _types(info.annotation)),
    )


def _types(annotation: Any) -> tuple[Any, ...]:
    """The types an annotation admits: (float, None) for `float | None`."""
    return get_args(annotation) or (annotation,)


SPAN_SPECS: dict[str, SpanSpec] = {field: _span_spec(field) for field in SPAN_LABELS}


@dataclass(frozen=True)
class CheckedPredictions:
    """What scoring needs of a checked prediction file."""

    tasks: list[str]
    """The tasks the predictions are scored on."""
    rows: dict[str, dict]
    """Gold id -> the label fields of its prediction row."""


def check_predictions(gold: list[dict], predictions: Numbered, source: str) -> CheckedPredictions:
    """Check (line number, row) pairs as they are read; InputError("<source>:<line>: why")
    on the first problem. Every row must hold the same label fields as the first."""
    gold_by_id = _index_gold(gold, source)
    rows: dict[str, dict] = {}
    lines: dict[str, int] = {}
    fields: tuple[str, ...] | None = None
    first_line = 0
    for line, row in predictions:
        where = f"{source}:{line}"
        unit = _gold_unit(row, gold_by_id, where)
        if row["id"] in lines:
            raise InputError(
                f"{where}: duplicate id {row['id']!r} (first on line {lines[row['id']]})"
            )
        _check_fields(row, unit, where)
        present = tuple(field for field in LABEL_FIELDS if field in row)
        if fields is None:
            fields, first_line = _first_row_fields(present, where), line
        else:
            _check_same_fields(present, fields, (line, first_line), source)
        lines[row["id"]] = line
        rows[row["id"]] = {field: row[field] for field in present}
    if fields is None:
        raise InputError(f"{source}: no predictions (the file has no rows)")
    _check_every_unit_predicted(gold_by_id, rows, source)
    return CheckedPredictions(scored_tasks(list(fields)), rows)


def _first_row_fields(present: tuple[str, ...], where: str) -> tuple[str, ...]:
    """The label fields of the first row, which every row must hold."""
    if not present:
        raise InputError(
            f"{where}: no label field, nothing to score (expected any of "
            f"{', '.join(LABEL_FIELDS)}; a scored field must be on every row)"
        )
    _check_dependent_fields(present, where)
    return present


def _check_same_fields(
    present: tuple[str, ...], fields: tuple[str, ...], lines: tuple[int, int], source: str
) -> None:
    line, first_line = lines
    for field in fields:
        if field not in present:
            raise InputError(
                f"{source}:{line}: no {field!r} here, but line {first_line} has it; "
                f"a scored field must be on every row"
            )
    for field in present:
        if field not in fields:
            raise InputError(
                f"{source}:{first_line}: no {field!r} here, but line {line} has it; "
                f"a scored field must be on every row"
            )


def _check_every_unit_predicted(
    gold_by_id: dict[str, dict], rows: dict[str, dict], source: str
) -> None:
    missing = [unit_id for unit_id in gold_by_id if unit_id not in rows]
    if missing:
        raise InputError(
            f"{source}: {len(missing)} of the {len(gold_by_id)} gold units have no prediction "
            f"row (first: {missing[0]!r}); every gold id needs one"
        )


def _index_gold(gold: list[dict], source: str) -> dict[str, dict]:
    if not gold:
        raise InputError(f"{source}: the gold has no units to score against")
    by_id = {row["id"]: row for row in gold}
    if len(by_id) != len(gold):
        raise InputError("the gold holds a duplicate id")
    return by_id


def _gold_unit(row: Any, gold_by_id: dict[str, dict], where: str) -> dict:
    if not isinstance(row, dict):
        raise InputError(f"{where}: expected a JSON object per line")
    if "id" not in row:
        raise InputError(f"{where}: missing 'id'")
    unit_id = row["id"]
    if not isinstance(unit_id, str):
        raise InputError(f"{where}: id must be a string, got {unit_id!r}")
    if unit_id not in gold_by_id:
        raise InputError(f"{where}: unknown id {unit_id!r} (not in the gold)")
    return gold_by_id[unit_id]


def _check_fields(row: dict, unit: dict, where: str) -> None:
    unknown = sorted(set(row) - PREDICTION_FIELDS)
    if unknown:
        raise InputError(
            f"{where}: unknown field {unknown[0]!r}; a prediction row holds 'id', label fields "
            f"({', '.join(LABEL_FIELDS)}) and optionally the unit's own fields"
        )
    if "text" in row and row["text"] != unit["text"]:
        raise InputError(f"{where}: 'text' differs from the gold unit {row['id']!r}")
    for field in SINGLE_LABEL_FIELDS:
        if field in row:
            _check_label(row[field], field, label_set(field), where)
    for field in MULTI_LABEL_FIELDS:
        if field in row:
            _check_multi_label(row[field], field, where)
    for field, spec in SPAN_SPECS.items():
        if field in row:
            _check_spans(row[field], field, spec, unit["text"], where)


def _check_label(value: Any, name: str, vocabulary: Sequence[str], where: str) -> None:
    if not isinstance(value, str) or value not in vocabulary:
        raise InputError(
            f"{where}: unknown {name} {value!r} (expected one of: {', '.join(vocabulary)})"
        )


def _check_multi_label(value: Any, field: str, where: str) -> None:
    member = field.removesuffix("s")  # domains holds domain labels
    if not isinstance(value, list):
        raise InputError(f"{where}: {field} must be a list of {member} labels, got {value!r}")
    for label in value:
        if label == NO_LABEL:
            raise InputError(f"{where}: {NO_LABEL!r} is not a member of {field}; use an empty list")
        _check_label(label, member, label_set(field), where)
    if len(set(value)) != len(value):
        raise InputError(f"{where}: {field} holds a duplicate")


def _check_spans(value: Any, field: str, spec: SpanSpec, text: str, where: str) -> None:
    if not isinstance(value, list):
        raise InputError(f"{where}: {field} must be a list of spans, got {value!r}")
    for i, span in enumerate(value):
        _check_span(span, f"{field}[{i}]", spec, text, where)


def _check_span(span: Any, name: str, spec: SpanSpec, text: str, where: str) -> None:
    if not isinstance(span, dict):
        raise InputError(f"{where}: {name} must be an object, got {span!r}")
    for key in spec.required:
        if key not in span:
            raise InputError(f"{where}: {name}: missing key {key!r}")
    unknown = sorted(set(span) - spec.allowed)
    if unknown:
        raise InputError(f"{where}: {name}: unknown key {unknown[0]!r}")
    _check_offsets(span, name, text, where)
    for key, vocabulary in spec.labels.items():
        _check_label(span[key], f"{name}.{key}", vocabulary, where)
    _check_values(span, name, spec, where)
    for key in spec.free_texts:
        if key in span and not (span[key] is None or isinstance(span[key], str)):
            raise InputError(f"{where}: {name}.{key} must be a string or null")


def _check_offsets(span: dict, name: str, text: str, where: str) -> None:
    start, end = span["start"], span["end"]
    if not _is_int(start) or not _is_int(end):
        raise InputError(f"{where}: {name}: start and end must be integers, got {start!r}, {end!r}")
    if end <= start:
        raise InputError(f"{where}: {name}: end {end} must be greater than start {start}")
    if start < 0 or end > len(text):
        raise InputError(
            f"{where}: {name}: [{start}, {end}) is out of range of the unit text "
            f"(length {len(text)})"
        )
    if span["text"] != text[start:end]:
        raise InputError(
            f"{where}: {name}: text {span['text']!r} does not match the unit text "
            f"[{start}, {end}) = {text[start:end]!r}"
        )


def _check_values(span: dict, name: str, spec: SpanSpec, where: str) -> None:
    for key in spec.numbers:
        if not _is_number(span[key]):
            raise InputError(f"{where}: {name}.{key} is not a number: {span[key]!r}")
    for key in spec.optional_numbers:
        value = span.get(key)
        if value is not None and not _is_number(value):
            raise InputError(f"{where}: {name}.{key} is not a number or null: {value!r}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_dependent_fields(present: tuple[str, ...], where: str) -> None:
    """A field scored only along with others (domains) must not come alone."""
    for task in TASKS.values():
        if any(field in present for field in task.independent_fields):
            continue
        for field in task.dependent_fields:
            if field in present:
                raise InputError(
                    f"{where}: {field!r} without "
                    f"{' or '.join(map(repr, task.independent_fields))}; "
                    f"the {task.name} task is scored on {', '.join(task.independent_fields)}"
                )
