"""Where the dataset's own files live. Every function takes a root so tests can use a copy.

The annotation records that a release is built from are the caller's to name (see
`annotation.paths`): this package reads them, it does not know where annotators keep them."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def documents_file(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "documents.json"


def gazetteer_file(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "gazetteer.json"


def release_dir(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "data"


def releases_file(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "releases.json"


def splits_file(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "splits.json"


def lint_allowlist_file(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "lint_allowlist.json"
