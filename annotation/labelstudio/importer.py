"""A Label Studio JSON export -> one records file per annotator, checked client side.

The server stores whatever the browser or an API client sends, so every region is
checked here: offsets inside the text and `text[start:end]` equal to the region's text,
labels and choices in the schema's vocabulary, one choice for single-choice fields,
numbers that parse. Any problem names the task, the annotation and the region, and
nothing is written (merging into saved files is in `merge`).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from annotation.labelstudio import config as ls
from annotation.labelstudio.tasks import TASK_DATA_FIELDS, describe_non_bmp, non_bmp_characters
from dataset.errors import InputError, existing_file
from dataset.gazetteer import load_gazetteer_types
from dataset.records.jsonl import parse_json
from dataset.records.read import format_validation_error
from dataset.records.source import normalise
from dataset.schema import Record

ANNOTATOR_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
SHOWN_PROBLEMS = 20

EXPECTED_TYPES: dict[str, str] = {
    ls.SPAN: "labels",
    ls.INDICATOR: "textarea",
    ls.PLACE_NAME: "textarea",
    ls.VALUE: "number",
    ls.VALUE_MAX: "number",
    **{name: "choices" for name in ls.TARGET_CHOICES},
    **{name: "choices" for name in ls.FIELD_CHOICES},
}


class ImportProblems(InputError):
    """Every problem found in an export; the message is the first one and a count."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


class _Problem(Exception):
    """One problem in one annotation; turned into a line naming task/annotation/region."""

    def __init__(self, message: str, region: str | None = None):
        super().__init__(message)
        self.region = region


# ---------------------------------------------------------------- reading the export


def read_export(path: str | Path) -> list[dict[str, Any]]:
    """The tasks of a Label Studio JSON export (a list of task objects)."""
    path = existing_file(path, "a Label Studio JSON export")
    try:
        tasks = parse_json(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 (byte {error.start})") from None
    except ValueError as error:
        raise InputError(f"{path}: {error}; expected the Label Studio JSON export") from None
    return check_export_shape(tasks, str(path))


def check_export_shape(tasks: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(tasks, list):
        raise InputError(
            f"{where}: expected a JSON list of tasks (Label Studio's JSON export), "
            f"got a {type(tasks).__name__}"
        )
    for position, task in enumerate(tasks):
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            raise InputError(f"{where}: item {position} is not a task with a data object")
        if not isinstance(task.get("annotations", []), list):
            raise InputError(f"{where}: task {task.get('id')}: annotations is not a list")
    return tasks


# ---------------------------------------------------------------- one annotation -> labels


def _number(raw: Any, what: str, region: str) -> float:
    if isinstance(raw, bool):
        raise _Problem(f"{what} {raw!r} is not a number", region)
    if isinstance(raw, int | float):
        number = float(raw)
    elif isinstance(raw, str):
        try:
            number = float(raw.strip().replace(",", ""))
        except ValueError:
            raise _Problem(f"{what} {raw!r} is not a number", region) from None
    else:
        raise _Problem(f"{what} {raw!r} is not a number", region)
    if not math.isfinite(number):
        raise _Problem(f"{what} {raw!r} is not a finite number", region)
    return number


def _one_choice(value: dict[str, Any], control: str, region: str | None) -> str:
    choices = value.get("choices")
    if not isinstance(choices, list) or len(choices) != 1:
        raise _Problem(f"{control} needs exactly one choice, got {choices!r}", region)
    choice = choices[0]
    allowed = ls.TARGET_CHOICES.get(control) or ls.FIELD_CHOICES[control]
    if choice not in allowed:
        raise _Problem(f"{control} choice {choice!r} is not in the schema's vocabulary", region)
    return choice


def _one_text(value: dict[str, Any], control: str, region: str) -> str | None:
    texts = value.get("text")
    if isinstance(texts, str):
        texts = [texts]
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise _Problem(f"{control} text {texts!r} is not a list of strings", region)
    texts = [normalise(t).strip() for t in texts if t.strip()]
    if len(texts) > 1:
        raise _Problem(f"{control} has {len(texts)} entries, expected one", region)
    return texts[0] if texts else None


@dataclass
class _Region:
    id: str
    label: str | None = None
    start: int = 0
    end: int = 0
    text: str = ""
    controls: dict[str, dict[str, Any]] = field(default_factory=dict)


def _offsets(value: dict[str, Any], unit_text: str, region: str) -> tuple[int, int]:
    start, end = value.get("start"), value.get("end")
    if not all(isinstance(o, int) and not isinstance(o, bool) for o in (start, end)):
        raise _Problem(f"offsets {start!r}, {end!r} are not integers", region)
    if not 0 <= start < end <= len(unit_text):
        raise _Problem(
            f"offsets [{start}, {end}) are outside the text (length {len(unit_text)})", region
        )
    return start, end


def _add_span_label(region: _Region, value: dict[str, Any], unit_text: str) -> None:
    if region.label is not None:
        raise _Problem("the region has two span labels", region.id)
    labels = value.get("labels")
    if not isinstance(labels, list) or len(labels) != 1:
        raise _Problem(f"a span needs exactly one label, got {labels!r}", region.id)
    if labels[0] not in ls.SPAN_LABELS:
        raise _Problem(f"span label {labels[0]!r} is not in the schema's vocabulary", region.id)
    start, end = _offsets(value, unit_text, region.id)
    text = value.get("text")
    if text != unit_text[start:end]:
        raise _Problem(
            f"region text {text!r} is not text[{start}:{end}] = {unit_text[start:end]!r}",
            region.id,
        )
    region.label, region.start, region.end, region.text = labels[0], start, end, text


def _group_results(
    results: list[Any], unit_text: str
) -> tuple[dict[str, dict[str, Any]], dict[str, _Region]]:
    """Unit-level choices by control, and regions by id (their span + per-region values)."""
    unit_choices: dict[str, dict[str, Any]] = {}
    regions: dict[str, _Region] = {}
    for result in results:
        if not isinstance(result, dict) or not isinstance(result.get("value"), dict):
            raise _Problem(f"result {result!r} is not an object with a value")
        control, value, rid = result.get("from_name"), result["value"], result.get("id")
        if control not in EXPECTED_TYPES:
            raise _Problem(f"unknown control {control!r} (not in the generated config)", rid)
        if result.get("type") != EXPECTED_TYPES[control]:
            raise _Problem(
                f"{control} result has type {result.get('type')!r}, "
                f"expected {EXPECTED_TYPES[control]!r}",
                rid,
            )
        if result.get("to_name", ls.TEXT) != ls.TEXT:
            raise _Problem(f"{control} points at {result.get('to_name')!r}, not {ls.TEXT!r}", rid)
        if control in ls.FIELD_CHOICES:
            if control in unit_choices:
                raise _Problem(f"{control} is answered twice", rid)
            unit_choices[control] = value
            continue
        if not isinstance(rid, str) or not rid:
            raise _Problem(f"a {control} region result has no id")
        region = regions.setdefault(rid, _Region(rid))
        if control == ls.SPAN:
            _add_span_label(region, value, unit_text)
        elif control in region.controls:
            raise _Problem(f"{control} is given twice", rid)
        else:
            region.controls[control] = value
    return unit_choices, regions


def _check_region_values(region: _Region) -> None:
    if region.label is None:
        raise _Problem("per-region values without a span label", region.id)
    for control, value in region.controls.items():
        has_offsets = "start" in value or "end" in value
        if has_offsets and (value.get("start"), value.get("end")) != (region.start, region.end):
            raise _Problem(
                f"{control} offsets {value.get('start')!r}, {value.get('end')!r} differ from "
                f"the span's [{region.start}, {region.end})",
                region.id,
            )
    allowed = ls.TARGET_CONTROLS if region.label == ls.TARGET_LABEL else ls.PLACE_CONTROLS
    stray = sorted(set(region.controls) - set(allowed))
    if stray:
        raise _Problem(f"a {region.label} span cannot have {', '.join(stray)}", region.id)


def _target(region: _Region) -> dict[str, Any]:
    controls, rid = region.controls, region.id
    for required in (ls.INDICATOR, ls.VALUE, *ls.TARGET_CHOICES):
        if required not in controls:
            raise _Problem(f"the target has no {required}", rid)
    indicator = _one_text(controls[ls.INDICATOR], ls.INDICATOR, rid)
    if indicator is None:
        raise _Problem("the target's indicator is empty", rid)
    value_max = None
    if ls.VALUE_MAX in controls:
        value_max = _number(controls[ls.VALUE_MAX].get("number"), ls.VALUE_MAX, rid)
    target = {
        "start": region.start,
        "end": region.end,
        "text": region.text,
        "indicator": indicator,
        "value": _number(controls[ls.VALUE].get("number"), ls.VALUE, rid),
        "value_max": value_max,
    }
    for control in ls.TARGET_CHOICES:
        target[control] = _one_choice(controls[control], control, rid)
    return target


def _place(region: _Region, gazetteer: dict[str, str]) -> dict[str, Any]:
    name = None
    if ls.PLACE_NAME in region.controls:
        name = _one_text(region.controls[ls.PLACE_NAME], ls.PLACE_NAME, region.id)
    if name is not None and gazetteer:
        if name not in gazetteer:
            raise _Problem(
                f"place name {name!r} is not in the gazetteer (leave it empty for a place "
                f"the gazetteer lacks)",
                region.id,
            )
        if gazetteer[name] != region.label:
            raise _Problem(
                f"place {name!r} is labelled {region.label!r}, the gazetteer says "
                f"{gazetteer[name]!r}",
                region.id,
            )
    return {
        "start": region.start,
        "end": region.end,
        "text": region.text,
        "type": region.label,
        "name": name,
    }


def labels_from_result(
    results: list[Any], unit_text: str, gazetteer: dict[str, str] | None = None
) -> dict[str, Any]:
    """The label fields of a record from one annotation's result list; place names are
    checked against the gazetteer (canonical name -> type) when one is given."""
    if not isinstance(results, list):
        raise _Problem("the annotation's result is not a list")
    unit_choices, regions = _group_results(results, unit_text)
    labels: dict[str, Any] = {}
    for control in ls.SINGLE_CHOICE_FIELDS:
        if control not in unit_choices:
            raise _Problem(f"{control} has no choice")
        labels[control] = _one_choice(unit_choices[control], control, None)
    domains = unit_choices.get(ls.MULTI_CHOICE_FIELD, {}).get("choices", [])
    if not isinstance(domains, list) or any(d not in ls.DOMAIN_CHOICES for d in domains):
        raise _Problem(
            f"{ls.MULTI_CHOICE_FIELD} {domains!r} are not all in the schema's vocabulary"
        )
    labels[ls.MULTI_CHOICE_FIELD] = sorted(domains, key=ls.DOMAIN_CHOICES.index)
    targets, places = [], []
    first_on_span: dict[tuple[bool, int, int], str] = {}
    for region in regions.values():
        _check_region_values(region)
        key = (region.label == ls.TARGET_LABEL, region.start, region.end)
        if key in first_on_span:
            kind = "target" if key[0] else "place"
            raise _Problem(
                f"two {kind} regions on [{region.start}, {region.end}) {region.text!r} "
                f"(the other is region {first_on_span[key]}); delete one",
                region.id,
            )
        first_on_span[key] = region.id
        if region.label == ls.TARGET_LABEL:
            targets.append(_target(region))
        else:
            places.append(_place(region, gazetteer or {}))
    labels["numeric_targets"] = sorted(targets, key=lambda s: (s["start"], s["end"]))
    labels["places"] = sorted(places, key=lambda s: (s["start"], s["end"]))
    return labels


# ---------------------------------------------------------------- one task -> unit fields


def unit_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The unit fields a task carries (written by `ls export`), text checked."""
    missing = [name for name in ("unit_id", *TASK_DATA_FIELDS) if name not in data]
    if missing:
        raise _Problem(
            f"task data lacks {', '.join(missing)}: not a task made by gwrcommit ls export/push"
        )
    unit = {"id": data["unit_id"]} | {name: data[name] for name in TASK_DATA_FIELDS}
    text = unit["text"]
    if not isinstance(text, str):
        raise _Problem("task text is not a string")
    if normalise(text) != text:
        raise _Problem(
            "task text is not normalised (NFC, LF line ends, no BOM) as segmentation makes it; "
            "its offsets would not match the source"
        )
    if non_bmp_characters(text):
        raise _Problem(f"task text {describe_non_bmp(text)}")
    return unit


# ---------------------------------------------------------------- annotators


def annotator_id(completed_by: Any) -> int:
    """The user id of an annotation's author (an id, or a user object in some exports)."""
    if isinstance(completed_by, dict):
        completed_by = completed_by.get("id")
    if isinstance(completed_by, bool) or not isinstance(completed_by, int):
        raise _Problem(f"completed_by {completed_by!r} is not a user id")
    return completed_by


def parse_annotator_map(pairs: Iterable[str]) -> dict[int, str]:
    """`ID=NAME` pairs -> {user id: file name stem}, e.g. `1=pass-a`."""
    mapping: dict[int, str] = {}
    for pair in pairs:
        user, sep, name = pair.partition("=")
        if not sep or not user.strip().isdigit() or not ANNOTATOR_NAME.match(name.strip()):
            raise InputError(
                f"--annotator {pair!r}: expected USER_ID=NAME, NAME of letters, digits, "
                f"'.', '_' or '-' (e.g. 3=pass-a)"
            )
        mapping[int(user)] = name.strip()
    if len(set(mapping.values())) != len(mapping):
        raise InputError("--annotator: two users map to the same name")
    return mapping


def annotator_name(user_id: int, names: dict[int, str]) -> str:
    """File name stem for a user: the mapped name, else `annotator-<id>` (pseudonymous, so
    no e-mail address ends up in the repository)."""
    return names.get(user_id, f"annotator-{user_id}")


# ---------------------------------------------------------------- the whole export


@dataclass(frozen=True)
class Imported:
    record: Record
    task_id: Any
    annotation_id: Any


@dataclass
class ParsedExport:
    by_annotator: dict[str, list[Imported]]
    tasks: int = 0
    cancelled: int = 0
    unannotated: int = 0


def _where(task_id: Any, annotation_id: Any = None, region: str | None = None) -> str:
    parts = [f"task {task_id}"]
    if annotation_id is not None:
        parts.append(f"annotation {annotation_id}")
    if region is not None:
        parts.append(f"region {region}")
    return ", ".join(parts)


def parse_export(
    tasks: list[dict[str, Any]],
    names: dict[int, str] | None = None,
    where: str = "export",
    gazetteer: dict[str, str] | None = None,
) -> ParsedExport:
    """Records per annotator from the export's tasks; ImportProblems lists every problem.
    Place names are checked against `gazetteer` (default: the project's)."""
    names = names or {}
    gazetteer = load_gazetteer_types() if gazetteer is None else gazetteer
    parsed = ParsedExport(defaultdict(list), tasks=len(tasks))
    problems: list[str] = []
    seen: dict[tuple[str, str], Any] = {}
    for task in tasks:
        task_id = task.get("id")
        try:
            unit = unit_fields(task["data"])
        except _Problem as problem:
            problems.append(f"{where}: {_where(task_id)}: {problem}")
            continue
        annotations = task.get("annotations") or []
        if not annotations:
            parsed.unannotated += 1
        for annotation in annotations:
            if not isinstance(annotation, dict):
                problems.append(f"{where}: {_where(task_id)}: an annotation is not an object")
                continue
            if annotation.get("was_cancelled"):
                parsed.cancelled += 1
                continue
            annotation_id = annotation.get("id")
            try:
                record = _record(unit, annotation, gazetteer)
                name = annotator_name(annotator_id(annotation.get("completed_by")), names)
            except _Problem as problem:
                place = _where(task_id, annotation_id, problem.region)
                problems.append(f"{where}: {place}: {problem}")
                continue
            key = (name, record.id)
            if key in seen:
                problems.append(
                    f"{where}: {_where(task_id, annotation_id)}: {name} has two annotations of "
                    f"unit {record.id} (the other is annotation {seen[key]}); delete one"
                )
                continue
            seen[key] = annotation_id
            parsed.by_annotator[name].append(Imported(record, task_id, annotation_id))
    if problems:
        raise ImportProblems(problems)
    return parsed


def _record(unit: dict[str, Any], annotation: dict[str, Any], gazetteer: dict[str, str]) -> Record:
    labels = labels_from_result(annotation.get("result"), unit["text"], gazetteer)
    try:
        return Record.model_validate(unit | labels)
    except ValidationError as error:
        raise _Problem(format_validation_error(error)) from None
