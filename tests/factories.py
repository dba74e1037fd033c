"""Builders shared by the tests: made-up units, records, spans, predictions and project
trees. Every sentence here is made up for the tests; none comes from a real report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from annotation import paths as annotation_paths
from annotation.rules.targets import candidates, extract_targets
from annotation.segment import segment
from baselines.base import domains_for
from dataset.paths import PROJECT_ROOT
from dataset.records.jsonl import write_jsonl
from dataset.release.build import build
from dataset.schema import (
    COMMITMENT_STRENGTHS,
    COMMITMENT_TYPES,
    COMPARATORS,
    DOMAINS,
    GEO_SCOPES,
    PLACE_TYPES,
    TARGET_KINDS,
    UNITS,
    Record,
    Unit,
)
from dataset.version import DATASET_VERSION

SEED = PROJECT_ROOT / "seeds" / "000_74081a512f7bad7c.txt"


SEED_DOC_ID = "jiangjin-2025-p3"


# Made-up report text written for the tests; not taken from any real report.
TOY_REPORT = (
    "版次:01 作者:2030年01月01日\n"
    "(上接第一版)一、总体要求\n"
    "今年我们要稳中求进。确保地区生产总值增长6%左右,力争新增市场主体5000户以上!\n"
    "(二)加快建设现代化产业体系。\n"
    "培育壮大新兴产业。建成投用青石湖物流园;持续优化营商环境。推进“一网通办”“一窗综办”改革。\n"
)


PLAIN_LABELS: dict[str, Any] = {
    "commitment_type": "general_measure",
    "commitment_strength": "unmarked",
    "primary_domain": "macroeconomics",
    "domains": ["macroeconomics"],
    "geo_scope": "district",
    "places": [],
    "numeric_targets": [],
}
"""A plain general measure with no spans: the starting labels of made-up records."""


def toy_labels(unit: dict) -> dict:
    """Made-up labels for a toy unit: enough to exercise every field."""
    text = unit["text"]
    labels = dict(PLAIN_LABELS)
    if "5000户" in text:
        start = text.index("5000户")
        labels["numeric_targets"] = [
            {
                "start": start,
                "end": start + 5,
                "text": "5000户",
                "indicator": "市场主体",
                "value": 5000.0,
                "value_max": None,
                "unit": "户",
                "comparator": ">=",
                "kind": "increment",
            }
        ]
        labels |= {"commitment_type": "quantified_target", "commitment_strength": "striving"}
    if "青石湖物流园" in text:
        start = text.index("青石湖物流园")
        labels["places"] = [
            {"start": start, "end": start + 6, "text": "青石湖物流园", "type": "zone", "name": None}
        ]
        labels |= {
            "commitment_type": "specific_action",
            "geo_scope": "locality",
            "primary_domain": "transportation",
            "domains": ["transportation"],
        }
    return unit | labels


def toy_pass() -> list[dict]:
    """Made-up labelled records of every toy unit (one annotation pass)."""
    return [toy_labels(u.model_dump(mode="json")) for u in segment(TOY_REPORT, "toy-2030").units]


def write_rows(path: Path, rows: list[dict]) -> Path:
    """Rows as JSONL at `path` (UTF-8, Chinese unescaped)."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def span_at(text: str, surface: str, occurrence: int = 0) -> dict[str, Any]:
    """The span of the `occurrence`-th (0-based) appearance of `surface` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "text": surface}


def target_span(
    text: str, surface: str, indicator: str, value: float, unit: str, **fields: Any
) -> dict[str, Any]:
    """A numeric target; comparator '=', kind 'level' and no value_max unless given."""
    defaults = {"value_max": None, "comparator": "=", "kind": "level"}
    return span_at(text, surface) | {
        "indicator": indicator,
        "value": float(value),
        "unit": unit,
        **defaults,
        **fields,
    }


def place_span(text: str, surface: str, place_type: str, name: str | None = None) -> dict:
    return span_at(text, surface) | {"type": place_type, "name": name}


DOC_ID = "made-up"


def make_unit(index: int, text: str, **labels: Any) -> dict:
    """A gold release row with neutral labels unless given."""
    row = {
        "id": f"{DOC_ID}-{index:04d}",
        "doc_id": DOC_ID,
        "para": index,
        "index": index,
        "start": 100 * index,
        "end": 100 * index + len(text),
        "unit_type": "body",
        "section": None,
        "text": text,
        "commitment_type": "general_measure",
        "commitment_strength": "unmarked",
        "primary_domain": "none",
        "domains": [],
        "geo_scope": "district",
        "places": [],
        "numeric_targets": [],
        "split": "test",
        "fold": None,
    }
    row.update(labels)
    if row["numeric_targets"] and "commitment_type" not in labels:
        row["commitment_type"] = "quantified_target"
    return row


def target(text: str, piece: str, value: float, unit: str, **extra: Any) -> dict:
    fields = {
        "indicator": "指标",
        "value": value,
        "value_max": None,
        "unit": unit,
        "comparator": "=",
        "kind": "level",
    }
    return span_at(text, piece) | fields | extra


def place(text: str, piece: str, kind: str = "township", name: str | None = None) -> dict:
    return span_at(text, piece) | {"type": kind, "name": name}


def prediction(unit: dict, **labels: Any) -> dict:
    """A prediction row for `unit` with the gold labels unless overridden."""
    fields = (
        "commitment_type",
        "commitment_strength",
        "primary_domain",
        "domains",
        "geo_scope",
        "places",
        "numeric_targets",
    )
    return {"id": unit["id"], **{f: unit[f] for f in fields}} | labels


ALPHABET = "推进建设新增公里个户镇江津河山园区一二三0123456789%,。"


@st.composite
def spans_in(draw, text: str, make) -> list[dict]:
    """Non-overlapping spans of `text`, each completed by `make(draw, span)`."""
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=6)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if end > start:
            spans.append(make(draw, {"start": start, "end": end, "text": text[start:end]}))
    return spans


def _target_fields(draw, span: dict) -> dict:
    comparator = draw(st.sampled_from(COMPARATORS))
    value = draw(st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False))
    value_max = value + draw(st.floats(0, 100)) if comparator == "range" else None
    return span | {
        "indicator": "指标",
        "value": value,
        "value_max": value_max,
        "unit": draw(st.sampled_from(UNITS)),
        "comparator": comparator,
        "kind": draw(st.sampled_from(TARGET_KINDS)),
    }


def _place_fields(draw, span: dict) -> dict:
    return span | {"type": draw(st.sampled_from(PLACE_TYPES)), "name": None}


@st.composite
def gold_units(draw, min_size: int = 1, max_size: int = 25) -> list[dict]:
    """Gold rows with random labels and spans (not necessarily valid Records)."""
    size = draw(st.integers(min_size, max_size))
    units = []
    for index in range(size):
        text = draw(st.text(ALPHABET, min_size=1, max_size=18))
        primary = draw(st.sampled_from(DOMAINS))
        others = draw(st.sets(st.sampled_from(DOMAINS[:-1]), max_size=3))
        domains = [] if primary == "none" else sorted({primary, *others})
        units.append(
            make_unit(
                index,
                text,
                commitment_type=draw(st.sampled_from(COMMITMENT_TYPES)),
                commitment_strength=draw(st.sampled_from(COMMITMENT_STRENGTHS)),
                primary_domain=primary,
                domains=domains,
                geo_scope=draw(st.sampled_from(GEO_SCOPES)),
                numeric_targets=draw(spans_in(text, _target_fields)),
                places=draw(spans_in(text, _place_fields)),
            )
        )
    return units


@st.composite
def noisy_predictions(draw, units: list[dict]) -> list[dict]:
    """Predictions that keep or replace each label and span list of the gold."""
    rows = []
    for unit in units:
        row = prediction(unit)
        for field, vocabulary in (
            ("commitment_type", COMMITMENT_TYPES),
            ("commitment_strength", COMMITMENT_STRENGTHS),
            ("primary_domain", DOMAINS),
            ("geo_scope", GEO_SCOPES),
        ):
            if draw(st.booleans()):
                row[field] = draw(st.sampled_from(vocabulary))
        if draw(st.booleans()):
            row["domains"] = sorted(draw(st.sets(st.sampled_from(DOMAINS[:-1]), max_size=3)))
        if draw(st.booleans()):
            row["numeric_targets"] = draw(spans_in(unit["text"], _target_fields))
        if draw(st.booleans()):
            row["places"] = draw(spans_in(unit["text"], _place_fields))
        rows.append(row)
    return rows


# Made-up report: every paragraph holds a number with a unit and a town name, so
# both splits have numeric targets and places whatever paragraphs they receive.
REPORT_TOWNS = ("青枫镇", "石溪镇", "云岭街道", "白鹭镇", "松涛镇", "临波街道")


REPORT_LINES = (
    "一、今年的主要目标",
    "新增城镇就业岗位3000个以上。支持青枫镇发展茶叶加工。",
    "新建乡村公路45公里。推动石溪镇建设物流中转站。",
    "培育农业合作社60户,力争云岭街道新增菜园20个。",
    "改造老旧管网12公里。确保白鹭镇完成集镇提升。",
    "建成口袋公园8个。松涛镇推进河道清理。",
    "发放创业贷款500户。临波街道办好夜市。",
    "二、扎实推进重点工作",
    "新建充电桩150个,石溪镇改造农贸市场2个。",
    "青枫镇新增民宿40户。深化基层治理。",
    "整治村道30公里,云岭街道建成便民中心1个。",
    "白鹭镇新增停车位600个。持续优化营商环境。",
)


REPORT_TEXT = "\n".join(REPORT_LINES) + "\n"


NUMBER_WITH_UNIT = re.compile(r"(\d+)(个|公里|户)")


def _report_labels(unit: dict) -> dict:
    text = unit["text"]
    targets = [
        {
            "start": m.start(),
            "end": m.end(),
            "text": m.group(),
            "indicator": "数量",
            "value": float(m.group(1)),
            "value_max": None,
            "unit": m.group(2),
            "comparator": "=",
            "kind": "increment",
        }
        for m in NUMBER_WITH_UNIT.finditer(text)
    ]
    places = [
        span_at(text, town) | {"type": "township", "name": None}
        for town in REPORT_TOWNS
        if town in text
    ]
    domain = "labor" if "就业" in text else "housing"
    return unit | {
        "commitment_type": "quantified_target" if targets else "general_measure",
        "commitment_strength": "binding" if "确保" in text else "unmarked",
        "primary_domain": domain,
        "domains": [domain],
        "geo_scope": "locality" if places else "district",
        "places": places,
        "numeric_targets": targets,
    }


def as_document(rows: list[dict], doc_id: str) -> list[dict]:
    """The rows relabelled as units of another document with the same text."""
    old = rows[0]["doc_id"]
    return [row | {"id": row["id"].replace(old, doc_id, 1), "doc_id": doc_id} for row in rows]


def two_document_project(root: Path, doc_id: str, source: str, rows: list[dict]) -> None:
    """Gold, registry and recorded splits of a made-up project: `rows` as document
    `doc_id` (train) and again, same text, as `<doc_id>-b` (test); releases split whole
    documents, so a test split needs a second document."""
    second = f"{doc_id}-b"
    documents = [
        {"doc_id": name, "source": source, "encoding": "utf-8", "level": "district"}
        for name in (doc_id, second)
    ]
    (root / "dataset" / "documents.json").write_text(json.dumps(documents), encoding="utf-8")
    (root / "dataset" / "splits.json").write_text(
        json.dumps({doc_id: "train", second: "test"}), encoding="utf-8"
    )
    write_jsonl(root / "annotation" / "gold" / f"{doc_id}.jsonl", rows)
    write_jsonl(root / "annotation" / "gold" / f"{second}.jsonl", as_document(rows, second))


def build_temp_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A release of the made-up report, built into a temporary folder that the
    export and score commands read as the project's release (use as a fixture)."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "dataset").mkdir()
    (root / "annotation" / "gold").mkdir(parents=True)
    (root / "seeds" / "made-up.txt").write_text(REPORT_TEXT, encoding="utf-8")
    rows = [_report_labels(u.model_dump(mode="json")) for u in segment(REPORT_TEXT, DOC_ID).units]
    for row in rows:
        Record.model_validate(row)
    two_document_project(root, DOC_ID, "seeds/made-up.txt", rows)
    data = tmp_path / "data"
    build(annotation_paths.gold_dir(root), root, version=DATASET_VERSION, out_root=data)
    monkeypatch.setattr("dataset.paths.release_dir", lambda root=None: data)
    # made up, so none of the project's frozen sums apply: its own SHA256SUMS do
    monkeypatch.setattr("dataset.paths.releases_file", lambda root=None: tmp_path / "none.json")
    return data / f"v{DATASET_VERSION}"


def made_up_rows(groups: int = 10) -> list[dict]:
    """Release-like rows: a paragraph per group; groups 0-7 of every 10 in train with
    fold = group % 5, the rest in test."""
    rows, start = [], 0
    for k in range(groups):
        split = "train" if k % 10 < 8 else "test"
        for text, label_fields in sentences(k):
            index = len(rows)
            rows.append(
                {
                    "id": f"{DOC_ID}-{index:04d}",
                    "doc_id": DOC_ID,
                    "para": k,
                    "index": index,
                    "start": start,
                    "end": start + len(text),
                    "unit_type": "body",
                    "section": None,
                    "text": text,
                    **label_fields,
                    "split": split,
                    "fold": k % 5 if split == "train" else None,
                }
            )
            start += len(text)
    return rows


def train_test(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    return [r for r in rows if r["split"] == "train"], [r for r in rows if r["split"] == "test"]


HOSTILE = '</script><img src=x onerror="window.__pwned=1">完善服务体系。'


def made_up_records() -> list[dict]:
    """Made-up units covering every filter, highlights, markup and awkward characters."""
    park = "确保新建口袋公园12个。"
    museum = "力争在北岸新城建成一座青少年科技馆。"
    jobs = "𠀀字样测试:力争新增就业岗位5000个以上,增长3%—5%。"
    return [
        made_up_record(
            0,
            "一、今年的重点工作",
            unit_type="section_heading",
            section=None,
            commitment_type="non_commitment",
            domain="none",
        ),
        made_up_record(
            1,
            park,
            commitment_type="quantified_target",
            commitment_strength="binding",
            domain="environment",
            domains=["environment", "housing"],
            numeric_targets=[target_span(park, "12个", "口袋公园", 12.0, "个", kind="increment")],
        ),
        made_up_record(
            2,
            museum,
            commitment_type="specific_action",
            commitment_strength="striving",
            domain="technology",
            domains=["technology", "education"],
            geo_scope="locality",
            places=[place_span(museum, "北岸新城", "zone")],
        ),
        made_up_record(
            3,
            "持续深化与邻近城市的交通合作。",
            domain="transportation",
            geo_scope="beyond",
        ),
        made_up_record(4, "让每一位居民都感到温暖。", commitment_type="aspiration", domain="none"),
        made_up_record(5, "<b>粗体</b>推进示范工程建设。"),
        made_up_record(6, HOSTILE),
        made_up_record(
            7,
            jobs,
            commitment_type="quantified_target",
            commitment_strength="striving",
            domain="labor",
            numeric_targets=[
                target_span(
                    jobs, "5000个", "就业岗位", 5000.0, "个", comparator=">=", kind="increment"
                ),
                target_span(
                    jobs,
                    "3%—5%",
                    "就业岗位",
                    3.0,
                    "%",
                    value_max=5.0,
                    comparator="range",
                    kind="growth",
                ),
            ],
        ),
        made_up_record(8, "城乡&社区\u2028协同治理,保持{{data}}与{{title}}格式不变。"),
    ]


def ls_target(
    text: str,
    surface: str,
    indicator: str,
    value: float,
    unit: str,
    comparator: str,
    kind: str,
    value_max: float | None = None,
) -> dict[str, Any]:
    return target_span(
        text,
        surface,
        indicator,
        value,
        unit,
        comparator=comparator,
        kind=kind,
        value_max=value_max,
    )


def ls_place(text: str, surface: str, place_type: str, name: str | None) -> dict[str, Any]:
    return place_span(text, surface, place_type, name)


def rich_records(seed_document) -> list[Record]:
    """Seed units with targets and places (labels made up for the tests), plus a made-up
    unit with a range target: every kind of region the config has."""
    units = {u.id: u for u in seed_document.units}
    targets_unit = units["jiangjin-2025-p3-0004"]
    places_unit = units["jiangjin-2025-p3-0051"]
    region_unit = units["jiangjin-2025-p3-0151"]
    plain_unit = units["jiangjin-2025-p3-0003"]
    t, p, r = targets_unit.text, places_unit.text, range_unit().text
    return [
        labelled(plain_unit),
        labelled(
            targets_unit,
            commitment_type="quantified_target",
            primary_domain="technology",
            domains=["technology", "domestic_commerce"],
            numeric_targets=[
                ls_target(t, "50户", "高新技术企业", 50.0, "户", "=", "increment"),
                ls_target(t, "200户", "科技型企业", 200.0, "户", ">=", "increment"),
            ],
        ),
        labelled(
            places_unit,
            commitment_type="specific_action",
            primary_domain="transportation",
            domains=["transportation", "housing"],
            geo_scope="locality",
            places=[
                ls_place(p, "德感滨江路", "site", None),
                ls_place(p, "双福", "township", "双福街道"),
                ls_place(p, "滨江新城", "zone", "滨江新城"),
            ],
        ),
        labelled(
            region_unit,
            primary_domain="health",
            domains=["health"],
            geo_scope="beyond",
            places=[ls_place(region_unit.text, "成渝地区", "region", "成渝地区")],
        ),
        labelled(
            range_unit(),
            commitment_type="quantified_target",
            commitment_strength="striving",
            primary_domain="social_welfare",
            domains=["social_welfare", "labor"],
            numeric_targets=[
                ls_target(r, "5.5%—6%", "城乡居民人均可支配收入", 5.5, "%", "range", "growth", 6.0)
            ],
        ),
    ]


def write_records(path: Path, records: list[Record]) -> Path:
    lines = [json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n" for r in records]
    path.write_text("".join(lines), encoding="utf-8")
    return path


words_strategy = st.sets(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=30)


def text_of(words: set[str], data) -> str:
    """A text mostly made of the words, so that matches, overlaps and near misses abound."""
    pieces = st.one_of(st.sampled_from(sorted(words)), st.text(ALPHABET, max_size=2))
    return "".join(data.draw(st.lists(pieces, max_size=12)))


def sentences(k: int) -> list[tuple[str, dict]]:
    """The k-th group of made-up sentences: one of each kind, varied by k."""
    topic, domain = TOPICS[k % len(TOPICS)]
    thing, unit = THINGS[k % len(THINGS)]
    number = NUMBERS[k % len(NUMBERS)] + 100 * (k // len(NUMBERS))
    variant = k % 3
    prefix, strength = PREFIXES[k % len(PREFIXES)]
    place = PLACES[k % len(PLACES)]
    facility = FACILITIES[(k + 2) % len(FACILITIES)]
    group = GROUPS[k % len(GROUPS)]
    percent = 60 + 7 * (k % 5)
    out = []

    text = f"{prefix}新增{thing}{number}{unit}以上。"
    target = target_span(
        text, f"{number}{unit}", thing, number, unit, comparator=">=", kind="increment"
    )
    out.append((text, labels("quantified_target", strength, domain, targets=[target])))

    text = f"{prefix}{topic}服务覆盖率达到{percent}%。"
    target = target_span(text, f"{percent}%", f"{topic}服务覆盖率", percent, "%", kind="ratio")
    out.append((text, labels("quantified_target", strength, domain, targets=[target])))

    text = f"在{place[0]}建设{thing}{number}{unit}。"
    target = target_span(text, f"{number}{unit}", thing, number, unit, kind="increment")
    out.append(
        (
            text,
            labels(
                "quantified_target",
                "unmarked",
                domain,
                "locality",
                [place_span(text, *place)],
                [target],
            ),
        )
    )

    text = f"{prefix}建成投用{place[0]}{facility}。"
    out.append(
        (
            text,
            labels("specific_action", strength, domain, "locality", [place_span(text, *place)]),
        )
    )

    verb = ("持续推进", "加快推进", "深入推进")[variant]
    text = f"{verb}{topic}领域改革,不断完善{topic}服务体系。"
    out.append((text, labels("general_measure", "unmarked", domain)))

    verb = ("深化", "拓展", "加强")[variant]
    text = f"{verb}与{REGION[0]}的{topic}合作。"
    out.append(
        (text, labels("general_measure", "unmarked", domain, "beyond", [place_span(text, *REGION)]))
    )

    wish = ("越过越红火", "更有奔头", "更加舒心")[variant]
    text = f"让{group}的日子{wish},{topic}事业更有温度。"
    out.append((text, labels("aspiration", "unmarked", domain)))

    text = f"过去一年,{topic}工作取得新进展第{k + 1}项。"
    out.append((text, labels("non_commitment", "unmarked", "none")))
    return out


def made_up_record(index: int, text: str, **labels) -> dict:
    """A valid record of the made-up document `madeup-2031`; sentences are the tests' own."""
    domain = labels.pop("domain", "government_operations")
    row = {
        "id": f"madeup-2031-{index:04d}",
        "doc_id": "madeup-2031",
        "para": index // 2,
        "index": index,
        "start": index * 100,
        "end": index * 100 + len(text),
        "unit_type": "body",
        "section": "(一)测试用的小节",
        "text": text,
        "commitment_type": "general_measure",
        "commitment_strength": "unmarked",
        "primary_domain": domain,
        "domains": [] if domain == "none" else [domain],
        "geo_scope": "district",
        "places": [],
        "numeric_targets": [],
        "split": "train" if index % 3 else "test",
        "fold": index % 5 if index % 3 else None,
    } | labels
    return Record.model_validate(row).model_dump(mode="json")


def labelled(unit: Unit, **labels: Any) -> Record:
    return Record.model_validate(unit.model_dump(mode="json") | PLAIN_LABELS | labels)


def range_unit() -> Unit:
    return segment(RANGE_TEXT, RANGE_DOC).units[0]


# A made-up unit (not from any report) with a range target.
RANGE_TEXT = "力争城乡居民人均可支配收入增长5.5%—6%。"


RANGE_DOC = "madeup-2031"


TOPICS = (
    ("交通", "transportation"),
    ("教育", "education"),
    ("医疗", "health"),
    ("生态", "environment"),
    ("农业", "agriculture"),
)


# (place text, type, canonical name in the test gazetteer or None)
PLACES = (
    ("云溪镇", "township", "云溪镇"),
    ("白鹭", "township", "白鹭街道"),
    ("北岸新城", "zone", "北岸新城"),
    ("青杉湖", "natural", None),
    ("石桥村", "site", None),
)


REGION = ("两溪协作区", "region", None)


THINGS = (("停车位", "个"), ("充电桩", "个"), ("绿道", "公里"), ("农家书屋", "家"), ("公厕", "座"))


NUMBERS = (12, 35, 200, 48, 7)


PREFIXES = (("", "unmarked"), ("力争", "striving"), ("确保", "binding"))


FACILITIES = ("文化中心", "卫生院", "污水处理站", "体育公园", "物流园")


GROUPS = ("群众", "老人", "孩子", "农民", "游客")


def labels(
    commitment_type: str,
    strength: str,
    domain: str,
    geo_scope: str = "district",
    places: list[dict] | None = None,
    targets: list[dict] | None = None,
) -> dict:
    return {
        "commitment_type": commitment_type,
        "commitment_strength": strength,
        "primary_domain": domain,
        "domains": domains_for(domain),
        "geo_scope": geo_scope,
        "places": places or [],
        "numeric_targets": targets or [],
    }


def release_texts_attached() -> bool:
    """The current release's full records are here (its corpus texts were attached and
    `gwrcommit build` run)."""
    from dataset import paths
    from dataset.version import DATASET_VERSION

    folder = paths.release_dir() / f"v{DATASET_VERSION}"
    standoff = sorted(folder.glob("*.standoff.jsonl"))
    return bool(standoff) and all(
        (folder / p.name.replace(".standoff.jsonl", ".jsonl")).exists() for p in standoff
    )


needs_release_texts = pytest.mark.skipif(
    not release_texts_attached(),
    reason="the full records of the current release need the corpus texts "
    "(gwrcommit corpus attach PATH, then gwrcommit build)",
)


def target_figures(text: str) -> list[tuple]:
    """The rules' targets of one sentence as (text, value, unit, comparator, kind)."""
    return [
        (t["text"], t["value"], t["unit"], t["comparator"], t["kind"])
        for t in extract_targets(text)
    ]


def rejection_reasons(text: str) -> dict[str, str | None]:
    """Each number of one sentence and why the rules reject it (None: a target)."""
    return {c.quantity.text: c.reason for c in candidates(text)}
