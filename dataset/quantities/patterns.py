"""Word lists as regular expressions (leftmost-longest) and suffix lookups."""

from __future__ import annotations

import re
from collections.abc import Iterable


def is_cjk(char: str) -> bool:
    """A CJK unified ideograph (a Chinese character, not punctuation or a digit)."""
    return len(char) == 1 and "\u4e00" <= char <= "\u9fff"


def literal_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of `words` as literal text, leftmost-longest: an
    alternation of the escaped words, longest first, since the engine takes the first
    alternative that matches at the leftmost position. No words: a pattern that never
    matches."""
    unique = sorted({word for word in words if word}, key=lambda word: (-len(word), word))
    if not unique:
        return "(?!)"
    return "(?:" + "|".join(map(re.escape, unique)) + ")"


class SuffixSet:
    """Which of a set of words a string ends (or starts) with, the longest first."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(word for word in words if word)
        self.lengths = sorted({len(word) for word in self.words}, reverse=True)

    def match(self, text: str) -> str | None:
        """The longest word that `text` ends with, or None."""
        for length in self.lengths:
            if length <= len(text) and text[-length:] in self.words:
                return text[-length:]
        return None

    def prefix(self, text: str) -> str | None:
        """The longest word that `text` starts with, or None."""
        for length in self.lengths:
            if length <= len(text) and text[:length] in self.words:
                return text[:length]
        return None
