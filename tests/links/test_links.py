"""Target→outcome links (codebook §14): the relation rule, the schema, the scorer, the
adjudication and the committed gold. Every figure here is made up; no report text."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from annotation.links.adjudicate import adjudicate, disagreements
from annotation.links.agreement import compare_passes
from dataset.errors import InputError
from dataset.links.rule import band, relation
from dataset.links.table import (
    duplicate_targets,
    gold_links_file,
    link_id,
    read_links,
    rule_problems,
)
from dataset.schema import INDICATORS, Link, LinkTarget, Outcome
from dataset.scoring.links import read_link_predictions, score_links
from gwrcommit.cli import main

SHA = hashlib.sha256(b"x").hexdigest()


def target(value=5.0, comparator="~", unit="%", indicator="gdp_growth", start=10, **extra):
    fields = {"value_max": None} | extra
    return LinkTarget(
        unit_id="state-council-2030-0001",
        start=start,
        end=start + 2,
        sha256=SHA,
        indicator=indicator,
        value=value,
        unit=unit,
        comparator=comparator,
        plan_year=2030,
        **fields,
    )


def outcome(value, unit="%", start=50):
    return Outcome(
        unit_id="state-council-2031-0002",
        start=start,
        end=start + 3,
        sha256=SHA,
        value=value,
        unit=unit,
        period="2030",
    )


@pytest.mark.parametrize(
    ("made", "expected"),
    [
        (target(5.0, "~"), (4.5, 5.5)),
        (target(1200e4, ">=", unit="人"), (1200e4, float("inf"))),
        (target(5.5, "<="), (float("-inf"), 5.5)),
        (target(5.0, "range", value_max=5.5), (5.0, 5.5)),
        (target(100.0, "=", unit="吨"), (95.0, 105.0)),  # 5% of the value off % units
    ],
)
def test_band_follows_r2(made, expected):
    assert band(made) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("made", "achieved", "expected"),
    [
        (target(5.0, "~"), outcome(5.5), "met"),  # the edge is inside
        (target(5.0, "~"), outcome(5.6), "exceeded"),
        (target(5.0, "~"), outcome(4.4), "not_met"),
        (target(3.0, "~", indicator="cpi"), outcome(0.2), "exceeded"),  # a ceiling undershot
        (target(3.0, "~", indicator="cpi"), outcome(3.6), "not_met"),
        (target(3.0, "<=", indicator="cpi"), outcome(0.2), "met"),  # never exceeded
        (target(1100e4, ">=", unit="人", indicator="urban_new_jobs"), outcome(1300e4, "人"), "met"),
        (
            target(1100e4, ">=", unit="人", indicator="urban_new_jobs"),
            outcome(1000e4, "人"),
            "not_met",
        ),
        (target(6.0, "range", value_max=6.5), outcome(6.1), "met"),
        (target(6.0, "range", value_max=6.5), outcome(6.7), "exceeded"),
        (
            target(412.5e9 / 1000, "=", unit="吨", indicator="grain_output"),
            outcome(435e9, "公斤"),
            "exceeded",
        ),
        (target(5.0, "~"), outcome(100.0, "元"), "not_reported"),  # R5: not comparable
        (target(5.0, "~"), None, "not_reported"),
    ],
)
def test_relation_follows_r1_to_r5(made, achieved, expected):
    assert relation(made, achieved) == expected


def test_every_indicator_of_the_codebook_table_is_in_the_schema():
    guidelines = Path(__file__).resolve().parents[2] / "annotation" / "guidelines.md"
    section = guidelines.read_text(encoding="utf-8").split("### 14.4 Indicator keys")[1]
    table_keys = [
        line.split("`")[1]
        for line in section.split("###")[0].splitlines()
        if line.startswith("| `")
    ]
    assert table_keys == list(INDICATORS)


def test_a_link_has_an_outcome_exactly_when_it_is_reported():
    with pytest.raises(ValidationError, match="if and only if"):
        Link(target=target(), outcome=None, relation="met")
    with pytest.raises(ValidationError, match="if and only if"):
        Link(target=target(), outcome=outcome(5.0), relation="not_reported")
    same_report = outcome(5.0).model_copy(update={"unit_id": "state-council-2030-0009"})
    with pytest.raises(ValidationError, match="next report"):
        Link(target=target(), outcome=same_report, relation="met")


def gold_pair():
    reported = Link(target=target(start=10), outcome=outcome(5.2), relation="met")
    silent = Link(target=target(start=30), outcome=None, relation="not_reported")
    return [reported, silent]


def test_perfect_predictions_score_one_and_none_score_zero():
    gold = gold_pair()
    perfect = {
        link_id(link): {
            "target_id": link_id(link),
            "outcome_id": None if link.outcome is None else "state-council-2031@50-53",
            "relation": link.relation,
        }
        for link in gold
    }
    scores = score_links(gold, perfect, resamples=50)["metrics"]
    assert {name: m["value"] for name, m in scores.items()} == {
        "link_f1": 1.0,
        "link_precision": 1.0,
        "link_recall": 1.0,
        "relation_accuracy": 1.0,
    }
    empty = score_links(gold, {}, resamples=50)["metrics"]
    assert empty["link_f1"]["value"] == 0.0 and empty["relation_accuracy"]["value"] == 0.0
    assert empty["link_precision"]["value"] == 0.0  # nothing predicted, something missed


def test_a_wrong_outcome_span_is_a_false_positive_and_a_miss():
    gold = gold_pair()
    wrong = {
        link_id(gold[0]): {
            "target_id": link_id(gold[0]),
            "outcome_id": "state-council-2031@51-53",  # overlaps, not the same span
            "relation": "met",
        },
        link_id(gold[1]): {"target_id": link_id(gold[1]), "outcome_id": None, "relation": "met"},
    }
    metrics = score_links(gold, wrong, resamples=50)["metrics"]
    assert metrics["link_precision"]["value"] == 0.0 and metrics["link_recall"]["value"] == 0.0
    assert metrics["relation_accuracy"]["value"] == 0.5
    low, high = metrics["relation_accuracy"]["ci"]
    assert low <= 0.5 <= high


def test_predictions_for_unknown_targets_and_bad_rows_are_refused(tmp_path):
    with pytest.raises(InputError, match="not in the gold"):
        score_links(gold_pair(), {"elsewhere@1-2": {"outcome_id": None, "relation": "met"}})
    with pytest.raises(InputError, match="empty"):
        score_links([], {})
    bad = tmp_path / "pred.jsonl"
    bad.write_text(json.dumps({"target_id": "a@1-2", "relation": "kept"}) + "\n")
    with pytest.raises(InputError, match="keys"):
        read_link_predictions(bad)
    bad.write_text(json.dumps({"target_id": "a@1-2", "outcome_id": None, "relation": "kept"}))
    with pytest.raises(InputError, match="is not one of"):
        read_link_predictions(bad)


def test_the_scorer_command_gives_a_one_line_error_on_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "pred.jsonl"
    bad.write_text("{not json\n")
    assert main(["links", "score", "--pred", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "pred.jsonl" in err


def test_adjudication_takes_agreement_and_needs_a_decision_for_each_difference():
    a = gold_pair()
    b = [
        a[0].model_copy(update={"note": "other words"}),
        a[1].model_copy(update={"relation": "not_reported"}),
    ]
    assert disagreements(a, b) == []  # notes are not labels
    assert adjudicate(a, b, {}) == sorted(a, key=lambda link: link.target.start)
    b_only = Link(target=target(start=70), outcome=None, relation="not_reported")
    with pytest.raises(InputError, match="without a decision"):
        adjudicate(a, [*b, b_only], {})
    decided = adjudicate(a, [*b, b_only], {link_id(b_only): {"choose": "none", "reason": "L3"}})
    assert link_id(b_only) not in {link_id(link) for link in decided}
    with pytest.raises(InputError, match="agree on"):
        adjudicate(a, b, {link_id(a[0]): {"choose": "a", "reason": "stale"}})


def test_identical_passes_agree_fully():
    report = compare_passes(gold_pair(), gold_pair())
    assert report["target_f1"] == 1.0
    assert report["fields"]["relation"]["cohen_kappa"] == 1.0


def test_the_committed_gold_follows_the_rule_and_names_each_target_once():
    gold = read_links(gold_links_file())
    assert len(gold) >= 150
    assert rule_problems(gold) == [] and duplicate_targets(gold) == []
    for link in gold:  # the outcome is in the next report of the pair (L1, L7)
        if link.outcome is not None:
            assert link.outcome.doc_id > link.target.doc_id


def test_the_committed_baseline_scores_are_current(tmp_path):
    """baselines/links.json is what `reproduce` writes from the gold and the attached
    reports (skipped when a State Council report is not attached)."""
    import shutil

    from dataset.corpus.store import attached_texts
    from dataset.links.table import documents_of, national_reports
    from dataset.paths import PROJECT_ROOT
    from gwrcommit.commands.links import BASELINE_RESULTS, write_links_results

    gold = read_links(gold_links_file())
    if not set(documents_of(gold)) <= set(attached_texts(list(national_reports().values()))):
        pytest.skip("the State Council reports are not attached")
    committed = json.loads((PROJECT_ROOT / BASELINE_RESULTS).read_text(encoding="utf-8"))
    copy = tmp_path / "project"
    (copy / "dataset" / "links").mkdir(parents=True)
    (copy / "baselines").mkdir()
    shutil.copy(gold_links_file(), copy / "dataset" / "links" / "gold.jsonl")
    seed, resamples = (next(iter(committed["systems"].values()))[k] for k in ("seed", "resamples"))
    path = write_links_results(copy, seed, resamples)
    assert json.loads(path.read_text(encoding="utf-8")) == committed, (
        "run `uv run gwrcommit reproduce` to regenerate baselines/links.json"
    )


def test_every_report_pair_from_1978_was_read():
    from dataset.publishing.links import links_summary

    summary = links_summary(read_links(gold_links_file()))
    assert summary["pair_years"] == [1978, 2024] and summary["pairs_read"] == 47
    with_targets = summary["pairs_read"] - len(summary["reports_without_targets"])
    assert with_targets == summary["reports_with_targets"]


def test_the_committed_agreement_report_is_current():
    from annotation.links.agreement import agreement_report
    from dataset.paths import PROJECT_ROOT
    from gwrcommit.commands.links import AGREEMENT_FILE, committed_passes

    committed = json.loads((PROJECT_ROOT / AGREEMENT_FILE).read_text(encoding="utf-8"))
    recomputed = json.loads(json.dumps(agreement_report(*committed_passes(PROJECT_ROOT))))
    assert recomputed == committed, "run `uv run gwrcommit links agreement`"


def test_the_committed_gold_is_the_adjudication_of_the_passes():
    from annotation.links.adjudicate import adjudicate, read_decisions
    from dataset.paths import PROJECT_ROOT
    from gwrcommit.commands.links import ADJUDICATION_LOG, committed_passes

    decisions = read_decisions(PROJECT_ROOT / ADJUDICATION_LOG)
    assert adjudicate(*committed_passes(PROJECT_ROOT), decisions) == read_links(gold_links_file())
