"""Shared fixtures: the seed, and a small made-up project tree for build tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotation.segment import segment
from dataset.paths import PROJECT_ROOT
from dataset.records.source import read_source
from tests.factories import SEED, SEED_DOC_ID, TOY_REPORT, toy_labels, two_document_project


@pytest.fixture(scope="session")
def seed_document():
    return segment(read_source(SEED), SEED_DOC_ID)


@pytest.fixture()
def toy_root(tmp_path: Path) -> Path:
    """A project tree with one made-up document and made-up gold records."""
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "dataset").mkdir()
    (root / "annotation" / "gold").mkdir(parents=True)
    (root / "seeds" / "toy.txt").write_text(TOY_REPORT, encoding="utf-8")
    if (PROJECT_ROOT / "dataset" / "gazetteer.json").exists():
        shutil.copy(PROJECT_ROOT / "dataset" / "gazetteer.json", root / "dataset")
    document = segment(TOY_REPORT, "toy-2030")
    rows = [toy_labels(u.model_dump(mode="json")) for u in document.units]
    two_document_project(root, "toy-2030", "seeds/toy.txt", rows)
    return root
