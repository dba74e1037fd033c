"""WordScanner against the same plain reference as literal_pattern: leftmost, then
longest, non-overlapping; offsets in characters, also past astral characters."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotation.lexicons import DOMAIN_KEYWORDS
from dataset.normalise import literal_pattern
from dataset.wordscan import WordScanner
from tests.test_literal_pattern import ALPHABET, reference_matches, text_of, words_strategy


def scanner_matches(words: set[str], text: str) -> list[tuple[int, str]]:
    return [(start, word) for word, start, _ in WordScanner(words).matches(text)]


@settings(max_examples=300, deadline=None)
@given(words=words_strategy, data=st.data())
def test_scanner_matches_like_the_reference(words, data):
    text = text_of(words, data)
    assert scanner_matches(words, text) == reference_matches(words, text)


@settings(max_examples=100, deadline=None)
@given(words=words_strategy, data=st.data())
def test_the_scanner_views_agree(words, data):
    text = text_of(words, data) + "😀" + text_of(words, data)
    scanner = WordScanner(words)
    matches = scanner.matches(text)
    assert scanner.findall(text) == [word for word, _, _ in matches]
    assert scanner.spans(text) == [(start, end) for _, start, end in matches]
    assert scanner.starts(text) == [start for _, start, _ in matches]
    assert all(text[start:end] == word for word, start, end in matches)


def test_offsets_count_characters_not_bytes():
    scanner = WordScanner({"乡村振兴", "江津"})
    text = "𠀀推进😀乡村振兴和江津"
    assert scanner.matches(text) == [("乡村振兴", 4, 8), ("江津", 9, 11)]


def test_empty_words_are_ignored_and_an_empty_list_finds_nothing():
    assert WordScanner(["", "村"]).words == ("村",)
    assert WordScanner([]).findall("乡村") == []
    assert WordScanner(["村"]).findall("") == []


def test_the_domain_keywords_scan_as_the_regular_expression_does():
    words = {kw for keywords in DOMAIN_KEYWORDS.values() for kw in keywords}
    text = "".join(sorted(words))[:600] + "推进农业农村现代化,建设和美乡村" + ALPHABET
    assert WordScanner(words).findall(text) == re.findall(literal_pattern(words), text)
