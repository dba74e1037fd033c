"""Units that report facts or past results (a review of last year) rather than commit.

Numbers in such units are achievements, not targets, and the unit is non_commitment
(codebook H11). A unit without a future cue (今年, 力争, 确保, 左右 …) is a review unit
when it carries a past cue (去年, 累计完成, 已建成, 比上年增长 … 实现 …), or sits in a
paragraph that a review opener (过去一年, 一年来 …) starts, or in a section whose
heading reviews (一、2025年工作回顾).
"""

from __future__ import annotations

import re

from annotation.lexicons import (
    ACHIEVED_VERBS,
    FUTURE_CUES,
    PAST_CUES,
    PAST_PATTERNS,
    REVIEW_OPENERS,
    REVIEW_SECTION_WORDS,
    YEAR_ON_YEAR,
)

_PAST = re.compile("|".join([*map(re.escape, PAST_CUES), *PAST_PATTERNS]))
_FUTURE = re.compile("|".join(map(re.escape, FUTURE_CUES)))
_YEAR_ON_YEAR = re.compile("|".join(map(re.escape, YEAR_ON_YEAR)))
_ACHIEVED = re.compile("|".join(map(re.escape, ACHIEVED_VERBS)))
_OPENER = re.compile("|".join(map(re.escape, REVIEW_OPENERS)))
_REVIEW_SECTION = re.compile("|".join(map(re.escape, REVIEW_SECTION_WORDS)))


def has_future_cue(text: str) -> bool:
    return bool(_FUTURE.search(text))


def has_past_cue(text: str) -> bool:
    """A past cue, or a year-on-year comparison with an achieved verb (比上年增长 … 实现)."""
    if _PAST.search(text):
        return True
    return bool(_YEAR_ON_YEAR.search(text) and _ACHIEVED.search(text))


def opens_review(text: str) -> bool:
    """The unit opens a review passage (过去一年, 一年来, 回顾 …)."""
    return bool(_OPENER.search(text))


def is_review(text: str, in_review_paragraph: bool = False) -> bool:
    if not (in_review_paragraph or opens_review(text) or has_past_cue(text)):
        return False
    return not has_future_cue(text)


def review_flags(units: list[dict]) -> list[bool]:
    """is_review for each unit, with context: a paragraph whose first unit opens a review,
    or a section whose heading reviews, makes every unit in it a review unit unless the
    unit looks forward. Paragraphs are grouped by (doc_id, para) when units carry them."""
    review_paragraphs: set[tuple[object, object]] = set()
    seen: set[tuple[object, object]] = set()
    for unit in units:
        if "para" not in unit:
            continue
        key = (unit.get("doc_id"), unit["para"])
        if key not in seen:
            seen.add(key)
            if opens_review(unit["text"]):
                review_paragraphs.add(key)
    flags = []
    for unit in units:
        key = (unit.get("doc_id"), unit.get("para"))
        in_review = ("para" in unit and key in review_paragraphs) or _reviewing_section(
            unit.get("section")
        )
        flags.append(is_review(unit["text"], in_review))
    return flags


def _reviewing_section(section: object) -> bool:
    return isinstance(section, str) and bool(_REVIEW_SECTION.search(section))
