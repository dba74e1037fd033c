"""Document-level splits and the cross-validation folds of train.

Every document goes whole into one split, `train`, `dev` or `test`, so that no test
document is seen in training. The split of each document is chosen by hand, once, when
the document first enters a release, and recorded in `dataset/splits.json`
(`{doc_id: split}`); a document without a recorded split is an error, never a silent
default. Train paragraphs are dealt into FOLDS folds by size, so a fold holds parts of
every train document and a paragraph never straddles two folds.

(Release 1.0.0 split the paragraphs of its single page instead; its files keep that split.)
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from dataset import paths
from dataset.errors import InputError
from dataset.records.jsonl import read_json
from dataset.schema import SPLITS

FOLDS = 5
TRAIN = "train"


def _paragraph_key(doc_id: str, para: int) -> str:
    return hashlib.sha256(f"{doc_id}:{para}".encode()).hexdigest()


def load_recorded_splits(root: Path = paths.PROJECT_ROOT) -> dict[str, str]:
    """doc_id -> its split, as recorded in dataset/splits.json."""
    path = paths.splits_file(root)
    recorded = read_json(path) if path.exists() else {}
    if not isinstance(recorded, dict):
        raise InputError(f"{path}: expected {{doc_id: split}}")
    for doc_id, split in recorded.items():
        if split not in SPLITS:
            raise InputError(
                f"{path}: {doc_id} has split {split!r}; use one of {', '.join(SPLITS)}"
            )
    return recorded


def assign_folds(paragraph_sizes: Counter[tuple[str, int]]) -> dict[tuple[str, int], int]:
    """Train paragraphs -> fold, largest first into the smallest fold (ties by a hash of
    the paragraph, so the order of the input does not matter)."""
    fold_sizes = [0] * FOLDS
    folds = {}
    for key in sorted(paragraph_sizes, key=lambda k: (-paragraph_sizes[k], _paragraph_key(*k))):
        fold = min(range(FOLDS), key=lambda f: (fold_sizes[f], f))
        fold_sizes[fold] += paragraph_sizes[key]
        folds[key] = fold
    return folds


def assign_splits(
    units: Iterable[tuple[str, int]], recorded: dict[str, str]
) -> dict[tuple[str, int], tuple[str, int | None]]:
    """(doc_id, para) of every unit -> (split, fold); fold only for train."""
    sizes: Counter[tuple[str, int]] = Counter(units)
    missing = sorted({doc_id for doc_id, _ in sizes} - set(recorded))
    if missing:
        raise InputError(
            f"dataset/splits.json: no split recorded for {', '.join(missing)}; choose "
            f"{' / '.join(SPLITS)} for each new document (a test document must never have "
            "been read while training a system)"
        )
    train = Counter({key: n for key, n in sizes.items() if recorded[key[0]] == TRAIN})
    folds = assign_folds(train)
    return {key: (recorded[key[0]], folds.get(key)) for key in sizes}


def documents_by_split(recorded: dict[str, str]) -> dict[str, list[str]]:
    by_split: dict[str, list[str]] = defaultdict(list)
    for doc_id, split in sorted(recorded.items()):
        by_split[split].append(doc_id)
    return dict(by_split)
