"""Gold links from two passes and an adjudication log.

Where the passes agree on a target (the same labels in both), the gold takes it with
pass A's note. Every
target on which they differ, or that only one pass has, needs a log row
`{"target": <target id>, "choose": "a" | "b" | "none", "set": {...}, "reason": "..."}`:
`choose` takes one pass's row (or drops the target as not headline), `set` then fixes
top-level or target fields (e.g. {"relation": "met"}, {"target.comparator": "~"})."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dataset.errors import InputError
from dataset.links.table import link_id
from dataset.records.jsonl import iter_jsonl
from dataset.records.read import format_validation_error
from dataset.schema import Link

CHOICES = ("a", "b", "none")


def read_decisions(path: str | Path) -> dict[str, dict[str, Any]]:
    decisions: dict[str, dict[str, Any]] = {}
    for line, row in iter_jsonl(path):
        if row.get("choose") not in CHOICES or not row.get("reason"):
            raise InputError(f"{path}:{line}: needs choose (a, b or none) and a reason")
        if row["target"] in decisions:
            raise InputError(f"{path}:{line}: {row['target']} decided twice")
        decisions[row["target"]] = row
    return decisions


def labels(link: Link | None) -> dict[str, Any] | None:
    """Everything a pass decided about a target except its free-text note."""
    return None if link is None else link.model_dump(exclude={"note"})


def disagreements(a: Sequence[Link], b: Sequence[Link]) -> list[str]:
    """Target ids on which the passes differ (notes aside), in id order."""
    a_by_id = {link_id(link): link for link in a}
    b_by_id = {link_id(link): link for link in b}
    return sorted(
        key
        for key in a_by_id.keys() | b_by_id.keys()
        if labels(a_by_id.get(key)) != labels(b_by_id.get(key))
    )


def adjudicate(
    a: Sequence[Link], b: Sequence[Link], decisions: Mapping[str, Mapping[str, Any]]
) -> list[Link]:
    a_by_id = {link_id(link): link for link in a}
    b_by_id = {link_id(link): link for link in b}
    open_ = [key for key in disagreements(a, b) if key not in decisions]
    if open_:
        raise InputError(f"{len(open_)} disagreements without a decision, e.g. {open_[0]}")
    stale = sorted(set(decisions) - set(disagreements(a, b)))
    if stale:
        raise InputError(f"decisions for targets the passes agree on: {stale[:3]}")
    gold = []
    for key in sorted(a_by_id.keys() | b_by_id.keys()):
        decision = decisions.get(key)
        if decision is None:
            gold.append(a_by_id[key])
            continue
        chosen = {"a": a_by_id, "b": b_by_id}.get(decision["choose"], {}).get(key)
        if decision["choose"] != "none" and chosen is None:
            raise InputError(f"{key}: pass {decision['choose']} has no such target")
        if chosen is not None:
            gold.append(_with_changes(chosen, decision.get("set", {}), key))
    return sorted(gold, key=lambda link: (link.target.doc_id, link.target.start))


def _with_changes(link: Link, changes: Mapping[str, Any], key: str) -> Link:
    row = link.model_dump(mode="json")
    for path, value in changes.items():
        holder = row
        *parents, name = path.split(".")
        for parent in parents:
            holder = holder[parent]
        holder[name] = value
    try:
        return Link.model_validate(row)
    except ValidationError as error:
        raise InputError(f"{key}: {format_validation_error(error)}") from None
