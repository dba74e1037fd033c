"""Properties of the scorer and its bootstrap (hypothesis, derandomised: cannot flake)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataset.schema import COMMITMENT_STRENGTHS, COMMITMENT_TYPES, GEO_SCOPES
from dataset.scoring.bootstrap import percentile_interval, resample_counts
from dataset.scoring.scorer import score
from dataset.scoring.tasks import TASKS
from gwrcommit.benchmarks import perturb_predictions
from tests.factories import gold_units, make_unit, noisy_predictions, prediction

SETTINGS = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(gold_units())
def test_gold_scored_against_itself_is_perfect(gold):
    """Every metric, interval and per-class interval of a perfect system is exactly 1.0,
    even with no span anywhere (the empty case) and in resamples without a class."""
    result = score(gold, [prediction(u) for u in gold], resamples=50)
    for task in TASKS:
        entry = result["tasks"][task]
        assert entry["main_metric"] == TASKS[task].main_metric
        for name, metric in entry["metrics"].items():
            assert (metric["value"], metric["ci_low"], metric["ci_high"]) == (1.0, 1.0, 1.0), name
        for label, per_class in entry.get("per_class", {}).items():
            for name in ("precision", "recall", "f1"):
                bounds = (per_class[name]["ci_low"], per_class[name]["ci_high"])
                assert bounds == (1.0, 1.0), (task, label, name)
            assert 1 <= per_class["resamples_with_class"] <= 50


@SETTINGS
@given(st.data())
def test_scores_do_not_depend_on_the_order_of_records_or_spans(data):
    gold = data.draw(gold_units())
    predictions = data.draw(noisy_predictions(gold))
    shuffle = data.draw(st.randoms(use_true_random=False))
    gold_shuffled = [dict(u) for u in gold]
    predicted_shuffled = [dict(row) for row in predictions]
    for rows in (gold_shuffled, predicted_shuffled):
        shuffle.shuffle(rows)
        for row in rows:
            for field in ("numeric_targets", "places"):
                row[field] = shuffle.sample(row[field], len(row[field]))
    first = score(gold, predictions, resamples=30)
    second = score(gold_shuffled, predicted_shuffled, resamples=30)
    assert first["tasks"] == second["tasks"]


def intervals(result: dict):
    for task, entry in result["tasks"].items():
        for name, metric in entry["metrics"].items():
            yield f"{task}.{name}", metric
        for label, per_class in entry.get("per_class", {}).items():
            for name in ("precision", "recall", "f1"):
                yield f"{task}.{label}.{name}", per_class[name]


@SETTINGS
@given(st.data())
def test_every_interval_contains_its_point_estimate_and_stays_in_range(data):
    gold = data.draw(gold_units())
    predictions = data.draw(noisy_predictions(gold))
    result = score(gold, predictions, resamples=data.draw(st.integers(1, 200)))
    for name, metric in intervals(result):
        assert 0.0 <= metric["ci_low"] <= metric["value"] <= metric["ci_high"] <= 1.0, name


def test_percentile_interval_is_widened_only_to_reach_the_point_estimate():
    samples = np.linspace(0.5, 0.9, 401)[:, None] * np.ones((1, 2))
    low, high = percentile_interval(samples, np.array([0.7, 0.3]))
    assert low[0] == pytest.approx(0.51) and high[0] == pytest.approx(0.89)  # untouched
    assert low[1] == 0.3 and high[1] == pytest.approx(0.89)  # widened down to the point


def test_resample_counts_draw_every_unit_set_with_the_right_total():
    counts = resample_counts(units=7, resamples=500, seed=3)
    assert counts.shape == (500, 7)
    assert (counts.sum(axis=1) == 7).all()
    assert counts.mean() == pytest.approx(1.0)
    assert np.array_equal(counts, resample_counts(7, 500, 3))
    assert not np.array_equal(counts, resample_counts(7, 500, 4))


# --- how the interval behaves as resamples and units grow (fixed data, fixed seeds) ---


def seeded_gold(seed_document) -> list[dict]:
    """The seed's units with made-up labels (deterministic)."""
    rng = random.Random(5)
    rows = []
    for unit in seed_document.units:
        text = unit.text
        places = [{"start": 0, "end": 2, "text": text[:2], "type": "zone", "name": None}]
        rows.append(
            unit.model_dump(mode="json")
            | {
                "commitment_type": rng.choice(COMMITMENT_TYPES),
                "commitment_strength": rng.choice(COMMITMENT_STRENGTHS),
                "primary_domain": "health",
                "domains": ["health"],
                "geo_scope": rng.choice(GEO_SCOPES),
                "places": places if rng.random() < 0.5 and len(text) > 2 else [],
                "numeric_targets": [],
            }
        )
    return rows


def main_interval_widths(result: dict) -> np.ndarray:
    return np.array(
        [
            entry["metrics"][entry["main_metric"]]["ci_high"]
            - entry["metrics"][entry["main_metric"]]["ci_low"]
            for task, entry in result["tasks"].items()
            if task != "targets"
        ]
    )


def main_endpoints(result: dict) -> np.ndarray:
    return np.array(
        [
            [
                entry["metrics"][entry["main_metric"]]["ci_low"]
                for entry in result["tasks"].values()
            ],
            [
                entry["metrics"][entry["main_metric"]]["ci_high"]
                for entry in result["tasks"].values()
            ],
        ]
    )


@pytest.fixture(scope="module")
def seeded_case(seed_document):
    gold = seeded_gold(seed_document)
    return gold, perturb_predictions(gold, seed=2, rate=0.3)


def test_more_resamples_do_not_widen_the_interval_beyond_monte_carlo_noise(seeded_case):
    gold, predictions = seeded_case
    few = np.array(
        [main_interval_widths(score(gold, predictions, seed=s, resamples=100)) for s in range(8)]
    )
    many = main_interval_widths(score(gold, predictions, seed=99, resamples=4000))
    noise = few.std(axis=0)
    assert (many <= few.mean(axis=0) + 4 * noise + 1e-12).all()


def test_more_resamples_shrink_the_seed_to_seed_spread_of_the_interval(seeded_case):
    gold, predictions = seeded_case
    spread = {
        resamples: np.array(
            [
                main_endpoints(score(gold, predictions, seed=s, resamples=resamples))
                for s in range(6)
            ]
        ).std(axis=0)
        for resamples in (50, 2000)
    }
    assert spread[2000].mean() < 0.5 * spread[50].mean()


def test_more_units_narrow_the_interval(seeded_case):
    gold, predictions = seeded_case
    copies = 4
    bigger_gold, bigger_predictions = [], []
    for copy in range(copies):
        for unit, row in zip(gold, predictions, strict=True):
            new_id = f"{unit['id']}-copy{copy}"
            bigger_gold.append(unit | {"id": new_id})
            bigger_predictions.append(row | {"id": new_id})
    narrow = main_interval_widths(score(bigger_gold, bigger_predictions, resamples=2000))
    wide = main_interval_widths(score(gold, predictions, resamples=2000))
    # For smooth metrics the width shrinks about as 1/sqrt(units), to about half here.
    assert (narrow < 0.7 * wide).all()


def test_the_seed_changes_the_interval_but_never_the_point_estimate(seeded_case):
    gold, predictions = seeded_case
    first = score(gold, predictions, seed=1, resamples=200)
    again = score(gold, predictions, seed=1, resamples=200)
    other = score(gold, predictions, seed=2, resamples=200)
    assert first["tasks"] == again["tasks"]
    assert first["meta"]["seed"] == 1 and other["meta"]["seed"] == 2
    assert first["meta"]["resamples"] == 200
    pairs = list(zip(intervals(first), intervals(other), strict=True))
    assert all(a["value"] == b["value"] for (_, a), (_, b) in pairs)
    assert any(a["ci_low"] != b["ci_low"] for (_, a), (_, b) in pairs)


def test_a_single_unit_has_a_degenerate_interval():
    unit = make_unit(0, "推进建设。", commitment_type="aspiration")
    result = score([unit], [prediction(unit, commitment_type="general_measure")], resamples=50)
    macro = result["tasks"]["type"]["metrics"]["macro_f1"]
    assert macro == {"value": 0.0, "ci_low": 0.0, "ci_high": 0.0}
