"""The registry of external documents (DESIGN §4b): what the project knows about each
report whose text it does not ship, and how to get that text back from a public copy."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dataset.errors import InputError
from dataset.paths import PROJECT_ROOT
from dataset.records.jsonl import read_json, write_text_atomic
from dataset.schema import DOC_ID_PATTERN

SHA256_PATTERN = r"^[0-9a-f]{64}$"
NATIONAL_REGION_CODE = "100000"


def registry_file(root: Path = PROJECT_ROOT) -> Path:
    return root / "dataset" / "corpus" / "documents.json"


def store_dir(root: Path = PROJECT_ROOT) -> Path:
    """Where `gwrcommit corpus attach` puts the texts: local, git-ignored, never shipped."""
    return root / "corpus-store"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """Where the user gets the published file: a repository, the file's path in it and
    the commit the hash was taken at; `url` is the page the text was first published on."""

    repository: str = Field(min_length=3, pattern=r"^[\w.-]+/[\w.-]+$")
    path: str = Field(min_length=1)
    commit: str = Field(pattern=r"^[0-9a-f]{40}$")
    url: str | None = None

    def file(self) -> str:
        return f"{self.repository}: {self.path} at commit {self.commit[:12]}"


class WikisourceRecipe(_Strict):
    format: Literal["wikisource-jsonl"]
    title: str = Field(min_length=1, description="the page title in the JSONL")


class TsvRecipe(_Strict):
    format: Literal["tsv"]
    year: int = Field(ge=1949, le=2100, description="the row's year")


class DocxZipRecipe(_Strict):
    format: Literal["docx-zip"]
    member: str = Field(min_length=6, pattern=r"\.docx$", description="the .docx in the zip")


class TextRecipe(_Strict):
    format: Literal["text"]
    file: str = Field(min_length=1, description="the text file's name")


Recipe = Annotated[
    WikisourceRecipe | TsvRecipe | DocxZipRecipe | TextRecipe, Field(discriminator="format")
]


class Units(_Strict):
    """What `annotation.segment` made of the text when the document was registered: a
    different count or fingerprint means the unit ids changed."""

    count: int = Field(ge=0)
    sha256: str = Field(pattern=SHA256_PATTERN, description="of the units' id/start/end/type")


def units_fingerprint(units: Sequence[Any]) -> Units:
    """Count and SHA-256 of the units' id, start, end and unit_type (never their text)."""
    lines = "".join(f"{u.id}\t{u.start}\t{u.end}\t{u.unit_type}\n" for u in units)
    return Units(count=len(units), sha256=hashlib.sha256(lines.encode("utf-8")).hexdigest())


class CorpusDocument(_Strict):
    doc_id: str
    title: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    level: Literal["national", "provincial", "district"]
    region_code: str = Field(pattern=r"^[1-9][0-9]{5}$", description="GB/T 2260")
    year: int = Field(ge=1949, le=2100)
    source: Source
    recipe: Recipe
    sha256: str = Field(pattern=SHA256_PATTERN, description="of the normalised text, UTF-8")
    chars: int = Field(ge=1, description="length of the normalised text")
    units: Units | None = None
    notes: str | None = None

    @field_validator("doc_id")
    @classmethod
    def _doc_id_shape(cls, doc_id: str) -> str:
        if not DOC_ID_PATTERN.match(doc_id):
            raise ValueError("use lower-case letters, digits and '-'")
        return doc_id


def load_registry(path: Path | None = None) -> list[CorpusDocument]:
    """The registered documents; any problem is a one-line InputError naming the entry."""
    path = registry_file() if path is None else path
    entries = read_json(path)
    if not isinstance(entries, list):
        raise InputError(f"{path}: expected a JSON list of documents")
    documents = [_document(path, i, entry) for i, entry in enumerate(entries)]
    seen: set[str] = set()
    for document in documents:
        if document.doc_id in seen:
            raise InputError(f"{path}: doc_id {document.doc_id!r} registered twice")
        seen.add(document.doc_id)
    return documents


def _document(path: Path, index: int, entry: object) -> CorpusDocument:
    try:
        return CorpusDocument.model_validate(entry)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "entry"
        name = entry.get("doc_id") if isinstance(entry, dict) else None
        raise InputError(
            f"{path}: document {index + 1} ({name or 'no doc_id'}): {where}: {first['msg']}"
        ) from None


def save_registry(documents: list[CorpusDocument], path: Path | None = None) -> None:
    path = registry_file() if path is None else path
    ordered = sorted(documents, key=registry_order)
    entries = [document.model_dump(mode="json", exclude_none=True) for document in ordered]
    write_text_atomic(path, json.dumps(entries, ensure_ascii=False, indent=2) + "\n")


def registry_order(document: CorpusDocument) -> tuple:
    """National first, then by region code; the newest year first within a region."""
    levels = ("national", "provincial", "district")
    return (levels.index(document.level), document.region_code, -document.year, document.doc_id)


def document_levels(root: Path = PROJECT_ROOT) -> dict[str, str]:
    """doc_id -> level of government (national / provincial / district) of every document
    the project knows: the seed documents (dataset/documents.json) and the registry."""
    from dataset.paths import documents_file
    from dataset.records.jsonl import read_json

    levels = {entry["doc_id"]: entry["level"] for entry in read_json(documents_file(root))}
    path = registry_file(root)
    if path.exists():
        levels |= {document.doc_id: document.level for document in load_registry(path)}
    return levels
