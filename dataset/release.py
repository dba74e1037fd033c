"""The release builder: seeds + adjudicated gold -> frozen, versioned release files."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dataset import paths
from dataset.jsonl import dumps, write_text_atomic
from dataset.records import iter_records
from dataset.schema import LABEL_FIELDS, UNIT_FIELDS, Record
from dataset.source import InputError
from dataset.validate import Problem

DATASET_VERSION = "1.0.0"
TEST_SHARE = 0.30
FOLDS = 5
CHECKSUM_FILE = "SHA256SUMS"
FIELD_ORDER = (*UNIT_FIELDS, *LABEL_FIELDS, "split", "fold")


@dataclass(frozen=True)
class BuildResult:
    version: str
    folder: Path
    files: dict[str, str]  # file name -> sha256
    counts: dict[str, int]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_gold(root: Path = paths.PROJECT_ROOT) -> list[Record]:
    """Every adjudicated gold record, in document order; InputError on any bad line."""
    files = sorted(paths.gold_dir(root).glob("*.jsonl"))
    if not files:
        raise InputError(f"{paths.gold_dir(root)}: no gold records (*.jsonl) to build from")
    records = [record for path in files for _, _, record in iter_records(path)]
    return sorted(records, key=lambda r: (r.doc_id, r.index))


SPLIT_SEED = 2025
SPLIT_CANDIDATES = 100_000
SPLIT_SHARE_TOLERANCE = 0.02
STRATIFY_FIELDS = ("commitment_type", "commitment_strength", "primary_domain", "geo_scope")
SPLITS_FILE = "splits.json"


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
    path = root / "dataset" / SPLITS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


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
                f"dataset/{SPLITS_FILE}: paragraphs {unplaced} of {doc_id} have no "
                "recorded split (was the document re-segmented? that is a major "
                "version change)"
            )
    return assignment


def release_rows(records: list[Record], recorded: dict[str, dict]) -> dict[str, list[dict]]:
    assignment = assign_splits(records, recorded)
    rows: dict[str, list[dict]] = {"train": [], "test": []}
    for record in records:
        split, fold = assignment[(record.doc_id, record.para)]
        row = record.model_dump(mode="json") | {"split": split, "fold": fold}
        rows[split].append({name: row[name] for name in FIELD_ORDER})
    return rows


def render_files(records: list[Record], recorded: dict[str, dict]) -> dict[str, bytes]:
    files = {
        f"{split}.jsonl": "".join(dumps(row) + "\n" for row in rows).encode("utf-8")
        for split, rows in release_rows(records, recorded).items()
    }
    sums = "".join(f"{sha256_bytes(data)}  {name}\n" for name, data in sorted(files.items()))
    files[CHECKSUM_FILE] = sums.encode("utf-8")
    return files


def load_frozen(root: Path = paths.PROJECT_ROOT) -> dict[str, dict]:
    path = paths.releases_file(root)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def build(
    root: Path = paths.PROJECT_ROOT,
    version: str = DATASET_VERSION,
    out_root: Path | None = None,
    freeze: bool = False,
) -> BuildResult:
    """Build the release of `version` from the gold. A frozen version must rebuild to
    exactly its recorded bytes; anything else is an error, and nothing is written."""
    records = load_gold(root)
    recorded = load_recorded_splits(root)
    known = set(recorded)
    files = render_files(records, recorded)
    sums = {name: sha256_bytes(data) for name, data in files.items()}
    frozen = load_frozen(root).get(version)
    if frozen is not None and frozen["files"] != sums:
        changed = sorted(n for n in sums if frozen["files"].get(n) != sums[n])
        raise InputError(
            f"release {version} is frozen and the gold no longer rebuilds it "
            f"({', '.join(changed)} would change); bump DATASET_VERSION in "
            f"dataset/release.py and record the change in dataset/CHANGELOG.md"
        )
    folder = (out_root or paths.release_dir(root)) / f"v{version}"
    for name, data in files.items():
        target = folder / name
        if not target.exists() or target.read_bytes() != data:
            write_text_atomic(target, data.decode("utf-8"))
    if set(recorded) != known:
        write_text_atomic(
            root / "dataset" / SPLITS_FILE, json.dumps(recorded, indent=1, sort_keys=True) + "\n"
        )
    if freeze and frozen is None:
        _record_frozen(root, version, sums)
    counts = {
        name.removesuffix(".jsonl"): data.count(b"\n")
        for name, data in files.items()
        if name.endswith(".jsonl")
    }
    return BuildResult(version, folder, sums, counts)


def _record_frozen(root: Path, version: str, sums: dict[str, str]) -> None:
    releases = load_frozen(root)
    releases[version] = {"date": datetime.date.today().isoformat(), "files": sums}
    write_text_atomic(
        paths.releases_file(root),
        json.dumps(releases, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
    )


def check_checksums(folder: Path) -> list[Problem]:
    sums_path = folder / CHECKSUM_FILE
    if not sums_path.exists():
        return [Problem(str(sums_path), None, "missing checksum file")]
    problems = []
    for line_no, line in enumerate(sums_path.read_text(encoding="utf-8").splitlines(), 1):
        digest, _, name = line.partition("  ")
        target = folder / name
        if not target.exists():
            problems.append(Problem(str(sums_path), line_no, f"{name} is missing"))
        elif sha256_bytes(target.read_bytes()) != digest:
            problems.append(Problem(str(sums_path), line_no, f"{name} does not match its sum"))
    return problems
