"""gwrcommit agreement: inter-annotator agreement between two annotation passes."""

from __future__ import annotations

import argparse

from gwrcommit.options import add_force_argument

NAME = "agreement"
HELP = "inter-annotator agreement (κ, α, span F1) between two annotation passes"
EXAMPLES = [
    "gwrcommit agreement annotation/passes/pass-a.jsonl annotation/passes/pass-b.jsonl",
    "gwrcommit agreement A.jsonl B.jsonl --out agreement.json --md agreement.md",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", metavar="A.jsonl", help="first pass (the reference for span F1)")
    parser.add_argument("b", metavar="B.jsonl", help="second pass, over the same unit ids")
    parser.add_argument("--out", metavar="REPORT.json", help="write the full report as JSON")
    parser.add_argument("--md", metavar="REPORT.md", help="write the Markdown tables for the card")
    add_force_argument(parser)


def run(args: argparse.Namespace) -> int:
    import json

    from annotation.agreement import agreement_report, pair_passes, render_markdown
    from dataset.records.jsonl import write_text_atomic
    from dataset.records.outputs import check_outputs
    from gwrcommit.standoff import full_records

    check_outputs([args.out, args.md], [args.a, args.b], force=args.force)
    with full_records([args.a, args.b]) as (a, b):  # stand-off passes: text re-attached
        report = agreement_report(pair_passes(a, b), args.a, args.b)
    markdown = render_markdown(report)
    if args.out:
        write_text_atomic(args.out, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        print(f"agreement report ({report['units']} units) -> {args.out}")
    if args.md:
        write_text_atomic(args.md, markdown)
        print(f"agreement tables -> {args.md}")
    if not args.out and not args.md:
        print(markdown, end="")
    return 0
