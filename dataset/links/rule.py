"""The relation rule of codebook §14.3 (R1–R5): met, not_met, exceeded or not_reported,
as a function of a target's figure, its indicator's direction and the outcome's figure."""

from __future__ import annotations

import math

from dataset.schema import INDICATOR_DIRECTIONS, LinkTarget, Outcome

PERCENT_UNITS = frozenset({"%", "百分点"})
PERCENT_TOLERANCE = 0.5
"""R2: half a percentage point either side of a `~` or `=` figure in % or 百分点."""
RELATIVE_TOLERANCE = 0.05
"""R2: 5% of the value either side for every other unit."""
MASS_IN_KG = {"公斤": 1.0, "斤": 0.5, "吨": 1000.0}
"""R5: one family whose units are converted for the comparison only."""


def band(target: LinkTarget) -> tuple[float, float]:
    """R2: the interval of outcomes that meet the target."""
    value = target.value
    if target.comparator == "range":
        return value, float(target.value_max)
    if target.comparator in (">=", ">"):
        return value, math.inf
    if target.comparator in ("<=", "<"):
        return -math.inf, value
    tolerance = (
        PERCENT_TOLERANCE if target.unit in PERCENT_UNITS else abs(value) * RELATIVE_TOLERANCE
    )
    return value - tolerance, value + tolerance


def comparable_value(outcome: Outcome, target_unit: str) -> float | None:
    """The outcome's value in the target's unit (R5), or None when they cannot be compared."""
    if outcome.unit == target_unit:
        return outcome.value
    if outcome.unit in MASS_IN_KG and target_unit in MASS_IN_KG:
        return outcome.value * MASS_IN_KG[outcome.unit] / MASS_IN_KG[target_unit]
    return None


def relation(target: LinkTarget, outcome: Outcome | None) -> str:
    """R1–R5. R4a (a cut is better the larger it is) needs no case of its own: every
    indicator whose targets are stated as cuts (energy intensity, emissions, investment
    cut back, `other`) has direction "up"."""
    if outcome is None:
        return "not_reported"
    value = comparable_value(outcome, target.unit)
    if value is None:
        return "not_reported"
    low, high = band(target)
    if low <= value <= high:
        return "met"
    better_up = INDICATOR_DIRECTIONS[target.indicator] == "up"
    return "exceeded" if (value > high) == better_up else "not_met"
