"""The link table: reading it, checking it against the relation rule, and re-attaching
the report text its stand-off spans point to.

A link's spans are document offsets into the normalised text of a registered corpus
document, with the SHA-256 of the span text; `unit_id` names the sentence unit that holds
the span (the segmenter's id) for readers. The table holds figures (values, units,
periods, relations), which are facts; the text comes back only from the user's copy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dataset.corpus.registry import load_registry
from dataset.corpus.standoff import unit_sha256
from dataset.errors import InputError
from dataset.links.rule import relation
from dataset.paths import PROJECT_ROOT
from dataset.records.jsonl import iter_jsonl
from dataset.records.read import format_validation_error
from dataset.schema import Link, SpanRef


def gold_links_file(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "links" / "gold.jsonl"


def read_links(path: str | Path) -> list[Link]:
    """Every row of a link file as a Link; InputError naming the line of a bad row."""
    links = []
    for line_number, row in iter_jsonl(path):
        try:
            links.append(Link.model_validate(row))
        except ValidationError as error:
            raise InputError(f"{path}:{line_number}: {format_validation_error(error)}") from None
    return links


def link_id(link: Link) -> str:
    """A link is named by its target's span (`<doc_id>@<start>-<end>`)."""
    return link.target.id


def rule_problems(links: Iterable[Link]) -> list[str]:
    """Links whose relation is not the one R1–R5 give for their figures."""
    return [
        f"{link_id(link)}: relation {link.relation}, the rule gives "
        f"{relation(link.target, link.outcome)}"
        for link in links
        if relation(link.target, link.outcome) != link.relation
    ]


def duplicate_targets(links: Iterable[Link]) -> list[str]:
    seen: set[str] = set()
    duplicates = []
    for link in links:
        key = link_id(link)
        if key in seen:
            duplicates.append(f"{key}: the same target twice")
        seen.add(key)
    return duplicates


def table_problems(links: Sequence[Link]) -> list[str]:
    """Everything `links check` and `reproduce` refuse in a link table."""
    return rule_problems(links) + duplicate_targets(links)


def span_text(span: SpanRef, texts: Mapping[str, str]) -> str:
    """The span's text from the attached document; InputError if missing or changed."""
    if span.doc_id not in texts:
        raise InputError(f"{span.doc_id}: not attached (run gwrcommit corpus attach)")
    text = texts[span.doc_id][span.start : span.end]
    if unit_sha256(text) != span.sha256:
        raise InputError(f"{span.id}: the span's text does not match its SHA-256")
    return text


def attach_links(links: Iterable[Link], texts: Mapping[str, str]) -> list[dict[str, Any]]:
    """Full link rows: each span with its `text` filled in from the attached reports."""
    rows = []
    for link in links:
        row = link.model_dump(mode="json")
        row["id"] = link_id(link)
        row["target"]["text"] = span_text(link.target, texts)
        if link.outcome is not None:
            row["outcome"]["id"] = link.outcome.id
            row["outcome"]["text"] = span_text(link.outcome, texts)
        rows.append(row)
    return rows


def documents_of(links: Iterable[Link]) -> list[str]:
    docs = {link.target.doc_id for link in links} | {
        link.outcome.doc_id for link in links if link.outcome is not None
    }
    return sorted(docs)


def national_reports(registry: Path | None = None) -> dict[int, str]:
    """year -> doc_id of every registered State Council report."""
    return {
        document.year: document.doc_id
        for document in load_registry(registry)
        if document.level == "national"
    }


def next_report(doc_id: str, reports: Mapping[int, str]) -> str | None:
    """The report after `doc_id` in the corpus (L1), or None for the newest."""
    year = next(y for y, d in reports.items() if d == doc_id)
    later = [y for y in reports if y > year]
    return reports[min(later)] if later else None
