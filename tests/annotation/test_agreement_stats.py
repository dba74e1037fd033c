"""Cohen's kappa and Krippendorff's alpha against hand-worked cases and independent references."""

from __future__ import annotations

import math

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotation.agreement import (
    cohen_kappa,
    confusion_matrix,
    jaccard,
    krippendorff_alpha_nominal,
    multilabel_agreement,
    percent_agreement,
)
from dataset.schema import label_set

DOMAIN_LABELS = label_set("domains")


def reference_alpha(a: list[str], b: list[str]) -> float:
    codes = {label: i for i, label in enumerate(sorted(set(a) | set(b)))}
    data = np.array([[codes[x] for x in a], [codes[y] for y in b]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def test_perfect_agreement_over_several_categories():
    a = ["x", "y", "z", "x", "y"]
    assert cohen_kappa(a, a) == 1.0
    assert krippendorff_alpha_nominal(a, a) == 1.0
    assert percent_agreement(a, a) == 100.0


def test_total_disagreement_hand_worked():
    a, b = ["x", "y", "x", "y"], ["y", "x", "y", "x"]
    # p_o = 0, p_e = 0.5 -> kappa = -1.
    assert cohen_kappa(a, b) == pytest.approx(-1.0)
    # n = 8, n_x = n_y = 4, 8 mismatched coincidences: alpha = 1 - 7 * 8 / (2 * 4 * 4) = -0.75.
    assert krippendorff_alpha_nominal(a, b) == pytest.approx(-0.75)
    assert percent_agreement(a, b) == 0.0


def test_textbook_two_by_two_table():
    # 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 (a standard worked example).
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    # p_o = 0.7, p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5 -> kappa = 0.4.
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    # Coincidences o_yy = 40, o_nn = 30, o_yn = o_ny = 15; n_yes = 55, n_no = 45, n = 100:
    # alpha = 1 - 99 * 30 / (2 * 55 * 45) = 0.4.
    assert krippendorff_alpha_nominal(a, b) == pytest.approx(0.4)
    assert percent_agreement(a, b) == pytest.approx(70.0)


def test_single_shared_category_is_agreement_by_convention():
    """Both coders use one identical category: 0/0 for both statistics; defined as 1.0."""
    a = ["general_measure"] * 6
    assert cohen_kappa(a, a) == 1.0
    assert krippendorff_alpha_nominal(a, a) == 1.0
    # The independent references leave this case undefined, which is why the convention exists.
    with pytest.warns(UserWarning):
        assert math.isnan(cohen_kappa_score(a, a))
    with pytest.raises(ValueError):
        reference_alpha(a, a)


def test_each_coder_a_single_different_category():
    a, b = ["x"] * 3, ["y"] * 3
    assert cohen_kappa(a, b) == pytest.approx(0.0)
    # n = 6, n_x = n_y = 3, 6 mismatches: alpha = 1 - 5 * 6 / (2 * 3 * 3) = -2/3.
    assert krippendorff_alpha_nominal(a, b) == pytest.approx(-2 / 3)
    assert krippendorff_alpha_nominal(a, b) == pytest.approx(reference_alpha(a, b))


def test_one_unit_in_disagreement():
    assert cohen_kappa(["x"], ["y"]) == pytest.approx(0.0)
    assert krippendorff_alpha_nominal(["x"], ["y"]) == pytest.approx(0.0)


@pytest.mark.parametrize("statistic", [cohen_kappa, krippendorff_alpha_nominal, percent_agreement])
def test_unequal_or_empty_codings_are_refused(statistic):
    with pytest.raises(ValueError, match="3 and 2"):
        statistic(["x", "y", "x"], ["x", "y"])
    with pytest.raises(ValueError, match="no units"):
        statistic([], [])


labels = st.sampled_from(["quantified_target", "specific_action", "general_measure", "aspiration"])
codings = st.integers(min_value=1, max_value=60).flatmap(
    lambda n: st.tuples(
        st.lists(labels, min_size=n, max_size=n), st.lists(labels, min_size=n, max_size=n)
    )
)


@settings(max_examples=200, deadline=None)
@given(codings)
def test_kappa_and_alpha_match_the_references(pair):
    a, b = pair
    if len(set(a) | set(b)) == 1:
        assert cohen_kappa(a, b) == 1.0 and krippendorff_alpha_nominal(a, b) == 1.0
        return
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b), abs=1e-9)
    assert krippendorff_alpha_nominal(a, b) == pytest.approx(reference_alpha(a, b), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(codings)
def test_kappa_and_alpha_are_symmetric(pair):
    a, b = pair
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa(b, a), abs=1e-12)
    assert krippendorff_alpha_nominal(a, b) == pytest.approx(krippendorff_alpha_nominal(b, a))


def test_confusion_matrix_rows_are_a_columns_are_b():
    matrix = confusion_matrix(["x", "x", "y"], ["x", "y", "y"], ["y", "x", "z"])
    assert matrix == [[1, 0, 0], [1, 1, 0], [0, 0, 0]]


def test_jaccard_hand_cases():
    assert jaccard({"health", "labor"}, {"labor"}) == 0.5
    assert jaccard({"health"}, {"energy"}) == 0.0
    assert jaccard(set(), set()) == 1.0


def test_multilabel_hand_worked():
    a = [{"health", "labor"}, {"energy"}, set()]
    b = [{"labor"}, {"energy", "housing"}, set()]
    result = multilabel_agreement(a, b, DOMAIN_LABELS)
    assert result["jaccard_mean"] == pytest.approx((0.5 + 0.5 + 1.0) / 3)
    # TP = 2, |A| = 3, |B| = 3 -> micro-F1 = 4 / 6.
    assert result["micro_f1"] == pytest.approx(2 / 3)
    assert result["percent_agreement"] == pytest.approx(100 / 3)
    assert set(result["per_label_kappa"]) == {"health", "labor", "energy", "housing"}
    # labor and energy: identical presence columns -> 1.0; health, housing: A=[1,0,0] vs
    # B=[0,0,0] -> p_o = 2/3 = p_e -> 0.0.
    assert result["per_label_kappa"]["labor"] == 1.0
    assert result["per_label_kappa"]["health"] == pytest.approx(0.0)
    assert result["per_label_kappa_mean"] == pytest.approx(0.5)
    for label, value in result["per_label_kappa"].items():
        presence_a = [label in s for s in a]
        presence_b = [label in s for s in b]
        assert value == pytest.approx(cohen_kappa_score(presence_a, presence_b))


def test_multilabel_with_no_labels_anywhere():
    result = multilabel_agreement([set(), set()], [set(), set()], DOMAIN_LABELS)
    assert result["micro_f1"] == 1.0 and result["jaccard_mean"] == 1.0
    assert result["per_label_kappa"] == {} and result["per_label_kappa_mean"] == 1.0
