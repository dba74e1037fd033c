"""The release builder: seeds + adjudicated gold -> frozen, versioned release files.

The gold folder holds full records of the project's own documents (`*.jsonl`, the seed
page) and stand-off records of corpus documents (`corpus/*.jsonl`, no report text). A
release folder `data/v<version>/` holds, per split:

- `<split>.standoff.jsonl`: every record in stand-off form (ids, offsets, labels,
  `text_sha256`, no text). Committed; it builds without any corpus text.
- `<split>.jsonl`: the full records, text re-attached. Written only when the text of
  every corpus document is attached (`gwrcommit corpus attach`); git-ignored.

`SHA256SUMS` lists both kinds. The sums of full files that cannot be built here are taken
from the frozen record, so the committed folder is the same with or without the texts.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dataset import paths
from dataset.corpus.standoff import (
    STANDOFF_SUFFIX,
    STANDOFF_UNIT_FIELDS,
    attach_rows,
    to_standoff,
)
from dataset.errors import InputError
from dataset.records.jsonl import dumps, iter_jsonl, write_text_atomic
from dataset.records.read import iter_records
from dataset.release.checksums import CHECKSUM_FILE, load_frozen, sha256_bytes
from dataset.release.splits import assign_splits, load_recorded_splits
from dataset.schema import LABEL_FIELDS, RELEASE_FIELDS, SPLITS, UNIT_FIELDS, Record
from dataset.version import DATASET_VERSION

FIELD_ORDER = (*UNIT_FIELDS, *LABEL_FIELDS, *RELEASE_FIELDS)
CORPUS_GOLD = "corpus"
"""Sub-folder of the gold folder that holds stand-off gold of corpus documents."""

Texts = Mapping[str, str]
TextsLoader = Callable[[list[str]], Texts]


@dataclass(frozen=True)
class BuildResult:
    version: str
    folder: Path
    files: dict[str, str]  # file name -> sha256 (built here, or frozen)
    counts: dict[str, int]  # split -> units
    missing_texts: list[str]  # corpus documents whose text is not attached


@dataclass(frozen=True)
class Gold:
    records: list[Record]  # full records (the seed page)
    standoff: list[dict[str, Any]]  # stand-off rows of corpus documents

    def corpus_documents(self) -> list[str]:
        return sorted({row["doc_id"] for row in self.standoff})


def load_gold(gold_dir: Path) -> Gold:
    """The adjudicated gold in `gold_dir`; InputError on any bad line."""
    full_files = sorted(gold_dir.glob("*.jsonl"))
    standoff_files = sorted((gold_dir / CORPUS_GOLD).glob("*.jsonl"))
    if not full_files and not standoff_files:
        raise InputError(f"{gold_dir}: no gold records (*.jsonl) to build from")
    records = [record for path in full_files for _, _, record in iter_records(path)]
    standoff = [row for path in standoff_files for _, row in iter_jsonl(path)]
    return Gold(records, standoff)


def _ordered(row: Mapping[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    return {name: row[name] for name in order}


STANDOFF_ORDER = (*STANDOFF_UNIT_FIELDS, *LABEL_FIELDS, *RELEASE_FIELDS)


def _standoff_rows(gold: Gold) -> list[dict[str, Any]]:
    rows = [to_standoff(record) for record in gold.records] + list(gold.standoff)
    return sorted(rows, key=lambda row: (row["doc_id"], row["index"]))


def _full_records(gold: Gold, texts: Texts) -> list[Record]:
    records = gold.records + attach_rows(gold.standoff, texts)
    return sorted(records, key=lambda record: (record.doc_id, record.index))


def _with_splits(rows: list[dict[str, Any]], recorded: dict[str, str]) -> list[dict[str, Any]]:
    assignment = assign_splits(((row["doc_id"], row["para"]) for row in rows), recorded)
    out = []
    for row in rows:
        split, fold = assignment[(row["doc_id"], row["para"])]
        out.append({**row, "split": split, "fold": fold})
    return out


def _split_files(rows: list[dict[str, Any]], order: tuple[str, ...], suffix: str) -> dict:
    files = {}
    for split in SPLITS:
        chosen = [_ordered(row, order) for row in rows if row["split"] == split]
        if chosen:
            files[f"{split}{suffix}"] = "".join(dumps(row) + "\n" for row in chosen).encode()
    return files


def render_files(gold: Gold, recorded: dict[str, str], texts: Texts | None) -> dict[str, bytes]:
    """Stand-off files always; full files when `texts` holds every corpus document."""
    files = _split_files(
        _with_splits(_standoff_rows(gold), recorded), STANDOFF_ORDER, STANDOFF_SUFFIX
    )
    if texts is not None:
        full = [record.model_dump(mode="json") for record in _full_records(gold, texts)]
        files |= _split_files(_with_splits(full, recorded), FIELD_ORDER, ".jsonl")
    return files


def checksum_file(sums: Mapping[str, str]) -> bytes:
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(sums.items())).encode()


def render_release(
    gold_dir: Path,
    root: Path = paths.PROJECT_ROOT,
    texts_loader: TextsLoader | None = None,
) -> dict[str, bytes]:
    """The bytes of every release file that the gold in `gold_dir` builds here (full files
    only with every text attached), written nowhere; SHA256SUMS not included."""
    gold = load_gold(gold_dir)
    texts = _available_texts(gold, texts_loader or _attached_texts)
    return render_files(gold, load_recorded_splits(root), texts)


def _attached_texts(doc_ids: list[str]) -> Texts:
    from dataset.corpus.store import attached_texts

    return attached_texts(doc_ids)


def _available_texts(gold: Gold, texts_loader: TextsLoader) -> Texts | None:
    wanted = gold.corpus_documents()
    texts = texts_loader(wanted) if wanted else {}
    return texts if set(wanted) <= set(texts) else None


def build(
    gold_dir: Path,
    root: Path = paths.PROJECT_ROOT,
    version: str = DATASET_VERSION,
    out_root: Path | None = None,
    freeze: bool = False,
    texts_loader: TextsLoader | None = None,
) -> BuildResult:
    """Build the release of `version` from the gold records in `gold_dir`. A frozen version
    must rebuild to exactly its recorded bytes; anything else is an error, and nothing is
    written. Freezing needs every corpus text attached (the full files' sums are part of
    the release)."""
    gold = load_gold(gold_dir)
    texts = _available_texts(gold, texts_loader or _attached_texts)
    missing = [] if texts is not None else gold.corpus_documents()
    files = render_files(gold, load_recorded_splits(root), texts)
    sums = {name: sha256_bytes(data) for name, data in files.items()}
    frozen = load_frozen(root).get(version)
    if frozen is not None:
        _check_against_frozen(version, sums, frozen["files"])
        sums = {name: d for name, d in frozen["files"].items() if name != CHECKSUM_FILE}
    elif freeze and missing:
        raise InputError(
            f"cannot freeze v{version} without the texts of {', '.join(missing)} "
            "(gwrcommit corpus attach PATH)"
        )
    files[CHECKSUM_FILE] = checksum_file(sums)
    all_sums = {**sums, CHECKSUM_FILE: sha256_bytes(files[CHECKSUM_FILE])}
    folder = (out_root or paths.release_dir(root)) / f"v{version}"
    for name, data in files.items():
        target = folder / name
        if not target.exists() or target.read_bytes() != data:
            write_text_atomic(target, data.decode("utf-8"))
    if freeze and frozen is None:
        _record_frozen(root, version, all_sums)
    counts = {
        name.removesuffix(STANDOFF_SUFFIX): data.count(b"\n")
        for name, data in files.items()
        if name.endswith(STANDOFF_SUFFIX)
    }
    return BuildResult(version, folder, all_sums, counts, missing)


def _check_against_frozen(version: str, sums: dict[str, str], frozen: dict[str, str]) -> None:
    changed = sorted(name for name in sums if frozen.get(name) != sums[name])
    if changed:
        raise InputError(
            f"release {version} is frozen and the gold no longer rebuilds it "
            f"({', '.join(changed)} would change); bump DATASET_VERSION in "
            f"dataset/version.py and record the change in dataset/CHANGELOG.md"
        )


def _record_frozen(root: Path, version: str, sums: dict[str, str]) -> None:
    releases = load_frozen(root)
    releases[version] = {"date": datetime.date.today().isoformat(), "files": sums}
    write_text_atomic(
        paths.releases_file(root),
        json.dumps(releases, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
    )
