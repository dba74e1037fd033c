"""The explorer page in a real headless browser: Debian's Chromium driven by Playwright.

Skipped when /usr/bin/chromium is missing, unless CI is "true" (then it fails):
`.ci/chromium.sh` installs it. No browser is ever downloaded.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from annotation import paths as annotation_paths
from dataset.paths import PROJECT_ROOT, release_dir
from dataset.publishing.explorer import FILTER_FIELDS, filter_options
from dataset.records.jsonl import write_jsonl
from dataset.release.build import build
from dataset.release.load import load_split
from dataset.version import DATASET_VERSION
from gwrcommit.cli import main
from tests.factories import HOSTILE, made_up_records

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VISIBLE_IDS = "els => els.map(e => e.dataset.id)"
VISIBLE = "#units > li.unit:not([hidden])"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing; install it with .ci/chromium.sh"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        yield context
        context.close()


@pytest.fixture()
def site_rows(toy_root: Path, tmp_path: Path) -> tuple[Path, list[dict]]:
    """The toy release plus the made-up records (markup among them), written with
    `gwrcommit explore --records`."""
    build(annotation_paths.gold_dir(toy_root), toy_root, version="0.0.1")
    rows = load_split("all", "0.0.1", toy_root) + made_up_records()
    records = tmp_path / "records.jsonl"
    write_jsonl(records, rows)
    assert main(["explore", "-o", str(tmp_path / "site"), "--records", str(records)]) == 0
    return tmp_path / "site" / "index.html", rows


class Opened:
    """A loaded page with everything it tried to fetch and every error it raised."""

    def __init__(self, context: BrowserContext, path: Path, fragment: str = ""):
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page: Page = context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("body[data-ready='1']")

    def visible_ids(self) -> list[str]:
        return self.page.eval_on_selector_all(VISIBLE, VISIBLE_IDS)

    def shown(self) -> int:
        return int(self.page.get_attribute("#count", "data-shown"))

    def search(self, query: str) -> None:
        self.page.fill("#search", query)

    def check_clean(self) -> None:
        assert self.errors == []
        assert all(url.startswith("file://") for url in self.requests), self.requests

    def close(self) -> None:
        self.page.close()


@pytest.fixture()
def opened(browser: BrowserContext, site_rows) -> Iterator[tuple[Opened, list[dict]]]:
    path, rows = site_rows
    view = Opened(browser, path)
    yield view, rows
    view.check_clean()
    view.close()


def haystack(row: dict) -> str:
    """What the page's search box looks in (id, text, section, indicators, places)."""
    parts = [row["id"], row["text"], row["section"] or ""]
    parts += [t["indicator"] for t in row["numeric_targets"]]
    parts += [part for p in row["places"] for part in (p["text"], p["name"] or "")]
    return "\n".join(parts).lower()


def expected_ids(rows: list[dict], query: str = "", **wanted: str) -> list[str]:
    terms = query.lower().split()
    return [
        row["id"]
        for row in rows
        if all(term in haystack(row) for term in terms)
        and all(row[field] == value for field, value in wanted.items())
    ]


def check_every_filter(view: Opened, rows: list[dict]) -> int:
    """Select each option of each filter alone; the page must show exactly the rows
    Python picks, and each option's count must say so beforehand. Returns checks made."""
    checks = 0
    for spec in filter_options():
        field = spec["field"]
        selector = f"#filter-{field}"
        counts = Counter(row[field] for row in rows)
        for option in spec["options"]:
            value = option["value"]
            count = view.page.get_attribute(f'{selector} option[value="{value}"]', "data-count")
            assert int(count) == counts[value], (field, value)
            view.page.select_option(selector, value)
            assert view.visible_ids() == expected_ids(rows, **{field: value}), (field, value)
            assert view.shown() == counts[value]
            checks += 1
        view.page.select_option(selector, "")
        assert view.shown() == len(rows)
    return checks


def test_page_lists_every_unit_from_disk(opened):
    view, rows = opened
    assert view.page.url.startswith("file://")
    assert view.visible_ids() == [row["id"] for row in rows]
    assert view.page.locator("#units > li.unit").count() == len(rows)
    assert view.shown() == len(rows)
    assert view.page.text_content("#count") == f"Showing all {len(rows)} units"
    assert view.page.text_content("#version") == "unreleased records"
    assert "records file records.jsonl" in view.page.text_content("#subtitle")


def test_each_filter_reduces_the_list_correctly(opened):
    view, rows = opened
    for field in FILTER_FIELDS:  # the made-up rows must make each filter bite
        assert len({row[field] for row in rows}) >= 2, field
    assert check_every_filter(view, rows) == sum(len(f["options"]) for f in filter_options())


def test_filters_and_search_combine(opened):
    view, rows = opened
    view.page.select_option("#filter-split", "train")
    view.page.select_option("#filter-commitment_type", "quantified_target")
    expected = expected_ids(rows, split="train", commitment_type="quantified_target")
    assert view.visible_ids() == expected and len(expected) >= 2
    view.search("就业岗位")
    expected = expected_ids(rows, "就业岗位", split="train", commitment_type="quantified_target")
    assert view.visible_ids() == expected == ["madeup-2031-0007"]
    view.page.click("#reset")
    assert view.shown() == len(rows)
    assert view.page.input_value("#search") == ""


@pytest.mark.parametrize(
    "query",
    [
        "口袋公园",
        "北岸新城",
        "力争 新增",
        "MADEUP-2031-000",
        "toy-2030",
        "测试用的小节",
        "无此字样",
    ],
)
def test_search_matches_python(opened, query: str):
    view, rows = opened
    view.search(query)
    expected = expected_ids(rows, query)
    assert view.visible_ids() == expected
    assert view.shown() == len(expected)
    assert view.page.is_visible("#empty") == (not expected)


def test_markup_in_text_stays_literal_text(opened):
    view, rows = opened
    for row_id, text in (
        ("madeup-2031-0005", "<b>粗体</b>推进示范工程建设。"),
        ("madeup-2031-0006", HOSTILE),
    ):
        card = view.page.locator(f'li.unit[data-id="{row_id}"]')
        assert card.locator("p.text").text_content() == text
        assert card.locator("p.text *").count() == 0
    assert view.page.locator("#units b, #units img, #units iframe, #units svg").count() == 0
    assert view.page.evaluate("typeof window.__pwned") == "undefined"
    assert view.page.locator("script").count() == 2
    assert view.page.locator(VISIBLE).count() == len(rows)  # nothing after </script> was lost


def test_targets_and_places_are_highlighted(opened):
    view, rows = opened
    for row in rows:
        card = view.page.locator(f'li.unit[data-id="{row["id"]}"]')
        targets = card.locator("p.text mark.target").all_text_contents()
        places = card.locator("p.text mark.place").all_text_contents()
        assert targets == [t["text"] for t in row["numeric_targets"]], row["id"]
        assert places == [p["text"] for p in row["places"]], row["id"]
        assert card.locator("p.text").text_content() == row["text"]


def test_details_show_target_and_place_fields(opened):
    view, _ = opened
    jobs = view.page.locator('li.unit[data-id="madeup-2031-0007"]')
    jobs.locator("summary").click()
    rows = jobs.locator("tbody tr")
    expect(rows.nth(0).locator("td")).to_have_text(
        ["5000个", "就业岗位", ">=", "5,000", "—", "个", "increment"]
    )
    expect(rows.nth(1).locator("td")).to_have_text(
        ["3%—5%", "就业岗位", "range", "3", "5", "%", "growth"]
    )
    museum = view.page.locator('li.unit[data-id="madeup-2031-0002"]')
    museum.locator("summary").click()
    expect(museum.locator("tbody td")).to_have_text(["北岸新城", "zone", "— (not in gazetteer)"])
    facts = museum.locator("dl.facts")
    expect(facts).to_contain_text("technology, education")
    expect(facts).to_contain_text("locality")


def test_tooltips_carry_the_schema_definitions(opened):
    view, _ = opened
    for spec in filter_options():
        for option in spec["options"]:
            title = view.page.get_attribute(
                f'#filter-{spec["field"]} option[value="{option["value"]}"]', "title"
            )
            assert title == option["help"]


def test_filters_are_restored_from_the_address(browser, site_rows):
    path, rows = site_rows
    view = Opened(browser, path, "#commitment_type=quantified_target&q=%E5%8A%9B%E4%BA%89")
    try:
        assert view.page.input_value("#filter-commitment_type") == "quantified_target"
        assert view.visible_ids() == expected_ids(rows, "力争", commitment_type="quantified_target")
        view.check_clean()
    finally:
        view.close()


def test_page_fits_a_phone(opened):
    view, _ = opened
    view.page.set_viewport_size({"width": 375, "height": 740})
    view.page.locator('li.unit[data-id="madeup-2031-0007"] summary').click()
    assert view.page.evaluate("document.documentElement.scrollWidth") <= 375
    font_px = view.page.eval_on_selector("p.text", "e => parseFloat(getComputedStyle(e).fontSize)")
    assert font_px >= 14


def test_the_current_release_when_it_exists(browser, tmp_path: Path):
    folder = release_dir() / f"v{DATASET_VERSION}"
    if not (folder / "train.jsonl").exists():
        pytest.skip(f"no release at {folder.relative_to(PROJECT_ROOT)} yet")
    assert main(["explore", "-o", str(tmp_path / "site")]) == 0
    rows = load_split("all")
    view = Opened(browser, tmp_path / "site" / "index.html")
    try:
        assert view.visible_ids() == [row["id"] for row in rows]
        assert view.page.text_content("#version") == f"v{DATASET_VERSION}"
        check_every_filter(view, rows)
        view.check_clean()
    finally:
        view.close()


GLYPH_PIXELS = """([a, b]) => {
    const font = getComputedStyle(document.querySelector('#units .unit')).font;
    const pixels = (ch) => {
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 64;
        const context = canvas.getContext('2d');
        context.font = font.replace(/\\d+(\\.\\d+)?px/, '48px');
        context.fillText(ch, 4, 52);
        return Array.from(context.getImageData(0, 0, 64, 64).data).join(',');
    };
    return [pixels(a), pixels(b), pixels('\\u{10FFFD}')];
}"""


def test_chinese_text_renders_with_glyphs_not_boxes(opened):
    """Two different characters drawn in the page's font differ pixel for pixel, and
    neither looks like the glyph of an unassigned code point (the box a missing font
    shows): a machine without a CJK font fails here."""
    view, _ = opened
    jiang, jin, missing = view.page.evaluate(GLYPH_PIXELS, ["江", "津"])
    alike = jiang == jin or missing in (jiang, jin)
    assert not alike, "Chinese characters render as boxes: no CJK font (.ci/chromium.sh)"


def test_the_link_table_is_shown_with_its_figure(opened):
    from dataset.links.table import gold_links_file, read_links

    view, _ = opened
    assert view.page.is_visible("#links")
    view.page.wait_for_function("document.getElementById('links-figure').complete")
    assert view.page.eval_on_selector("#links-figure", "img => img.naturalWidth") > 0
    shown = view.page.eval_on_selector_all("#links-table tbody tr", "rows => rows.length")
    assert shown == len(read_links(gold_links_file()))
