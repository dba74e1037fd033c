"""Adjudication: a worksheet of the disagreements between two passes, and the merge into gold.

The worksheet has one line per (unit id, field) where the passes differ:
{"id", "field", "text", "a", "b", "decision": null, "reason": null}. The adjudicator
fills `decision` with "a", "b" or an explicit value of the field, and `reason` with
one line. `merge` then takes every agreed value from the passes and every decision
from the worksheet; it refuses (writing nothing) while any decision or reason is
missing, when the worksheet no longer matches the passes, or when a merged record
does not validate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from annotation.agreement import (
    UnitPair,
    canonical_value,
    disagreeing_fields,
    field_value,
    pair_passes,
)
from dataset.errors import InputError
from dataset.records.jsonl import iter_jsonl
from dataset.records.read import format_validation_error
from dataset.schema import LABEL_FIELDS, Record

CHOICES = ("a", "b")
WORKSHEET_KEYS = ("id", "field", "text", "a", "b", "decision", "reason")


# ---------------------------------------------------------------- the worksheet


def worksheet_rows(pairs: Sequence[UnitPair]) -> list[dict[str, Any]]:
    """One row per (unit, field) where the passes differ, in unit then field order."""
    rows = []
    for pair in pairs:
        for field in disagreeing_fields(pair):
            rows.append(
                {
                    "id": pair.id,
                    "field": field,
                    "text": pair.a.record.text,
                    "a": field_value(pair.a.record, field),
                    "b": field_value(pair.b.record, field),
                    "decision": None,
                    "reason": None,
                }
            )
    return rows


def make_worksheet(a_path: str | Path, b_path: str | Path) -> tuple[list[dict[str, Any]], int]:
    """The worksheet rows and the number of units compared."""
    pairs = pair_passes(a_path, b_path)
    return worksheet_rows(pairs), len(pairs)


# ---------------------------------------------------------------- reading decisions


@dataclass(frozen=True)
class Decision:
    unit_id: str
    field: str
    value: Any
    row: dict[str, Any]
    line: int


def read_decisions(
    path: str | Path, pairs_by_id: dict[str, UnitPair]
) -> dict[tuple[str, str], Decision]:
    """Every worksheet row, checked against the passes and resolved to a field value."""
    decisions: dict[tuple[str, str], Decision] = {}
    for line_no, row in iter_jsonl(path):
        where = f"{path}:{line_no}"
        unit_id, field = _row_key(row, where, pairs_by_id)
        if (unit_id, field) in decisions:
            first = decisions[unit_id, field].line
            raise InputError(
                f"{where}: unit {unit_id} field {field} appears twice (first on line {first})"
            )
        pair = pairs_by_id[unit_id]
        _check_not_stale(row, pair, field, where)
        value = _resolve(row, pair, field, where)
        decisions[unit_id, field] = Decision(unit_id, field, value, row, line_no)
    return decisions


def _row_key(row: dict[str, Any], where: str, pairs_by_id: dict[str, UnitPair]) -> tuple[str, str]:
    missing = [key for key in WORKSHEET_KEYS if key not in row]
    if missing:
        raise InputError(f"{where}: worksheet row lacks {', '.join(missing)}")
    unit_id, field = row["id"], row["field"]
    if unit_id not in pairs_by_id:
        raise InputError(f"{where}: unit {unit_id!r} is not in the passes")
    if field not in LABEL_FIELDS:
        raise InputError(f"{where}: unit {unit_id}: unknown field {field!r}")
    return unit_id, field


def _check_not_stale(row: dict[str, Any], pair: UnitPair, field: str, where: str) -> None:
    """The worksheet must describe the passes as they are now, or decisions may be wrong."""
    a_now, b_now = field_value(pair.a.record, field), field_value(pair.b.record, field)
    if a_now == b_now:
        raise InputError(
            f"{where}: unit {pair.id} field {field}: the passes now agree; "
            "the worksheet is stale, make a new one"
        )
    if row["a"] != a_now or row["b"] != b_now:
        raise InputError(
            f"{where}: unit {pair.id} field {field}: the passes changed since the worksheet "
            "was made; make a new one"
        )


def _resolve(row: dict[str, Any], pair: UnitPair, field: str, where: str) -> Any:
    decision, reason = row["decision"], row["reason"]
    if decision is None:
        raise InputError(f"{where}: unit {pair.id} field {field} has no decision")
    if not isinstance(reason, str) or not reason.strip():
        raise InputError(f"{where}: unit {pair.id} field {field} needs a reason")
    if "\n" in reason or "\r" in reason:
        raise InputError(f"{where}: unit {pair.id} field {field}: the reason must be one line")
    if decision in CHOICES:
        return row[decision]
    return _explicit_value(decision, pair, field, where)


def _explicit_value(decision: Any, pair: UnitPair, field: str, where: str) -> Any:
    adapter = TypeAdapter(Record.model_fields[field].annotation)
    try:
        value = adapter.validate_python(decision)
    except ValidationError as error:
        raise InputError(
            f"{where}: unit {pair.id} field {field}: decision is not 'a', 'b' or a valid "
            f"value: {format_validation_error(error)}"
        ) from None
    return canonical_value(field, value)


# ---------------------------------------------------------------- the merge


@dataclass(frozen=True)
class Merge:
    gold: list[dict[str, Any]]
    log: list[dict[str, Any]]


def merge_pairs(
    pairs: Sequence[UnitPair], decisions: dict[tuple[str, str], Decision], worksheet: str | Path
) -> Merge:
    gold, log = [], []
    for pair in pairs:
        row = dict(pair.a.raw)
        decided_lines = []
        for field in disagreeing_fields(pair):
            decision = decisions.get((pair.id, field))
            if decision is None:
                raise InputError(
                    f"{worksheet}: unit {pair.id} field {field}: the passes differ and the "
                    "worksheet has no line for it; make a new worksheet"
                )
            row[field] = decision.value
            decided_lines.append(decision.line)
            log.append(decision.row | {"gold": decision.value})
        gold.append(_validated(row, worksheet, decided_lines))
    return Merge(gold, log)


def _validated(row: dict[str, Any], worksheet: str | Path, lines: list[int]) -> dict[str, Any]:
    try:
        Record.model_validate(row)
    except ValidationError as error:
        decided = ", ".join(map(str, lines))
        raise InputError(
            f"{worksheet}: merged unit {row['id']} is not a valid record "
            f"(decisions on line {decided}): {format_validation_error(error)}"
        ) from None
    return row


def merge(a_path: str | Path, b_path: str | Path, worksheet: str | Path) -> Merge:
    pairs = pair_passes(a_path, b_path)
    decisions = read_decisions(worksheet, {pair.id: pair for pair in pairs})
    return merge_pairs(pairs, decisions, worksheet)
