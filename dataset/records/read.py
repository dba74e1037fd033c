"""Strict reading of records files (passes, gold, record-style predictions), and pydantic
validation errors as one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dataset.errors import InputError
from dataset.records.jsonl import iter_jsonl
from dataset.schema import LABEL_FIELDS, Record, Unit


def iter_records(
    path: str | Path, allow_empty: bool = False
) -> Iterator[tuple[int, dict[str, Any], Record]]:
    """(line number, raw object, Record) for each line; the first bad line, a duplicate id
    or (unless `allow_empty`) an empty file raises InputError naming file and line."""
    first_line: dict[str, int] = {}
    for line_no, obj in iter_jsonl(path):
        try:
            record = Record.model_validate(obj)
        except ValidationError as error:
            raise InputError(f"{path}:{line_no}: {format_validation_error(error)}") from None
        if record.id in first_line:
            raise InputError(
                f"{path}:{line_no}: duplicate id {record.id!r} (first on line "
                f"{first_line[record.id]})"
            )
        first_line[record.id] = line_no
        yield line_no, obj, record
    if not first_line and not allow_empty:
        raise InputError(f"{path}: no records")


def read_record_rows(path: str | Path) -> list[dict[str, Any]]:
    """Every record of the file as a plain dict (labels as strings), in file order."""
    return [record.model_dump(mode="json") for _, _, record in iter_records(path)]


def format_validation_error(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        parts.append(f"{location}: {message}" if location else message)
    return "; ".join(parts)


def parse_record(obj: dict[str, Any]) -> Unit:
    """A Record when the object carries any label field, else a bare Unit."""
    has_labels = any(name in obj for name in LABEL_FIELDS)
    return Record.model_validate(obj) if has_labels else Unit.model_validate(obj)
