"""gwrcommit adjudicate: a worksheet of the disagreements, and the merge into gold."""

from __future__ import annotations

import argparse

from gwrcommit.options import add_force_argument

NAME = "adjudicate"
HELP = "list the disagreements between two passes, then merge the decisions into gold"
EXAMPLES = [
    "gwrcommit adjudicate worksheet A.jsonl B.jsonl -o worksheet.jsonl",
    '# fill in every decision ("a", "b" or a value) and a one-line reason, then:',
    "gwrcommit adjudicate merge A.jsonl B.jsonl worksheet.jsonl -o gold.jsonl --log log.jsonl",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    worksheet = actions.add_parser(
        "worksheet", help="one line per (unit, field) where the passes differ"
    )
    _add_passes(worksheet)
    worksheet.add_argument("-o", "--output", required=True, metavar="WORKSHEET.jsonl")
    add_force_argument(worksheet)
    merge = actions.add_parser("merge", help="agreed values + the worksheet's decisions -> gold")
    _add_passes(merge)
    merge.add_argument("worksheet", metavar="WORKSHEET.jsonl", help="the completed worksheet")
    merge.add_argument("-o", "--output", required=True, metavar="GOLD.jsonl")
    merge.add_argument("--log", metavar="LOG.jsonl", help="write the adjudication log here")
    add_force_argument(merge)


def _add_passes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("a", metavar="A.jsonl", help="first annotation pass")
    parser.add_argument("b", metavar="B.jsonl", help="second annotation pass")


def run(args: argparse.Namespace) -> int:
    from dataset.records.jsonl import write_jsonl
    from dataset.records.outputs import check_outputs

    if args.action == "worksheet":
        from annotation.adjudicate import make_worksheet

        check_outputs([args.output], [args.a, args.b], force=args.force)
        rows, units = make_worksheet(args.a, args.b)
        write_jsonl(args.output, rows)
        print(f"{len(rows)} disagreement(s) over {units} units -> {args.output}")
        return 0

    from annotation.adjudicate import merge

    check_outputs([args.output, args.log], [args.a, args.b, args.worksheet], force=args.force)
    result = merge(args.a, args.b, args.worksheet)
    if args.log:
        write_jsonl(args.log, result.log)
    write_jsonl(args.output, result.gold)
    logged = f"; log -> {args.log}" if args.log else ""
    print(
        f"{len(result.gold)} gold records ({len(result.log)} decision(s)) -> {args.output}{logged}"
    )
    return 0
