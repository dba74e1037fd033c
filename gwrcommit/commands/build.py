"""gwrcommit build: seeds + adjudicated gold -> the release, and every generated file."""

from __future__ import annotations

import argparse

NAME = "build"
HELP = "build the release from the seeds and the adjudicated gold"
EXAMPLES = ["gwrcommit build", "gwrcommit build --freeze   # record the release's SHA-256 sums"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--freeze", action="store_true", help="record this version's sums in dataset/releases.json"
    )


def run(args: argparse.Namespace) -> int:
    from gwrcommit.generated import regenerate_all

    result, written = regenerate_all(freeze=args.freeze)
    counts = ", ".join(f"{split} {n}" for split, n in sorted(result.counts.items()))
    print(f"release v{result.version} -> {result.folder} ({counts} units)")
    for path in written:
        print(f"regenerated {path}")
    return 0
