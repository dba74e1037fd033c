"""gwrcommit validate: data lint; non-zero exit on any problem."""

from __future__ import annotations

import argparse

NAME = "validate"
HELP = "lint a release folder or records files; exit 1 on any problem"
EXAMPLES = [
    "gwrcommit validate                       # the current release, the gold and the passes",
    "gwrcommit validate dataset/data/v1.0.0   # one release folder",
    "gwrcommit validate annotation/passes/pass-a.jsonl",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", help="release folders or JSONL records files")


def default_targets():
    from annotation.paths import gold_dir, passes_dir
    from dataset import paths
    from dataset.version import DATASET_VERSION

    targets = [paths.release_dir() / f"v{DATASET_VERSION}"]
    for folder in (gold_dir(), passes_dir()):
        targets += sorted(folder.glob("*.jsonl"))
    return targets


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from annotation.paths import gold_dir
    from dataset.errors import InputError
    from dataset.release.lint import lint_paths

    targets = [Path(p) for p in args.paths] or default_targets()
    for target in targets:
        if not target.exists():
            raise InputError(f"{target}: no such file or folder")
    problems = lint_paths(targets, gold_dir=gold_dir())
    for problem in problems:
        print(problem)
    status = "FAILED" if problems else "ok"
    print(f"validate: {status}: {len(problems)} problem(s) in {len(targets)} target(s)")
    return 1 if problems else 0
