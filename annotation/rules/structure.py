"""The parts of a whole report (codebook §13.2, W3–W4, W13): which part each unit stands in.

A report has up to seven parts, in this order: the `opening` (form of address and
request), the `review` of the past year or period, the `targets` (general requirements
and the main expected targets), the `tasks` of the year, the `government`'s own conduct,
the `closing`, and an `appendix` (a glossary after the closing); a unit that none of the
cues reaches is `unknown` (a page cut from the middle of a report, like the seed, starts
there).

The parts come from cues read in order:

- a top-level heading (一、…) names its part by its words (PART_HEADING_WORDS: 回顾 →
  review, 总体要求 / 预期目标 → targets, 任务 → tasks, 政府自身建设 → government); one
  that names both the targets and the tasks opens with the targets and turns to the tasks
  at its first sub-heading; one that names nothing is a tasks heading once the review
  has been read (二、关于2031年工作), else unknown until a cue gives its section a part;
- a sub-heading ((一)…) returns to the part of its top-level heading, unless its own words
  name the government part;
- without a heading, the first unit of a paragraph can start a part
  (PART_PARAGRAPH_CUES): a look-back opener (过去一年, 一年来 …) starts the review when
  no plan part has begun, and otherwise a look-back passage that ends with its paragraph
  or at the first unit that turns to the coming year (W4); 主要预期目标 / 总体要求 start
  the targets, unless a review heading holds the unit; a count of the year's work
  (以下几个方面工作) starts the tasks; 政府自身建设 / 对政府工作提出 starts the government
  part, which, announced so in prose, ends at a paragraph on national affairs filed with
  the tasks (defence, the SARs, Taiwan, foreign affairs);
- the closing starts at the last paragraph that opens with an address (各位代表!), or,
  without one, with an exhortation (让我们…), once the review is over; it runs to the end
  or to an appendix that some reports add (W13): a glossary after 名词解释 / 附件 is the
  `appendix` part; a list of the year's projects is read as tasks.

The schema has no field for the part: `document_parts` exposes it, and the pipeline reads
it (numbers in the review are achievements, not targets: W5; a glossary entry commits
nothing: W13).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from annotation.lexicons import (
    APPENDIX_TITLES,
    CLOSING_OPENERS,
    FORWARD_TURNS,
    GLOSSARY_WORDS,
    OPENING_WORDS,
    PART_HEADING_WORDS,
    PART_PARAGRAPH_CUES,
    PLEDGE_CUES,
    REVIEW_OPENERS,
    TASK_AFFAIRS_WORDS,
)
from dataset.quantities.patterns import literal_pattern

PARTS: tuple[str, ...] = (
    "opening",
    "review",
    "targets",
    "tasks",
    "government",
    "closing",
    "appendix",
    "unknown",
)
PLAN_PARTS = frozenset({"targets", "tasks", "government"})
TOP_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
LEAD_TRIM = " “”‘’()（）"


def _words(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(literal_pattern(words))


_HEADING_WORDS = {part: _words(words) for part, words in PART_HEADING_WORDS.items()}
_PARAGRAPH_CUES = {part: _words(words) for part, words in PART_PARAGRAPH_CUES.items()}
_REVIEW_OPENER = _words(REVIEW_OPENERS)
_FORWARD = _words(FORWARD_TURNS)
_PLEDGE = _words(PLEDGE_CUES)
_AFFAIRS = _words(TASK_AFFAIRS_WORDS)
_OPENING = _words(OPENING_WORDS)


def heading_part(text: str) -> str | None:
    """The part a heading's words name (review first, then targets, tasks, government)."""
    return next((part for part, words in _HEADING_WORDS.items() if words.search(text)), None)


def opens_look_back(text: str) -> bool:
    """The unit opens with a look-back phrase (过去一年,…; 一年来,…; 回顾过去一年…)."""
    match = _REVIEW_OPENER.search(text)
    return match is not None and not text[: match.start()].strip(LEAD_TRIM)


def turns_forward(text: str) -> bool:
    """The unit speaks of the coming year or of what the government will do."""
    return bool(_FORWARD.search(text))


def is_pledge(text: str) -> bool:
    """W6: the unit commits the government in its own words to act from now on."""
    return bool(_PLEDGE.search(text))


def _paragraph_cue(text: str) -> str | None:
    return next((part for part, cue in _PARAGRAPH_CUES.items() if cue.search(text)), None)


class _Reader:
    """Reads the units of one document in order and names the part of each."""

    def __init__(self) -> None:
        self.part = "opening"
        self.section_part: str | None = None  # the part named by the last top-level heading
        self.in_section_intro = False  # no sub-heading yet under the top-level heading
        self.plan_started = False
        self.review_seen = False
        self.prose_government = False  # a government part started without a heading
        self.look_back_from: str | None = None  # the part a look-back passage interrupts

    def read(self, unit: dict[str, Any], new_paragraph: bool) -> str:
        text = unit["text"]
        if self.look_back_from is not None and (new_paragraph or turns_forward(text)):
            self._enter(self.look_back_from)
            self.look_back_from = None
        if unit.get("unit_type") == "section_heading":
            self._heading(text)
        elif new_paragraph:
            self._paragraph(text)
        if self.part == "opening" and not _OPENING.search(text):
            self.part = "unknown"
        return self.part

    def _enter(self, part: str, by_cue: bool = False) -> None:
        """Enter a part; a cue inside a section no heading named gives the section its
        part (一、牢记嘱托… then 一年来,…: the section is the review)."""
        self.part = part
        self.plan_started = self.plan_started or part in PLAN_PARTS
        self.review_seen = self.review_seen or part == "review"
        if by_cue and self.section_part == "unknown":
            self.section_part = part

    def _heading(self, text: str) -> None:
        named = heading_part(text)
        if TOP_HEADING.match(text):
            self._top_heading(text, named)
            return
        self.in_section_intro = False
        if named == "government":
            self._enter("government")
        elif self.section_part is not None:
            self._enter(self.section_part)

    def _top_heading(self, text: str, named: str | None) -> None:
        """一、…: the part its words name. One that names both the targets and the tasks
        (…总体要求和重点任务, 主要目标任务) opens with the targets and turns to the tasks at
        its first sub-heading; one that names nothing is a plan heading (tasks) once the
        review has been read, else unknown until a cue."""
        if named is None:
            named = "tasks" if self.review_seen or self.plan_started else "unknown"
        section = "tasks" if named == "targets" and _HEADING_WORDS["tasks"].search(text) else named
        self.section_part, self.in_section_intro = section, True
        self.prose_government = False
        self._enter(named)

    def _paragraph(self, text: str) -> None:
        if opens_look_back(text):
            self._look_back()
            return
        cue = _paragraph_cue(text)
        if cue == "targets" and self._may_start_targets():
            self._enter("targets", by_cue=True)
        elif cue == "tasks" and self.part in ("targets", "unknown") and not self._under("targets"):
            self._enter("tasks", by_cue=True)
        elif cue == "government" and self.part in PLAN_PARTS | {"unknown"}:
            self.prose_government = self.part != "government" or self.prose_government
            self._enter("government")
        elif self.part == "government" and self.prose_government and _AFFAIRS.search(text):
            self.prose_government = False
            self._enter("tasks")

    def _look_back(self) -> None:
        """A look-back paragraph: the review itself before any plan part (W3), else a
        passage of the part it interrupts (W4)."""
        if self.part in ("opening", "unknown") and not self.plan_started:
            self._enter("review", by_cue=True)
        elif self.part != "review":
            self.look_back_from = self.part
            self.part = "review"

    def _may_start_targets(self) -> bool:
        """主要预期目标 / 总体要求 start the targets, except under a review heading, after
        the plan has moved on to later parts, or deep inside a tasks section."""
        if self._under("review") or self.part in ("government", "closing"):
            return False
        return not (self._under("tasks") and not self.in_section_intro)

    def _under(self, part: str) -> bool:
        return self.section_part == part


def _document_parts(units: list[dict[str, Any]]) -> list[str]:
    reader = _Reader()
    parts, previous_para = [], object()
    for unit in units:
        para = unit.get("para", previous_para)
        parts.append(reader.read(unit, new_paragraph=para != previous_para or "para" not in unit))
        previous_para = para
    return _mark_closing(units, parts)


def _mark_closing(units: list[dict[str, Any]], parts: list[str]) -> list[str]:
    """The closing starts at the last paragraph that opens with an address (各位代表!),
    or, without one, with an exhortation (让我们…), once the review is over; it runs to the
    end, or to the next section heading (an appendix of projects that some reports add)."""
    openers = [i for i in range(len(units)) if _opens_paragraph(units, i)]
    start = None
    for opener in CLOSING_OPENERS:
        found = [i for i in openers if units[i]["text"].lstrip(LEAD_TRIM).startswith(opener)]
        if found:
            start = found[-1]
            break
    if start is None or parts[start] in ("opening", "review"):
        return parts
    marked = list(parts)
    for i in range(start, len(units)):
        if i > start and units[i].get("unit_type") == "section_heading":
            break
        if _is_appendix_title(units[i]["text"]):
            return marked[:i] + _appendix_parts(units[i:])
        marked[i] = "closing"
    return marked


def _is_appendix_title(text: str) -> bool:
    """附件, 附件1, 名词解释: a short line that only names an appendix."""
    return len(text) <= 12 and text.strip(LEAD_TRIM + "：:").startswith(APPENDIX_TITLES)


def _appendix_parts(units: list[dict[str, Any]]) -> list[str]:
    """W13: a glossary (its title or the title after 附件 names terms) is the appendix
    part; another appendix (a list of the year's projects) is read as tasks."""
    titles = " ".join(unit["text"] for unit in units[:2])
    part = "appendix" if any(word in titles for word in GLOSSARY_WORDS) else "tasks"
    return [part] * len(units)


def _opens_paragraph(units: list[dict[str, Any]], i: int) -> bool:
    return i == 0 or "para" not in units[i] or units[i]["para"] != units[i - 1].get("para")


def document_parts(units: Sequence[dict[str, Any]]) -> list[str]:
    """The part (one of PARTS) of every unit, read document by document in order. Units
    need `text`; `unit_type` and `para` give headings and paragraphs, `doc_id` separates
    documents."""
    parts: list[str] = []
    for _, document in groupby(units, key=lambda unit: unit.get("doc_id")):
        parts += _document_parts(list(document))
    return parts
