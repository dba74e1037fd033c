"""Integration test against a real Label Studio server: push -> annotate through the API
on Chinese text with spans -> pull -> import, every span offset surviving exactly.

Start a server with `bash .ci/labelstudio.sh start` and source the env file it prints
(LABEL_STUDIO_URL, LABEL_STUDIO_API_KEY). Without them the test is skipped, except under
CI=true, where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from annotation.labelstudio import config as ls
from annotation.labelstudio.client import Server, connect, find_project
from annotation.labelstudio.merge import record_json
from annotation.labelstudio.tasks import default_model_version, make_task
from dataset.records.jsonl import read_jsonl
from dataset.schema import Record
from gwrcommit.cli import main
from tests.factories import ls_place as place
from tests.factories import ls_target as target
from tests.factories import rich_records, write_records


@pytest.fixture(scope="module")
def server() -> Server:
    url, key = os.environ.get("LABEL_STUDIO_URL"), os.environ.get("LABEL_STUDIO_API_KEY")
    if not url or not key:
        reason = "no Label Studio server: run `bash .ci/labelstudio.sh start` and source its env"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    return Server(url.rstrip("/"), key)


@pytest.fixture()
def project(server) -> Iterator[str]:
    title = f"gwrcommit-test-{uuid.uuid4().hex[:8]}"
    yield title
    client = connect(server)
    project_id = find_project(server, client, title)
    if project_id is not None:
        client.projects.delete(project_id)


def annotator_labels(records: list[Record]) -> dict[str, Record]:
    """What the annotator submits (made-up edits of the predictions): a target changed, a
    place dropped and one added at the second of two identical strings, a target added."""
    by_id = {r.id: r for r in records}
    targets = by_id["jiangjin-2025-p3-0004"]
    places = by_id["jiangjin-2025-p3-0051"]
    ranged = by_id["madeup-2031-0000"]
    text = places.text
    second = text.rindex("德感")
    assert second != text.index("德感"), "the test needs 德感 twice"
    first, second_target = record_json(targets)["numeric_targets"]
    return {
        targets.id: Record.model_validate(
            record_json(targets)
            | {
                "commitment_strength": "binding",
                "numeric_targets": [first, second_target | {"comparator": "~"}],
            }
        ),
        places.id: Record.model_validate(
            record_json(places)
            | {
                "places": [
                    place(text, "双福", "township", "双福街道"),
                    place(text, "滨江新城", "zone", "滨江新城"),
                    {
                        "start": second,
                        "end": second + 2,
                        "text": "德感",
                        "type": "township",
                        "name": "德感街道",
                    },
                ]
            }
        ),
        ranged.id: Record.model_validate(
            record_json(ranged)
            | {
                "numeric_targets": [
                    target(ranged.text, "5.5%—6%", "人均可支配收入", 5.5, "%", "range", "growth", 6)
                ]
            }
        ),
    }


def _annotate(client: Any, tasks_by_unit: dict[str, int], labels: dict[str, Record]) -> int:
    user_id = None
    for unit_id, record in labels.items():
        result = make_task(record, "annotator")["predictions"][0]["result"]
        annotation = client.annotations.create(id=tasks_by_unit[unit_id], result=result)
        user_id = annotation.completed_by
    skipped = next(uid for uid in tasks_by_unit if uid not in labels)
    client.annotations.create(id=tasks_by_unit[skipped], result=[], was_cancelled=True)
    return user_id


def _spans(record: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    return [
        (field, span["start"], span["end"], span["text"])
        for field in ("numeric_targets", "places")
        for span in record[field]
    ]


def test_push_annotate_pull_import(server, project, seed_document, tmp_path, capsys):
    records = rich_records(seed_document)
    records_file = write_records(tmp_path / "records.jsonl", records)

    assert main(["ls", "push", str(records_file), "--project", project]) == 0
    assert main(["ls", "push", str(records_file), "--project", project]) == 0
    pushed = capsys.readouterr().out
    assert "5 task(s) imported" in pushed and "0 task(s) imported" in pushed
    assert "5 already there" in pushed

    client = connect(server)
    project_id = find_project(server, client, project)
    config = client.projects.get(project_id).get_label_interface()
    assert config.get_control(ls.SPAN).labels == list(ls.SPAN_LABELS)
    tasks = list(client.tasks.list(project=project_id, fields="all"))
    tasks_by_unit = {task.data["unit_id"]: task.id for task in tasks}
    assert sorted(tasks_by_unit) == sorted(r.id for r in records)
    for task in tasks:
        (stored,) = task.predictions
        expected = make_task(next(r for r in records if r.id == task.data["unit_id"]), "x")
        assert stored.model_version == default_model_version("rules")
        assert stored.result == expected["predictions"][0]["result"]

    labels = annotator_labels(records)
    user_id = _annotate(client, tasks_by_unit, labels)

    passes = tmp_path / "passes"
    raw = tmp_path / "export.json"
    name = f"{user_id}=pass-ci"
    pull = ["ls", "pull", "--project", project, "-o", str(passes), "--annotator", name]
    assert main([*pull, "--save-export", str(raw)]) == 0
    pulled = capsys.readouterr().out
    assert "pass-ci: 3 new, 0 unchanged" in pulled
    assert "1 skipped annotation(s) ignored" in pulled

    saved = {row["id"]: row for row in read_jsonl(passes / "pass-ci.jsonl")}
    assert sorted(saved) == sorted(labels)
    for unit_id, record in labels.items():
        expected = record_json(record)
        assert _spans(saved[unit_id]) == _spans(expected), unit_id
        assert saved[unit_id] == expected
        for _, start, end, text in _spans(saved[unit_id]):
            assert saved[unit_id]["text"][start:end] == text
    places_text = saved["jiangjin-2025-p3-0051"]["text"]
    second = places_text.rindex("德感")
    assert ("places", second, second + 2, "德感") in _spans(saved["jiangjin-2025-p3-0051"])

    again = tmp_path / "again"
    assert main(["ls", "import", str(raw), "-o", str(again), "--annotator", name]) == 0
    assert (again / "pass-ci.jsonl").read_bytes() == (passes / "pass-ci.jsonl").read_bytes()

    before = (passes / "pass-ci.jsonl").read_bytes()
    assert main(pull) == 0
    assert "pass-ci: 0 new, 3 unchanged" in capsys.readouterr().out
    assert (passes / "pass-ci.jsonl").read_bytes() == before


def test_the_key_is_not_printed(server, project, seed_document, tmp_path, capsys):
    records_file = write_records(tmp_path / "records.jsonl", rich_records(seed_document)[:1])
    assert main(["ls", "push", str(records_file), "--project", project]) == 0
    assert main(["ls", "pull", "--project", project, "-o", str(tmp_path / "p")]) == 0
    out = capsys.readouterr()
    assert server.api_key not in out.out + out.err
    assert "0 task(s)" in out.out
    assert not (tmp_path / "p").exists(), "no annotations, no records file"


def test_links_push_annotate_pull(server, project, tmp_path, monkeypatch, capsys):
    """A made-up report pair through a real server: the links config is accepted, the
    pair task imported, an annotation with a relation read back as stand-off links."""
    from annotation.labelstudio import links_config
    from annotation.labelstudio.client import pull_export, push
    from annotation.labelstudio.links_tasks import links_from_export, pair_task
    from tests.links.test_links_labelstudio import TEXTS, made_up_annotation

    task = pair_task("state-council-2030", "state-council-2031", TEXTS)
    pushed = push(server, project, links_config.render_links_config(), [task])
    assert pushed.imported == 1
    client = connect(server)
    project_id = find_project(server, client, project)
    interface = client.projects.get(project_id).get_label_interface()
    assert interface.get_control(links_config.TARGET_SPAN).labels == [links_config.TARGET_LABEL]
    (stored,) = client.tasks.list(project=project_id, fields="all")
    client.annotations.create(id=stored.id, result=made_up_annotation())
    _, exported = pull_export(server, project)
    gdp, jobs = links_from_export(exported, TEXTS)
    assert (gdp.relation, jobs.relation) == ("met", "not_reported")
    assert TEXTS["state-council-2031"][gdp.outcome.start : gdp.outcome.end] == "6.3%"
