"""The dataset explorer: release rows -> one self-contained static HTML page.

The page holds its data as JSON inside a `<script type="application/json">` element
and builds every piece of record text with DOM text nodes, so no record can inject
markup. The HTML/CSS/JS lives in `explorer_template.html` next to this module.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from dataset.errors import InputError
from dataset.records.jsonl import write_text_atomic
from dataset.records.read import read_record_rows
from dataset.schema import (
    DEFINITIONS,
    LABEL_FIELD_SPECS,
    SCHEMA_VERSION,
    SINGLE_LABEL_FIELDS,
    SPLITS,
)

TEMPLATE_NAME = "explorer_template.html"
PAGE_NAME = "index.html"

# (record field, heading, label list): the split, then each single-label field
FILTERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("split", "Split", SPLITS),
    *(
        (field, LABEL_FIELD_SPECS[field].title, LABEL_FIELD_SPECS[field].labels)
        for field in SINGLE_LABEL_FIELDS
    ),
)
FILTER_FIELDS: tuple[str, ...] = tuple(field for field, *_ in FILTERS)

SPLIT_NOTES: dict[str, str] = {
    "train": "Training documents (paragraphs spread over 5 cross-validation folds).",
    "dev": "Development documents: tune on these.",
    "test": "Held-out test documents, never seen in training.",
}
LEVEL_NOTES: dict[str, str] = {
    "national": "The State Council's report.",
    "provincial": "A province-level government's report.",
    "district": "A district or county government's report.",
}

# Characters that could end the <script> element or the JS string they sit in.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE_PATTERN = re.compile("[<>&\u2028\u2029]")
_TOKEN_PATTERN = re.compile(r"\{\{(title|data)\}\}")


def filter_options(rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Each filter's field, heading and options with their definitions: the document and
    its level of government from the rows, the rest from the schema."""
    definitions = {**DEFINITIONS, "split": SPLIT_NOTES}
    rows = rows or []
    documents = sorted({row["doc_id"] for row in rows})
    levels = [level for level in LEVEL_NOTES if any(row.get("level") == level for row in rows)]
    by_rows = []
    if len(documents) > 1:
        by_rows.append(
            {
                "field": "doc_id",
                "title": "Document",
                "options": [{"value": doc_id, "help": ""} for doc_id in documents],
            }
        )
    if levels:
        by_rows.append(
            {
                "field": "level",
                "title": "Level of government",
                "options": [{"value": level, "help": LEVEL_NOTES[level]} for level in levels],
            }
        )
    return by_rows + [
        {
            "field": field,
            "title": title,
            "options": [
                {"value": label, "help": definitions[field].get(label, "")} for label in labels
            ],
        }
        for field, title, labels in FILTERS
    ]


def page_data(
    rows: list[dict[str, Any]],
    version: str | None,
    source: str,
    levels: dict[str, str] | None = None,
    links: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the page shows: metadata, filters, definitions and the rows (each with
    its document's level of government, when `levels` names it), and the target→outcome
    links when given (`dataset.publishing.links.explorer_links`)."""
    if levels:
        rows = [
            row | {"level": levels[row["doc_id"]]} if row["doc_id"] in levels else row
            for row in rows
        ]
    return {
        "meta": {"version": version, "schema_version": SCHEMA_VERSION, "source": source},
        "filters": filter_options(rows),
        "definitions": {**DEFINITIONS, "split": SPLIT_NOTES, "level": LEVEL_NOTES},
        "rows": rows,
    } | ({"links": links} if links else {})


def embed_json(data: Any) -> str:
    """JSON safe to place inside a <script> element: no character in it can close the
    element or start a comment, and it still parses to the same value."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _SCRIPT_UNSAFE_PATTERN.sub(lambda m: _SCRIPT_UNSAFE[m.group()], text)


def load_template() -> str:
    return resources.files("dataset.publishing").joinpath(TEMPLATE_NAME).read_text(encoding="utf-8")


def page_title(version: str | None, source: str) -> str:
    return f"GWRCommit explorer — v{version}" if version else f"GWRCommit explorer — {source}"


def render(
    rows: list[dict[str, Any]],
    version: str | None,
    source: str,
    levels: dict[str, str] | None = None,
    links: dict[str, Any] | None = None,
) -> str:
    """The whole page as one string; the same rows always give the same bytes."""
    values = {
        "title": html.escape(page_title(version, source)),
        "data": embed_json(page_data(rows, version, source, levels, links)),
    }
    # One pass, so text inside the data can never be taken for a token.
    return _TOKEN_PATTERN.sub(lambda m: values[m.group(1)], load_template())


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Labelled records from a JSONL file, each checked against the schema."""
    return read_record_rows(path)


def write_page(out_dir: str | Path, page: str) -> Path:
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(f"{out_dir}: exists and is not a folder")
    target = out_dir / PAGE_NAME
    write_text_atomic(target, page)
    return target
