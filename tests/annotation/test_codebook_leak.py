"""The codebook never quotes a test unit (DESIGN §4).

Anyone who prompts a model with the codebook must not hand it test gold, so no unit of any released
test split may share a run of RUN_LENGTH or more consecutive characters with a codebook file: not in
the prose, not in the examples and not in the generated label tables (those come from the schema's
DEFINITIONS; a leak there is fixed in the schema, not excused here).

Whole reports share set phrases (slogans, programme names, standard headings) that every government
writes, so a shared run that also occurs in the text of another document (another attached corpus
report, or the seed page, for a unit of a corpus report) is a set phrase, not a quote of the test
unit, and is not counted. A run found only in the unit's own document is a quote.

Standard library and pytest only, with no project imports, so that the check does not depend on how
the packages are laid out.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from pathlib import Path

import pytest

RUN_LENGTH = 8

ROOT = next(p for p in Path(__file__).resolve().parents if p.name == "tests").parent
CODEBOOKS = ("annotation/guidelines.md", "annotation/studies/guidelines-seedfree.md")


def _normal(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def other_documents(root: Path = ROOT) -> dict[str, str]:
    """doc_id -> text of every document other than a unit's own can be: the attached corpus
    texts (git-ignored store) and the seeds."""
    texts = {
        p.stem: _normal(p.read_text(encoding="utf-8"))
        for p in sorted(root.glob("corpus-store/*.txt"))
    }
    for entry in json.loads((root / "dataset" / "documents.json").read_text(encoding="utf-8")):
        texts[entry["doc_id"]] = _normal((root / entry["source"]).read_text(encoding="utf-8-sig"))
    return texts


def load_test_units(root: Path = ROOT) -> dict[str, str]:
    """Unit id -> text, over the test split of every released version (the full files: a
    version whose corpus texts are not attached here contributes its seed units only)."""
    units: dict[str, str] = {}
    for path in sorted(root.glob("dataset/data/v*/test.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            record = json.loads(line)
            key = str(record.get("id", f"{path.relative_to(root)}:{number}"))
            text = _normal(record["text"])
            # The same id in two versions with different text is checked under both texts.
            if key in units and units[key] != text:
                key = f"{key} ({path.parent.name})"
            units[key] = text
    return units


def ngrams(text: str, n: int = RUN_LENGTH) -> set[str]:
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def shared_runs(text: str, grams: set[str], n: int = RUN_LENGTH) -> list[str]:
    """The maximal stretches of `text` in which every n-character window is in `grams`."""
    hits = [text[i : i + n] in grams for i in range(len(text) - n + 1)]
    runs: list[str] = []
    start = None
    for i, hit in enumerate([*hits, False]):
        if hit and start is None:
            start = i
        elif not hit and start is not None:
            runs.append(text[start : i - 1 + n])
            start = None
    return runs


def find_leaks(
    codebook: str,
    units: dict[str, str],
    n: int = RUN_LENGTH,
    documents: dict[str, str] | None = None,
) -> dict[str, list[str]]:
    """Unit id -> the runs of n or more characters it shares with `codebook` that occur in
    no document (of `documents`) other than the unit's own."""
    grams = ngrams(_normal(codebook), n)
    documents = documents or {}
    leaks = {}
    for unit_id, text in units.items():
        own = unit_id.rsplit("-", 1)[0]
        runs = [
            run
            for run in shared_runs(text, grams, n)
            if not any(run in other for doc_id, other in documents.items() if doc_id != own)
        ]
        if runs:
            leaks[unit_id] = runs
    return leaks


def describe(leaks: dict[str, list[str]]) -> str:
    lines = [f"  {unit_id}: " + " | ".join(runs) for unit_id, runs in sorted(leaks.items())]
    return "\n".join(lines)


@functools.cache
def released_test_units() -> dict[str, str]:
    units = load_test_units()
    assert units, f"no dataset/data/v*/test.jsonl under {ROOT}"
    return units


@pytest.mark.parametrize("relative", CODEBOOKS)
def test_codebook_quotes_no_test_unit(relative):
    test_units = released_test_units()
    path = ROOT / relative
    assert path.is_file(), f"{relative} is missing"
    leaks = find_leaks(path.read_text(encoding="utf-8"), test_units, documents=other_documents())
    assert not leaks, (
        f"{relative} shares runs of {RUN_LENGTH}+ characters with {len(leaks)} test unit(s); "
        "replace the example with a train unit or a constructed «illustration» (or, inside the "
        "generated label tables, fix the string in the schema's DEFINITIONS):\n" + describe(leaks)
    )


def test_checker_reports_a_planted_test_unit():
    test_units = released_test_units()
    unit_id, text = next((k, v) for k, v in sorted(test_units.items()) if len(v) >= RUN_LENGTH)
    codebook = f"# A codebook\n\nSee `{text}` for an example.\n"
    leaks = find_leaks(codebook, test_units)
    assert text in leaks[unit_id]
    assert unit_id in describe(leaks)
    # One character short of a run is not a leak.
    assert unit_id not in find_leaks(text[: RUN_LENGTH - 1], test_units)
