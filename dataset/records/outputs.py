"""Checking output paths before anything is written.

One rule for every command that writes files: an existing output is never replaced
without `--force`, an input is never an output (not even with `--force`, and not through
a symlink, a hard link or `..`), and every output path is checked before the first byte
of any of them is written, so a command that fails leaves no partial results behind.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from dataset.errors import InputError

OVERWRITE_RULE = "existing outputs are replaced only with --force; an input never is"


def first_file_in_parents(path: Path) -> Path | None:
    """The first ancestor of `path` that exists as something other than a folder."""
    for parent in reversed(path.absolute().parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_output_path(path: Path, *, folder: bool = False) -> None:
    """A one-line InputError when `path` cannot be written as a file (or a folder)."""
    blocker = first_file_in_parents(path)
    if blocker is not None:
        raise InputError(f"{path}: {blocker} is a file, not a folder")
    if folder and path.exists() and not path.is_dir():
        raise InputError(f"{path}: is a file, expected a folder")
    if not folder and path.is_dir():
        raise InputError(f"{path}: is a directory, expected a file path")


def check_outputs(
    outputs: Sequence[str | Path | None],
    inputs: Sequence[str | Path] = (),
    *,
    force: bool = False,
) -> None:
    """Refuse (InputError) any output that is an input, named twice, unwritable, or an
    existing file without `force`. Outputs given as None (optional, not asked for) are
    skipped."""
    written = [Path(path) for path in outputs if path is not None]
    read = [Path(path) for path in inputs if Path(path).exists()]
    for i, path in enumerate(written):
        check_output_path(path)
        if any(same_file(path, source) for source in read):
            raise InputError(f"{path}: is also an input; choose another output path")
        if any(path.resolve() == other.resolve() for other in written[:i]):
            raise InputError(f"{path}: named for two outputs; choose another path")
        if path.exists() and not force:
            raise InputError(f"{path}: already exists; pass --force to replace it")


def check_output_folder(
    folder: str | Path, files: Sequence[str], inputs: Sequence[str | Path] = (), *, force: bool
) -> None:
    """Like check_outputs, for `files` (names) to be written inside `folder`."""
    folder = Path(folder)
    check_output_path(folder, folder=True)
    check_outputs([folder / name for name in files], inputs, force=force)
