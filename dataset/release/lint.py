"""Data lint of release folders: every split file, checksums, ids across files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from dataset import paths
from dataset.records.lint import Problem, RecordsLinter
from dataset.release.checksums import check_checksums
from dataset.schema import Record, Unit


def lint_paths(targets: list[Path], root: Path = paths.PROJECT_ROOT) -> list[Problem]:
    """Lint records files and release folders; a folder is linted as a release."""
    problems: list[Problem] = []
    for target in targets:
        if target.is_dir():
            problems += lint_release(target, root)
        else:
            linter = RecordsLinter(root)
            linter.lint_file(target)
            problems += linter.problems
    return problems


def lint_release(folder: Path, root: Path = paths.PROJECT_ROOT) -> list[Problem]:
    linter = RecordsLinter(root, release=True)
    split_files = sorted(folder.glob("*.jsonl"))
    if not split_files:
        return [Problem(str(folder), None, "no .jsonl files in this release folder")]
    records: list[Unit] = []
    for path in split_files:
        rows = linter.lint_file(path)
        for row in rows:
            if isinstance(row, Record) and row.split != path.stem:
                linter._add(path, None, f"{row.id} has split {row.split!r}")
                break
        records += rows
    linter.lint_label_balance(folder, records)
    _check_cross_file_ids(linter, folder, records)
    return linter.problems + check_checksums(folder)


def _check_cross_file_ids(linter: RecordsLinter, folder: Path, records: list[Unit]) -> None:
    counts = Counter(r.id for r in records)
    for unit_id, count in counts.items():
        if count > 1:
            linter._add(folder, None, f"id {unit_id!r} appears in {count} split files")
