"""Records -> Label Studio tasks: predictions valid under the SDK's LabelInterface, stable
region ids, task data carrying the unit; also the helpers the other Label Studio tests use."""

from __future__ import annotations

import json

import pytest
from label_studio_sdk.label_interface import LabelInterface

from annotation.labelstudio import config as ls
from annotation.labelstudio.config import render_config
from annotation.labelstudio.tasks import (
    build_tasks,
    default_model_version,
    make_task,
    read_units,
    stable_id,
)
from annotation.segment import segment
from dataset.errors import InputError
from gwrcommit.cli import main
from tests.factories import RANGE_TEXT, range_unit, rich_records, write_records


@pytest.fixture(scope="module")
def interface() -> LabelInterface:
    return LabelInterface(render_config())


def test_every_prediction_validates_under_the_sdk(seed_document, interface):
    tasks = build_tasks(rich_records(seed_document), "gwrcommit-rules-test").tasks
    for task in tasks:
        (predicted,) = task["predictions"]
        assert interface.validate_prediction(predicted, return_errors=True) == []
        assert interface.validate_prediction(predicted)


def test_the_sdk_check_can_fail(seed_document, interface):
    """The validation above is not vacuous: a label outside the config is refused."""
    task = make_task(rich_records(seed_document)[1], "v")
    region = next(r for r in task["predictions"][0]["result"] if r["from_name"] == ls.SPAN)
    region["value"]["labels"] = ["not_a_label"]
    assert interface.validate_prediction(task["predictions"][0]) is False


def test_regions_carry_every_field_of_their_span(seed_document):
    records = rich_records(seed_document)
    result = make_task(records[-1], "v")["predictions"][0]["result"]
    by_control = {r["from_name"]: r for r in result}
    span = by_control[ls.SPAN]
    assert span["value"] == {
        "start": 15,
        "end": 22,
        "text": "5.5%—6%",
        "labels": [ls.TARGET_LABEL],
    }
    assert RANGE_TEXT[15:22] == "5.5%—6%"
    assert by_control[ls.VALUE]["value"]["number"] == 5.5
    assert by_control[ls.VALUE_MAX]["value"]["number"] == 6.0
    assert by_control[ls.UNIT]["value"]["choices"] == ["%"]
    assert by_control[ls.COMPARATOR]["value"]["choices"] == ["range"]
    assert by_control[ls.KIND]["value"]["choices"] == ["growth"]
    assert by_control[ls.INDICATOR]["value"]["text"] == ["城乡居民人均可支配收入"]
    region_ids = {r["id"] for r in result if r["from_name"] in (ls.SPAN, *ls.TARGET_CONTROLS)}
    assert len(region_ids) == 1, "a target's per-region values share the span's id"


def test_places_without_a_gazetteer_name_have_no_name_result(seed_document):
    result = make_task(rich_records(seed_document)[2], "v")["predictions"][0]["result"]
    names = {
        r["value"]["start"]: r["value"]["text"] for r in result if r["from_name"] == ls.PLACE_NAME
    }
    assert sorted(names.values()) == [["双福街道"], ["滨江新城"]]
    unnamed = next(r for r in result if r["value"].get("text") == "德感滨江路")
    assert unnamed["value"]["start"] not in names
    labels = sorted(r["value"]["labels"][0] for r in result if r["from_name"] == ls.SPAN)
    assert labels == ["site", "township", "zone"]


def test_region_ids_are_stable_and_distinct(seed_document):
    first = build_tasks(rich_records(seed_document), "v").tasks
    second = build_tasks(rich_records(seed_document), "v").tasks
    assert first == second
    ids = [
        r["id"]
        for task in first
        for r in task["predictions"][0]["result"]
        if r["from_name"] in (ls.SPAN, *ls.FIELD_CHOICES)
    ]
    assert len(ids) == len(set(ids))
    assert stable_id("a", 1) != stable_id("a", 2)


def test_task_data_carries_the_unit(seed_document):
    record = rich_records(seed_document)[1]
    data = make_task(record, "v")["data"]
    assert data["unit_id"] == record.id
    assert (data["doc_id"], data["start"], data["end"]) == (record.doc_id, record.start, record.end)
    assert (data["para"], data["index"], data["section"]) == (
        record.para,
        record.index,
        record.section,
    )
    assert data["text"] == record.text
    assert record.id in data["heading"]


def test_bare_units_become_tasks_without_predictions(seed_document):
    result = build_tasks(seed_document.units[:3], "v")
    assert result.labelled == 0
    assert all("predictions" not in task for task in result.tasks)


def test_model_version_names_the_source():
    assert default_model_version("rules").startswith("gwrcommit-rules-")
    assert default_model_version("gold").startswith("gold-")
    with pytest.raises(ValueError):
        default_model_version("guess")


def test_units_outside_the_bmp_are_refused_or_skipped():
    units = segment("发展𠀋村特色产业。推进乡村振兴。", "madeup-2032").units
    with pytest.raises(InputError, match=r"madeup-2032-0000 .*U\+2000B at 2"):
        build_tasks(units, "v")
    result = build_tasks(units, "v", skip_non_bmp=True)
    assert result.skipped == ["madeup-2032-0000"]
    assert [t["data"]["unit_id"] for t in result.tasks] == ["madeup-2032-0001"]


def test_cli_export_with_source_and_model_version(seed_document, tmp_path, capsys):
    records = write_records(tmp_path / "records.jsonl", rich_records(seed_document))
    out = tmp_path / "tasks.json"
    assert main(["ls", "export", str(records), "-o", str(out), "--source", "gold"]) == 0
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 5
    assert {t["predictions"][0]["model_version"] for t in tasks} == {default_model_version("gold")}
    assert main(["ls", "export", str(records), "-o", str(out), "--model-version", "mine-1"]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert (
        main(["ls", "export", str(records), "-o", str(out), "--model-version", "mine-1", "--force"])
        == 0
    )
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert {t["predictions"][0]["model_version"] for t in tasks} == {"mine-1"}
    assert "5 tasks (5 with predictions" in capsys.readouterr().out


def test_cli_export_refuses_bad_records_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    unit = range_unit().model_dump(mode="json")
    bad.write_text(json.dumps(unit | {"commitment_type": "promise"}) + "\n", encoding="utf-8")
    out = tmp_path / "tasks.json"
    assert main(["ls", "export", str(bad), "-o", str(out)]) == 2
    assert f"{bad}:1:" in capsys.readouterr().err
    assert not out.exists()


def test_read_units_rejects_duplicate_ids(tmp_path):
    line = json.dumps(range_unit().model_dump(mode="json"), ensure_ascii=False) + "\n"
    path = tmp_path / "dup.jsonl"
    path.write_text(line + line, encoding="utf-8")
    with pytest.raises(InputError, match=r"dup.jsonl:2: duplicate id"):
        read_units(path)
