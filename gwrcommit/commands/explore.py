"""gwrcommit explore: a static HTML page to browse the release and its labels."""

from __future__ import annotations

import argparse

from gwrcommit.options import add_force_argument

NAME = "explore"
HELP = "write a self-contained HTML browser of the dataset (DIR/index.html)"
EXAMPLES = [
    "gwrcommit explore -o explorer/            # the current release; open explorer/index.html",
    "gwrcommit explore -o explorer/ --version 1.0.0",
    "gwrcommit explore -o preview/ --records annotation/gold/jiangjin-2025-p3.jsonl",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write into")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--version", help="release version (default: the current one)")
    source.add_argument(
        "--records", metavar="FILE", help="labelled records (JSONL) to show instead of a release"
    )
    add_force_argument(parser)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dataset.corpus.registry import document_levels
    from dataset.publishing.explorer import PAGE_NAME, load_records, render, write_page
    from dataset.records.outputs import check_output_folder

    inputs = [args.records] if args.records else []
    check_output_folder(args.output, [PAGE_NAME], inputs, force=args.force)
    if args.records:
        rows = load_records(args.records)
        version, source = None, f"records file {Path(args.records).name}"
    else:
        from dataset.release.load import load_split
        from dataset.version import DATASET_VERSION

        version = args.version or DATASET_VERSION
        rows = load_split("all", version)
        source = f"release v{version}"
    target = write_page(
        args.output, render(rows, version, source, document_levels(), _links_for_page())
    )
    print(f"{len(rows)} units -> {target}")
    return 0


def _links_for_page():
    from dataset.links.table import gold_links_file, read_links
    from dataset.publishing.links import explorer_links

    if not gold_links_file().exists():
        return None
    return explorer_links(read_links(gold_links_file()))
