"""Stand-off records: labelled records of corpus documents without their text.

A record of a corpus document carries report text in four places: the unit's `text`,
its `section` (the heading above it), each span's `text`, and a target's `indicator`
where it is copied from the unit. The committed form drops the first three and keeps
`text_sha256`, the SHA-256 of the unit text; an indicator found in the unit text becomes
its offsets (`indicator_start`, `indicator_end`), one written in other words stays a
string. Everything else (ids, offsets, labels, place names) stays. Re-attaching
segments the attached document, checks that the unit's offsets and hash still hold, and
fills the text back in, so that `stand-off → attach` gives the original records exactly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dataset.errors import InputError
from dataset.records.jsonl import iter_jsonl
from dataset.records.read import format_validation_error
from dataset.schema import UNIT_FIELDS, Record, Unit

TEXT_FIELDS = ("text", "section")
"""Unit fields that hold report text."""
SPAN_FIELDS = ("numeric_targets", "places")
STANDOFF_UNIT_FIELDS = (*(f for f in UNIT_FIELDS if f not in TEXT_FIELDS), "text_sha256")
"""The unit fields of a stand-off record, in file order."""
STANDOFF_SUFFIX = ".standoff.jsonl"
"""Name ending of a file of stand-off records in a release folder."""


def unit_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_standoff(record: Record) -> dict[str, Any]:
    """The committed form of a record: no unit text, no section, no span text."""
    row = record.model_dump(mode="json")
    standoff = {key: value for key, value in row.items() if key not in TEXT_FIELDS}
    standoff["text_sha256"] = unit_sha256(record.text)
    for field in SPAN_FIELDS:
        standoff[field] = [
            {key: value for key, value in span.items() if key != "text"} for span in row[field]
        ]
    standoff["numeric_targets"] = [
        _indicator_as_offsets(target, record.text) for target in standoff["numeric_targets"]
    ]
    return standoff


def _indicator_as_offsets(target: dict[str, Any], text: str) -> dict[str, Any]:
    """The indicator's occurrence nearest before the target (else the first) as offsets."""
    indicator = target["indicator"]
    start = text.rfind(indicator, 0, target["start"])
    if start == -1:
        start = text.find(indicator)
    if start == -1:
        return target
    rest = {key: value for key, value in target.items() if key != "indicator"}
    return rest | {"indicator_start": start, "indicator_end": start + len(indicator)}


def _indicator_from_offsets(target: dict[str, Any], text: str, where: str) -> dict[str, Any]:
    if "indicator_start" not in target:
        return dict(target)
    start, end = target["indicator_start"], target["indicator_end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise InputError(f"{where}: indicator [{start}, {end}) is out of range of the unit text")
    rest = {k: v for k, v in target.items() if k not in ("indicator_start", "indicator_end")}
    return rest | {"indicator": text[start:end]}


def attach_text(row: Mapping[str, Any], unit: Unit) -> Record:
    """The full record of a stand-off row, its text taken from the segmented `unit`;
    InputError when the unit no longer matches (offsets or hash)."""
    where = row.get("id", "?")
    for key in ("id", "doc_id", "para", "index", "start", "end", "unit_type"):
        if row.get(key) != getattr(unit, key):
            raise InputError(
                f"{where}: {key} {row.get(key)!r} differs from the attached document's unit "
                f"({getattr(unit, key)!r}); was the document re-segmented?"
            )
    if row.get("text_sha256") != unit_sha256(unit.text):
        raise InputError(f"{where}: the unit text does not match text_sha256")
    full = {key: value for key, value in row.items() if key != "text_sha256"}
    full |= {"text": unit.text, "section": unit.section}
    for field in SPAN_FIELDS:
        full[field] = [_with_text(span, unit.text, where) for span in row.get(field, [])]
    full["numeric_targets"] = [
        _indicator_from_offsets(target, unit.text, where) for target in full["numeric_targets"]
    ]
    try:
        return Record.model_validate(full)
    except ValidationError as error:
        raise InputError(f"{where}: {format_validation_error(error)}") from None


def _with_text(span: Mapping[str, Any], text: str, where: str) -> dict[str, Any]:
    start, end = span.get("start"), span.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise InputError(f"{where}: span [{start}, {end}) is out of range of the unit text")
    return dict(span) | {"text": text[start:end]}


def attach_file(path: str | Path, units: Mapping[str, Unit]) -> list[Record]:
    """Every stand-off row of a file, re-attached; errors name the file and line."""
    records = []
    for line_no, row in iter_jsonl(path):
        unit = units.get(row.get("id"))
        if unit is None:
            raise InputError(f"{path}:{line_no}: unknown unit id {row.get('id')!r}")
        try:
            records.append(attach_text(row, unit))
        except InputError as error:
            raise InputError(f"{path}:{line_no}: {error}") from None
    return records


def attach_rows(rows: Iterable[Mapping[str, Any]], texts: Mapping[str, str]) -> list[Record]:
    """Full records of stand-off rows that cover whole documents, from the documents'
    texts alone (doc_id -> normalised text, e.g. `attached_texts()`): a unit's text is its
    slice of the document, its section the text of the nearest section heading at or
    before it, as the segmenter sets it. InputError on a missing text or a hash mismatch."""
    by_doc: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_doc.setdefault(str(row.get("doc_id")), []).append(row)
    records = []
    for doc_id, doc_rows in by_doc.items():
        if doc_id not in texts:
            raise InputError(f"{doc_id}: not attached (run gwrcommit corpus attach)")
        records += _attach_document(sorted(doc_rows, key=lambda r: r["index"]), texts[doc_id])
    return records


def _attach_document(rows: list[Mapping[str, Any]], text: str) -> list[Record]:
    records, section = [], None
    for row in rows:
        unit_text = text[row["start"] : row["end"]]
        if row["unit_type"] == "section_heading":
            section = unit_text
        unit = Unit.model_validate(
            {key: row[key] for key in ("id", "doc_id", "para", "index", "start", "end")}
            | {"unit_type": row["unit_type"], "section": section, "text": unit_text}
        )
        records.append(attach_text(row, unit))
    return records


def standoff_rows(records: Iterable[Record]) -> list[dict[str, Any]]:
    return [to_standoff(record) for record in records]


LOG_VALUE_KEYS = ("a", "b", "decision", "gold")
"""Keys of an adjudication log row that hold a field's value (for span fields, spans)."""


def is_log_row(row: Mapping[str, Any]) -> bool:
    return "field" in row and "decision" in row


def log_row_standoff(row: Mapping[str, Any]) -> dict[str, Any]:
    """An adjudication log row without report text: no unit text, span texts or
    indicators (the gold holds the decided ones), and every quotation of the unit in the
    reason replaced by its offsets in the unit, ⟦start:end⟧."""
    stripped = {key: value for key, value in row.items() if key != "text"}
    for key in LOG_VALUE_KEYS:
        value = stripped.get(key)
        if isinstance(value, list) and all(isinstance(item, dict) for item in value):
            stripped[key] = [
                {k: v for k, v in item.items() if k not in ("text", "indicator")} for item in value
            ]
    if isinstance(row.get("reason"), str) and isinstance(row.get("text"), str):
        stripped["reason"] = quotes_as_offsets(row["reason"], row["text"])
    return stripped


MIN_QUOTE = 4
"""Shorter runs of the unit in a reason (a word such as 推进) stay as written."""


def quotes_as_offsets(reason: str, text: str) -> str:
    """`reason` with each run of MIN_QUOTE or more characters of `text` (longest first,
    left to right) replaced by ⟦start:end⟧, its offsets in `text`."""
    out, i = [], 0
    while i < len(reason):
        length = _longest_quote_at(reason, i, text)
        if length >= MIN_QUOTE:
            start = text.find(reason[i : i + length])
            out.append(f"⟦{start}:{start + length}⟧")
            i += length
        else:
            out.append(reason[i])
            i += 1
    return "".join(out)


def _longest_quote_at(reason: str, i: int, text: str) -> int:
    length = 0
    while i + length < len(reason) and reason[i : i + length + 1] in text:
        length += 1
    return length
