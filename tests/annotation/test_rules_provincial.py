"""Rules written while reading two provincial reports with their gold (zhejiang-2025,
henan-2025, development documents of #18). Every sentence here is made up in the style."""

from __future__ import annotations

import pytest

from annotation.rules.labels import Clauses, clause_types, commitment_type
from tests.factories import rejection_reasons as reasons
from tests.factories import target_figures as figures


def unit_type(text: str) -> str:
    clauses = Clauses(text)
    return commitment_type(clauses, clause_types(clauses), [], review=False)[0]


@pytest.mark.parametrize(
    "text",
    [
        "今年着重办好7方面惠民工作：",  # 方面 splits as 方 (a unit of volume) + 面
        "围绕发展目标，着力推进以下九个方面工作。",
    ],
)
def test_a_count_of_the_reports_own_parts_is_not_a_target(text):
    assert figures(text) == []


def test_a_threshold_before_a_noun_defines_the_indicator():
    text = "引导营收3亿元以上企业设立研发中心，新增80个以上重点项目。"
    assert reasons(text)["3亿元"].startswith("threshold")
    assert figures(text) == [("80个", 80.0, "个", ">=", "increment")]


def test_a_share_with_yishang_before_a_noun_stays_a_target():
    text = "推动85%以上行政村达到美丽庭院标准。"
    assert figures(text) == [("85%", 85.0, "%", ">=", "ratio")]


def test_an_age_or_a_duration_before_a_noun_is_not_a_target():
    assert figures("为辖区3-6岁儿童免费开展视力检查。") == []
    assert figures("布设24小时自助政务服务网点60个。") == [("60个", 60.0, "个", "=", "level")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("聚焦16条优势产业链，引育一批链主企业。", []),
        ("推动纺织、造纸、陶瓷3个传统行业数字化改造。", []),
        ("加快甲子河、乙丑河等9个航运项目进度。", []),
        ("实施新型储能、氢能装备等12个省级科技专项。", [("12个", 12.0, "个", "=", "level")]),
        (
            "新建污水厂3座、垃圾转运站2座。",
            [("3座", 3.0, "座", "=", "increment"), ("2座", 2.0, "座", "=", "increment")],
        ),
    ],
)
def test_counts_of_an_existing_set(text, expected):
    assert figures(text) == expected


def test_a_package_known_by_its_count_is_a_name():
    assert figures("落实落细稳外贸18条政策，推动各项举措见效。") == []


def test_trains_and_teams_have_canonical_units():
    assert figures("力争全年开行国际货运班列1800列以上。") == [
        ("1800列", 1800.0, "次", ">=", "level")
    ]
    assert figures("新增森林消防专业队伍45支。") == [("45支", 45.0, "个", "=", "increment")]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("为中小企业减负900亿元以上。", ["reduction"]),
        ("保障重点项目建设用地12万亩以上。", ["level"]),
        # a clause with its own modal word does not inherit 新建 from the clause before
        ("新建高标准农田40万亩，确保棉花播种面积260万亩。", ["increment", "level"]),
        # a 其中 clause does
        ("新建公共充电桩6万个以上，其中乡镇2万个以上。", ["increment", "increment"]),
        ("完成城乡小河道综合整治800公里。", ["increment"]),
        ("全省社会融资规模增量6000亿元。", ["increment"]),
    ],
)
def test_kinds(text, kinds):
    assert [figure[-1] for figure in figures(text)] == kinds


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("促进线上线下融合发展，繁荣社区商业。", "general_measure"),  # 线上线下 holds 上线
        ("加快建立跨部门数据共享制度。", "general_measure"),  # Y6: a direction first
        ("加快已开工水利项目建设进度。", "general_measure"),  # 已开工 is a fact
        ("为实现“开门红”打下坚实基础。", "non_commitment"),  # a purpose
        ("今年是全面推进改革攻坚的关键之年。", "non_commitment"),  # framing of the year
        ("努力让群众看病更方便。", "aspiration"),
        ("创新外资招引方式。", "general_measure"),
        ("着力稳住工业基本盘。", "general_measure"),
        ("编制好新一轮国土空间总体规划。", "specific_action"),
        ("为全省适龄老人免费接种肺炎疫苗。", "specific_action"),
    ],
)
def test_unit_types(text, expected):
    assert unit_type(text) == expected
