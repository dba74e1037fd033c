"""Sentence segmentation of a report into units (DESIGN §2)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dataset.records.source import Marker, find_markers, find_metadata_lines, strip_markers
from dataset.schema import Unit, unit_id

TERMINATORS = frozenset("。！？!?")
CLOSERS = frozenset("”’」』》）")
OPEN_QUOTES = {"“": "”", "‘": "’", "「": "」", "『": "』"}
SECTION_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
RUN_IN_MAX_CHARS = 25
RUN_IN_FORBIDDEN = frozenset(",，、;；:：!！?？“”")


@dataclass(frozen=True)
class Document:
    """A segmented report: its units and the furniture kept out of them."""

    doc_id: str
    text: str
    units: list[Unit]
    markers: list[Marker] = field(default_factory=list)
    metadata_lines: list[Marker] = field(default_factory=list)


def segment(text: str, doc_id: str) -> Document:
    """Split normalised report text into sentence units with exact source offsets."""
    markers = find_markers(text)
    metadata_lines = find_metadata_lines(text)
    skipped = _covered_positions(markers) | _covered_positions(metadata_lines)
    units: list[Unit] = []
    section: str | None = None
    para = 0
    for line_start, line_end in _lines(text):
        spans = _sentence_spans(text, line_start, line_end, skipped)
        if not spans:
            continue
        for position, (start, end) in enumerate(spans):
            sentence = strip_markers(text, start, end, markers)
            unit_type = _unit_type(sentence, position, len(spans))
            if unit_type == "section_heading":
                section = sentence
            units.append(
                Unit(
                    id=unit_id(doc_id, len(units)),
                    doc_id=doc_id,
                    para=para,
                    index=len(units),
                    start=start,
                    end=end,
                    unit_type=unit_type,
                    section=section,
                    text=sentence,
                )
            )
        para += 1
    return Document(doc_id, text, units, markers, metadata_lines)


def _covered_positions(spans: list[Marker]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


def _lines(text: str) -> list[tuple[int, int]]:
    lines, start = [], 0
    for match in re.finditer("\n", text):
        lines.append((start, match.start()))
        start = match.end()
    lines.append((start, len(text)))
    return lines


def _sentence_spans(
    text: str, line_start: int, line_end: int, skipped: set[int]
) -> list[tuple[int, int]]:
    """Offsets of the sentences of one line; skipped positions belong to no sentence."""
    positions = [i for i in range(line_start, line_end) if i not in skipped]
    spans = _split_positions(text, positions, respect_quotes=True)
    if spans is None:  # an unbalanced quote: split as if there were no quotes
        spans = _split_positions(text, positions, respect_quotes=False)
    return [span for span in (_trim(text, s, e, skipped) for s, e in spans) if span]


def _split_positions(
    text: str, positions: list[int], respect_quotes: bool
) -> list[tuple[int, int]] | None:
    spans: list[tuple[int, int]] = []
    open_quotes: list[str] = []
    first = k = 0
    while k < len(positions):
        char = text[positions[k]]
        if char in TERMINATORS:
            after = _skip(text, positions, k + 1, TERMINATORS)
            after = _close_quotes(text, positions, after, open_quotes if respect_quotes else [])
            if not (respect_quotes and open_quotes):
                after = _skip(text, positions, after, CLOSERS)
                spans.append((positions[first], positions[after - 1] + 1))
                first = after
            k = after
            continue
        if char in OPEN_QUOTES:
            open_quotes.append(OPEN_QUOTES[char])
        elif open_quotes and char == open_quotes[-1]:
            open_quotes.pop()
        k += 1
    if respect_quotes and open_quotes:
        return None
    if first < len(positions):
        spans.append((positions[first], positions[-1] + 1))
    return spans


def _skip(text: str, positions: list[int], k: int, chars: frozenset[str]) -> int:
    while k < len(positions) and text[positions[k]] in chars:
        k += 1
    return k


def _close_quotes(text: str, positions: list[int], k: int, open_quotes: list[str]) -> int:
    """Past closing quotes right after a terminator; a quote that closes there ends the
    sentence only if it closes every open quote (“…。” ends, “…。…” does not)."""
    j, pending = k, list(open_quotes)
    while pending and j < len(positions) and text[positions[j]] == pending[-1]:
        pending.pop()
        j += 1
    if not pending:
        open_quotes.clear()
        return j
    return k


def _trim(text: str, start: int, end: int, skipped: set[int]) -> tuple[int, int] | None:
    while start < end and (text[start].isspace() or start in skipped):
        start += 1
    while end > start and (text[end - 1].isspace() or end - 1 in skipped):
        end -= 1
    return (start, end) if start < end else None


def _unit_type(sentence: str, position: int, sentences_in_para: int) -> str:
    if SECTION_HEADING.match(sentence):
        return "section_heading"
    if position == 0 and sentences_in_para > 1 and _is_run_in_heading(sentence):
        return "subsection_heading"
    return "body"


def _is_run_in_heading(sentence: str) -> bool:
    return (
        sentence.endswith("。")
        and len(sentence) <= RUN_IN_MAX_CHARS
        and not any(char in RUN_IN_FORBIDDEN for char in sentence)
    )
