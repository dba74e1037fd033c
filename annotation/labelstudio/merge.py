"""Merging imported records into an annotator's saved records file.

An import never overwrites: units new to the file are added, identical ones are kept as
written, and a unit saved with other labels is left as saved and written, with both
versions, to `conflicts/<annotator>.jsonl` beside the records for adjudication.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotation.labelstudio.importer import Imported, ParsedExport, parse_export
from dataset.errors import InputError
from dataset.records.jsonl import dumps, iter_jsonl, write_jsonl
from dataset.records.read import iter_records
from dataset.schema import LABEL_FIELD_SPECS, LABEL_FIELDS, UNIT_FIELDS, Record, label_set

CONFLICTS_DIR = "conflicts"


def record_json(record: Record) -> dict[str, Any]:
    """A pass record in canonical form: the unit and label fields (no split/fold, which the
    release assigns), multi-label fields in schema order and spans by offset, so that the
    same labels always compare equal whatever order the browser or a tool listed them in."""
    data = record.model_dump(mode="json")
    for name, spec in LABEL_FIELD_SPECS.items():
        if spec.kind == "multi":
            data[name] = sorted(data[name], key=label_set(name).index)
        elif spec.kind == "spans":
            data[name] = sorted(data[name], key=lambda span: (span["start"], span["end"]))
    return {name: data[name] for name in (*UNIT_FIELDS, *LABEL_FIELDS)}


def load_saved(path: Path) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Saved records by id: (the line as written, its canonical form)."""
    if not path.exists():
        return {}
    return {
        record.id: (obj, record_json(record))
        for _, obj, record in iter_records(path, allow_empty=True)
    }


def changed_fields(saved: dict[str, Any], imported: dict[str, Any]) -> list[str]:
    return [name for name in (*UNIT_FIELDS, *LABEL_FIELDS) if saved[name] != imported[name]]


@dataclass
class AnnotatorMerge:
    name: str
    path: Path
    records: list[dict[str, Any]]
    added: int
    unchanged: int
    conflicts: list[dict[str, Any]]
    conflicts_path: Path
    conflict_lines: list[dict[str, Any]]


def merge_annotator(name: str, imported: list[Imported], out_dir: Path) -> AnnotatorMerge:
    path = out_dir / f"{name}.jsonl"
    conflicts_path = out_dir / CONFLICTS_DIR / f"{name}.jsonl"
    saved = load_saved(path)
    merged = {unit_id: as_written for unit_id, (as_written, _) in saved.items()}
    added = unchanged = 0
    conflicts = []
    for item in imported:
        new = record_json(item.record)
        if new["id"] not in saved:
            merged[new["id"]] = new
            added += 1
        elif saved[new["id"]][1] == new:
            unchanged += 1
        else:
            conflicts.append(_conflict(name, item, saved[new["id"]][1], new))
    records = sorted(merged.values(), key=lambda r: (r["doc_id"], r["index"]))
    lines = _merge_conflict_lines(conflicts_path, conflicts)
    return AnnotatorMerge(name, path, records, added, unchanged, conflicts, conflicts_path, lines)


def _conflict(
    name: str, item: Imported, old: dict[str, Any], new: dict[str, Any]
) -> dict[str, Any]:
    fields = changed_fields(old, new)
    return {
        "id": new["id"],
        "annotator": name,
        "task_id": item.task_id,
        "annotation_id": item.annotation_id,
        "text": new["text"],
        "fields": fields,
        "saved": {f: old[f] for f in fields},
        "imported": {f: new[f] for f in fields},
        "imported_record": new,
    }


def _merge_conflict_lines(path: Path, conflicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conflicts already on file plus the new ones, each (unit, imported labels) once."""
    lines = [obj for _, obj in iter_jsonl(path)] if path.exists() else []
    known = {(c.get("id"), dumps(c.get("imported_record"))) for c in lines}
    for conflict in conflicts:
        key = (conflict["id"], dumps(conflict["imported_record"]))
        if key not in known:
            lines.append(conflict)
            known.add(key)
    return lines


def plan_import(parsed: ParsedExport, out_dir: str | Path) -> list[AnnotatorMerge]:
    """Everything an import would write, computed before anything is written."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: is a file, expected a folder for the records")
    return [
        merge_annotator(name, parsed.by_annotator[name], out_dir)
        for name in sorted(parsed.by_annotator)
    ]


def write_import(plans: list[AnnotatorMerge]) -> None:
    for plan in plans:
        if plan.added or not plan.path.exists():
            write_jsonl(plan.path, plan.records)
        if plan.conflicts:
            write_jsonl(plan.conflicts_path, plan.conflict_lines)


def import_export(
    tasks: list[dict[str, Any]],
    out_dir: str | Path,
    names: dict[int, str] | None = None,
    where: str = "export",
) -> tuple[ParsedExport, list[AnnotatorMerge]]:
    """Check the whole export, plan every file, then write: a problem writes nothing."""
    parsed = parse_export(tasks, names, where)
    plans = plan_import(parsed, out_dir)
    write_import(plans)
    return parsed, plans
