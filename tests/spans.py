"""Span dicts for made-up test records, located by their text: one builder for all tests."""

from __future__ import annotations

from typing import Any


def span_at(text: str, surface: str, occurrence: int = 0) -> dict[str, Any]:
    """The span of the `occurrence`-th (0-based) appearance of `surface` in `text`."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "text": surface}


def target_span(
    text: str, surface: str, indicator: str, value: float, unit: str, **fields: Any
) -> dict[str, Any]:
    """A numeric target; comparator '=', kind 'level' and no value_max unless given."""
    defaults = {"value_max": None, "comparator": "=", "kind": "level"}
    return span_at(text, surface) | {
        "indicator": indicator,
        "value": float(value),
        "unit": unit,
        **defaults,
        **fields,
    }


def place_span(text: str, surface: str, place_type: str, name: str | None = None) -> dict:
    return span_at(text, surface) | {"type": place_type, "name": name}
