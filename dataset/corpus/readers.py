"""Readers for the formats the public reports are published in.

Each reader turns one published document into plain text, one paragraph a line, and
every result goes through `dataset.records.source.normalise` (BOM, CRLF, NFC) like any
report the project reads. The rules are deterministic: the SHA-256 of what they return
is what the registry records, so changing a rule changes every hash (and so the ids).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from dataset.errors import InputError
from dataset.records.source import normalise

ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
LICENCE_NOTICE_START = re.compile(r"^本作品", re.MULTILINE)
LICENCE_NOTICE_END = "Public domain"
TSV_PARAGRAPH_BREAK = re.compile(r"\s*(?:\t|\u3000{2,})\s*")
UTF8_NAME_FLAG = 0x800


def paragraphs_to_text(paragraphs: Iterable[str]) -> str:
    """One paragraph a line: zero-width characters dropped, each paragraph stripped of
    surrounding white space, blank ones dropped."""
    kept = (ZERO_WIDTH.sub("", paragraph).strip() for paragraph in paragraphs)
    return normalise("\n".join(paragraph for paragraph in kept if paragraph))


def wikisource_text(content: str) -> str:
    """The text of a Wikisource page as the JSONL holds it.

    Wikisource's licence notice (from the first line starting 本作品 to the template's
    closing "Public domain" fields) is cut off. A blank line separates paragraphs; a
    single line break is where the page had a link or bold text, so the lines around it
    are joined without a space."""
    content = strip_licence_notice(normalise(content))
    paragraphs: list[list[str]] = [[]]
    for line in content.split("\n"):
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return paragraphs_to_text("".join(lines) for lines in paragraphs)


def strip_licence_notice(content: str) -> str:
    notice = LICENCE_NOTICE_START.search(content)
    if notice and LICENCE_NOTICE_END in content[notice.start() :]:
        return content[: notice.start()]
    return content


def tsv_text(text: str) -> str:
    """The text of one report of the TSV (the part after `year<TAB>`): a tab, or a run of
    two or more full-width spaces, with the white space around it, is a paragraph break."""
    return paragraphs_to_text(TSV_PARAGRAPH_BREAK.split(normalise(text)))


def tsv_rows(data: str, name: str) -> dict[int, str]:
    """year -> text of every `year<TAB>text` line; a line in another shape, or a year
    given twice, is an InputError naming the line."""
    rows: dict[int, str] = {}
    for line_no, line in enumerate(normalise(data).split("\n"), start=1):
        if not line.strip():
            continue
        year, tab, text = line.partition("\t")
        if not tab or not re.fullmatch(r"[0-9]{4}", year):
            raise InputError(f"{name}:{line_no}: expected year<TAB>text")
        if int(year) in rows:
            raise InputError(f"{name}:{line_no}: year {year} given twice")
        rows[int(year)] = text
    return rows


def docx_text(data: bytes, name: str) -> str:
    """The paragraphs of a .docx, one a line (blank paragraphs dropped)."""
    import docx  # python-docx: imported here so that commands not reading .docx stay fast

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several types for a broken file
        raise InputError(f"{name}: not a readable .docx ({type(error).__name__})") from None
    return paragraphs_to_text(paragraph.text for paragraph in document.paragraphs)


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its creator wrote it: names not flagged UTF-8 are in the
    creator's code page (GBK for the provincial reports), which zipfile reads as cp437."""
    if info.flag_bits & UTF8_NAME_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except UnicodeError:
        return info.filename


def zip_members(path: Path) -> dict[str, zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(path) as archive:
            return {zip_member_name(info): info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError) as error:
        raise InputError(f"{path}: not a readable zip file ({error})") from None


def read_zip_member(path: Path, info: zipfile.ZipInfo) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(info)
    except (zipfile.BadZipFile, OSError, RuntimeError) as error:
        raise InputError(f"{path}: cannot read {zip_member_name(info)} ({error})") from None
