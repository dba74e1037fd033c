"""Helpers and fixtures for the scorer tests (no tests here).

Every sentence below is made up for the tests; none comes from a real report.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

from annotation.segment import segment
from dataset.release import DATASET_VERSION, build
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
)
from tests.conftest import write_rows
from tests.spans import span_at

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


write_jsonl = write_rows


# --- hypothesis strategies ----------------------------------------------------------

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


# --- a temporary release ------------------------------------------------------------

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


def build_temp_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A release of the made-up report, built into a temporary folder that the
    export and score commands read as the project's release (use as a fixture)."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "dataset").mkdir()
    (root / "annotation" / "gold").mkdir(parents=True)
    (root / "seeds" / "made-up.txt").write_text(REPORT_TEXT, encoding="utf-8")
    documents = [{"doc_id": DOC_ID, "source": "seeds/made-up.txt", "encoding": "utf-8"}]
    (root / "dataset" / "documents.json").write_text(json.dumps(documents), encoding="utf-8")
    rows = [_report_labels(u.model_dump(mode="json")) for u in segment(REPORT_TEXT, DOC_ID).units]
    for row in rows:
        Record.model_validate(row)
    write_jsonl(root / "annotation" / "gold" / f"{DOC_ID}.jsonl", rows)
    data = tmp_path / "data"
    build(root, version=DATASET_VERSION, out_root=data)
    monkeypatch.setattr("dataset.paths.release_dir", lambda root=None: data)
    return data / f"v{DATASET_VERSION}"
