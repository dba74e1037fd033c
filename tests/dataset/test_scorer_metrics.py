"""Scorer metrics: differential tests against scikit-learn, hand-worked span cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import (
    accuracy_score,
    f1_score,
    precision_recall_fscore_support,
)
from sklearn.metrics import confusion_matrix as sk_confusion_matrix
from sklearn.preprocessing import MultiLabelBinarizer

from dataset.schema import COMMITMENT_TYPES, DOMAINS, GEO_SCOPES
from dataset.scoring.bootstrap import percentile_interval, resample_counts
from dataset.scoring.metrics import macro_f1, match_overlapping, max_weight_assignment, ratio
from dataset.scoring.scorer import _prepare, metric_samples, score
from tests.factories import make_unit, place, prediction, target

# scikit-learn warns when a resample holds a single label; the scores are still right.
pytestmark = pytest.mark.filterwarnings("ignore:A single label was found:UserWarning")

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
MULTI_DOMAINS = [d for d in DOMAINS if d != "none"]


def metric(result: dict, task: str, name: str) -> float:
    return result["tasks"][task]["metrics"][name]["value"]


# --- classification against scikit-learn --------------------------------------------


def labelled_pairs(vocabulary):
    label = st.sampled_from(vocabulary)
    return st.lists(st.tuples(label, label), min_size=1, max_size=40)


def type_units(pairs):
    gold = [make_unit(i, "推进建设。", commitment_type=g) for i, (g, _) in enumerate(pairs)]
    predictions = [
        {"id": u["id"], "commitment_type": p} for u, (_, p) in zip(gold, pairs, strict=True)
    ]
    return gold, predictions


@SETTINGS
@given(labelled_pairs(COMMITMENT_TYPES))
def test_type_metrics_match_sklearn(pairs):
    gold_labels, predicted_labels = map(list, zip(*pairs, strict=True))
    gold, predictions = type_units(pairs)
    task = score(gold, predictions, resamples=5)["tasks"]["type"]

    expected_macro = f1_score(gold_labels, predicted_labels, average="macro", zero_division=0)
    assert task["metrics"]["macro_f1"]["value"] == pytest.approx(expected_macro, abs=1e-12)
    expected_accuracy = accuracy_score(gold_labels, predicted_labels)
    assert task["metrics"]["accuracy"]["value"] == pytest.approx(expected_accuracy, abs=1e-12)

    labels = [label for label in COMMITMENT_TYPES if label in {*gold_labels, *predicted_labels}]
    assert list(task["per_class"]) == labels
    p, r, f, support = precision_recall_fscore_support(
        gold_labels, predicted_labels, labels=labels, zero_division=0
    )
    for k, label in enumerate(labels):
        entry = task["per_class"][label]
        assert entry["precision"]["value"] == pytest.approx(p[k], abs=1e-12)
        assert entry["recall"]["value"] == pytest.approx(r[k], abs=1e-12)
        assert entry["f1"]["value"] == pytest.approx(f[k], abs=1e-12)
        assert entry["support"] == support[k]

    assert task["confusion"]["labels"] == labels
    expected_matrix = sk_confusion_matrix(gold_labels, predicted_labels, labels=labels)
    assert task["confusion"]["matrix"] == expected_matrix.tolist()


@SETTINGS
@given(labelled_pairs(GEO_SCOPES), labelled_pairs(DOMAINS))
def test_geo_scope_and_primary_domain_match_sklearn(scopes, domains):
    size = min(len(scopes), len(domains))
    gold = [
        make_unit(
            i,
            "推进建设。",
            geo_scope=scopes[i][0],
            primary_domain=domains[i][0],
            domains=[] if domains[i][0] == "none" else [domains[i][0]],
        )
        for i in range(size)
    ]
    predictions = [
        {"id": u["id"], "geo_scope": scopes[i][1], "primary_domain": domains[i][1]}
        for i, u in enumerate(gold)
    ]
    result = score(gold, predictions, resamples=5)
    for task, name, pairs in (
        ("places", "geo_scope_macro_f1", scopes[:size]),
        ("domain", "primary_macro_f1", domains[:size]),
    ):
        gold_labels, predicted_labels = zip(*pairs, strict=True)
        expected = f1_score(gold_labels, predicted_labels, average="macro", zero_division=0)
        assert metric(result, task, name) == pytest.approx(expected, abs=1e-12)
    assert result["tasks"]["places"]["main_metric"] == "geo_scope_macro_f1"


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sets(st.sampled_from(MULTI_DOMAINS), max_size=4),
            st.sets(st.sampled_from(MULTI_DOMAINS), max_size=4),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_domains_micro_f1_matches_sklearn(pairs):
    gold = [make_unit(i, "推进建设。", domains=sorted(g)) for i, (g, _) in enumerate(pairs)]
    predictions = [
        {"id": u["id"], "primary_domain": "none", "domains": sorted(p)}
        for u, (_, p) in zip(gold, pairs, strict=True)
    ]
    binarizer = MultiLabelBinarizer(classes=MULTI_DOMAINS)
    y_true = binarizer.fit_transform([g for g, _ in pairs])
    y_pred = binarizer.transform([p for _, p in pairs])
    expected = f1_score(y_true, y_pred, average="micro", zero_division=0)
    if not y_true.any() and not y_pred.any():
        expected = 1.0  # nothing to find and nothing found: the scorer's empty case
    result = score(gold, predictions, resamples=5)
    assert metric(result, "domain", "domains_micro_f1") == pytest.approx(expected, abs=1e-12)


@SETTINGS
@given(labelled_pairs(COMMITMENT_TYPES), st.integers(0, 2**32 - 1))
def test_each_bootstrap_resample_matches_sklearn_on_the_repeated_units(pairs, seed):
    """The vectorised resample equals scoring the drawn units one by one."""
    gold, predictions = type_units(pairs)
    units, evaluations = _prepare(gold, list(enumerate(predictions, 1)), "p")
    counts = resample_counts(len(units), 4, seed)
    samples = metric_samples(evaluations["type"], counts)
    by_id = {row["id"]: row["commitment_type"] for row in predictions}
    for r in range(4):
        drawn = np.repeat(np.arange(len(units)), counts[r].astype(int))
        gold_labels = [units[i]["commitment_type"] for i in drawn]
        predicted_labels = [by_id[units[i]["id"]] for i in drawn]
        expected = f1_score(gold_labels, predicted_labels, average="macro", zero_division=0)
        assert samples["macro_f1"][1][r] == pytest.approx(expected, abs=1e-12)
        assert samples["accuracy"][1][r] == pytest.approx(
            accuracy_score(gold_labels, predicted_labels), abs=1e-12
        )


def test_macro_f1_counts_labels_seen_only_in_predictions_and_skips_unseen_ones():
    gold = [make_unit(i, "推进建设。", commitment_type="general_measure") for i in range(4)]
    predicted = ["general_measure", "general_measure", "general_measure", "aspiration"]
    rows = [{"id": u["id"], "commitment_type": p} for u, p in zip(gold, predicted, strict=True)]
    task = score(gold, rows, resamples=5)["tasks"]["type"]
    # general_measure: TP 3, FN 1 -> F1 6/7; aspiration: FP 1 -> F1 0; the other three
    # labels occur nowhere and do not count.
    assert task["metrics"]["macro_f1"]["value"] == pytest.approx((6 / 7 + 0) / 2)
    assert list(task["per_class"]) == ["general_measure", "aspiration"]
    unseen = task["per_class"]["aspiration"]
    assert unseen["precision"]["value"] == 0.0
    assert unseen["recall"]["value"] == 0.0  # no gold, one prediction: 0/0 -> 0.0
    assert unseen["f1"]["value"] == 0.0  # still a false positive
    assert (unseen["support"], unseen["predicted"]) == (0, 1)


def test_zero_division_is_zero_not_nan():
    assert ratio(np.array([0.0, 1.0]), np.array([0.0, 2.0])).tolist() == [0.0, 0.5]
    zeros = np.zeros((1, 3))
    assert macro_f1(zeros, zeros, zeros).tolist() == [0.0]


# --- per-class intervals ----------------------------------------------------------


def rare_class_gold() -> list[dict]:
    """19 general measures and one aspiration: most resamples of 20 units miss it."""
    labels = ["general_measure"] * 19 + ["aspiration"]
    return [make_unit(i, "推进建设。", commitment_type=label) for i, label in enumerate(labels)]


def test_a_perfect_system_has_every_per_class_interval_at_one():
    gold = rare_class_gold()
    task = score(gold, [prediction(u) for u in gold], resamples=200)["tasks"]["type"]
    for label, entry in task["per_class"].items():
        for name in ("precision", "recall", "f1"):
            assert (entry[name]["ci_low"], entry[name]["ci_high"]) == (1.0, 1.0), (label, name)
    # A resample misses the one aspiration unit with probability (19/20)^20, about 0.36:
    # those resamples say nothing about the class and are left out of its interval.
    assert 80 < task["per_class"]["aspiration"]["resamples_with_class"] < 200
    assert task["per_class"]["general_measure"]["resamples_with_class"] == 200
    assert task["per_class"]["aspiration"]["low_support"] is True
    assert task["per_class"]["general_measure"]["low_support"] is False


@SETTINGS
@given(labelled_pairs(COMMITMENT_TYPES), st.integers(0, 2**32 - 1))
def test_per_class_interval_is_over_the_resamples_holding_the_class(pairs, seed):
    """Each class's F1 interval: the percentile interval of scikit-learn's per-class F1 on
    the drawn units of each resample in which the class occurs (gold or predicted)."""
    gold, predictions = type_units(pairs)
    resamples = 40
    task = score(gold, predictions, seed=seed, resamples=resamples)["tasks"]["type"]
    units = sorted(gold, key=lambda unit: unit["id"])
    by_id = {row["id"]: row["commitment_type"] for row in predictions}
    counts = resample_counts(len(units), resamples, seed)
    for label, entry in task["per_class"].items():
        samples = []
        for r in range(resamples):
            drawn = np.repeat(np.arange(len(units)), counts[r].astype(int))
            gold_labels = [units[i]["commitment_type"] for i in drawn]
            predicted_labels = [by_id[units[i]["id"]] for i in drawn]
            if label in gold_labels or label in predicted_labels:
                (f,) = f1_score(
                    gold_labels, predicted_labels, labels=[label], average=None, zero_division=0
                )
                samples.append(f)
        assert entry["resamples_with_class"] == len(samples)
        if samples:
            low, high = percentile_interval(np.array(samples), entry["f1"]["value"])
            assert entry["f1"]["ci_low"] == pytest.approx(low, abs=1e-12)
            assert entry["f1"]["ci_high"] == pytest.approx(high, abs=1e-12)


# --- spans: hand-worked cases --------------------------------------------------------

TEXT = "新建口袋公园12个,改造老旧管网30公里以上。"


def score_targets(gold_targets, predicted_targets, text=TEXT):
    gold = [make_unit(0, text, numeric_targets=gold_targets)]
    rows = [{"id": gold[0]["id"], "numeric_targets": predicted_targets}]
    return score(gold, rows, resamples=20)["tasks"]["targets"]


def values(task, *names):
    return [task["metrics"][name]["value"] for name in names]


PRF = ("strict_precision", "strict_recall", "strict_f1")
OVERLAP_PRF = ("overlap_precision", "overlap_recall", "overlap_f1")


def test_exact_match():
    gold = [target(TEXT, "12个", 12, "个"), target(TEXT, "30公里", 30, "公里", comparator=">=")]
    task = score_targets(gold, gold)
    assert values(task, *PRF, *OVERLAP_PRF, "tuple_f1") == [1.0] * 7


def test_boundary_off_by_one_is_an_overlap_hit_but_a_strict_miss():
    gold = [target(TEXT, "12个", 12, "个")]
    predicted = [target(TEXT, "12", 12, "个")]
    task = score_targets(gold, predicted)
    assert values(task, *PRF) == [0.0, 0.0, 0.0]
    assert values(task, *OVERLAP_PRF) == [1.0, 1.0, 1.0]
    assert values(task, "value_accuracy", "unit_accuracy") == [1.0, 1.0]
    assert values(task, "tuple_f1") == [0.0]  # the main metric needs the exact span


def test_a_split_span_matches_once():
    gold = [target(TEXT, "30公里", 30, "公里")]
    predicted = [target(TEXT, "30", 30, "公里"), target(TEXT, "公里", 30, "公里")]
    task = score_targets(gold, predicted)
    assert values(task, *PRF) == [0.0, 0.0, 0.0]
    assert values(task, *OVERLAP_PRF) == pytest.approx([1 / 2, 1.0, 2 / 3])


def test_a_merged_span_matches_one_of_the_gold_spans():
    gold = [target(TEXT, "12个", 12, "个"), target(TEXT, "30公里", 30, "公里")]
    predicted = [target(TEXT, "12个,改造老旧管网30公里", 12, "个")]
    task = score_targets(gold, predicted)
    assert values(task, *PRF) == [0.0, 0.0, 0.0]
    assert values(task, *OVERLAP_PRF) == pytest.approx([1.0, 1 / 2, 2 / 3])
    assert task["counts"]["overlap_matches"] == 1


def test_duplicate_predictions_count_once_as_hits_and_once_as_false_positives():
    gold = [target(TEXT, "12个", 12, "个")]
    task = score_targets(gold, gold + gold)
    assert values(task, *PRF) == pytest.approx([1 / 2, 1.0, 2 / 3])
    assert values(task, *OVERLAP_PRF) == pytest.approx([1 / 2, 1.0, 2 / 3])


def test_predictions_on_an_empty_gold_are_false_positives_and_recall_is_zero():
    task = score_targets([], [target(TEXT, "12个", 12, "个")])
    assert values(task, *PRF, *OVERLAP_PRF) == [0.0] * 6


def test_empty_predictions_give_zero_precision_and_recall():
    task = score_targets([target(TEXT, "12个", 12, "个")], [])
    assert values(task, *PRF, *OVERLAP_PRF, "value_accuracy") == [0.0] * 7


def test_nothing_to_find_and_nothing_found_is_one_by_convention():
    task = score_targets([], [])
    assert values(task, *PRF, *OVERLAP_PRF, "value_accuracy", "tuple_f1") == [1.0] * 8
    assert task["metrics"]["strict_f1"]["ci_low"] == task["metrics"]["strict_f1"]["ci_high"] == 1.0


def test_span_counts_pool_over_units_rather_than_averaging_per_unit():
    other = "开展培训800人次。"
    gold = [
        make_unit(0, TEXT, numeric_targets=[target(TEXT, "12个", 12, "个")]),
        make_unit(1, other, numeric_targets=[target(other, "800人次", 800, "人次")]),
    ]
    rows = [
        {"id": gold[0]["id"], "numeric_targets": gold[0]["numeric_targets"]},
        {"id": gold[1]["id"], "numeric_targets": [target(other, "800", 800, "人次")] * 1},
    ]
    rows[1]["numeric_targets"].append(target(other, "人次", 800, "人次"))
    task = score(gold, rows, resamples=20)["tasks"]["targets"]
    # strict: TP 1 of 3 predicted, 2 gold -> P 1/3, R 1/2, F1 2/5 (not the mean of 1 and 0)
    assert values(task, *PRF) == pytest.approx([1 / 3, 1 / 2, 2 / 5])


def test_values_agree_up_to_a_relative_tolerance_and_value_max_must_agree_too():
    gold = [target(TEXT, "12个", 12, "个"), target(TEXT, "30公里", 30, "公里")]
    predicted = [
        target(TEXT, "12个", 12 * (1 + 5e-7), "个"),
        target(TEXT, "30公里", 30 * (1 + 5e-6), "公里"),
    ]
    task = score_targets(gold, predicted)
    assert values(task, "value_accuracy", "tuple_f1") == pytest.approx([1 / 2, 1 / 2])

    ranged = [target(TEXT, "12个", 12, "个", comparator="range", value_max=15.0)]
    off_range = [target(TEXT, "12个", 12, "个", comparator="range", value_max=16.0)]
    no_range = [target(TEXT, "12个", 12, "个", comparator="range")]
    assert values(score_targets(ranged, ranged), "value_accuracy") == [1.0]
    assert values(score_targets(ranged, off_range), "value_accuracy") == [0.0]
    assert values(score_targets(ranged, no_range), "value_accuracy") == [0.0]


def test_attribute_accuracies_and_tuple_f1_on_matched_spans():
    gold = [
        target(TEXT, "12个", 12, "个", comparator="=", kind="increment"),
        target(TEXT, "30公里", 30, "公里", comparator=">=", kind="level"),
    ]
    predicted = [
        target(TEXT, "12个", 12, "个", comparator="=", kind="level"),  # kind wrong
        target(TEXT, "30公里", 30, "公里", comparator=">=", kind="level"),  # all right
    ]
    task = score_targets(gold, predicted)
    assert values(
        task, "value_accuracy", "unit_accuracy", "comparator_accuracy", "kind_accuracy"
    ) == pytest.approx([1.0, 1.0, 1.0, 0.5])
    # tuple = exact span + value + value_max + unit + comparator + kind: only the second.
    assert values(task, "tuple_precision", "tuple_recall", "tuple_f1") == pytest.approx(
        [0.5, 0.5, 0.5]
    )
    assert task["counts"]["tuple_matches"] == 1


def test_matching_is_one_to_one_with_the_most_pairs():
    # pred 0 overlaps both gold spans, pred 1 only the first: the best matching pairs
    # gold 0 with pred 1 and gold 1 with pred 0, although pred 0 overlaps gold 0 more.
    gold = [{"start": 0, "end": 4}, {"start": 4, "end": 6}]
    predicted = [{"start": 1, "end": 5}, {"start": 0, "end": 1}]
    assert sorted(match_overlapping(gold, predicted)) == [(0, 1), (1, 0)]


def test_matching_prefers_the_exact_span_for_attribute_accuracy():
    text = "建设白鹭镇和石溪镇。"
    gold = [place(text, "白鹭镇", "township")]
    predicted = [place(text, "白鹭镇和石溪镇", "region"), place(text, "白鹭镇", "township")]
    rows = [{"id": "made-up-0000", "places": predicted}]
    task = score([make_unit(0, text, places=gold)], rows, resamples=20)["tasks"]["places"]
    assert values(task, "type_accuracy", "strict_recall", "overlap_precision") == [1.0, 1.0, 0.5]


def test_places_strict_overlap_and_type():
    text = "推动青枫镇和石溪镇共建云岭园区。"
    gold = [
        place(text, "青枫镇"),
        place(text, "石溪镇"),
        place(text, "云岭园区", "zone"),
    ]
    predicted = [
        place(text, "青枫镇"),  # exact, right type
        place(text, "石溪镇", "site"),  # exact, wrong type
        place(text, "云岭", "zone"),  # overlap, right type
        place(text, "共建", "zone"),  # spurious
    ]
    unit = make_unit(0, text, places=gold, geo_scope="locality")
    rows = [prediction(unit, places=predicted)]
    task = score([unit], rows, resamples=20)["tasks"]["places"]
    typed = ("strict_typed_precision", "strict_typed_recall", "strict_typed_f1")
    assert values(task, *typed) == pytest.approx([1 / 4, 1 / 3, 2 / 7])
    assert values(task, *PRF) == pytest.approx([2 / 4, 2 / 3, 4 / 7])
    assert values(task, *OVERLAP_PRF) == pytest.approx([3 / 4, 1.0, 6 / 7])
    assert values(task, "type_accuracy", "geo_scope_macro_f1") == pytest.approx([2 / 3, 1.0])
    assert task["main_metric"] == "strict_typed_f1"
    assert task["counts"]["strict_typed_matches"] == 1


@pytest.mark.parametrize(
    ("change", "tuple_hit"),
    [
        ({}, True),
        ({"value": 12.000001}, True),  # within rel 1e-6
        ({"kind": "growth"}, False),
        ({"comparator": ">="}, False),
        ({"unit": "户"}, False),
        ({"value": 13.0}, False),
        ({"value_max": 20.0}, False),
        ({"start": TEXT.index("12个"), "end": TEXT.index("12个") + 2, "text": "12"}, False),
    ],
)
def test_a_tuple_hit_needs_the_exact_span_and_every_attribute(change, tuple_hit):
    gold = [target(TEXT, "12个", 12, "个", comparator="=", kind="increment")]
    task = score_targets(gold, [gold[0] | change])
    assert values(task, "tuple_f1") == [1.0 if tuple_hit else 0.0]
    assert values(task, "overlap_f1") == [1.0]


@SETTINGS
@given(
    st.integers(1, 7).flatmap(
        lambda rows: st.integers(1, 7).flatmap(
            lambda cols: st.lists(
                st.lists(
                    st.one_of(st.just(0.0), st.floats(0, 10), st.integers(0, 3).map(float)),
                    min_size=cols,
                    max_size=cols,
                ),
                min_size=rows,
                max_size=rows,
            )
        )
    )
)
def test_assignment_matches_scipy(weights):
    pairs = max_weight_assignment(weights)
    rows, cols = zip(*pairs, strict=True)
    assert len(set(rows)) == len(rows) and len(set(cols)) == len(cols)
    assert len(pairs) == min(len(weights), len(weights[0]))
    expected_rows, expected_cols = linear_sum_assignment(np.array(weights), maximize=True)
    expected = sum(weights[i][j] for i, j in zip(expected_rows, expected_cols, strict=True))
    assert sum(weights[i][j] for i, j in pairs) == pytest.approx(expected, abs=1e-9)
