"""Places and geo_scope relative to the issuing government (codebook W1, §13.5–§13.6).

The sentences are made up in the style of national and provincial work reports.
"""

from __future__ import annotations

import pytest

from annotation.rules.geography import Issuer
from annotation.rules.issuers import check_issuer, issuers_of
from annotation.rules.pipeline import predict_units
from annotation.rules.places import PlaceMatcher, geo_scope
from dataset.errors import InputError
from dataset.gazetteer import load_gazetteer

NATIONAL, SICHUAN, CHONGQING = "100000", "510000", "500000"


def read(text: str, issuer: str) -> tuple[list[tuple[str, str, str | None]], str]:
    """(places as (text, type, name), geo_scope) of one unit in a report of `issuer`."""
    (prediction,) = predict_units([{"id": "x", "text": text}], issuer=issuer)
    places = [(p["text"], p["type"], p["name"]) for p in prediction["places"]]
    return places, prediction["geo_scope"]


# ---------------------------------------------------------------- a national report


def test_national_report_provinces_and_regions_inside_china_are_locality():
    places, scope = read("支持香港、澳门更好融入国家发展大局。", NATIONAL)
    assert places == [
        ("香港", "municipality", "香港特别行政区"),
        ("澳门", "municipality", "澳门特别行政区"),
    ]
    assert scope == "locality"
    assert read("推动京津冀、长三角协同发展取得新突破。", NATIONAL)[1] == "locality"
    places, scope = read("支持成都、宁波建设国际消费中心城市。", NATIONAL)
    assert [p[1] for p in places] == ["prefecture", "prefecture"]
    assert scope == "locality"


def test_national_report_foreign_countries_are_beyond():
    places, scope = read("深化同俄罗斯、巴西等国的务实合作。", NATIONAL)
    assert places == [("俄罗斯", "country", "俄罗斯"), ("巴西", "country", "巴西")]
    assert scope == "beyond"
    assert read("积极参与全球治理,推动多边合作。", NATIONAL)[1] == "beyond"


def test_national_report_china_itself_is_the_jurisdiction():
    assert read("欢迎各国企业来华投资兴业,共享中国大市场机遇。", NATIONAL)[1] == "district"
    # 中国 inside a name is no place (P19)
    assert read("全面推进美丽中国建设。", NATIONAL) == ([], "district")


def test_national_report_counties_by_full_name_only():
    places, scope = read("做好定日县灾后恢复重建。", NATIONAL)
    assert places == [("定日县", "district", "定日县")]
    assert scope == "locality"


# ---------------------------------------------------------------- a provincial report


def test_provincial_report_own_prefectures_are_locality():
    places, scope = read("支持成都建设人工智能创新中心,推动攀枝花发展钒钛产业。", SICHUAN)
    assert places == [
        ("成都", "prefecture", "成都市"),
        ("攀枝花", "prefecture", "攀枝花市"),
    ]
    assert scope == "locality"
    places, _ = read("推进凉山州乡村振兴。", SICHUAN)
    assert places == [("凉山州", "prefecture", "凉山彝族自治州")]


def test_provincial_report_other_provinces_and_cross_border_strategies_are_beyond():
    places, scope = read("深入推进成渝地区双城经济圈建设,与重庆共建交通走廊。", SICHUAN)
    assert places == [
        ("成渝地区双城经济圈", "region", "成渝地区双城经济圈"),
        ("重庆", "municipality", "重庆市"),
    ]
    assert scope == "beyond"
    assert read("扩大与香港的服务贸易往来。", SICHUAN)[1] == "beyond"
    assert read("支持企业开拓东南亚市场。", SICHUAN)[1] == "beyond"


def test_provincial_report_its_own_name_marks_a_level_unless_a_territory():
    assert read("加快建设数字重庆。", CHONGQING) == ([], "district")
    places, scope = read("推动万州、涪陵加快发展。", CHONGQING)
    assert [p[2] for p in places] == ["万州区", "涪陵区"]
    assert scope == "locality"


def test_a_natural_feature_is_inside_where_it_touches_the_jurisdiction():
    places, scope = read("加强长江生态保护修复。", CHONGQING)
    assert places == [("长江", "natural", "长江")]
    assert scope == "locality"
    assert read("加强长江生态保护修复。", "440000")[1] == "beyond"
    assert read("加强长江生态保护修复。", NATIONAL)[1] == "locality"


def test_false_friends_and_generic_words_are_no_places():
    assert read("隆重庆祝新中国成立八十周年。", NATIONAL)[0] == []
    assert read("保持流动性在合理均衡水平。", NATIONAL)[0] == []
    assert read("推动县域经济高质量发展。", SICHUAN)[0] == []


# ---------------------------------------------------------------- issuers


def test_the_issuer_comes_from_the_caller_the_registry_or_the_home_gazetteer():
    units = [{"doc_id": "state-council-2025", "text": "a"}, {"doc_id": "made-up", "text": "b"}]
    registered, unknown = issuers_of(units, None, None)
    assert registered == Issuer(NATIONAL)
    assert unknown == Issuer("500116")  # the project gazetteer's 江津区
    assert issuers_of(units, SICHUAN, None) == [Issuer(SICHUAN)] * 2
    assert Issuer(SICHUAN).level == "provincial" and Issuer("500116").level == "district"


@pytest.mark.parametrize("code", ["123", "999999", "abcdef"])
def test_an_unknown_issuer_is_an_input_error(code: str):
    with pytest.raises(InputError, match="not a GB/T 2260 division code"):
        check_issuer(code)


def test_the_same_unit_changes_scope_with_the_issuer():
    text = "深入推进成渝地区双城经济圈建设。"
    assert read(text, NATIONAL)[1] == "locality"
    assert read(text, CHONGQING)[1] == "beyond"
    matcher = PlaceMatcher.from_gazetteer(load_gazetteer(), Issuer("500116"))
    assert geo_scope(text, matcher.find(text), matcher) == "beyond"
