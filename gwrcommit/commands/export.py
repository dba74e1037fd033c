"""gwrcommit export: release records as JSONL (also a valid prediction file)."""

from __future__ import annotations

import argparse

from gwrcommit.options import add_force_argument

NAME = "export"
HELP = "write release records as JSONL (a valid prediction file too)"
EXAMPLES = [
    "gwrcommit export --split test -o gold-test.jsonl",
    "gwrcommit export --split all -o gold.jsonl",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--split", choices=["train", "dev", "test", "all"], default="all")
    parser.add_argument("-o", "--output", required=True, help="where to write (JSONL)")
    parser.add_argument("--version", help="release version (default: the current one)")
    add_force_argument(parser)


def run(args: argparse.Namespace) -> int:
    from dataset.records.outputs import check_outputs
    from dataset.release.load import export_split, split_files

    check_outputs([args.output], split_files("all", args.version), force=args.force)
    count = export_split(args.split, args.output, args.version)
    print(f"{count} records ({args.split}) -> {args.output}")
    return 0
