"""Label Studio tasks for target→outcome links, and links from their annotations.

A task is a report pair: the whole text of report Y as `plan` and of the next report as
`review`, so a region's offsets are document offsets and become stand-off directly. What
an annotation holds (codebook §14): `target` regions in the plan with their figure, `outcome`
regions in the review with theirs, and one relation from a target to its outcome labelled
met, not_met or exceeded. A target without a relation is not_reported."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from annotation.labelstudio import links_config as cfg
from annotation.labelstudio.tasks import describe_non_bmp, non_bmp_characters
from annotation.links.passes import UnitIndex
from dataset.corpus.standoff import unit_sha256
from dataset.errors import InputError
from dataset.records.read import format_validation_error
from dataset.schema import Link

CONTROL_TYPES: dict[str, str] = {
    cfg.TARGET_SPAN: "labels",
    cfg.OUTCOME_SPAN: "labels",
    "indicator": "choices",
    "unit": "choices",
    "comparator": "choices",
    "outcome_unit": "choices",
    "value": "number",
    "value_max": "number",
    "plan_year": "number",
    "outcome_value": "number",
    "period": "textarea",
}
SPAN_OBJECTS = {cfg.TARGET_SPAN: cfg.PLAN, cfg.OUTCOME_SPAN: cfg.REVIEW}


def pair_task(plan_doc: str, review_doc: str, texts: Mapping[str, str]) -> dict[str, Any]:
    for doc_id in (plan_doc, review_doc):
        if doc_id not in texts:
            raise InputError(f"{doc_id}: not attached (run gwrcommit corpus attach)")
        if non_bmp_characters(texts[doc_id]):
            raise InputError(f"{doc_id}: {describe_non_bmp(texts[doc_id])}")
    return {
        "data": {
            # `ls push` skips tasks whose data.unit_id is already in the project; for a
            # pair task that key names the pair.
            "unit_id": f"{plan_doc}>{review_doc}",
            "heading": f"{plan_doc} → {review_doc}",
            "plan_doc": plan_doc,
            "review_doc": review_doc,
            cfg.PLAN: texts[plan_doc],
            cfg.REVIEW: texts[review_doc],
        }
    }


@dataclass
class _Region:
    id: str
    object: str = ""
    label: str | None = None
    start: int = 0
    end: int = 0
    text: str = ""
    values: dict[str, Any] = field(default_factory=dict)


def _value_of(control: str, value: Mapping[str, Any], where: str) -> Any:
    kind = CONTROL_TYPES[control]
    if kind == "choices":
        choices = value.get("choices")
        if not isinstance(choices, list) or len(choices) != 1:
            raise InputError(f"{where}: {control} needs exactly one choice, got {choices!r}")
        return choices[0]
    if kind == "number":
        number = value.get("number")
        if not isinstance(number, int | float) or isinstance(number, bool):
            raise InputError(f"{where}: {control} is not a number: {number!r}")
        return number
    texts = value.get("text")
    if not isinstance(texts, list) or len(texts) != 1 or not str(texts[0]).strip():
        raise InputError(f"{where}: {control} needs one text, got {texts!r}")
    return str(texts[0]).strip()


def _regions_and_relations(
    results: list[Any], data: Mapping[str, Any], where: str
) -> tuple[dict[str, _Region], dict[str, tuple[str, str]]]:
    regions: dict[str, _Region] = {}
    relations: dict[str, tuple[str, str]] = {}
    for result in results:
        if not isinstance(result, dict):
            raise InputError(f"{where}: result {result!r} is not an object")
        if result.get("type") == "relation":
            labels = result.get("labels") or []
            if len(labels) != 1 or labels[0] not in cfg.LINKED_RELATIONS:
                raise InputError(f"{where}: a relation needs one label of {cfg.LINKED_RELATIONS}")
            source = result.get("from_id")
            if source in relations:
                raise InputError(f"{where}: target region {source} has two relations")
            relations[source] = (result.get("to_id"), labels[0])
            continue
        control, rid, value = result.get("from_name"), result.get("id"), result.get("value")
        if control not in CONTROL_TYPES or result.get("type") != CONTROL_TYPES[control]:
            raise InputError(f"{where}: unknown control {control!r} of type {result.get('type')!r}")
        region = regions.setdefault(str(rid), _Region(str(rid)))
        if control in SPAN_OBJECTS:
            _set_span(region, control, value, data, where)
        else:
            region.values[control] = _value_of(control, value, f"{where} region {rid}")
    return regions, relations


def _set_span(region: _Region, control: str, value: Any, data: Mapping[str, Any], where: str):
    obj = SPAN_OBJECTS[control]
    text = data[obj]
    start, end = value.get("start"), value.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise InputError(f"{where} region {region.id}: offsets {start!r}, {end!r} are outside")
    if value.get("text") != text[start:end]:
        raise InputError(f"{where} region {region.id}: its text is not {obj}[{start}:{end}]")
    region.object, region.start, region.end, region.text = obj, start, end, text[start:end]
    region.label = value.get("labels", [None])[0]


def _standoff(region: _Region, doc_id: str, index: UnitIndex) -> dict[str, Any]:
    unit = index.unit_at(doc_id, region.start)
    return {
        "unit_id": unit,
        "start": region.start,
        "end": region.end,
        "sha256": unit_sha256(region.text),
    }


def links_from_annotation(
    data: Mapping[str, Any], results: list[Any], index: UnitIndex, where: str
) -> list[Link]:
    regions, relations = _regions_and_relations(results, data, where)
    targets = [r for r in regions.values() if r.label == cfg.TARGET_LABEL]
    outcomes = {r.id: r for r in regions.values() if r.label == cfg.OUTCOME_LABEL}
    unlinked = set(outcomes) - {to for to, _ in relations.values()}
    if unlinked:
        raise InputError(f"{where}: outcome region {sorted(unlinked)[0]} has no target")
    links = []
    for region in sorted(targets, key=lambda r: r.start):
        row: dict[str, Any] = {
            "target": _standoff(region, data["plan_doc"], index)
            | {
                key: region.values.get(key)
                for key in ("indicator", "value", "value_max", "unit", "comparator", "plan_year")
            },
            "outcome": None,
            "relation": "not_reported",
        }
        if region.id in relations:
            to_id, label = relations.pop(region.id)
            if to_id not in outcomes:
                raise InputError(f"{where}: the relation of {region.id} does not end at an outcome")
            outcome = outcomes[to_id]
            row["outcome"] = _standoff(outcome, data["review_doc"], index) | {
                "value": outcome.values.get("outcome_value"),
                "unit": outcome.values.get("outcome_unit"),
                "period": outcome.values.get("period"),
            }
            row["relation"] = label
        try:
            links.append(Link.model_validate(row))
        except ValidationError as error:
            raise InputError(
                f"{where} region {region.id}: {format_validation_error(error)}"
            ) from None
    if relations:
        raise InputError(f"{where}: a relation starts at {next(iter(relations))}, not a target")
    return links


def links_from_export(tasks: list[Any], texts: Mapping[str, str]) -> list[Link]:
    """Every target of every annotation in a Label Studio JSON export of pair tasks."""
    index = UnitIndex(texts)
    links = []
    for task in tasks:
        data = task.get("data", {}) if isinstance(task, dict) else {}
        for key in ("plan_doc", "review_doc", cfg.PLAN, cfg.REVIEW):
            if key not in data:
                raise InputError(
                    f"task {task.get('id') if isinstance(task, dict) else '?'}: no {key}"
                )
        for annotation in task.get("annotations", []):
            if annotation.get("was_cancelled"):
                continue
            where = f"task {task.get('id')} annotation {annotation.get('id')}"
            links += links_from_annotation(data, annotation.get("result", []), index, where)
    return links
