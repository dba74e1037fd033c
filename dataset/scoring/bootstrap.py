"""Bootstrap over units: resample counts, percentile intervals, paired differences.

A resample draws as many unit ids as there are units, uniformly with replacement.
It is represented by how often each unit was drawn, so a (resamples × units)
count matrix times a (units × statistics) matrix of per-unit sufficient
statistics gives every resample's totals in one matrix product. The matrix
depends only on the seed and the number of units (taken in id order), so two
prediction files scored with the same seed see the same resamples: that is what
makes `compare` a paired bootstrap.
"""

from __future__ import annotations

import numpy as np

CONFIDENCE = 0.95
CI_METHOD = (
    "percentile bootstrap over units (unit ids resampled with replacement); "
    "the interval is widened to the point estimate in the rare case it excludes it"
)
P_VALUE_METHOD = (
    "two-sided paired bootstrap: p = min(1, 2 * min(1 + #(d* <= 0), 1 + #(d* >= 0)) / "
    "(resamples + 1)) over the resampled differences d* = B - A (ties count on both sides); "
    "p < 0.05 about when the 95% percentile interval of d* excludes 0"
)


def resample_counts(units: int, resamples: int, seed: int) -> np.ndarray:
    """(resamples, units) float matrix: how often each unit is drawn in each resample."""
    if units < 1 or resamples < 1:
        raise ValueError("the bootstrap needs at least one unit and one resample")
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, units, size=(resamples, units))
    flat = (draws + units * np.arange(resamples)[:, None]).ravel()
    counts = np.bincount(flat, minlength=resamples * units).reshape(resamples, units)
    return counts.astype(float)


def percentile_interval(
    samples: np.ndarray, point: np.ndarray | float, confidence: float = CONFIDENCE
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval along axis 0, widened where needed to contain `point`.

    For ratio metrics on small or skewed samples the percentile interval can miss
    the full-sample estimate; reporting a value outside its own interval would only
    confuse, so the interval is extended to it (it never narrows)."""
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(samples, [tail, 100 - tail], axis=0)
    return np.minimum(low, point), np.maximum(high, point)


def paired_p_value(differences: np.ndarray) -> float:
    """Two-sided p-value of "no difference" from resampled differences B - A.

    The fraction of resamples on each side of 0 (ties counted on both sides, so the
    test is conservative), doubled for two sides, with the +1 correction that keeps
    p above 0 for a finite number of resamples."""
    resamples = differences.shape[0]
    below = 1 + np.count_nonzero(differences <= 0)
    above = 1 + np.count_nonzero(differences >= 0)
    return float(min(1.0, 2 * min(below, above) / (resamples + 1)))
