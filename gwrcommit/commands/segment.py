"""gwrcommit segment: sentence units of a report, without labels."""

from __future__ import annotations

import argparse

from gwrcommit.options import add_force_argument

NAME = "segment"
HELP = "split a report into sentence units (no labels)"
EXAMPLES = [
    "gwrcommit segment seeds/000_74081a512f7bad7c.txt --doc-id jiangjin-2025-p3 -o units.jsonl",
    "gwrcommit segment report-gbk.txt --doc-id example-2024 --encoding gbk -o units.jsonl",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", help="the report as a text file")
    parser.add_argument("--doc-id", required=True, help="document id, e.g. jiangjin-2025-p3")
    parser.add_argument("-o", "--output", required=True, help="where to write the units (JSONL)")
    parser.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    add_force_argument(parser)


def run(args: argparse.Namespace) -> int:
    from annotation.segment import segment
    from dataset.errors import InputError
    from dataset.records.jsonl import write_jsonl
    from dataset.records.outputs import check_outputs
    from dataset.records.source import read_source
    from dataset.schema import DOC_ID_PATTERN

    if not DOC_ID_PATTERN.match(args.doc_id):
        raise InputError(f"--doc-id {args.doc_id!r}: use lower-case letters, digits and '-'")
    check_outputs([args.output], [args.report], force=args.force)
    document = segment(read_source(args.report, args.encoding), args.doc_id)
    count = write_jsonl(args.output, (u.model_dump(mode="json") for u in document.units))
    markers = ", ".join(f"{m.text} at {m.start}" for m in document.markers) or "none"
    print(f"{count} units -> {args.output} (markers stripped: {markers})")
    return 0
