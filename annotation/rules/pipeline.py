"""The rule pre-annotation pipeline without sklearn: predictions for unit dicts,
records for whole reports, many reports in parallel into one JSONL file.

`annotation.preannotate.RuleAnnotator` wraps `predict_units` as an sklearn estimator;
this module stays free of sklearn so that the command line and its worker processes
start quickly.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from annotation.rules.geography import Issuer
from annotation.rules.issuers import check_issuer, issuers_of, registered_issuers
from annotation.rules.labels import (
    PendingLabels,
    UnitLabels,
    domains,
    introduces_target_list,
    target_list_domains,
    unit_labels,
)
from annotation.rules.places import PlaceMatcher, geo_scope
from annotation.rules.review import review_flags
from annotation.rules.structure import PLAN_PARTS, TOP_HEADING, document_parts, is_pledge
from annotation.rules.targets import extract_targets, quoted_regions
from annotation.segment import segment
from dataset.errors import InputError
from dataset.gazetteer import load_gazetteer
from dataset.records.jsonl import atomic_output, dumps
from dataset.records.source import read_source
from dataset.schema import DOC_ID_PATTERN, LABEL_FIELDS, Record

PREDICTION_FIELDS = ("id", *LABEL_FIELDS)


@lru_cache(maxsize=16)
def _matcher(gazetteer_path: str | None, issuer: Issuer) -> PlaceMatcher:
    return PlaceMatcher.from_gazetteer(load_gazetteer(gazetteer_path), issuer)


def predict_units(
    units: Sequence[dict[str, Any]],
    gazetteer_path: str | None = None,
    issuer: str | None = None,
) -> list[dict[str, Any]]:
    """One prediction dict (id + every label field) per unit dict. Units need `text`;
    `doc_id`, `para` and `unit_type` give the document's parts (annotation.rules.structure)
    and paragraph context (a review paragraph; the topic of a unit that names none,
    codebook D1), `section` the fallback topic after that. `issuer` is the GB/T 2260 code
    of the issuing government (annotation.rules.issuers); without it each document's
    comes from the corpus registry by `doc_id`, else from the gazetteer's home district."""
    units = list(units)
    for position, unit in enumerate(units):
        if not isinstance(unit, dict) or not isinstance(unit.get("text"), str):
            raise InputError(f"unit {position}: expected a dict with a 'text' string")
    topics = _TopicContext()
    return [
        _predict(unit, review, part, _matcher(gazetteer_path, unit_issuer), topics)
        for unit, review, part, unit_issuer in zip(
            units,
            review_flags(units),
            document_parts(units),
            issuers_of(units, issuer, gazetteer_path),
            strict=True,
        )
    ]


def _predict(
    unit: dict[str, Any],
    review: bool,
    part: str,
    matcher: PlaceMatcher,
    topics: _TopicContext,
) -> dict[str, Any]:
    """`review`: the unit reports past results by its own words (H11); `part`: where it
    stands in the report. In the review part numbers are never targets and the unit
    commits nothing, unless it pledges action in its own words (W5, W6); nor does a
    glossary entry of the appendix (W13)."""
    text = unit["text"]
    in_review = part == "review"
    commits_nothing = part == "appendix"  # a glossary entry (W13)
    quoted = quoted_regions(text)
    targets = extract_targets(text, review or in_review or commits_nothing, quoted)
    places = matcher.find(text, quoted)
    pledged = in_review and is_pledge(text)
    reports_past = review or commits_nothing or (in_review and not pledged)
    target_starts = [t["start"] for t in targets]
    uncued = uncued_type(unit, part, pledged)
    labels = topics.resolve(unit, unit_labels(text, target_starts, reports_past, uncued))
    if part == "targets" and targets and introduces_target_list(text):
        topics_named = target_list_domains(text)
        labels = labels._replace(primary_domain=topics_named[0], domains=topics_named)
    return {
        "id": unit.get("id"),
        "commitment_type": labels.commitment_type,
        "commitment_strength": labels.commitment_strength,
        "primary_domain": labels.primary_domain,
        "domains": labels.domains,
        "geo_scope": geo_scope(text, places, matcher),
        "places": places,
        "numeric_targets": targets,
    }


# D5: a unit about the economy and development in general (经济运行稳中有进) names no
# topic of its own.
GENERIC_TOPIC = "macroeconomics"


class _TopicContext:
    """Codebook D1 across units in order: a unit that names no topic takes the last topic
    of a body unit in its paragraph, else its section's."""

    def __init__(self) -> None:
        self.paragraph: tuple[object, object] | None = None
        self.topic: str | None = None  # the last topic named in the current paragraph

    def resolve(self, unit: dict[str, Any], pending: PendingLabels) -> UnitLabels:
        key = (unit.get("doc_id"), unit.get("para"))
        if "para" not in unit or key != self.paragraph:
            self.paragraph, self.topic = key, None
        fallback = None
        if pending.needs_fallback and not TOP_HEADING.match(unit["text"]):
            fallback = self.topic or _section_domain(unit.get("section")) or GENERIC_TOPIC
        labels = pending.resolve(fallback)
        if unit.get("unit_type") == "body" and labels.primary_domain != "none":
            self.topic = labels.primary_domain
        return labels


def uncued_type(unit: dict[str, Any], part: str, pledged: bool) -> str:
    """The type of a unit with no cue in any clause: a general measure when it pledges
    action in the review (W6) or is a sub-heading of a plan part (（一）以改革创新提效增能,
    Y7, §7.4); else a non-commitment."""
    text = unit["text"]
    sub_heading = unit.get("unit_type") == "section_heading" and not TOP_HEADING.match(text)
    if pledged or (sub_heading and part in PLAN_PARTS):
        return "general_measure"
    return "non_commitment"


def _section_domain(section: str | None) -> str | None:
    if not section:
        return None
    primary, _ = domains(section)
    return None if primary == "none" else primary


# ---------------------------------------------------------------- documents and files


def preannotate_text(
    text: str, doc_id: str, gazetteer_path: str | None = None, issuer: str | None = None
) -> Iterator[dict[str, Any]]:
    """Records (unit fields + predicted labels) of one normalised report, in order."""
    units = [unit.model_dump(mode="json") for unit in segment(text, doc_id).units]
    predictions = predict_units(units, gazetteer_path, issuer)
    for unit, prediction in zip(units, predictions, strict=True):
        yield unit | {field: prediction[field] for field in LABEL_FIELDS}


def doc_id_from_path(path: Path) -> str:
    """A document id from a file stem: lower case, runs of other characters become '-'."""
    doc_id = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    if not doc_id:
        raise InputError(f"{path}: cannot make a document id from its name; rename the file")
    return doc_id


def collect_inputs(inputs: Sequence[str | Path], doc_id: str | None) -> list[tuple[Path, str]]:
    """(report path, doc id) for every input file; a directory gives its *.txt files."""
    if not inputs:
        raise InputError("no input reports given")
    files: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.txt") if p.is_file())
            if not found:
                raise InputError(f"{path}: no .txt reports in this directory")
            files += found
        elif not path.exists():
            raise InputError(f"{path}: no such file")
        else:
            files.append(path)
    if doc_id is not None:
        if len(files) != 1:
            raise InputError(
                f"--doc-id names one document but {len(files)} reports were given; "
                "leave it out to take ids from file names"
            )
        if not DOC_ID_PATTERN.match(doc_id):
            raise InputError(f"--doc-id {doc_id!r}: use lower-case letters, digits and '-'")
        return [(files[0], doc_id)]
    pairs = [(path, doc_id_from_path(path)) for path in files]
    first: dict[str, Path] = {}
    for path, pair_id in pairs:
        if pair_id in first:
            raise InputError(f"{path}: doc id {pair_id!r} is also the id of {first[pair_id]}")
        first[pair_id] = path
    return pairs


def _annotate_file(
    job: tuple[Path, str, str, str | None, str | None, bool],
) -> tuple[str, int]:
    """JSONL lines of one report (run in a worker process)."""
    path, doc_id, encoding, gazetteer_path, issuer, validate = job
    lines, count = [], 0
    text = read_source(path, encoding)
    for record in preannotate_text(text, doc_id, gazetteer_path, issuer):
        if validate:
            Record.model_validate(record)
        lines.append(dumps(record) + "\n")
        count += 1
    return "".join(lines), count


def preannotate_files(
    inputs: Sequence[str | Path],
    output: str | Path,
    doc_id: str | None = None,
    *,
    encoding: str = "utf-8",
    jobs: int = 1,
    gazetteer_path: str | None = None,
    issuer: str | None = None,
    progress: bool | None = None,
    validate: bool = True,
) -> tuple[int, int]:
    """Pre-annotate reports into one JSONL file; returns (documents, records).

    Files are processed in parallel over `jobs` processes (0: one per CPU) and written
    in input order as they finish, so memory holds at most a few documents; the output
    appears only when every report succeeded. `progress=None` shows a bar on a terminal.
    `issuer` (a GB/T 2260 code) applies to every report; None reads each report's issuer
    from the corpus registry by its doc id (see predict_units).
    """
    from tqdm import tqdm

    pairs = collect_inputs(inputs, doc_id)
    if gazetteer_path is not None:
        load_gazetteer(gazetteer_path)  # fail early, with the file name
    if issuer is not None:
        check_issuer(issuer)
    registry = registered_issuers()  # read once here, not in every worker
    work = [
        (path, pair_id, encoding, gazetteer_path, issuer or registry.get(pair_id), validate)
        for path, pair_id in pairs
    ]
    jobs = min(jobs or os.cpu_count() or 1, len(work))
    documents = records = 0
    with atomic_output(output) as handle, _mapper(jobs) as mapper:
        bar = tqdm(
            mapper(_annotate_file, work),
            total=len(work),
            unit="doc",
            disable=None if progress is None else not progress,
            desc="preannotate",
        )
        for lines, count in bar:
            handle.write(lines)
            documents, records = documents + 1, records + count
            bar.set_postfix(units=records)
    return documents, records


@contextlib.contextmanager
def _mapper(jobs: int):
    """An ordered, lazy map over `jobs` processes (plain map for one job)."""
    if jobs <= 1:
        yield map
        return
    import multiprocessing

    # fork where the platform has it: workers inherit the compiled rules instead of
    # importing everything again (the pool starts before any progress-bar thread)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs) as pool:
        yield lambda function, items: pool.imap(function, items, chunksize=1)
