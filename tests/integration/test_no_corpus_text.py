"""No committed file holds text of the reference corpus (../shared/corpus): the project
ships ids, offsets, labels and hashes, never the reports' text (DESIGN §4b).

A leak is a run of RUN or more characters of a corpus text, white space ignored on both
sides (so line wrapping, JSON's \\n and the dumps' split lines hide nothing) and \\uXXXX
escapes decoded, that is not also in the seed (seeds/*.txt, which the project ships).

Fast by sampling: the corpus is indexed by WINDOW-character windows every STEP characters
(WINDOW + STEP - 1 <= RUN, so every run of RUN characters holds a sampled window whole);
each window of a committed file found in the index is grown both ways to the longest
common run."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from dataset.paths import PROJECT_ROOT
from tests.factories import SEED

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
RUN = 20
WINDOW = 10
STEP = RUN - WINDOW + 1
ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
WHITE_SPACE = re.compile(r"\s+")

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the reference corpus is not at {CORPUS} (CI has it there)"
)


def squeeze(text: str) -> str:
    return WHITE_SPACE.sub("", unicodedata.normalize("NFC", text))


def unescape(text: str) -> str:
    return ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def corpus_texts(corpus: Path) -> Iterator[tuple[str, str]]:
    """(name, text) of every corpus text: the .txt reports, the JSONL's contents raw and as
    the Wikisource reader returns them (without Wikisource's licence notice, which is no
    report's text), and the TSV's rows."""
    from dataset.corpus.readers import strip_licence_notice, wikisource_text

    for path in sorted(corpus.rglob("*.txt")):
        yield path.name, path.read_text(encoding="utf-8")
    for path in sorted(corpus.rglob("*.jsonl")):
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                content = json.loads(line).get("content") or ""
                yield f"{path.name}:{line_no}", strip_licence_notice(content)
                yield f"{path.name}:{line_no} (read)", wikisource_text(content)
    for path in sorted(corpus.rglob("*.tsv")):
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            yield f"{path.name}:{line_no}", line.partition("\t")[2]


@dataclass(frozen=True)
class Leak:
    path: str
    offset: int
    length: int
    corpus_text: str

    def __str__(self) -> str:
        return f"{self.path}: {self.length} characters of {self.corpus_text} at {self.offset}"


class CorpusIndex:
    def __init__(self, texts: Iterable[tuple[str, str]], allowed: str):
        self.names: list[str] = []
        self.texts: list[str] = []
        self.windows: dict[str, list[tuple[int, int]]] = {}
        self.allowed = squeeze(allowed)
        for name, text in texts:
            self._add(name, squeeze(text))

    def _add(self, name: str, text: str) -> None:
        number = len(self.texts)
        self.names.append(name)
        self.texts.append(text)
        for position in range(0, len(text) - WINDOW + 1, STEP):
            self.windows.setdefault(text[position : position + WINDOW], []).append(
                (number, position)
            )

    def leaks(self, path: str, text: str) -> list[Leak]:
        text = squeeze(unescape(text))
        found: list[Leak] = []
        covered_to = 0
        for j in range(len(text) - WINDOW + 1):
            hits = self.windows.get(text[j : j + WINDOW]) if j >= covered_to else None
            for number, position in hits or ():
                start, end = self._grow(text, j, self.texts[number], position)
                if end - start >= RUN and not self._in_seed(text[start:end]):
                    found.append(Leak(path, start, end - start, self.names[number]))
                    covered_to = end
                    break
        return found

    @staticmethod
    def _grow(text: str, j: int, source: str, position: int) -> tuple[int, int]:
        before = 0
        while (
            j - before > 0
            and position - before > 0
            and (text[j - before - 1] == source[position - before - 1])
        ):
            before += 1
        after = WINDOW
        while (
            j + after < len(text)
            and position + after < len(source)
            and (text[j + after] == source[position + after])
        ):
            after += 1
        return j - before, j + after

    def _in_seed(self, run: str) -> bool:
        return all(run[i : i + RUN] in self.allowed for i in range(len(run) - RUN + 1))


def committed_text_files() -> Iterator[tuple[str, str]]:
    listing = subprocess.run(
        ["git", "-C", str(PROJECT_ROOT), "ls-files", "-z"], capture_output=True, check=True
    ).stdout
    for name in listing.decode("utf-8").split("\0"):
        path = PROJECT_ROOT / name
        if not name or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue
        try:
            yield name, data.decode("utf-8")
        except UnicodeDecodeError:
            continue


@pytest.fixture(scope="module")
def corpus_index() -> CorpusIndex:
    seed = "".join(path.read_text(encoding="utf-8") for path in SEED.parent.glob("*.txt"))
    return CorpusIndex(corpus_texts(CORPUS), allowed=seed)


def test_the_corpus_has_no_ascii_run_long_enough_to_leak(corpus_index):
    # This is why files of plain ASCII can be skipped below.
    ascii_run = re.compile(rf"[\x00-\x7f]{{{RUN}}}")
    assert not any(ascii_run.search(text) for text in corpus_index.texts)


def test_no_committed_file_holds_corpus_text(corpus_index):
    leaks = [
        leak
        for name, text in committed_text_files()
        if not unescape(text).isascii()
        for leak in corpus_index.leaks(name, text)
    ]
    assert not leaks, "corpus text committed:\n" + "\n".join(map(str, leaks[:20]))


def test_a_planted_run_is_found_and_a_seed_run_is_not(corpus_index, tmp_path):
    planted = next(
        run
        for text in corpus_index.texts
        for run in (text[i : i + RUN] for i in range(3000, len(text) - RUN, 997))
        if run not in corpus_index.allowed
    )
    shared = next(
        (
            seed_run
            for seed_run in (corpus_index.allowed[i : i + RUN] for i in range(0, 8000, 7))
            if any(seed_run in t for t in corpus_index.texts)
        ),
        None,
    )
    leaked = tmp_path / "notes.md"
    leaked.write_text(f"# notes\n\nquoted: {planted[:9]}\n{planted[9:]}\n", encoding="utf-8")
    found = corpus_index.leaks("notes.md", leaked.read_text(encoding="utf-8"))
    assert [leak.length for leak in found] == [RUN]
    escaped = json.dumps({"text": planted[:-1]}, ensure_ascii=True)
    assert corpus_index.leaks("short.json", escaped) == []
    assert corpus_index.leaks("full.json", json.dumps({"text": planted})) != []
    if shared is not None:
        assert corpus_index.leaks("seed.md", f"the seed says {shared}.") == []
