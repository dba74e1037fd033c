"""Data lint of release folders: every split file, checksums, ids across files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from dataset import paths
from dataset.errors import InputError
from dataset.records.lint import Problem, RecordsLinter
from dataset.release.build import render_release
from dataset.release.checksums import check_checksums, check_frozen
from dataset.schema import Record, Unit


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
            linter = RecordsLinter(root)
            linter.lint_file(target)
            problems += linter.problems
    return problems


def lint_release(
    folder: Path, root: Path = paths.PROJECT_ROOT, gold_dir: Path | None = None
) -> list[Problem]:
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
    version = folder.name.removeprefix("v")
    problems = linter.problems + check_checksums(folder) + check_frozen(folder, version, root)
    if gold_dir is not None:
        problems += check_rebuild(folder, version, gold_dir, root)
    return problems


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
