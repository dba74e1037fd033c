"""The held-out figures of the rules: only documents outside DEVELOPED_ON, per document,
per part and pooled over all of them."""

from __future__ import annotations

import json

from annotation.rules.evaluation import DEVELOPED_ON, development_note, rules_on_held_out
from dataset import paths
from dataset.scoring.scorer import score


def _seed_rows() -> list[dict]:
    path = paths.PROJECT_ROOT / "dataset" / "data" / "v1.0.0" / "test.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _as_document(rows: list[dict], doc_id: str) -> list[dict]:
    return [dict(row, doc_id=doc_id, id=f"{doc_id}-{row['index']:04d}") for row in rows]


def test_only_documents_the_rules_never_saw_are_scored_and_the_pool_adds_them_up():
    seed = _seed_rows()
    half = len(seed) // 2
    rows = [*seed, *_as_document(seed[:half], "unseen-a"), *_as_document(seed[half:], "unseen-b")]
    report = rules_on_held_out(rows, score, seed=13, resamples=50)

    assert report["developed_on"] == list(DEVELOPED_ON)
    assert list(report["documents"]) == ["unseen-a", "unseen-b"]
    assert report["pooled"]["units"] == len(seed)
    assert sum(doc["units"] for doc in report["documents"].values()) == len(seed)
    pooled = report["pooled"]["overall"]["targets"]["tuple_f1"]
    assert 0.0 <= pooled["ci_low"] <= pooled["value"] <= pooled["ci_high"] <= 1.0
    for doc in report["documents"].values():
        assert sum(part["units"] for part in doc["parts"].values()) == doc["units"]


def test_no_held_out_document_means_no_pool():
    report = rules_on_held_out(_seed_rows(), score, seed=13, resamples=50)
    assert report["documents"] == {}
    assert "pooled" not in report


def test_the_development_note_names_test_documents_among_those_read():
    note = development_note({"state-council-2025": "test", "chongqing-2025": "train"})
    assert "(`state-council-2025` in the test split)" in note
    assert "`chongqing-2025`" in note
    assert "test split" not in development_note({})
