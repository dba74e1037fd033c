"""gwrcommit score: the official scorer, with 95% bootstrap intervals."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from gwrcommit.options import add_force_argument

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
        metavar="test|dev|train|all|FILE",
        help="a release split or a JSONL file of gold records (default: test); "
        "write ./test for a file named test",
    )
    parser.add_argument("--version", help="release version of the gold (default: the current)")
    parser.add_argument("--seed", type=int, default=13, help="bootstrap seed (default: 13)")
    parser.add_argument(
        "--resamples", type=int, default=1000, help="bootstrap resamples (default: 1000)"
    )
    parser.add_argument("--out", metavar="METRICS.json", help="also write the results as JSON")
    add_force_argument(parser)
    parser.add_argument(
        "--format",
        choices=["plain", "md"],
        default="plain",
        help="stdout table: aligned plain text (default) or Markdown",
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pred", required=True, metavar="PRED.jsonl", help="prediction file")
    add_gold_arguments(parser)


def check_out(args: argparse.Namespace, predictions: Sequence[str]) -> None:
    """Refuse an --out that is an input or, without --force, an existing file, before
    any work is done."""
    from dataset.records.outputs import check_outputs
    from dataset.scoring.scorer import gold_inputs

    inputs = [*predictions, *gold_inputs(args.gold, args.version)]
    check_outputs([args.out], inputs, force=args.force)


def run(args: argparse.Namespace) -> int:
    from dataset.scoring.scorer import load_gold, read_predictions, score_lines, sha256_file

    check_out(args, [args.pred])
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
    """The metrics table (main metrics marked *), per-class scores of every single-label
    field, and the confusion of the type task."""
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
    for task, entry in result["tasks"].items():
        if "per_class" in entry:
            title = f"{task}: per class ({entry['per_class_field']})"
            note = result["meta"]["low_support"]
            parts += ["", title, "", per_class_table(entry, note, fmt)]
    type_task = result["tasks"].get("type")
    if type_task:
        parts += [
            "",
            "type: confusion (rows gold, columns predicted)",
            "",
            _confusion(type_task, fmt),
        ]
    parts += ["", *FOOTNOTES]
    return "\n".join(parts)


FOOTNOTES = (
    "* main metric. Macro-F1 averages over the labels that occur in the gold or the "
    "predictions (of each resample, in the intervals).",
    "Precision, recall, F1 and accuracy on matched spans are 1.0 when gold and predictions "
    "are both empty; any other zero denominator gives 0.0.",
    "Per-class intervals use only the resamples that hold the class (resamples).",
)


def with_interval(entry: dict[str, float]) -> str:
    return f"{number(entry['value'])} {interval(entry)}"


def per_class_table(task: dict[str, Any], low_support: str, fmt: str) -> str:
    """P/R/F1 with intervals, support and predicted counts, resamples holding the class;
    classes with too little support flagged with the `low_support` note."""
    rows = [
        [
            label,
            with_interval(entry["precision"]),
            with_interval(entry["recall"]),
            with_interval(entry["f1"]),
            str(entry["support"]),
            str(entry["predicted"]),
            str(entry["resamples_with_class"]),
            low_support if entry["low_support"] else "",
        ]
        for label, entry in task["per_class"].items()
    ]
    headers = [
        "label",
        "precision [95% CI]",
        "recall [95% CI]",
        "f1 [95% CI]",
        "support",
        "predicted",
        "resamples",
        "note",
    ]
    return table(headers, rows, fmt)


def _confusion(task: dict[str, Any], fmt: str) -> str:
    labels = task["confusion"]["labels"]
    rows = [
        [label, *(str(n) for n in counts)]
        for label, counts in zip(labels, task["confusion"]["matrix"], strict=True)
    ]
    return table(["gold \\ predicted", *labels], rows, fmt)
