"""gwrcommit score: the official scorer, with 95% bootstrap intervals."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

NAME = "score"
HELP = "score a prediction file against the gold (five tasks, 95% bootstrap intervals)"
EXAMPLES = [
    "gwrcommit score --pred predictions.jsonl                  # against the test split",
    "gwrcommit score --pred p.jsonl --gold all --out metrics.json --format md",
    "gwrcommit score --pred p.jsonl --gold my-gold.jsonl --seed 7 --resamples 5000",
]


def add_gold_arguments(parser: argparse.ArgumentParser) -> None:
    """Options shared by `score` and `compare`."""
    parser.add_argument(
        "--gold",
        default="test",
        metavar="test|train|all|FILE",
        help="a release split or a JSONL file of gold records (default: test); "
        "write ./test for a file named test",
    )
    parser.add_argument("--version", help="release version of the gold (default: the current)")
    parser.add_argument("--seed", type=int, default=13, help="bootstrap seed (default: 13)")
    parser.add_argument(
        "--resamples", type=int, default=1000, help="bootstrap resamples (default: 1000)"
    )
    parser.add_argument("--out", metavar="METRICS.json", help="also write the results as JSON")
    parser.add_argument(
        "--format",
        choices=["plain", "md"],
        default="plain",
        help="stdout table: aligned plain text (default) or Markdown",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pred", required=True, metavar="PRED.jsonl", help="prediction file")
    add_gold_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from dataset.scoring.scorer import load_gold, read_predictions, score_lines, sha256_file

    gold, gold_info = load_gold(args.gold, args.version)
    predictions = read_predictions(args.pred)
    result = score_lines(
        gold, predictions, seed=args.seed, resamples=args.resamples, source=args.pred
    )
    result["meta"]["gold"] = gold_info
    result["meta"]["predictions"]["sha256"] = sha256_file(args.pred)
    if args.out:
        write_json(args.out, result)
    print(render_scores(result, args.format))
    return 0


def write_json(path: str, result: dict[str, Any]) -> None:
    from dataset.records.jsonl import write_text_atomic

    write_text_atomic(path, json.dumps(result, ensure_ascii=False, indent=2) + "\n")


def number(value: float) -> str:
    return f"{value:.4f}"


def interval(entry: dict[str, float]) -> str:
    return f"[{number(entry['ci_low'])}, {number(entry['ci_high'])}]"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], fmt: str) -> str:
    """An aligned plain-text table, or a Markdown one."""
    if fmt == "md":
        lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = [headers, ["-" * w for w in widths], *rows]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )


def header_line(meta: dict[str, Any]) -> str:
    gold = meta.get("gold", {}).get("source", "gold")
    return (
        f"GWRCommit scorer {meta['scorer_version']} · gold: {gold} ({meta['units']} units) · "
        f"seed {meta['seed']} · {meta['resamples']} resamples · 95% bootstrap CI · "
        f"git {meta['git_commit'][:12]}"
    )


def render_scores(result: dict[str, Any], fmt: str = "plain") -> str:
    """The metrics table (main metrics marked *), then per-class scores of the type task."""
    rows = []
    for task, entry in result["tasks"].items():
        for name, metric in entry["metrics"].items():
            main = name == entry["main_metric"]
            rows.append(
                [task, f"{name} *" if main else name, number(metric["value"]), interval(metric)]
            )
    parts = [
        header_line(result["meta"]),
        "",
        table(["task", "metric", "value", "95% CI"], rows, fmt),
    ]
    type_task = result["tasks"].get("type")
    if type_task:
        parts += ["", "type: per class", "", _per_class_table(type_task, fmt)]
        parts += [
            "",
            "type: confusion (rows gold, columns predicted)",
            "",
            _confusion(type_task, fmt),
        ]
    parts += [
        "",
        "* main metric. Macro-F1 averages over the labels that occur in gold or predictions; "
        "a zero denominator gives 0.0.",
    ]
    return "\n".join(parts)


def _per_class_table(task: dict[str, Any], fmt: str) -> str:
    rows = [
        [
            label,
            number(entry["precision"]["value"]),
            number(entry["recall"]["value"]),
            number(entry["f1"]["value"]),
            interval(entry["f1"]),
            str(entry["support"]),
            str(entry["predicted"]),
        ]
        for label, entry in task["per_class"].items()
    ]
    headers = ["label", "precision", "recall", "f1", "f1 95% CI", "support", "predicted"]
    return table(headers, rows, fmt)


def _confusion(task: dict[str, Any], fmt: str) -> str:
    labels = task["confusion"]["labels"]
    rows = [
        [label, *(str(n) for n in counts)]
        for label, counts in zip(labels, task["confusion"]["matrix"], strict=True)
    ]
    return table(["gold \\ predicted", *labels], rows, fmt)
