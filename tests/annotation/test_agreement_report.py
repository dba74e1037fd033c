"""`gwrcommit agreement` on two made-up passes over the toy units, and its error paths."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sklearn.metrics import cohen_kappa_score

from annotation.agreement import compute_agreement
from gwrcommit.cli import main
from tests.factories import toy_pass, write_rows


def second_pass(a: list[dict]) -> list[dict]:
    """A made-up second pass that differs from the first in a few known places."""
    b = copy.deepcopy(a)
    b[1]["commitment_type"] = "aspiration"
    start = b[2]["text"].index("6%")
    b[2]["numeric_targets"][0]["comparator"] = "="
    b[2]["numeric_targets"].append(
        {
            "start": start,
            "end": start + 2,
            "text": "6%",
            "indicator": "地区生产总值",
            "value": 6.0,
            "value_max": None,
            "unit": "%",
            "comparator": "~",
            "kind": "growth",
        }
    )
    b[5] |= {"geo_scope": "district", "places": [], "commitment_type": "general_measure"}
    b[6] |= {
        "primary_domain": "government_operations",
        "domains": ["government_operations", "domestic_commerce"],
    }
    return b


@pytest.fixture()
def passes(tmp_path: Path) -> tuple[Path, Path]:
    a = toy_pass()
    return write_rows(tmp_path / "a.jsonl", a), write_rows(tmp_path / "b.jsonl", second_pass(a))


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_report_numbers_hand_worked(passes):
    report = compute_agreement(*passes)
    fields = report["fields"]
    assert report["units"] == 7
    kinds = fields["commitment_type"]
    # A: gm gm qt gm gm sa gm; B: gm asp qt gm gm gm gm -> p_o = 5/7, p_e = 26/49, kappa = 9/23.
    assert kinds["percent_agreement"] == pytest.approx(500 / 7)
    assert kinds["cohen_kappa"] == pytest.approx(9 / 23)
    # geo_scope: B says district everywhere -> 6/7 raw agreement but kappa = alpha = 0.
    assert fields["geo_scope"]["percent_agreement"] == pytest.approx(600 / 7)
    assert fields["geo_scope"]["cohen_kappa"] == pytest.approx(0.0)
    assert fields["geo_scope"]["krippendorff_alpha"] == pytest.approx(0.0)
    assert fields["commitment_strength"]["cohen_kappa"] == 1.0
    domains = fields["domains"]
    assert domains["jaccard_mean"] == pytest.approx(6 / 7)
    assert domains["micro_f1"] == pytest.approx(12 / 15)
    targets = fields["numeric_targets"]
    assert (targets["a_spans"], targets["b_spans"], targets["matched"]) == (1, 2, 1)
    assert targets["strict_f1"] == pytest.approx(2 / 3)
    assert targets["comparator_agreement"] == 0.0 and targets["value_agreement"] == 1.0
    assert targets["tuple_f1"] == 0.0
    places = fields["places"]
    assert places["overlap_f1"] == 0.0 and places["type_agreement"] is None


def test_report_kappa_agrees_with_sklearn_on_every_field(passes):
    report = compute_agreement(*passes)
    a = [json.loads(line) for line in passes[0].read_text("utf-8").splitlines()]
    b = [json.loads(line) for line in passes[1].read_text("utf-8").splitlines()]
    for field in ("commitment_type", "primary_domain", "geo_scope"):
        expected = cohen_kappa_score([r[field] for r in a], [r[field] for r in b])
        assert report["fields"][field]["cohen_kappa"] == pytest.approx(expected)


def test_confusion_and_disagreeing_ids(passes):
    report = compute_agreement(*passes)
    confusion = report["confusion"]["commitment_type"]
    labels = confusion["labels"]
    cell = confusion["matrix"][labels.index("specific_action")][labels.index("general_measure")]
    assert cell == 1
    assert sum(map(sum, confusion["matrix"])) == 7
    assert report["disagreements"] == {
        "commitment_type": ["toy-2030-0001", "toy-2030-0005"],
        "commitment_strength": [],
        "primary_domain": ["toy-2030-0006"],
        "domains": ["toy-2030-0006"],
        "geo_scope": ["toy-2030-0005"],
        "places": ["toy-2030-0005"],
        "numeric_targets": ["toy-2030-0002"],
    }


def test_order_of_spans_and_domains_is_not_a_disagreement(tmp_path: Path):
    a = toy_pass()
    b = copy.deepcopy(a)
    a[6] |= {"domains": ["macroeconomics", "government_operations"]}
    b[6] |= {"domains": ["government_operations", "macroeconomics"]}
    report = compute_agreement(
        write_rows(tmp_path / "a.jsonl", a), write_rows(tmp_path / "b.jsonl", b)
    )
    assert all(ids == [] for ids in report["disagreements"].values())
    assert report["fields"]["domains"]["micro_f1"] == 1.0


def test_cli_writes_json_and_markdown(passes, tmp_path: Path, capsys):
    out, md = tmp_path / "report.json", tmp_path / "report.md"
    code, stdout, _ = run_cli(
        capsys, "agreement", *map(str, passes), "--out", str(out), "--md", str(md)
    )
    assert code == 0 and "7 units" in stdout
    report = json.loads(out.read_text("utf-8"))
    assert report["fields"]["commitment_type"]["cohen_kappa"] == pytest.approx(9 / 23)
    table = md.read_text("utf-8")
    assert "| commitment_type | 71.4% | 0.391 |" in table
    assert "| strict F1 | 0.667 | 0.000 |" in table
    assert "| specific_action | 0 | 0 | 1 | 0 | 0 |" in table


def test_cli_prints_markdown_without_outputs(passes, capsys):
    code, stdout, _ = run_cli(capsys, "agreement", *map(str, passes))
    assert code == 0 and stdout.startswith("## Inter-annotator agreement")


def expect_one_line_error(capsys, argv: list[str], *fragments: str) -> None:
    code, _, err = run_cli(capsys, *argv)
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


def test_invalid_record_is_named_by_file_and_line(passes, capsys):
    a, b = passes
    rows = second_pass(toy_pass())
    rows[3]["commitment_type"] = "promise"
    write_rows(b, rows)
    expect_one_line_error(capsys, ["agreement", str(a), str(b)], f"{b}:4:", "commitment_type")


def test_targets_without_quantified_type_is_invalid(passes, capsys):
    a, b = passes
    rows = toy_pass()
    rows[2]["commitment_type"] = "general_measure"
    write_rows(a, rows)
    expect_one_line_error(capsys, ["agreement", str(a), str(b)], f"{a}:3:", "quantified_target")


def test_bad_json_and_missing_file(passes, tmp_path: Path, capsys):
    a, b = passes
    b.write_text(b.read_text("utf-8") + "{oops\n", "utf-8")
    expect_one_line_error(capsys, ["agreement", str(a), str(b)], f"{b}:8: not valid JSON")
    missing = tmp_path / "missing.jsonl"
    expect_one_line_error(capsys, ["agreement", str(a), str(missing)], "no such file")


def test_empty_pass_is_refused(passes, capsys):
    a, b = passes
    b.write_text("\n", "utf-8")
    expect_one_line_error(capsys, ["agreement", str(a), str(b)], f"{b}: no records")


def test_duplicate_id_is_refused(passes, capsys):
    a, b = passes
    rows = toy_pass()
    write_rows(b, [*rows, rows[0]])
    expect_one_line_error(
        capsys, ["agreement", str(a), str(b)], f"{b}:8:", "duplicate id 'toy-2030-0000'", "line 1"
    )


def test_different_unit_ids_are_listed_with_counts(passes, capsys):
    a, b = passes
    rows = toy_pass()
    write_rows(b, rows[:5])
    expect_one_line_error(
        capsys,
        ["agreement", str(a), str(b)],
        "7 vs 5 units",
        "2 only in A (toy-2030-0005, toy-2030-0006)",
        "0 only in B",
    )


def test_different_segmentation_is_refused(passes, capsys):
    a, b = passes
    rows = toy_pass()
    rows[4]["section"] = "(三)别的章节"
    write_rows(b, rows)
    expect_one_line_error(
        capsys, ["agreement", str(a), str(b)], f"{b}:5:", "toy-2030-0004", "different section"
    )


def test_report_output_into_a_directory_is_refused(passes, tmp_path: Path, capsys):
    expect_one_line_error(
        capsys, ["agreement", *map(str, passes), "--out", str(tmp_path)], "is a directory"
    )
