"""Data lint for records files and releases: every problem with its file and line."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from dataset import paths
from dataset.errors import InputError
from dataset.gazetteer import load_gazetteer_types
from dataset.records.jsonl import iter_jsonl, read_json
from dataset.records.read import format_validation_error, parse_record
from dataset.records.source import find_markers, read_source, strip_markers
from dataset.schema import SINGLE_LABEL_FIELDS, Record, Unit

MAX_MAJORITY_SHARE = 0.95


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def load_allowlist(root: Path = paths.PROJECT_ROOT) -> dict[str, list[str]]:
    path = paths.lint_allowlist_file(root)
    return read_json(path) if path.exists() else {}


def load_sources(root: Path = paths.PROJECT_ROOT) -> dict[str, str]:
    """Normalised source text of every registered document, by doc_id."""
    documents = read_json(paths.documents_file(root))
    return {d["doc_id"]: read_source(root / d["source"], d["encoding"]) for d in documents}


REGISTRY_TYPES = ("country", "municipality", "prefecture", "district", "region")
"""Place types whose names the registry gazetteers list in full (divisions down to county
level, countries, named regions): a name of these types must be in them. Towns, zones,
sites and natural features of other reports have no registry here."""


def registry_place_types() -> dict[str, str]:
    """Canonical name -> place type over the registry gazetteers (dataset/gazetteers)."""
    from dataset.gazetteers import FILES, load_layer

    types: dict[str, str] = {}
    for layer in FILES:
        for entry in load_layer(layer):
            types.setdefault(entry["name"], entry["type"])
    return types


class RecordsLinter:
    """Collects problems over one or more records files."""

    def __init__(
        self,
        root: Path = paths.PROJECT_ROOT,
        *,
        release: bool = False,
        corpus_texts: dict[str, str] | None = None,
    ):
        self.root = root
        self.release = release
        self.sources = load_sources(root)
        self.seed_documents = set(self.sources)
        self.sources |= corpus_texts or {}
        self.gazetteer = load_gazetteer_types(root)
        self.registry_types = registry_place_types() if corpus_texts is not None else {}
        self.allowlist = load_allowlist(root)
        self.problems: list[Problem] = []
        self.used_allowances: set[str] = set()

    def lint_file(self, path: Path) -> list[Unit]:
        units: list[tuple[int, Unit]] = []
        try:

            def report(line_no: int, reason: str) -> None:
                self._add(path, line_no, reason)

            for line_no, obj in iter_jsonl(path, on_bad_line=report):
                try:
                    units.append((line_no, parse_record(obj)))
                except ValidationError as error:
                    self._add(path, line_no, format_validation_error(error))
        except InputError as error:
            self.problems.append(Problem(str(path), None, str(error).split(": ", 1)[-1]))
            return []
        if not units:
            self._add(path, None, "no records")
        self._check_unique_ids(path, units)
        for line_no, unit in units:
            self._check_against_source(path, line_no, unit)
            self._check_places(path, line_no, unit)
            self._check_release_fields(path, line_no, unit)
        self._check_duplicate_texts(path, units)
        self._check_order(path, units)
        return [unit for _, unit in units]

    def lint_label_balance(self, path: Path, records: list[Unit]) -> None:
        labelled = [r for r in records if isinstance(r, Record)]
        allowed = set(self.allowlist.get("skewed_fields", []))
        for field in SINGLE_LABEL_FIELDS:
            counts = Counter(getattr(r, field) for r in labelled)
            if not counts:
                continue
            label, count = counts.most_common(1)[0]
            if count / len(labelled) > MAX_MAJORITY_SHARE:
                if field in allowed:
                    self.used_allowances.add(f"skewed_fields:{field}")
                else:
                    self._add(
                        path,
                        None,
                        f"{field} is skewed: {label!r} on {count} of {len(labelled)} units",
                    )

    def _add(self, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(str(path), line, message))

    def _check_unique_ids(self, path: Path, units: list[tuple[int, Unit]]) -> None:
        first_line: dict[str, int] = {}
        for line_no, unit in units:
            if unit.id in first_line:
                self._add(
                    path, line_no, f"duplicate id {unit.id!r} (first on line {first_line[unit.id]})"
                )
            first_line.setdefault(unit.id, line_no)

    def _check_against_source(self, path: Path, line_no: int, unit: Unit) -> None:
        source = self.sources.get(unit.doc_id)
        if source is None:
            self._add(
                path,
                line_no,
                f"unknown doc_id {unit.doc_id!r} (not in dataset/documents.json, "
                "nor an attached corpus document)",
            )
            return
        if unit.end > len(source):
            self._add(path, line_no, f"end {unit.end} is past the end of {unit.doc_id}")
            return
        expected = strip_markers(source, unit.start, unit.end, find_markers(source))
        if expected != unit.text:
            self._add(
                path,
                line_no,
                f"text does not match {unit.doc_id}[{unit.start}:{unit.end}]: {expected[:30]!r}",
            )

    def _check_places(self, path: Path, line_no: int, unit: Unit) -> None:
        if not isinstance(unit, Record) or not self.gazetteer:
            return
        seed = unit.doc_id in self.seed_documents
        for place in unit.places:
            if place.name is None:
                continue
            known = self.gazetteer.get(place.name)
            if known is None and not seed:
                known = self.registry_types.get(place.name)
                if known is None and place.type not in REGISTRY_TYPES:
                    continue
            if known is None:
                self._add(path, line_no, f"place name {place.name!r} is not in the gazetteer")
            elif known != place.type:
                self._add(
                    path,
                    line_no,
                    f"place {place.name!r} has type {place.type!r}, the gazetteer says {known!r}",
                )

    def _check_release_fields(self, path: Path, line_no: int, unit: Unit) -> None:
        if not self.release:
            return
        if not isinstance(unit, Record):
            self._add(path, line_no, "release rows must carry every label field")
            return
        if unit.split is None:
            self._add(path, line_no, "release rows need a split")
        elif (unit.split == "train") != (unit.fold is not None):
            self._add(path, line_no, "train rows need a fold 0-4, dev and test rows none")

    def _check_duplicate_texts(self, path: Path, units: list[tuple[int, Unit]]) -> None:
        """The same unit text twice in one document (different reports share set phrases
        such as the address, so only repeats within a document count)."""
        allowed = set(self.allowlist.get("duplicate_texts", []))
        seen: dict[tuple[str, str], int] = {}
        for line_no, unit in units:
            key = (unit.doc_id, unit.text)
            if key in seen:
                if unit.text in allowed:
                    self.used_allowances.add(f"duplicate_texts:{unit.text}")
                else:
                    self._add(
                        path,
                        line_no,
                        f"duplicate text {unit.text[:30]!r} (first on line {seen[key]})",
                    )
            seen.setdefault(key, line_no)

    def _check_order(self, path: Path, units: list[tuple[int, Unit]]) -> None:
        by_doc: dict[str, list[tuple[int, Unit]]] = defaultdict(list)
        for line_no, unit in units:
            by_doc[unit.doc_id].append((line_no, unit))
        for doc_units in by_doc.values():
            doc_units.sort(key=lambda pair: pair[1].index)
            for (_, before), (line_no, after) in itertools.pairwise(doc_units):
                if after.start < before.end:
                    self._add(path, line_no, f"{after.id} overlaps {before.id}")
