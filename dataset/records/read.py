"""Strict reading of labelled records files (passes, gold, record-style predictions)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dataset.jsonl import iter_jsonl
from dataset.schema import Record
from dataset.source import InputError


def iter_records(
    path: str | Path, allow_empty: bool = False
) -> Iterator[tuple[int, dict[str, Any], Record]]:
    """(line number, raw object, Record) for each line; the first bad line, a duplicate id
    or (unless `allow_empty`) an empty file raises InputError naming file and line."""
    from dataset.validate import format_validation_error

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
