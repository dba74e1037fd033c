"""The local store of attached texts: `corpus-store/<doc_id>.txt`, git-ignored.

`attach` fills it from the user's copies of the published files, checking every text
against the registry's SHA-256; `attached_texts` gives the verified texts to whatever
needs them (the release builder, the scorer, the explorer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dataset.corpus.registry import CorpusDocument, load_registry, store_dir, text_sha256
from dataset.corpus.sources import Sources
from dataset.errors import InputError
from dataset.records.jsonl import write_text_atomic


@dataclass(frozen=True)
class Mismatch:
    document: CorpusDocument
    path: Path
    sha256: str

    def message(self) -> str:
        return (
            f"{self.document.doc_id}: the text from {self.path} has SHA-256 {self.sha256[:12]}…, "
            f"the registry expects {self.document.sha256[:12]}… (another edition of the file?)"
        )


@dataclass
class AttachReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing: list[CorpusDocument] = field(default_factory=list)
    mismatched: list[Mismatch] = field(default_factory=list)


def store_path(doc_id: str, store: Path) -> Path:
    return store / f"{doc_id}.txt"


def attach(documents: list[CorpusDocument], sources: Sources, store: Path) -> AttachReport:
    """Write every document found in `sources` whose hash matches to the store; a file
    already there with the same text is left alone."""
    report = AttachReport()
    for document in documents:
        found = sources.find(document)
        if found is None:
            report.missing.append(document)
            continue
        digest = text_sha256(found.text)
        if digest != document.sha256:
            report.mismatched.append(Mismatch(document, found.path, digest))
            continue
        target = store_path(document.doc_id, store)
        if _stored_text(target) == found.text:
            report.unchanged.append(document.doc_id)
        else:
            write_text_atomic(target, found.text)
            report.written.append(document.doc_id)
    return report


def _stored_text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def stored_state(document: CorpusDocument, store: Path) -> str:
    """ "attached", "missing", or "changed" (the store file no longer has the hash)."""
    text = _stored_text(store_path(document.doc_id, store))
    if text is None:
        return "missing"
    return "attached" if text_sha256(text) == document.sha256 else "changed"


def attached_texts(
    doc_ids: list[str] | None = None,
    *,
    registry: Path | None = None,
    store: Path | None = None,
) -> dict[str, str]:
    """doc_id -> normalised text of every registered document attached (or of those in
    `doc_ids`, which must be registered); a store file whose hash is wrong is an
    InputError (attach it again)."""
    documents = {document.doc_id: document for document in load_registry(registry)}
    store = store_dir() if store is None else store
    wanted = list(documents) if doc_ids is None else doc_ids
    texts: dict[str, str] = {}
    for doc_id in wanted:
        if doc_id not in documents:
            raise InputError(f"{doc_id}: not a registered document")
        text = _stored_text(store_path(doc_id, store))
        if text is None:
            continue
        if text_sha256(text) != documents[doc_id].sha256:
            path = store_path(doc_id, store)
            raise InputError(f"{path}: changed since it was attached; run gwrcommit corpus attach")
        texts[doc_id] = text
    return texts
