"""gwrcommit compare: paired bootstrap of two prediction files on each main metric."""

from __future__ import annotations

import argparse
from typing import Any

from gwrcommit.commands.score import add_gold_arguments, header_line, interval, number, table

NAME = "compare"
HELP = "paired bootstrap between two prediction files (difference B - A, 95% CI, p-value)"
EXAMPLES = [
    "gwrcommit compare --pred baseline.jsonl --pred mine.jsonl",
    "gwrcommit compare --pred a.jsonl --pred b.jsonl --gold all --resamples 10000 --out cmp.json",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--pred",
        action="append",
        required=True,
        metavar="PRED.jsonl",
        help="give exactly two: A first, then B",
    )
    add_gold_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from dataset.errors import InputError
    from dataset.scoring.scorer import compare_lines, load_gold, read_predictions, sha256_file
    from gwrcommit.commands.score import check_out, write_json

    if len(args.pred) != 2:
        raise InputError(
            f"compare needs exactly two --pred files (A, then B), got {len(args.pred)}"
        )
    path_a, path_b = args.pred
    check_out(args, [path_a, path_b])
    gold, gold_info = load_gold(args.gold, args.version)
    result = compare_lines(
        gold,
        read_predictions(path_a),
        read_predictions(path_b),
        seed=args.seed,
        resamples=args.resamples,
        sources=(path_a, path_b),
    )
    result["meta"]["gold"] = gold_info
    result["meta"]["predictions"]["A"]["sha256"] = sha256_file(path_a)
    result["meta"]["predictions"]["B"]["sha256"] = sha256_file(path_b)
    if args.out:
        write_json(args.out, result)
    print(render_comparison(result, args.format))
    return 0


def render_comparison(result: dict[str, Any], fmt: str = "plain") -> str:
    meta = result["meta"]
    rows = [
        [
            task,
            entry["metric"],
            number(entry["A"]["value"]),
            number(entry["B"]["value"]),
            f"{entry['difference']['value']:+.4f}",
            interval(entry["difference"]),
            f"{entry['p_value']:.4f}",
        ]
        for task, entry in result["tasks"].items()
    ]
    headers = ["task", "main metric", "A", "B", "B - A", "95% CI of B - A", "p"]
    parts = [
        header_line(meta),
        f"A = {meta['predictions']['A']['source']}",
        f"B = {meta['predictions']['B']['source']}",
        "",
        table(headers, rows, fmt) if rows else "no task is scored in both files",
    ]
    for task, reason in result["not_compared"].items():
        parts.append(f"not compared: {task} ({reason})")
    parts += [
        "",
        "Paired bootstrap (the same resampled units for A and B). p is two-sided: twice the "
        "share of resampled differences on the far side of 0, with the +1 correction.",
    ]
    return "\n".join(parts)
