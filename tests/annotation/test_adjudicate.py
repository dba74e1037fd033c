"""`gwrcommit adjudicate`: worksheet of disagreements, merge into gold, and every refusal."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from dataset.schema import Record
from gwrcommit.cli import main
from tests.factories import toy_pass, write_rows

GROWTH_TARGET = {
    "start": 10,
    "end": 12,
    "text": "6%",
    "indicator": "地区生产总值",
    "value": 6.0,
    "value_max": None,
    "unit": "%",
    "comparator": "~",
    "kind": "growth",
}


def second_pass(a: list[dict]) -> list[dict]:
    """A made-up second pass: differs from the first on units 1, 2, 5 and 6."""
    b = copy.deepcopy(a)
    b[1]["commitment_type"] = "aspiration"
    b[2]["numeric_targets"] = [GROWTH_TARGET, *b[2]["numeric_targets"]]
    b[5] |= {"geo_scope": "district", "places": [], "commitment_type": "general_measure"}
    b[6] |= {
        "primary_domain": "government_operations",
        "domains": ["government_operations", "domestic_commerce"],
    }
    return b


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    a = toy_pass()
    write_rows(tmp_path / "a.jsonl", a)
    write_rows(tmp_path / "b.jsonl", second_pass(a))
    return tmp_path


def make_worksheet(capsys, work: Path) -> list[dict]:
    code, stdout, err = run_cli(
        capsys,
        "adjudicate",
        "worksheet",
        str(work / "a.jsonl"),
        str(work / "b.jsonl"),
        "-o",
        str(work / "ws.jsonl"),
    )
    assert code == 0, err
    assert "7 disagreement(s) over 7 units" in stdout
    return read_jsonl(work / "ws.jsonl")


def decide(rows: list[dict], decisions: dict[tuple[str, str], object]) -> list[dict]:
    for row in rows:
        row["decision"] = decisions[row["id"], row["field"]]
        row["reason"] = f"made-up reason for {row['field']}"
    return rows


GOOD_DECISIONS = {
    ("toy-2030-0001", "commitment_type"): "b",
    ("toy-2030-0002", "numeric_targets"): "b",
    ("toy-2030-0005", "commitment_type"): "a",
    ("toy-2030-0005", "geo_scope"): "a",
    ("toy-2030-0005", "places"): "a",
    ("toy-2030-0006", "primary_domain"): "b",
    ("toy-2030-0006", "domains"): ["government_operations", "macroeconomics"],
}


def merge_argv(work: Path, *extra: str) -> list[str]:
    return [
        "adjudicate",
        "merge",
        str(work / "a.jsonl"),
        str(work / "b.jsonl"),
        str(work / "ws.jsonl"),
        "-o",
        str(work / "gold.jsonl"),
        *extra,
    ]


def test_worksheet_lists_each_differing_field(capsys, work: Path):
    rows = make_worksheet(capsys, work)
    assert [(r["id"], r["field"]) for r in rows] == list(GOOD_DECISIONS)
    first = rows[0]
    assert first == {
        "id": "toy-2030-0001",
        "field": "commitment_type",
        "text": "今年我们要稳中求进。",
        "a": "general_measure",
        "b": "aspiration",
        "decision": None,
        "reason": None,
    }
    targets = rows[1]
    assert [t["text"] for t in targets["a"]] == ["5000户"]
    assert [t["text"] for t in targets["b"]] == ["6%", "5000户"]


def test_span_order_alone_is_no_disagreement(capsys, work: Path):
    a = toy_pass()
    b = copy.deepcopy(a)
    for rows in (a, b):
        rows[2]["numeric_targets"].append(GROWTH_TARGET)
    b[2]["numeric_targets"].reverse()
    write_rows(work / "a.jsonl", a)
    write_rows(work / "b.jsonl", b)
    code, stdout, _ = run_cli(
        capsys,
        "adjudicate",
        "worksheet",
        str(work / "a.jsonl"),
        str(work / "b.jsonl"),
        "-o",
        str(work / "ws.jsonl"),
    )
    assert code == 0 and "0 disagreement(s)" in stdout
    assert (work / "ws.jsonl").read_text() == ""


def test_round_trip_worksheet_then_merge(capsys, work: Path):
    rows = decide(make_worksheet(capsys, work), GOOD_DECISIONS)
    write_rows(work / "ws.jsonl", rows)
    code, stdout, err = run_cli(capsys, *merge_argv(work, "--log", str(work / "log.jsonl")))
    assert code == 0, err
    assert "7 gold records (7 decision(s))" in stdout
    gold = {r["id"]: r for r in read_jsonl(work / "gold.jsonl")}
    a = {r["id"]: r for r in toy_pass()}
    for record in gold.values():
        Record.model_validate(record)
    assert gold["toy-2030-0001"]["commitment_type"] == "aspiration"
    assert [t["text"] for t in gold["toy-2030-0002"]["numeric_targets"]] == ["6%", "5000户"]
    assert gold["toy-2030-0005"]["places"][0]["text"] == "青石湖物流园"
    assert gold["toy-2030-0005"]["geo_scope"] == "locality"
    assert gold["toy-2030-0006"]["primary_domain"] == "government_operations"
    # The explicit value, in schema order.
    assert gold["toy-2030-0006"]["domains"] == ["macroeconomics", "government_operations"]
    for unit_id in ("toy-2030-0000", "toy-2030-0003", "toy-2030-0004"):
        assert gold[unit_id] == a[unit_id]
    log = read_jsonl(work / "log.jsonl")
    assert [(r["id"], r["field"], r["decision"]) for r in log] == [
        (k[0], k[1], v) for k, v in GOOD_DECISIONS.items()
    ]
    assert log[0]["a"] == "general_measure" and log[0]["b"] == "aspiration"
    assert log[0]["gold"] == "aspiration" and log[0]["reason"].startswith("made-up")


def test_all_a_decisions_reproduce_pass_a(capsys, work: Path):
    rows = make_worksheet(capsys, work)
    write_rows(work / "ws.jsonl", decide(rows, dict.fromkeys(GOOD_DECISIONS, "a")))
    code, _, err = run_cli(capsys, *merge_argv(work))
    assert code == 0, err
    assert read_jsonl(work / "gold.jsonl") == toy_pass()
    assert not (work / "log.jsonl").exists()


def expect_refusal(capsys, work: Path, *fragments: str, argv: list[str] | None = None) -> None:
    code, _, err = run_cli(capsys, *(argv or merge_argv(work, "--log", str(work / "log.jsonl"))))
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err
    assert not (work / "gold.jsonl").exists()
    assert not (work / "log.jsonl").exists()


def rewrite_row(work: Path, index: int, **changes) -> list[dict]:
    rows = read_jsonl(work / "ws.jsonl")
    rows[index] |= changes
    write_rows(work / "ws.jsonl", rows)
    return rows


@pytest.fixture()
def decided(capsys, work: Path) -> Path:
    write_rows(work / "ws.jsonl", decide(make_worksheet(capsys, work), GOOD_DECISIONS))
    return work


def test_missing_decision_names_unit_and_field(capsys, decided: Path):
    rewrite_row(decided, 3, decision=None)
    expect_refusal(capsys, decided, "ws.jsonl:4:", "toy-2030-0005", "geo_scope", "has no decision")


@pytest.mark.parametrize("reason", [None, "", "   ", 7])
def test_missing_reason_names_unit_and_field(capsys, decided: Path, reason):
    rewrite_row(decided, 0, reason=reason)
    expect_refusal(capsys, decided, "ws.jsonl:1:", "toy-2030-0001", "commitment_type", "reason")


def test_multi_line_reason_is_refused(capsys, decided: Path):
    rewrite_row(decided, 0, reason="first line\nsecond line")
    expect_refusal(capsys, decided, "ws.jsonl:1:", "toy-2030-0001", "one line")


@pytest.mark.parametrize(
    ("index", "decision", "fragment"),
    [
        (0, "promise", "commitment_type"),
        (6, ["government_operations", "none_such"], "domains"),
        (4, [{"start": 0, "end": 2, "text": "建成", "type": "planet", "name": None}], "type"),
        (3, ["district"], "geo_scope"),
    ],
)
def test_invalid_explicit_value_is_refused(capsys, decided: Path, index, decision, fragment):
    rewrite_row(decided, index, decision=decision)
    expect_refusal(capsys, decided, f"ws.jsonl:{index + 1}:", "not 'a', 'b' or a valid", fragment)


def test_merged_record_must_validate(capsys, decided: Path):
    # Unit 0005 becomes quantified_target while both passes agree it has no targets.
    rewrite_row(decided, 2, decision="quantified_target")
    expect_refusal(
        capsys, decided, "merged unit toy-2030-0005", "quantified_target", "decisions on line 3"
    )


def test_explicit_span_must_match_the_unit_text(capsys, decided: Path):
    wrong = {"start": 0, "end": 2, "text": "青石", "type": "zone", "name": None}
    rewrite_row(decided, 4, decision=[wrong])
    expect_refusal(capsys, decided, "merged unit toy-2030-0005", "does not match the unit text")


def test_unknown_unit_and_unknown_field(capsys, decided: Path):
    rewrite_row(decided, 0, id="toy-2030-0099")
    expect_refusal(capsys, decided, "ws.jsonl:1:", "'toy-2030-0099' is not in the passes")
    rewrite_row(decided, 0, id="toy-2030-0001", field="mood")
    expect_refusal(capsys, decided, "ws.jsonl:1:", "unknown field 'mood'")


def test_duplicate_worksheet_row(capsys, decided: Path):
    rows = read_jsonl(decided / "ws.jsonl")
    write_rows(decided / "ws.jsonl", [*rows, rows[2]])
    expect_refusal(capsys, decided, "ws.jsonl:8:", "appears twice", "line 3")


def test_row_without_required_keys(capsys, decided: Path):
    rows = read_jsonl(decided / "ws.jsonl")
    del rows[1]["b"], rows[1]["reason"]
    write_rows(decided / "ws.jsonl", rows)
    expect_refusal(capsys, decided, "ws.jsonl:2:", "lacks b, reason")


def test_disagreement_missing_from_the_worksheet(capsys, decided: Path):
    rows = read_jsonl(decided / "ws.jsonl")
    write_rows(decided / "ws.jsonl", rows[:-1])
    expect_refusal(capsys, decided, "toy-2030-0006", "domains", "no line for it")


def test_stale_worksheet_after_a_pass_changed(capsys, decided: Path):
    b = second_pass(toy_pass())
    b[1]["commitment_type"] = "non_commitment"
    write_rows(decided / "b.jsonl", b)
    expect_refusal(capsys, decided, "ws.jsonl:1:", "toy-2030-0001", "changed since")
    b[1]["commitment_type"] = "general_measure"
    write_rows(decided / "b.jsonl", b)
    expect_refusal(capsys, decided, "ws.jsonl:1:", "now agree")


def test_bad_worksheet_json(capsys, decided: Path):
    (decided / "ws.jsonl").write_text('{"id": 1}\n[1, 2]\n', "utf-8")
    expect_refusal(capsys, decided, "ws.jsonl:1:", "lacks")
    (decided / "ws.jsonl").write_text("[1, 2]\n", "utf-8")
    expect_refusal(capsys, decided, "ws.jsonl:1: expected a JSON object")


def test_invalid_pass_is_refused_by_both_actions(capsys, decided: Path):
    rows = toy_pass()
    rows[0]["geo_scope"] = "galaxy"
    write_rows(decided / "a.jsonl", rows)
    expect_refusal(capsys, decided, "a.jsonl:1:", "geo_scope")
    worksheet_argv = [
        "adjudicate",
        "worksheet",
        str(decided / "a.jsonl"),
        str(decided / "b.jsonl"),
        "-o",
        str(decided / "fresh.jsonl"),
    ]
    expect_refusal(capsys, decided, "a.jsonl:1:", argv=worksheet_argv)
    assert not (decided / "fresh.jsonl").exists()


def test_existing_gold_is_kept_without_force(capsys, decided: Path):
    (decided / "gold.jsonl").write_text("saved earlier\n", "utf-8")
    code, _, err = run_cli(capsys, *merge_argv(decided))
    assert code == 2 and "already exists; pass --force" in err
    assert (decided / "gold.jsonl").read_text("utf-8") == "saved earlier\n"
    code, _, err = run_cli(capsys, *merge_argv(decided, "--force"))
    assert code == 0, err
    assert len(read_jsonl(decided / "gold.jsonl")) == 7


def test_existing_log_is_kept_without_force(capsys, decided: Path):
    (decided / "log.jsonl").write_text("saved earlier\n", "utf-8")
    code, _, err = run_cli(capsys, *merge_argv(decided, "--log", str(decided / "log.jsonl")))
    assert code == 2 and "log.jsonl: already exists" in err
    assert (decided / "log.jsonl").read_text("utf-8") == "saved earlier\n"
    assert not (decided / "gold.jsonl").exists()


def test_completed_worksheet_is_not_overwritten(capsys, decided: Path):
    saved = (decided / "ws.jsonl").read_text("utf-8")
    argv = [
        "adjudicate",
        "worksheet",
        str(decided / "a.jsonl"),
        str(decided / "b.jsonl"),
        "-o",
        str(decided / "ws.jsonl"),
    ]
    code, _, err = run_cli(capsys, *argv)
    assert code == 2 and "already exists" in err
    assert (decided / "ws.jsonl").read_text("utf-8") == saved


def test_an_input_is_never_an_output(capsys, decided: Path):
    argv = merge_argv(decided, "--force")
    argv[argv.index("-o") + 1] = str(decided / "a.jsonl")
    before = (decided / "a.jsonl").read_text("utf-8")
    code, _, err = run_cli(capsys, *argv)
    assert code == 2 and "is also an input" in err
    assert (decided / "a.jsonl").read_text("utf-8") == before
    code, _, err = run_cli(capsys, *merge_argv(decided, "--log", str(decided / "gold.jsonl")))
    assert code == 2 and "two outputs" in err


def test_mismatched_passes_are_refused(capsys, decided: Path):
    write_rows(decided / "b.jsonl", second_pass(toy_pass())[:6])
    expect_refusal(capsys, decided, "7 vs 6 units", "1 only in A (toy-2030-0006)")
