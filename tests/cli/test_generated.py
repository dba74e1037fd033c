"""Generated files are current: rebuilding them changes nothing, at any commit and time."""

from __future__ import annotations

import datetime
import re
import time
from pathlib import Path

import pytest

from annotation import paths as annotation_paths
from dataset import paths, provenance
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
    built = sorted((tmp_path / f"v{DATASET_VERSION}").iterdir())
    assert {path.name for path in built} <= set(result.files)
    assert any(path.name.endswith(".standoff.jsonl") for path in built)
    for path in built:  # what could be built here: without corpus texts, no full files
        assert path.read_bytes() == (folder / path.name).read_bytes()


def test_every_frozen_release_is_on_disk_unchanged():
    from dataset.release.checksums import sha256_bytes

    frozen = load_frozen()
    assert DATASET_VERSION in frozen, "the current version is not frozen"
    from dataset.release.checksums import awaiting_texts

    for version, entry in frozen.items():
        folder = paths.release_dir() / f"v{version}"
        for name, digest in entry["files"].items():
            if awaiting_texts(folder, name):  # a full file not built: no corpus texts here
                continue
            path = folder / name
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


RESULTS_DIR = paths.PROJECT_ROOT / "baselines"
GIT_OBJECT_ID = re.compile(r"(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])")
"""A git commit hash; the lookarounds keep SHA-256 sums (64 digits) out."""
TIME_OF_DAY = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def committed_generated_files() -> list[Path]:
    """Every generated file that is committed: `gwrcommit build`'s and the results."""
    return [
        *generated_files(),
        RESULTS_DIR / "RESULTS.md",
        RESULTS_DIR / "results.json",
        RESULTS_DIR / "results.png",
        *sorted((RESULTS_DIR / "predictions").glob("*.jsonl")),
    ]


def test_no_generated_file_names_a_commit_or_a_time():
    checked = 0
    for path in committed_generated_files():
        data = path.read_bytes()
        if path.suffix == ".png":
            assert b"tIME" not in data and b"Creation Time" not in data, path
            continue
        text = data.decode("utf-8")
        assert not GIT_OBJECT_ID.search(text), f"{path} names a git commit"
        assert not TIME_OF_DAY.search(text), f"{path} holds a time stamp"
        checked += 1
    # Always: the guidelines, both Label Studio configs, RESULTS.md and results.json; with
    # the corpus attached also the card, Croissant, the statistics and the predictions.
    release_built = any(path.name == "croissant.json" for path in committed_generated_files())
    assert checked >= (8 if release_built else 5)


class _LaterDatetime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2031, 7, 9, 10, 11, 12, tzinfo=tz)


class _LaterDate(datetime.date):
    @classmethod
    def today(cls):
        return cls(2031, 7, 9)


@pytest.fixture()
def another_clock_and_commit(monkeypatch):
    """Another day and time, and another HEAD, for everything that asks."""
    monkeypatch.setattr(datetime, "datetime", _LaterDatetime)
    monkeypatch.setattr(datetime, "date", _LaterDate)
    monkeypatch.setattr(time, "time", lambda: 1_941_000_000.0)
    monkeypatch.setattr(
        provenance, "_git", lambda root, *args: "" if "status" in args else "f" * 40
    )
    provenance.git_commit.cache_clear()
    yield
    provenance.git_commit.cache_clear()


def test_regenerating_at_another_time_and_commit_gives_the_same_bytes(request):
    before = generated_files()
    request.getfixturevalue("another_clock_and_commit")
    assert provenance.git_commit() == "f" * 40  # the fixture took hold
    after = generated_files()
    assert after.keys() == before.keys()
    changed = [str(path) for path in before if after[path] != before[path]]
    assert changed == []


def test_no_generated_markdown_repeats_a_heading():
    for path, data in generated_files().items():
        if path.suffix != ".md":
            continue
        headings = [line for line in data.decode("utf-8").splitlines() if line.startswith("#")]
        repeated = sorted({h for h in headings if headings.count(h) > 1})
        assert not repeated, f"{path}: repeated heading(s) {repeated}"
