"""Descriptive statistics of a release, and the figure of its label distributions."""

from __future__ import annotations

import io
import json
import statistics
from collections import Counter

from dataset.schema import DOMAINS, LABEL_FIELD_SPECS, SINGLE_LABEL_FIELDS, SPLITS, label_set

DISTRIBUTION_FIELDS = {field: label_set(field) for field in SINGLE_LABEL_FIELDS}


def _counts(values, labels) -> dict[str, int]:
    counter = Counter(values)
    return {label: counter.get(label, 0) for label in labels}


def _summary(numbers: list[int]) -> dict[str, float]:
    return {
        "min": min(numbers),
        "median": float(statistics.median(numbers)),
        "mean": round(statistics.fmean(numbers), 2),
        "max": max(numbers),
    }


def split_statistics(rows: list[dict]) -> dict:
    targets = [t for row in rows for t in row["numeric_targets"]]
    places = [p for row in rows for p in row["places"]]
    return {
        "units": len(rows),
        "paragraphs": len({(row["doc_id"], row["para"]) for row in rows}),
        "unit_types": dict(Counter(row["unit_type"] for row in rows).most_common()),
        "labels": {
            field: _counts((row[field] for row in rows), labels)
            for field, labels in DISTRIBUTION_FIELDS.items()
        },
        "domains_multi_label": _counts((d for row in rows for d in row["domains"]), DOMAINS),
        "text_length_chars": _summary([len(row["text"]) for row in rows]),
        "targets": {
            "total": len(targets),
            "per_unit": dict(sorted(Counter(len(row["numeric_targets"]) for row in rows).items())),
            "kind": dict(Counter(t["kind"] for t in targets).most_common()),
            "comparator": dict(Counter(t["comparator"] for t in targets).most_common()),
            "unit": dict(Counter(t["unit"] for t in targets).most_common()),
        },
        "places": {
            "total": len(places),
            "type": dict(Counter(p["type"] for p in places).most_common()),
            "not_in_gazetteer": sum(1 for p in places if p["name"] is None),
        },
    }


def release_statistics(version: str, rows: list[dict]) -> dict:
    by_split = {split: [r for r in rows if r["split"] == split] for split in SPLITS}
    return {
        "version": version,
        "documents": sorted({row["doc_id"] for row in rows}),
        "all": split_statistics(rows),
        **{split: split_statistics(split_rows) for split, split_rows in by_split.items()},
    }


def render_statistics(stats: dict) -> str:
    return json.dumps(stats, ensure_ascii=False, indent=2) + "\n"


def render_distribution_figure(stats: dict) -> bytes:
    """Bar charts of the single-label fields per split, as PNG bytes (deterministic)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fields = list(DISTRIBUTION_FIELDS)
    figure, axes = plt.subplots(len(fields), 1, figsize=(9, 3.2 * len(fields)))
    for axis, field in zip(axes, fields, strict=True):
        labels = [
            label for label in DISTRIBUTION_FIELDS[field] if stats["all"]["labels"][field][label]
        ]
        positions = range(len(labels))
        width = 0.4
        for offset, split in ((-width / 2, "train"), (width / 2, "test")):
            counts = [stats[split]["labels"][field][label] for label in labels]
            axis.bar([p + offset for p in positions], counts, width, label=split)
        axis.set_xticks(list(positions), labels, rotation=30, ha="right", fontsize=8)
        axis.set_title(f"{LABEL_FIELD_SPECS[field].title} ({field})", fontsize=10)
        axis.set_ylabel("units")
        axis.legend(fontsize=8)
    figure.suptitle(f"GWRCommit v{stats['version']}: label distributions")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
