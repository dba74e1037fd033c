"""Province-level divisions: the name a report's file uses, the doc-id slug, the
GB/T 2260 code and the issuing government."""

from __future__ import annotations

from typing import NamedTuple


class Region(NamedTuple):
    short_name: str
    slug: str
    code: str
    full_name: str

    @property
    def issuer(self) -> str:
        return f"{self.full_name}人民政府"


PROVINCES = (
    Region("北京", "beijing", "110000", "北京市"),
    Region("天津", "tianjin", "120000", "天津市"),
    Region("河北", "hebei", "130000", "河北省"),
    Region("山西", "shanxi", "140000", "山西省"),
    Region("内蒙古", "neimenggu", "150000", "内蒙古自治区"),
    Region("辽宁", "liaoning", "210000", "辽宁省"),
    Region("吉林", "jilin", "220000", "吉林省"),
    Region("黑龙江", "heilongjiang", "230000", "黑龙江省"),
    Region("上海", "shanghai", "310000", "上海市"),
    Region("江苏", "jiangsu", "320000", "江苏省"),
    Region("浙江", "zhejiang", "330000", "浙江省"),
    Region("安徽", "anhui", "340000", "安徽省"),
    Region("福建", "fujian", "350000", "福建省"),
    Region("江西", "jiangxi", "360000", "江西省"),
    Region("山东", "shandong", "370000", "山东省"),
    Region("河南", "henan", "410000", "河南省"),
    Region("湖北", "hubei", "420000", "湖北省"),
    Region("湖南", "hunan", "430000", "湖南省"),
    Region("广东", "guangdong", "440000", "广东省"),
    Region("广西", "guangxi", "450000", "广西壮族自治区"),
    Region("海南", "hainan", "460000", "海南省"),
    Region("重庆", "chongqing", "500000", "重庆市"),
    Region("四川", "sichuan", "510000", "四川省"),
    Region("贵州", "guizhou", "520000", "贵州省"),
    Region("云南", "yunnan", "530000", "云南省"),
    Region("西藏", "xizang", "540000", "西藏自治区"),
    Region("陕西", "shaanxi", "610000", "陕西省"),
    Region("甘肃", "gansu", "620000", "甘肃省"),
    Region("青海", "qinghai", "630000", "青海省"),
    Region("宁夏", "ningxia", "640000", "宁夏回族自治区"),
    Region("新疆", "xinjiang", "650000", "新疆维吾尔自治区"),
)


def province_named(name: str) -> Region | None:
    """The province whose short or full name `name` is (上海, 上海市, 宁夏, 内蒙古自治区)."""
    for region in PROVINCES:
        if name in (region.short_name, region.full_name):
            return region
    return None
