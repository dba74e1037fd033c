"""Commands that read labelled records accept stand-off files of corpus documents too:
their text is re-attached from the corpus store into a temporary full copy."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from dataset.corpus.standoff import attach_rows
from dataset.corpus.store import attached_texts
from dataset.records.jsonl import iter_jsonl, read_jsonl, write_jsonl


def is_standoff(path: str | Path) -> bool:
    """The file's first record carries text_sha256 instead of its text."""
    for _, row in iter_jsonl(path):
        return "text" not in row and "text_sha256" in row
    return False


@contextlib.contextmanager
def full_records(paths: Sequence[str | Path]) -> Iterator[list[Path]]:
    """Each path as a file of full records: itself, or (stand-off) a temporary attached
    copy that is removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="gwrcommit-attached-") as tmp:
        resolved = []
        for i, path in enumerate(paths):
            if not is_standoff(path):
                resolved.append(Path(path))
                continue
            rows = read_jsonl(path)
            texts = attached_texts(sorted({str(row.get("doc_id")) for row in rows}))
            copy = Path(tmp) / f"{i}-{Path(path).name}"
            write_jsonl(copy, (r.model_dump(mode="json") for r in attach_rows(rows, texts)))
            resolved.append(copy)
        yield resolved
