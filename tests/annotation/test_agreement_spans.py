"""Span agreement: one-to-one matching, strict and overlap F1, attributes of matched spans."""

from __future__ import annotations

import pytest

from annotation.agreement import (
    PLACE_ATTRIBUTES,
    SPAN_AGREEMENT,
    match_spans,
    span_agreement,
    values_equal,
)
from dataset.schema import NumericTarget, Place, Span


def span(start: int, end: int) -> Span:
    return Span(start=start, end=end, text="字" * (end - start))


def target(start: int, end: int, value: float, **changes) -> NumericTarget:
    fields = {
        "start": start,
        "end": end,
        "text": "字" * (end - start),
        "indicator": "指标",
        "value": value,
        "value_max": None,
        "unit": "户",
        "comparator": "=",
        "kind": "increment",
    }
    return NumericTarget(**(fields | changes))


def place(start: int, end: int, type_: str = "township", name: str | None = None) -> Place:
    return Place(start=start, end=end, text="字" * (end - start), type=type_, name=name)


def test_matching_maximises_the_number_of_pairs():
    # Greedy by largest overlap would pair A0 with B0 (overlap 3) and leave both A1 and B1
    # alone; the one-to-one matching pairs A0-B1 and A1-B0 instead.
    reference = [span(0, 5), span(5, 8)]
    other = [span(2, 7), span(0, 1)]
    assert sorted(match_spans(reference, other)) == [(0, 1), (1, 0)]


def test_matching_prefers_identical_then_larger_overlap():
    assert match_spans([span(0, 4)], [span(1, 3), span(0, 4)]) == [(0, 1)]
    assert match_spans([span(0, 6)], [span(5, 8), span(1, 5)]) == [(0, 1)]


def test_touching_spans_do_not_overlap():
    assert match_spans([span(0, 3)], [span(3, 5)]) == []


def test_strict_and_overlap_f1_hand_worked():
    a = [[span(0, 3), span(5, 8)], []]
    b = [[span(0, 3), span(6, 9)], [span(12, 14)]]
    result = span_agreement(a, b, {})
    # strict TP 1, overlap TP 2, |A| = 2, |B| = 3.
    assert result["strict_f1"] == pytest.approx(2 * 1 / 5)
    assert result["overlap_f1"] == pytest.approx(2 * 2 / 5)
    assert (result["a_spans"], result["b_spans"], result["matched"]) == (2, 3, 2)
    assert result["percent_agreement"] == 0.0


def test_spans_in_another_unit_never_match():
    result = span_agreement([[span(0, 3)], []], [[], [span(0, 3)]], {})
    assert result["strict_f1"] == 0.0 and result["overlap_f1"] == 0.0


def test_no_spans_in_either_pass():
    result = span_agreement([[], []], [[], []], *SPAN_AGREEMENT["numeric_targets"])
    assert result["strict_f1"] == 1.0 and result["overlap_f1"] == 1.0
    assert result["tuple_f1"] == 1.0 and result["percent_agreement"] == 100.0
    assert result["value_agreement"] is None and result["matched"] == 0


def test_one_pass_without_spans_scores_zero():
    result = span_agreement([[span(0, 2)]], [[]], {})
    assert result["strict_f1"] == 0.0 and result["overlap_f1"] == 0.0


def test_value_equality_uses_isclose_and_value_max():
    assert values_equal(target(0, 2, 50.0), target(0, 2, 50.00001))
    assert not values_equal(target(0, 2, 50.0), target(0, 2, 50.001))
    ranged = target(0, 2, 5.5, value_max=6.0, comparator="range", unit="%")
    assert values_equal(
        ranged, target(0, 2, 5.5, value_max=6.0000001, comparator="range", unit="%")
    )
    assert not values_equal(ranged, target(0, 2, 5.5, value_max=6.5, comparator="range", unit="%"))
    assert not values_equal(ranged, target(0, 2, 5.5, unit="%"))


def test_target_attribute_agreement_and_tuple_f1():
    a = [[target(0, 4, 50.0), target(6, 10, 200.0, comparator=">=")], [target(0, 2, 3.0)]]
    b = [
        [target(0, 3, 50.0, kind="level"), target(6, 10, 200.0, comparator="=")],
        [target(0, 2, 4.0, unit="个")],
    ]
    result = span_agreement(a, b, *SPAN_AGREEMENT["numeric_targets"])
    assert result["matched"] == 3
    assert result["strict_f1"] == pytest.approx(2 * 2 / 6)
    assert result["overlap_f1"] == 1.0
    assert result["value_agreement"] == pytest.approx(2 / 3)
    assert result["unit_agreement"] == pytest.approx(2 / 3)
    assert result["comparator_agreement"] == pytest.approx(2 / 3)
    assert result["kind_agreement"] == pytest.approx(2 / 3)
    # tuple F1 is the scorer's main metric: exact offsets and every attribute. The first
    # pair has other offsets, the second another comparator, the third other value and unit.
    assert result["tuple_f1"] == 0.0


def test_tuple_f1_needs_the_exact_span_and_every_attribute_kind_included():
    a = [[target(0, 4, 50.0, kind="increment")]]
    assert span_agreement(a, a, *SPAN_AGREEMENT["numeric_targets"])["tuple_f1"] == 1.0
    other_kind = [[target(0, 4, 50.0, kind="level")]]
    result = span_agreement(a, other_kind, *SPAN_AGREEMENT["numeric_targets"])
    assert result["strict_f1"] == 1.0 and result["tuple_f1"] == 0.0


def test_tuple_f1_never_counts_an_overlapping_span():
    # A0 overlaps B1, which has the same value, but not its offsets: no tuple hit.
    a = [[target(0, 4, 50.0)]]
    b = [[target(0, 4, 60.0), target(2, 6, 50.0)]]
    result = span_agreement(a, b, *SPAN_AGREEMENT["numeric_targets"])
    assert result["matched"] == 1 and result["value_agreement"] == 0.0
    assert result["tuple_f1"] == 0.0


def test_matching_does_not_depend_on_list_order():
    a = [[span(0, 5), span(5, 8)]]
    b = [[span(2, 7), span(0, 1)]]
    forward = span_agreement(a, b, {})
    backward = span_agreement([a[0][::-1]], [b[0][::-1]], {})
    assert forward == backward and forward["matched"] == 2


def test_place_type_and_name_agreement():
    a = [[place(0, 2, "township", "德感街道"), place(4, 8, "zone")]]
    b = [[place(0, 4, "township", "德感街道"), place(4, 8, "site", "某村")]]
    result = span_agreement(a, b, PLACE_ATTRIBUTES)
    assert result["matched"] == 2 and result["strict_f1"] == pytest.approx(0.5)
    assert result["type_agreement"] == pytest.approx(0.5)
    assert result["name_agreement"] == pytest.approx(0.5)
    assert "tuple_f1" not in result
