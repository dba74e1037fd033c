"""The rule pre-annotator: estimator API, document pipeline and the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sklearn.base import clone

from annotation.preannotate import (
    PREDICTION_FIELDS,
    RuleAnnotator,
    collect_inputs,
    doc_id_from_path,
    preannotate_files,
    preannotate_text,
    predict_units,
)
from annotation.rules.places import PlaceMatcher, geo_scope
from annotation.rules.review import review_flags
from dataset.errors import InputError
from dataset.gazetteer import load_gazetteer, parse_gazetteer
from dataset.schema import Record, label_set
from gwrcommit.cli import main
from tests.factories import SEED, SEED_DOC_ID

# Made-up report text for these tests (not from any real report).
REVIEW_REPORT = (
    "一、2030年工作回顾\n"
    "过去一年,我们迎难而上,经济运行稳中有进。全年新增城镇就业1.9万人,建成乡村公路120公里。\n"
    "农村自来水普及率达到92%。\n"
    "二、2031年工作安排\n"
    "今年的主要目标是:地区生产总值增长6%左右,新增城镇就业2万人以上。\n"
)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def read_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------- estimator


def test_rule_annotator_is_an_sklearn_estimator():
    annotator = RuleAnnotator(gazetteer_path=None)
    assert annotator.fit([{"id": "x-0000", "text": "推进。"}]) is annotator
    assert clone(annotator).get_params() == {"gazetteer_path": None}


def test_predict_returns_every_label_field_for_every_unit(seed_document):
    units = [u.model_dump(mode="json") for u in seed_document.units]
    predictions = RuleAnnotator().fit(units).predict(units)
    assert len(predictions) == len(units)
    for unit, prediction in zip(units, predictions, strict=True):
        assert tuple(prediction) == PREDICTION_FIELDS
        assert prediction["id"] == unit["id"]
        Record.model_validate(unit | prediction)


def test_predict_needs_only_id_and_text():
    [prediction] = RuleAnnotator().predict([{"id": "t-0000", "text": "新建村级文化广场30个。"}])
    assert prediction["commitment_type"] == "quantified_target"
    assert [t["text"] for t in prediction["numeric_targets"]] == ["30个"]


@pytest.mark.parametrize("bad", [[{"id": "x"}], ["推进。"], [{"text": 3}]])
def test_predict_refuses_units_without_text(bad):
    with pytest.raises(InputError, match="unit 0"):
        RuleAnnotator().predict(bad)


def test_review_paragraph_numbers_are_not_targets():
    records = list(preannotate_text(REVIEW_REPORT, "toy-review"))
    by_text = {r["text"]: r for r in records}
    for achieved in ("全年新增城镇就业1.9万人,建成乡村公路120公里。", "农村自来水普及率达到92%。"):
        assert by_text[achieved]["numeric_targets"] == []
        assert by_text[achieved]["commitment_type"] == "non_commitment"
        assert by_text[achieved]["primary_domain"] != "none"  # a report has a subject
    planned = by_text["今年的主要目标是:地区生产总值增长6%左右,新增城镇就业2万人以上。"]
    assert [t["text"] for t in planned["numeric_targets"]] == ["6%", "2万人"]
    assert [t["kind"] for t in planned["numeric_targets"]] == ["growth", "increment"]


def test_review_context_comes_from_the_paragraph_and_the_section():
    units = [
        {"doc_id": "d", "para": 0, "text": "过去一年,全区经济稳中向好。"},
        {"doc_id": "d", "para": 0, "text": "新增城镇就业1.9万人。"},
        {"doc_id": "d", "para": 1, "text": "新增城镇就业2万人。"},
        {"text": "新增城镇就业2万人。"},
        {"text": "新增城镇就业1.9万人。", "section": "一、2030年工作回顾"},
        {"text": "今年新增城镇就业2万人。", "section": "一、2030年工作回顾"},
    ]
    assert review_flags(units) == [True, True, False, False, True, False]


def test_sziamianshan_is_never_rewritten():
    """The 四面山 pitfall: numerals are converted span by span, never in the whole text."""
    text = "推进四面山景区提档升级,接待游客量增长10%。"
    [record] = preannotate_text(text, "toy")
    assert record["text"] == text
    assert [t["text"] for t in record["numeric_targets"]] == ["10%"]
    assert [p["text"] for p in record["places"]] == ["四面山"]


# ---------------------------------------------------------------- places


def test_places_follow_gazetteer_rulings():
    gazetteer = parse_gazetteer(
        {
            "district": {"name": "甲区"},
            "entries": [
                {"name": "重庆市", "type": "municipality", "aliases": ["重庆"]},
                {"name": "甲区", "type": "district", "aliases": ["甲"]},
                {"name": "乙镇", "type": "township", "aliases": ["乙", "丙山"]},
                {"name": "丙山", "type": "natural", "aliases": []},
                {"name": "丁溪", "type": "natural", "aliases": []},
                {"name": "外区机场", "type": "site", "note": "outside; geo_scope beyond"},
            ],
        }
    )
    matcher = PlaceMatcher.from_gazetteer(gazetteer)

    def places(text: str) -> list[tuple[str, str, str | None]]:
        return [(p["text"], p["type"], p["name"]) for p in matcher.find(text)]

    assert places("推进数字重庆建设") == []
    assert places("打造重庆南部新城") == [("重庆", "municipality", "重庆市")]
    assert places("用好“云端丙山”平台") == []
    assert places("推进以丙山为核心的旅游圈") == [("丙山", "natural", "丙山")]
    assert places("建成乙、丙山综合服务站") == [
        ("乙", "township", "乙镇"),
        ("丙山", "township", "乙镇"),
    ]
    assert places("推进丙山、丁溪治理") == [
        ("丙山", "natural", "丙山"),
        ("丁溪", "natural", "丁溪"),
    ]
    assert places("加快浒湖北路二期建设") == [("浒湖北路", "site", None)]
    assert places("提升中心镇功能") == []
    assert places("打造城市南部新城") == []
    assert geo_scope("打造甲名片", matcher.find("打造甲名片"), matcher) == "district"
    assert geo_scope("毗邻外区机场", matcher.find("毗邻外区机场"), matcher) == "beyond"
    assert geo_scope("建设外区机场", matcher.find("建设外区机场"), matcher) == "beyond"
    assert geo_scope("推进丁溪治理", matcher.find("推进丁溪治理"), matcher) == "locality"
    assert geo_scope("与周边地区共建", [], matcher) == "beyond"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], '"entries" list'),
        ({"entries": [{"type": "site"}]}, 'entry 1: needs a "name"'),
        ({"entries": [{"name": "甲", "type": "city"}]}, "type 'city' is not one of"),
        ({"entries": [{"name": "甲", "type": "site", "aliases": "乙"}]}, "aliases"),
    ],
)
def test_bad_gazetteers_are_refused(data, message):
    with pytest.raises(InputError, match=message):
        parse_gazetteer(data, "g.json")


def test_gazetteer_files(tmp_path: Path):
    with pytest.raises(InputError, match="no such file"):
        load_gazetteer(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{oops", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        load_gazetteer(broken)
    assert len(load_gazetteer(root=tmp_path)) == 0  # a project without a gazetteer yet


def test_home_district_from_the_top_level_or_a_marked_entry():
    entries = [{"name": "甲区", "type": "district"}, {"name": "乙区", "type": "district"}]
    assert parse_gazetteer({"entries": entries}).district is None
    marked = [entries[0], {**entries[1], "home": True}]
    assert parse_gazetteer({"entries": marked}).district == "乙区"
    both = {"district": {"name": "甲区"}, "entries": marked}
    assert parse_gazetteer(both).district == "甲区"
    assert load_gazetteer().district == "江津区"  # the project gazetteer


# ---------------------------------------------------------------- inputs and doc ids


@pytest.mark.parametrize(
    ("name", "doc_id"),
    [
        ("000_74081a512f7bad7c.txt", "000-74081a512f7bad7c"),
        ("Jiangjin 2025.txt", "jiangjin-2025"),
        ("a--b_.txt", "a-b"),
    ],
)
def test_doc_id_from_path(name, doc_id):
    assert doc_id_from_path(Path(name)) == doc_id


def test_doc_id_from_a_name_without_letters_or_digits_is_refused():
    with pytest.raises(InputError, match="cannot make a document id"):
        doc_id_from_path(Path("江津.txt"))


def test_collect_inputs(tmp_path: Path):
    (tmp_path / "b.txt").write_text("推进。", encoding="utf-8")
    (tmp_path / "a.txt").write_text("推进。", encoding="utf-8")
    (tmp_path / "notes.md").write_text("x", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    assert [d for _, d in collect_inputs([tmp_path], None)] == ["a", "b"]
    with pytest.raises(InputError, match="names one document"):
        collect_inputs([tmp_path], "x")
    with pytest.raises(InputError, match=r"no \.txt reports"):
        collect_inputs([tmp_path / "notes.md", tmp_path / "empty"], None)


def test_duplicate_doc_ids_are_refused(tmp_path: Path):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    for folder in ("one", "two"):
        (tmp_path / folder / "Report.txt").write_text("推进。", encoding="utf-8")
    with pytest.raises(InputError, match="doc id 'report' is also the id of"):
        collect_inputs([tmp_path / "one", tmp_path / "two"], None)


# ---------------------------------------------------------------- command line


def test_cli_one_file(tmp_path: Path, capsys):
    out = tmp_path / "pre.jsonl"
    code, stdout, _ = run_cli(
        capsys, "preannotate", str(SEED), "--doc-id", SEED_DOC_ID, "-o", str(out)
    )
    assert code == 0 and "201 records from 1 report" in stdout
    records = read_records(out)
    assert len(records) == 201 and records[0]["id"] == f"{SEED_DOC_ID}-0000"
    for record in records:
        Record.model_validate(record)
    code, stdout, _ = run_cli(capsys, "validate", str(out))
    assert code == 0, stdout


def test_cli_several_files_and_a_directory_give_the_same_records(tmp_path: Path, capsys):
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "Alpha.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (reports / "beta.txt").write_text(REVIEW_REPORT, encoding="utf-8")
    files_out, dir_out = tmp_path / "files.jsonl", tmp_path / "dir.jsonl"
    code, stdout, _ = run_cli(
        capsys,
        "preannotate",
        str(reports / "Alpha.txt"),
        str(reports / "beta.txt"),
        "-o",
        str(files_out),
    )
    assert code == 0 and "from 2 report(s)" in stdout
    code, _, _ = run_cli(capsys, "preannotate", str(reports), "--jobs", "2", "-o", str(dir_out))
    assert code == 0
    assert files_out.read_bytes() == dir_out.read_bytes()
    records = read_records(dir_out)
    assert {r["doc_id"] for r in records} == {"alpha", "beta"}
    assert [r["doc_id"] for r in records] == sorted(r["doc_id"] for r in records)  # input order


def test_parallel_and_serial_runs_agree(tmp_path: Path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for i in range(3):
        (reports / f"r{i}.txt").write_text(REVIEW_REPORT * (i + 1), encoding="utf-8")
    serial, parallel = tmp_path / "s.jsonl", tmp_path / "p.jsonl"
    assert preannotate_files([reports], serial, jobs=1, progress=False) == (3, 36)
    assert preannotate_files([reports], parallel, jobs=0, progress=False) == (3, 36)
    assert serial.read_bytes() == parallel.read_bytes()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "the file is empty"),
        ("江津区推进建设。".encode("gbk"), "cannot decode as utf-8"),
    ],
)
def test_cli_bad_report_in_a_batch_leaves_the_saved_output(
    tmp_path: Path, capsys, content, expected
):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(REVIEW_REPORT, encoding="utf-8")
    bad.write_bytes(content)
    out = tmp_path / "pre.jsonl"
    out.write_text("saved earlier\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "preannotate", str(good), str(bad), "-o", str(out), "--force")
    assert code == 2
    assert expected in err and str(bad) in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "saved earlier\n"
    assert not list(tmp_path.glob(".pre.jsonl.*"))


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["{missing}", "-o", "{out}"], "no such file"),
        (["{seed}", "--doc-id", "Bad ID", "-o", "{out}"], "--doc-id"),
        (["{seed}", "{seed}", "--doc-id", "x", "-o", "{out}"], "names one document"),
        (["{seed}", "-o", "{tmp}"], "is a directory"),
        (["{seed}", "--jobs", "-2", "-o", "{out}"], "--jobs -2"),
        (["{seed}", "--encoding", "klingon", "-o", "{out}"], "unknown encoding"),
        (["{seed}", "--gazetteer", "{missing}", "-o", "{out}"], "no such file"),
        (["{empty_dir}", "-o", "{out}"], "no .txt reports"),
    ],
)
def test_cli_bad_arguments_get_one_line(tmp_path: Path, capsys, argv, expected):
    (tmp_path / "empty").mkdir()
    values = {
        "missing": str(tmp_path / "missing.txt"),
        "out": str(tmp_path / "out.jsonl"),
        "seed": str(SEED),
        "tmp": str(tmp_path),
        "empty_dir": str(tmp_path / "empty"),
    }
    code, _, err = run_cli(capsys, "preannotate", *(a.format(**values) for a in argv))
    assert code == 2
    assert expected in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out.jsonl").exists()


def test_cli_with_a_custom_gazetteer(tmp_path: Path, capsys):
    report = tmp_path / "toy.txt"
    report.write_text("加快乙镇污水管网建设。\n", encoding="utf-8")
    gazetteer = tmp_path / "g.json"
    gazetteer.write_text(
        json.dumps({"entries": [{"name": "乙镇", "type": "township", "aliases": ["乙"]}]}),
        encoding="utf-8",
    )
    out = tmp_path / "o.jsonl"
    code, _, _ = run_cli(
        capsys, "preannotate", str(report), "--gazetteer", str(gazetteer), "-o", str(out)
    )
    assert code == 0
    [record] = read_records(out)
    assert record["places"] == [
        {"start": 2, "end": 4, "text": "乙镇", "type": "township", "name": "乙镇"}
    ]
    assert record["geo_scope"] == "locality"


# ---------------------------------------------------------------- throughput


def test_benchmark_runs_preannotate_end_to_end_on_new_texts_each_run():
    from dataset.records.source import read_source
    from gwrcommit.benchmarks import bench_preannotate, seed_variants

    first, second = seed_variants(2)
    assert first != second  # no run sees a text an earlier run saw
    result = bench_preannotate(copies=2, repeat=2)
    seed_units = len(list(preannotate_text(read_source(SEED), SEED_DOC_ID)))
    assert result["documents"] == 2 and result["units"] == 2 * seed_units
    assert result["repeat"] == 2
    assert result["units_per_second"] >= result["median_units_per_second"] > 0


def test_benchmark_names_the_interpreter():
    import platform

    from gwrcommit.benchmarks import interpreter

    described = interpreter()
    assert described["python"] == platform.python_version()
    assert described["implementation"] == platform.python_implementation()


# ---------------------------------------------------------------- topics across units


def test_a_unit_naming_no_topic_takes_its_paragraphs_then_its_sections():
    section = "(二)办好人民满意的教育"
    units = [
        {"doc_id": "d", "para": 1, "unit_type": "body", "section": section, "text": text}
        for text in ("推进高标准农田建设。", "加快推进相关工作。")
    ]
    units.append(
        {
            "doc_id": "d",
            "para": 2,
            "unit_type": "body",
            "section": section,
            "text": "加快推进相关工作。",
        }
    )
    units.append({"doc_id": "d", "para": 3, "unit_type": "body", "text": "加快推进相关工作。"})
    topics = [(p["primary_domain"], p["domains"]) for p in predict_units(units)]
    assert topics == [
        ("agriculture", ["agriculture"]),  # named by 高标准农田
        ("agriculture", ["agriculture"]),  # the paragraph's last topic (codebook D1)
        ("education", ["education"]),  # a new paragraph: the section's topic
        ("macroeconomics", ["macroeconomics"]),  # none named, before or above: D5
    ]


# ---------------------------------------------------------------- lexicons and the schema


def test_the_lexicons_name_only_topics_of_the_schema():
    from annotation.lexicons import DOMAIN_KEYWORDS, DOMAIN_PAIRS

    topics = set(label_set("domains"))  # the CAP topics, without "none"
    assert not set(DOMAIN_KEYWORDS) - topics
    assert not set(DOMAIN_PAIRS.values()) - topics
    keywords = {kw for kws in DOMAIN_KEYWORDS.values() for kw in kws}
    assert not set(DOMAIN_PAIRS) - keywords  # a pair adds its topic where its keyword is found


def test_the_clause_types_are_commitment_types_of_the_schema():
    from annotation.rules.labels import CLAUSE_CUE_ORDER, TYPE_RANK

    assert not set(CLAUSE_CUE_ORDER) - set(label_set("commitment_type"))
    assert set(TYPE_RANK) == set(label_set("commitment_type"))
