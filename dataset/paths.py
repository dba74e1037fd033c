"""Where the project's files live. Every function takes a root so tests can use a copy."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def documents_file(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "documents.json"


def gazetteer_file(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "gazetteer.json"


def gold_dir(root: Path = PROJECT_ROOT) -> Path:
    return root / "annotation" / "gold"


def passes_dir(root: Path = PROJECT_ROOT) -> Path:
    return root / "annotation" / "passes"


def release_dir(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "data"


def releases_file(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "releases.json"
