"""The release builder: seeds + adjudicated gold -> frozen, versioned release files."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from dataset import paths
from dataset.errors import InputError
from dataset.records.jsonl import dumps, write_text_atomic
from dataset.records.read import iter_records
from dataset.release.checksums import CHECKSUM_FILE, load_frozen, sha256_bytes
from dataset.release.splits import assign_splits, load_recorded_splits
from dataset.schema import LABEL_FIELDS, RELEASE_FIELDS, UNIT_FIELDS, Record
from dataset.version import DATASET_VERSION

FIELD_ORDER = (*UNIT_FIELDS, *LABEL_FIELDS, *RELEASE_FIELDS)


@dataclass(frozen=True)
class BuildResult:
    version: str
    folder: Path
    files: dict[str, str]  # file name -> sha256
    counts: dict[str, int]


def load_gold(gold_dir: Path) -> list[Record]:
    """Every adjudicated gold record in `gold_dir`, in document order; InputError on any
    bad line."""
    files = sorted(gold_dir.glob("*.jsonl"))
    if not files:
        raise InputError(f"{gold_dir}: no gold records (*.jsonl) to build from")
    records = [record for path in files for _, _, record in iter_records(path)]
    return sorted(records, key=lambda r: (r.doc_id, r.index))


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


def render_release(gold_dir: Path, root: Path = paths.PROJECT_ROOT) -> dict[str, bytes]:
    """The bytes of every release file that the gold in `gold_dir` builds, written nowhere."""
    return render_files(load_gold(gold_dir), load_recorded_splits(root))


def build(
    gold_dir: Path,
    root: Path = paths.PROJECT_ROOT,
    version: str = DATASET_VERSION,
    out_root: Path | None = None,
    freeze: bool = False,
) -> BuildResult:
    """Build the release of `version` from the gold records in `gold_dir`. A frozen version
    must rebuild to exactly its recorded bytes; anything else is an error, and nothing is
    written."""
    recorded = load_recorded_splits(root)
    known = set(recorded)
    files = render_files(load_gold(gold_dir), recorded)
    sums = {name: sha256_bytes(data) for name, data in files.items()}
    frozen = load_frozen(root).get(version)
    if frozen is not None and frozen["files"] != sums:
        changed = sorted(n for n in sums if frozen["files"].get(n) != sums[n])
        raise InputError(
            f"release {version} is frozen and the gold no longer rebuilds it "
            f"({', '.join(changed)} would change); bump DATASET_VERSION in "
            f"dataset/version.py and record the change in dataset/CHANGELOG.md"
        )
    folder = (out_root or paths.release_dir(root)) / f"v{version}"
    for name, data in files.items():
        target = folder / name
        if not target.exists() or target.read_bytes() != data:
            write_text_atomic(target, data.decode("utf-8"))
    if set(recorded) != known:
        write_text_atomic(
            paths.splits_file(root), json.dumps(recorded, indent=1, sort_keys=True) + "\n"
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
