from __future__ import annotations

from collections import Counter

import pytest

from annotation.segment import segment
from dataset.records.source import find_markers, normalise, strip_markers
from tests.factories import SEED


def texts(raw: str) -> list[str]:
    return [u.text for u in segment(normalise(raw), "t").units]


def test_seed_gives_every_sentence_once(seed_document):
    source = seed_document.text
    assert len(seed_document.units) == 201
    # every terminal mark of the page closes exactly one unit (the heading 三、 has none)
    terminals = sum(source.count(ch) for ch in "。！？!?")
    assert terminals == len(seed_document.units) - 1


def test_seed_offsets_are_exact_after_marker_stripping(seed_document):
    source, markers = seed_document.text, seed_document.markers
    assert [m.text for m in markers] == ["(上接第二版)"]
    for unit in seed_document.units:
        assert strip_markers(source, unit.start, unit.end, markers) == unit.text
        assert not unit.text.startswith("(上接")
    assert seed_document.units[0].text.startswith("推进“数字化赋能教育”")


def test_seed_metadata_line_is_not_a_unit(seed_document):
    assert [m.text for m in seed_document.metadata_lines] == ["版次:03 作者:2025年02月07日"]
    assert all("版次" not in u.text for u in seed_document.units)


def test_seed_headings_are_typed(seed_document):
    by_type = Counter(u.unit_type for u in seed_document.units)
    assert by_type == {"body": 169, "subsection_heading": 25, "section_heading": 7}
    headings = [u.text for u in seed_document.units if u.unit_type == "section_heading"]
    assert headings[0] == "(四)坚定不移推动改革攻坚,让发展活力更加澎湃。"
    assert headings[-1] == "三、全面加强政府自身建设"
    runs_in = {u.text for u in seed_document.units if u.unit_type == "subsection_heading"}
    assert {"深化数字化改革。", "打好污染防治攻坚战。", "持之以恒强化廉政建设。"} <= runs_in
    assert "各位代表!" not in runs_in and "任重千钧,唯有担当。" not in runs_in


def test_seed_sections_follow_headings(seed_document):
    units = seed_document.units
    assert units[0].section is None
    heading = next(u for u in units if u.text.startswith("(四)"))
    assert units[heading.index + 1].section == heading.text
    assert units[-1].section == "三、全面加强政府自身建设"


def test_seed_paragraphs_and_ids(seed_document):
    units = seed_document.units
    assert [u.index for u in units] == list(range(len(units)))
    assert units[5].id == "jiangjin-2025-p3-0005"
    assert units[-1].para == 35
    again = segment(seed_document.text, "jiangjin-2025-p3").units
    assert [(u.id, u.start, u.end) for u in again] == [(u.id, u.start, u.end) for u in units]


def test_seed_semicolon_and_decimals_do_not_split(seed_document):
    by_text = [u.text for u in seed_document.units]
    assert any("PM2.5年均浓度" in t for t in by_text)
    assert any("改造高标准农田6.5万亩" in t for t in by_text)
    assert any("协同发展;推动“东翼”开放发展" in t for t in by_text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "甲项完成。乙项推进!丙项呢?丁项好！戊项行？",
            ["甲项完成。", "乙项推进!", "丙项呢?", "丁项好！", "戊项行？"],
        ),
        ("他说“我们要干。”随后开工。", ["他说“我们要干。”", "随后开工。"]),
        ("建成“样板区!”新增绿地。", ["建成“样板区!”", "新增绿地。"]),
        ("提出“先干。后说”的要求。下一句。", ["提出“先干。后说”的要求。", "下一句。"]),
        ("深化“一照多址”“一证多址”改革。再推进。", ["深化“一照多址”“一证多址”改革。", "再推进。"]),
        ("增长6.5%,PM2.5下降。好。", ["增长6.5%,PM2.5下降。", "好。"]),
        ("前半句;后半句。", ["前半句;后半句。"]),
        ("真的吗?!是的。", ["真的吗?!", "是的。"]),
        ("没有句末标点", ["没有句末标点"]),
        ("不成对的“引号。第二句。", ["不成对的“引号。", "第二句。"]),
    ],
)
def test_tricky_sentence_boundaries(raw, expected):
    assert texts(raw) == expected


def test_headings_with_and_without_final_punctuation():
    units = segment("三、全面加强政府建设\n(四)坚定推动改革,让活力更足。我们要改革。\n", "t").units
    assert [(u.unit_type, u.text) for u in units] == [
        ("section_heading", "三、全面加强政府建设"),
        ("section_heading", "(四)坚定推动改革,让活力更足。"),
        ("body", "我们要改革。"),
    ]
    assert units[2].section == "(四)坚定推动改革,让活力更足。"


def test_run_in_heading_needs_a_following_sentence():
    units = segment("深化数字化改革。推动平台建设。\n建设青年发展型城市。\n", "t").units
    assert [u.unit_type for u in units] == ["subsection_heading", "body", "body"]


def test_marker_inside_a_sentence_is_stripped_and_recorded():
    text = "推进建设(下转第四版)项目。完成。"
    document = segment(text, "t")
    first = document.units[0]
    assert first.text == "推进建设项目。"
    assert (first.start, first.end) == (0, text.index("。") + 1)
    assert [m.text for m in find_markers(text)] == ["(下转第四版)"]


def test_crlf_and_bom_are_normalised_before_offsets():
    raw = "\ufeff第一句。\r\n第二句。\r\n"
    text = normalise(raw)
    units = segment(text, "t").units
    assert [u.text for u in units] == ["第一句。", "第二句。"]
    assert all(text[u.start : u.end] == u.text for u in units)
    assert [u.para for u in units] == [0, 1]


def test_seed_file_is_the_received_seed():
    import hashlib

    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "691e6cc37c3aa91f0b054fbb4c59af1efd489d6060522f3892757945c5a7a8e4"


def test_registered_documents_record_what_the_segmenter_strips():
    import json

    from dataset.paths import PROJECT_ROOT, documents_file
    from dataset.records.source import read_source

    for document in json.loads(documents_file().read_text(encoding="utf-8")):
        text = read_source(PROJECT_ROOT / document["source"], document["encoding"])
        segmented = segment(text, document["doc_id"])
        as_dicts = [{"start": m.start, "end": m.end, "text": m.text} for m in segmented.markers]
        metadata = [
            {"start": m.start, "end": m.end, "text": m.text} for m in segmented.metadata_lines
        ]
        assert document["markers_stripped"] == as_dicts
        assert document["metadata_lines"] == metadata
