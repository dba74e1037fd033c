"""gwrcommit corpus: documents beyond the seed, by stand-off (DESIGN §4b).

The project ships no text of these reports: `dataset/corpus/documents.json` registers
each one, `attach` extracts the texts from the user's copies of the published files into
the git-ignored corpus-store/, checking every SHA-256, and `units` segments them for
annotators into the git-ignored build/units/."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from gwrcommit.options import add_force_argument

NAME = "corpus"
HELP = "attach the texts of registered reports from your copies, and segment them"
EXAMPLES = [
    "gwrcommit corpus attach ../shared/corpus        # every file under the folder",
    "gwrcommit corpus attach 31-provincial-2025.zip government_work_reports.jsonl",
    "gwrcommit corpus status --missing               # and where to get each",
    "gwrcommit corpus units chongqing-2025 -o build/units",
    "gwrcommit corpus register ../shared/corpus      # list reports not registered yet",
    "gwrcommit corpus register ../shared/corpus --write",
    "gwrcommit corpus standoff pass-a.jsonl -o annotation/passes/chongqing-2025/pass-a.jsonl",
    "gwrcommit corpus records annotation/gold/chongqing-2025.jsonl -o build/gold-cq.jsonl",
]
DEFAULT_UNITS_DIR = Path("build") / "units"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    attach = actions.add_parser("attach", help="extract, verify and store registered texts")
    attach.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="source files (.jsonl .zip .docx .tsv .txt) or folders",
    )
    _add_locations(attach)
    status = actions.add_parser("status", help="list registered documents: attached or missing")
    status.add_argument("--missing", action="store_true", help="only the missing, with sources")
    _add_locations(status)
    units = actions.add_parser("units", help="segment attached documents into unit files")
    units.add_argument("doc_ids", nargs="*", metavar="DOC_ID", help="default: every attached one")
    units.add_argument(
        "-o",
        "--output-dir",
        default=None,
        help="folder for <doc_id>.jsonl (default: build/units/ of the project, git-ignored)",
    )
    add_force_argument(units)
    _add_locations(units)
    standoff = actions.add_parser(
        "standoff", help="labelled records of corpus documents -> committed form without text"
    )
    records = actions.add_parser(
        "records", help="stand-off records -> full records, text re-attached and verified"
    )
    for sub in (standoff, records):
        sub.add_argument("input", metavar="IN.jsonl")
        sub.add_argument("-o", "--output", required=True, metavar="OUT.jsonl")
        add_force_argument(sub)
        _add_locations(sub)
    register = actions.add_parser("register", help="registry entries for reports in sources")
    register.add_argument("paths", nargs="+", metavar="PATH", help="source files or folders")
    register.add_argument("--write", action="store_true", help="add the new ones to the registry")
    register.add_argument(
        "--refresh-units",
        action="store_true",
        help="record the current segmentation of registered documents (changes their unit "
        "ids: only before any gold exists)",
    )
    register.add_argument(
        "--registry", help="registry JSON (default: dataset/corpus/documents.json)"
    )


def _add_locations(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="text store (default: corpus-store/ of the project)")
    parser.add_argument("--registry", help="registry JSON (default: dataset/corpus/documents.json)")


def run(args: argparse.Namespace) -> int:
    return {
        "attach": _attach,
        "status": _status,
        "units": _units,
        "register": _register,
        "standoff": _standoff,
        "records": _records,
    }[args.action](args)


def _registry(args: argparse.Namespace) -> tuple[Path, list]:
    from dataset.corpus.registry import load_registry, registry_file

    path = Path(args.registry) if args.registry else registry_file()
    return path, load_registry(path)


def _store(args: argparse.Namespace) -> Path:
    from dataset.corpus.registry import store_dir

    return Path(args.store) if args.store else store_dir()


def _sources(paths: list[str]):
    from dataset.corpus.sources import SOURCE_SUFFIXES, Sources
    from dataset.errors import InputError

    sources = Sources.from_paths(paths)
    if not sources.files:
        suffixes = " ".join(SOURCE_SUFFIXES)
        raise InputError(f"no source files ({suffixes}) under {', '.join(paths)}")
    return sources


def _attach(args: argparse.Namespace) -> int:
    from dataset.corpus.store import attach

    _, documents = _registry(args)
    store = _store(args)
    report = attach(documents, _sources(args.paths), store)
    found = len(report.written) + len(report.unchanged)
    print(
        f"attached {found} of {len(documents)} registered documents -> {store} "
        f"({len(report.written)} written, {len(report.unchanged)} unchanged)"
    )
    _print_missing_by_file(report.missing)
    for mismatch in report.mismatched:
        print(f"gwrcommit corpus: error: {mismatch.message()}", file=sys.stderr)
    return 2 if report.mismatched else 0


def _print_missing_by_file(missing: list) -> None:
    by_file = defaultdict(list)
    for document in missing:
        by_file[document.source.file()].append(document.doc_id)
    for where, doc_ids in by_file.items():
        print(f"missing {len(doc_ids)}, in {where}: {', '.join(doc_ids)}")


def _status(args: argparse.Namespace) -> int:
    from dataset.corpus.store import stored_state

    _, documents = _registry(args)
    store = _store(args)
    states = {document.doc_id: stored_state(document, store) for document in documents}
    if args.missing:
        for d in documents:
            if states[d.doc_id] != "attached":
                published = f" (published at {d.source.url})" if d.source.url else ""
                print(f"{d.doc_id:<22} {states[d.doc_id]:<8} {d.source.file()}{published}")
    else:
        for d in documents:
            print(
                f"{d.doc_id:<22} {d.level:<10} {d.region_code} {d.year} "
                f"{d.chars:>6} chars  {states[d.doc_id]}"
            )
    attached = sum(state == "attached" for state in states.values())
    changed = [doc_id for doc_id, state in states.items() if state == "changed"]
    print(f"{attached} of {len(documents)} attached in {store}")
    if changed:
        print(f"changed since attached (attach again): {', '.join(changed)}")
    return 0


def _units(args: argparse.Namespace) -> int:
    from dataset.paths import PROJECT_ROOT
    from dataset.records.jsonl import dumps, write_text_atomic
    from dataset.records.outputs import check_output_folder

    out = Path(args.output_dir) if args.output_dir else PROJECT_ROOT / DEFAULT_UNITS_DIR
    contents: dict[str, str] = {}
    for doc_id, units in _attached_units(args, args.doc_ids).items():
        contents[f"{doc_id}.jsonl"] = "".join(
            dumps(unit.model_dump(mode="json")) + "\n" for unit in units
        )
    changed = {name: body for name, body in contents.items() if _differs(out / name, body)}
    check_output_folder(out, list(changed), force=args.force)
    for name, body in changed.items():
        write_text_atomic(out / name, body)
    count = sum(body.count("\n") for body in contents.values())
    print(
        f"{count} units of {len(contents)} documents -> {out} "
        f"({len(changed)} written, {len(contents) - len(changed)} unchanged)"
    )
    return 0


def _attached_units(args: argparse.Namespace, doc_ids: list[str]) -> dict[str, list]:
    return attached_units(doc_ids, _registry(args)[0], _store(args))


def attached_units(doc_ids: list[str], registry_path: Path, store: Path) -> dict[str, list]:
    """doc_id -> its units, segmented from the attached text (every attached document when
    `doc_ids` is empty); InputError when one is missing or would change its unit ids."""
    from annotation.segment import segment
    from dataset.corpus.registry import load_registry, units_fingerprint
    from dataset.corpus.store import attached_texts
    from dataset.errors import InputError

    by_id = {document.doc_id: document for document in load_registry(registry_path)}
    unknown = [doc_id for doc_id in doc_ids if doc_id not in by_id]
    if unknown:
        raise InputError(
            f"not registered: {', '.join(unknown)} (see dataset/corpus/documents.json)"
        )
    texts = attached_texts(doc_ids or None, registry=registry_path, store=store)
    not_attached = [doc_id for doc_id in doc_ids if doc_id not in texts]
    if not_attached:
        raise InputError(f"not attached: {', '.join(not_attached)} (run gwrcommit corpus attach)")
    units_of = {}
    for doc_id, text in texts.items():
        units = segment(text, doc_id).units
        recorded = by_id[doc_id].units
        if recorded is not None and units_fingerprint(units) != recorded:
            raise InputError(
                f"{doc_id}: the segmenter now gives {len(units)} units, the registry records "
                f"{recorded.count} (or other offsets): unit ids would change"
            )
        units_of[doc_id] = units
    return units_of


def _units_by_id(args: argparse.Namespace, rows: list[dict]) -> dict:
    return attached_units_by_id(rows, _registry(args)[0], _store(args))


def attached_units_by_id(rows: list[dict], registry_path: Path, store: Path) -> dict:
    """unit id -> Unit, for every document the rows name."""
    doc_ids = sorted({str(row.get("doc_id")) for row in rows})
    by_doc = attached_units(doc_ids, registry_path, store)
    return {unit.id: unit for units in by_doc.values() for unit in units}


def _standoff(args: argparse.Namespace) -> int:
    from dataset.corpus.standoff import is_log_row, log_row_standoff
    from dataset.records.jsonl import read_jsonl, write_jsonl
    from dataset.records.outputs import check_outputs

    check_outputs([args.output], [args.input], force=args.force)
    rows = read_jsonl(args.input)
    if rows and all(is_log_row(row) for row in rows):
        count = write_jsonl(args.output, (log_row_standoff(row) for row in rows))
        print(f"{count} adjudication log rows (no report text) -> {args.output}")
        return 0
    count = write_jsonl(args.output, _standoff_records(args))
    print(f"{count} stand-off records (no report text) -> {args.output}")
    return 0


def _standoff_records(args: argparse.Namespace) -> list[dict]:
    from dataset.corpus.standoff import attach_text, to_standoff
    from dataset.errors import InputError
    from dataset.records.read import iter_records

    numbered = [(line, record) for line, _, record in iter_records(args.input)]
    units = _units_by_id(args, [{"doc_id": record.doc_id} for _, record in numbered])
    rows = []
    for line, record in numbered:
        unit = units.get(record.id)
        if unit is None or unit.text != record.text:
            raise InputError(
                f"{args.input}:{line}: {record.id} is not a unit of the attached document "
                "(or its text differs)"
            )
        row = to_standoff(record)
        attach_text(row, unit)  # the committed form must re-attach to the same record
        rows.append(row)
    return rows


def _records(args: argparse.Namespace) -> int:
    from dataset.corpus.standoff import attach_rows
    from dataset.corpus.store import attached_texts
    from dataset.records.jsonl import read_jsonl, write_jsonl
    from dataset.records.outputs import check_outputs

    check_outputs([args.output], [args.input], force=args.force)
    rows = read_jsonl(args.input)
    doc_ids = sorted({str(row.get("doc_id")) for row in rows})
    texts = attached_texts(doc_ids, registry=_registry(args)[0], store=_store(args))
    records = attach_rows(rows, texts)
    count = write_jsonl(args.output, (record.model_dump(mode="json") for record in records))
    print(f"{count} records, text re-attached from the corpus store -> {args.output}")
    return 0


def _differs(path: Path, body: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") != body
    except (OSError, UnicodeDecodeError):
        return True


def _register(args: argparse.Namespace) -> int:
    from annotation.segment import segment
    from dataset.corpus.discover import discover
    from dataset.corpus.registry import save_registry, units_fingerprint
    from dataset.errors import InputError

    registry_path, documents = _registry(args)
    registered = {document.doc_id: document for document in documents}
    new, refreshed, differs = [], {}, []
    for candidate in discover(_sources(args.paths)):
        document = candidate.document
        units = units_fingerprint(segment(candidate.text, document.doc_id).units)
        old = registered.get(document.doc_id)
        if old is None:
            new.append(document.model_copy(update={"units": units}))
        elif old.sha256 != document.sha256:
            differs.append(document.doc_id)
        elif old.units != units:
            refreshed[document.doc_id] = old.model_copy(update={"units": units})
    for document in new:
        print(
            f"new   {document.doc_id:<22} {document.chars:>6} chars {document.units.count:>5} units"
        )
    for doc_id, document in refreshed.items():
        before = registered[doc_id].units
        print(f"units {doc_id:<22} {before.count if before else 'none'} -> {document.units.count}")
    if differs:
        raise InputError(f"the sources hold other texts of registered {', '.join(differs)}")
    updates = dict(refreshed) if args.refresh_units else {}
    if args.write or updates:
        merged = [updates.get(d.doc_id, d) for d in documents] + (new if args.write else [])
        save_registry(merged, registry_path)
    written = len(new) if args.write else 0
    print(
        f"{len(new)} new, {len(refreshed)} with other units; "
        f"{written} added and {len(updates)} refreshed in {registry_path}"
    )
    return 0
