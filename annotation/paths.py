"""Where the annotation records live: the adjudicated gold (what a release is built from)
and the annotators' passes. Every function takes a root so tests can use a copy."""

from __future__ import annotations

from pathlib import Path

from dataset.paths import PROJECT_ROOT


def gold_dir(root: Path = PROJECT_ROOT) -> Path:
    return root / "annotation" / "gold"


def passes_dir(root: Path = PROJECT_ROOT) -> Path:
    return root / "annotation" / "passes"
