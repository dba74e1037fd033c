"""The rule pre-annotator measured on whole reports it was never developed on.

The rules were written while reading the documents in DEVELOPED_ON; their scores there
are fit. On every other gold document they are an honest estimate of what an annotator
starting a new report gets. Per document: the scorer's main metrics (with intervals), and
the target tuple precision / recall / F1 in each part of the report, as the structure
step (`document_parts`) finds the parts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from annotation.rules.pipeline import predict_units
from annotation.rules.structure import document_parts
from dataset.schema import UNIT_FIELDS

DEVELOPED_ON = (
    "jiangjin-2025-p3",
    "chongqing-2025",
    "state-council-2025",
    "zhejiang-2025",
    "henan-2025",
    "jiangxi-2025",
    "hubei-2025",
)
"""Documents read (with their gold) while the rules were written."""
HEADLINE = {
    "targets": ("tuple_f1", "tuple_precision", "tuple_recall"),
    "type": ("macro_f1",),
    "domain": ("primary_macro_f1",),
    "places": ("strict_typed_f1", "geo_scope_macro_f1"),
}
PART_METRICS = ("tuple_precision", "tuple_recall", "tuple_f1")


def development_note(splits: dict[str, str]) -> str:
    """One line for the results' systems table: what the rules were developed on, and
    which of those documents are test documents (from the recorded splits)."""
    names = [f"`{doc_id}`" for doc_id in DEVELOPED_ON]
    tested = [f"`{doc_id}`" for doc_id in DEVELOPED_ON if splits.get(doc_id) == "test"]
    caveat = f" ({', '.join(tested)} in the test split)" if tested else ""
    return (
        f"hand-written rules developed while reading {', '.join(names)}{caveat} with their "
        "gold: partly fit; the held-out figures (the rule pre-annotator on held-out reports) "
        "are the honest ones"
    )


def held_out_documents(rows: Sequence[dict[str, Any]]) -> list[str]:
    return sorted({row["doc_id"] for row in rows} - set(DEVELOPED_ON))


def rules_on_held_out(
    rows: Sequence[dict[str, Any]], scorer: Callable[..., dict], *, seed: int, resamples: int
) -> dict[str, Any]:
    """{"developed_on", "documents": doc_id -> {"units", "overall": {task: {metric:
    value+interval}}, "parts": {part: {"units", "gold_targets", "predicted_targets", metric:
    value+interval}}}, "pooled": {"units", "overall"} over every held-out unit}."""
    report, all_gold, all_predictions = {}, [], []
    for doc_id in held_out_documents(rows):
        gold = sorted((r for r in rows if r["doc_id"] == doc_id), key=lambda r: r["index"])
        units = [{name: row[name] for name in UNIT_FIELDS} for row in gold]
        predictions = predict_units(units)
        parts = document_parts(units)
        scores = scorer(gold, predictions, seed=seed, resamples=resamples, source="rules")
        report[doc_id] = {
            "units": len(gold),
            "overall": _pick(scores, HEADLINE),
            "parts": _by_part(gold, predictions, parts, scorer, seed, resamples),
        }
        all_gold += gold
        all_predictions += predictions
    result: dict[str, Any] = {"developed_on": list(DEVELOPED_ON), "documents": report}
    if all_gold:
        pooled = scorer(all_gold, all_predictions, seed=seed, resamples=resamples, source="rules")
        result["pooled"] = {"units": len(all_gold), "overall": _pick(pooled, HEADLINE)}
    return result


def _pick(scores: dict, wanted: dict[str, tuple[str, ...]]) -> dict[str, dict[str, Any]]:
    return {
        task: {metric: scores["tasks"][task]["metrics"][metric] for metric in metrics}
        for task, metrics in wanted.items()
    }


def _by_part(gold, predictions, parts, scorer, seed, resamples) -> dict[str, dict[str, Any]]:
    out = {}
    for part in dict.fromkeys(parts):  # in reading order
        chosen = [i for i, p in enumerate(parts) if p == part]
        part_gold = [gold[i] for i in chosen]
        part_predictions = [predictions[i] for i in chosen]
        scores = scorer(part_gold, part_predictions, seed=seed, resamples=resamples, source=part)
        out[part] = {
            "units": len(chosen),
            "gold_targets": sum(len(r["numeric_targets"]) for r in part_gold),
            "predicted_targets": sum(len(p["numeric_targets"]) for p in part_predictions),
            **_pick(scores, {"targets": PART_METRICS})["targets"],
        }
    return out
