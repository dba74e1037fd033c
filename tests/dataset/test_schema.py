from __future__ import annotations

import copy

import pytest
from pydantic import ValidationError

from dataset.publishing.features import release_features
from dataset.schema import (
    CAP_CODES,
    COMMITMENT_TYPES,
    DEFINITIONS,
    DOMAINS,
    LABEL_FIELD_SPECS,
    LABEL_FIELDS,
    NO_LABEL,
    RELEASE_FIELDS,
    SINGLE_LABEL_FIELDS,
    SPAN_LABELS,
    UNIT_FIELDS,
    UNITS,
    Record,
    label_set,
)

GOOD = {
    "id": "toy-2030-0003",
    "doc_id": "toy-2030",
    "para": 1,
    "index": 3,
    "start": 40,
    "end": 62,
    "unit_type": "body",
    "section": None,
    "text": "力争新增市场主体5000户以上,建成青石湖物流园。",
    "commitment_type": "quantified_target",
    "commitment_strength": "striving",
    "primary_domain": "domestic_commerce",
    "domains": ["domestic_commerce", "transportation"],
    "geo_scope": "locality",
    "places": [{"start": 18, "end": 24, "text": "青石湖物流园", "type": "zone", "name": None}],
    "numeric_targets": [
        {
            "start": 8,
            "end": 13,
            "text": "5000户",
            "indicator": "市场主体",
            "value": 5000.0,
            "value_max": None,
            "unit": "户",
            "comparator": ">=",
            "kind": "increment",
        }
    ],
}


def with_change(path: str, value):
    record = copy.deepcopy(GOOD)
    target = record
    *parents, last = path.split(".")
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return record


DELETE = object()


def test_good_record_is_accepted():
    record = Record.model_validate(GOOD)
    assert record.numeric_targets[0].value == 5000.0


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("commitment_type", "promise", "commitment_type"),
        ("commitment_strength", "strong", "commitment_strength"),
        ("geo_scope", "city", "geo_scope"),
        ("primary_domain", "health", "not in domains"),
        ("domains", ["domestic_commerce", "domestic_commerce"], "duplicate"),
        ("domains", ["domestic_commerce", "none"], "'none'"),
        ("commitment_type", "specific_action", "if and only if"),
        ("numeric_targets.0.text", "5000个", "does not match"),
        ("numeric_targets.0.end", 14, "length"),
        ("numeric_targets.0.unit", "furlong", "canonical unit"),
        ("numeric_targets.0.comparator", "range", "value_max"),
        ("numeric_targets.0.value_max", 6000.0, "value_max"),
        ("numeric_targets.0.value", "many", "value"),
        ("numeric_targets.0.kind", "stock", "kind"),
        ("places.0.type", "city", "type"),
        ("places.0.start", 30, "start"),
        ("id", "toy-2030-3", "id"),
        ("id", "toy-2030-0004", "should be"),
        ("doc_id", "Toy 2030", "doc_id"),
        ("text", DELETE, "text"),
        ("extra_field", 1, "extra"),
    ],
)
def test_bad_record_is_rejected(path, value, message):
    with pytest.raises(ValidationError, match=message):
        Record.model_validate(with_change(path, value))


def test_span_past_the_end_of_the_unit_is_rejected():
    record = with_change("places.0.start", 30)
    record["places"][0]["end"] = 36
    with pytest.raises(ValidationError, match="does not match"):
        Record.model_validate(record)


def test_empty_targets_require_another_type():
    record = with_change("numeric_targets", [])
    with pytest.raises(ValidationError, match="if and only if"):
        Record.model_validate(record)
    record["commitment_type"] = "specific_action"
    assert Record.model_validate(record).numeric_targets == []


def test_none_domain_means_empty_domains():
    record = with_change("primary_domain", "none")
    with pytest.raises(ValidationError, match="empty"):
        Record.model_validate(record)
    record["domains"] = []
    assert Record.model_validate(record).domains == []


def test_a_range_has_value_max():
    record = with_change("numeric_targets.0.comparator", "range")
    record["numeric_targets"][0]["value_max"] = 6000.0
    assert Record.model_validate(record).numeric_targets[0].value_max == 6000.0


def test_every_label_has_a_definition():
    from dataset.schema import COMPARATORS, PLACE_TYPES, TARGET_KINDS, UNIT_TYPES

    vocabularies = {
        **{field: label_set(field) for field in SINGLE_LABEL_FIELDS},
        "place_type": PLACE_TYPES,
        "comparator": COMPARATORS,
        "kind": TARGET_KINDS,
        "unit_type": UNIT_TYPES,
    }
    for field, labels in vocabularies.items():
        assert set(DEFINITIONS[field]) == set(labels), field
        assert all(DEFINITIONS[field][label].strip() for label in labels)


def test_domains_are_the_cap_major_topics_plus_none():
    assert set(CAP_CODES) | {"none"} == set(DOMAINS)
    assert len(CAP_CODES) == 21
    assert sorted(CAP_CODES.values()) == [*range(1, 11), *range(12, 22), 23]


def test_type_order_is_most_specific_first():
    assert COMMITMENT_TYPES[0] == "quantified_target"
    assert COMMITMENT_TYPES[-1] == "non_commitment"


def test_features_are_derived_from_the_schema():
    features = release_features()
    for field in SINGLE_LABEL_FIELDS:
        assert features[field].names == list(label_set(field)), field
    assert features["domains"].feature.names == list(DOMAINS)
    target = features["numeric_targets"].feature
    assert set(target) == {
        "start",
        "end",
        "text",
        "indicator",
        "value",
        "value_max",
        "unit",
        "comparator",
        "kind",
    }
    record_fields = set(Record.model_fields)
    assert set(features) == record_fields


def test_canonical_units_are_fixed_points():
    from dataset.schema import CANONICAL_UNITS

    assert all(CANONICAL_UNITS.get(unit, unit) == unit for unit in UNITS)
    assert CANONICAL_UNITS["名"] == "人"


def test_release_field_order_is_the_feature_order():
    from dataset.release.build import FIELD_ORDER

    assert tuple(release_features()) == FIELD_ORDER


def test_registry_covers_every_record_field_once():
    assert (*UNIT_FIELDS, *LABEL_FIELDS, *RELEASE_FIELDS) == tuple(Record.model_fields)
    assert tuple(LABEL_FIELD_SPECS) == LABEL_FIELDS


def test_registry_kinds_follow_the_annotations():
    kinds = {spec.kind for spec in LABEL_FIELD_SPECS.values()}
    assert kinds == {"single", "multi", "spans"}
    assert len(SINGLE_LABEL_FIELDS) == 4
    assert all(label_set(field) for field in SINGLE_LABEL_FIELDS)
    spans = [name for name, spec in LABEL_FIELD_SPECS.items() if spec.kind == "spans"]
    assert set(spans) == set(SPAN_LABELS)
    assert all(LABEL_FIELD_SPECS[name].labels == () for name in spans)


def test_a_multi_label_field_never_offers_no_label():
    (multi,) = (spec for spec in LABEL_FIELD_SPECS.values() if spec.kind == "multi")
    assert NO_LABEL not in multi.labels
    assert (*multi.labels, NO_LABEL) == DOMAINS
    # its primary label lives in a single-label field that adds NO_LABEL to the same set
    primaries = [f for f in SINGLE_LABEL_FIELDS if set(label_set(f)) == {*multi.labels, NO_LABEL}]
    assert len(primaries) == 1


def test_every_label_field_has_a_heading_of_its_own():
    headings = [spec.heading for spec in LABEL_FIELD_SPECS.values()]
    assert len(set(headings)) == len(headings)
    for spec in LABEL_FIELD_SPECS.values():
        assert spec.title != spec.name and spec.description, spec.name
        assert spec.heading == f"{spec.title} ({spec.description})"
