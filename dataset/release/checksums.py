"""SHA-256 sums of release files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dataset.records.lint import Problem

CHECKSUM_FILE = "SHA256SUMS"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_checksums(folder: Path) -> list[Problem]:
    sums_path = folder / CHECKSUM_FILE
    if not sums_path.exists():
        return [Problem(str(sums_path), None, "missing checksum file")]
    problems = []
    for line_no, line in enumerate(sums_path.read_text(encoding="utf-8").splitlines(), 1):
        digest, _, name = line.partition("  ")
        target = folder / name
        if not target.exists():
            problems.append(Problem(str(sums_path), line_no, f"{name} is missing"))
        elif sha256_bytes(target.read_bytes()) != digest:
            problems.append(Problem(str(sums_path), line_no, f"{name} does not match its sum"))
    return problems
