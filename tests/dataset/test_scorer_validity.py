"""Does the benchmark measure what it claims? Hand-made cases (seqeval style), each
checked against numbers worked out by hand, not against the scorer's own arithmetic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation.agreement import compute_agreement
from dataset.paths import PROJECT_ROOT
from dataset.release.load import load_split
from dataset.schema import TARGET_KINDS
from dataset.scoring.scorer import score
from dataset.version import DATASET_VERSION
from gwrcommit.cli import main
from tests.factories import make_unit, place, prediction, target, toy_pass, write_rows

RELEASE_TEST = PROJECT_ROOT / "dataset" / "data" / f"v{DATASET_VERSION}" / "test.jsonl"
TARGET_TEXT = "新建口袋公园12个,改造老旧管网30公里以上。"
PLACE_TEXT = "推动青枫镇和石溪镇共建云岭园区。"


def gold_with_spans() -> list[dict]:
    return [
        make_unit(
            0,
            TARGET_TEXT,
            numeric_targets=[
                target(TARGET_TEXT, "12个", 12, "个", kind="increment"),
                target(TARGET_TEXT, "30公里", 30, "公里", comparator=">=", kind="level"),
            ],
        ),
        make_unit(
            1,
            PLACE_TEXT,
            places=[
                place(PLACE_TEXT, "青枫镇"),
                place(PLACE_TEXT, "石溪镇"),
                place(PLACE_TEXT, "云岭园区", "zone"),
            ],
        ),
    ]


def metrics_of(gold: list[dict], rows: list[dict], task: str) -> dict[str, float]:
    entry = score(gold, rows, resamples=50)["tasks"][task]
    return {name: metric["value"] for name, metric in entry["metrics"].items()} | {
        "main": entry["metrics"][entry["main_metric"]]["value"]
    }


def with_spans(unit: dict, field: str, **changes) -> dict:
    return prediction(unit, **{field: [span | changes for span in unit[field]]})


def test_values_times_100_score_zero_on_the_targets_main_metric():
    gold = gold_with_spans()
    rows = [
        prediction(
            u, numeric_targets=[t | {"value": t["value"] * 100} for t in u["numeric_targets"]]
        )
        for u in gold
    ]
    metrics = metrics_of(gold, rows, "targets")
    # Every span is found exactly, every value is wrong: no (span, value, ...) tuple is right.
    assert metrics["main"] == metrics["tuple_f1"] == 0.0
    assert metrics["strict_f1"] == 1.0 and metrics["value_accuracy"] == 0.0


def test_every_kind_wrong_scores_zero_on_the_targets_main_metric_but_spans_stay_right():
    gold = gold_with_spans()
    other_kind = {"increment": "growth", "level": "ratio"}
    rows = [
        prediction(
            u, numeric_targets=[t | {"kind": other_kind[t["kind"]]} for t in u["numeric_targets"]]
        )
        for u in gold
    ]
    metrics = metrics_of(gold, rows, "targets")
    assert metrics["main"] == 0.0
    assert metrics["strict_f1"] == metrics["overlap_f1"] == 1.0
    assert metrics["kind_accuracy"] == 0.0 and metrics["unit_accuracy"] == 1.0


def test_every_place_type_wrong_scores_zero_on_the_places_main_metric_but_spans_stay_right():
    gold = gold_with_spans()
    other_type = {"township": "site", "zone": "natural"}
    rows = [
        prediction(u, places=[p | {"type": other_type[p["type"]]} for p in u["places"]])
        for u in gold
    ]
    metrics = metrics_of(gold, rows, "places")
    assert metrics["main"] == metrics["strict_typed_f1"] == 0.0
    assert metrics["strict_f1"] == metrics["overlap_f1"] == 1.0
    assert metrics["type_accuracy"] == 0.0


def test_half_the_targets_exactly_right_is_half_on_the_main_metric():
    gold = gold_with_spans()
    first, second = gold[0]["numeric_targets"]
    rows = [
        prediction(gold[0], numeric_targets=[first, second | {"unit": "米"}]),
        prediction(gold[1]),
    ]
    # TP 1 (the first), FP 1 and FN 1 (the second, unit wrong): P = R = F1 = 1/2.
    metrics = metrics_of(gold, rows, "targets")
    assert (metrics["tuple_precision"], metrics["tuple_recall"], metrics["main"]) == (0.5, 0.5, 0.5)


# --- the empty case: one convention for the scorer and the agreement report ----------


def spanless(records: list[dict]) -> list[dict]:
    """The records that hold no target and no place."""
    return [r for r in records if not r["numeric_targets"] and not r["places"]]


def unchanged(record: dict) -> dict:
    return record


def off_by_one_and_retyped(record: dict) -> dict:
    """The target span one character short (still a valid record), every place retyped."""
    targets = [t | {"end": t["end"] - 1, "text": t["text"][:-1]} for t in record["numeric_targets"]]
    places = [p | {"type": "site"} for p in record["places"]]
    return record | {"numeric_targets": targets, "places": places}


def score_file(capsys, gold: Path, pred: Path, out: Path) -> dict:
    args = ["score", "--pred", str(pred), "--gold", str(gold), "--resamples", "50"]
    assert main([*args, "--out", str(out)]) == 0, capsys.readouterr().err
    capsys.readouterr()
    return json.loads(out.read_text(encoding="utf-8"))


SPAN_TASKS = {"targets": "numeric_targets", "places": "places"}


@pytest.mark.parametrize(
    ("case", "change", "expected"),
    [
        # Nothing to find and nothing found: 1.0 for every span metric, in both reports.
        ("empty", unchanged, {"targets": (1.0, 1.0), "places": (1.0, 1.0)}),
        # (strict, overlap): the target found one character short, the place retyped.
        ("imperfect", off_by_one_and_retyped, {"targets": (0.0, 1.0), "places": (1.0, 1.0)}),
    ],
)
def test_scorer_and_agreement_report_give_the_same_span_f1_for_the_same_files(
    case, change, expected, capsys, tmp_path: Path
):
    gold_records = spanless(toy_pass()) if case == "empty" else toy_pass()
    gold = write_rows(tmp_path / "gold.jsonl", gold_records)
    pred = write_rows(tmp_path / "pred.jsonl", [change(r) for r in gold_records])
    scored = score_file(capsys, gold, pred, tmp_path / "metrics.json")["tasks"]
    agreement = compute_agreement(gold, pred)["fields"]
    for task, field in SPAN_TASKS.items():
        metrics = scored[task]["metrics"]
        strict, overlap = metrics["strict_f1"]["value"], metrics["overlap_f1"]["value"]
        assert (strict, overlap) == expected[task], task
        assert (agreement[field]["strict_f1"], agreement[field]["overlap_f1"]) == (strict, overlap)
    if case == "empty":
        for task in SPAN_TASKS:
            entry = scored[task]
            assert entry["counts"]["gold_spans"] == entry["counts"]["predicted_spans"] == 0
            main_metric = entry["metrics"][entry["main_metric"]]
            assert (main_metric["value"], main_metric["ci_low"], main_metric["ci_high"]) == (
                1.0,
                1.0,
                1.0,
            )
        assert agreement["numeric_targets"]["tuple_f1"] == 1.0


# --- the measurements of issue 15, on the released test split -------------------------


def times_100(unit: dict) -> dict:
    targets = [t | {"value": t["value"] * 100} for t in unit["numeric_targets"]]
    return prediction(unit, numeric_targets=targets)


def kind_shifted(unit: dict) -> dict:
    targets = [
        t | {"kind": TARGET_KINDS[(TARGET_KINDS.index(t["kind"]) + 1) % len(TARGET_KINDS)]}
        for t in unit["numeric_targets"]
    ]
    return prediction(unit, numeric_targets=targets)


def type_shifted(unit: dict) -> dict:
    places = [p | {"type": "natural" if p["type"] != "natural" else "site"} for p in unit["places"]]
    return prediction(unit, places=places)


@pytest.mark.skipif(not RELEASE_TEST.exists(), reason="the release is not built yet")
@pytest.mark.parametrize(
    ("change", "task"),
    [(times_100, "targets"), (kind_shifted, "targets"), (type_shifted, "places")],
)
def test_wrong_normalisation_of_every_span_of_the_test_split_scores_zero(change, task):
    gold = load_split("test")
    entry = score(gold, [change(u) for u in gold], resamples=20)["tasks"][task]
    assert entry["counts"]["gold_spans"] > 0
    assert entry["metrics"][entry["main_metric"]]["value"] == 0.0
    assert entry["metrics"]["strict_f1"]["value"] == 1.0
