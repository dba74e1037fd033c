"""Reading and normalising source documents, and the newspaper furniture in them.

Offsets everywhere in GWRCommit refer to the text returned by `read_source`:
BOM stripped, CRLF and CR turned into LF, Unicode NFC."""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from dataset.errors import InputError, existing_file

# Running heads printed by the newspaper: "(上接第二版)" at the start of a continued
# article, "(下转第四版)" where it breaks off.
MARKER_PATTERN = re.compile(
    r"[(（](?:上接|下转|接上|转下|紧接)第?[0-9一二三四五六七八九十]+版[)）]"
)
METADATA_PATTERN = re.compile(r"^版次[:：].*$", re.MULTILINE)
# A whole report opens with its title, source, date and speaker lines, then the
# salutation; those lines are document metadata, as the 版次 line is.
SALUTATION = re.compile(r"^各位代表[：:！!]$")
FRONT_MATTER_MAX_LINES = 8
FRONT_MATTER_MAX_CHARS = 80  # a longer line is a paragraph of the speech


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    text: str


def normalise(text: str) -> str:
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def decode(data: bytes, encoding: str, name: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{name}: cannot decode as {encoding} at byte {error.start} "
            f"({data[error.start : error.start + 4]!r}); try --encoding"
        ) from None


def read_source(path: str | Path, encoding: str = "utf-8") -> str:
    """Read a report as normalised text, or raise InputError with a one-line reason."""
    path = existing_file(path, "a text file")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    text = normalise(decode(data, encoding, str(path)))
    if "\x00" in text:
        raise InputError(
            f"{path}: holds a NUL character at offset {text.index(chr(0))}; is it a binary "
            "file or in another encoding (try --encoding utf-16)?"
        )
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return text


def find_markers(text: str) -> list[Marker]:
    return [Marker(m.start(), m.end(), m.group()) for m in MARKER_PATTERN.finditer(text)]


def find_metadata_lines(text: str) -> list[Marker]:
    lines = [Marker(m.start(), m.end(), m.group()) for m in METADATA_PATTERN.finditer(text)]
    return sorted(set(lines) | set(front_matter_lines(text)), key=lambda m: (m.start, m.end))


def front_matter_lines(text: str) -> list[Marker]:
    """The lines above the salutation (各位代表：) when it is a line of its own below at
    most a few short lines at the top of the text; else none."""
    found: list[Marker] = []
    line_start = 0
    while line_start < len(text) and len(found) <= FRONT_MATTER_MAX_LINES:
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        raw = text[line_start:line_end]
        line = raw.strip()
        if SALUTATION.match(line):
            return found
        if len(line) > FRONT_MATTER_MAX_CHARS:
            return []
        if line:
            start = line_start + raw.index(line)
            found.append(Marker(start, start + len(line), line))
        line_start = line_end + 1
    return []


def strip_markers(text: str, start: int, end: int, markers: list[Marker]) -> str:
    """source[start:end] with every marker inside it removed."""
    pieces, position = [], start
    for marker in markers:
        if marker.start >= start and marker.end <= end:
            pieces.append(text[position : marker.start])
            position = marker.end
    pieces.append(text[position:end])
    return "".join(pieces)
