"""Throughput measurements behind `gwrcommit bench`.

Inputs are variants of the seed in which every sentence carries the variant's number,
so that no two units of any run or of different runs have the same text: no cache
inside a component (keyed by a unit, clause or heading) can make a pass look faster
than new text would.
"""

from __future__ import annotations

import platform
import random
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dataset import paths
from dataset.records.source import read_source
from dataset.schema import COMPARATORS, PLACE_TYPES, SINGLE_LABEL_FIELDS, label_set

SEED = paths.PROJECT_ROOT / "seeds" / "000_74081a512f7bad7c.txt"


def interpreter() -> dict:
    """The Python that ran the measurements."""
    return {
        "implementation": platform.python_implementation(),
        "python": platform.python_version(),
        "processor": platform.machine(),
    }


def _best_of(repeat: int, work: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings)


_SENTENCE_END = re.compile(r"[。!?;！？；]")


def seed_variants(copies: int, first: int = 0) -> list[str]:
    """`copies` different texts of seed length: every sentence (and every line without
    a closing mark, such as a heading) ends with the variant number (…第7稿。)."""
    lines = read_source(SEED).split("\n")
    return ["\n".join(_numbered(line, k) for line in lines) for k in range(first, first + copies)]


def _numbered(line: str, k: int) -> str:
    if not line:
        return line
    marked = _SENTENCE_END.sub(lambda end: f"第{k}稿{end.group()}", line)
    return marked if _SENTENCE_END.fullmatch(line[-1]) else f"{marked}第{k}稿"


def bench_segment(copies: int, repeat: int) -> dict:
    from annotation.segment import segment

    texts = seed_variants(copies)
    units = sum(len(segment(text, "bench").units) for text in texts)
    seconds = _best_of(repeat, lambda: [segment(text, "bench") for text in texts])
    return {"units": units, "seconds": seconds, "units_per_second": units / seconds}


def bench_preannotate(copies: int, repeat: int) -> dict:
    """`gwrcommit preannotate` end to end in one process: `copies` report files (new
    variants of the seed in every run) read, segmented, labelled by the rules, validated
    and written as one JSONL file; best and median of `repeat` runs."""
    from annotation.rules.pipeline import preannotate_files

    timings, units = [], 0
    with tempfile.TemporaryDirectory(prefix="gwrcommit-bench-") as scratch:
        folder = Path(scratch)
        # import and compile once, outside the timing
        preannotate_files([SEED], folder / "warm-up.jsonl", "warm-up", progress=False)
        for run in range(repeat):
            reports = folder / f"run-{run}"
            reports.mkdir()
            for k, text in enumerate(seed_variants(copies, (run + 1) * copies)):
                (reports / f"variant-{k:05d}.txt").write_text(text, encoding="utf-8")
            started = time.perf_counter()
            _, units = preannotate_files([reports], folder / f"run-{run}.jsonl", progress=False)
            timings.append(time.perf_counter() - started)
    return {"documents": copies, **_timing_summary(timings, units)}


def bench_corpus(repeat: int) -> dict | None:
    """`gwrcommit preannotate` over every attached corpus report at once (the silver
    configuration's work): best and median of `repeat` runs; None when nothing is
    attached."""
    from annotation.rules.pipeline import preannotate_files
    from dataset.corpus.registry import store_dir

    store = store_dir()
    documents = len(list(store.glob("*.txt"))) if store.is_dir() else 0
    if not documents:
        return None
    timings, units = [], 0
    with tempfile.TemporaryDirectory(prefix="gwrcommit-bench-") as scratch:
        preannotate_files([SEED], Path(scratch) / "warm-up.jsonl", "warm-up", progress=False)
        for run in range(repeat):
            started = time.perf_counter()
            _, units = preannotate_files(
                [store], Path(scratch) / f"corpus-{run}.jsonl", progress=False
            )
            timings.append(time.perf_counter() - started)
    return {"documents": documents, **_timing_summary(timings, units)}


def _timing_summary(timings: list[float], units: int) -> dict:
    """Best and median of timed runs over `units` units."""
    timings = sorted(timings)
    best, median = timings[0], timings[len(timings) // 2]
    return {
        "units": units,
        "repeat": len(timings),
        "seconds": best,
        "median_seconds": median,
        "units_per_second": units / best,
        "median_units_per_second": units / median,
    }


def bench_score(resamples: int, repeat: int) -> dict:
    """All five tasks on the whole release, against perturbed predictions."""
    from dataset.release.load import load_split

    return time_scoring(load_split("all"), resamples=resamples, repeat=repeat)


def time_scoring(gold: list[dict], *, resamples: int, repeat: int, seed: int = 13) -> dict:
    """Seconds to score all tasks of a perturbed copy of `gold`, best of `repeat` runs."""
    from dataset.scoring.scorer import score
    from dataset.scoring.tasks import TASKS

    predictions = perturb_predictions(gold, seed)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        score(gold, predictions, seed=seed, resamples=resamples)
        runs.append(time.perf_counter() - started)
    return {
        "units": len(gold),
        "resamples": resamples,
        "tasks": len(TASKS),
        "seconds": min(runs),
        "runs": runs,
    }


def perturb_predictions(gold: list[dict], seed: int = 0, rate: float = 0.2) -> list[dict]:
    """A deterministic, valid, imperfect prediction file for `gold`: labels swapped,
    spans dropped, trimmed, relabelled or invented at about `rate`. For benchmarks
    and tests; never presented as a system."""
    rng = random.Random(seed)
    rows = []
    for unit in gold:
        row: dict = {"id": unit["id"]}
        for field in SINGLE_LABEL_FIELDS:
            row[field] = rng.choice(label_set(field)) if rng.random() < rate else unit[field]
        domains = [d for d in unit["domains"] if rng.random() >= rate / 2]
        if rng.random() < rate / 2:
            domains = sorted({*domains, rng.choice(label_set("domains"))})
        row["domains"] = domains
        text = unit["text"]
        row["numeric_targets"] = _perturb_spans(unit["numeric_targets"], text, rng, rate, "target")
        row["places"] = _perturb_spans(unit["places"], text, rng, rate, "place")
        rows.append(row)
    return rows


def _perturb_spans(
    spans: list[dict], text: str, rng: random.Random, rate: float, kind: str
) -> list[dict]:
    out = []
    for span in spans:
        roll = rng.random()
        if roll < rate / 4:
            continue
        span = dict(span)
        if roll < rate / 2 and span["end"] - span["start"] > 1:
            span["end"] -= 1
            span["text"] = text[span["start"] : span["end"]]
        elif roll < 3 * rate / 4:
            if kind == "target":
                span["value"] = span["value"] * 10
                span["comparator"] = rng.choice(COMPARATORS)
            else:
                span["type"] = rng.choice(PLACE_TYPES)
        out.append(span)
    if rng.random() < rate / 2 and len(text) >= 2:
        start = rng.randrange(len(text) - 1)
        piece = {"start": start, "end": start + 2, "text": text[start : start + 2]}
        if kind == "target":
            piece |= {
                "value": 1.0,
                "value_max": None,
                "unit": "个",
                "comparator": "=",
                "kind": "level",
                "indicator": "x",
            }
        else:
            piece |= {"type": "site", "name": None}
        out.append(piece)
    return out
