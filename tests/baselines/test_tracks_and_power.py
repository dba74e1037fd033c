"""Tracks, kinds and seeds of the systems, the headline/in-sample split of the results,
and the minimum detectable difference."""

from __future__ import annotations

import random
import re
import statistics

import pytest
from sklearn.base import BaseEstimator

from baselines.base import KINDS, TRACKS, SystemSpec
from baselines.experiments import run_experiments
from baselines.majority import MajorityBaseline
from baselines.power import (
    GAIN,
    Z_ALPHA,
    Z_POWER,
    minimum_detectable_differences,
    pair_summary,
    power_to_detect,
    strongest_pair,
)
from baselines.report import IN_SAMPLE_HEADING, render_figure, render_markdown
from baselines.systems import SYSTEMS
from dataset.schema import SINGLE_LABEL_FIELDS, label_set
from dataset.scoring.scorer import compare
from dataset.scoring.tasks import RESOURCES, TASKS
from gwrcommit.commands.reproduce import all_systems
from tests.factories import made_up_rows, train_test

TYPE_FIELD = SINGLE_LABEL_FIELDS[0]


class Oracle(BaseEstimator):
    """Copies the gold type from a lookup it was given: an in-sample system for the tests."""

    def __init__(self, gold: dict | None = None):
        self.gold = gold

    def fit(self, X, y=None):
        return self

    def predict(self, X):
        return [{"id": u["id"], TYPE_FIELD: self.gold[u["id"]]} for u in X]


class Dice(BaseEstimator):
    """A random type per unit, from its random_state: a system whose scores vary by seed."""

    def __init__(self, random_state: int = 0):
        self.random_state = random_state

    def fit(self, X, y=None):
        return self

    def predict(self, X):
        rng = random.Random(self.random_state)
        labels = label_set(TYPE_FIELD)
        return [{"id": u["id"], TYPE_FIELD: rng.choice(labels)} for u in X]


@pytest.fixture(scope="module")
def split() -> tuple[list[dict], list[dict]]:
    return train_test(made_up_rows())


@pytest.fixture(scope="module")
def results(split) -> dict:
    train, test = split
    gold = {row["id"]: row[TYPE_FIELD] for row in [*train, *test]}
    systems = {
        "majority": SystemSpec(MajorityBaseline, track="closed"),
        "dice": SystemSpec(Dice, track="closed", seeds=(1, 2, 3)),
        "oracle": SystemSpec(lambda: Oracle(gold), track="open", kind="in-sample"),
    }
    found = run_experiments(systems, train, test, resamples=50)
    return found | {"provenance": PROVENANCE}


PROVENANCE = {
    "dataset_version": "0.0.1",
    "scorer_version": "test",
    "inputs": {},
    "seed": 13,
    "resamples": 50,
}


# --- tracks and kinds ----------------------------------------------------------------


def test_every_system_has_a_track_and_a_kind():
    systems = all_systems()
    assert list(systems)[: len(SYSTEMS)] == list(SYSTEMS)
    for name, spec in systems.items():
        assert spec.track in TRACKS, name
        assert spec.kind in KINDS, name
    assert systems["rules"].kind == "in-sample"
    assert all(spec.kind != "in-sample" for spec in SYSTEMS.values())


def test_systems_that_read_the_gazetteer_are_open_track():
    gazetteer_users = {
        name for name, spec in SYSTEMS.items() if "gazetteer" in (spec.uses + name).lower()
    }
    assert gazetteer_users == {"char-crf-gazetteer", "gazetteer-match"}
    assert {SYSTEMS[name].track for name in gazetteer_users} == {"open"}
    assert SYSTEMS["marker-lexicon"].track == "closed"
    assert SYSTEMS["marker-lexicon"].kind == SYSTEMS["gazetteer-match"].kind == "reference"


def test_tracks_restate_the_tasks_resources():
    """The track rules of the results say what dataset.scoring.tasks says, files named."""
    rules = dict(rule.split(": ", 1) for rule in RESOURCES.split("; "))
    assert list(rules) == list(TRACKS)
    for track, allowed in rules.items():
        assert TRACKS[track].startswith(allowed.replace("the gazetteer included", "the gazetteer"))
    assert all(task.resources == RESOURCES for task in TASKS.values())


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"track": "semi-open"}, "track"), ({"kind": "oracle"}, "kind"), ({"seeds": (1, 1)}, "seeds")],
)
def test_a_spec_refuses_an_unknown_track_or_kind(changes, message):
    with pytest.raises(ValueError, match=message):
        SystemSpec(MajorityBaseline, **{"track": "closed", **changes})


def test_the_runner_refuses_a_system_without_a_track(split):
    train, test = split
    with pytest.raises(ValueError, match="track"):
        run_experiments({"bare": MajorityBaseline}, train, test, resamples=10)


# --- the headline tables hold no in-sample system ------------------------------------


def sections(markdown: str) -> dict[str, str]:
    """Level-2 heading -> the text under it (its subsections included)."""
    parts = re.split(r"(?m)^## ", markdown)[1:]
    return dict(part.split("\n", 1) for part in parts)


def test_headline_tables_and_figure_hold_no_in_sample_system(results):
    found = sections(render_markdown(results))
    assert list(found)[:1] == ["Closed track"]
    assert "Open track" not in found  # only the in-sample system is open-track
    assert "| `majority` |" in found["Closed track"] and "`oracle`" not in found["Closed track"]
    in_sample = found[IN_SAMPLE_HEADING.removeprefix("## ")]
    assert "| `oracle` |" in in_sample and "`majority`" not in in_sample
    assert "| `oracle` | open | in-sample |" in found["Systems"]  # listed, with its kind
    without = results | {"systems": {k: v for k, v in results["systems"].items() if k != "oracle"}}
    assert render_figure(results) == render_figure(without)
    assert render_figure(results) != render_figure(
        results | {"systems": {"majority": results["systems"]["majority"]}}
    )


def test_committed_results_keep_the_rules_out_of_the_headline():
    from baselines.report import RESULTS_DIR

    found = sections((RESULTS_DIR / "RESULTS.md").read_text(encoding="utf-8"))
    assert "| `majority` |" in found["Closed track"]
    assert "| `gazetteer-match` (reference) |" in found["Open track"]
    for track in ("Closed track", "Open track"):
        assert "`rules`" not in found[track]
    assert "| `rules` |" in found[IN_SAMPLE_HEADING.removeprefix("## ")]


# --- seeds ---------------------------------------------------------------------------


def test_seeded_systems_report_every_seed_with_mean_and_sd(results, split):
    from dataset.scoring.scorer import score

    _, test = split
    dice = results["systems"]["dice"]
    assert dice["seeds"] == [1, 2, 3]
    expected = [
        score(test, Dice(seed).predict(test), resamples=10)["tasks"]["type"]["metrics"]["macro_f1"][
            "value"
        ]
        for seed in (1, 2, 3)
    ]
    over_seeds = dice["test_seeds"]["type"]["metrics"]["macro_f1"]
    assert over_seeds["per_seed"] == pytest.approx(expected)
    assert over_seeds["mean"] == pytest.approx(statistics.fmean(expected))
    assert over_seeds["sd"] == pytest.approx(statistics.stdev(expected))
    assert over_seeds["sd"] > 0
    # The first seed gives the test result with its interval.
    assert dice["test"]["type"]["metrics"]["macro_f1"]["value"] == pytest.approx(expected[0])
    row = next(line for line in render_markdown(results).splitlines() if "| `dice` |" in line)
    assert f"{over_seeds['mean']:.3f} ± {over_seeds['sd']:.3f} [" in row
    assert results["systems"]["majority"]["test_seeds"] == {}


# --- minimum detectable difference ---------------------------------------------------


def test_power_is_alpha_at_no_difference_and_grows_with_the_gain():
    assert power_to_detect(0.0, 0.1) == pytest.approx(0.05)
    assert power_to_detect(0.1, 0.1) < power_to_detect(0.3, 0.1) < 1
    se = 0.08
    assert power_to_detect((Z_ALPHA + Z_POWER) * se, se) == pytest.approx(0.80, abs=0.01)


def test_pair_summary_reads_the_difference_interval():
    compared = {"difference": {"value": 0.1, "ci_low": -0.1, "ci_high": 0.3}, "p_value": 0.4}
    summary = pair_summary("macro_f1", ("b", "a"), compared)
    assert summary["threshold"] == pytest.approx(0.2)
    assert summary["se"] == pytest.approx(0.2 / Z_ALPHA)
    assert summary["mdd"] == pytest.approx((Z_ALPHA + Z_POWER) * 0.2 / Z_ALPHA)
    assert summary["power_at_gain"] == pytest.approx(power_to_detect(GAIN, 0.2 / Z_ALPHA))


def test_the_runner_up_must_predict_differently():
    views = {"a": [{"id": 1, "x": 1}], "b": [{"id": 1, "x": 1}], "c": [{"id": 1, "x": 2}]}
    assert strongest_pair(["a", "b", "c"], views) == ("a", "c")
    assert strongest_pair(["a", "b"], views) is None


def test_mdd_compares_the_two_strongest_headline_systems_never_an_in_sample_one(results):
    power = results["power"]["type"]
    # The oracle scores 1.0 but is in-sample; dice (first seed) and majority are compared.
    assert sorted(power["pair"]) == ["dice", "majority"]
    assert power["metric"] == "macro_f1"
    assert 0 < power["threshold"] < power["mdd"]
    assert 0 < power["power_at_gain"] < 1
    assert "targets" in results["power"]  # majority predicts no targets: one system only
    assert "skipped" in results["power"]["targets"]
    assert IN_SAMPLE_HEADING.split(" (")[0] in render_markdown(results)
    assert "## Minimum detectable difference" in render_markdown(results)


def test_mdd_uses_the_official_paired_bootstrap(split):
    _, test = split
    a = [{"id": row["id"], TYPE_FIELD: "general_measure"} for row in test]
    b = [{"id": row["id"], TYPE_FIELD: row[TYPE_FIELD]} for row in test]
    systems = {
        name: {
            "kind": "baseline",
            "test": {"type": {"main_metric": "macro_f1", "metrics": {"macro_f1": {"value": v}}}},
        }
        for name, v in (("a", 0.2), ("b", 1.0))
    }
    found = minimum_detectable_differences(
        test,
        {"a": a, "b": b},
        systems,
        {"type": "macro_f1"},
        comparer=compare,
        task_fields={"type": (TYPE_FIELD,)},
        seed=13,
        resamples=200,
    )["type"]
    direct = compare(test, a, b, seed=13, resamples=200)["tasks"]["type"]
    assert found["pair"] == ["b", "a"]
    assert found["difference"] == direct["difference"]["value"]
    span = direct["difference"]["ci_high"] - direct["difference"]["ci_low"]
    assert found["threshold"] == pytest.approx(span / 2)
