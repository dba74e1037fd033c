"""Word lists as regular expressions (leftmost-longest) and suffix lookups."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Above this many distinct first characters, literal_pattern groups the words by first
# character (see _grouped_source); below it a plain trie is faster.
GROUP_ABOVE_FIRST_CHARACTERS = 100
FIRST_CHARACTERS_PER_GROUP = 32


def literal_pattern(words: Iterable[str]) -> str:
    """A regex source matching any of `words`, the longest word at the leftmost position
    first, compiled as a trie so that the engine branches on each character instead of
    trying every word in turn (a plain alternation of a few hundred words is markedly
    slower)."""
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    if len(trie) > GROUP_ABOVE_FIRST_CHARACTERS:
        return _grouped_source(trie)
    return _trie_source(trie)


def _trie_source(node: dict) -> str:
    branches = [
        re.escape(char) + _trie_source(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a word may end here: the longer reading is tried first (greedy)
        return f"(?:{body})?"
    return body


def _grouped_source(trie: dict) -> str:
    """The trie of a large word list in two levels that the engine can skip through.

    The engine tries the alternatives of a branch one after another, so a trie whose
    root has hundreds of first characters costs hundreds of steps at every candidate
    position. Here the root is a few groups, each opening with a character class of its
    first characters (a class the engine tests in one step); inside a group the words
    branch on their second character, and a lookbehind over the two characters read
    selects the rest of the trie. Words of one character come last (longest first)."""
    firsts = sorted(trie)
    groups = [
        firsts[i : i + FIRST_CHARACTERS_PER_GROUP]
        for i in range(0, len(firsts), FIRST_CHARACTERS_PER_GROUP)
    ]
    return "(?:" + "|".join(_group_source(trie, group) for group in groups) + ")"


def _group_source(trie: dict, group: list[str]) -> str:
    by_second: dict[str, list[tuple[str, dict]]] = {}
    single_words = []
    for first in group:
        for second, rest in sorted(trie[first].items()):
            if second:
                by_second.setdefault(second, []).append((first, rest))
            else:
                single_words.append(first)
    branches = []
    for second, readings in sorted(by_second.items()):
        options = [
            f"(?<={re.escape(first + second)}){_trie_source(rest)}" for first, rest in readings
        ]
        body = options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"
        branches.append(re.escape(second) + body)
    branches += [f"(?<={re.escape(first)})" for first in single_words]
    return "[" + re.escape("".join(group)) + "](?:" + "|".join(branches) + ")"


class SuffixSet:
    """Which of a set of words a string ends with (the longest), in O(longest word)."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(w for w in words if w)
        self.lengths = sorted({len(w) for w in self.words}, reverse=True)
        # the lengths worth trying, longest first, by last and by first character
        self._by_last = _lengths_by(self.words, -1)
        self._by_first = _lengths_by(self.words, 0)

    def match(self, text: str) -> str | None:
        for length in self._by_last.get(text[-1:], ()):
            if len(text) >= length and text[-length:] in self.words:
                return text[-length:]
        return None

    def prefix(self, text: str) -> str | None:
        for length in self._by_first.get(text[:1], ()):
            if text[:length] in self.words:
                return text[:length]
        return None


def _lengths_by(words: frozenset[str], index: int) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for word in words:
        lengths.setdefault(word[index], set()).add(len(word))
    return {char: tuple(sorted(found, reverse=True)) for char, found in lengths.items()}
