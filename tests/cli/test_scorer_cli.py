"""`gwrcommit score` end to end: export the gold, score it, read the outputs; speed."""

from __future__ import annotations

import datetime
import hashlib
import json
import random
from pathlib import Path

import pytest

from dataset.errors import InputError
from dataset.paths import PROJECT_ROOT
from dataset.schema import COMMITMENT_STRENGTHS, COMMITMENT_TYPES, DOMAINS, GEO_SCOPES
from dataset.scoring.scorer import SCORER_VERSION, score
from dataset.scoring.tasks import TASKS
from dataset.version import DATASET_VERSION
from gwrcommit.benchmarks import perturb_predictions, time_scoring
from gwrcommit.cli import main
from tests.factories import build_temp_release, write_rows

REAL_TEST_SPLIT = PROJECT_ROOT / "dataset" / "data" / f"v{DATASET_VERSION}" / "test.jsonl"


@pytest.fixture()
def temp_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return build_temp_release(tmp_path, monkeypatch)


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def export_and_score(capsys, tmp_path: Path, *extra: str) -> tuple[dict, str, Path]:
    exported = tmp_path / "g.jsonl"
    code, _, err = run_cli(capsys, "export", "--split", "test", "-o", str(exported))
    assert code == 0, err
    metrics = tmp_path / "metrics.json"
    code, stdout, err = run_cli(
        capsys, "score", "--pred", str(exported), "--gold", "test", "--out", str(metrics), *extra
    )
    assert code == 0, err
    return json.loads(metrics.read_text(encoding="utf-8")), stdout, exported


def main_rows(stdout: str) -> dict[str, list[str]]:
    """task -> cells of its main-metric row in the plain table."""
    rows = {}
    for line in stdout.splitlines():
        cells = line.split()
        if len(cells) >= 4 and cells[0] in TASKS and cells[2] == "*":
            rows[cells[0]] = cells
    return rows


def assert_perfect(result: dict, stdout: str) -> None:
    assert list(result["tasks"]) == list(TASKS)
    rows = main_rows(stdout)
    for task in TASKS:
        entry = result["tasks"][task]
        assert entry["main_metric"] == TASKS[task].main_metric
        assert entry["metrics"][TASKS[task].main_metric]["value"] == 1.0
        assert rows[task][1] == TASKS[task].main_metric and rows[task][3] == "1.0000"


def test_exported_test_split_scores_perfectly_against_itself(temp_release, tmp_path, capsys):
    result, stdout, exported = export_and_score(capsys, tmp_path)
    assert_perfect(result, stdout)
    counts = result["tasks"]["targets"]["counts"]
    assert counts["gold_spans"] > 0 and result["tasks"]["places"]["counts"]["gold_spans"] > 0

    meta = result["meta"]
    assert meta["scorer_version"] == SCORER_VERSION
    assert meta["dataset_version"] == DATASET_VERSION
    assert meta["seed"] == 13 and meta["resamples"] == 1000
    assert meta["tasks"] == list(TASKS)
    assert meta["gold"]["source"] == f"release v{DATASET_VERSION} test"
    sums = meta["gold"]["sha256"]
    assert sums["test"] == hashlib.sha256((temp_release / "test.jsonl").read_bytes()).hexdigest()
    assert meta["predictions"]["source"] == str(exported)
    assert meta["predictions"]["sha256"] == hashlib.sha256(exported.read_bytes()).hexdigest()
    assert meta["git_commit"] == "unknown" or len(meta["git_commit"]) == 40
    assert datetime.datetime.fromisoformat(meta["timestamp"]).tzinfo is not None
    assert "labels that occur in the gold or the predictions" in meta["macro_average"]
    assert meta["zero_division"] == 0.0
    assert "seed 13 · 1000 resamples" in stdout


@pytest.mark.skipif(not REAL_TEST_SPLIT.exists(), reason="the release is not built yet")
def test_real_release_test_split_scores_perfectly_against_itself(tmp_path, capsys):
    result, stdout, _ = export_and_score(capsys, tmp_path)
    assert_perfect(result, stdout)


def test_seed_resamples_and_markdown_are_honoured(temp_release, tmp_path, capsys):
    result, stdout, _ = export_and_score(
        capsys, tmp_path, "--seed", "7", "--resamples", "200", "--format", "md"
    )
    assert result["meta"]["seed"] == 7 and result["meta"]["resamples"] == 200
    lines = stdout.splitlines()
    assert "| task | metric | value | 95% CI |" in lines
    assert "| type | macro_f1 * | 1.0000 | [1.0000, 1.0000] |" in lines


def test_score_with_a_gold_file_and_imperfect_predictions(tmp_path, capsys, temp_release):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes((temp_release / "train.jsonl").read_bytes())
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines()]
    pred = write_rows(tmp_path / "pred.jsonl", perturb_predictions(rows, seed=1, rate=0.5))
    out = tmp_path / "m.json"
    code, stdout, err = run_cli(
        capsys, "score", "--pred", str(pred), "--gold", str(gold), "--out", str(out)
    )
    assert code == 0, err
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["meta"]["gold"]["source"] == str(gold)
    assert result["meta"]["gold"]["sha256"] == hashlib.sha256(gold.read_bytes()).hexdigest()
    expected = score(rows, perturb_predictions(rows, seed=1, rate=0.5), source=str(pred))
    assert result["tasks"] == expected["tasks"]
    assert any(
        entry["metrics"][entry["main_metric"]]["value"] < 1.0 for entry in result["tasks"].values()
    )
    assert "type: confusion (rows gold, columns predicted)" in stdout


def test_only_the_tasks_whose_fields_are_given_are_scored(temp_release, tmp_path, capsys):
    rows = [json.loads(line) for line in (temp_release / "test.jsonl").read_text().splitlines()]
    pred = write_rows(
        tmp_path / "pred.jsonl",
        [
            {"id": r["id"], "primary_domain": r["primary_domain"], "geo_scope": "district"}
            for r in rows
        ],
    )
    out = tmp_path / "m.json"
    code, stdout, _ = run_cli(capsys, "score", "--pred", str(pred), "--out", str(out))
    assert code == 0
    result = json.loads(out.read_text())
    assert list(result["tasks"]) == ["domain", "places"]
    assert list(result["tasks"]["domain"]["metrics"]) == ["primary_macro_f1", "primary_accuracy"]
    assert result["tasks"]["places"]["main_metric"] == "geo_scope_macro_f1"
    assert "domains_micro_f1" not in stdout and "type: per class" not in stdout


def test_every_single_label_field_gets_a_per_class_table_with_intervals(
    temp_release, tmp_path, capsys
):
    rows = [json.loads(line) for line in (temp_release / "test.jsonl").read_text().splitlines()]
    pred = write_rows(tmp_path / "pred.jsonl", perturb_predictions(rows, seed=2, rate=0.4))
    out = tmp_path / "m.json"
    flags = set()
    for fmt in ("plain", "md"):
        code, stdout, err = run_cli(
            capsys, "score", "--pred", str(pred), "--out", str(out), "--format", fmt, "--force"
        )
        assert code == 0, err
        result = json.loads(out.read_text())
        for task, field in PER_CLASS_FIELDS.items():
            entry = result["tasks"][task]
            assert entry["per_class_field"] == field
            title = f"{task}: per class ({field})"
            assert title in stdout
            table_lines = stdout.split(title)[1].split("\n\n")[1].splitlines()
            for label, per_class in entry["per_class"].items():
                (line,) = [x for x in table_lines if x.strip("| ").startswith(label + " ")]
                f1 = per_class["f1"]
                assert f"{f1['value']:.4f} [{f1['ci_low']:.4f}, {f1['ci_high']:.4f}]" in line
                assert 0 < per_class["resamples_with_class"] <= 1000
                flagged = "support < 5: interval unreliable" in line
                assert flagged == per_class["low_support"] == (per_class["support"] < 5)
                flags.add(flagged)
        assert result["meta"]["low_support"] == "support < 5: interval unreliable"
        assert (
            "1.0 when the gold and the predictions are both empty" in result["meta"]["empty_case"]
        )
    assert flags == {True, False}  # both kinds of class occur, and only the rare are flagged


PER_CLASS_FIELDS = {
    "type": "commitment_type",
    "strength": "commitment_strength",
    "domain": "primary_domain",
    "places": "geo_scope",
}


def test_score_out_is_checked_before_any_work(temp_release, tmp_path, capsys):
    saved = tmp_path / "metrics.json"
    saved.write_text('{"saved": true}\n')
    missing = tmp_path / "nope.jsonl"
    code, _, err = run_cli(capsys, "score", "--pred", str(missing), "--out", str(saved))
    assert code == 2 and "already exists; pass --force to replace it" in err
    assert json.loads(saved.read_text()) == {"saved": True}

    pred = write_rows(tmp_path / "pred.jsonl", [{"id": "x"}])
    for own_input in (pred, temp_release / "test.jsonl"):
        before = own_input.read_bytes()
        code, _, err = run_cli(
            capsys, "score", "--pred", str(pred), "--out", str(own_input), "--force"
        )
        assert code == 2 and "is also an input" in err
        assert own_input.read_bytes() == before


def test_a_bad_first_line_is_reported_before_the_rest_is_read(temp_release, tmp_path, capsys):
    rows = [json.loads(line) for line in (temp_release / "test.jsonl").read_text().splitlines()]
    good = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    pred = tmp_path / "pred.jsonl"
    # Line 1 names an unknown id; a later line is not even JSON. Reading the whole file
    # first would report the later line; checking rows as they are read reports line 1.
    pred.write_text('{"id": "nobody", "geo_scope": "district"}\n' + good + "{broken\n")
    code, _, err = run_cli(capsys, "score", "--pred", str(pred))
    assert code == 2 and f"{pred}:1: unknown id 'nobody'" in err


def test_rows_are_checked_one_at_a_time_and_only_label_fields_are_kept():
    from dataset.scoring.inputs import check_predictions
    from tests.factories import make_unit, prediction

    gold = [make_unit(i, "推进建设。") for i in range(3)]

    def rows_then_fail():
        yield 1, {"id": "nobody"}
        raise AssertionError("read past the first bad row")

    with pytest.raises(InputError, match=r"^p:1: unknown id 'nobody'"):
        check_predictions(gold, rows_then_fail(), "p")
    exported = [(i + 1, dict(unit)) for i, unit in enumerate(gold)]
    checked = check_predictions(gold, iter(exported), "p")
    expected = {
        unit["id"]: {k: v for k, v in prediction(unit).items() if k != "id"} for unit in gold
    }
    assert checked.rows == expected  # no text, offsets or split kept


# --- speed --------------------------------------------------------------------------


def seed_gold(seed_document) -> list[dict]:
    """The seed's ~200 units with made-up labels and spans, for timing only."""
    rng = random.Random(11)
    rows = []
    for unit in seed_document.units:
        text = unit.text
        targets = []
        for start in range(0, max(0, len(text) - 3), 17):
            targets.append(
                {
                    "start": start,
                    "end": start + 3,
                    "text": text[start : start + 3],
                    "indicator": "x",
                    "value": float(start),
                    "value_max": None,
                    "unit": "个",
                    "comparator": "=",
                    "kind": "level",
                }
            )
        places = [{"start": 1, "end": 3, "text": text[1:3], "type": "zone", "name": None}]
        primary = rng.choice(DOMAINS[:-1])
        rows.append(
            unit.model_dump(mode="json")
            | {
                "commitment_type": rng.choice(COMMITMENT_TYPES),
                "commitment_strength": rng.choice(COMMITMENT_STRENGTHS),
                "primary_domain": primary,
                "domains": sorted({primary, rng.choice(DOMAINS[:-1])}),
                "geo_scope": rng.choice(GEO_SCOPES),
                "places": places if len(text) > 3 else [],
                "numeric_targets": targets,
            }
        )
    return rows


def test_scoring_200_units_with_1000_resamples_covers_every_task(seed_document):
    # Speed is measured by `gwrcommit bench`, not asserted here: timings flake on a busy machine.
    gold = seed_gold(seed_document)
    assert len(gold) >= 200
    result = score(gold, perturb_predictions(gold, seed=3), resamples=1000)
    assert result["meta"]["tasks"] == list(TASKS)
    assert result["meta"]["resamples"] == 1000


def test_benchmark_reports_seconds_for_the_maintainers_bench(seed_document):
    report = time_scoring(seed_gold(seed_document), resamples=100, repeat=2)
    assert report["units"] == len(seed_document.units) and report["resamples"] == 100
    assert report["tasks"] == 5 and len(report["runs"]) == 2
    assert 0 < report["seconds"] == min(report["runs"])
