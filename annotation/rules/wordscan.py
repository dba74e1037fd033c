"""Finding the words of a fixed word list in a text: leftmost-longest, non-overlapping.

`WordScanner(words).matches(text)` finds the words that `literal_pattern(words)` finds,
with their offsets, by an Aho-Corasick automaton (the `ahocorasick-rs` package), which
reads each character once whatever the number of words. The rules use it for the
hundreds of topic keywords; the smaller word lists stay regular expressions.
"""

from __future__ import annotations

from collections.abc import Iterable

from ahocorasick_rs import AhoCorasick, MatchKind


class WordScanner:
    """Leftmost-longest, non-overlapping occurrences of `words` (empty words ignored)."""

    def __init__(self, words: Iterable[str]):
        self.words: tuple[str, ...] = tuple(sorted({word for word in words if word}))
        self._automaton = AhoCorasick(list(self.words), matchkind=MatchKind.LeftmostLongest)

    def matches(self, text: str) -> list[tuple[str, int, int]]:
        """(word, start, end) of each word found, left to right (offsets in characters)."""
        return [
            (self.words[index], start, end)
            for index, start, end in self._automaton.find_matches_as_indexes(text)
        ]
