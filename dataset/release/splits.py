"""Train/test splits and cross-validation folds, chosen once per document and recorded."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import numpy as np

from dataset import paths
from dataset.errors import InputError
from dataset.records.jsonl import read_json
from dataset.schema import SINGLE_LABEL_FIELDS, Record

TEST_SHARE = 0.30
FOLDS = 5


SPLIT_SEED = 2025
SPLIT_CANDIDATES = 100_000
SPLIT_SHARE_TOLERANCE = 0.02
STRATIFY_FIELDS = SINGLE_LABEL_FIELDS


def _paragraph_key(doc_id: str, para: int) -> str:
    return hashlib.sha256(f"{doc_id}:{para}".encode()).hexdigest()


def _paragraph_profiles(records: list[Record], paras: list[int]) -> np.ndarray:
    """Per paragraph, the label counts of the stratification fields, side by side."""
    columns = [
        (field, label)
        for field in STRATIFY_FIELDS
        for label in sorted({getattr(r, field) for r in records})
    ]
    index = {column: i for i, column in enumerate(columns)}
    row_of = {para: i for i, para in enumerate(paras)}
    profiles = np.zeros((len(paras), len(columns)))
    for record in records:
        for field in STRATIFY_FIELDS:
            profiles[row_of[record.para], index[(field, getattr(record, field))]] += 1
    return profiles


def _split_cost(test_counts: np.ndarray, profiles: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Chi-square distance of each candidate's test label counts from the counts its share
    of units would give, so that small classes weigh as much as large ones."""
    expected = share[:, None] * profiles.sum(axis=0)[None, :]
    return (((test_counts - expected) ** 2) / np.maximum(expected, 1.0)).sum(axis=1)


def choose_test_paragraphs(records: list[Record]) -> list[int]:
    """Whole paragraphs holding about TEST_SHARE of one document's units, chosen among
    seeded random candidates so that test's label counts follow the document's."""
    paras = sorted({r.para for r in records})
    profiles = _paragraph_profiles(records, paras)
    sizes = np.bincount([paras.index(r.para) for r in records], minlength=len(paras))
    rng = np.random.default_rng(SPLIT_SEED)
    masks = rng.random((SPLIT_CANDIDATES, len(paras))) < TEST_SHARE
    share = masks @ sizes / sizes.sum()
    masks = masks[np.abs(share - TEST_SHARE) <= SPLIT_SHARE_TOLERANCE]
    if len(masks) == 0:  # too few paragraphs to get near the share: fall back to hash order
        return _hash_order_test(records, paras, sizes)
    share = masks @ sizes / sizes.sum()
    costs = _split_cost(masks @ profiles, profiles, share)
    best = masks[int(np.argmin(costs))]
    return [para for para, chosen in zip(paras, best, strict=True) if chosen]


def _hash_order_test(records: list[Record], paras: list[int], sizes: np.ndarray) -> list[int]:
    target, in_test, chosen = TEST_SHARE * len(records), 0, []
    for para in sorted(paras, key=lambda p: _paragraph_key(records[0].doc_id, p)):
        size = int(sizes[paras.index(para)])
        if abs(in_test + size - target) < abs(in_test - target):
            chosen.append(para)
            in_test += size
    return sorted(chosen)


def assign_folds(records: list[Record], test: list[int]) -> dict[str, list[int]]:
    """Train paragraphs into FOLDS folds of about equal size (largest first)."""
    sizes: dict[int, int] = defaultdict(int)
    for record in records:
        if record.para not in test:
            sizes[record.para] += 1
    folds: dict[str, list[int]] = {str(f): [] for f in range(FOLDS)}
    fold_sizes = [0] * FOLDS
    doc_id = records[0].doc_id
    for para in sorted(sizes, key=lambda p: (-sizes[p], _paragraph_key(doc_id, p))):
        fold = min(range(FOLDS), key=lambda f: (fold_sizes[f], f))
        fold_sizes[fold] += sizes[para]
        folds[str(fold)].append(para)
    return {fold: sorted(paras) for fold, paras in folds.items()}


def document_split(records: list[Record]) -> dict:
    test = choose_test_paragraphs(records)
    return {"test": test, "folds": assign_folds(records, test)}


def load_recorded_splits(root: Path = paths.PROJECT_ROOT) -> dict[str, dict]:
    path = paths.splits_file(root)
    return read_json(path) if path.exists() else {}


def assign_splits(
    records: list[Record], recorded: dict[str, dict] | None = None
) -> dict[tuple[str, int], tuple[str, int | None]]:
    """(doc_id, para) -> (split, fold). A document's split is chosen once, when it first
    enters a release, and recorded; later releases reuse it, so label corrections never
    move a unit between splits."""
    recorded = recorded if recorded is not None else {}
    by_doc: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_doc[record.doc_id].append(record)
    assignment: dict[tuple[str, int], tuple[str, int | None]] = {}
    for doc_id, doc_records in sorted(by_doc.items()):
        split = recorded.get(doc_id) or document_split(doc_records)
        recorded[doc_id] = split
        for para in split["test"]:
            assignment[(doc_id, para)] = ("test", None)
        for fold, paras in split["folds"].items():
            for para in paras:
                assignment[(doc_id, para)] = ("train", int(fold))
        unplaced = sorted({r.para for r in doc_records} - {p for d, p in assignment if d == doc_id})
        if unplaced:
            raise InputError(
                f"dataset/splits.json: paragraphs {unplaced} of {doc_id} have no "
                "recorded split (was the document re-segmented? that is a major "
                "version change)"
            )
    return assignment
