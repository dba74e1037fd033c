"""Agreement between two independent link passes (codebook §14).

Targets are matched by their document offsets (the same span in the same report). Over
the matched targets each field is compared; over all targets of either pass, which
targets are headline is an F1 of one pass against the other. Figures are reported per
era, since reports before the 主要预期目标 lists (L2) ask more of the annotator, and per
report."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotation.agreement import cohen_kappa, nominal_agreement
from dataset.links.table import link_id
from dataset.schema import Link

ERAS = {"1978–1999": (1978, 1999), "2000–2024": (2000, 2024)}
TARGET_FIELDS = ("indicator", "value", "value_max", "unit", "comparator", "plan_year")


def outcome_key(link: Link) -> str | None:
    return None if link.outcome is None else link.outcome.id


def report_year(link: Link) -> int:
    return int(link.target.doc_id.rsplit("-", 1)[1])


def _f1(matched: int, a_total: int, b_total: int) -> float:
    return 1.0 if a_total + b_total == 0 else 2 * matched / (a_total + b_total)


def compare_passes(a: Sequence[Link], b: Sequence[Link]) -> dict[str, Any]:
    """Target-identification F1 and per-field agreement on the targets both passes found."""
    a_by_id = {link_id(link): link for link in a}
    b_by_id = {link_id(link): link for link in b}
    both = sorted(a_by_id.keys() & b_by_id.keys())
    pairs = [(a_by_id[key], b_by_id[key]) for key in both]
    fields: dict[str, Any] = {
        field: _exact(
            [getattr(x.target, field) for x, _ in pairs],
            [getattr(y.target, field) for _, y in pairs],
        )
        for field in TARGET_FIELDS
    }
    fields["outcome_span"] = _exact(
        [outcome_key(x) for x, _ in pairs], [outcome_key(y) for _, y in pairs]
    )
    fields["outcome_value"] = _exact(
        [x.outcome and x.outcome.value for x, _ in pairs],
        [y.outcome and y.outcome.value for _, y in pairs],
    )
    fields["relation"] = (
        nominal_agreement([x.relation for x, _ in pairs], [y.relation for _, y in pairs])
        if pairs
        else None
    )
    return {
        "targets_a": len(a_by_id),
        "targets_b": len(b_by_id),
        "targets_both": len(both),
        "target_f1": _f1(len(both), len(a_by_id), len(b_by_id)),
        "fields": fields,
    }


def _exact(a: list[Any], b: list[Any]) -> dict[str, Any] | None:
    if not a:
        return None
    agreed = sum(x == y for x, y in zip(a, b, strict=True))
    result: dict[str, Any] = {"targets": len(a), "percent_agreement": 100.0 * agreed / len(a)}
    if all(isinstance(x, str) or x is None for x in a + b):
        result["cohen_kappa"] = cohen_kappa(
            ["∅" if x is None else x for x in a], ["∅" if y is None else y for y in b]
        )
    return result


def _within(links: Sequence[Link], years: tuple[int, int]) -> list[Link]:
    return [link for link in links if years[0] <= report_year(link) <= years[1]]


def agreement_report(a: Sequence[Link], b: Sequence[Link]) -> dict[str, Any]:
    report = {"all": compare_passes(a, b)}
    for era, years in ERAS.items():
        report[era] = compare_passes(_within(a, years), _within(b, years))
    reports = sorted({link.target.doc_id for link in [*a, *b]})
    report["by_report"] = {
        doc_id: _brief(compare_passes(_of(a, doc_id), _of(b, doc_id))) for doc_id in reports
    }
    return report


def _of(links: Sequence[Link], doc_id: str) -> list[Link]:
    return [link for link in links if link.target.doc_id == doc_id]


def _brief(comparison: dict[str, Any]) -> dict[str, Any]:
    """Per report: the target counts and, on the shared targets, the share of targets on
    which the passes agree about every field (figures, outcome span, relation)."""
    fields = comparison["fields"]
    return {
        key: comparison[key] for key in ("targets_a", "targets_b", "targets_both", "target_f1")
    } | {
        field: None if fields[field] is None else fields[field]["percent_agreement"]
        for field in ("comparator", "outcome_span", "relation")
    }
