"""`gwrcommit compare`: the paired bootstrap of two prediction files."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import numpy as np
import pytest

from dataset.schema import COMMITMENT_STRENGTHS, COMMITMENT_TYPES, GEO_SCOPES
from dataset.scoring.bootstrap import paired_p_value, percentile_interval, resample_counts
from dataset.scoring.scorer import _prepare, compare, score
from dataset.scoring.tasks import TASKS
from gwrcommit.benchmarks import perturb_predictions
from gwrcommit.cli import main
from tests.factories import build_temp_release, prediction, write_rows


@pytest.fixture(scope="module")
def gold(seed_document) -> list[dict]:
    """The seed's units with made-up labels and spans."""
    rng = random.Random(7)
    rows = []
    for unit in seed_document.units:
        text = unit.text
        places = [{"start": 0, "end": 2, "text": text[:2], "type": "zone", "name": None}]
        targets = [
            {
                "start": 2,
                "end": 4,
                "text": text[2:4],
                "indicator": "x",
                "value": 4.0,
                "value_max": None,
                "unit": "个",
                "comparator": "=",
                "kind": "level",
            }
        ]
        rows.append(
            unit.model_dump(mode="json")
            | {
                "commitment_type": rng.choice(COMMITMENT_TYPES),
                "commitment_strength": rng.choice(COMMITMENT_STRENGTHS),
                "primary_domain": "labor",
                "domains": ["labor"],
                "geo_scope": rng.choice(GEO_SCOPES),
                "places": places if len(text) > 4 and rng.random() < 0.6 else [],
                "numeric_targets": targets if len(text) > 4 and rng.random() < 0.4 else [],
            }
        )
    return rows


def test_identical_files_differ_by_zero_with_p_one(gold):
    predictions = perturb_predictions(gold, seed=1)
    result = compare(gold, predictions, predictions, resamples=300)
    assert list(result["tasks"]) == list(TASKS)
    for task, entry in result["tasks"].items():
        assert entry["metric"] == TASKS[task].main_metric
        assert entry["difference"] == {"value": 0.0, "ci_low": 0.0, "ci_high": 0.0}
        assert entry["p_value"] == 1.0


def test_a_much_better_file_wins_with_a_small_p_value(gold):
    worse = perturb_predictions(gold, seed=1, rate=0.6)
    better = [prediction(unit) for unit in gold]
    result = compare(gold, worse, better, resamples=1000)
    for entry in result["tasks"].values():
        assert entry["difference"]["value"] > 0
        assert entry["difference"]["ci_low"] > 0
        assert entry["p_value"] == pytest.approx(2 / 1001)  # no resample has d* <= 0


def test_swapping_the_files_negates_the_difference_and_keeps_p(gold):
    a = perturb_predictions(gold, seed=1, rate=0.3)
    b = perturb_predictions(gold, seed=2, rate=0.25)
    forward = compare(gold, a, b, resamples=500)
    backward = compare(gold, b, a, resamples=500)
    for task in TASKS:
        f, r = forward["tasks"][task], backward["tasks"][task]
        assert f["difference"]["value"] == pytest.approx(-r["difference"]["value"])
        assert f["difference"]["ci_low"] == pytest.approx(-r["difference"]["ci_high"])
        assert f["p_value"] == pytest.approx(r["p_value"])


def test_compare_pairs_the_same_resamples_that_score_uses(gold):
    a = perturb_predictions(gold, seed=1, rate=0.3)
    b = perturb_predictions(gold, seed=2, rate=0.25)
    result = compare(gold, a, b, seed=5, resamples=400)
    scored_a = score(gold, a, seed=5, resamples=400)
    scored_b = score(gold, b, seed=5, resamples=400)
    units, evaluations_a = _prepare(gold, list(enumerate(a, 1)), "A")
    _, evaluations_b = _prepare(gold, list(enumerate(b, 1)), "B")
    counts = resample_counts(len(units), 400, 5)
    for task in TASKS:
        entry = result["tasks"][task]
        metric = TASKS[task].main_metric
        assert entry["A"] == scored_a["tasks"][task]["metrics"][metric]
        assert entry["B"] == scored_b["tasks"][task]["metrics"][metric]
        # the difference is taken resample by resample, not between the two intervals
        fn_a, fn_b = evaluations_a[task].metrics[metric], evaluations_b[task].metrics[metric]
        differences = fn_b(evaluations_b[task].table.totals(counts)) - fn_a(
            evaluations_a[task].table.totals(counts)
        )
        low, high = percentile_interval(differences, entry["difference"]["value"])
        assert (entry["difference"]["ci_low"], entry["difference"]["ci_high"]) == (low, high)
        assert entry["p_value"] == paired_p_value(differences)


def test_paired_p_value_by_hand():
    assert paired_p_value(np.array([0.1, 0.2, 0.3])) == pytest.approx(2 * 1 / 4)
    assert paired_p_value(np.array([0.1] * 99)) == pytest.approx(2 / 100)
    assert paired_p_value(np.array([-0.1] * 99)) == pytest.approx(2 / 100)
    # 30 of 99 resamples at or below 0: p = 2 * 31 / 100
    assert paired_p_value(np.array([-0.1] * 30 + [0.2] * 69)) == pytest.approx(0.62)
    assert paired_p_value(np.zeros(50)) == 1.0


def test_tasks_scored_in_only_one_file_are_listed_not_compared(gold):
    a = [{"id": u["id"], "commitment_type": u["commitment_type"]} for u in gold]
    b = [{"id": u["id"], "commitment_type": "aspiration", "geo_scope": "district"} for u in gold]
    result = compare(gold, a, b, resamples=100, sources=("a.jsonl", "b.jsonl"))
    assert list(result["tasks"]) == ["type"]
    assert result["not_compared"] == {"places": "scored only in b.jsonl"}


def test_places_with_geo_scope_only_in_one_file_compare_on_geo_scope(gold):
    a = [{"id": u["id"], "geo_scope": u["geo_scope"], "places": u["places"]} for u in gold]
    b = [{"id": u["id"], "geo_scope": "district"} for u in gold]
    result = compare(gold, a, b, resamples=100)
    assert result["tasks"]["places"]["metric"] == "geo_scope_macro_f1"


def test_compare_command_writes_json_and_a_table(tmp_path: Path, monkeypatch, capsys):
    release = build_temp_release(tmp_path, monkeypatch)
    rows = [json.loads(line) for line in (release / "test.jsonl").read_text().splitlines()]
    path_a = write_rows(tmp_path / "a.jsonl", perturb_predictions(rows, seed=1, rate=0.5))
    path_b = write_rows(tmp_path / "b.jsonl", [prediction(r) for r in rows])
    out = tmp_path / "cmp.json"
    code = main(
        ["compare", "--pred", str(path_a), "--pred", str(path_b), "--seed", "3", "--out", str(out)]
    )
    stdout = capsys.readouterr().out
    assert code == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    meta = result["meta"]
    assert meta["seed"] == 3 and meta["resamples"] == 1000
    assert meta["predictions"]["A"]["sha256"] == hashlib.sha256(path_a.read_bytes()).hexdigest()
    assert meta["predictions"]["B"]["source"] == str(path_b)
    assert "p = min(1, 2 * min(" in meta["p_value_method"]
    assert f"A = {path_a}" in stdout and "B - A" in stdout
    for task in TASKS:
        assert result["tasks"][task]["B"]["value"] == 1.0


def test_compare_needs_exactly_two_files_and_checks_each(tmp_path: Path, monkeypatch, capsys):
    release = build_temp_release(tmp_path, monkeypatch)
    rows = [json.loads(line) for line in (release / "test.jsonl").read_text().splitlines()]
    good = write_rows(tmp_path / "good.jsonl", [prediction(r) for r in rows])
    assert main(["compare", "--pred", str(good)]) == 2
    assert "exactly two --pred files" in capsys.readouterr().err
    bad_rows = [prediction(r) for r in rows]
    bad_rows[1]["commitment_type"] = "promise"
    bad = write_rows(tmp_path / "bad.jsonl", bad_rows)
    assert main(["compare", "--pred", str(good), "--pred", str(bad)]) == 2
    assert f"{bad}:2: unknown commitment_type 'promise'" in capsys.readouterr().err


def test_compare_out_is_checked_before_any_work(tmp_path: Path, monkeypatch, capsys):
    release = build_temp_release(tmp_path, monkeypatch)
    rows = [json.loads(line) for line in (release / "test.jsonl").read_text().splitlines()]
    good = write_rows(tmp_path / "good.jsonl", [prediction(r) for r in rows])
    bad = write_rows(tmp_path / "bad.jsonl", [{"id": "nobody"}])
    saved = tmp_path / "cmp.json"
    saved.write_text('{"saved": true}\n')
    # The existing output is refused before the bad second file is even read.
    assert main(["compare", "--pred", str(good), "--pred", str(bad), "--out", str(saved)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert json.loads(saved.read_text()) == {"saved": True}
    for own_input in (good, bad):
        argv = ["compare", "--pred", str(good), "--pred", str(bad), "--out", str(own_input)]
        assert main([*argv, "--force"]) == 2
        assert "is also an input" in capsys.readouterr().err
    assert good.read_text().count("\n") == len(rows)
    argv = ["compare", "--pred", str(good), "--pred", str(good), "--out", str(saved), "--force"]
    assert main(argv) == 0
    assert "tasks" in json.loads(saved.read_text())
