"""How small a difference the test split can show: the minimum detectable difference
(MDD) of each task's main metric, from the official paired bootstrap.

Definition. For each task, take the two strongest systems of the headline tables (either
track, references included, in-sample systems never; one whose predictions for the task
equal the best one's is passed over) on the task's main metric, and run
the official paired bootstrap (`dataset.scoring.scorer.compare`: the same resamples of test
units for both, seed and resample count of the results). Let h be half the width of the
95% percentile interval of the resampled differences B - A. An observed difference below
about h is not significant at alpha = 0.05 (two-sided): h is the significance threshold.
With the bootstrap standard error se = h / z(0.975), the MDD is the true difference that
the test detects with 80% power, (z(0.975) + z(0.80)) * se = 2.80 se (normal
approximation), and the power to detect a true gain d is
Phi(d / se - z(0.975)) + Phi(-d / se - z(0.975)).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from statistics import NormalDist
from typing import Any

from baselines.base import Prediction, Unit

ALPHA = 0.05
POWER = 0.80
GAIN = 0.05
"""The gain whose detection probability the results state beside the MDD."""
Z_ALPHA = NormalDist().inv_cdf(1 - ALPHA / 2)
Z_POWER = NormalDist().inv_cdf(POWER)
Comparer = Callable[..., dict[str, Any]]
SKIPPED = "fewer than two headline systems with different predictions"

DEFINITION = (
    "For each task, the two strongest headline systems on its main metric (either track, "
    "references included, in-sample systems never; a system whose predictions for the task "
    "equal the best one's is passed over) are compared by the official paired "
    "bootstrap (`gwrcommit compare`: the same resamples of test units for both). "
    f"**threshold** h = half the width of the 95% interval of the resampled differences: "
    f"an observed difference below about h is not significant at α = {ALPHA} (two-sided). "
    f"**MDD** = (z₀.₉₇₅ + z₀.₈₀) · se = {Z_ALPHA + Z_POWER:.2f} · se with se = h / "
    f"{Z_ALPHA:.2f}: the true difference the paired bootstrap detects with "
    f"{POWER:.0%} power (normal approximation). **power at +{GAIN}**: the chance that a "
    f"true gain of {GAIN} comes out significant, Φ(d/se − z₀.₉₇₅) + Φ(−d/se − z₀.₉₇₅)."
)


def power_to_detect(gain: float, se: float) -> float:
    """Two-sided power of the test at level ALPHA for a true difference `gain`."""
    if se <= 0:
        return 1.0 if gain else ALPHA
    normal = NormalDist()
    return normal.cdf(gain / se - Z_ALPHA) + normal.cdf(-gain / se - Z_ALPHA)


def ranked_systems(systems: Mapping[str, dict[str, Any]], task: str, metric: str) -> list[str]:
    """The headline systems whose main metric of `task` is `metric`, best first by their
    test value (ties by name)."""
    return [
        name
        for _, name in sorted(
            (-system["test"][task]["metrics"][metric]["value"], name)
            for name, system in systems.items()
            if system["kind"] != "in-sample"
            and system["test"].get(task, {}).get("main_metric") == metric
        )
    ]


def strongest_pair(
    ranked: Sequence[str], views: Mapping[str, list[Prediction]]
) -> tuple[str, str] | None:
    """(best, runner-up): the best system and the strongest one whose predictions for the
    task differ from its (a system predicting the same labels is no second system).
    None when there is no such pair."""
    if not ranked:
        return None
    best = ranked[0]
    runner_up = next((name for name in ranked[1:] if views[name] != views[best]), None)
    return None if runner_up is None else (best, runner_up)


def task_view(predictions: Sequence[Prediction], fields: Sequence[str]) -> list[Prediction]:
    """The predictions reduced to one task's fields, so only that task is compared."""
    return [
        {"id": row["id"], **{field: row[field] for field in fields if field in row}}
        for row in predictions
    ]


def minimum_detectable_differences(
    test: Sequence[Unit],
    predictions: Mapping[str, Sequence[Prediction]],
    systems: Mapping[str, dict[str, Any]],
    main_metrics: Mapping[str, str],
    *,
    comparer: Comparer,
    task_fields: Mapping[str, Sequence[str]],
    seed: int,
    resamples: int,
) -> dict[str, dict[str, Any]]:
    """task -> the MDD of its main metric and how it was obtained (see the module)."""
    found: dict[str, dict[str, Any]] = {}
    for task, metric in main_metrics.items():
        ranked = ranked_systems(systems, task, metric)
        views = {name: task_view(predictions[name], task_fields[task]) for name in ranked}
        pair = strongest_pair(ranked, views)
        if pair is None:
            found[task] = {"metric": metric, "skipped": SKIPPED}
            continue
        best, runner_up = pair
        comparison = comparer(
            list(test),
            views[runner_up],
            views[best],
            seed=seed,
            resamples=resamples,
            sources=(runner_up, best),
        )
        found[task] = pair_summary(metric, pair, comparison["tasks"][task])
    return found


def pair_summary(metric: str, pair: tuple[str, str], compared: dict[str, Any]) -> dict[str, Any]:
    difference = compared["difference"]
    half_width = (difference["ci_high"] - difference["ci_low"]) / 2
    se = half_width / Z_ALPHA
    return {
        "metric": metric,
        "pair": list(pair),
        "difference": difference["value"],
        "ci_low": difference["ci_low"],
        "ci_high": difference["ci_high"],
        "p_value": compared["p_value"],
        "threshold": half_width,
        "se": se,
        "mdd": (Z_ALPHA + Z_POWER) * se,
        "power_at_gain": power_to_detect(GAIN, se),
        "gain": GAIN,
    }
