"""Data lint of release folders: every split file, checksums, ids across files.

A release folder holds stand-off files (always) and full files (where the corpus texts
are attached). Full files get the whole records lint; a stand-off file is checked for
shape, and against its full file where that is here. A rebuild from the gold compares
every file byte for byte, so a label changed by hand in a stand-off file is caught
without any corpus text."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from dataset import paths
from dataset.corpus.standoff import STANDOFF_SUFFIX, to_standoff
from dataset.errors import InputError
from dataset.records.jsonl import iter_jsonl
from dataset.records.lint import Problem, RecordsLinter
from dataset.release.build import STANDOFF_ORDER, render_release
from dataset.release.checksums import check_checksums, check_frozen
from dataset.schema import Record, Unit

SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def lint_paths(
    targets: list[Path], root: Path = paths.PROJECT_ROOT, gold_dir: Path | None = None
) -> list[Problem]:
    """Lint records files and release folders; a folder is linted as a release (and, given
    the gold it was built from, compared with a rebuild of it)."""
    problems: list[Problem] = []
    for target in targets:
        if target.is_dir():
            problems += lint_release(target, root, gold_dir)
        else:
            linter = RecordsLinter(root, corpus_texts=_corpus_texts())
            linter.lint_file(target)
            problems += linter.problems
    return problems


def _corpus_texts() -> dict[str, str]:
    from dataset.corpus.store import attached_texts

    try:
        return attached_texts()
    except InputError:  # a changed store file: reported by `corpus status`, not here
        return {}


def lint_release(
    folder: Path, root: Path = paths.PROJECT_ROOT, gold_dir: Path | None = None
) -> list[Problem]:
    full_files = sorted(p for p in folder.glob("*.jsonl") if not p.name.endswith(STANDOFF_SUFFIX))
    standoff_files = sorted(folder.glob(f"*{STANDOFF_SUFFIX}"))
    if not full_files and not standoff_files:
        return [Problem(str(folder), None, "no .jsonl files in this release folder")]
    linter = RecordsLinter(root, release=True, corpus_texts=_corpus_texts())
    records: list[Unit] = []
    for path in full_files:
        rows = linter.lint_file(path)
        for row in rows:
            if isinstance(row, Record) and row.split != path.stem:
                linter._add(path, None, f"{row.id} has split {row.split!r}")
                break
        records += rows
    if records:
        linter.lint_label_balance(folder, records)
    _check_cross_file_ids(linter, folder, records)
    problems = list(linter.problems)
    full_by_id = {r.id: r for r in records if isinstance(r, Record)}
    for path in standoff_files:
        problems += lint_standoff_file(path, full_by_id)
    version = folder.name.removeprefix("v")
    problems += check_checksums(folder) + check_frozen(folder, version, root)
    if gold_dir is not None:
        problems += check_rebuild(folder, version, gold_dir, root)
    return problems


def lint_standoff_file(path: Path, full_by_id: dict[str, Record]) -> list[Problem]:
    """Shape of every stand-off row (its keys in order, a SHA-256, its split), unique ids,
    and where the full record is at hand, that the row is exactly its stand-off form."""
    problems: list[Problem] = []
    split = path.name.removesuffix(STANDOFF_SUFFIX)
    seen: set[str] = set()

    def report(line_no: int, reason: str) -> None:
        problems.append(Problem(str(path), line_no, reason))

    try:
        for line_no, row in iter_jsonl(path, on_bad_line=report):
            reason = _standoff_row_problem(row, split, seen, full_by_id)
            if reason:
                report(line_no, reason)
    except InputError as error:
        problems.append(Problem(str(path), None, str(error).split(": ", 1)[-1]))
    if not seen and not problems:
        problems.append(Problem(str(path), None, "no records"))
    return problems


def _standoff_row_problem(
    row: Any, split: str, seen: set[str], full_by_id: dict[str, Record]
) -> str | None:
    if not isinstance(row, dict) or tuple(row) != STANDOFF_ORDER:
        return f"a stand-off row has the keys {', '.join(STANDOFF_ORDER)}, in that order"
    if row["id"] in seen:
        return f"duplicate id {row['id']!r}"
    seen.add(row["id"])
    if not isinstance(row["text_sha256"], str) or not SHA256_HEX.fullmatch(row["text_sha256"]):
        return "text_sha256 is not a SHA-256 (64 hex digits)"
    if row["split"] != split:
        return f"{row['id']} has split {row['split']!r}"
    full = full_by_id.get(row["id"])
    if full is not None and to_standoff(full) != row:
        return f"{row['id']} differs from its full record in {split}.jsonl"
    return None


def check_rebuild(folder: Path, version: str, gold_dir: Path, root: Path) -> list[Problem]:
    """The release files are what the gold builds (a label changed by hand in a release
    file, with its sums recomputed, is caught here)."""
    try:
        expected = render_release(gold_dir, root)
    except InputError as error:
        return [Problem(str(gold_dir), None, f"cannot rebuild the release: {error}")]
    problems = []
    for name, data in sorted(expected.items()):
        target = folder / name
        if target.is_file() and target.read_bytes() != data:
            problems.append(
                Problem(str(target), None, f"differs from what {gold_dir} builds for v{version}")
            )
    return problems


def _check_cross_file_ids(linter: RecordsLinter, folder: Path, records: list[Unit]) -> None:
    counts = Counter(r.id for r in records)
    for unit_id, count in counts.items():
        if count > 1:
            linter._add(folder, None, f"id {unit_id!r} appears in {count} split files")
