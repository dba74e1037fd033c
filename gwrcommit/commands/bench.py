"""gwrcommit bench: throughput of segment, preannotate and score on this machine."""

from __future__ import annotations

import argparse

from gwrcommit.options import add_force_argument

NAME = "bench"
HELP = "measure the throughput of segment, preannotate (end to end) and score"
EXAMPLES = ["gwrcommit bench", "gwrcommit bench --copies 50 --resamples 1000 --out bench.json"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--copies",
        type=int,
        default=100,
        help="how many distinct variants of the seed (201 units each) to process per run "
        "(default 100: about 20,000 units)",
    )
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples")
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed runs; the best and the median are shown"
    )
    parser.add_argument("--out", help="also write the measurements as JSON")
    add_force_argument(parser)


def run(args: argparse.Namespace) -> int:
    import json

    from dataset.errors import InputError
    from dataset.records.jsonl import write_text_atomic
    from dataset.records.outputs import check_outputs
    from gwrcommit.benchmarks import (
        bench_corpus,
        bench_preannotate,
        bench_score,
        bench_segment,
        interpreter,
    )

    if args.copies < 1 or args.repeat < 1 or args.resamples < 1:
        raise InputError("--copies, --repeat and --resamples must be at least 1")
    check_outputs([args.out], force=args.force)  # before minutes of measuring
    results = {
        "machine": interpreter(),
        "segment": bench_segment(args.copies, args.repeat),
        "preannotate": bench_preannotate(args.copies, args.repeat),
        "score": bench_score(args.resamples, args.repeat),
        "corpus": bench_corpus(args.repeat),
    }
    seg, pre, sco = results["segment"], results["preannotate"], results["score"]
    python = results["machine"]
    print(f"python       {python['implementation']} {python['python']}")
    print(f"segment      {seg['units']:>7} units  {seg['units_per_second']:>12,.0f} units/s")
    print(
        f"preannotate  {pre['units']:>7} units  {pre['units_per_second']:>12,.0f} units/s "
        f"(median of {pre['repeat']} runs {pre['median_units_per_second']:,.0f}; end to end: "
        "read, segment, rules, validate, write; one core)"
    )
    print(
        f"score        {sco['units']:>7} units  {sco['seconds']:>12.3f} s for all "
        f"{sco['tasks']} tasks with {sco['resamples']} resamples"
    )
    corpus = results["corpus"]
    if corpus is None:
        print("corpus       not attached (gwrcommit corpus attach PATH): not measured")
    else:
        print(
            f"corpus       {corpus['units']:>7} units  "
            f"{corpus['units_per_second']:>12,.0f} units/s "
            f"({corpus['documents']} attached reports in {corpus['seconds']:.1f} s, best of "
            f"{corpus['repeat']}; median {corpus['median_seconds']:.1f} s)"
        )
    if args.out:
        write_text_atomic(args.out, json.dumps(results, indent=2) + "\n")
    return 0
