"""Generated files are current: rebuilding them changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotation import paths as annotation_paths
from dataset import paths
from dataset.release.build import build, load_frozen
from dataset.version import DATASET_VERSION
from gwrcommit.generated import generated_files


def test_generated_files_are_current():
    stale = [
        str(path)
        for path, data in generated_files().items()
        if not path.exists() or path.read_bytes() != data
    ]
    assert stale == [], "run `uv run gwrcommit build` to regenerate"


def test_current_release_rebuilds_byte_identical(tmp_path: Path):
    folder = paths.release_dir() / f"v{DATASET_VERSION}"
    assert folder.exists(), "the current release has not been built"
    result = build(annotation_paths.gold_dir(), out_root=tmp_path)
    for name in result.files:
        assert (tmp_path / f"v{DATASET_VERSION}" / name).read_bytes() == (
            folder / name
        ).read_bytes()


def test_every_frozen_release_is_on_disk_unchanged():
    from dataset.release.checksums import sha256_bytes

    frozen = load_frozen()
    assert DATASET_VERSION in frozen, "the current version is not frozen"
    for version, entry in frozen.items():
        for name, digest in entry["files"].items():
            path = paths.release_dir() / f"v{version}" / name
            assert sha256_bytes(path.read_bytes()) == digest, f"{path} changed after release"


def test_guidelines_hold_the_label_tables():
    from dataset.publishing.docs import BEGIN, END, label_tables_markdown

    text = (paths.PROJECT_ROOT / "annotation" / "guidelines.md").read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    assert label_tables_markdown() in text


@pytest.mark.parametrize("label", ["quantified_target", "binding", "government_operations"])
def test_label_tables_come_from_the_schema(label):
    from dataset.publishing.docs import label_tables_markdown
    from dataset.schema import DEFINITIONS

    tables = label_tables_markdown()
    definition = next(d[label] for d in DEFINITIONS.values() if label in d)
    assert f"`{label}`" in tables and definition in tables
