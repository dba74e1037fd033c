"""The user's copies of the published files, found in the paths given to `corpus attach`.

Which format a file holds is told by its name: `.jsonl` (the Wikisource dump), `.zip` (a
zip of .docx files), `.docx`, `.tsv`, and `.txt`, which is the TSV when its first line
is `year<TAB>…` (the TSV's origin names it .txt) and a plain report otherwise. A file is
parsed only when a document asks for its format, and then once.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dataset.corpus import readers
from dataset.corpus.registry import (
    CorpusDocument,
    DocxZipRecipe,
    TextRecipe,
    TsvRecipe,
    WikisourceRecipe,
)
from dataset.errors import InputError
from dataset.records.jsonl import iter_jsonl
from dataset.records.source import decode, normalise

SOURCE_SUFFIXES = (".jsonl", ".zip", ".docx", ".tsv", ".txt")
TSV_FIRST_LINE = re.compile(rb"^(?:\xef\xbb\xbf)?[0-9]{4}\t")


@dataclass(frozen=True)
class Found:
    """A document's text and the file it came from."""

    text: str
    path: Path


@dataclass
class Sources:
    """Every source file under the given paths, by format."""

    files: dict[str, list[Path]] = field(default_factory=dict)
    parsed: dict[Path, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_paths(cls, paths: list[str] | list[Path]) -> Sources:
        sources = cls()
        for path in map(Path, paths):
            if not path.exists():
                raise InputError(f"{path}: no such file or folder")
            if path.is_dir():
                for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
                    sources.add(candidate, source_format(candidate))
            else:
                kind = source_format(path)
                if kind is None:
                    suffixes = ", ".join(SOURCE_SUFFIXES)
                    raise InputError(f"{path}: not a source file (expected {suffixes})")
                sources.add(path, kind)
        return sources

    def add(self, path: Path, kind: str | None) -> None:
        if kind is not None and path not in self.files.get(kind, []):
            self.files.setdefault(kind, []).append(path)

    def find(self, document: CorpusDocument) -> Found | None:
        """The document's text from the first file that holds it, or None."""
        recipe = document.recipe
        for path in self.files.get(recipe.format, []):
            text = _LOOKUPS[recipe.format](self, path, recipe)
            if text is not None:
                return Found(text, path)
        return None

    def wikisource_pages(self) -> Iterator[tuple[Path, str, dict[str, Any]]]:
        for path in self.files.get("wikisource-jsonl", []):
            for title, record in self._once(path, _wikisource_pages).items():
                yield path, title, record

    def tsv_rows(self) -> Iterator[tuple[Path, int]]:
        for path in self.files.get("tsv", []):
            for year in self._once(path, _tsv_rows):
                yield path, year

    def docx_members(self) -> Iterator[tuple[Path, str]]:
        for path in self.files.get("docx-zip", []):
            if path.suffix.lower() == ".docx":
                yield path, path.name
            else:
                for name in self._once(path, _zip_members):
                    yield path, name

    def _once(self, path: Path, parse: Callable[[Path], Any]) -> Any:
        if path not in self.parsed:
            self.parsed[path] = parse(path)
        return self.parsed[path]


def source_format(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        return "wikisource-jsonl"
    if suffix in (".zip", ".docx"):
        return "docx-zip"
    if suffix == ".tsv":
        return "tsv"
    if suffix == ".txt":
        with path.open("rb") as handle:
            return "tsv" if TSV_FIRST_LINE.match(handle.read(8)) else "text"
    return None


def _wikisource(sources: Sources, path: Path, recipe: WikisourceRecipe) -> str | None:
    record = sources._once(path, _wikisource_pages).get(recipe.title)
    return None if record is None else readers.wikisource_text(record["content"])


def _wikisource_pages(path: Path) -> dict[str, dict[str, Any]]:
    """title -> record; the first record of a title wins."""
    pages: dict[str, dict[str, Any]] = {}
    for line_no, record in iter_jsonl(path):
        if not isinstance(record.get("title"), str) or not isinstance(record.get("content"), str):
            raise InputError(f"{path}:{line_no}: expected a record with a title and a content")
        pages.setdefault(record["title"], record)
    return pages


def _tsv(sources: Sources, path: Path, recipe: TsvRecipe) -> str | None:
    text = sources._once(path, _tsv_rows).get(recipe.year)
    return None if text is None else readers.tsv_text(text)


def _tsv_rows(path: Path) -> dict[int, str]:
    return readers.tsv_rows(decode(path.read_bytes(), "utf-8", str(path)), str(path))


def _docx(sources: Sources, path: Path, recipe: DocxZipRecipe) -> str | None:
    if path.suffix.lower() == ".docx":
        if path.name != recipe.member:
            return None
        return readers.docx_text(path.read_bytes(), str(path))
    info = sources._once(path, _zip_members).get(recipe.member)
    if info is None:
        return None
    return readers.docx_text(readers.read_zip_member(path, info), f"{path}: {recipe.member}")


def _zip_members(path: Path) -> dict[str, zipfile.ZipInfo]:
    return readers.zip_members(path)


def _text(sources: Sources, path: Path, recipe: TextRecipe) -> str | None:
    if path.name != recipe.file:
        return None
    return normalise(decode(path.read_bytes(), "utf-8", str(path)))


_LOOKUPS: dict[str, Callable[[Sources, Path, Any], str | None]] = {
    "wikisource-jsonl": _wikisource,
    "tsv": _tsv,
    "docx-zip": _docx,
    "text": _text,
}
