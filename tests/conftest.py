"""Shared fixtures: the seed, and a small made-up project tree for build tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotation.segment import segment
from dataset.paths import PROJECT_ROOT
from dataset.source import read_source

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


@pytest.fixture(scope="session")
def seed_document():
    return segment(read_source(SEED), SEED_DOC_ID)


def toy_labels(unit: dict) -> dict:
    """Made-up labels for a toy unit: enough to exercise every field."""
    text = unit["text"]
    labels = {
        "commitment_type": "general_measure",
        "commitment_strength": "unmarked",
        "primary_domain": "macroeconomics",
        "domains": ["macroeconomics"],
        "geo_scope": "district",
        "places": [],
        "numeric_targets": [],
    }
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


@pytest.fixture()
def toy_root(tmp_path: Path) -> Path:
    """A project tree with one made-up document and made-up gold records."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "dataset").mkdir()
    (root / "annotation" / "gold").mkdir(parents=True)
    (root / "seeds" / "toy.txt").write_text(TOY_REPORT, encoding="utf-8")
    documents = [{"doc_id": "toy-2030", "source": "seeds/toy.txt", "encoding": "utf-8"}]
    (root / "dataset" / "documents.json").write_text(json.dumps(documents), encoding="utf-8")
    if (PROJECT_ROOT / "dataset" / "gazetteer.json").exists():
        shutil.copy(PROJECT_ROOT / "dataset" / "gazetteer.json", root / "dataset")
    document = segment(TOY_REPORT, "toy-2030")
    rows = [toy_labels(u.model_dump(mode="json")) for u in document.units]
    write_rows(root / "annotation" / "gold" / "toy-2030.jsonl", rows)
    return root
