"""SHA-256 sums of release files: the folder's SHA256SUMS, and the sums frozen in
dataset/releases.json when a version is released (which never change afterwards)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from dataset import paths
from dataset.corpus.standoff import STANDOFF_SUFFIX
from dataset.errors import InputError
from dataset.records.jsonl import read_json
from dataset.records.lint import Problem

CHECKSUM_FILE = "SHA256SUMS"
_SUM_LINE = re.compile(r"(?P<digest>[0-9a-f]{64})  (?P<name>[^/\\\s][^/\\]*)")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_frozen(root: Path = paths.PROJECT_ROOT) -> dict[str, dict]:
    """Every frozen release: version -> {"date", "files": {name: sha256}}."""
    path = paths.releases_file(root)
    if not path.exists():
        return {}
    frozen = read_json(path)
    if not isinstance(frozen, dict) or not all(
        isinstance(entry, dict) and isinstance(entry.get("files"), dict)
        for entry in frozen.values()
    ):
        raise InputError(f"{path}: expected {{version: {{'files': {{name: sha256}}}}}}")
    return frozen


def frozen_sums(version: str, root: Path = paths.PROJECT_ROOT) -> dict[str, str] | None:
    entry = load_frozen(root).get(version)
    return None if entry is None else entry["files"]


def awaiting_texts(folder: Path, name: str) -> bool:
    """`name` is a full split file that is absent because the corpus texts are not
    attached here: its stand-off file is present. That is no problem of the release."""
    stem = name.removesuffix(".jsonl")
    return (
        name.endswith(".jsonl")
        and not name.endswith(STANDOFF_SUFFIX)
        and not (folder / name).exists()
        and (folder / f"{stem}{STANDOFF_SUFFIX}").exists()
    )


def check_checksums(folder: Path) -> list[Problem]:
    """SHA256SUMS well-formed, naming every split file, and matching each file."""
    sums_path = folder / CHECKSUM_FILE
    if not sums_path.is_file():
        return [Problem(str(sums_path), None, "missing checksum file")]
    problems, listed = [], set()
    for line_no, line in enumerate(sums_path.read_text(encoding="utf-8").splitlines(), 1):
        match = _SUM_LINE.fullmatch(line)
        if match is None:
            problems.append(
                Problem(str(sums_path), line_no, "malformed line (expected '<sha256>  <file>')")
            )
            continue
        name, target = match["name"], folder / match["name"]
        listed.add(name)
        if awaiting_texts(folder, name):
            continue
        if not target.is_file():
            problems.append(Problem(str(sums_path), line_no, f"{name} is missing"))
        elif sha256_bytes(target.read_bytes()) != match["digest"]:
            problems.append(Problem(str(sums_path), line_no, f"{name} does not match its sum"))
    for split_file in sorted(folder.glob("*.jsonl")):
        if split_file.name not in listed:
            problems.append(Problem(str(sums_path), None, f"{split_file.name} has no sum"))
    return problems


def check_frozen(folder: Path, version: str, root: Path = paths.PROJECT_ROOT) -> list[Problem]:
    """The release folder of a frozen version holds exactly its frozen bytes."""
    sums = frozen_sums(version, root)
    if sums is None:
        return []
    problems = []
    for name, digest in sorted(sums.items()):
        target = folder / name
        if awaiting_texts(folder, name):
            continue
        if not target.is_file():
            problems.append(Problem(str(target), None, f"frozen file of v{version} is missing"))
        elif sha256_bytes(target.read_bytes()) != digest:
            problems.append(
                Problem(
                    str(target),
                    None,
                    f"differs from the SHA-256 frozen for v{version} in dataset/releases.json "
                    "(a released file never changes)",
                )
            )
    extra = {p.name for p in folder.iterdir() if p.is_file()} - set(sums)
    problems += [Problem(str(folder / n), None, f"not part of frozen v{version}") for n in extra]
    return problems


def verify_release_file(path: Path, version: str, root: Path = paths.PROJECT_ROOT) -> None:
    """InputError unless `path` matches its frozen sum (frozen versions) or its folder's
    SHA256SUMS (versions not yet frozen)."""
    sums = frozen_sums(version, root)
    source = "dataset/releases.json"
    if sums is None:
        sums, source = _folder_sums(path.parent), str(path.parent / CHECKSUM_FILE)
    expected = sums.get(path.name)
    if expected is None:
        raise InputError(f"{path}: no SHA-256 for it in {source}; rebuild the release")
    if sha256_bytes(path.read_bytes()) != expected:
        raise InputError(
            f"{path}: does not match its SHA-256 in {source}; the release file was changed "
            "(restore it, e.g. with git checkout, or rebuild)"
        )


def _folder_sums(folder: Path) -> dict[str, str]:
    sums_path = folder / CHECKSUM_FILE
    if not sums_path.is_file():
        return {}
    lines = sums_path.read_text(encoding="utf-8").splitlines()
    matches = [_SUM_LINE.fullmatch(line) for line in lines]
    return {m["name"]: m["digest"] for m in matches if m is not None}
