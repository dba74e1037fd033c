"""The robustness set: made-up sentences (tests/annotation/data/robustness.jsonl), not from
any report.

Each line holds a sentence, the numeric targets a careful annotator would mark under the
codebook, and a note on what it tests. The rules must reproduce every line exactly
(span text, value, value_max, unit, comparator, kind); there are no known failures.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from annotation.preannotate import RuleAnnotator
from dataset.schema import COMPARATORS, TARGET_KINDS, UNITS

ROBUSTNESS = Path(__file__).parent / "data" / "robustness.jsonl"
FIELDS = ("text", "value", "value_max", "unit", "comparator", "kind")
CASES = [json.loads(line) for line in ROBUSTNESS.read_text(encoding="utf-8").splitlines()]


def test_the_set_is_well_formed_and_covers_the_brief():
    assert len(CASES) >= 40
    assert len({c["text"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert set(case) == {"text", "targets", "note"} and case["note"]
        for target in case["targets"]:
            assert set(target) == set(FIELDS)
            assert target["text"] in case["text"]
            assert target["unit"] in UNITS and target["comparator"] in COMPARATORS
            assert target["kind"] in TARGET_KINDS
    comparators = Counter(t["comparator"] for c in CASES for t in c["targets"])
    assert {">=", "<=", "~", ">", "=", "range"} <= set(comparators)
    kinds = Counter(t["kind"] for c in CASES for t in c["targets"])
    assert set(kinds) == set(TARGET_KINDS)
    assert sum(1 for c in CASES if not c["targets"]) >= 10  # sentences with no target


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:16] for c in CASES])
def test_rules_reproduce_the_case(case):
    [prediction] = RuleAnnotator().predict([{"id": "r-0000", "text": case["text"]}])
    got = [{field: t[field] for field in FIELDS} for t in prediction["numeric_targets"]]
    assert got == case["targets"], case["note"]
    for target in prediction["numeric_targets"]:
        assert case["text"][target["start"] : target["end"]] == target["text"]
    assert (prediction["commitment_type"] == "quantified_target") == bool(case["targets"])
