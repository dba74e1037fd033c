"""`gwrcommit reproduce`: the whole pipeline on a toy release, its refusal of a bad
release, and whether the committed results are those a fresh run gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation import paths as annotation_paths
from baselines.report import GENERATED_LINE, render_figure, render_json, render_markdown
from baselines.systems import SYSTEMS
from dataset import paths
from dataset.provenance import file_sha256
from dataset.records.jsonl import read_jsonl
from dataset.records.lint import Problem
from dataset.release.build import build
from dataset.release.load import load_split
from dataset.scoring.scorer import score
from dataset.version import DATASET_VERSION
from gwrcommit import generated
from gwrcommit.cli import main
from gwrcommit.commands import reproduce as command

RESULTS_DIR = paths.PROJECT_ROOT / "baselines"


@pytest.fixture()
def build_only(monkeypatch):
    """regenerate_all without the generated documents, which need the real project tree."""
    calls = []

    def regenerate(root):
        calls.append(root)
        return build(annotation_paths.gold_dir(root), root), []

    monkeypatch.setattr(generated, "regenerate_all", regenerate)
    return calls


def test_reproduce_builds_validates_runs_every_system_and_writes_results(
    toy_root: Path, tmp_path: Path, build_only, capsys
):
    out = tmp_path / "results"
    assert command.reproduce(root=toy_root, out_dir=out, resamples=20) == 0
    assert build_only == [toy_root, toy_root]  # once to build, once more after the results
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert list(results["systems"]) == [*SYSTEMS, "rules"]
    assert results["systems"]["rules"]["kind"] == "in-sample"
    assert set(results["power"]) == set(results["tasks"])
    assert results["provenance"]["dataset_version"] == DATASET_VERSION
    assert results["provenance"]["resamples"] == 20
    inputs = results["provenance"]["inputs"]
    release = paths.release_dir(toy_root) / f"v{DATASET_VERSION}"
    assert inputs["release"] == {
        name: file_sha256(release / name) for name in ("train.jsonl", "test.jsonl")
    }
    assert inputs["predictions"] == {
        f"{name}-test.jsonl": file_sha256(out / "predictions" / f"{name}-test.jsonl")
        for name in results["systems"]
    }
    assert "git_commit" not in results["provenance"]
    test = load_split("test", root=toy_root)
    for name in results["systems"]:
        predictions = read_jsonl(out / "predictions" / f"{name}-test.jsonl")
        rescored = score(test, predictions, resamples=20)  # raises on an invalid file
        assert rescored["tasks"].keys() == results["systems"][name]["test"].keys()
    markdown = (out / "RESULTS.md").read_text(encoding="utf-8")
    assert GENERATED_LINE in markdown
    assert "| `rules` |" in markdown.split("## In-sample references")[1]
    assert "`rules`" not in markdown.split("## Systems")[0]  # the track tables
    assert (out / "results.png").read_bytes().startswith(b"\x89PNG")
    printed = capsys.readouterr().out
    assert "validate: ok" in printed and "reproduce: done in" in printed


def test_reproduce_stops_on_a_release_with_problems(
    toy_root: Path, tmp_path: Path, build_only, monkeypatch, capsys
):
    import dataset.release.lint

    def lint(targets, root):
        return [Problem(str(targets[0] / "train.jsonl"), 3, "made-up problem")]

    monkeypatch.setattr(dataset.release.lint, "lint_paths", lint)
    out = tmp_path / "results"
    assert command.reproduce(root=toy_root, out_dir=out, resamples=20) == 1
    assert not out.exists()
    errors = capsys.readouterr().err
    assert "train.jsonl:3: made-up problem" in errors
    assert "1 problem(s)" in errors


@pytest.mark.parametrize("argument", [["--resamples", "0"], ["--seed", "-1"]])
def test_bad_settings_are_one_line_errors(argument, capsys):
    assert main(["reproduce", *argument]) == 2
    error = capsys.readouterr().err
    assert error.startswith("gwrcommit reproduce: error:") and error.count("\n") == 1


def test_committed_results_are_current(tmp_path: Path):
    """The committed RESULTS.md, results.json, results.png and predictions are exactly
    what a fresh run gives, at whatever commit and time it runs."""
    release = paths.release_dir() / f"v{DATASET_VERSION}"
    if not (release / "train.jsonl").exists():
        pytest.skip("no full release here: attach the corpus texts, then `gwrcommit build`")
    assert (RESULTS_DIR / "results.json").exists(), "run `gwrcommit reproduce`"
    committed = json.loads((RESULTS_DIR / "results.json").read_text(encoding="utf-8"))
    fresh = command.run_all(
        load_split("train"),
        load_split("test"),
        dev=load_split("dev"),
        dataset_version=DATASET_VERSION,
        release_files=[release / f"{split}.jsonl" for split in ("train", "dev", "test")],
        seed=command.DEFAULT_SEED,
        resamples=command.DEFAULT_RESAMPLES,
        predictions_dir=tmp_path,
    )
    stale = "stale: run `uv run gwrcommit reproduce`"
    differences = differing_paths(committed, json.loads(render_json(fresh)))
    assert not differences, f"{stale}; first differences: {differences[:5]}"
    assert render_markdown(fresh) == (RESULTS_DIR / "RESULTS.md").read_text(encoding="utf-8"), stale
    assert render_figure(fresh) == (RESULTS_DIR / "results.png").read_bytes(), stale
    # The predictions hold report text, so they are not committed; results.json pins each
    # by its SHA-256 (compared above), and a local copy from `reproduce` must match too.
    for name in fresh["systems"]:
        saved = RESULTS_DIR / "predictions" / f"{name}-test.jsonl"
        if saved.exists():
            assert saved.read_bytes() == (tmp_path / f"{name}-test.jsonl").read_bytes(), stale


def differing_paths(old, new, path: str = "") -> list[str]:
    """Where two JSON values differ, as /key/paths with both values, for the message."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [
            difference
            for key in sorted(old.keys() | new.keys())
            for difference in differing_paths(old.get(key), new.get(key), f"{path}/{key}")
        ]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            difference
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for difference in differing_paths(a, b, f"{path}[{i}]")
        ]
    return [] if old == new else [f"{path}: {old!r} -> {new!r}"]
