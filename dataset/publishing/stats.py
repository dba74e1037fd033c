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


LEVELS = ("national", "provincial", "district")


def release_statistics(version: str, rows: list[dict], levels: dict[str, str]) -> dict:
    """Statistics of the whole release, of each split, of each document and of each
    level of government (`levels`: doc_id -> national / provincial / district)."""
    documents = sorted({row["doc_id"] for row in rows})
    by_split = {split: [r for r in rows if r["split"] == split] for split in SPLITS}
    by_level = {
        level: [r for r in rows if levels[r["doc_id"]] == level]
        for level in LEVELS
        if any(levels[d] == level for d in documents)
    }
    return {
        "version": version,
        "documents": documents,
        "all": split_statistics(rows),
        **{
            split: split_statistics(split_rows)
            for split, split_rows in by_split.items()
            if split_rows
        },
        "by_document": {
            doc_id: {"level": levels[doc_id], "split": _split_of(rows, doc_id)}
            | split_statistics([r for r in rows if r["doc_id"] == doc_id])
            for doc_id in documents
        },
        "by_level": {level: split_statistics(level_rows) for level, level_rows in by_level.items()},
    }


def _split_of(rows: list[dict], doc_id: str) -> str:
    splits = sorted({r["split"] for r in rows if r["doc_id"] == doc_id})
    return "+".join(splits)


def released_splits(stats: dict) -> list[str]:
    return [split for split in SPLITS if split in stats]


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
        splits = released_splits(stats)
        width = 0.8 / len(splits)
        for number, split in enumerate(splits):
            offset = (number - (len(splits) - 1) / 2) * width
            counts = [stats[split]["labels"][field][label] for label in labels]
            axis.bar([p + offset for p in positions], counts, width, label=split)
        axis.set_xticks(list(positions), labels, rotation=30, ha="right", fontsize=8)
        axis.set_title(f"{LABEL_FIELD_SPECS[field].title} ({field})", fontsize=10)
        axis.set_ylabel("units")
        axis.legend(fontsize=8)
    figure.suptitle(f"GWRCommit v{stats['version']}: label distributions")
    return png_bytes(figure)


def render_levels_figure(stats: dict) -> bytes:
    """Per level of government, the share of each label of the single-label fields, and
    per document its units and numeric targets, as PNG bytes (deterministic)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fields = list(DISTRIBUTION_FIELDS)
    figure, axes = plt.subplots(len(fields) + 1, 1, figsize=(9, 3.2 * (len(fields) + 1)))
    levels = list(stats["by_level"])
    for axis, field in zip(axes, fields, strict=False):
        labels = [
            label for label in DISTRIBUTION_FIELDS[field] if stats["all"]["labels"][field][label]
        ]
        width = 0.8 / len(levels)
        for number, level in enumerate(levels):
            level_stats = stats["by_level"][level]
            shares = [
                level_stats["labels"][field][label] / max(level_stats["units"], 1)
                for label in labels
            ]
            offset = (number - (len(levels) - 1) / 2) * width
            axis.bar([p + offset for p in range(len(labels))], shares, width, label=level)
        axis.set_xticks(list(range(len(labels))), labels, rotation=30, ha="right", fontsize=8)
        axis.set_title(f"{LABEL_FIELD_SPECS[field].title} ({field}) by level", fontsize=10)
        axis.set_ylabel("share of units")
        axis.legend(fontsize=8)
    axis = axes[-1]
    documents = list(stats["by_document"])
    positions = range(len(documents))
    units = [stats["by_document"][d]["units"] for d in documents]
    targets = [stats["by_document"][d]["targets"]["total"] for d in documents]
    axis.bar([p - 0.2 for p in positions], units, 0.4, label="units")
    axis.bar([p + 0.2 for p in positions], targets, 0.4, label="numeric targets")
    names = [
        f"{d}\n({stats['by_document'][d]['level']}, {stats['by_document'][d]['split']})"
        for d in documents
    ]
    axis.set_xticks(list(positions), names, fontsize=7)
    axis.set_title("Documents", fontsize=10)
    axis.legend(fontsize=8)
    figure.suptitle(f"GWRCommit v{stats['version']}: levels of government and documents")
    return png_bytes(figure)


def png_bytes(figure) -> bytes:
    """The figure as PNG bytes, the same for the same figure (no software stamp); closed."""
    import matplotlib.pyplot as plt

    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()
