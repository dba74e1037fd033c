"""Inter-annotator agreement between two annotation passes over the same units.

Both passes are records files (one `dataset.schema.Record` per line). Agreement is
reported per label field:

- single-label fields: raw percent agreement, Cohen's kappa and Krippendorff's alpha
  (nominal, two coders, no missing values), both implemented here;
- `domains` (multi-label): mean per-unit Jaccard, micro-F1 of B against A, and Cohen's
  kappa per label (presence/absence), averaged over the labels either pass used;
- span fields: strict and overlap F1 with A as the reference under one-to-one matching,
  agreement of the attributes of matched spans, and (targets) tuple F1. Spans are matched
  and target values compared by the official scorer's own functions (`dataset.scoring.metrics`),
  so human agreement and system scores are measured the same way.

Zero-division conventions (used wherever a statistic is otherwise 0/0):

- kappa = alpha = 1.0 when both coders use one and the same category for every unit:
  there is no variation to disagree on, and the coders never disagree.
- Jaccard of two empty label sets = 1.0; micro-F1 and span F1 = 1.0 when neither pass
  has any label or span at all: two passes that both mark nothing agree fully. This is
  the official scorer's empty-case convention (stated in dataset.scoring.evaluation),
  computed by the same function, `dataset.scoring.metrics.f1_from_totals`, so a pair
  of files gets the same span F1 here as from `gwrcommit score`.
- attribute agreement on matched spans is null (None) when no spans were matched.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from dataset.errors import InputError
from dataset.records.read import iter_records
from dataset.schema import (
    LABEL_FIELD_SPECS,
    LABEL_FIELDS,
    SINGLE_LABEL_FIELDS,
    UNIT_FIELDS,
    NumericTarget,
    Record,
    Span,
    label_set,
)
from dataset.scoring.evaluation import PLACE_CHECKS, TARGET_CHECKS
from dataset.scoring.metrics import (
    VALUE_REL_TOL,
    f1_from_totals,
    match_overlapping,
    strict_tuple_matches,
    values_agree,
)

NOMINAL_FIELDS: tuple[str, ...] = SINGLE_LABEL_FIELDS
MULTI_LABEL_FIELDS: tuple[str, ...] = tuple(
    name for name, spec in LABEL_FIELD_SPECS.items() if spec.kind == "multi"
)
SPAN_FIELDS: tuple[str, ...] = tuple(
    name for name, spec in LABEL_FIELD_SPECS.items() if spec.kind == "spans"
)
CONFUSION_FIELD = "commitment_type"
"""The field whose full confusion matrix is reported: the benchmark's main task."""
SHOWN_IDS = 5

CONVENTIONS: dict[str, str] = {
    "kappa_alpha_single_category": "Cohen's kappa and Krippendorff's alpha are 1.0 when both "
    "coders use one and the same category for every unit (otherwise 0/0).",
    "jaccard_empty": "The Jaccard index of two empty domain sets is 1.0.",
    "f1_empty": "Micro-F1 and span F1 are 1.0 when neither pass has any label or span "
    "(the official scorer's convention, computed by the same function).",
    "matched_attributes": "Attribute agreement on matched spans is null when no span matched.",
    "domains_per_label_kappa": "Per-label kappa is averaged over the labels that either pass "
    "used at least once.",
    "span_matching": "Span matching is one-to-one with A as the reference, exactly as in the "
    "official scorer: paired spans share a character, and the matching maximises the number "
    "of pairs, then the total Jaccard overlap. Tuple F1 counts matched target pairs that "
    "agree on value, unit and comparator.",
    "value_equality": f"Targets' value and value_max are equal by "
    f"math.isclose(rel_tol={VALUE_REL_TOL}).",
}


# ---------------------------------------------------------------- reading the passes


@dataclass(frozen=True)
class PassedUnit:
    """One unit as labelled by one pass, with where it was read from."""

    record: Record
    raw: dict[str, Any]
    line: int


def load_pass(path: str | Path) -> dict[str, PassedUnit]:
    """Records of one pass by id, in file order; any bad line raises InputError(file:line)."""
    return {
        record.id: PassedUnit(record, obj, line_no) for line_no, obj, record in iter_records(path)
    }


@dataclass(frozen=True)
class UnitPair:
    a: PassedUnit
    b: PassedUnit

    @property
    def id(self) -> str:
        return self.a.record.id


def pair_passes(a_path: str | Path, b_path: str | Path) -> list[UnitPair]:
    """The two passes paired by unit id, in A's order. Both must cover the same units."""
    a_units, b_units = load_pass(a_path), load_pass(b_path)
    only_a = [uid for uid in a_units if uid not in b_units]
    only_b = [uid for uid in b_units if uid not in a_units]
    if only_a or only_b:
        raise InputError(
            f"{a_path} and {b_path} cover different units: {len(a_units)} vs {len(b_units)} "
            f"units; {len(only_a)} only in A{_some(only_a)}, {len(only_b)} only in B{_some(only_b)}"
        )
    pairs = [UnitPair(a_units[uid], b_units[uid]) for uid in a_units]
    for pair in pairs:
        _check_same_unit(pair, b_path)
    return pairs


def _some(ids: list[str]) -> str:
    if not ids:
        return ""
    more = ", …" if len(ids) > SHOWN_IDS else ""
    return f" ({', '.join(ids[:SHOWN_IDS])}{more})"


def _check_same_unit(pair: UnitPair, b_path: str | Path) -> None:
    for name in UNIT_FIELDS:
        if getattr(pair.a.record, name) != getattr(pair.b.record, name):
            raise InputError(
                f"{b_path}:{pair.b.line}: unit {pair.id} has a different {name} than in A "
                f"(line {pair.a.line}); both passes must label the same segmentation"
            )


# ---------------------------------------------------------------- comparable values


def field_value(record: Record, field: str) -> Any:
    """The JSON value of a label field of a record in canonical form."""
    return canonical_value(field, getattr(record, field))


def canonical_value(field: str, value: Any) -> Any:
    """A validated label value as JSON, order-insensitive (label sets and spans sorted)."""
    if field in MULTI_LABEL_FIELDS:
        return sorted(value, key=label_set(field).index)
    if field in SPAN_FIELDS:
        return _span_dumps(value)
    return value


def _span_key(span: Span) -> tuple[int, int]:
    return (span.start, span.end)


def disagreeing_fields(pair: UnitPair) -> list[str]:
    return [
        field
        for field in LABEL_FIELDS
        if field_value(pair.a.record, field) != field_value(pair.b.record, field)
    ]


def disagreements_by_field(pairs: Sequence[UnitPair]) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = {field: [] for field in LABEL_FIELDS}
    for pair in pairs:
        for field in disagreeing_fields(pair):
            by_field[field].append(pair.id)
    return by_field


# ---------------------------------------------------------------- nominal statistics


def _check_codings(a: Sequence[Any], b: Sequence[Any]) -> None:
    if len(a) != len(b):
        raise ValueError(f"the coders labelled {len(a)} and {len(b)} units")
    if not a:
        raise ValueError("no units to compare")


def _contingency(a: Sequence[Any], b: Sequence[Any]) -> np.ndarray:
    """Counts of (A's category, B's category) over the categories either coder used."""
    categories = sorted(set(a) | set(b))
    index = {category: i for i, category in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    np.add.at(table, ([index[x] for x in a], [index[y] for y in b]), 1)
    return table


def percent_agreement(a: Sequence[Any], b: Sequence[Any]) -> float:
    _check_codings(a, b)
    return 100.0 * sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Cohen's kappa; 1.0 when both coders use one identical category throughout."""
    _check_codings(a, b)
    shares = _contingency(a, b) / len(a)
    if len(shares) == 1:
        return 1.0
    observed = np.trace(shares)
    expected = shares.sum(axis=1) @ shares.sum(axis=0)
    return float((observed - expected) / (1.0 - expected))


def krippendorff_alpha_nominal(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Krippendorff's alpha, nominal, two coders, no missing values; 1.0 for one category."""
    _check_codings(a, b)
    table = _contingency(a, b)
    if len(table) == 1:
        return 1.0
    # With two values per unit each ordered pair counts 1/(m_u - 1) = 1 in the coincidences.
    coincidences = table + table.T
    totals = coincidences.sum(axis=1)
    n = totals.sum()
    observed_mismatches = coincidences.sum() - np.trace(coincidences)
    expected_mismatches = (n * n - totals @ totals) / (n - 1)
    return float(1.0 - observed_mismatches / expected_mismatches)


def confusion_matrix(a: Sequence[str], b: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Rows are A's labels, columns B's, in the order of `labels`."""
    index = {label: i for i, label in enumerate(labels)}
    matrix = np.zeros((len(labels), len(labels)), dtype=int)
    np.add.at(matrix, ([index[x] for x in a], [index[y] for y in b]), 1)
    return matrix.tolist()


def nominal_agreement(a: Sequence[str], b: Sequence[str]) -> dict[str, Any]:
    return {
        "units": len(a),
        "percent_agreement": percent_agreement(a, b),
        "cohen_kappa": cohen_kappa(a, b),
        "krippendorff_alpha": krippendorff_alpha_nominal(a, b),
    }


# ---------------------------------------------------------------- multi-label domains


def _f1(true_positives: int, reference_total: int, other_total: int) -> float:
    """F1 of B against A; 1.0 when neither has anything (the scorer's empty case)."""
    return float(f1_from_totals(true_positives, reference_total, other_total))


def jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def multilabel_agreement(
    a: Sequence[set[str]], b: Sequence[set[str]], labels: Sequence[str]
) -> dict[str, Any]:
    _check_codings(a, b)
    used = [label for label in labels if any(label in s for s in (*a, *b))]
    per_label = {
        label: cohen_kappa([label in s for s in a], [label in s for s in b]) for label in used
    }
    return {
        "units": len(a),
        "percent_agreement": percent_agreement(a, b),
        "jaccard_mean": float(np.mean([jaccard(x, y) for x, y in zip(a, b, strict=True)])),
        "micro_f1": _f1(
            sum(len(x & y) for x, y in zip(a, b, strict=True)),
            sum(map(len, a)),
            sum(map(len, b)),
        ),
        "per_label_kappa_mean": float(np.mean(list(per_label.values()))) if per_label else 1.0,
        "per_label_kappa": per_label,
    }


# ---------------------------------------------------------------- spans


def same_offsets(x: Span, y: Span) -> bool:
    return (x.start, x.end) == (y.start, y.end)


def match_spans(reference: Sequence[Span], other: Sequence[Span]) -> list[tuple[int, int]]:
    """One-to-one (reference index, other index) pairs of overlapping spans, matched exactly
    as the official scorer matches them: as many pairs as possible, then the largest total
    Jaccard overlap, so identical spans pair up first."""
    offsets = [[{"start": s.start, "end": s.end} for s in spans] for spans in (reference, other)]
    return match_overlapping(*offsets)


def values_equal(x: NumericTarget, y: NumericTarget) -> bool:
    """value and value_max equal by math.isclose (the official scorer's test)."""
    return values_agree(x.model_dump(), y.model_dump())


TARGET_ATTRIBUTES: dict[str, Callable[[Any, Any], bool]] = {
    "value": values_equal,
    "unit": lambda x, y: x.unit == y.unit,
    "comparator": lambda x, y: x.comparator == y.comparator,
    "kind": lambda x, y: x.kind == y.kind,
}
PLACE_ATTRIBUTES: dict[str, Callable[[Any, Any], bool]] = {
    "type": lambda x, y: x.type == y.type,
    "name": lambda x, y: x.name == y.name,
}
SPAN_AGREEMENT: dict[str, tuple[dict[str, Callable[[Any, Any], bool]], str, dict]] = {
    "numeric_targets": (TARGET_ATTRIBUTES, "tuple_f1", TARGET_CHECKS),
    "places": (PLACE_ATTRIBUTES, "strict_typed_f1", PLACE_CHECKS),
}
"""Per span field, in report order: the attributes compared on matched spans, and the
official scorer's main metric with the checks that define it (exact span + checks)."""


def span_agreement(
    a: Sequence[Sequence[Span]],
    b: Sequence[Sequence[Span]],
    attributes: dict[str, Callable[[Any, Any], bool]],
    main_metric: str | None = None,
    main_checks: dict | None = None,
) -> dict[str, Any]:
    """Span F1 of B against A (pooled over units) and attribute agreement on matched spans.

    With `main_metric`, also the scorer's main metric of the field: F1 over spans with the
    same offsets that pass every one of `main_checks` (the scorer's own function)."""
    _check_codings(a, b)
    a_total, b_total = sum(map(len, a)), sum(map(len, b))
    strict = 0
    matched: list[tuple[Span, Span]] = []
    for x_spans, y_spans in zip(a, b, strict=True):
        x_spans, y_spans = sorted(x_spans, key=_span_key), sorted(y_spans, key=_span_key)
        strict += sum(1 for x in x_spans for y in y_spans if same_offsets(x, y))
        matched += [(x_spans[i], y_spans[j]) for i, j in match_spans(x_spans, y_spans)]
    agrees = {name: [equal(x, y) for x, y in matched] for name, equal in attributes.items()}
    result: dict[str, Any] = {
        "units": len(a),
        "percent_agreement": percent_agreement(
            [_span_dumps(s) for s in a], [_span_dumps(s) for s in b]
        ),
        "a_spans": a_total,
        "b_spans": b_total,
        "strict_f1": _f1(strict, a_total, b_total),
        "overlap_f1": _f1(len(matched), a_total, b_total),
        "matched": len(matched),
    }
    for name, agreeing in agrees.items():
        result[f"{name}_agreement"] = sum(agreeing) / len(matched) if matched else None
    if main_metric is not None:
        checks = list((main_checks or {}).values())
        hits = sum(
            strict_tuple_matches(_span_dicts(x), _span_dicts(y), checks)
            for x, y in zip(a, b, strict=True)
        )
        result[main_metric] = _f1(hits, a_total, b_total)
    return result


def _span_dicts(spans: Sequence[Span]) -> list[dict[str, Any]]:
    return [span.model_dump(mode="json") for span in spans]


def _span_dumps(spans: Sequence[Span]) -> list[dict[str, Any]]:
    """A span list in canonical order, for whole-list comparison (every attribute)."""
    return [span.model_dump(mode="json") for span in sorted(spans, key=_span_key)]


# ---------------------------------------------------------------- the report


def agreement_report(pairs: Sequence[UnitPair], a_name: str, b_name: str) -> dict[str, Any]:
    a = [pair.a.record for pair in pairs]
    b = [pair.b.record for pair in pairs]
    fields: dict[str, Any] = {
        name: nominal_agreement(_values(a, name), _values(b, name)) for name in NOMINAL_FIELDS
    }
    for name in MULTI_LABEL_FIELDS:
        fields[name] = multilabel_agreement(
            [set(x) for x in _values(a, name)], [set(x) for x in _values(b, name)], label_set(name)
        )
    for name, (attributes, main_metric, main_checks) in SPAN_AGREEMENT.items():
        fields[name] = span_agreement(
            _values(a, name), _values(b, name), attributes, main_metric, main_checks
        )
    labels = label_set(CONFUSION_FIELD)
    return {
        "a": a_name,
        "b": b_name,
        "units": len(pairs),
        "fields": fields,
        "confusion": {
            CONFUSION_FIELD: {
                "rows": "A",
                "columns": "B",
                "labels": list(labels),
                "matrix": confusion_matrix(
                    _values(a, CONFUSION_FIELD), _values(b, CONFUSION_FIELD), labels
                ),
            }
        },
        "disagreements": disagreements_by_field(pairs),
        "conventions": CONVENTIONS,
    }


def _values(records: Sequence[Record], field: str) -> list[Any]:
    return [getattr(record, field) for record in records]


def compute_agreement(a_path: str | Path, b_path: str | Path) -> dict[str, Any]:
    return agreement_report(pair_passes(a_path, b_path), str(a_path), str(b_path))


# ---------------------------------------------------------------- Markdown


def _number(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _percent(value: float) -> str:
    return f"{value:.1f}%"


def render_markdown(report: dict[str, Any], heading: bool = True) -> str:
    """The report as Markdown tables, under its own heading unless `heading` is False
    (a document that gives the section its own heading, such as the card)."""
    fields = report["fields"]
    lines = [
        *(["## Inter-annotator agreement", ""] if heading else []),
        f"Pass A: `{report['a']}` · pass B: `{report['b']}` · {report['units']} units.",
        "",
        "| field | agreement | Cohen's κ | Krippendorff's α (nominal) |",
        "|---|---:|---:|---:|",
    ]
    for name in NOMINAL_FIELDS:
        f = fields[name]
        lines.append(
            f"| {name} | {_percent(f['percent_agreement'])} | {_number(f['cohen_kappa'])} "
            f"| {_number(f['krippendorff_alpha'])} |"
        )
    d = fields["domains"]
    lines += [
        "",
        "| domains (multi-label) | value |",
        "|---|---:|",
        f"| identical sets | {_percent(d['percent_agreement'])} |",
        f"| mean Jaccard | {_number(d['jaccard_mean'])} |",
        f"| micro-F1 (B vs A) | {_number(d['micro_f1'])} |",
        f"| per-label κ, mean over {len(d['per_label_kappa'])} labels used "
        f"| {_number(d['per_label_kappa_mean'])} |",
        "",
        *_span_table(fields),
        "",
        *(
            line
            for field, confusion in report["confusion"].items()
            for line in _confusion_table(field, confusion)
        ),
        "",
        "| field | units in disagreement |",
        "|---|---:|",
        *(f"| {name} | {len(ids)} |" for name, ids in report["disagreements"].items()),
        "",
        "Conventions:",
        "",
        *(f"- {text}" for text in report["conventions"].values()),
    ]
    return "\n".join(lines) + "\n"


def _span_table(fields: dict[str, Any]) -> list[str]:
    t, p = fields["numeric_targets"], fields["places"]
    rows = [
        ("spans in A / B", f"{t['a_spans']} / {t['b_spans']}", f"{p['a_spans']} / {p['b_spans']}"),
        (
            "units with identical span lists",
            _percent(t["percent_agreement"]),
            _percent(p["percent_agreement"]),
        ),
        ("strict F1", _number(t["strict_f1"]), _number(p["strict_f1"])),
        ("overlap F1", _number(t["overlap_f1"]), _number(p["overlap_f1"])),
        ("matched spans", str(t["matched"]), str(p["matched"])),
        ("value agreement", _number(t["value_agreement"]), "n/a"),
        ("unit agreement", _number(t["unit_agreement"]), "n/a"),
        ("comparator agreement", _number(t["comparator_agreement"]), "n/a"),
        ("kind agreement", _number(t["kind_agreement"]), "n/a"),
        ("type agreement", "n/a", _number(p["type_agreement"])),
        ("canonical name agreement", "n/a", _number(p["name_agreement"])),
        (
            "main metric: tuple F1 / strict span + type F1",
            _number(t["tuple_f1"]),
            _number(p["strict_typed_f1"]),
        ),
    ]
    header = ["| spans (A is the reference) | numeric_targets | places |", "|---|---:|---:|"]
    return header + [f"| {name} | {x} | {y} |" for name, x, y in rows]


def _confusion_table(field: str, confusion: dict[str, Any]) -> list[str]:
    labels = confusion["labels"]
    lines = [
        f"{field} confusion (rows: A, columns: B):",
        "",
        "| A \\ B | " + " | ".join(labels) + " |",
        "|---|" + "---:|" * len(labels),
    ]
    for label, row in zip(labels, confusion["matrix"], strict=True):
        lines.append(f"| {label} | " + " | ".join(str(count) for count in row) + " |")
    return lines
