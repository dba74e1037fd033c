"""The Label Studio side of links: the generated config and reading annotations of pair
tasks back as stand-off links. The two "reports" are made up."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from annotation.labelstudio.links_config import LINKED_RELATIONS, render_links_config
from annotation.labelstudio.links_tasks import links_from_export, pair_task
from dataset.errors import InputError
from dataset.schema import INDICATORS, RELATIONS, UNITS

PLAN_DOC, REVIEW_DOC = "state-council-2030", "state-council-2031"
PLAN = "各位代表：\n本年度设想的几项数字：全国产出增速预计6%左右，城镇新增就业岗位1500万人以上。\n"
REVIEW = "各位代表：\n回看上年，全国产出实际增速6.3%，新增岗位1450万人。\n"
TEXTS = {PLAN_DOC: PLAN, REVIEW_DOC: REVIEW}


def span(region_id, control, obj, text, needle, label):
    start = text.index(needle)
    value = {"start": start, "end": start + len(needle), "text": needle, "labels": [label]}
    return {"id": region_id, "from_name": control, "to_name": obj, "type": "labels", "value": value}


def per_region(region_id, control, obj, kind, answer):
    key = {"choices": "choices", "number": "number", "textarea": "text"}[kind]
    value = {key: [answer] if kind != "number" else answer}
    return {"id": region_id, "from_name": control, "to_name": obj, "type": kind, "value": value}


def made_up_annotation():
    gdp = [
        span("t1", "target_span", "plan", PLAN, "6%", "target"),
        per_region("t1", "indicator", "plan", "choices", "gdp_growth"),
        per_region("t1", "value", "plan", "number", 6),
        per_region("t1", "unit", "plan", "choices", "%"),
        per_region("t1", "comparator", "plan", "choices", "~"),
        per_region("t1", "plan_year", "plan", "number", 2030),
        span("o1", "outcome_span", "review", REVIEW, "6.3%", "outcome"),
        per_region("o1", "outcome_value", "review", "number", 6.3),
        per_region("o1", "outcome_unit", "review", "choices", "%"),
        per_region("o1", "period", "review", "textarea", "2030"),
        {
            "type": "relation",
            "from_id": "t1",
            "to_id": "o1",
            "direction": "right",
            "labels": ["met"],
        },
    ]
    jobs = [
        span("t2", "target_span", "plan", PLAN, "1500万人", "target"),
        per_region("t2", "indicator", "plan", "choices", "urban_new_jobs"),
        per_region("t2", "value", "plan", "number", 15000000),
        per_region("t2", "unit", "plan", "choices", "人"),
        per_region("t2", "comparator", "plan", "choices", ">="),
        per_region("t2", "plan_year", "plan", "number", 2030),
    ]
    return gdp + jobs


def export(results):
    task = pair_task(PLAN_DOC, REVIEW_DOC, TEXTS)
    return [{"id": 1, "data": task["data"], "annotations": [{"id": 7, "result": results}]}]


def test_the_links_config_is_xml_with_the_schemas_label_sets():
    root = ElementTree.fromstring(render_links_config().split("-->", 1)[1])
    choices = {c.get("name"): [x.get("value") for x in c] for c in root.iter("Choices")}
    assert choices["indicator"] == list(INDICATORS)
    assert choices["unit"] == choices["outcome_unit"] == list(UNITS)
    relations = [r.get("value") for r in root.iter("Relation")]
    assert relations == list(LINKED_RELATIONS) == [r for r in RELATIONS if r != "not_reported"]


def test_an_annotated_pair_becomes_standoff_links_with_document_offsets():
    gdp, jobs = links_from_export(export(made_up_annotation()), TEXTS)
    assert gdp.relation == "met" and jobs.relation == "not_reported" and jobs.outcome is None
    assert PLAN[gdp.target.start : gdp.target.end] == "6%"
    assert REVIEW[gdp.outcome.start : gdp.outcome.end] == "6.3%"
    assert gdp.target.unit_id == "state-council-2030-0001"  # the unit that holds the span
    assert gdp.outcome.period == "2030" and gdp.outcome.value == 6.3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: [x for x in r if x.get("type") != "relation"], "has no target"),
        (lambda r: [*r, dict(r[10], labels=["kept"])], "one label"),
        (lambda r: [dict(r[0], value=dict(r[0]["value"], text="7%")), *r[1:]], "its text"),
        (lambda r: [dict(r[1], value={"choices": ["gdp", "cpi"]}), *r[:1], *r[2:]], "one choice"),
        (lambda r: [x for x in r if x.get("from_name") != "period"], "period"),
    ],
)
def test_a_bad_annotation_is_refused_with_its_place(change, message):
    with pytest.raises(InputError, match=message):
        links_from_export(export(change(made_up_annotation())), TEXTS)


def test_a_pair_needs_both_reports_attached():
    with pytest.raises(InputError, match="not attached"):
        pair_task(PLAN_DOC, "state-council-2032", TEXTS)
