"""Reading the released records back."""

from __future__ import annotations

from pathlib import Path

from dataset import paths
from dataset.corpus.standoff import STANDOFF_SUFFIX
from dataset.errors import InputError
from dataset.records.jsonl import dumps, read_jsonl, write_text_atomic
from dataset.release.checksums import verify_release_file
from dataset.schema import SPLITS
from dataset.version import DATASET_VERSION

ALL = "all"


def release_folder(version: str | None = None, root: Path = paths.PROJECT_ROOT) -> Path:
    folder = paths.release_dir(root) / f"v{version or DATASET_VERSION}"
    if not folder.is_dir() or not released_splits(folder):
        raise InputError(f"{folder}: no release here; run `gwrcommit build` first")
    return folder


def released_splits(folder: Path) -> list[str]:
    """The splits a release folder holds, full or stand-off, in SPLITS order."""
    return [
        split
        for split in SPLITS
        if (folder / f"{split}.jsonl").exists() or (folder / f"{split}{STANDOFF_SUFFIX}").exists()
    ]


def split_files(
    split: str, version: str | None = None, root: Path = paths.PROJECT_ROOT
) -> list[Path]:
    """The full release files of a split ('train', 'dev', 'test') or of 'all'; InputError
    when the split is not in the release, or its texts are not attached."""
    folder = release_folder(version, root)
    present = released_splits(folder)
    if split != ALL and split not in present:
        raise InputError(f"{folder}: no {split!r} split (this release has {', '.join(present)})")
    files = [folder / f"{name}.jsonl" for name in (present if split == ALL else [split])]
    missing = [path for path in files if not path.exists()]
    if missing:
        raise InputError(
            f"{missing[0]}: not built, because corpus texts are missing; run `gwrcommit "
            "corpus attach PATH` (see `gwrcommit corpus status --missing`), then "
            "`gwrcommit build`"
        )
    return files


def load_split(
    split: str, version: str | None = None, root: Path = paths.PROJECT_ROOT
) -> list[dict]:
    """Release rows of a split or of 'all', in document order, each file checked against
    its SHA-256 first."""
    files = split_files(split, version, root)
    for path in files:
        verify_release_file(path, version or DATASET_VERSION, root)
    rows = [row for path in files for row in read_jsonl(path)]
    return sorted(rows, key=lambda row: (row["doc_id"], row["index"]))


def export_split(split: str, output: str | Path, version: str | None = None) -> int:
    rows = load_split(split, version)
    write_text_atomic(output, "".join(dumps(row) + "\n" for row in rows))
    return len(rows)
