"""The labelling UI in a real browser: an annotator draws a place span on Chinese text
with the mouse, names it and submits; `ls pull` then gives Python offsets equal to where
the string is in the unit. (The API test proves the server keeps offsets; this one proves
the browser computes them as Python does.)

Needs the server of `.ci/labelstudio.sh start` (its env file also holds the UI login) and
Debian's Chromium (`.ci/chromium.sh`). Skipped without them, except under CI=true.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotation.labelstudio.client import Server, connect, find_project
from dataset.records.jsonl import read_jsonl
from gwrcommit.cli import main
from tests.factories import rich_records, write_records

CHROMIUM = Path("/usr/bin/chromium")
UNIT = "jiangjin-2025-p3-0051"
NAME_PLACEHOLDER = "canonical name, e.g. 德感街道"

# The bounding box of the `which` occurrence of `needle` in the task's text, found by
# walking the text nodes of the Text tag (highlights split it into several nodes).
LOCATE_JS = """([needle, which]) => {
  const root = [...document.querySelectorAll('.lsf-richtext')]
    .find(r => r.textContent.includes(needle));
  if (!root) return null;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = []; let node; let all = '';
  while ((node = walker.nextNode())) { nodes.push([node, all.length]); all += node.textContent; }
  const at = which === 'last' ? all.lastIndexOf(needle) : all.indexOf(needle);
  const locate = (pos) => nodes.find(([n, off]) => pos <= off + n.textContent.length);
  const [startNode, startOff] = locate(at); const [endNode, endOff] = locate(at + needle.length);
  const range = document.createRange();
  range.setStart(startNode, at - startOff); range.setEnd(endNode, at + needle.length - endOff);
  const box = range.getBoundingClientRect();
  return [box.x, box.y, box.width, box.height];
}"""


@pytest.fixture(scope="module")
def login() -> tuple[Server, str, str]:
    wanted = ["LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY", "GWRCOMMIT_LS_EMAIL"]
    missing = [name for name in [*wanted, "GWRCOMMIT_LS_PASSWORD"] if not os.environ.get(name)]
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (.ci/chromium.sh)")
    if missing:
        reason = f"no Label Studio UI to drive: missing {', '.join(missing)}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    server = Server(os.environ["LABEL_STUDIO_URL"].rstrip("/"), os.environ["LABEL_STUDIO_API_KEY"])
    return server, os.environ["GWRCOMMIT_LS_EMAIL"], os.environ["GWRCOMMIT_LS_PASSWORD"]


@pytest.fixture()
def project(login) -> Iterator[str]:
    server = login[0]
    title = f"gwrcommit-browser-{uuid.uuid4().hex[:8]}"
    yield title
    client = connect(server)
    project_id = find_project(server, client, title)
    if project_id is not None:
        client.projects.delete(project_id)


def _label_in_browser(url: str, email: str, password: str, task_path: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            page.goto(f"{url}/user/login/")
            page.fill("input[name=email]", email)
            page.fill("input[name=password]", password)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
            page.goto(url + task_path)
            page.locator(".lsf-richtext").first.wait_for(timeout=60_000)
            page.get_by_text("township", exact=True).first.click()
            box = page.evaluate(LOCATE_JS, ["德感", "last"])
            assert box, "the unit text is not on the page"
            x, y, width, height = box
            page.mouse.move(x + 2, y + height / 2)
            page.mouse.down()
            page.mouse.move(x + width / 2, y + height / 2, steps=3)
            page.mouse.move(x + width - 2, y + height / 2, steps=3)
            page.mouse.up()
            page.get_by_text("德感", exact=True).last.click()  # select the new region
            name = page.get_by_placeholder(NAME_PLACEHOLDER)
            name.fill("德感街道")
            name.press("Enter")
            page.keyboard.press("Escape")
            page.get_by_role("button", name="Submit").click()
            page.get_by_text("Annotation saved successfully", exact=True).first.wait_for(
                timeout=30_000
            )
        finally:
            browser.close()


def test_a_span_drawn_in_the_browser_keeps_python_offsets(
    login, project, seed_document, tmp_path, capsys
):
    server, email, password = login
    records = rich_records(seed_document)
    assert (
        main(
            ["ls", "push", str(write_records(tmp_path / "r.jsonl", records)), "--project", project]
        )
        == 0
    )
    client = connect(server)
    project_id = find_project(server, client, project)
    task_id = next(t.id for t in client.tasks.list(project=project_id) if t.data["unit_id"] == UNIT)

    _label_in_browser(server.url, email, password, f"/projects/{project_id}/data?task={task_id}")

    passes = tmp_path / "passes"
    assert main(["ls", "pull", "--project", project, "-o", str(passes)]) == 0
    assert "1 new" in capsys.readouterr().out
    (row,) = list(read_jsonl(next(passes.glob("*.jsonl"))))
    predicted = next(r for r in records if r.id == UNIT)
    second = row["text"].rindex("德感")
    assert second != row["text"].index("德感")
    drawn = {
        "start": second,
        "end": second + 2,
        "text": "德感",
        "type": "township",
        "name": "德感街道",
    }
    expected = sorted(
        [p.model_dump() for p in predicted.places] + [drawn], key=lambda p: p["start"]
    )
    assert row["places"] == expected
