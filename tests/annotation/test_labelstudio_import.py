"""A Label Studio JSON export -> per-annotator records: checks, merging, conflicts, and the
records that agreement and adjudication read."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from annotation import paths as annotation_paths
from annotation.labelstudio import config as ls
from annotation.labelstudio.importer import ImportProblems, parse_annotator_map, parse_export
from annotation.labelstudio.merge import import_export, record_json
from annotation.labelstudio.tasks import build_tasks
from annotation.segment import segment
from dataset.errors import InputError
from dataset.records.jsonl import read_jsonl
from dataset.schema import Record
from gwrcommit.cli import main
from tests.factories import rich_records


def server_export(tasks: list[dict[str, Any]], annotators: dict[int, Any]) -> list[dict]:
    """What the server's JSON export holds for `tasks` once each user in `annotators`
    submitted an annotation: {user id: None (accept the prediction) or a function that
    edits the result list}. The shape follows a Label Studio 1.23 export snapshot."""
    exported = []
    annotation_id = 100
    for task_id, task in enumerate(tasks, start=1):
        annotations = []
        for user, edit in annotators.items():
            result = copy.deepcopy(task["predictions"][0]["result"])
            if edit is not None:
                edit(task, result)
            annotation_id += 1
            annotations.append(
                {
                    "id": annotation_id,
                    "completed_by": user,
                    "result": result,
                    "was_cancelled": False,
                    "ground_truth": False,
                    "created_at": "2031-01-01T00:00:00Z",
                    "updated_at": "2031-01-01T00:00:00Z",
                    "lead_time": 12.5,
                    "prediction": {},
                    "result_count": len(result),
                    "task": task_id,
                    "project": 1,
                }
            )
        exported.append(
            {
                "id": task_id,
                "annotations": annotations,
                "drafts": [],
                "predictions": [task_id],
                "data": task["data"],
                "meta": {},
                "project": 1,
            }
        )
    return exported


@pytest.fixture()
def records(seed_document) -> list[Record]:
    return rich_records(seed_document)


@pytest.fixture()
def tasks(records) -> list[dict[str, Any]]:
    return build_tasks(records, "gwrcommit-rules-test").tasks


def _results(result: list[dict], control: str) -> list[dict]:
    return [r for r in result if r["from_name"] == control]


def test_round_trip_gives_back_the_records(records, tasks, tmp_path):
    export = server_export(tasks, {1: None, 2: None})
    parsed, plans = import_export(export, tmp_path, {1: "pass-a"})
    assert [p.name for p in plans] == ["annotator-2", "pass-a"]
    expected = [record_json(r) for r in records]
    expected.sort(key=lambda r: (r["doc_id"], r["index"]))
    for name in ("pass-a", "annotator-2"):
        saved = read_jsonl(tmp_path / f"{name}.jsonl")
        assert saved == expected
        for row in saved:
            Record.model_validate(row)
            assert "split" not in row and "fold" not in row
    assert parsed.tasks == 5 and parsed.cancelled == 0


def test_an_annotators_edits_are_what_is_imported(tasks, tmp_path):
    def edit(task, result):
        if task["data"]["unit_id"] != "jiangjin-2025-p3-0004":
            return
        _results(result, ls.COMPARATOR)[0]["value"]["choices"] = ["~"]
        _results(result, ls.VALUE)[1]["value"]["number"] = "200"  # typed text still parses
        _results(result, "commitment_strength")[0]["value"]["choices"] = ["binding"]

    import_export(server_export(tasks, {7: edit}), tmp_path)
    rows = {r["id"]: r for r in read_jsonl(tmp_path / "annotator-7.jsonl")}
    row = rows["jiangjin-2025-p3-0004"]
    assert row["commitment_strength"] == "binding"
    assert [t["comparator"] for t in row["numeric_targets"]] == ["~", ">="]
    assert [t["value"] for t in row["numeric_targets"]] == [50.0, 200.0]


def test_cancelled_annotations_and_unannotated_tasks_are_left_out(tasks, tmp_path):
    export = server_export(tasks, {1: None})
    export[0]["annotations"][0]["was_cancelled"] = True
    export[1]["annotations"] = []
    parsed, _ = import_export(export, tmp_path)
    assert (parsed.cancelled, parsed.unannotated) == (1, 1)
    assert len(read_jsonl(tmp_path / "annotator-1.jsonl")) == 3


def _first_target_span(task, result):
    return _results(result, ls.SPAN)[0] if _results(result, ls.SPAN) else None


BAD_EDITS = {
    "offsets outside the text": (
        lambda task, result: _results(result, ls.SPAN)[0]["value"].update(end=999),
        "outside the text",
    ),
    "region text differs": (
        lambda task, result: _results(result, ls.SPAN)[0]["value"].update(start=0),
        "is not text",
    ),
    "unknown span label": (
        lambda task, result: _results(result, ls.SPAN)[0]["value"].update(labels=["city"]),
        "span label 'city'",
    ),
    "two choices": (
        lambda task, result: _results(result, "geo_scope")[0]["value"].update(
            choices=["district", "beyond"]
        ),
        "geo_scope needs exactly one choice",
    ),
    "no choice": (
        lambda task, result: result.remove(_results(result, "commitment_type")[0]),
        "commitment_type has no choice",
    ),
    "unknown unit": (
        lambda task, result: _results(result, ls.UNIT)[0]["value"].update(choices=["尺"]),
        "unit choice '尺'",
    ),
    "value not a number": (
        lambda task, result: _results(result, ls.VALUE)[0]["value"].update(number="五十"),
        "value '五十' is not a number",
    ),
    "unknown control": (
        lambda task, result: result.append(dict(result[0], from_name="mood")),
        "unknown control 'mood'",
    ),
    "per-region value without a span": (
        lambda task, result: result.remove(_results(result, ls.SPAN)[0]),
        "without a span label",
    ),
    "the same span twice": (
        lambda task, result: result.append(dict(_results(result, ls.SPAN)[0], id="copy-of-it")),
        "two target regions on [20, 23) '50户'",
    ),
    "schema rule broken": (
        lambda task, result: _results(result, "primary_domain")[0]["value"].update(
            choices=["energy"]
        ),
        "primary_domain 'energy' is not in domains",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_EDITS))
def test_a_bad_region_is_an_error_naming_task_and_region(case, tasks, tmp_path):
    edit, message = BAD_EDITS[case]
    targets = [t for t in tasks if t["data"]["unit_id"] == "jiangjin-2025-p3-0004"]
    export = server_export(targets, {1: edit})
    with pytest.raises(ImportProblems) as caught:
        import_export(export, tmp_path / "out")
    problem = caught.value.problems[0]
    assert message in problem
    assert "task 1, annotation 101" in problem
    if case in ("offsets outside the text", "region text differs", "unknown span label"):
        region_id = _results(targets[0]["predictions"][0]["result"], ls.SPAN)[0]["id"]
        assert f"region {region_id}" in problem
    assert not (tmp_path / "out").exists()


def test_every_problem_is_listed_and_nothing_is_written(tasks, tmp_path, capsys):
    def break_all(task, result):
        result[0]["value"]["choices"] = ["?"]

    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(server_export(tasks, {1: break_all})), encoding="utf-8")
    out = tmp_path / "passes"
    assert main(["ls", "import", str(export_path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("is not in the schema's vocabulary") == 5
    assert "(and 4 more problem(s))" in err
    assert not out.exists()


def test_task_text_must_be_normalised_and_inside_the_bmp(tasks, tmp_path):
    export = server_export(tasks[:1], {1: None})
    export[0]["data"]["text"] = export[0]["data"]["text"] + "\r\n"
    with pytest.raises(ImportProblems, match="task 1: task text is not normalised"):
        parse_export(export)
    unit = segment("发展𠀋村特色产业。", "madeup-2033").units[0]
    export[0]["data"] |= {"text": unit.text, "unit_id": unit.id}
    with pytest.raises(ImportProblems, match=r"task 1: task text holds a character outside"):
        parse_export(export)


def test_tasks_not_made_by_gwrcommit_are_refused(tasks):
    export = server_export(tasks[:1], {1: None})
    export[0]["data"] = {"text": export[0]["data"]["text"]}
    with pytest.raises(ImportProblems, match="task data lacks unit_id"):
        parse_export(export)


def test_two_annotations_by_one_annotator_of_one_unit(tasks):
    export = server_export(tasks[:1], {1: None})
    export[0]["annotations"].append(dict(export[0]["annotations"][0], id=555))
    with pytest.raises(ImportProblems, match="annotator-1 has two annotations of unit"):
        parse_export(export)


def test_not_an_export(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"tasks": []}', encoding="utf-8")
    assert main(["ls", "import", str(path), "-o", str(tmp_path / "o")]) == 2
    path.write_text("[{", encoding="utf-8")
    assert main(["ls", "import", str(path), "-o", str(tmp_path / "o")]) == 2


def test_an_import_never_overwrites_saved_records(records, tasks, tmp_path, capsys):
    first = server_export(tasks[:3], {1: None})
    import_export(first, tmp_path)
    saved_path = tmp_path / "annotator-1.jsonl"
    saved_before = saved_path.read_bytes()

    def relabel(task, result):
        if task["data"]["unit_id"] == "jiangjin-2025-p3-0004":
            _results(result, "commitment_strength")[0]["value"]["choices"] = ["binding"]

    again = server_export(tasks, {1: relabel})
    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(again, ensure_ascii=False), encoding="utf-8")
    assert main(["ls", "import", str(export_path), "-o", str(tmp_path)]) == 0
    out = capsys.readouterr()
    assert "annotator-1: 2 new, 2 unchanged, 1 conflict(s)" in out.out
    assert "left as saved" in out.err

    rows = {r["id"]: r for r in read_jsonl(saved_path)}
    assert len(rows) == 5
    assert rows["jiangjin-2025-p3-0004"]["commitment_strength"] == "unmarked"
    for line in saved_before.decode("utf-8").splitlines():
        assert json.loads(line) == rows[json.loads(line)["id"]]

    conflicts_path = tmp_path / "conflicts" / "annotator-1.jsonl"
    (conflict,) = read_jsonl(conflicts_path)
    assert conflict["id"] == "jiangjin-2025-p3-0004"
    assert conflict["fields"] == ["commitment_strength"]
    assert conflict["saved"] == {"commitment_strength": "unmarked"}
    assert conflict["imported"] == {"commitment_strength": "binding"}
    assert (conflict["task_id"], conflict["annotation_id"]) == (2, 102)

    # Importing the same export again changes nothing and records the conflict once.
    rows_bytes = saved_path.read_bytes()
    assert main(["ls", "import", str(export_path), "-o", str(tmp_path)]) == 0
    assert saved_path.read_bytes() == rows_bytes
    assert len(read_jsonl(conflicts_path)) == 1


def test_a_broken_saved_file_stops_the_import(tasks, tmp_path):
    (tmp_path / "annotator-1.jsonl").write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"annotator-1.jsonl:1:"):
        import_export(server_export(tasks, {1: None}), tmp_path)
    assert (tmp_path / "annotator-1.jsonl").read_text(encoding="utf-8") == '{"id": "x"}\n'


def test_annotator_names(tasks, tmp_path):
    assert parse_annotator_map(["3=pass-a", "4=pass-b"]) == {3: "pass-a", 4: "pass-b"}
    for bad in (["pass-a"], ["x=pass-a"], ["3=../etc"], ["3=a", "4=a"]):
        with pytest.raises(InputError):
            parse_annotator_map(bad)
    export = server_export(tasks[:1], {{"id": 9, "email": "x@example.com"}["id"]: None})
    export[0]["annotations"][0]["completed_by"] = {"id": 9, "email": "x@example.com"}
    parsed = parse_export(export)
    assert list(parsed.by_annotator) == ["annotator-9"]


def test_agreement_and_adjudication_read_the_imported_passes(tasks, tmp_path):
    from annotation.adjudicate import make_worksheet
    from annotation.agreement import compute_agreement

    def disagree(task, result):
        if task["data"]["unit_id"] == "jiangjin-2025-p3-0051":
            _results(result, "geo_scope")[0]["value"]["choices"] = ["district"]

    import_export(server_export(tasks, {1: None, 2: disagree}), tmp_path, {1: "a", 2: "b"})
    report = compute_agreement(tmp_path / "a.jsonl", tmp_path / "b.jsonl")
    assert report["units"] == 5
    rows, units = make_worksheet(tmp_path / "a.jsonl", tmp_path / "b.jsonl")
    assert units == 5
    assert [(r["id"], r["field"]) for r in rows] == [("jiangjin-2025-p3-0051", "geo_scope")]


def test_validate_accepts_the_imported_records(seed_document, tmp_path):
    """Seed units round-tripped through an import pass `gwrcommit validate` (the made-up
    unit is not in a registered document, so it is left out here)."""
    seed_only = [r for r in rich_records(seed_document) if r.doc_id == "jiangjin-2025-p3"]
    tasks = build_tasks(seed_only, "v").tasks
    import_export(server_export(tasks, {1: None}), tmp_path)
    assert main(["validate", str(Path(tmp_path) / "annotator-1.jsonl")]) == 0


def test_place_names_are_checked_against_the_gazetteer(tasks):
    places_task = [t for t in tasks if t["data"]["unit_id"] == "jiangjin-2025-p3-0051"]

    def rename(name):
        def edit(task, result):
            _results(result, ls.PLACE_NAME)[0]["value"]["text"] = [name]

        return edit

    with pytest.raises(ImportProblems, match="place name '双福镇' is not in the gazetteer"):
        parse_export(server_export(places_task, {1: rename("双福镇")}))
    with pytest.raises(ImportProblems, match="labelled 'township', the gazetteer says 'zone'"):
        parse_export(server_export(places_task, {1: rename("滨江新城")}))
    parsed = parse_export(server_export(places_task, {1: rename("双福镇")}), gazetteer={})
    assert parsed.by_annotator["annotator-1"][0].record.places[1].name == "双福镇"


def test_the_same_labels_in_another_order_are_no_conflict(records, tasks, tmp_path):
    saved = record_json(records[1])
    saved["domains"] = list(reversed(saved["domains"]))
    saved["numeric_targets"] = list(reversed(saved["numeric_targets"]))
    line = json.dumps(saved, ensure_ascii=False) + "\n"
    path = tmp_path / "annotator-1.jsonl"
    path.write_text(line, encoding="utf-8")
    _, (plan,) = import_export(server_export(tasks, {1: None}), tmp_path)
    assert (plan.added, plan.unchanged, plan.conflicts) == (4, 1, [])
    assert line in path.read_text(encoding="utf-8"), "the saved line is kept as written"


def test_the_gold_round_trips_through_label_studio(tmp_path):
    """Every adjudicated gold record: valid predictions, and accepting them in Label Studio
    imports the same record (spans, values, names and all)."""
    from label_studio_sdk.label_interface import LabelInterface

    from annotation.labelstudio.config import render_config
    from annotation.labelstudio.tasks import read_units

    interface = LabelInterface(render_config())
    gold_files = sorted(annotation_paths.gold_dir().glob("*.jsonl"))
    assert gold_files
    for gold in gold_files:
        records = read_units(gold)
        tasks = build_tasks(records, "gold-test").tasks
        for task in tasks:
            assert interface.validate_prediction(task["predictions"][0], return_errors=True) == []
        out = tmp_path / gold.stem
        import_export(server_export(tasks, {1: None}), out)
        assert read_jsonl(out / "annotator-1.jsonl") == sorted(
            (record_json(r) for r in records), key=lambda r: (r["doc_id"], r["index"])
        )
