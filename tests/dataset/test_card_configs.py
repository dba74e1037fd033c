"""The card's configurations load without the corpus: a user who has not attached the
reports still gets `v1` and `standoff` from `datasets.load_dataset`."""

from __future__ import annotations

import shutil
from pathlib import Path

from datasets import load_dataset

from dataset.paths import PROJECT_ROOT
from dataset.schema import SINGLE_LABEL_FIELDS
from dataset.version import DATASET_VERSION


def test_v1_and_standoff_load_when_the_full_records_are_missing(tmp_path: Path):
    source = PROJECT_ROOT / "dataset"
    copy = tmp_path / "dataset"
    (copy / "data" / f"v{DATASET_VERSION}").mkdir(parents=True)
    shutil.copy(source / "README.md", copy / "README.md")
    shutil.copytree(source / "data" / "v1.0.0", copy / "data" / "v1.0.0")
    for path in (source / "data" / f"v{DATASET_VERSION}").glob("*.standoff.jsonl"):
        shutil.copy(path, copy / "data" / f"v{DATASET_VERSION}" / path.name)
    cache = str(tmp_path / "cache")
    v1 = load_dataset(str(copy), "v1", cache_dir=cache)
    standoff = load_dataset(str(copy), "standoff", cache_dir=cache)
    assert (len(v1["train"]), len(v1["test"])) == (137, 64)
    assert "non_commitment" in v1["train"].features[SINGLE_LABEL_FIELDS[0]].names  # typed
    assert "text" not in standoff["test"].column_names and len(standoff["test"]) > 0
