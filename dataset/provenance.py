"""Where a result came from: the project's git commit."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from dataset import paths


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
