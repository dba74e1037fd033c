"""The annotation passes of corpus documents: stand-off files that re-attach to the
attached reports, and agreement reports that are what `gwrcommit agreement` makes of
them. Skipped where the reports are not attached (`gwrcommit corpus attach`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation.paths import passes_dir
from dataset.corpus.store import attached_texts
from dataset.paths import PROJECT_ROOT
from gwrcommit.cli import main

DOCUMENT_PASSES = sorted(p for p in passes_dir().iterdir() if p.is_dir())
AGREEMENT = PROJECT_ROOT / "annotation" / "agreement"


def _attached(doc_id: str) -> bool:
    return doc_id in attached_texts([doc_id])


@pytest.mark.parametrize("folder", DOCUMENT_PASSES, ids=[p.name for p in DOCUMENT_PASSES])
def test_committed_agreement_is_current(folder: Path, tmp_path: Path, capsys, monkeypatch):
    monkeypatch.chdir(PROJECT_ROOT)  # the report names the passes by their project paths
    if not _attached(folder.name):
        pytest.skip(f"{folder.name} is not attached (gwrcommit corpus attach ../shared/corpus)")
    a, b = folder / "pass-a.jsonl", folder / "pass-b.jsonl"
    out = tmp_path / "report.json"
    assert (
        main(
            [
                "agreement",
                str(a.relative_to(PROJECT_ROOT)),
                str(b.relative_to(PROJECT_ROOT)),
                "--out",
                str(out),
            ]
        )
        == 0
    ), capsys.readouterr().err
    committed = json.loads((AGREEMENT / f"{folder.name}.json").read_text(encoding="utf-8"))
    assert json.loads(out.read_text(encoding="utf-8")) == committed


@pytest.mark.parametrize("folder", DOCUMENT_PASSES, ids=[p.name for p in DOCUMENT_PASSES])
def test_passes_hold_no_report_text(folder: Path):
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert "text" not in row and "section" not in row and "text_sha256" in row
            spans = row["numeric_targets"] + row["places"]
            assert all("text" not in span for span in spans), path


GOLD = sorted((PROJECT_ROOT / "annotation" / "gold" / "corpus").glob("*.jsonl"))
LOGS = sorted((PROJECT_ROOT / "annotation" / "adjudication" / "corpus").glob("*.jsonl"))


@pytest.mark.parametrize("path", GOLD, ids=[p.stem for p in GOLD])
def test_corpus_gold_reattaches_to_valid_records(path: Path, tmp_path: Path, capsys):
    if not _attached(path.stem):
        pytest.skip(f"{path.stem} is not attached (gwrcommit corpus attach ../shared/corpus)")
    out = tmp_path / "gold.jsonl"
    assert main(["corpus", "records", str(path), "-o", str(out)]) == 0, capsys.readouterr().err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    units = sum(
        1 for _ in (PROJECT_ROOT / "annotation" / "passes" / path.stem).glob("pass-a.jsonl")
    )
    assert rows and units == 1  # every gold document has its passes beside it
    log = PROJECT_ROOT / "annotation" / "adjudication" / "corpus" / path.name
    assert log.exists(), f"{path.stem}: gold without an adjudication log"


@pytest.mark.parametrize("path", LOGS, ids=[p.stem for p in LOGS])
def test_adjudication_logs_hold_no_report_text(path: Path):
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        assert "text" not in row and row["reason"]
        for key in ("a", "b", "decision", "gold"):
            if isinstance(row.get(key), list):
                assert all("text" not in v for v in row[key] if isinstance(v, dict))
