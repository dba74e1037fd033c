"""External documents by stand-off: the readers on made-up files in the published formats,
the registry, attach and the store. Every text here is invented for the tests."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest

from dataset.corpus.readers import (
    docx_text,
    strip_licence_notice,
    tsv_rows,
    tsv_text,
    wikisource_text,
    zip_members,
)
from dataset.corpus.registry import (
    CorpusDocument,
    load_registry,
    registry_file,
    save_registry,
    text_sha256,
)
from dataset.corpus.sources import Sources, source_format
from dataset.corpus.store import attach, attached_texts, stored_state
from dataset.errors import InputError

LICENCE = (
    "\n\n\n\n本作品是一段虚构的\n授权\n声明，\n仅供测试。\n\n\n\n"
    "注：另一段虚构的说明。\n\n\n\nPublic domain\nPublic domain\nfalse\nfalse"
)
WIKI_TITLE = "2031年中华人民共和国国务院政府工作报告"
WIKI_CONTENT = (
    "政府工作报\n告\n\n\n\n——2031年3月5日在虚构会议上\n\n\n国务院总理\u3000\n甲\u3000乙\n\n\n"
    "各位代表：\n\n\u3000\u3000现在我来报告。\n\n\n\n一、2030年工作回顾\n\n\n"
    "一是建成\n星河\n大桥。\n全年新增\u200b\n绿地十块。\n\n\u3000\u3000\n二、今年安排\n"
    "\n实施“\n蓝天\n”计划。" + LICENCE
)
WIKI_TEXT = (
    "政府工作报告\n——2031年3月5日在虚构会议上\n国务院总理\u3000甲\u3000乙\n各位代表：\n"
    "现在我来报告。\n一、2030年工作回顾\n一是建成星河大桥。全年新增绿地十块。\n"
    "二、今年安排\n实施“蓝天”计划。"
)
TSV_TEXT_2031 = (
    "2031年报告\t——2031年在虚构会议上\t各位代表：\u3000\u3000"
    "一、回顾\u3000\u3000\xa0修好了三座桥。\t\t"
)
DOCX_PARAGRAPHS = [
    "2031年星河省政府工作报告",
    "",
    "来源：虚构日报",
    "各位代表：",
    "  ",
    "\u200c",  # a paragraph holding only a zero-width non-joiner is blank too
    "\u3000\u3000修好了三座桥。",
]
DOCX_TEXT = "2031年星河省政府工作报告\n来源：虚构日报\n各位代表：\n修好了三座桥。"
MEMBER = "2031年星河省政府工作报告.docx"
ORIGIN = {"repository": "example/reports", "path": "reports.zip", "commit": "a" * 40}


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def gbk_named_zip(path: Path, name: str, data: bytes) -> Path:
    """A zip whose member name is stored in GBK without the UTF-8 flag, as Windows tools
    write it: written under an ASCII stand-in of the same byte length, then patched."""
    encoded = name.encode("gbk")
    stand_in = "x" * (len(encoded) - 5) + ".docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(stand_in, data)
    path.write_bytes(path.read_bytes().replace(stand_in.encode("ascii"), encoded))
    return path


def entry(doc_id: str, recipe: dict, text: str, **extra) -> dict:
    fields = {
        "doc_id": doc_id,
        "title": "虚构报告",
        "issuer": "虚构人民政府",
        "level": "provincial",
        "region_code": "990000",
        "year": 2031,
        "source": ORIGIN,
        "recipe": recipe,
        "sha256": text_sha256(text),
        "chars": len(text),
    }
    return fields | extra


@pytest.fixture()
def sources_dir(tmp_path: Path) -> Path:
    return write_sources(tmp_path / "copies")


def write_sources(folder: Path) -> Path:
    """Made-up copies of each published format, and a file that is none of them."""
    (folder / "national").mkdir(parents=True)
    record = {"title": WIKI_TITLE, "url": "https://example.org/wiki/2031", "content": WIKI_CONTENT}
    resolution = {"title": "关于报告的决议", "url": None, "content": "决议全文。"}
    (folder / "national" / "dump.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in (record, resolution)) + "\n",
        encoding="utf-8",
    )
    (folder / "national" / "reports.txt").write_text(
        f"2031\t{TSV_TEXT_2031}\n2030\t旧报告。\n", encoding="utf-8"
    )
    gbk_named_zip(folder / "provinces.zip", MEMBER, docx_bytes(DOCX_PARAGRAPHS))
    (folder / "own.txt").write_bytes("\ufeff本地报告。\r\n第二行。\r\n".encode())
    (folder / "notes.md").write_text("not a source", encoding="utf-8")
    return folder


@pytest.fixture()
def registry(tmp_path: Path) -> Path:
    return write_registry(tmp_path / "documents.json")


def write_registry(path: Path) -> Path:
    """A registry of the made-up documents, one of them in no source."""
    entries = [
        entry("state-council-2031", {"format": "wikisource-jsonl", "title": WIKI_TITLE}, WIKI_TEXT),
        entry("tsv-2031", {"format": "tsv", "year": 2031}, tsv_text(TSV_TEXT_2031)),
        entry("xinghe-2031", {"format": "docx-zip", "member": MEMBER}, DOCX_TEXT),
        entry("own-2031", {"format": "text", "file": "own.txt"}, "本地报告。\n第二行。\n"),
        entry("elsewhere-2031", {"format": "docx-zip", "member": "2031年别处.docx"}, "别处。"),
    ]
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    return path


# --- readers -------------------------------------------------------------------------


def test_wikisource_reader_joins_split_links_and_drops_the_licence_notice():
    assert wikisource_text(WIKI_CONTENT) == WIKI_TEXT


def test_licence_notice_is_cut_only_with_the_templates_closing_fields():
    assert strip_licence_notice("正文。\n\n本作品" + "x" * 5 + "\nPublic domain") == "正文。\n\n"
    kept = "正文。\n本作品的名字出现在正文里。\n"
    assert strip_licence_notice(kept) == kept


def test_tsv_reader_turns_tabs_and_full_width_space_runs_into_line_breaks():
    assert tsv_text(TSV_TEXT_2031) == (
        "2031年报告\n——2031年在虚构会议上\n各位代表：\n一、回顾\n修好了三座桥。"
    )
    assert tsv_text("甲\u3000乙。") == "甲\u3000乙。"  # one full-width space is not a break


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("2031\t甲\nnot a row\n", "t.tsv:2: expected year<TAB>text"),
        ("2031\t甲\n2031\t乙\n", "t.tsv:2: year 2031 given twice"),
    ],
)
def test_tsv_rows_refuse_bad_lines_naming_them(data, message):
    with pytest.raises(InputError, match=message):
        tsv_rows(data, "t.tsv")


def test_docx_reader_gives_one_non_blank_paragraph_a_line():
    assert docx_text(docx_bytes(DOCX_PARAGRAPHS), "x.docx") == DOCX_TEXT


def test_a_broken_docx_is_a_one_line_error():
    with pytest.raises(InputError, match=r"^broken.docx: not a readable \.docx"):
        docx_text(b"PK\x03\x04 not really", "broken.docx")


def test_zip_member_names_in_gbk_are_read_as_written(tmp_path):
    path = gbk_named_zip(tmp_path / "gbk.zip", MEMBER, b"data")
    assert list(zip_members(path)) == [MEMBER]
    utf8 = tmp_path / "utf8.zip"
    with zipfile.ZipFile(utf8, "w") as archive:
        archive.writestr(MEMBER, b"data")
    assert list(zip_members(utf8)) == [MEMBER]


def test_source_formats_are_told_by_name_and_the_tsv_by_its_first_line(sources_dir):
    assert source_format(sources_dir / "national" / "dump.jsonl") == "wikisource-jsonl"
    assert source_format(sources_dir / "national" / "reports.txt") == "tsv"
    assert source_format(sources_dir / "own.txt") == "text"
    assert source_format(sources_dir / "provinces.zip") == "docx-zip"
    assert source_format(sources_dir / "notes.md") is None


def test_a_path_that_is_not_a_source_is_refused(sources_dir):
    with pytest.raises(InputError, match=r"notes\.md: not a source file"):
        Sources.from_paths([sources_dir / "notes.md"])
    with pytest.raises(InputError, match="nowhere: no such file or folder"):
        Sources.from_paths([sources_dir / "nowhere"])


# --- registry ------------------------------------------------------------------------


def test_registry_round_trips_in_registry_order(registry, tmp_path):
    documents = load_registry(registry)
    copy = tmp_path / "copy.json"
    save_registry(list(reversed(documents)), copy)
    assert [d.doc_id for d in load_registry(copy)] == sorted(d.doc_id for d in documents)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"doc_id": "Bad Id"}, r"document 1 \(Bad Id\): doc_id"),
        ({"sha256": "abc"}, r"document 1 \(state-council-2031\): sha256"),
        ({"level": "city"}, r"document 1 \(state-council-2031\): level"),
        ({"recipe": {"format": "pdf"}}, r"document 1 \(state-council-2031\): recipe"),
        ({"recipe": {"format": "tsv", "title": "x"}}, r"document 1 \(state-council-2031\): recipe"),
        ({"source": {"repository": "r/r", "path": "p", "commit": "short"}}, r"source.commit"),
    ],
)
def test_a_bad_registry_entry_is_a_one_line_error_naming_it(registry, change, message):
    entries = json.loads(registry.read_text(encoding="utf-8"))
    entries[0].update(change)
    registry.write_text(json.dumps(entries), encoding="utf-8")
    with pytest.raises(InputError, match=message) as error:
        load_registry(registry)
    assert "\n" not in str(error.value)


def test_a_doc_id_registered_twice_is_refused(registry):
    entries = json.loads(registry.read_text(encoding="utf-8"))
    registry.write_text(json.dumps([*entries, entries[0]]), encoding="utf-8")
    with pytest.raises(InputError, match="'state-council-2031' registered twice"):
        load_registry(registry)


def test_the_project_registry_holds_the_required_reports():
    documents = {d.doc_id: d for d in load_registry(registry_file())}
    required = {
        "state-council-2025": ("national", "100000", "wikisource-jsonl"),
        "state-council-2024": ("national", "100000", "wikisource-jsonl"),
        "chongqing-2025": ("provincial", "500000", "docx-zip"),
        "sichuan-2025": ("provincial", "510000", "docx-zip"),
        "guangdong-2025": ("provincial", "440000", "docx-zip"),
        "zhejiang-2025": ("provincial", "330000", "docx-zip"),
    }
    for doc_id, (level, region, recipe) in required.items():
        document = documents[doc_id]
        assert (document.level, document.region_code, document.recipe.format) == (
            level,
            region,
            recipe,
        )
        assert document.units is not None and document.units.count > 100
    assert all(d.source.url for d in documents.values() if d.recipe.format == "wikisource-jsonl")
    assert len({d.region_code for d in documents.values() if d.level == "provincial"}) == 31


# --- attach and the store ------------------------------------------------------------


def test_attach_stores_every_document_found_and_lists_the_missing(sources_dir, registry, tmp_path):
    store = tmp_path / "store"
    documents = load_registry(registry)
    report = attach(documents, Sources.from_paths([sources_dir]), store)
    assert sorted(report.written) == ["own-2031", "state-council-2031", "tsv-2031", "xinghe-2031"]
    assert [d.doc_id for d in report.missing] == ["elsewhere-2031"]
    assert report.mismatched == []
    assert (store / "state-council-2031.txt").read_text(encoding="utf-8") == WIKI_TEXT
    assert (store / "xinghe-2031.txt").read_text(encoding="utf-8") == DOCX_TEXT
    assert (store / "own-2031.txt").read_bytes() == "本地报告。\n第二行。\n".encode()
    assert [stored_state(d, store) for d in documents][-1] == "missing"


def test_attach_again_changes_nothing(sources_dir, registry, tmp_path):
    store = tmp_path / "store"
    documents = load_registry(registry)
    attach(documents, Sources.from_paths([sources_dir]), store)
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in store.iterdir()}
    again = attach(documents, Sources.from_paths([sources_dir]), store)
    assert again.written == [] and len(again.unchanged) == 4
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in store.iterdir()} == before


def test_a_text_with_another_hash_is_reported_and_not_stored(sources_dir, registry, tmp_path):
    (sources_dir / "own.txt").write_text("另一个版本。\n", encoding="utf-8")
    store = tmp_path / "store"
    report = attach(load_registry(registry), Sources.from_paths([sources_dir]), store)
    assert [m.document.doc_id for m in report.mismatched] == ["own-2031"]
    message = report.mismatched[0].message()
    assert message.startswith("own-2031: the text from ") and "own.txt" in message
    assert "\n" not in message
    assert not (store / "own-2031.txt").exists()


def test_attached_texts_are_verified(sources_dir, registry, tmp_path):
    store = tmp_path / "store"
    attach(load_registry(registry), Sources.from_paths([sources_dir]), store)
    texts = attached_texts(registry=registry, store=store)
    assert texts["state-council-2031"] == WIKI_TEXT and "elsewhere-2031" not in texts
    assert attached_texts(["xinghe-2031"], registry=registry, store=store) == {
        "xinghe-2031": DOCX_TEXT
    }
    with pytest.raises(InputError, match="nobody-2031: not a registered document"):
        attached_texts(["nobody-2031"], registry=registry, store=store)
    (store / "xinghe-2031.txt").write_text(DOCX_TEXT + "改动", encoding="utf-8")
    with pytest.raises(InputError, match=r"xinghe-2031\.txt: changed since it was attached"):
        attached_texts(registry=registry, store=store)
    assert stored_state(load_registry(registry)[2], store) == "changed"


def test_the_same_document_is_read_once_per_file(sources_dir, registry, monkeypatch):
    from dataset.corpus import sources as sources_module

    calls = []
    original = sources_module._wikisource_pages
    monkeypatch.setattr(
        sources_module, "_wikisource_pages", lambda path: calls.append(path) or original(path)
    )
    found = Sources.from_paths([sources_dir])
    document = load_registry(registry)[0]
    assert found.find(document).text == found.find(document).text == WIKI_TEXT
    assert len(calls) == 1


def test_corpus_documents_are_strict_models():
    with pytest.raises(ValueError, match="extra"):
        CorpusDocument.model_validate(
            entry("x-1", {"format": "text", "file": "a.txt"}, "甲。", unknown=1)
        )
