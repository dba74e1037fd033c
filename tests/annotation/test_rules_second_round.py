"""Rules written while reading two more provincial reports with their gold (jiangxi-2025,
hubei-2025, development documents of #18 from dataset 2.1.0 on). Every sentence here is
made up in the style of a provincial report; the issuer is a made-up reading of Hubei
(420000) or Jiangxi (360000) only where geography needs one."""

from __future__ import annotations

import pytest

from annotation.rules.pipeline import predict_units
from tests.factories import rejection_reasons as reasons
from tests.factories import target_figures as figures

HUBEI, JIANGXI = "420000", "360000"


def predict(units: list[dict], issuer: str = HUBEI) -> list[dict]:
    for index, unit in enumerate(units):
        unit.setdefault("id", f"x-{index}")
        unit.setdefault("doc_id", "x")
        unit.setdefault("para", index)
        unit.setdefault("index", index)
        unit.setdefault("unit_type", "body")
    return predict_units(units, issuer=issuer)


def one(text: str, issuer: str = HUBEI) -> dict:
    return predict([{"text": text}], issuer)[0]


# ---------------------------------------------------------------- numeric targets


@pytest.mark.parametrize(
    "text",
    [
        "支持48个粮食主产县提升综合生产能力。",
        "加快壮大25个省级特色产业集群。",
    ],
)
def test_a_set_the_work_supports_or_grows_is_not_a_target(text):
    assert figures(text) == []
    assert "count of an existing set" in reasons(text).values()


def test_a_listed_set_of_projects_to_build_stays_a_target():
    text = "加快甲线高速扩容、乙河航道整治等4200个省级重点工程项目建设。"
    assert figures(text) == [("4200个", 4200.0, "个", "=", "level")]
    assert figures("加快甲子河、乙丑河等9个航运项目进度。") == []


def test_an_amount_after_guo_or_chao_before_a_noun_is_a_threshold():
    text = "扶持产值过5亿元、1200个过3000万元的新增长点，年营收超8亿元龙头企业达到60家以上。"
    found = reasons(text)
    assert found["5亿元"].startswith("threshold")
    assert found["3000万元"].startswith("threshold")
    assert found["8亿元"].startswith("threshold")
    assert figures("核心软件产业营收超过4300亿元。") == [("4300亿元", 4.3e11, "元", ">", "level")]


def test_sessions_listed_after_jie_name_meetings():
    text = "落实省委九届二次、三次、四次全会精神，稳步抓好各项工作。"
    assert figures(text) == []


def test_zhishao_before_a_short_verb_is_a_floor():
    text = "推动各乡镇至少建好1所标准化卫生院。"
    assert figures(text) == [("1所", 1.0, "所", ">=", "level")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("推进8000个村级快递网点提档升级。", "increment"),
        ("完成30个县级应急指挥体系建设。", "increment"),
        ("推进45个县级托育中心建设。", "level"),
    ],
)
def test_the_action_closing_the_object_decides_an_increment(text, kind):
    (target,) = figures(text)
    assert target[4] == kind


# ---------------------------------------------------------------- commitment type


@pytest.mark.parametrize(
    "text",
    [
        "加快打造全国领先的绿色食品产业高地。",
        "加快推进文化强省建设。",
        "加快打造国际航空客货运中心。",
        "（二）奋力打造山区共富引领区，在推动城乡融合上实现新跨越。",
    ],
)
def test_positioning_titles_and_their_goal_halves_are_aspirations(text):
    assert one(text)["commitment_type"] == "aspiration"


def test_a_facility_called_a_centre_is_still_an_action():
    assert one("年内建成省级冷链物流集散中心。")["commitment_type"] != "aspiration"


@pytest.mark.parametrize("text", ["今年要着力做好以下工作。", "认真做好8方面重点工作："])
def test_announcing_the_tasks_that_follow_commits_nothing(text):
    labels = one(text)
    assert (labels["commitment_type"], labels["primary_domain"]) == ("non_commitment", "none")


def test_the_closing_exhortation_is_an_aspiration():
    text = "让我们在省委领导下同心同德、接续奋斗，共同书写新时代发展新篇章！"
    assert one(text)["commitment_type"] == "aspiration"


def test_a_pledge_after_the_problems_and_plan_sub_headings_are_general_measures():
    units = [
        {"text": "一、过去一年的工作回顾", "unit_type": "section_heading"},
        {"text": "过去一年，全省各项事业稳步向前。"},
        {"text": "针对上述不足，我们一定正视短板，切实予以改进。"},
        {"text": "二、今年重点工作安排", "unit_type": "section_heading"},
        {"text": "（五）以严实作风提振士气", "unit_type": "section_heading"},
    ]
    types = [p["commitment_type"] for p in predict(units)]
    assert types == [
        "non_commitment",
        "non_commitment",
        "general_measure",
        "non_commitment",
        "general_measure",
    ]


# ---------------------------------------------------------------- domains


def test_generic_development_language_falls_back_to_macroeconomics():
    units = [
        {"text": "一、过去一年的工作回顾", "unit_type": "section_heading"},
        {"text": "——整体态势稳中向好、活力增强。"},
    ]
    assert predict(units)[1]["primary_domain"] == "macroeconomics"
    assert one("多措并举稳住有效投资。")["primary_domain"] == "macroeconomics"


# ---------------------------------------------------------------- places


def places(text: str, issuer: str = HUBEI) -> list[tuple[str, str]]:
    return [(p["text"], p["type"]) for p in one(text, issuer)["places"]]


@pytest.mark.parametrize(
    "text",
    ["总书记去年考察湖北时寄予厚望。", "湖北发展站上新的起点。"],
)
def test_the_issuers_own_name_as_a_territory_is_a_place(text):
    assert ("湖北", "municipality") in places(text)


def test_the_issuers_own_name_in_a_slogan_is_not_a_place():
    assert places("深入推进平安湖北发展。") == []


def test_a_facility_named_after_a_city_is_one_site():
    assert places("加快鄂州花湖机场货运枢纽功能建设。") == [("鄂州花湖机场", "site")]


def test_county_short_names_are_places_only_in_a_list_of_places():
    listed = places("支持仙桃、潜江、天门等县市发展特色产业。")
    assert [p[0] for p in listed] == ["仙桃", "潜江", "天门"]
    assert all(kind == "district" for _, kind in listed)
    assert places("推动潜江小龙虾产业提质。") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("出口增速保持中部领先。", [("中部", "region")]),
        ("全省研发人员总量在中部地区排名靠前。", [("中部地区", "region")]),
        ("努力建成中部地区绿色发展的重要示范窗口。", []),
        ("深度参与西部陆海新通道共建。", []),
    ],
)
def test_macro_regions_are_places_where_they_denote_the_region(text, expected):
    assert places(text, JIANGXI) == expected
    if expected:
        assert one(text, JIANGXI)["geo_scope"] == "beyond"
