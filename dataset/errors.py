"""The one error type for bad user input."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad user input: reported as one line, never as a traceback."""


def existing_file(path: str | Path, expected: str) -> Path:
    """`path` as a Path, or InputError when it is missing or a directory; `expected` names
    what it should be ("a JSONL file")."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, expected {expected}")
    return path
