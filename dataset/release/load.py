"""Reading the released records back."""

from __future__ import annotations

from pathlib import Path

from dataset import paths
from dataset.errors import InputError
from dataset.records.jsonl import dumps, read_jsonl, write_text_atomic
from dataset.release.checksums import verify_release_file
from dataset.version import DATASET_VERSION


def release_folder(version: str | None = None, root: Path = paths.PROJECT_ROOT) -> Path:
    folder = paths.release_dir(root) / f"v{version or DATASET_VERSION}"
    if not (folder / "train.jsonl").exists():
        raise InputError(f"{folder}: no release here; run `gwrcommit build` first")
    return folder


def split_files(
    split: str, version: str | None = None, root: Path = paths.PROJECT_ROOT
) -> list[Path]:
    """The release files that hold 'train', 'test' or 'all'."""
    folder = release_folder(version, root)
    names = ["train", "test"] if split == "all" else [split]
    return [folder / f"{name}.jsonl" for name in names]


def load_split(
    split: str, version: str | None = None, root: Path = paths.PROJECT_ROOT
) -> list[dict]:
    """Release rows of 'train', 'test' or 'all', in document order, each file checked
    against its SHA-256 first."""
    files = split_files(split, version, root)
    for path in files:
        verify_release_file(path, version or DATASET_VERSION, root)
    rows = [row for path in files for row in read_jsonl(path)]
    return sorted(rows, key=lambda row: (row["doc_id"], row["index"]))


def export_split(split: str, output: str | Path, version: str | None = None) -> int:
    rows = load_split(split, version)
    write_text_atomic(output, "".join(dumps(row) + "\n" for row in rows))
    return len(rows)
