"""Markdown generated from the schema: the label tables of the codebook and the card."""

from __future__ import annotations

import re

from dataset.schema import (
    CANONICAL_UNITS,
    CAP_CODES,
    DEFINITIONS,
    DOMAINS,
    LABEL_FIELD_SPECS,
    SINGLE_LABEL_FIELDS,
)

BEGIN = "<!-- BEGIN GENERATED: label-tables -->"
END = "<!-- END GENERATED: label-tables -->"
NOTICE = (
    "<!-- Generated from dataset/schema.py by `gwrcommit build`; edit the schema, not this "
    "block. -->"
)


def _single_label_title(field: str) -> str:
    """The registry's heading, naming the field and any multi-label field over its labels."""
    spec = LABEL_FIELD_SPECS[field]
    sharing = [
        other.name
        for other in LABEL_FIELD_SPECS.values()
        if other.kind == "multi" and set(other.labels) <= set(spec.labels)
    ]
    names = ", ".join(f"`{name}`" for name in (field, *sharing))
    return f"{spec.title} ({names}): {spec.description}"


TABLES = (
    ("unit_type", "Unit types (`unit_type`, set by the segmenter)"),
    *((field, _single_label_title(field)) for field in SINGLE_LABEL_FIELDS),
    ("place_type", "Place types (`places[].type`)"),
    ("comparator", "Target comparators (`numeric_targets[].comparator`)"),
    ("kind", "Target kinds (`numeric_targets[].kind`)"),
)
"""(key into DEFINITIONS, heading) of each label table, in the order they are shown."""


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def label_table(field: str) -> str:
    with_codes = tuple(DEFINITIONS[field]) == DOMAINS  # the CAP topics carry their codes
    header = (
        "| CAP | label | definition |\n|---|---|---|"
        if with_codes
        else ("| label | definition |\n|---|---|")
    )
    rows = []
    for label, definition in DEFINITIONS[field].items():
        cells = [f"`{_escape(label)}`", _escape(definition)]
        if with_codes:
            cells.insert(0, str(CAP_CODES.get(label, "—")))
        rows.append("| " + " | ".join(cells) + " |")
    return header + "\n" + "\n".join(rows)


def units_table() -> str:
    by_canonical: dict[str, list[str]] = {}
    for surface, canonical in CANONICAL_UNITS.items():
        by_canonical.setdefault(canonical, []).append(surface)
    rows = [
        f"| `{_escape(c)}` | {', '.join(f'`{_escape(s)}`' for s in sorted(forms))} |"
        for c, forms in sorted(by_canonical.items())
    ]
    return "| canonical unit | written as |\n|---|---|\n" + "\n".join(rows)


def label_tables_markdown() -> str:
    parts = [NOTICE]
    for field, title in TABLES:
        parts.append(f"**{title}**\n\n{label_table(field)}")
    parts.append(f"**Canonical units (`numeric_targets[].unit`)**\n\n{units_table()}")
    return "\n\n".join(parts)


def replace_generated_block(document: str, block: str) -> str:
    """Put `block` between the BEGIN/END markers of `document` (which must hold them)."""
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(document):
        raise ValueError(f"the document has no {BEGIN} … {END} block")
    return pattern.sub(lambda _: f"{BEGIN}\n{block}\n{END}", document, count=1)
