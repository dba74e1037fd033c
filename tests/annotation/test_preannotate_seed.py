"""The rules on the seed page: valid records, strict target span F1, codebook rulings.

SEED_TARGETS is my reading of the page's numeric targets under the codebook (N1–N10,
H1–H13), written down before comparing with the adjudicated gold. The rules were
developed on this page, so these scores are in-sample; tests/annotation/data/robustness.jsonl
holds made-up sentences the rules were not written on.
"""

from __future__ import annotations

import json

import pytest

from annotation import paths as annotation_paths
from annotation.preannotate import preannotate_text
from dataset.records.source import read_source
from dataset.schema import Record
from tests.factories import SEED, SEED_DOC_ID

# unit index → targets in order: (span, value, unit, comparator, kind)
SEED_TARGETS: dict[int, list[tuple[str, float, str, str, str]]] = {
    4: [("50户", 50, "户", "=", "increment"), ("200户", 200, "户", ">=", "increment")],
    5: [("20亿元", 2e9, "元", "=", "level"), ("12%", 12, "%", ">=", "growth")],
    7: [("4000名", 4000, "人", ">=", "increment"), ("10个", 10, "个", ">=", "increment")],
    12: [("95%", 95, "%", ">=", "ratio")],
    13: [("12个", 12, "个", "=", "increment"), ("6个", 6, "个", "=", "increment")],
    15: [("5家", 5, "家", ">=", "increment")],
    16: [("200件", 200, "件", ">=", "increment")],
    18: [("16户", 16, "户", "=", "reduction")],
    25: [("100亿元", 1e10, "元", "=", "increment"), ("45亿元", 4.5e9, "元", ">=", "level")],
    32: [("1家", 1, "家", "=", "increment")],
    33: [("30家", 30, "家", "=", "increment"), ("10家", 10, "家", ">=", "increment")],
    63: [("200个", 200, "个", ">=", "increment"), ("400个", 400, "个", ">=", "increment")],
    64: [("90%", 90, "%", "=", "ratio"), ("5000个", 5000, "个", "=", "level")],
    65: [("20个", 20, "个", ">=", "increment")],
    69: [
        ("6.5万亩", 65000, "亩", "=", "increment"),
        ("109万亩", 1090000, "亩", ">=", "level"),
        ("91.3万亩", 913000, "亩", ">=", "level"),
    ],
    70: [("6万亩", 60000, "亩", ">=", "level")],
    71: [("1.6万亩", 16000, "亩", "=", "level"), ("3.4万亩", 34000, "亩", "=", "level")],
    74: [("180亿元", 1.8e10, "元", ">=", "level")],
    75: [("307亿元", 3.07e10, "元", ">=", "level")],
    77: [
        ("3个", 3, "个", "=", "increment"),
        ("20个", 20, "个", "=", "increment"),
        ("70个", 70, "个", "=", "increment"),
    ],
    78: [("50公里", 50, "公里", "=", "increment"), ("80公里", 80, "公里", "=", "increment")],
    79: [("37个", 37, "个", "=", "increment"), ("9600立方米", 9600, "立方米", "=", "increment")],
    80: [
        ("1000户", 1000, "户", "=", "increment"),
        ("74%", 74, "%", "=", "ratio"),
        ("75%", 75, "%", "=", "ratio"),
    ],
    88: [("5个", 5, "个", "=", "increment"), ("2个", 2, "个", "=", "increment")],
    96: [("2000人", 2000, "人", "=", "level"), ("15人", 15, "人", "=", "level")],
    100: [
        ("35微克每立方米", 35, "微克/立方米", "<=", "level"),
        ("300天", 300, "天", ">=", "level"),
    ],
    101: [("100%", 100, "%", "=", "ratio")],
    102: [("100%", 100, "%", "=", "ratio"), ("93%", 93, "%", ">=", "ratio")],
    103: [("100%", 100, "%", "=", "ratio")],
    106: [("100亿元", 1e10, "元", ">", "level")],
    113: [("100%", 100, "%", "=", "ratio"), ("100%", 100, "%", "=", "ratio")],
    134: [
        ("2.4万人", 24000, "人", "=", "increment"),
        ("1.2万人", 12000, "人", "=", "level"),
        ("90%", 90, "%", ">=", "ratio"),
    ],
    136: [("5.5%", 5.5, "%", "<=", "ratio")],
    140: [("96%", 96, "%", ">=", "ratio")],
    170: [("25件", 25, "件", "=", "level")],
    171: [("15件", 15, "件", "=", "level"), ("10件", 10, "件", "=", "level")],
}

# Explicit rulings of the codebook (annotation/guidelines.md) on seed units.
CODEBOOK_RULINGS: list[tuple[int, str, object]] = [
    (3, "commitment_type", "specific_action"),
    (3, "commitment_strength", "binding"),
    (3, "geo_scope", "locality"),
    (5, "commitment_strength", "striving"),
    (5, "geo_scope", "district"),
    (8, "commitment_type", "general_measure"),
    (8, "domains", ["macroeconomics"]),
    (9, "commitment_strength", "striving"),
    (9, "domains", ["macroeconomics", "domestic_commerce"]),
    (13, "primary_domain", "government_operations"),
    (18, "primary_domain", "domestic_commerce"),
    (19, "commitment_type", "specific_action"),
    (19, "commitment_strength", "striving"),
    (25, "domains", ["domestic_commerce", "macroeconomics"]),
    (26, "commitment_type", "specific_action"),
    (30, "commitment_strength", "unmarked"),
    (31, "commitment_type", "specific_action"),
    (39, "commitment_type", "general_measure"),
    (45, "commitment_type", "specific_action"),
    (48, "commitment_type", "specific_action"),
    (48, "commitment_strength", "unmarked"),
    (52, "commitment_type", "general_measure"),
    (57, "commitment_type", "specific_action"),
    (57, "commitment_strength", "binding"),
    (57, "domains", ["housing", "energy"]),
    (57, "geo_scope", "locality"),
    (65, "primary_domain", "government_operations"),
    (66, "primary_domain", "agriculture"),
    (67, "commitment_strength", "binding"),
    (69, "commitment_strength", "binding"),
    (73, "commitment_type", "specific_action"),
    (76, "domains", ["housing", "government_operations"]),
    (78, "domains", ["transportation", "public_lands", "environment"]),
    (85, "commitment_strength", "unmarked"),
    (110, "commitment_type", "general_measure"),
    (115, "domains", ["domestic_commerce", "culture"]),
    (115, "geo_scope", "district"),
    (116, "commitment_strength", "unmarked"),
    (119, "commitment_type", "general_measure"),
    (124, "geo_scope", "beyond"),
    (124, "domains", ["domestic_commerce"]),
    (136, "commitment_strength", "unmarked"),
    (140, "domains", ["health", "social_welfare"]),
    (144, "commitment_type", "general_measure"),
    (144, "commitment_strength", "binding"),
    (147, "geo_scope", "locality"),
    (151, "geo_scope", "beyond"),
    (156, "domains", ["macroeconomics", "housing"]),
    (160, "primary_domain", "health"),
    (165, "primary_domain", "government_operations"),
    (166, "primary_domain", "law_and_crime"),
    (166, "commitment_strength", "binding"),
    (168, "commitment_type", "non_commitment"),
    (168, "primary_domain", "none"),
    (172, "commitment_type", "general_measure"),
    (172, "primary_domain", "social_welfare"),
    (185, "commitment_type", "general_measure"),
    (186, "commitment_type", "specific_action"),
    (187, "commitment_type", "general_measure"),
    (187, "commitment_strength", "binding"),
    (192, "commitment_type", "general_measure"),
    (198, "commitment_type", "non_commitment"),
    (200, "commitment_type", "aspiration"),
    (200, "commitment_strength", "striving"),
    (200, "primary_domain", "none"),
]


@pytest.fixture(scope="module")
def seed_records() -> list[dict]:
    return list(preannotate_text(read_source(SEED), SEED_DOC_ID))


def expected_spans(records: list[dict]) -> set[tuple[int, int, int]]:
    spans = set()
    for index, targets in SEED_TARGETS.items():
        text, position = records[index]["text"], 0
        for span, *_ in targets:
            start = text.index(span, position)
            spans.add((index, start, start + len(span)))
            position = start + len(span)
    return spans


def strict_f1(predicted: set, gold: set) -> float:
    true_positives = len(predicted & gold)
    if not true_positives:
        return 0.0
    precision, recall = true_positives / len(predicted), true_positives / len(gold)
    return 2 * precision * recall / (precision + recall)


def test_every_seed_record_validates(seed_records):
    assert len(seed_records) == 201
    for record in seed_records:
        Record.model_validate(record)


def test_strict_target_span_f1_against_my_reading(seed_records):
    predicted = {
        (r["index"], t["start"], t["end"]) for r in seed_records for t in r["numeric_targets"]
    }
    assert sum(len(v) for v in SEED_TARGETS.values()) == 61
    assert strict_f1(predicted, expected_spans(seed_records)) >= 0.95


def test_target_fields_match_my_reading(seed_records):
    matched = wrong = 0
    for index, targets in SEED_TARGETS.items():
        predicted = seed_records[index]["numeric_targets"]
        for (span, value, unit, comparator, kind), target in zip(targets, predicted, strict=False):
            if target["text"] != span:
                continue
            matched += 1
            fields = (target["value"], target["unit"], target["comparator"], target["kind"])
            wrong += fields != (float(value), unit, comparator, kind)
    assert matched >= 58 and wrong <= 2


def test_quantified_target_exactly_where_there_are_targets(seed_records):
    quantified = {r["index"] for r in seed_records if r["commitment_type"] == "quantified_target"}
    assert quantified == set(SEED_TARGETS)


@pytest.mark.parametrize(("index", "field", "expected"), CODEBOOK_RULINGS)
def test_codebook_ruling(seed_records, index, field, expected):
    assert seed_records[index][field] == expected


def test_codebook_place_examples(seed_records):
    def places(index: int) -> list[tuple[str, str, str | None]]:
        return [(p["text"], p["type"], p["name"]) for p in seed_records[index]["places"]]

    assert places(57) == [
        ("高铁新城", "zone", "高铁新城"),
        ("几江街道", "township", "几江街道"),
        ("西江片区", "zone", "西江片区"),
        ("德感街道", "township", "德感街道"),
        ("前进厂", "site", "前进厂"),
        ("几江", "township", "几江街道"),
        ("德感", "township", "德感街道"),
        ("双福", "township", "双福街道"),
    ]
    assert places(124) == [("重庆", "municipality", "重庆市"), ("四面山", "natural", "四面山")]
    assert places(85) == [("石蟆", "township", "石蟆镇"), ("四面山", "township", "四面山镇")]
    assert places(105) == [("塘河", "natural", "塘河"), ("黄墩溪", "natural", "黄墩溪")]
    assert places(5) == places(11) == places(130) == []  # 重庆交大, 数字重庆, quoted names
    assert places(3) == [
        ("西部(重庆)科学城江津片区", "zone", "西部(重庆)科学城江津片区"),
        ("团结湖数字经济产业园", "zone", "团结湖数字经济产业园"),
    ]


def gold_records() -> list[dict]:
    path = annotation_paths.gold_dir() / f"{SEED_DOC_ID}.jsonl"
    if not path.exists():
        pytest.skip("no adjudicated gold for the seed yet")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_strict_target_span_f1_against_the_gold(seed_records):
    gold = gold_records()
    by_id = {r["id"]: r for r in seed_records}
    assert set(by_id) == {g["id"] for g in gold}
    predicted = {
        (r["id"], t["start"], t["end"]) for r in seed_records for t in r["numeric_targets"]
    }
    expected = {(g["id"], t["start"], t["end"]) for g in gold for t in g["numeric_targets"]}
    assert strict_f1(predicted, expected) >= 0.95


def test_place_span_f1_against_the_gold(seed_records):
    gold = gold_records()
    predicted = {(r["id"], p["start"], p["end"]) for r in seed_records for p in r["places"]}
    expected = {(g["id"], p["start"], p["end"]) for g in gold for p in g["places"]}
    assert strict_f1(predicted, expected) >= 0.9
