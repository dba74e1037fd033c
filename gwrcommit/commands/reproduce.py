"""gwrcommit reproduce: build, validate, run every baseline, write the results."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

NAME = "reproduce"
HELP = "build and validate the release, run every baseline, write baselines/RESULTS.md"
DEFAULT_SEED = 13
DEFAULT_RESAMPLES = 1000
EXAMPLES = [
    "gwrcommit reproduce",
    "gwrcommit reproduce --resamples 200 --out-dir /tmp/results   # a quicker look elsewhere",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"bootstrap seed (default {DEFAULT_SEED})"
    )
    parser.add_argument(
        "--resamples",
        type=int,
        default=DEFAULT_RESAMPLES,
        help=f"bootstrap resamples (default {DEFAULT_RESAMPLES})",
    )
    parser.add_argument(
        "--out-dir",
        help="where RESULTS.md, results.json, results.png and predictions/ go "
        "(default: baselines/)",
    )


def all_systems() -> dict[str, Any]:
    """Every system of the results: the baselines and references, then the rule
    pre-annotator, which was developed on a test report and is reported apart (in-sample;
    open track, since it reads the gazetteer)."""
    from annotation.preannotate import RuleAnnotator
    from baselines.base import SystemSpec
    from baselines.systems import SYSTEMS

    rules = SystemSpec(
        RuleAnnotator,
        track="open",
        kind="in-sample",
        uses="the gazetteers, the codebook, and a test report with its gold while it was written",
        note=RuleAnnotator.RESULTS_NOTE,
    )
    return {**SYSTEMS, "rules": rules}


def run_all(
    train: list[dict],
    test: list[dict],
    *,
    dev: list[dict] | None = None,
    dataset_version: str,
    release_files: list[Path],
    seed: int,
    resamples: int,
    predictions_dir: Path | None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """The experiment with its provenance: what `reproduce` writes and the currency test
    recomputes. The provenance names the versions and the SHA-256 of the release files
    (`release_files`, which `train` and `test` were read from) and of the predictions
    written to `predictions_dir`; no git commit and no time, so that the committed
    results do not change from one commit to the next."""
    from baselines.experiments import run_experiments
    from dataset.provenance import input_hashes

    results = run_experiments(
        all_systems(),
        train,
        test,
        seed=seed,
        resamples=resamples,
        predictions_dir=predictions_dir,
        progress=progress,
    )
    if dev:
        results |= _across_levels_and_held_out(train, dev, test, seed, resamples, progress)
    predictions = (
        [predictions_dir / f"{name}-test.jsonl" for name in results["systems"]]
        if predictions_dir is not None
        else []
    )
    results["provenance"] = {
        "dataset_version": dataset_version,
        "scorer_version": scorer_version(results),
        "inputs": {
            "release": input_hashes(release_files),
            "predictions": input_hashes(predictions),
        },
        "seed": seed,
        "resamples": resamples,
        "generated_by": "gwrcommit reproduce",
    }
    return results


def _across_levels_and_held_out(
    train: list[dict],
    dev: list[dict],
    test: list[dict],
    seed: int,
    resamples: int,
    progress: Callable[[str], None] | None,
) -> dict[str, Any]:
    """The baselines fitted on one level and scored on another, and the rules on the gold
    documents they were not developed on."""
    from annotation.rules.evaluation import rules_on_held_out
    from baselines.crosslevel import cross_level_results
    from baselines.systems import SYSTEMS
    from dataset.corpus.registry import document_levels
    from dataset.scoring.scorer import score

    if progress:
        progress("cross-level")
    cross = cross_level_results(
        SYSTEMS,
        {"train": train, "dev": dev, "test": test},
        document_levels(),
        scorer=score,
        seed=seed,
        resamples=resamples,
    )
    if progress:
        progress("rules on held-out reports")
    held_out = rules_on_held_out([*train, *dev, *test], score, seed=seed, resamples=resamples)
    return {"cross_level": cross, "rules_held_out": held_out}


def scorer_version(results: dict[str, Any]) -> str:
    from dataset.scoring.scorer import SCORER_VERSION

    return str(results["scorer"].get("scorer_version", SCORER_VERSION))


def run(args: argparse.Namespace) -> int:
    from dataset.errors import InputError

    if args.resamples < 1:
        raise InputError(f"--resamples {args.resamples}: must be at least 1")
    if args.seed < 0:
        raise InputError(f"--seed {args.seed}: must be a non-negative integer")
    return reproduce(
        out_dir=Path(args.out_dir) if args.out_dir else None,
        seed=args.seed,
        resamples=args.resamples,
    )


def reproduce(
    *,
    root: Path | None = None,
    out_dir: Path | None = None,
    seed: int = DEFAULT_SEED,
    resamples: int = DEFAULT_RESAMPLES,
) -> int:
    """Build, validate, run every system, write the results; 1 if the release has problems."""
    started = time.perf_counter()  # before the imports, which take seconds of their own
    from baselines.report import write_results
    from dataset import paths, provenance
    from dataset.release.lint import lint_paths
    from dataset.release.load import load_split, released_splits
    from gwrcommit import generated

    root = root or paths.PROJECT_ROOT
    out_dir = out_dir or root / "baselines"

    def elapsed() -> str:
        return f"{time.perf_counter() - started:.1f} s"

    build, regenerated = generated.regenerate_all(root)
    counts = ", ".join(f"{split} {n}" for split, n in sorted(build.counts.items()))
    print(f"build: release v{build.version} -> {build.folder} ({counts} units)")
    _report_regenerated(regenerated)
    problems = lint_paths([build.folder], root)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            f"gwrcommit reproduce: error: the release has {len(problems)} problem(s) "
            "(see above); no baselines were run",
            file=sys.stderr,
        )
        return 1
    print(f"validate: ok [{elapsed()}]")
    if build.missing_texts:
        print(
            f"baselines: skipped; the results of v{build.version} need the texts of "
            f"{', '.join(build.missing_texts)} (gwrcommit corpus attach PATH; "
            "gwrcommit corpus status --missing says where to get them). "
            f"{out_dir / 'RESULTS.md'} and the dataset card are left as they are."
        )
        print(f"reproduce: done in {elapsed()} (release built and validated, stand-off only)")
        return 0
    splits = released_splits(build.folder)
    results = run_all(
        load_split("train", build.version, root),
        load_split("test", build.version, root),
        dev=load_split("dev", build.version, root) if "dev" in splits else None,
        dataset_version=build.version,
        release_files=[build.folder / f"{split}.jsonl" for split in splits],
        seed=seed,
        resamples=resamples,
        predictions_dir=out_dir / "predictions",
        progress=lambda name: print(f"baselines: {name} [{elapsed()}]", flush=True),
    )
    for path in write_results(results, out_dir):
        print(f"wrote {path}")
    _write_silver(root, elapsed)
    _write_links(root, seed, resamples, elapsed)
    _remove_stale_predictions(out_dir / "predictions", results["systems"])
    # The dataset card quotes RESULTS.md, so the generated documents follow the new results.
    _, regenerated = generated.regenerate_all(root)
    _report_regenerated(regenerated)
    # The results do not record the commit (they would always name the one before theirs);
    # the log of the run does.
    commit = provenance.git_commit(root, mark_dirty=True)
    print(f"reproduce: done in {elapsed()} at git commit {commit}")
    return 0


def _write_silver(root: Path, elapsed: Callable[[], str]) -> None:
    """The silver configuration: the rules' labels for every attached corpus report, in
    one file that the dataset card's `silver` configuration loads (git-ignored)."""
    from annotation.rules.pipeline import preannotate_files
    from dataset.corpus.registry import store_dir
    from dataset.publishing.card import SILVER_PATH

    store = store_dir(root)
    if not store.is_dir() or not any(store.glob("*.txt")):
        print("silver: skipped, no corpus text attached")
        return
    target = root / "dataset" / SILVER_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    documents, records = preannotate_files([str(store)], str(target), None, progress=False)
    print(f"silver: {records} rule-labelled units of {documents} reports -> {target} [{elapsed()}]")


def _write_links(root: Path, seed: int, resamples: int, elapsed: Callable[[], str]) -> None:
    from dataset.links.table import gold_links_file
    from gwrcommit.commands.links import write_links_results

    if not gold_links_file(root).exists():
        print("links: skipped, no link table in this project")
        return
    path = write_links_results(root, seed, resamples)
    if path is None:
        print("links: skipped, the State Council reports are not all attached")
    else:
        print(f"links: gold checked against the reports, baseline scored -> {path} [{elapsed()}]")


def _report_regenerated(paths: list[Path]) -> None:
    for path in paths:
        print(f"build: regenerated {path}")


def _remove_stale_predictions(folder: Path, systems: dict[str, Any]) -> None:
    """Drop prediction files of systems that are no longer run, so none goes stale."""
    current = {f"{name}-test.jsonl" for name in systems}
    for path in sorted(folder.glob("*-test.jsonl")):
        if path.name not in current:
            path.unlink()
            print(f"removed stale {path}")
