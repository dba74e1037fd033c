"""Loading the project gazetteer (dataset/gazetteer.json).

The file is `{"district": {"name": ...}, "entries": [{"name": ..., "type": ...,
"aliases": [...], ...}, ...]}` (the home district may instead be marked on its entry
with `"home": true`);
`name` is the canonical name that `places[].name` must use, `type` a PlaceType, and
each alias a surface form that refers to the same place (德感 for 德感街道). Extra keys
in an entry are kept in `Gazetteer.entries` for callers that need them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dataset import paths
from dataset.errors import InputError
from dataset.records.jsonl import read_json
from dataset.schema import PLACE_TYPES


@dataclass(frozen=True)
class Gazetteer:
    entries: list[dict[str, Any]] = field(default_factory=list)
    surfaces: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Surface form (name or alias) → (canonical name, place type) of the entry whose
    name it is, else of the first entry that lists it as an alias."""
    readings: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Surface form → every (canonical name, place type) it can refer to (塘河: the town
    and the river), the `surfaces` reading first."""
    district: str | None = None
    """Canonical name of the report's own district (the top-level "district" object)."""
    by_name: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Canonical name → the first entry of that name."""

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, surface: str) -> tuple[str, str] | None:
        return self.surfaces.get(surface)

    def entry(self, name: str) -> dict[str, Any] | None:
        return self.by_name.get(name)


def parse_gazetteer(data: Any, source: str = "gazetteer") -> Gazetteer:
    """A Gazetteer from the decoded JSON, or InputError naming the first bad entry."""
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InputError(f'{source}: expected an object with an "entries" list')
    entries: list[dict[str, Any]] = []
    readings: dict[str, list[tuple[str, str]]] = {}
    for number, entry in enumerate(data["entries"], start=1):
        where = f"{source}: entry {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InputError(f'{where}: needs a "name" string')
        if entry.get("type") not in PLACE_TYPES:
            kinds = ", ".join(PLACE_TYPES)
            raise InputError(
                f"{where} ({entry['name']}): type {entry.get('type')!r} is not one of {kinds}"
            )
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            raise InputError(f'{where} ({entry["name"]}): "aliases" must be a list of strings')
        entries.append(entry)
        for surface in (entry["name"], *aliases):
            reading = (entry["name"], entry["type"])
            if surface == entry["name"]:  # a canonical name outranks an alias
                readings.setdefault(surface, []).insert(0, reading)
            else:
                readings.setdefault(surface, []).append(reading)
    surfaces = {surface: options[0] for surface, options in readings.items()}
    by_name: dict[str, dict[str, Any]] = {}
    for entry in entries:
        by_name.setdefault(entry["name"], entry)
    return Gazetteer(entries, surfaces, readings, _home_district(data, entries), by_name)


def _home_district(data: dict[str, Any], entries: list[dict[str, Any]]) -> str | None:
    """The report's own district: the top-level {"district": {"name": …}}, else the entry
    marked "home": true (codebook P12 allows either)."""
    district = data.get("district")
    if isinstance(district, dict) and isinstance(district.get("name"), str):
        return district["name"]
    return next((e["name"] for e in entries if e.get("home") is True), None)


def load_gazetteer(path: str | Path | None = None, root: Path = paths.PROJECT_ROOT) -> Gazetteer:
    """The gazetteer at `path` (InputError if it is missing or malformed); without a path,
    the project's dataset/gazetteer.json, or an empty gazetteer when there is none yet."""
    explicit = path is not None
    path = Path(path) if explicit else paths.gazetteer_file(root)
    if not path.exists():
        if explicit:
            raise InputError(f"{path}: no such file")
        return Gazetteer()
    return parse_gazetteer(read_json(path), str(path))


def load_gazetteer_types(root: Path = paths.PROJECT_ROOT) -> dict[str, str]:
    path = paths.gazetteer_file(root)
    if not path.exists():
        return {}
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    return {entry["name"]: entry["type"] for entry in entries}
