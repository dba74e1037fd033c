"""WordScanner's offsets in characters (past astral characters too). Its matches
against the leftmost-longest reference: tests/dataset/test_literal_pattern.py."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotation.rules.wordscan import WordScanner
from tests.factories import text_of, words_strategy


@settings(max_examples=100, deadline=None)
@given(words=words_strategy, data=st.data())
def test_offsets_locate_the_words_found(words, data):
    text = text_of(words, data) + "😀" + text_of(words, data)
    matches = WordScanner(words).matches(text)
    assert all(text[start:end] == word and word in words for word, start, end in matches)


def test_offsets_count_characters_not_bytes():
    scanner = WordScanner({"乡村振兴", "江津"})
    text = "𠀀推进😀乡村振兴和江津"
    assert scanner.matches(text) == [("乡村振兴", 4, 8), ("江津", 9, 11)]


def test_empty_words_are_ignored_and_an_empty_list_finds_nothing():
    assert WordScanner(["", "村"]).words == ("村",)
    assert WordScanner([]).matches("乡村") == []
    assert WordScanner(["村"]).matches("") == []
