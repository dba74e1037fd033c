"""The word lists of dataset.codebook stay in sync with the codebook they copy.

The strength marker lists must equal §6.2 S4 exactly (the marker-lexicon reference and the
cue features read them); every other cue word must be written in the codebook, so no
list can grow a word taken from the test units instead.
"""

from __future__ import annotations

import re

import pytest

from dataset.codebook import BINDING_MARKERS, CUE_GROUPS, STRIVING_MARKERS
from dataset.paths import PROJECT_ROOT

GUIDELINES = PROJECT_ROOT / "annotation" / "guidelines.md"


def codebook_text() -> str:
    return GUIDELINES.read_text(encoding="utf-8")


def s4_list(text: str, heading: str) -> list[str]:
    """The words of one marker list of rule S4: after `**<heading>:**`, up to the full
    stop that ends the list (the list may wrap over lines)."""
    rule = text[text.index("**S4. ") :]
    match = re.search(rf"\*\*(?:S4\. )?{heading}:\*\*(.*?)\.\s*(?:\*\*|\n\n|- \*\*)", rule, re.S)
    assert match, f"codebook §6.2 S4 has no '{heading}' list"
    return [word.strip() for word in re.split(r"[,，]", " ".join(match.group(1).split()))]


@pytest.mark.parametrize(
    ("heading", "words"),
    [("Binding markers", BINDING_MARKERS), ("Striving markers", STRIVING_MARKERS)],
)
def test_marker_lists_equal_the_codebook(heading: str, words: tuple[str, ...]):
    assert tuple(s4_list(codebook_text(), heading)) == words


def test_no_marker_is_on_the_codebooks_not_markers_list():
    not_markers = set(s4_list(codebook_text(), "Not markers"))
    assert "坚持" in not_markers  # the parse found the list
    assert not not_markers & {*BINDING_MARKERS, *STRIVING_MARKERS}


def test_the_parse_reads_a_wrapped_list():
    text = (
        "- **S4. Binding markers:** 甲, 乙,\n  丙. **Striving markers:** 丁. **Not markers:** 戊.\n"
    )
    assert s4_list(text, "Binding markers") == ["甲", "乙", "丙"]
    assert s4_list(text, "Striving markers") == ["丁"]


@pytest.mark.parametrize("group", list(CUE_GROUPS))
def test_every_cue_word_is_written_in_the_codebook(group: str):
    text = codebook_text()
    missing = [word for word in CUE_GROUPS[group] if word not in text]
    assert not missing, f"{group}: {missing} are not in annotation/guidelines.md"
    assert len(set(CUE_GROUPS[group])) == len(CUE_GROUPS[group]), f"{group} repeats a word"
