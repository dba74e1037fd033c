"""The parts of a whole report and what the pipeline makes of them (codebook W3–W11).

Every report text here is made up in the style of a provincial work report; the figures
are invented.
"""

from __future__ import annotations

import pytest

from annotation.rules.pipeline import preannotate_text, predict_units
from annotation.rules.structure import PARTS, document_parts, heading_part, is_pledge
from annotation.segment import segment

WHOLE_REPORT = (
    "各位代表:\n"
    "受省人民政府委托,我向大会作工作汇报,请各位审议。\n"
    "一、2030年工作回顾\n"
    "过去一年,全省经济运行稳中有进。\n"
    "全省地区生产总值增长5.8%,城镇新增就业61万人,粮食产量达到710亿斤。\n"
    "(一)着力扩大有效投资,项目建设提速。\n"
    "实施重点项目800个,完成投资8000亿元以上,确保了增长5%左右的目标。\n"
    "我们也看到,部分企业经营仍有困难。对此,我们将直面问题,认真加以解决。\n"
    "二、2031年发展的总体要求和主要目标\n"
    "今年全省经济社会发展的主要预期目标是:地区生产总值增长5.5%左右;"
    "城镇新增就业60万人以上,城镇调查失业率5.5%以内;居民消费价格涨幅2%左右;"
    "粮食产量稳定在700亿斤以上;单位地区生产总值能耗降低2.5%左右。\n"
    "三、2031年重点工作\n"
    "(一)加快建设现代化产业体系。\n"
    "新增规上工业企业1500家,培育专精特新企业300家以上。\n"
    "四、加强政府自身建设\n"
    "严格执行财经纪律,持续为基层减负。\n"
    "各位代表!\n"
    "让我们团结一心,奋力谱写发展新篇章!\n"
)

LIST_TARGETS = [
    # text, value, value_max, unit, comparator, kind
    ("5.5%", 5.5, None, "%", "~", "growth"),
    ("60万人", 600000.0, None, "人", ">=", "increment"),
    ("5.5%", 5.5, None, "%", "<=", "ratio"),
    ("2%", 2.0, None, "%", "~", "growth"),
    ("700亿斤", 70000000000.0, None, "斤", ">=", "level"),
    ("2.5%", 2.5, None, "%", "~", "reduction"),
]


def units_of(text: str, doc_id: str = "made-up-2031") -> list[dict]:
    return [unit.model_dump(mode="json") for unit in segment(text, doc_id).units]


def parts_by_text(text: str) -> dict[str, str]:
    units = units_of(text)
    return {unit["text"]: part for unit, part in zip(units, document_parts(units), strict=True)}


def records_by_text(text: str, issuer: str | None = "510000") -> dict[str, dict]:
    return {r["text"]: r for r in preannotate_text(text, "made-up-2031", issuer=issuer)}


def test_every_part_of_a_whole_report_is_found():
    parts = parts_by_text(WHOLE_REPORT)
    assert parts["各位代表:"] == "opening"
    assert parts["一、2030年工作回顾"] == "review"
    assert parts["我们也看到,部分企业经营仍有困难。"] == "review"
    assert parts["二、2031年发展的总体要求和主要目标"] == "targets"
    assert parts["三、2031年重点工作"] == "tasks"
    assert parts["新增规上工业企业1500家,培育专精特新企业300家以上。"] == "tasks"
    assert parts["严格执行财经纪律,持续为基层减负。"] == "government"
    assert parts["各位代表!"] == "closing"
    assert parts["让我们团结一心,奋力谱写发展新篇章!"] == "closing"
    assert set(parts.values()) <= set(PARTS)


def test_no_number_of_the_review_is_a_target():
    records = records_by_text(WHOLE_REPORT)
    review = [text for text, part in parts_by_text(WHOLE_REPORT).items() if part == "review"]
    assert len(review) == 7
    for text in review:
        assert records[text]["numeric_targets"] == [], text
        assert records[text]["commitment_type"] != "quantified_target", text
    # 确保 and 左右 do not make the achieved figure a target (W5)
    achieved = records["实施重点项目800个,完成投资8000亿元以上,确保了增长5%左右的目标。"]
    assert achieved["commitment_type"] == "non_commitment"
    assert achieved["commitment_strength"] == "unmarked"


def test_a_review_unit_that_pledges_action_still_has_no_target():
    assert is_pledge("对此,我们将直面问题,认真加以解决。")
    assert not is_pledge("这些政策的效应还在持续显现。")
    records = records_by_text(WHOLE_REPORT)
    assert records["对此,我们将直面问题,认真加以解决。"]["numeric_targets"] == []


def test_the_main_expected_targets_come_out_right():
    records = records_by_text(WHOLE_REPORT)
    unit = next(r for text, r in records.items() if text.startswith("今年全省经济社会发展"))
    found = [
        (t["text"], t["value"], t["value_max"], t["unit"], t["comparator"], t["kind"])
        for t in unit["numeric_targets"]
    ]
    assert found == LIST_TARGETS
    assert unit["commitment_type"] == "quantified_target"
    assert unit["commitment_strength"] == "unmarked"
    assert unit["primary_domain"] == "macroeconomics"  # W11, whatever the items' majority
    assert {"labor", "agriculture", "energy"} <= set(unit["domains"])


def test_targets_of_the_tasks_part_are_kept():
    records = records_by_text(WHOLE_REPORT)
    unit = records["新增规上工业企业1500家,培育专精特新企业300家以上。"]
    assert [(t["text"], t["comparator"]) for t in unit["numeric_targets"]] == [
        ("1500家", "="),
        ("300家", ">="),
    ]


def test_a_review_announced_in_prose_ends_where_the_plan_begins():
    report = (
        "各位代表:\n"
        "过去一年,我们完成了各项任务。全年新建学校12所。\n"
        "城乡居民收入增长6%左右。\n"
        "今年是规划的收官之年。主要预期目标是:地区生产总值增长5%左右。\n"
        "今年要着重抓好以下几个方面工作。\n"
        "新建学校15所。\n"
    )
    parts = parts_by_text(report)
    assert parts["全年新建学校12所。"] == "review"
    assert parts["城乡居民收入增长6%左右。"] == "review"
    assert parts["今年是规划的收官之年。"] == "targets"
    assert parts["新建学校15所。"] == "tasks"
    records = records_by_text(report)
    assert records["城乡居民收入增长6%左右。"]["numeric_targets"] == []
    assert [t["text"] for t in records["新建学校15所。"]["numeric_targets"]] == ["15所"]


def test_a_look_back_paragraph_inside_the_plan_ends_where_the_text_turns_forward():
    report = (
        "三、2031年重点工作\n"
        "(一)办好人民满意的教育。\n"
        "过去一年,全省新建幼儿园300所。新的一年,我们要新建幼儿园200所。\n"
        "新建中小学50所。\n"
    )
    parts = parts_by_text(report)
    assert parts["过去一年,全省新建幼儿园300所。"] == "review"
    assert parts["新的一年,我们要新建幼儿园200所。"] == "tasks"
    assert parts["新建中小学50所。"] == "tasks"


def test_a_government_part_in_prose_gives_way_to_national_affairs():
    report = (
        "各位代表:\n"
        "三、2031年政府工作任务\n"
        "(十)加强社会建设。\n"
        "健全社会救助体系。\n"
        "新的征程对政府工作提出更高要求。\n"
        "各级政府要坚持依法行政。\n"
        "我们要坚持国防和军队建设的正确方向。\n"
        "各位代表!\n"
        "让我们携手奋进!\n"
    )
    parts = parts_by_text(report)
    assert parts["健全社会救助体系。"] == "tasks"
    assert parts["新的征程对政府工作提出更高要求。"] == "government"
    assert parts["各级政府要坚持依法行政。"] == "government"
    assert parts["我们要坚持国防和军队建设的正确方向。"] == "tasks"
    assert parts["让我们携手奋进!"] == "closing"


def test_a_page_without_headings_is_unknown_until_a_cue():
    units = units_of("推进教育数字化。\n建成图书馆2座。\n")
    assert document_parts(units) == ["unknown", "unknown"]


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("一、过去五年工作回顾", "review"),
        ("二、2031年政府工作的总体要求和政策取向", "targets"),
        ("三、2031年政府工作任务", "tasks"),
        ("四、全面加强政府自身建设", "government"),
        ("五、其他", None),
    ],
)
def test_headings_name_their_part(heading: str, part: str | None):
    assert heading_part(heading) == part


def test_parts_are_read_document_by_document():
    first = units_of("一、2030年工作回顾\n全年新建学校12所。\n", "doc-a")
    second = units_of("新建学校15所。\n", "doc-b")
    assert document_parts(first + second) == ["review", "review", "unknown"]
    predictions = predict_units(first + second)
    assert predictions[1]["numeric_targets"] == []
    assert [t["text"] for t in predictions[2]["numeric_targets"]] == ["15所"]


def test_a_heading_naming_targets_and_tasks_turns_to_the_tasks_at_its_first_sub_heading():
    report = (
        "各位代表:\n"
        "一、2030年工作回顾\n"
        "全年新建学校12所。\n"
        "二、2031年主要目标任务\n"
        "主要预期目标是:地区生产总值增长5%左右。\n"
        "(一)办好人民满意的教育。\n"
        "新建学校15所。\n"
    )
    parts = parts_by_text(report)
    assert parts["主要预期目标是:地区生产总值增长5%左右。"] == "targets"
    assert parts["(一)办好人民满意的教育。"] == "tasks"
    assert parts["新建学校15所。"] == "tasks"


def test_a_heading_naming_no_part_is_a_plan_heading_after_the_review():
    report = (
        "各位代表:\n"
        "一、牢记嘱托,奋力开创新局面\n"
        "一年来,全省新建学校12所。\n"
        "(一)产业体系加快升级。\n"
        "规上工业增加值增长6%。\n"
        "二、关于2031年工作\n"
        "今年政府工作的总体要求是:稳中求进。\n"
        "(一)加快发展现代产业。\n"
        "新建学校15所。\n"
    )
    parts = parts_by_text(report)
    assert parts["一、牢记嘱托,奋力开创新局面"] == "unknown"
    assert parts["(一)产业体系加快升级。"] == "review"  # the cue gave the section its part
    assert parts["规上工业增加值增长6%。"] == "review"
    assert parts["二、关于2031年工作"] == "tasks"
    assert parts["今年政府工作的总体要求是:稳中求进。"] == "targets"
    assert parts["新建学校15所。"] == "tasks"


def test_a_glossary_after_the_closing_is_the_appendix_and_commits_nothing():
    entry = "1.“十项工程”:到2033年建成示范园区20个。"
    report = WHOLE_REPORT + f"附件\n报告有关名词解释\n{entry}\n"
    parts = parts_by_text(report)
    assert parts["让我们团结一心,奋力谱写发展新篇章!"] == "closing"
    assert parts["附件"] == parts[entry] == "appendix"
    record = records_by_text(report)[entry]
    assert record["numeric_targets"] == []
    assert record["commitment_type"] == "non_commitment"


def test_an_appendix_of_projects_is_read_as_tasks():
    report = WHOLE_REPORT + "附件1\n2031年十件民生实事\n一、提升养老服务\n新增养老床位3000张。\n"
    parts = parts_by_text(report)
    assert parts["附件1"] == parts["新增养老床位3000张。"] == "tasks"
    record = records_by_text(report)["新增养老床位3000张。"]
    assert [t["text"] for t in record["numeric_targets"]] == ["3000张"]
