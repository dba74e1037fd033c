"""The released data: loads offline with typed features, validates, matches Croissant."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation import paths as annotation_paths
from dataset import paths
from dataset.records.lint import RecordsLinter
from dataset.release.lint import lint_paths
from dataset.release.load import load_split
from dataset.schema import SINGLE_LABEL_FIELDS
from dataset.version import DATASET_VERSION
from tests.factories import needs_release_texts

RELEASE = paths.release_dir() / f"v{DATASET_VERSION}"
pytestmark = needs_release_texts


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    import datasets

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HF_DATASETS_OFFLINE", "1")
        patch.setenv("HF_HUB_OFFLINE", "1")
        cache = tmp_path_factory.mktemp("hf-cache")
        yield datasets.load_dataset(str(paths.PROJECT_ROOT / "dataset"), cache_dir=str(cache))


def test_load_dataset_offline_gives_typed_splits(loaded):
    from datasets import ClassLabel

    assert set(loaded) == {"train", "dev", "test"}
    assert sum(len(loaded[split]) for split in loaded) == len(load_split("all"))
    assert len(load_split("all")) >= 2000  # the v2.0.0 promise: at least 2,000 gold units
    features = loaded["train"].features
    assert all(isinstance(features[field], ClassLabel) for field in SINGLE_LABEL_FIELDS)
    assert isinstance(features["numeric_targets"].feature["kind"], ClassLabel)
    assert isinstance(features["places"].feature["type"], ClassLabel)


def test_loaded_rows_equal_the_release_files(loaded):
    features = loaded["test"].features
    for row, released in zip(loaded["test"], load_split("test"), strict=True):
        assert row["id"] == released["id"]
        for field in SINGLE_LABEL_FIELDS:
            assert features[field].int2str(row[field]) == released[field]
        assert [t["text"] for t in row["numeric_targets"]] == [
            t["text"] for t in released["numeric_targets"]
        ]


def test_no_label_is_missing(loaded):
    for split in loaded.values():
        for row in split:
            for field in SINGLE_LABEL_FIELDS:
                assert row[field] is not None and row[field] >= 0


def test_release_and_annotation_records_validate():
    targets = [
        RELEASE,
        *sorted(annotation_paths.gold_dir().glob("*.jsonl")),
        *sorted(annotation_paths.passes_dir().glob("pass-*.jsonl")),
    ]
    assert [str(p) for p in lint_paths(targets)] == []


def test_every_allowlist_entry_is_still_needed():
    """The lint allow-list only shrinks: an entry nothing needs any more must go."""
    linter = RecordsLinter(release=True)
    records = []
    for path in sorted(RELEASE.glob("*.jsonl")):
        if not path.name.endswith(".standoff.jsonl"):
            records += linter.lint_file(path)
    for path in sorted(annotation_paths.gold_dir().glob("*.jsonl")):
        linter.lint_file(path)
    linter.lint_label_balance(RELEASE, records)
    allowed = {f"{kind}:{entry}" for kind, entries in linter.allowlist.items() for entry in entries}
    assert allowed == linter.used_allowances


def test_croissant_metadata_validates_and_matches_the_release():
    from dataset.publishing.croissant import load_croissant

    dataset = load_croissant(paths.PROJECT_ROOT / "dataset" / "croissant.json")
    ids = [record["test/id"].decode() for record in dataset.records("test")]
    assert ids == [row["id"] for row in load_split("test")]
    first = next(iter(dataset.records("train")))
    released = load_split("train")[0]
    assert len(first["train/numeric_targets"]) == len(released["numeric_targets"])


def test_export_writes_every_record(tmp_path: Path):
    from gwrcommit.cli import main

    out = tmp_path / "gold.jsonl"
    assert main(["export", "--split", "all", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows == load_split("all")
    assert {row["split"] for row in rows} == {"train", "dev", "test"}
