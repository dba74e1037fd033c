"""The release builder: seeds + adjudicated gold -> frozen, versioned release files."""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from dataset import paths
from dataset.features import release_features
from dataset.jsonl import dumps, iter_jsonl, write_text_atomic
from dataset.schema import Record
from dataset.source import InputError
from dataset.validate import Problem, format_validation_error

DATASET_VERSION = "1.0.0"
TEST_SHARE = 0.30
FOLDS = 5
CHECKSUM_FILE = "SHA256SUMS"
FIELD_ORDER = tuple(release_features())


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
    records = []
    for path in files:
        for line_no, obj in iter_jsonl(path):
            try:
                records.append(Record.model_validate(obj))
            except ValidationError as error:
                raise InputError(f"{path}:{line_no}: {format_validation_error(error)}") from None
    return sorted(records, key=lambda r: (r.doc_id, r.index))


def _paragraph_key(doc_id: str, para: int) -> str:
    return hashlib.sha256(f"{doc_id}:{para}".encode()).hexdigest()


def assign_splits(records: list[Record]) -> dict[tuple[str, int], tuple[str, int | None]]:
    """(doc_id, para) -> (split, fold). Whole paragraphs go to one split; each document
    puts about TEST_SHARE of its units in test, so adding a document moves nothing else."""
    sizes: dict[tuple[str, int], int] = defaultdict(int)
    for record in records:
        sizes[(record.doc_id, record.para)] += 1
    assignment: dict[tuple[str, int], tuple[str, int | None]] = {}
    for doc_id in sorted({doc for doc, _ in sizes}):
        paras = sorted(
            (p for d, p in sizes if d == doc_id), key=lambda p: _paragraph_key(doc_id, p)
        )
        target = TEST_SHARE * sum(sizes[(doc_id, p)] for p in paras)
        in_test = 0
        train = []
        for para in paras:
            size = sizes[(doc_id, para)]
            if abs(in_test + size - target) < abs(in_test - target):
                assignment[(doc_id, para)] = ("test", None)
                in_test += size
            else:
                train.append(para)
        fold_sizes = [0] * FOLDS
        for para in sorted(train, key=lambda p: (-sizes[(doc_id, p)], _paragraph_key(doc_id, p))):
            fold = min(range(FOLDS), key=lambda f: (fold_sizes[f], f))
            fold_sizes[fold] += sizes[(doc_id, para)]
            assignment[(doc_id, para)] = ("train", fold)
    return assignment


def release_rows(records: list[Record]) -> dict[str, list[dict]]:
    assignment = assign_splits(records)
    rows: dict[str, list[dict]] = {"train": [], "test": []}
    for record in records:
        split, fold = assignment[(record.doc_id, record.para)]
        row = record.model_dump(mode="json") | {"split": split, "fold": fold}
        rows[split].append({name: row[name] for name in FIELD_ORDER})
    return rows


def render_files(records: list[Record]) -> dict[str, bytes]:
    files = {
        f"{split}.jsonl": "".join(dumps(row) + "\n" for row in rows).encode("utf-8")
        for split, rows in release_rows(records).items()
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
    files = render_files(records)
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
    releases[version] = {"files": sums}
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
