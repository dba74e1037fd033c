"""The two word matchers against a plain reference: leftmost, then longest,
non-overlapping. literal_pattern (a regular expression) and WordScanner (an
Aho-Corasick automaton) must find the same words, for small word lists and for large
ones with many first characters."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotation.lexicons import DOMAIN_KEYWORDS
from annotation.rules.wordscan import WordScanner
from dataset.quantities.patterns import literal_pattern
from tests.factories import text_of, words_strategy

# a small alphabet makes shared prefixes, words inside words and near misses common
ALPHABET = "农业村镇建设发展产业园区a.b(|)"
# many one-character words (a large list); texts use the first six
MANY_FIRSTS = [chr(0x4E00 + i) for i in range(120)]


def reference_matches(words: set[str], text: str) -> list[tuple[int, str]]:
    found, position = [], 0
    longest = max(map(len, words), default=0)
    while position < len(text):
        for length in range(min(longest, len(text) - position), 0, -1):
            if text[position : position + length] in words:
                found.append((position, text[position : position + length]))
                position += length
                break
        else:
            position += 1
    return found


def pattern_matches(words: set[str], text: str) -> list[tuple[int, str]]:
    pattern = re.compile(literal_pattern(words))
    return [(m.start(), m.group()) for m in pattern.finditer(text)]


def scanner_matches(words: set[str], text: str) -> list[tuple[int, str]]:
    return [(start, word) for word, start, _ in WordScanner(words).matches(text)]


MATCHERS = pytest.mark.parametrize(
    "matches", [pattern_matches, scanner_matches], ids=["literal_pattern", "WordScanner"]
)


@MATCHERS
@settings(max_examples=300, deadline=None)
@given(words=words_strategy, data=st.data())
def test_small_word_lists_match_like_the_reference(matches, words, data):
    text = text_of(words, data)
    assert matches(words, text) == reference_matches(words, text)


@settings(max_examples=300, deadline=None)
@given(
    words=words_strategy,
    prefixed=st.lists(st.tuples(st.sampled_from(MANY_FIRSTS[:6]), st.text(ALPHABET, max_size=3))),
    data=st.data(),
)
def test_large_word_lists_match_like_the_reference(words, prefixed, data):
    words = words | {first + rest for first, rest in prefixed} | set(MANY_FIRSTS)
    text = text_of({w for w in words if w not in MANY_FIRSTS[6:]}, data)
    expected = reference_matches(words, text)
    assert pattern_matches(words, text) == expected
    assert scanner_matches(words, text) == expected


def test_the_domain_keywords_match_like_the_reference_in_both_matchers():
    words = {kw for keywords in DOMAIN_KEYWORDS.values() for kw in keywords}
    text = "".join(sorted(words))[:600] + "推进农业农村现代化,建设和美乡村" + ALPHABET
    expected = reference_matches(words, text)
    assert pattern_matches(words, text) == expected
    assert scanner_matches(words, text) == expected


@MATCHERS
def test_no_words_match_nothing(matches):
    assert matches(set(), "乡村振兴") == []
    assert matches({""}, "乡村振兴") == []
