"""`gwrcommit corpus` on made-up sources, the segmenter on whole reports, and (when the
reference corpus or attached texts are at hand) the real registry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotation.segment import segment
from dataset.corpus.registry import load_registry, units_fingerprint
from dataset.corpus.sources import Sources
from dataset.corpus.store import attach, attached_texts
from dataset.paths import PROJECT_ROOT
from gwrcommit.cli import main
from tests.dataset.test_corpus import (
    DOCX_TEXT,
    WIKI_TEXT,
    docx_bytes,
    gbk_named_zip,
    write_registry,
    write_sources,
)

CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"
WHOLE_REPORT = (
    "2031年星河市政府工作报告\n来源：虚构日报\n"
    "——2031年1月9日在星河市第一届人民代表大会第一次会议上\n星河市市长 某某\n"
    "各位代表：\n现在，我代表市政府报告工作。\n一、2030年工作回顾\n建成三座桥。修好两条路。\n"
)


@pytest.fixture()
def sources_dir(tmp_path: Path) -> Path:
    return write_sources(tmp_path / "copies")


@pytest.fixture()
def registry(tmp_path: Path) -> Path:
    return write_registry(tmp_path / "documents.json")


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def locations(registry: Path, store: Path) -> list[str]:
    return ["--registry", str(registry), "--store", str(store)]


# --- attach and status ---------------------------------------------------------------


def test_attach_reports_written_unchanged_and_missing(capsys, sources_dir, registry, tmp_path):
    store = tmp_path / "store"
    code, out, err = run_cli(
        capsys, "corpus", "attach", str(sources_dir), *locations(registry, store)
    )
    assert code == 0 and err == ""
    assert "attached 4 of 5 registered documents" in out and "(4 written, 0 unchanged)" in out
    assert (
        "missing 1, in example/reports: reports.zip at commit aaaaaaaaaaaa: elsewhere-2031" in out
    )
    code, out, _ = run_cli(
        capsys, "corpus", "attach", str(sources_dir), *locations(registry, store)
    )
    assert code == 0 and "(0 written, 4 unchanged)" in out


def test_attach_from_single_files(capsys, sources_dir, registry, tmp_path):
    store = tmp_path / "store"
    zip_path = sources_dir / "provinces.zip"
    code, out, _ = run_cli(capsys, "corpus", "attach", str(zip_path), *locations(registry, store))
    assert code == 0 and "attached 1 of 5" in out
    assert [p.name for p in store.iterdir()] == ["xinghe-2031.txt"]


def test_a_hash_mismatch_is_one_line_naming_the_document_and_exit_2(
    capsys, sources_dir, registry, tmp_path
):
    (sources_dir / "own.txt").write_text("另一个版本。\n", encoding="utf-8")
    store = tmp_path / "store"
    code, out, err = run_cli(
        capsys, "corpus", "attach", str(sources_dir), *locations(registry, store)
    )
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("gwrcommit corpus: error: own-2031: ")
    assert "attached 3 of 5" in out and not (store / "own-2031.txt").exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "nowhere", "no such file or folder"),
        (lambda d: d / "notes.md", "not a source file"),
        (lambda d: (d / "empty").mkdir() or d / "empty", "no source files"),
    ],
)
def test_bad_source_paths_are_refused(capsys, sources_dir, registry, tmp_path, make, message):
    path = make(sources_dir)
    code, _, err = run_cli(capsys, "corpus", "attach", str(path), *locations(registry, tmp_path))
    assert code == 2 and message in err and err.count("\n") == 1


def test_a_bad_registry_is_refused_in_one_line(capsys, sources_dir, tmp_path):
    bad = tmp_path / "documents.json"
    bad.write_text('[{"doc_id": "x"}]', encoding="utf-8")
    code, _, err = run_cli(capsys, "corpus", "attach", str(sources_dir), *locations(bad, tmp_path))
    assert code == 2 and "document 1 (x)" in err and err.count("\n") == 1


def test_status_lists_each_document_and_the_missing_with_their_source(
    capsys, sources_dir, registry, tmp_path
):
    store = tmp_path / "store"
    run_cli(
        capsys, "corpus", "attach", str(sources_dir / "provinces.zip"), *locations(registry, store)
    )
    code, out, _ = run_cli(capsys, "corpus", "status", *locations(registry, store))
    assert code == 0 and "1 of 5 attached" in out
    lines = {
        line.split()[0]: line for line in out.splitlines() if line.endswith(("attached", "missing"))
    }
    assert lines["xinghe-2031"].endswith("attached") and lines["own-2031"].endswith("missing")
    code, out, _ = run_cli(capsys, "corpus", "status", "--missing", *locations(registry, store))
    assert "state-council-2031" in out and "xinghe-2031" not in out.split("1 of 5")[0]
    assert "example/reports: reports.zip at commit aaaaaaaaaaaa" in out


# --- units for annotators ------------------------------------------------------------


def test_units_are_written_per_document_with_exact_offsets(capsys, sources_dir, registry, tmp_path):
    store, out_dir = tmp_path / "store", tmp_path / "units"
    run_cli(capsys, "corpus", "attach", str(sources_dir), *locations(registry, store))
    code, out, _ = run_cli(
        capsys, "corpus", "units", "-o", str(out_dir), *locations(registry, store)
    )
    assert code == 0 and "of 4 documents" in out and "(4 written, 0 unchanged)" in out
    rows = [json.loads(line) for line in (out_dir / "state-council-2031.jsonl").open()]
    assert rows[0]["id"] == "state-council-2031-0000" and rows[0]["text"] == "各位代表："
    assert all(WIKI_TEXT[r["start"] : r["end"]] == r["text"] for r in rows)
    assert {r["unit_type"] for r in rows} >= {"section_heading", "subsection_heading", "body"}
    code, out, _ = run_cli(
        capsys, "corpus", "units", "-o", str(out_dir), *locations(registry, store)
    )
    assert code == 0 and "(0 written, 4 unchanged)" in out


def test_units_never_replace_a_different_file_without_force(
    capsys, sources_dir, registry, tmp_path
):
    store, out_dir = tmp_path / "store", tmp_path / "units"
    run_cli(capsys, "corpus", "attach", str(sources_dir), *locations(registry, store))
    out_dir.mkdir()
    (out_dir / "xinghe-2031.jsonl").write_text("kept\n", encoding="utf-8")
    args = ["corpus", "units", "xinghe-2031", "-o", str(out_dir), *locations(registry, store)]
    code, _, err = run_cli(capsys, *args)
    assert code == 2 and "already exists" in err
    assert (out_dir / "xinghe-2031.jsonl").read_text(encoding="utf-8") == "kept\n"
    code, _, _ = run_cli(capsys, *args, "--force")
    assert code == 0 and DOCX_TEXT.splitlines()[-1] in (out_dir / "xinghe-2031.jsonl").read_text()


def test_units_refuse_a_document_not_attached(capsys, registry, tmp_path):
    code, _, err = run_cli(
        capsys,
        "corpus",
        "units",
        "elsewhere-2031",
        "-o",
        str(tmp_path),
        *locations(registry, tmp_path),
    )
    assert code == 2 and "not attached: elsewhere-2031" in err


def test_units_refuse_a_segmentation_other_than_the_registered_one(
    capsys, sources_dir, registry, tmp_path
):
    entries = json.loads(registry.read_text(encoding="utf-8"))
    entries[2]["units"] = {"count": 1, "sha256": "0" * 64}
    registry.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    store = tmp_path / "store"
    run_cli(capsys, "corpus", "attach", str(sources_dir), *locations(registry, store))
    code, _, err = run_cli(
        capsys, "corpus", "units", "-o", str(tmp_path / "u"), *locations(registry, store)
    )
    assert code == 2 and "xinghe-2031: the segmenter now gives" in err


# --- register ------------------------------------------------------------------------


def test_register_proposes_then_writes_entries_for_reports_in_sources(
    capsys, sources_dir, tmp_path
):
    gbk_named_zip(
        sources_dir / "provinces.zip",
        "2031年重庆市政府工作报告.docx",
        docx_bytes(["各位代表：", "修桥。"]),
    )
    registry = tmp_path / "empty.json"
    registry.write_text("[]", encoding="utf-8")
    code, out, _ = run_cli(
        capsys, "corpus", "register", str(sources_dir), "--registry", str(registry)
    )
    assert code == 0 and "3 new" in out and json.loads(registry.read_text()) == []
    code, out, _ = run_cli(
        capsys, "corpus", "register", str(sources_dir), "--registry", str(registry), "--write"
    )
    documents = {d.doc_id: d for d in load_registry(registry)}
    # the TSV's 2031 is on Wikisource already; its 2030 row is registered from the TSV
    assert sorted(documents) == ["chongqing-2031", "state-council-2030", "state-council-2031"]
    chongqing = documents["chongqing-2031"]
    assert (chongqing.level, chongqing.region_code, chongqing.issuer) == (
        "provincial",
        "500000",
        "重庆市人民政府",
    )
    assert documents["state-council-2031"].source.url == "https://example.org/wiki/2031"
    assert documents["state-council-2030"].recipe.format == "tsv"
    store = tmp_path / "store"
    report = attach(list(documents.values()), Sources.from_paths([sources_dir]), store)
    assert len(report.written) == 3 and not report.mismatched
    code, out, _ = run_cli(
        capsys, "corpus", "register", str(sources_dir), "--registry", str(registry)
    )
    assert "0 new, 0 with other units" in out


# --- the segmenter on whole reports --------------------------------------------------


def test_front_matter_above_the_salutation_is_metadata_not_units():
    document = segment(WHOLE_REPORT, "xinghe-2031")
    assert [m.text for m in document.metadata_lines] == WHOLE_REPORT.split("\n")[:4]
    assert document.units[0].text == "各位代表：" and document.units[0].id == "xinghe-2031-0000"
    assert [u.unit_type for u in document.units][2] == "section_heading"


@pytest.mark.parametrize(
    "text",
    [
        "第一段。\n" * 9 + "各位代表：\n正文。",  # too many lines above
        "很长" * 50 + "\n各位代表：\n正文。",  # a paragraph above, not a title
        "标题\n各位代表：现在报告。\n",  # the salutation is not a line of its own
    ],
)
def test_without_a_front_matter_every_line_stays(text):
    document = segment(text, "x")
    assert document.metadata_lines == [] and document.units[0].start == 0


# --- the real registry (CI has ../shared/corpus; attach fills corpus-store/) ----------


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the reference corpus is not at {CORPUS}")
def test_every_registered_document_attaches_from_the_reference_corpus(tmp_path):
    documents = load_registry()
    report = attach(documents, Sources.from_paths([CORPUS]), tmp_path)
    assert report.mismatched == [] and report.missing == []
    assert len(report.written) == len(documents)


def test_attached_documents_keep_their_registered_unit_ids():
    texts = attached_texts()
    if not texts:
        pytest.skip("no registered document attached (gwrcommit corpus attach ../shared/corpus)")
    registered = {d.doc_id: d.units for d in load_registry()}
    changed = [
        doc_id
        for doc_id, text in texts.items()
        if units_fingerprint(segment(text, doc_id).units) != registered[doc_id]
    ]
    assert changed == [], f"the segmenter changes the unit ids of {changed}"
