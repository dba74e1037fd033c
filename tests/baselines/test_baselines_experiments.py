"""The experiment runner and the generated results, with injected systems."""

from __future__ import annotations

import statistics
from dataclasses import replace
from pathlib import Path

import pytest
from sklearn.base import BaseEstimator

from baselines.base import SystemSpec
from baselines.experiments import (
    bare_units,
    cross_validate,
    fit_predict,
    fold_splits,
    headline_metrics,
    run_experiments,
)
from baselines.majority import MajorityBaseline
from baselines.report import render_figure, render_json, render_markdown, write_results
from baselines.systems import SYSTEMS
from baselines.tuned import TunedCueClassifier
from dataset.errors import InputError
from dataset.records.jsonl import read_jsonl
from dataset.schema import LABEL_FIELDS
from dataset.scoring.scorer import score
from dataset.scoring.tasks import TASKS
from tests.factories import made_up_rows, train_test


class SpySystem(BaseEstimator):
    """Predicts the training majority of commitment_type and logs what it was shown."""

    def __init__(self, log: list | None = None):
        self.log = log

    def fit(self, X, y=None):
        self.log.append(("fit", [u["id"] for u in X], any(f in u for u in X for f in LABEL_FIELDS)))
        labels = [row["commitment_type"] for row in y]
        self.label_ = max(sorted(set(labels)), key=labels.count)
        return self

    def predict(self, X):
        self.log.append(
            ("predict", [u["id"] for u in X], any(f in u for u in X for f in LABEL_FIELDS))
        )
        return [{"id": u["id"], "commitment_type": self.label_} for u in X]


MAJORITY = SystemSpec(MajorityBaseline, track="closed")


def quick_tuned(random_state: int = 13) -> TunedCueClassifier:
    """tfidf-cues with a two-setting grid, so the runner tests stay fast."""
    space = {"ngram_range": ((1, 2),), "cue_weight": (0.0, 1.0), "loss": ("hinge",)}
    return TunedCueClassifier(search_space={**space, "alpha": (1e-3,)}, random_state=random_state)


def quick_systems() -> dict[str, SystemSpec]:
    """Every registered system, with tfidf-cues on a small grid and two seeds."""
    return {
        name: replace(spec, factory=quick_tuned, seeds=(13, 14))
        if spec.factory is SYSTEMS["tfidf-cues"].factory
        else spec
        for name, spec in SYSTEMS.items()
    }


def fold_scorer(gold, predictions, *, seed, resamples, source):
    """A stand-in scorer whose one metric is the number of gold units / 100, so the CV
    summary can be checked against fold sizes counted here."""
    return {
        "meta": {"scorer_version": "test", "timestamp": source},
        "tasks": {
            "type": {
                "main_metric": "size",
                "metrics": {"size": {"value": len(gold) / 100, "ci_low": 0.0, "ci_high": 1.0}},
            }
        },
    }


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return made_up_rows()


def test_fold_splits_hold_out_each_fold_whole(rows):
    train, _ = train_test(rows)
    splits = fold_splits(train)
    assert [fold for fold, _, _ in splits] == [0, 1, 2, 3, 4]
    for fold, fit_rows, eval_rows in splits:
        assert eval_rows and all(r["fold"] == fold for r in eval_rows)
        assert all(r["fold"] != fold for r in fit_rows)
        assert len(fit_rows) + len(eval_rows) == len(train)


def test_cross_validation_never_trains_on_the_evaluated_fold(rows):
    train, _ = train_test(rows)
    log: list = []
    cross_validate(lambda: SpySystem(log), train, scorer=score, resamples=10)
    fits = [entry for entry in log if entry[0] == "fit"]
    predicts = [entry for entry in log if entry[0] == "predict"]
    assert len(fits) == len(predicts) == 5
    fold_of = {r["id"]: r["fold"] for r in train}
    evaluated = set()
    for (_, fit_ids, _), (_, predict_ids, _) in zip(fits, predicts, strict=True):
        assert not set(fit_ids) & set(predict_ids)
        held_out = {fold_of[i] for i in predict_ids}
        assert len(held_out) == 1
        assert held_out.isdisjoint({fold_of[i] for i in fit_ids})
        evaluated |= set(predict_ids)
    assert evaluated == set(fold_of)


def test_systems_see_labels_only_through_y(rows):
    train, test = train_test(rows)
    log: list = []
    fit_predict(lambda: SpySystem(log), train, test)
    assert [(kind, shown_labels) for kind, _, shown_labels in log] == [
        ("fit", False),
        ("predict", False),
    ]
    assert all(
        set(u) <= {"id", "doc_id", "para", "index", "start", "end", "unit_type", "section", "text"}
        for u in bare_units(train)
    )


def test_cv_summary_is_the_mean_and_sample_sd_over_folds(rows):
    train, _ = train_test(rows)
    summary = cross_validate(MajorityBaseline, train, scorer=fold_scorer)
    sizes = [sum(1 for r in train if r["fold"] == f) / 100 for f in range(5)]
    size = summary["type"]["metrics"]["size"]
    assert size["folds"] == sizes
    assert size["mean"] == pytest.approx(statistics.fmean(sizes))
    assert size["sd"] == pytest.approx(statistics.stdev(sizes))


def test_missing_or_single_folds_are_refused(rows):
    train, test = train_test(rows)
    with pytest.raises(InputError, match="no fold"):
        cross_validate(MajorityBaseline, [*train, test[0]], scorer=score)
    with pytest.raises(InputError, match="two folds"):
        cross_validate(MajorityBaseline, [r for r in train if r["fold"] == 0], scorer=score)


def test_a_system_returning_the_wrong_ids_is_an_error(rows):
    train, test = train_test(rows)

    class Shuffled(SpySystem):
        def predict(self, X):
            return list(reversed(super().predict(X)))

    with pytest.raises(ValueError, match="in order"):
        fit_predict(lambda: Shuffled([]), train, test)


def test_runner_with_an_injected_system_scores_test_and_cv(rows, tmp_path: Path):
    train, test = train_test(rows)
    systems = {
        "spy": SystemSpec(lambda: SpySystem([]), track="closed"),
        "majority": MAJORITY,
    }
    results = run_experiments(
        systems, train, test, resamples=50, predictions_dir=tmp_path / "predictions"
    )
    assert list(results["systems"]) == ["spy", "majority"]
    spy = results["systems"]["spy"]
    assert spy["fields"] == ["commitment_type"]
    assert list(spy["test"]) == ["type"] and list(spy["cv"]) == ["type"]
    assert list(results["systems"]["majority"]["test"]) == [
        "type",
        "strength",
        "domain",
        "targets",
        "places",
    ]
    assert results["tasks"]["type"] == ["macro_f1"]
    assert results["config"] == {
        "seed": 13,
        "resamples": 50,
        "folds": [0, 1, 2, 3, 4],
        "train_units": len(train),
        "test_units": len(test),
        "folds_without_gold_spans": {"numeric_targets": [], "places": []},
    }
    assert "timestamp" not in results["scorer"]
    # The saved predictions are valid prediction files and score to the same numbers.
    saved = read_jsonl(tmp_path / "predictions" / "spy-test.jsonl")
    rescored = score(test, saved, resamples=50)
    assert rescored["tasks"]["type"]["metrics"] == spy["test"]["type"]["metrics"]
    # The test numbers are those of the official scorer on a fresh fit.
    direct = score(test, fit_predict(MajorityBaseline, train, test), resamples=50)
    assert results["systems"]["majority"]["test"]["places"] == direct["tasks"]["places"]


def test_places_task_gets_a_geo_scope_column_for_span_less_systems(rows):
    train, test = train_test(rows)
    systems = {"majority": MAJORITY, "tfidf-svm": replace(SYSTEMS["tfidf-svm"], seeds=())}
    results = run_experiments(systems, train, test, resamples=20)
    places = TASKS["places"]
    assert results["tasks"]["places"] == [places.main_metric, places.fallback_metric]
    assert (
        headline_metrics(results["systems"], {"places": "geo_scope_macro_f1"})["places"][0]
        == "geo_scope_macro_f1"
    )
    markdown = render_markdown(results | {"provenance": provenance()})
    assert "| geo_scope_macro_f1 test |" in markdown
    svm_row = next(line for line in markdown.splitlines() if line.startswith("| `tfidf-svm`"))
    assert svm_row.count("—") == 4  # no spans: targets' and places' main metric, test and CV


def provenance() -> dict:
    return {
        "dataset_version": "0.0.1",
        "scorer_version": "test",
        "inputs": {
            "release": {"train.jsonl": "a" * 64, "test.jsonl": "b" * 64},
            "predictions": {"majority-test.jsonl": "c" * 64},
        },
        "seed": 13,
        "resamples": 20,
    }


def test_runs_are_deterministic_and_render_to_identical_bytes(rows, tmp_path: Path):
    train, test = train_test(rows)
    runs = []
    for name in ("a", "b"):
        results = run_experiments(quick_systems(), train, test, resamples=30)
        results["provenance"] = provenance()
        runs.append(results)
        write_results(results, tmp_path / name)
    assert render_json(runs[0]) == render_json(runs[1])
    for file_name in ("RESULTS.md", "results.json", "results.png"):
        assert (tmp_path / "a" / file_name).read_bytes() == (
            tmp_path / "b" / file_name
        ).read_bytes()
    png = (tmp_path / "a" / "results.png").read_bytes()
    assert png.startswith(b"\x89PNG") and b"Software" not in png and b"matplotlib" not in png


def test_markdown_table_has_a_row_per_system_and_the_provenance(rows):
    train, test = train_test(rows)
    results = run_experiments(quick_systems(), train, test, resamples=20)
    results["provenance"] = provenance()
    markdown = render_markdown(results)
    assert "Generated by `gwrcommit reproduce`; do not edit by hand" in markdown
    for name in SYSTEMS:
        assert f"| `{name}` |" in markdown
    for line in (
        "| dataset version | 0.0.1 |",
        "| seed | 13 |",
        "| resamples | 20 |",
        "| scorer version | test |",
        f"| release | `train.jsonl` | `{'a' * 64}` |",
        f"| release | `test.jsonl` | `{'b' * 64}` |",
        f"| predictions | `majority-test.jsonl` | `{'c' * 64}` |",
    ):
        assert line in markdown
    assert "git commit" not in markdown
    majority = results["systems"]["majority"]["test"]["type"]["metrics"]["macro_f1"]
    assert f"{majority['value']:.3f} [{majority['ci_low']:.3f}, {majority['ci_high']:.3f}]" in (
        markdown
    )
    assert render_figure(results) != render_figure(
        results | {"systems": {"majority": results["systems"]["majority"]}}
    )


def test_folds_without_gold_spans_are_listed_and_explained(rows):
    train, test = train_test(rows)
    no_places_in_fold_2 = [r | {"places": []} if r["fold"] == 2 else r for r in train]
    results = run_experiments({"majority": MAJORITY}, no_places_in_fold_2, test, resamples=20)
    assert results["config"]["folds_without_gold_spans"] == {"numeric_targets": [], "places": [2]}
    markdown = render_markdown(results | {"provenance": provenance()})
    assert "Train fold(s) 2 hold no gold places" in markdown
    assert "hold no gold numeric_targets" not in markdown
