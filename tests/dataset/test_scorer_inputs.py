"""Bad prediction and gold files are refused in one line naming the file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dataset.errors import InputError
from dataset.scoring.inputs import check_predictions
from dataset.scoring.scorer import score
from gwrcommit.cli import main
from tests.factories import make_unit, place, prediction, target, write_rows

TEXTS = (
    "新增城镇就业岗位3000个以上。",
    "支持青枫镇发展茶叶加工。",
    "持续优化营商环境。",
)


def gold_rows() -> list[dict]:
    first, second, third = TEXTS
    return [
        make_unit(
            0,
            first,
            numeric_targets=[target(first, "3000个", 3000, "个", comparator=">=")],
            primary_domain="labor",
            domains=["labor"],
        ),
        make_unit(
            1,
            second,
            places=[place(second, "青枫镇")],
            geo_scope="locality",
            primary_domain="agriculture",
            domains=["agriculture"],
        ),
        make_unit(2, third, primary_domain="domestic_commerce", domains=["domestic_commerce"]),
    ]


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    return write_rows(tmp_path / "gold.jsonl", gold_rows())


def good_rows() -> list[dict]:
    return [prediction(unit) for unit in gold_rows()]


def refuse(capsys, gold_file: Path, pred: Path) -> str:
    code = main(["score", "--pred", str(pred), "--gold", str(gold_file), "--resamples", "10"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    return err


def test_the_good_file_scores(capsys, gold_file: Path, tmp_path: Path):
    pred = write_rows(tmp_path / "pred.jsonl", good_rows())
    assert main(["score", "--pred", str(pred), "--gold", str(gold_file), "--resamples", "10"]) == 0


def with_row(index: int, **changes) -> list[dict]:
    rows = good_rows()
    rows[index] = rows[index] | changes
    return rows


def with_target(**changes) -> list[dict]:
    rows = good_rows()
    rows[0]["numeric_targets"] = [rows[0]["numeric_targets"][0] | changes]
    return rows


def without(rows: list[dict], index: int, key: str) -> list[dict]:
    rows[index] = {k: v for k, v in rows[index].items() if k != key}
    return rows


def dropped_span_key(key: str) -> list[dict]:
    rows = good_rows()
    rows[0]["numeric_targets"] = [
        {k: v for k, v in rows[0]["numeric_targets"][0].items() if k != key}
    ]
    return rows


CASES = {
    "missing id": (without(good_rows(), 1, "id"), ":2: missing 'id'"),
    "non-string id": (with_row(1, id=7), ":2: id must be a string"),
    "unknown id": (
        with_row(2, id="made-up-0099"),
        ":3: unknown id 'made-up-0099' (not in the gold)",
    ),
    "duplicate id": (
        [*good_rows(), good_rows()[0]],
        ":4: duplicate id 'made-up-0000' (first on line 1)",
    ),
    "missing ids": (good_rows()[:2], "1 of the 3 gold units have no prediction row"),
    "field on some rows only": (
        without(good_rows(), 2, "commitment_type"),
        ":3: no 'commitment_type' here, but line 1 has it",
    ),
    "unknown label": (
        with_row(0, commitment_type="promise"),
        ":1: unknown commitment_type 'promise'",
    ),
    "null label": (with_row(0, geo_scope=None), ":1: unknown geo_scope None"),
    "unknown domain": (with_row(0, domains=["labor", "sports"]), ":1: unknown domain 'sports'"),
    "none in domains": (with_row(0, domains=["none"]), ":1: 'none' is not a member of domains"),
    "domains not a list": (with_row(0, domains="labor"), ":1: domains must be a list"),
    "unknown unit": (with_target(unit="furlong"), ":1: unknown numeric_targets[0].unit 'furlong'"),
    "unknown comparator": (with_target(comparator="=>"), "numeric_targets[0].comparator '=>'"),
    "unknown place type": (
        with_row(1, places=[place(TEXTS[1], "青枫镇", "village")]),
        ":2: unknown places[0].type 'village'",
    ),
    "span missing key": (dropped_span_key("unit"), ":1: numeric_targets[0]: missing key 'unit'"),
    "span missing end": (dropped_span_key("end"), ":1: numeric_targets[0]: missing key 'end'"),
    "span unknown key": (with_target(score=0.9), ":1: numeric_targets[0]: unknown key 'score'"),
    "span out of range": (
        with_target(start=14, end=40, text="。"),
        ":1: numeric_targets[0]: [14, 40) is out of range of the unit text (length 16)",
    ),
    "empty span": (with_target(start=9, end=9), ":1: numeric_targets[0]: end 9 must be greater"),
    "span negative start": (with_target(start=-1), "[-1, 13) is out of range"),
    "span text mismatch": (
        with_target(text="3001个"),
        ":1: numeric_targets[0]: text '3001个' does not match the unit text [8, 13) = '3000个'",
    ),
    "span offsets not integers": (with_target(start=8.0), "start and end must be integers"),
    "spans not a list": (with_row(1, places={"start": 2}), ":2: places must be a list of spans"),
    "span not an object": (with_row(1, places=["青枫镇"]), ":2: places[0] must be an object"),
    "non-numeric value": (
        with_target(value="3000"),
        ":1: numeric_targets[0].value is not a number: '3000'",
    ),
    "boolean value": (with_target(value=True), "numeric_targets[0].value is not a number: True"),
    "non-numeric value_max": (with_target(value_max="5"), "value_max is not a number or null"),
    "unknown field": (with_row(2, confidence=0.9), ":3: unknown field 'confidence'"),
    "text of another unit": (with_row(0, text="推进建设。"), ":1: 'text' differs from the gold"),
    "domains without primary_domain": (
        [{"id": r["id"], "domains": r["domains"]} for r in good_rows()],
        ":1: 'domains' without 'primary_domain'",
    ),
    "no label fields": ([{"id": r["id"]} for r in good_rows()], ":1: no label field, nothing"),
    "field first seen on a later row": (
        without(good_rows(), 0, "geo_scope"),
        ":1: no 'geo_scope' here, but line 2 has it",
    ),
    "no rows": ([], "no predictions (the file has no rows)"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_prediction_rows_are_refused(case: str, capsys, gold_file: Path, tmp_path: Path):
    rows, expected = CASES[case]
    pred = write_rows(tmp_path / "pred.jsonl", rows)
    err = refuse(capsys, gold_file, pred)
    assert expected in err
    assert f"{pred}" in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"id": "made-up-0000", "geo_scope": "district"}\n{"id": \n', ":2: not valid JSON"),
        ("[1, 2]\n", ":1: expected a JSON object per line"),
        ('"made-up-0000"\n', ":1: expected a JSON object per line"),
        (b"\xff\xfe{}\n", ":1: not UTF-8"),
    ],
)
def test_files_that_are_not_jsonl_of_objects_are_refused(
    content, expected, capsys, gold_file: Path, tmp_path: Path
):
    pred = tmp_path / "pred.jsonl"
    if isinstance(content, bytes):
        pred.write_bytes(content)
    else:
        pred.write_text(content, encoding="utf-8")
    assert f"{pred}{expected}" in refuse(capsys, gold_file, pred)


def test_missing_prediction_file_is_refused(capsys, gold_file: Path, tmp_path: Path):
    assert "no such file" in refuse(capsys, gold_file, tmp_path / "nope.jsonl")


def test_bad_gold_file_is_refused_with_its_line(capsys, tmp_path: Path):
    rows = gold_rows()
    rows[1]["geo_scope"] = "planet"
    gold = write_rows(tmp_path / "gold.jsonl", rows)
    pred = write_rows(tmp_path / "pred.jsonl", good_rows())
    assert f"{gold}:2: geo_scope" in refuse(capsys, gold, pred)


def test_duplicate_gold_id_is_refused(capsys, tmp_path: Path):
    rows = gold_rows()
    gold = write_rows(tmp_path / "gold.jsonl", [*rows, rows[0]])
    pred = write_rows(tmp_path / "pred.jsonl", good_rows())
    assert f"{gold}:4: duplicate id" in refuse(capsys, gold, pred)


def test_missing_release_is_reported_not_a_traceback(capsys, tmp_path: Path, monkeypatch):
    monkeypatch.setattr("dataset.paths.release_dir", lambda root=None: tmp_path / "nothing")
    pred = write_rows(tmp_path / "pred.jsonl", good_rows())
    err = refuse(capsys, "test", pred)  # type: ignore[arg-type]
    assert "no release here; run `gwrcommit build` first" in err


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (["--resamples", "0"], "--resamples must be a positive integer"),
        (["--seed", "-1"], "--seed must be a non-negative integer"),
    ],
)
def test_bad_bootstrap_settings_are_refused(option, expected, capsys, gold_file, tmp_path):
    pred = write_rows(tmp_path / "pred.jsonl", good_rows())
    code = main(["score", "--pred", str(pred), "--gold", str(gold_file), *option])
    assert code == 2 and expected in capsys.readouterr().err


def test_a_failed_run_leaves_the_saved_metrics_alone(capsys, gold_file: Path, tmp_path: Path):
    out = tmp_path / "metrics.json"
    out.write_text('{"saved": true}\n')
    pred = write_rows(tmp_path / "pred.jsonl", with_row(0, commitment_type="promise"))
    code = main(["score", "--pred", str(pred), "--gold", str(gold_file), "--out", str(out)])
    assert code == 2
    assert json.loads(out.read_text()) == {"saved": True}
    assert not list(tmp_path.glob(".metrics.json.*"))


def test_check_predictions_returns_the_tasks_present():
    gold = gold_rows()
    rows = [
        (i + 1, {"id": u["id"], "commitment_strength": "unmarked", "geo_scope": "district"})
        for i, u in enumerate(gold)
    ]
    assert check_predictions(gold, rows, "p.jsonl").tasks == ["strength", "places"]
    full = [(i + 1, r) for i, r in enumerate(good_rows())]
    assert check_predictions(gold, full, "p.jsonl").tasks == [
        "type",
        "strength",
        "domain",
        "targets",
        "places",
    ]


def test_score_reports_the_position_of_a_bad_row_in_the_list():
    rows = with_row(2, commitment_strength="maybe")
    with pytest.raises(InputError, match=r"^mine:3: unknown commitment_strength 'maybe'"):
        score(gold_rows(), rows, resamples=5, source="mine")


def test_unit_fields_of_an_exported_row_are_accepted():
    gold = gold_rows()
    result = score(gold, [dict(row) for row in gold], resamples=5)
    assert result["meta"]["tasks"] == ["type", "strength", "domain", "targets", "places"]


def test_indicator_and_name_are_optional_and_value_max_defaults_to_none():
    gold = gold_rows()
    rows = good_rows()
    rows[0]["numeric_targets"] = [
        {
            k: v
            for k, v in rows[0]["numeric_targets"][0].items()
            if k not in ("indicator", "value_max")
        }
    ]
    rows[1]["places"] = [{k: v for k, v in rows[1]["places"][0].items() if k != "name"}]
    result = score(gold, rows, resamples=5)
    assert result["tasks"]["targets"]["metrics"]["tuple_f1"]["value"] == 1.0
