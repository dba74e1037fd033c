"""Where a result came from.

Committed generated files (the results, the card) record the dataset and scorer versions
and the SHA-256 of their input files: those determine the bytes, so a run on any clean
checkout rewrites them unchanged. The git commit names the checkout a run was made in,
which a committed file can only name one commit late; it goes only into output that is
not committed (`gwrcommit score --out`, the console log of `gwrcommit reproduce`).
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
from collections.abc import Iterable
from pathlib import Path

from dataset import paths


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def input_hashes(files: Iterable[Path]) -> dict[str, str]:
    """File name -> SHA-256 of its bytes, in the order given."""
    return {path.name: file_sha256(path) for path in files}


@functools.lru_cache(maxsize=8)
def git_commit(root: Path = paths.PROJECT_ROOT, mark_dirty: bool = False) -> str:
    """HEAD's hash ("unknown" outside git); with mark_dirty, a note when tracked files
    have uncommitted changes."""
    try:
        head = _git(root, "rev-parse", "HEAD")
        dirty = mark_dirty and _git(root, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head} (with uncommitted changes)" if dirty else head


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, timeout=10
    )
    return done.stdout.strip()
