"""`gwrcommit preannotate` on a whole made-up report, with and without --issuer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation.rules.pipeline import preannotate_text
from annotation.rules.structure import document_parts
from dataset.corpus.store import attached_texts
from dataset.schema import Record
from gwrcommit.cli import main
from tests.annotation.test_structure import LIST_TARGETS, WHOLE_REPORT


def preannotate(tmp_path: Path, capsys, *options: str) -> tuple[int, list[dict], str]:
    report = tmp_path / "made-up-2031.txt"
    report.write_text(WHOLE_REPORT, encoding="utf-8")
    out = tmp_path / "pre.jsonl"
    code = main(["preannotate", str(report), "-o", str(out), "--no-progress", *options])
    err = capsys.readouterr().err
    rows = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    return code, rows, err


def test_a_whole_report_from_the_command_line(tmp_path: Path, capsys):
    code, rows, _ = preannotate(tmp_path, capsys, "--issuer", "510000")
    assert code == 0
    for row in rows:
        Record.model_validate(row)
    parts = document_parts(rows)
    review = [row for row, part in zip(rows, parts, strict=True) if part == "review"]
    assert review and all(row["numeric_targets"] == [] for row in review)
    listed = next(row for row in rows if "主要预期目标" in row["text"])
    found = [
        (t["text"], t["value"], t["value_max"], t["unit"], t["comparator"], t["kind"])
        for t in listed["numeric_targets"]
    ]
    assert found == LIST_TARGETS


def test_the_issuer_changes_geography_only(tmp_path: Path, capsys):
    report = tmp_path / "made-up-2031.txt"
    text = WHOLE_REPORT.replace("严格执行财经纪律", "支持成都严格执行财经纪律")
    report.write_text(text, encoding="utf-8")
    scopes = {}
    for issuer in ("510000", "500000"):
        out = tmp_path / f"{issuer}.jsonl"
        assert main(["preannotate", str(report), "-o", str(out), "--issuer", issuer]) == 0
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        scopes[issuer] = next(r["geo_scope"] for r in rows if "支持成都" in r["text"])
    assert scopes == {"510000": "locality", "500000": "beyond"}


def test_an_unknown_issuer_is_a_one_line_error(tmp_path: Path, capsys):
    code, rows, err = preannotate(tmp_path, capsys, "--issuer", "510099")
    assert code == 2 and rows == []
    assert err.count("\n") == 1 and "not a GB/T 2260 division code" in err


# ---------------------------------------------------------------- real reports, when attached

REAL_REPORTS = ("state-council-2025", "chongqing-2025")


@pytest.mark.parametrize("doc_id", REAL_REPORTS)
def test_real_reports_review_has_no_target_and_every_part_is_found(doc_id: str):
    texts = attached_texts([doc_id])
    if doc_id not in texts:
        pytest.skip(f"{doc_id} is not attached (gwrcommit corpus attach ../shared/corpus)")
    records = list(preannotate_text(texts[doc_id], doc_id))  # issuer from the registry
    parts = document_parts(records)
    review = [r for r, part in zip(records, parts, strict=True) if part == "review"]
    assert len(review) > 50
    assert all(r["numeric_targets"] == [] for r in review)
    assert {"opening", "review", "targets", "tasks", "government", "closing"} <= set(parts)
    listed = [r for r, p in zip(records, parts, strict=True) if p == "targets"]
    assert sum(len(r["numeric_targets"]) for r in listed) >= 6
