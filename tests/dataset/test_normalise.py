"""The span normaliser (dataset.quantities): numerals, units, ranges, comparators, kinds."""

from __future__ import annotations

import re

import pytest

from dataset.quantities.fields import (
    comparator_of,
    indicator_of,
    kind_of,
    normalise_span,
    normalise_target,
)
from dataset.quantities.numerals import (
    SURFACE_UNITS,
    canonical_unit,
    find_quantities,
    parse_numeral,
    parse_quantity,
)
from dataset.quantities.patterns import SuffixSet, literal_pattern
from dataset.schema import CANONICAL_UNITS, UNITS, NumericTarget


def span_fields(text: str, span: str, occurrence: int = 0) -> dict:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(span, start + 1)
    return normalise_span(text, start, start + len(span))


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("50", 50.0),
        ("6.5万", 65000.0),
        ("91.3万", 913000.0),
        ("20亿", 2_000_000_000.0),
        ("307亿", 30_700_000_000.0),
        ("2万亿", 2e12),
        ("3千", 3000.0),
        ("一百二十万", 1_200_000.0),
        ("十二", 12.0),
        ("两", 2.0),
        ("三十", 30.0),
        ("一千零五", 1005.0),
        ("三点五", 3.5),
        ("１２", 12.0),
        ("１．５", 1.5),
    ],
)
def test_parse_numeral(numeral, value):
    assert parse_numeral(numeral) == value


@pytest.mark.parametrize("bad", ["", "万", "千", "abc", "面山"])
def test_parse_numeral_refuses_non_numerals(bad):
    with pytest.raises(ValueError):
        parse_numeral(bad)


@pytest.mark.parametrize(
    ("surface", "canonical"),
    [
        ("个百分点", "百分点"),
        ("百分点", "百分点"),
        ("名", "人"),
        ("位", "人"),
        ("千米", "公里"),
        ("微克每立方米", "微克/立方米"),
        ("％", "%"),
        ("成", "%"),
        ("张床", "床"),
        ("亩", "亩"),
    ],
)
def test_canonical_unit(surface, canonical):
    assert canonical_unit(surface) == canonical


def test_unknown_units_have_no_canonical_form():
    assert canonical_unit("伏") is None and canonical_unit("分钟") is None


def test_every_surface_unit_comes_from_the_schema_table():
    assert set(SURFACE_UNITS) <= set(CANONICAL_UNITS)
    assert {canonical_unit(s) for s in SURFACE_UNITS} <= set(UNITS)
    # 万千瓦 is read as the magnitude 万 and the unit 千瓦, so its magnitude is expanded
    assert "万千瓦" not in SURFACE_UNITS
    assert parse_quantity("5万千瓦").value == 50000 and parse_quantity("5万千瓦").unit == "千瓦"


@pytest.mark.parametrize(
    ("span", "value", "value_max", "unit"),
    [
        ("6.5万亩", 65000.0, None, "亩"),
        ("20亿元", 2e9, None, "元"),
        ("4000名", 4000.0, None, "人"),
        ("0.3个百分点", 0.3, None, "百分点"),
        ("35微克每立方米", 35.0, None, "微克/立方米"),
        ("9600立方米", 9600.0, None, "立方米"),
        ("一百二十万亩", 1_200_000.0, None, "亩"),
        ("十二座", 12.0, None, "座"),
        ("七成", 70.0, None, "%"),
        ("百分之四十五", 45.0, None, "%"),
        ("5.5%—6%", 5.5, 6.0, "%"),
        ("5%-6%", 5.0, 6.0, "%"),
        ("5%至6%", 5.0, 6.0, "%"),
        ("5.5—6%", 5.5, 6.0, "%"),
        ("三至五个", 3.0, 5.0, "个"),
        ("1万至2万亩", 10000.0, 20000.0, "亩"),
        ("3至5万亩", 30000.0, 50000.0, "亩"),
        ("10余家", 10.0, None, "家"),
        ("3万余人", 30000.0, None, "人"),
        ("2000多个", 2000.0, None, "个"),
        ("5千米", 5.0, None, "公里"),
        ("１２家", 12.0, None, "家"),
        ("12％", 12.0, None, "%"),
    ],
)
def test_parse_quantity(span, value, value_max, unit):
    quantity = parse_quantity(span)
    assert (quantity.value, quantity.value_max, quantity.unit) == (value, value_max, unit)
    assert quantity.text == span


@pytest.mark.parametrize(
    "bad", ["6.5万", "10千伏", "5G", "15分钟", "百亿级", "6%—5%", "5%—6个", "第八次x", "成为"]
)
def test_parse_quantity_refuses_what_is_not_one_quantity(bad):
    with pytest.raises(ValueError):
        parse_quantity(bad)


def test_find_quantities_reads_only_matched_numerals():
    """The 四面山 pitfall: a whole-text numeral conversion would give 4面山."""
    text = "推进四面山景区建设,新增游客接待量10%,建成驿站十二座。"
    found = find_quantities(text)
    assert [q.text for q in found] == ["10%", "十二座"]
    assert [q.value for q in found] == [10.0, 12.0]
    assert text[found[1].start : found[1].end] == "十二座"
    assert "四面山" in text  # the input is never rewritten


def test_find_quantities_does_not_split_numbers_or_start_inside_them():
    assert [q.text for q in find_quantities("引进人才4000名以上")] == ["4000名"]
    assert find_quantities("PM2.5年均浓度") == [
        q for q in find_quantities("PM2.5年均浓度") if q.text == "2.5年"
    ]
    assert find_quantities("10千伏线路") == []
    assert [q.text for q in find_quantities("一百二十万亩")] == ["一百二十万亩"]


def test_find_quantities_prefers_a_range_over_its_first_number():
    assert [q.text for q in find_quantities("增长5.5%—6%,新增3个")] == ["5.5%—6%", "3个"]


def test_cheng_is_a_tenth_only_before_a_non_word():
    assert [q.text for q in find_quantities("覆盖七成以上")] == ["七成"]
    assert find_quantities("把江津建设成为典范") == []
    assert find_quantities("三成员单位") == []


@pytest.mark.parametrize(
    ("text", "span", "comparator"),
    [
        ("科技型企业200户以上", "200户", ">="),
        ("高新技术企业50户、科技型企业200户以上", "50户", "="),
        ("城镇调查失业率控制在5.5%以内", "5.5%", "<="),
        ("失业率控制在5.5%", "5.5%", "<="),
        ("年均浓度保持在35微克每立方米以下", "35微克每立方米", "<="),
        ("增长6%左右", "6%", "~"),
        ("约5000人次", "5000人次", "~"),
        ("林业产业总产值突破100亿元", "100亿元", ">"),
        ("超过40个", "40个", ">"),
        ("不低于95%", "95%", ">="),
        ("不少于300张", "300张", ">="),
        ("不高于30微克/立方米", "30微克/立方米", "<="),
        ("不超过3个", "3个", "<="),
        ("低于5%", "5%", "<"),
        ("风险点落图达5000个", "5000个", "="),
        ("产值达180亿元以上", "180亿元", ">="),
        ("达到88%左右", "88%", "~"),
        ("力争申报IPO和“新三板”挂牌各1家", "1家", "="),
        ("严守耕地保有量109万亩、永久基本农田91.3万亩红线", "109万亩", ">="),
        ("严守耕地保有量109万亩、永久基本农田91.3万亩红线", "91.3万亩", ">="),
        ("守住碳排放总量50万吨红线", "50万吨", "<="),
        ("新培育企业10余家", "10余家", ">"),
        ("增长5%-6%", "5%-6%", "range"),
    ],
)
def test_comparator(text, span, comparator):
    assert span_fields(text, span)["comparator"] == comparator


@pytest.mark.parametrize(
    ("text", "span", "kind"),
    [
        ("全社会研发经费投入增长12%以上", "12%", "growth"),
        ("城镇化率提高1.2个百分点", "1.2个百分点", "growth"),
        ("能耗下降0.3个百分点", "0.3个百分点", "reduction"),
        ("压降法人户数16户", "16户", "reduction"),
        ("数据需求满足率动态保持95%以上", "95%", "ratio"),
        ("确保100%销号", "100%", "ratio"),
        ("研发投入强度由2.1%提高到2.5%", "2.5%", "ratio"),
        ("培育认定高新技术企业50户、科技型企业200户以上", "200户", "increment"),
        ("引进各类人才4000名以上", "4000名", "increment"),
        ("改造高标准农田6.5万亩", "6.5万亩", "increment"),
        ("确保城镇新增就业2.4万人", "2.4万人", "increment"),
        ("新建通信基站37个,农产品冷藏冻库9600立方米", "9600立方米", "increment"),
        ("成立5个镇级农合联,打造2个区域性为农服务中心", "2个", "increment"),
        ("增加就业岗位500个", "500个", "increment"),
        ("规上工业增加值达到500亿元", "500亿元", "level"),
        ("技术合同成交额20亿元", "20亿元", "level"),
        ("确保城镇新增就业2.4万人,脱贫人口就业1.2万人", "1.2万人", "level"),
        ("建设粮油单产提升行动示范3.4万亩", "3.4万亩", "level"),
        ("遴选带头人培育“头雁”项目对象15人", "15人", "level"),
        ("组织开展涉农培训2000人", "2000人", "level"),
        ("优良天数保持在300天以上", "300天", "level"),
    ],
)
def test_kind(text, span, kind):
    assert span_fields(text, span)["kind"] == kind


@pytest.mark.parametrize(
    ("text", "span", "indicator"),
    [
        ("培育认定高新技术企业50户、科技型企业200户以上", "50户", "高新技术企业"),
        ("培育认定高新技术企业50户、科技型企业200户以上", "200户", "科技型企业"),
        ("确保编目物联感知资源接入率达90%", "90%", "编目物联感知资源接入率"),
        ("城镇调查失业率控制在5.5%以内", "5.5%", "城镇调查失业率"),
        ("成立5个镇级农合联", "5个", "镇级农合联"),
        ("力争申报IPO和“新三板”挂牌各1家", "1家", "IPO和“新三板”挂牌"),
        ("力争食品及农产品加工业实现产值307亿元以上", "307亿元", "食品及农产品加工业实现产值"),
        ("严守耕地保有量109万亩", "109万亩", "耕地保有量"),
        ("确保100%销号", "100%", "销号"),
    ],
)
def test_indicator(text, span, indicator):
    assert span_fields(text, span)["indicator"] == indicator


def test_normalise_span_fills_a_valid_numeric_target():
    text = "推进“双倍增”行动,培育认定高新技术企业50户、科技型企业200户以上。"
    fields = span_fields(text, "200户")
    assert fields == {
        "start": 29,
        "end": 33,
        "text": "200户",
        "indicator": "科技型企业",
        "value": 200.0,
        "value_max": None,
        "unit": "户",
        "comparator": ">=",
        "kind": "increment",
    }
    NumericTarget.model_validate(fields)


def test_a_range_validates_as_a_numeric_target():
    fields = span_fields("地区生产总值增长5.5%—6%。", "5.5%—6%")
    target = NumericTarget.model_validate(fields)
    assert (target.comparator, target.value, target.value_max) == ("range", 5.5, 6.0)


@pytest.mark.parametrize(("start", "end"), [(0, 2), (5, 3), (-1, 2), (0, 99)])
def test_normalise_span_refuses_bad_spans(start, end):
    text = "培育认定高新技术企业50户。"
    with pytest.raises(ValueError):
        normalise_span(text, start, end)
    assert normalise_target(text, start, end) is None


def test_normalise_target_is_normalise_span_for_good_spans():
    text = "新建通信基站37个。"
    assert normalise_target(text, 6, 9) == normalise_span(text, 6, 9)


def test_words_around_a_span_are_read_only_within_its_clause():
    text = "严防规模性失业风险,城镇调查失业率控制在5.5%以内。"
    start = text.index("5.5%")
    assert comparator_of(text, start, start + 4) == "<="
    assert kind_of(text, start, start + 4, "%") == "ratio"
    assert indicator_of(text, start, start + 4) == "城镇调查失业率"


def test_literal_pattern_matches_longest_word_first():
    pattern = re.compile(literal_pattern(["建成", "建成投用", "投用", "a.b"]))
    assert pattern.findall("确保建成投用,再投用") == ["建成投用", "投用"]
    assert pattern.findall("axb a.b") == ["a.b"]  # words are literal, not regexes


def test_suffix_set():
    words = SuffixSet(["达", "达到", "不低于"])
    assert words.match("接入率达到") == "达到"
    assert words.match("接入率达") == "达"
    assert words.match("接入率") is None
    assert words.prefix("不低于95%") == "不低于"
    assert words.prefix("达到90%") == "达到"  # the longest word first
    assert words.prefix("不低") is None and words.match("") is None
