"""Word lists copied from the codebook (annotation/guidelines.md), as data: one home for
the rule pre-annotator (annotation/lexicons.py builds on them) and the baselines.

For the baselines these are closed-track resources: the codebook is one of the two things
a closed-track system may use (the other is the train split). Each list names the rule it
comes from; tests/dataset/test_codebook_lists.py checks that the marker lists equal §6.2 S4 and that
every other word is written in the codebook, so the lists cannot drift from it or grow
words picked from test units.
"""

from __future__ import annotations

# §6.2 S4: the closed marker lists of commitment strength.
BINDING_MARKERS: tuple[str, ...] = (
    "确保",
    "必须",
    "坚决",
    "严守",
    "守住",
    "守牢",
    "牢牢守住",
    "严防",
    "严控",
    "严禁",
    "杜绝",
    "决不",
    "绝不",
    "务必",
    "不得",
)
STRIVING_MARKERS: tuple[str, ...] = ("力争", "争取", "努力", "争创", "力求", "尽力")

# §5 (commitment type): the verbs and words that its definitions and rules name.
DIRECTION_VERBS: tuple[str, ...] = (  # §5.1 / schema definition, §5.4
    "推进",
    "加强",
    "深化",
    "健全",
    "完善",
    "提升",
    "优化",
    "加快",
    "推动",
    "构建",
    "落实",
    "巩固",
)
COMPLETION_VERBS: tuple[str, ...] = (  # §5.3 SA1
    "建成",
    "投用",
    "投产",
    "竣工",
    "封顶",
    "开工",
    "启动建设",
    "完成",
    "上线",
    "成立",
)
EVENT_VERBS: tuple[str, ...] = ("办好", "举办", "承办")  # §5.3 SA2
STATUS_VERBS: tuple[str, ...] = ("成功创建", "创建", "争创", "申报", "纳入")  # §5.3 SA3
LAUNCH_VERBS: tuple[str, ...] = ("实施", "开展", "启动", "建立", "设立", "组建")  # §5.3 SA4
CONTINUATION_ADVERBS: tuple[str, ...] = (  # §5.3 SA4: programmes that already run
    "持续",
    "继续",
    "接续",
    "深入",
    "进一步",
    "常态化",
    "迭代",
)
ALL_OR_NOTHING_STATES: tuple[str, ...] = ("全覆盖", "清零", "销号")  # §5.3 SA5
ASPIRATION_CUES: tuple[str, ...] = ("让", "打造成为", "成为", "贡献", "更加")  # §5.2 Y4

# §9 G1 and §8 (geography).
COOPERATION_WORDS: tuple[str, ...] = ("共建", "一体化", "合作", "协同")  # §9 G1 (b)
REGION_WORDS: tuple[str, ...] = ("成渝", "川渝")  # §8.1 P1 region, §9 G1 (a)
TOWNSHIP_SUFFIXES: tuple[str, ...] = ("镇", "街道")  # §8.1 P1 township
PLACE_HEAD_NOUNS: tuple[str, ...] = (  # §8.2 P4
    "路",
    "大道",
    "水库",
    "枢纽",
    "码头",
    "机场",
    "公园",
    "广场",
    "遗址",
    "村",
    "新城",
    "片区",
    "产业园",
    "科学城",
    "示范区",
)

CUE_GROUPS: dict[str, tuple[str, ...]] = {
    "binding_marker": BINDING_MARKERS,
    "striving_marker": STRIVING_MARKERS,
    "direction_verb": DIRECTION_VERBS,
    "completion_verb": COMPLETION_VERBS,
    "event_verb": EVENT_VERBS,
    "status_verb": STATUS_VERBS,
    "launch_verb": LAUNCH_VERBS,
    "continuation_adverb": CONTINUATION_ADVERBS,
    "all_or_nothing_state": ALL_OR_NOTHING_STATES,
    "aspiration_cue": ASPIRATION_CUES,
    "cooperation_word": COOPERATION_WORDS,
    "region_word": REGION_WORDS,
    "township_suffix": TOWNSHIP_SUFFIXES,
    "place_head_noun": PLACE_HEAD_NOUNS,
}
"""Cue name -> its words: each becomes one presence feature of the tuned baseline."""
