"""The dataset card (dataset/README.md), generated from the schema, the release
statistics, the agreement report and the baseline results."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from dataset.publishing.docs import label_tables_markdown
from dataset.publishing.features import release_features
from dataset.publishing.stats import released_splits
from dataset.schema import (
    LABEL_FIELD_SPECS,
    LABEL_FIELDS,
    RELEASE_FIELDS,
    SINGLE_LABEL_FIELDS,
    UNIT_FIELDS,
)
from dataset.scoring.tasks import TASKS

LABEL_LICENSE = "cc-by-4.0"
LABEL_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
PRETTY_NAME = "GWRCommit: commitments in Chinese government work reports"
DESCRIPTION = (
    "GWRCommit is an annotated dataset and evaluation benchmark of commitments in Chinese "
    "government work reports (政府工作报告). Every sentence is labelled with its commitment "
    "type, commitment strength, numeric targets (value, unit, comparator, kind), policy "
    "domain (Comparative Agendas Project major topics) and geography."
)


@dataclass(frozen=True)
class CardInputs:
    version: str
    stats: dict
    documents: list[dict]
    sums: dict[str, str]
    agreement_markdown: str | None
    adjudication_summary: dict | None
    baselines_markdown: str | None
    changelog: str
    seedfree_report: dict | None = None
    example: dict | None = None
    baselines_results: dict | None = None
    """baselines/results.json, for the power figures of the limitations."""
    corpus_documents: tuple[dict, ...] = ()
    """Registry entries (dataset/corpus/documents.json) of the corpus documents released."""
    corpus_agreement: dict[str, dict] | None = None
    """doc_id -> agreement report of the two passes over a corpus document."""
    review_changes: int = 0
    """Labels changed by the consistency review after adjudication (codebook 2.1)."""
    links: dict | None = None
    """Summary, agreement and baseline scores of the target→outcome link table."""


def bibtex(version: str) -> str:
    return (
        "@misc{gwrcommit,\n"
        "  title  = {{GWRCommit}: An Annotated Dataset of Commitments in Chinese Government "
        "Work Reports},\n"
        "  author = {{GWRCommit contributors}},\n"
        f"  year   = {{2026}},\n  note   = {{Dataset version {version}}}\n}}"
    )


def source_bibtex(document: dict) -> str:
    return (
        "@misc{jiangjin2025report,\n"
        "  author       = {{重庆市江津区人民政府}},\n"
        "  title        = {{2025年江津区政府工作报告}},\n"
        f"  howpublished = {{{document['printed_in']}, {document['date']}, page "
        f"{document['page']}}},\n"
        f"  url          = {{{document['url']}}}\n}}"
    )


SILVER_PATH = "data/silver/silver.jsonl"
"""Where `gwrcommit reproduce` writes the silver configuration (rule output on every
attached report), relative to dataset/; git-ignored, as it holds report text."""


def optional_file(path: str) -> str:
    """A pattern matching exactly `path` (…jsonl -> …json[l]) that `datasets` may find
    missing without failing the other configs."""
    return path[:-1] + "[" + path[-1] + "]"


def card_yaml(version: str, splits: list[str]) -> str:
    metadata = {
        "pretty_name": PRETTY_NAME,
        "language": ["zh"],
        "language_details": "cmn-Hans-CN",
        "license": LABEL_LICENSE,
        "multilinguality": "monolingual",
        "size_categories": ["1K<n<10K"],
        "source_datasets": ["original"],
        "annotations_creators": ["machine-generated"],
        "language_creators": ["found"],
        "task_categories": ["text-classification", "token-classification"],
        "task_ids": [
            "multi-class-classification",
            "multi-label-classification",
            "named-entity-recognition",
        ],
        "tags": ["policy", "government", "commitments", "comparative-agendas-project"],
        "configs": [
            # `datasets` picks the file format from the first config's files, and resolves
            # every config's files when loading any one: the committed stand-off files come
            # first, and the git-ignored ones (full records, silver) are written as patterns
            # (json[l]) so that a missing one fails only the config that needs it.
            {
                "config_name": "standoff",
                "data_files": [
                    {"split": split, "path": f"data/v{version}/{split}.standoff.jsonl"}
                    for split in splits
                ],
            },
            {
                "config_name": "default",
                "data_files": [
                    {"split": split, "path": optional_file(f"data/v{version}/{split}.jsonl")}
                    for split in splits
                ],
            },
            {
                "config_name": "v1",
                "data_files": [
                    {"split": split, "path": f"data/v1.0.0/{split}.jsonl"}
                    for split in ("train", "test")
                ],
            },
            {
                "config_name": "silver",
                "data_files": [{"split": "train", "path": optional_file(SILVER_PATH)}],
            },
        ],
        # Release 1.0.0 has the same fields, so both full configurations get the typed
        # features (class labels with their names).
        "dataset_info": [
            {"config_name": name, "features": release_features()._to_yaml_list()}
            for name in ("default", "v1")
        ],
    }
    return yaml.safe_dump(metadata, allow_unicode=True, sort_keys=False, width=100)


def _count_table(stats: dict, field: str) -> str:
    splits = released_splits(stats)
    levels = list(stats["by_level"])
    columns = [*splits, *levels]
    rows = [
        "| label | " + " | ".join(columns) + " | all |",
        "|---" * (len(columns) + 2) + "|",
    ]
    for label, total in stats["all"]["labels"][field].items():
        if total:
            counts = [stats[split]["labels"][field][label] for split in splits]
            counts += [stats["by_level"][level]["labels"][field][label] for level in levels]
            rows.append(f"| `{label}` | " + " | ".join(map(str, counts)) + f" | {total} |")
    return "\n".join(rows)


def _example_row(example: dict) -> str:
    import json

    return "```json\n" + json.dumps(example, ensure_ascii=False, indent=1) + "\n```"


def _code_list(names) -> str:
    return ", ".join(f"`{name}`" for name in names)


TASK_METRICS: dict[str, tuple[str, str]] = {
    "type": ("macro-F1", "accuracy, per-class P/R/F1, confusion"),
    "strength": ("macro-F1", "accuracy, per-class P/R/F1"),
    "domain": ("primary macro-F1", "accuracy, per-class P/R/F1, multi-label micro-F1"),
    "targets": (
        "tuple F1: exact span + value + value_max + unit + comparator + kind",
        "span-only strict and overlap F1; value/unit/comparator/kind accuracy on matched spans",
    ),
    "places": (
        "strict F1 on span + type",
        "span-only strict F1, overlap F1, type accuracy, `geo_scope_macro_f1` (per class too)",
    ),
}
"""Per task, its main metric and what else is reported, in words; the fields come from
the scorer's task list."""


def _tasks_section() -> str:
    rows = []
    for name, task in TASKS.items():
        main, also = TASK_METRICS.get(name, (task.main_metric, "—"))
        rows.append(f"| {name} | {_code_list(task.fields)} | {main} | {also} |")
    return (
        "## Supported tasks\n\n"
        "| task | field(s) | main metric | also reported |\n|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nEvery metric carries a 95% bootstrap confidence interval over units. Use "
        "`train` (with its `fold` column for grouped 5-fold cross-validation) for development "
        "and report `test` once.\n\n" + _tracks_paragraph()
    )


TRACK_RESOURCE_FILES = {
    "the codebook": "the codebook (`annotation/guidelines.md`, with its marker and unit lists)",
    "the gazetteer": "the gazetteer (`dataset/gazetteer.json`)",
}
"""The resources that the tasks' track rules name, with the files that hold them."""


def _tracks_paragraph() -> str:
    """Which resources a system may use in each track, from the tasks' own statement."""
    by_resources: dict[str, list[str]] = {}
    for name, task in TASKS.items():
        by_resources.setdefault(task.resources, []).append(name)
    statements = []
    for resources, names in by_resources.items():
        text = resources
        for resource, described in TRACK_RESOURCE_FILES.items():
            text = text.replace(resource, described)
        which = "every task" if len(names) == len(TASKS) else ", ".join(names)
        statements.append(f"{which}: {text}")
    return (
        "**Tracks.** Results are reported per track, by what a system may use ("
        + "; ".join(statements)
        + "). State the track with every result. The gazetteer lists every place of the "
        "seed page (a train document), so a places system that reads it is open-track. "
        "Systems developed on a test document (the rule pre-annotator) are reported apart "
        "as in-sample references, whatever their track, with their honest figures on the "
        "reports they were never developed on."
    )


def _seedfree_paragraph(report: dict | None) -> str:
    if report is None:
        return ""
    fields = report["fields"]
    nominal = ", ".join(
        f"{name} κ {fields[name]['cohen_kappa']:.3f}" for name in SINGLE_LABEL_FIELDS
    )
    return (
        "\n\n**A check without seed examples.** To see whether the near-perfect agreement "
        "only reflects examples copied from the codebook, a third pass (C) was made the same "
        "way from a version of the codebook in which every seed example was replaced by a "
        "constructed one (`annotation/studies/guidelines-seedfree.md`; no run of 8 or more "
        "characters of the seed in it). Against the adjudicated gold it reached "
        f"{nominal}; targets tuple F1 {fields['numeric_targets']['tuple_f1']:.3f}; places "
        f"strict F1 {fields['places']['strict_f1']:.3f}; identical domain sets on "
        f"{fields['domains']['percent_agreement']:.1f}% of units "
        "(`annotation/agreement/seedfree-vs-gold.md`). So the rules, not quoted examples, "
        "drive the agreement, at least for this model; the check does not remove the shared "
        "blind spots of one model family."
    )


def _baselines_section(inputs: CardInputs) -> str:
    if inputs.baselines_markdown is None:
        return "## Baselines\n\nNo baseline results yet."
    # RESULTS.md's sections become subsections of this one.
    quoted = re.sub(r"(?m)^(#{2,5}) ", r"#\1 ", inputs.baselines_markdown.strip())
    return (
        "## Baselines\n\nFrom `baselines/RESULTS.md` (regenerate with "
        "`uv run gwrcommit reproduce`).\n\n" + quoted
    )


def _power_sentence(power: dict) -> str:
    """The minimum detectable difference of each main metric, from the baseline results."""
    measured = {task: entry for task, entry in power.items() if "mdd" in entry}
    if not measured:
        return ""
    mdds = "; ".join(
        f"{task} {entry['metric']} {entry['mdd']:.2f}" for task, entry in measured.items()
    )
    first_task, first = next(iter(measured.items()))
    return (
        " **Low power**: the minimum detectable difference on test (the true difference "
        "that the paired bootstrap between the two strongest systems detects with 80% "
        f"power at α = 0.05; definition in the Baselines section) is {mdds}. A gain of "
        f"+{first['gain']} in {first_task} {first['metric']} comes out significant in only "
        f"{first['power_at_gain']:.0%} of cases. Smaller differences between systems are not "
        "evidence that one is better until the corpus grows."
    )


def _years(years: list[int]) -> str:
    """1982, 1983, 1984, 1990 -> '1982–1984, 1990'."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _links_section(links: dict | None) -> str:
    if links is None:
        return ""
    summary = links["summary"]
    relations = ", ".join(f"{name} {count}" for name, count in summary["relations"].items())
    first, last = summary["plan_years"]
    lines = [
        "## Targets and outcomes (link table)",
        "",
        "`dataset/links/gold.jsonl` links each headline target of a State Council report "
        "(主要预期目标, or before such lists the year's plan figures; codebook §14) to the "
        "outcome the next report's review gives for it, with the relation decided by the "
        "codebook's rule R1–R5. Stand-off: each side is a document span (unit id, offsets, "
        "SHA-256 of the text) with its figure; `gwrcommit links check` verifies the spans "
        "against your attached copy.",
        "",
        f"- {summary['links']} adjudicated links from {summary['reports_with_targets']} "
        f"reports with headline targets (plan years {first}–{last}). All "
        f"{summary['pairs_read']} pairs of consecutive reports from "
        f"{summary['pair_years'][0]} to {summary['pair_years'][1]} were read by both passes; "
        f"the reports of {_years(summary['reports_without_targets'])} set no headline "
        f"target for their year (they hold no passage with the year's plan figures). "
        f"{summary['with_outcome']} links have an outcome span. Relations: {relations}.",
    ]
    agreement = links.get("agreement")
    if agreement:
        overall = agreement["all"]
        fields = overall["fields"]
        lines.append(
            f"- Two independent passes: target identification F1 {overall['target_f1']:.3f} "
            f"({overall['targets_both']} targets in both); on those, outcome span agreement "
            f"{fields['outcome_span']['percent_agreement']:.1f}%, relation Cohen's κ "
            f"{fields['relation']['cohen_kappa']:.3f} (`annotation/links/agreement.json`; "
            "disagreements decided in `annotation/links/adjudication.jsonl`)."
        )
    baseline = (links.get("baseline") or {}).get("systems", {})
    for name, result in baseline.items():
        metrics = result["metrics"]
        parts = ", ".join(
            f"{metric} {metrics[metric]['value']:.3f} "
            f"[{metrics[metric]['ci'][0]:.3f}, {metrics[metric]['ci'][1]:.3f}]"
            for metric in ("link_f1", "relation_accuracy")
        )
        lines.append(f"- Baseline `{name}` (indicator cues + the rule): {parts}.")
    lines += ["", "![Targets and outcomes](stats/links.png)"]
    return "\n".join(lines)


def _licence_section() -> str:
    return (
        "## Licence\n\n"
        f"- **Labels and annotations**: [CC BY 4.0]({LABEL_LICENSE_URL}).\n"
        "- **Source text**: a government work report, an administrative document of a "
        "state organ; Article 5 of the Copyright Law of the People's Republic of China "
        "excludes such documents from copyright protection. This is the basis on which the "
        "text is redistributed, stated as such and not as legal advice.\n"
        "- **Code**: MIT (see `pyproject.toml`).\n\n"
        "### Maintenance\n\nVersions follow semantic versioning (patch: label corrections; "
        "minor: new documents or fields; major: schema or id changes). Released files are "
        "frozen; their SHA-256 sums are recorded in `releases.json`, and a test rebuilds the "
        "current release byte for byte. Report label errors as issues with the unit id."
    )


def render_card(inputs: CardInputs) -> str:
    stats, version = inputs.stats, inputs.version
    document = inputs.documents[0]
    splits = released_splits(stats)
    in_splits = ", ".join(f"{stats[split]['units']} in `{split}`" for split in splits)
    sections = [
        f"---\n{card_yaml(version, splits)}---",
        "<!-- Generated by `gwrcommit build` from dataset/schema.py, the release statistics, "
        "the agreement reports and baselines/results.json; edit those, not this file. -->",
        f"# {PRETTY_NAME}\n\n{DESCRIPTION}\n\n"
        f"Version **{version}**: {stats['all']['units']} gold sentence units from "
        f"{len(stats['documents'])} documents at {len(stats['by_level'])} levels of "
        f"government ({in_splits}); {stats['all']['targets']['total']} numeric targets and "
        f"{stats['all']['places']['total']} places.",
        _quick_start(version),
        _tasks_section(),
        _structure_section(inputs),
        _creation_section(inputs),
        _agreement_section(inputs),
        _baselines_section(inputs),
        *[section for section in [_links_section(inputs.links)] if section],
        _datasheet_section(stats),
        _limitations_section(
            stats,
            (inputs.baselines_results or {}).get("power", {}),
            (inputs.baselines_results or {}).get("rules_held_out", {}),
        ),
        _licence_section(),
        _citation_section(version, document, inputs.corpus_documents),
        "## Changelog\n\n" + inputs.changelog.split("\n", 1)[1].strip(),
    ]
    return "\n\n".join(sections) + "\n"


def _quick_start(version: str) -> str:
    return (
        "## Quick start\n\n"
        "The corpus documents ship stand-off (ids, offsets, labels and a SHA-256 of each "
        "unit's text, never the text). Attach the texts from your copy of the public "
        "sources once, and the build writes the full records:\n\n"
        "```bash\nuv run gwrcommit corpus attach PATH ...   # your copies of the sources\n"
        "uv run gwrcommit corpus status --missing     # which are missing, where to get them\n"
        "uv run gwrcommit build\n```\n\n"
        "```python\nfrom datasets import load_dataset\n\n"
        'ds = load_dataset("dataset")  # train / dev / test, run from the root of a clone\n'
        f'ds["train"].features["{SINGLE_LABEL_FIELDS[0]}"].names\n'
        'v1 = load_dataset("dataset", "v1")  # release 1.0.0: the seed page, no corpus needed\n'
        'standoff = load_dataset("dataset", "standoff")  # labels, no text, no corpus needed\n'
        "```\n\n"
        'The `silver` configuration (`load_dataset("dataset", "silver")`) holds the rule '
        "pre-annotator's labels for every attached report of the corpus. It is machine "
        "output, never reviewed, and never mixed with the gold; `gwrcommit reproduce` writes "
        f"it to `{SILVER_PATH}`.\n\n"
        "Score predictions with the official scorer (95% bootstrap intervals):\n\n"
        "```bash\nuv run gwrcommit export --split test -o gold-test.jsonl   "
        "# also a valid prediction file\n"
        "uv run gwrcommit score --pred my-predictions.jsonl --gold test\n```\n\n"
        f"Release files: `data/v{version}/` with `SHA256SUMS` (stand-off and full files); "
        "Croissant metadata: `croissant.json`; statistics: `stats/`. Browse: "
        "`uv run gwrcommit explore -o explorer/` (filter by document and level)."
    )


def _documents_table(stats: dict, inputs: CardInputs) -> str:
    titles = {d["doc_id"]: d["title"] for d in inputs.documents}
    titles |= {d["doc_id"]: d["title"] for d in inputs.corpus_documents}
    rows = [
        "| document | title | level | split | units | numeric targets | places |",
        "|---|---|---|---|---|---|---|",
    ]
    for doc_id, doc in stats["by_document"].items():
        rows.append(
            f"| `{doc_id}` | {titles.get(doc_id, '')} | {doc['level']} | {doc['split']} | "
            f"{doc['units']} | {doc['targets']['total']} | {doc['places']['total']} |"
        )
    return "\n".join(rows)


def _documents_in(stats: dict, split: str) -> list[str]:
    return [doc_id for doc_id, doc in stats["by_document"].items() if doc["split"] == split]


def _structure_section(inputs: CardInputs) -> str:
    stats = inputs.stats
    lengths = stats["all"]["text_length_chars"]
    split_rows = "\n".join(
        f"| {split} | {_code_list(_documents_in(stats, split))} "
        f"| {stats[split]['units']} | {stats[split]['paragraphs']} |"
        for split in released_splits(stats)
    )
    return "\n\n".join(
        [
            "## Dataset structure",
            "One JSON object per sentence unit. Offsets of the unit (`start`, `end`) refer to the "
            "normalised source document (BOM stripped, NFC, LF); offsets of spans refer to the "
            "unit's `text`, `[start, end)`, and `text[start:end] == span.text` always holds. "
            "In the stand-off files (`*.standoff.jsonl`) `text` and `section` are replaced by "
            "`text_sha256` (SHA-256 of the unit text, UTF-8), spans carry no `text`, and a "
            "target's `indicator` found in the unit becomes `indicator_start`/`indicator_end`.",
            "An example row (the first `train` unit of the seed page with a numeric target):",
            _example_row(inputs.example or {}),
            "### Documents\n\n" + _documents_table(stats, inputs),
            "### Label sets\n\n" + label_tables_markdown(),
            "### Splits\n\nEvery document goes whole into one split, chosen by hand when it "
            "entered the release and recorded in `splits.json`, so that no test document is "
            "seen in training. Test holds the national report of 2025 and a provincial "
            "report that the rule pre-annotator was never developed on; dev the national "
            "report of the year before; train the seed page and a provincial report. `train` "
            "units carry a `fold` 0–4 for grouped cross-validation (whole paragraphs, dealt "
            "by size). Release 1.0.0 (configuration `v1`) split the paragraphs of the seed page "
            "instead and stays as it was for comparison.\n\n"
            "| split | documents | units | paragraphs |\n|---|---|---|---|\n" + split_rows,
            "### Label distributions\n\n"
            + "\n\n".join(
                f"**{LABEL_FIELD_SPECS[field].title}** (`{field}`)\n\n{_count_table(stats, field)}"
                for field in SINGLE_LABEL_FIELDS
            )
            + f"\n\nUnit length: {lengths['min']}–{lengths['max']} characters (median "
            f"{lengths['median']:g}). Full statistics, per split, document and level: "
            f"`stats/v{inputs.version}.json`; figures: `stats/v{inputs.version}-labels.png` "
            f"(per split) and `stats/v{inputs.version}-levels.png` (per level and document).",
        ]
    )


def _corpus_sources_table(inputs: CardInputs) -> str:
    rows = [
        "| document | issuer | level | region code | public source | extracted from |",
        "|---|---|---|---|---|---|",
    ]
    for d in inputs.corpus_documents:
        recipe = d["recipe"]
        extract = {
            "wikisource-jsonl": f"the record titled «{recipe.get('title')}» of the JSONL",
            "tsv": f"the row of {recipe.get('year')} of the TSV",
            "docx-zip": f"`{recipe.get('member')}` in the zip",
            "text": f"`{recipe.get('file')}`",
        }[recipe["format"]]
        source = d["source"]
        where = source.get("url") or f"{source['repository']} `{source['path']}`"
        rows.append(
            f"| `{d['doc_id']}` | {d['issuer']} | {d['level']} | {d['region_code']} | "
            f"{where} | {extract} |"
        )
    return "\n".join(rows)


def _creation_section(inputs: CardInputs) -> str:
    document = inputs.documents[0]
    adjudication = inputs.adjudication_summary or {}
    decided = adjudication.get("decisions", "—")
    return "\n\n".join(
        [
            "## Dataset creation",
            "### Motivation\n\nWork reports are the main yearly statement of what a Chinese "
            "government promises to do. Their commitments range from checkable numeric targets "
            "to directions of effort and rhetoric. GWRCommit makes those differences measurable "
            "and gives NLP systems a benchmark with exact spans and normalised values, so that "
            "commitments can be compared across governments, levels and years and checked "
            "against outcomes.",
            "### Source data\n\n**The seed page** (shipped in full):\n\n"
            f"| | |\n|---|---|\n| document | {document['title']} |\n"
            f"| issued by | {document['publisher']} |\n"
            f"| as printed in | {document['printed_in']}, {document['date']}, page "
            f"{document['page']} |\n| source page | {document['url']} |\n"
            f"| SHA-256 of the file | `{document['sha256']}` |\n\n"
            "The seed file is kept byte for byte in `seeds/` with its provenance "
            "(`seeds/README.md`). The page holds the later part of the report (from the end of "
            "section (三) of this year's tasks to the closing), so it is almost entirely "
            "forward-looking.\n\n"
            "**Whole reports** (stand-off; the project never ships their text). Each is "
            "registered in `corpus/documents.json` with its public source, the commit of the "
            "file the hash was taken at, how the text is extracted, and the SHA-256 of the "
            "normalised text, which `gwrcommit corpus attach` checks before anything uses it:\n\n"
            + _corpus_sources_table(inputs),
            "### Data statement\n\n- Language variety: Mandarin Chinese, simplified script, as "
            "written in mainland China (`cmn-Hans-CN`).\n- Genre: official government work "
            "reports delivered to people's congresses (the National People's Congress, a "
            "provincial and a district congress); formal, formulaic administrative prose with "
            "slogans and numbered headings, a review of the past year, the year's targets and "
            "tasks.\n- Speaker: the government (read by its head); the text is the "
            "government's own framing of its record and plans.\n- Preprocessing: BOM stripped, "
            "CRLF → LF, NFC; the newspaper's `版次/作者` line of the seed is document metadata "
            "and its continuation marker `(上接第二版)` is stripped and recorded; known "
            "boilerplate of the corpus sources (Wikisource's licence notice) is stripped by "
            "`corpus attach`.",
            "### How every field was produced\n\n"
            "| field(s) | produced by |\n|---|---|\n"
            f"| {_code_list(f for f in UNIT_FIELDS if f != 'unit_type')} | the rule "
            "segmenter (`gwrcommit segment`); tests check every unit against the source |\n"
            "| `unit_type` | the segmenter's heading rules, checked by tests |\n"
            f"| {_code_list(LABEL_FIELDS)} | two independent annotation passes over "
            "every unit of every document, made from the codebook and the text alone (no "
            f"pre-filled labels), then adjudicated (seed page: {decided} field decisions, "
            "`annotation/adjudication/log.jsonl`; each corpus document: "
            "`annotation/adjudication/corpus/<doc_id>.jsonl`); then a consistency review of "
            f"all gold against codebook 2.1, which changed {inputs.review_changes} labels, "
            "each logged with its rule in `annotation/adjudication/review-2.1/` |\n"
            f"| {_code_list(RELEASE_FIELDS)} | the release builder: the document's split from "
            "`splits.json`; train paragraphs dealt into folds by size |\n"
            "| `text_sha256` (stand-off files) | SHA-256 of the unit text |\n\n"
            "No label was pre-filled by rules: the rule pre-annotator exists for new reports, "
            "as a baseline and as the silver configuration, and it was not shown to the "
            "annotators.",
            "### Who annotated, and how\n\n"
            "Every pass was made by AI: each by a separate instance of a large language "
            "model (Anthropic's Claude, run as an annotation sub-agent). Each instance was given "
            "only the codebook (`annotation/guidelines.md`), the units of the document, its "
            "issuing government, and a description of the file format with a format checker, "
            "and labelled every unit by reading it in context; it saw neither the other pass, "
            "nor any pre-annotation, nor the project's code. The seed page was labelled with "
            "codebook 1.x (pass A in reading order, pass B paragraph by paragraph from the "
            "end); the whole reports of 2.0.0 with codebook 2.0 and those added in 2.1.0 with "
            "codebook 2.2 or 2.3 (`annotation/passes/README.md`: each report in two chunks of "
            "whole paragraphs, about 250 units each in 2.0.0 and 140–170 in 2.1.0, each chunk "
            "of each pass by its own instance, pass A first to last, pass B last to first). "
            "No human annotator took part, and no demographic information applies. The "
            "codebook was drafted by a further instance of the same model; disagreements "
            "were adjudicated by instances of the same model reading each disputed unit "
            "against the codebook, and every decision is logged with a one-line reason "
            "(quotations of a corpus unit are written as offsets, ⟦start:end⟧, so that the "
            "logs hold no report text).",
        ]
    )


def _corpus_agreement_table(reports: dict[str, dict]) -> str:
    names = list(SINGLE_LABEL_FIELDS)
    header = (
        "| document | units | "
        + " | ".join(f"{name} κ" for name in names)
        + " | domains micro-F1 | targets tuple F1 | places strict F1 |"
    )
    rows = [header, "|---" * (len(names) + 5) + "|"]
    for doc_id, report in sorted(reports.items()):
        fields = report["fields"]
        kappas = " | ".join(f"{fields[name]['cohen_kappa']:.3f}" for name in names)
        rows.append(
            f"| `{doc_id}` | {report['units']} | {kappas} | "
            f"{fields['domains']['micro_f1']:.3f} | "
            f"{fields['numeric_targets']['tuple_f1']:.3f} | "
            f"{fields['places']['strict_f1']:.3f} |"
        )
    return "\n".join(rows)


def _agreement_section(inputs: CardInputs) -> str:
    if inputs.agreement_markdown is None:
        return "## Agreement\n\nNo agreement report yet."
    corpus = ""
    if inputs.corpus_agreement:
        corpus = (
            "\n\n### Whole reports\n\nBetween the two passes over each corpus document, before "
            "adjudication (`annotation/agreement/<doc_id>.md`; Cohen's κ, and for the span "
            "fields the scorer's main metrics with one pass as reference):\n\n"
            + _corpus_agreement_table(inputs.corpus_agreement)
        )
    return (
        "## Inter-annotator agreement\n\n### The seed page\n\n"
        "Between the two passes, before adjudication (`annotation/agreement/report.json`, "
        "made by `gwrcommit agreement`).\n\n"
        + re.sub(r"(?m)^(#{2,4}) ", r"#\1 ", inputs.agreement_markdown.strip())
        + corpus
        + "\n\n**What these figures can and cannot show.** All passes were made the same way "
        "by instances of the same model reading the same codebook, so they share blind "
        "spots: high agreement shows that the codebook is applied consistently, not that the "
        "labels are correct. The codebook also quotes some seed sentences as examples (never "
        "a test unit, and never a sentence of a corpus report), which makes agreement on "
        "those sentences partly agreement with the codebook. Human annotators would likely "
        "disagree more." + _seedfree_paragraph(inputs.seedfree_report)
    )


def _datasheet_section(stats: dict) -> str:
    total = stats["all"]
    return (
        "## Datasheet\n\n"
        "**Composition.** Each instance is one sentence unit of a published government "
        f"report: {total['units']} units in {total['paragraphs']} paragraphs of "
        f"{len(stats['documents'])} documents (levels: {', '.join(stats['by_level'])}), with "
        f"{total['targets']['total']} numeric targets and {total['places']['total']} place "
        "mentions. Every unit of every document has every label; nothing is missing or "
        "sampled within a document. The documents were chosen, not sampled: the seed page, "
        "its parent province-level report (Chongqing 2025), the State Council's reports of "
        "2024 and 2025, Sichuan 2025, a neighbouring province whose report the rules were "
        "never developed on, and (in 2.1.0) six more provinces of 2025: Zhejiang and Henan "
        "for train, Jiangxi, Hubei, Jilin and Hebei for dev (the rules were developed on "
        "the first four, never on Jilin and Hebei). The text names public bodies, "
        "programmes and places, and "
        "no private individuals; it holds no personal or sensitive data about people.\n\n"
        "**Collection.** The seed page was taken from the newspaper's public e-paper; the "
        "whole reports from public copies named per document under Source data. The labels "
        "were made as described under Dataset creation.\n\n"
        "**Preprocessing.** Text normalisation and segmentation only (see Data statement); "
        "the raw seed is kept unchanged in `seeds/`.\n\n"
        "**Uses.** Intended: benchmarking classifiers and span extractors for policy "
        "commitments, within and across levels of government; studying how reports word "
        "their promises; teaching. Not intended: judging a government's performance (labels "
        "record promises, not outcomes).\n\n"
        "**Distribution.** In this repository: JSON Lines per split under `data/v<version>/` "
        "(stand-off files committed, full files built locally once the texts are attached), "
        "SHA-256 sums, Hugging Face loading configurations in this card, and Croissant "
        "metadata (`croissant.json`). The corpus texts are not redistributed: users attach "
        "their own copies, which are verified by hash.\n\n"
        "**Maintenance.** See Licence → Maintenance and `CHANGELOG.md`."
    )


SKEW_SHARE = 0.9


def _skew_sentence(stats: dict) -> str:
    """A limitation line for each single-label field that one label nearly fills."""
    lines = []
    units = max(stats["all"]["units"], 1)
    for field in SINGLE_LABEL_FIELDS:
        label, count = max(stats["all"]["labels"][field].items(), key=lambda item: item[1])
        if count / units >= SKEW_SHARE:
            lines.append(
                f"- **Skewed `{field}`**: `{label}` on {100 * count / units:.0f}% of units "
                "(allowed in the data lint): whole reports seldom mark it, so its macro-F1 "
                "rests on a few dozen units.\n"
            )
    return "".join(lines)


def _in_sample_rules_line(held_out: dict) -> str:
    """Which documents the rules were developed on and which they never saw, from the
    results of `reproduce` (annotation.rules.evaluation)."""
    developed = _names(held_out.get("developed_on", []))
    unseen = _names(held_out.get("documents", {}))
    return (
        "- **In-sample rules**: the rule pre-annotator (`rules`) was written while reading "
        f"{developed or 'its development documents'} with their gold (the seed page's test "
        "paragraphs included). Its scores there are fit, not generalisation; the honest "
        f"figures are those on {unseen or 'the documents it never saw'}, which it was never "
        "developed on (Baselines → the rule pre-annotator on held-out reports). The silver "
        "configuration is its output, unreviewed.\n"
    )


def _names(doc_ids) -> str:
    names = [f"`{doc_id}`" for doc_id in doc_ids]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)


def _limitations_section(stats: dict, power: dict, held_out: dict) -> str:
    test = stats.get("test", {"units": 0})
    return (
        "## Limitations and risks\n\n"
        f"- **Small**: {stats['all']['units']} units from {len(stats['documents'])} "
        f"documents; test has {test['units']} units from two documents, so one unit moves "
        f"accuracy by about {100 / max(test['units'], 1):.2f} points, and several labels "
        "(many CAP topics, some place types) have a handful of examples. Intervals are over "
        "units; documents are few, so differences between documents are not captured by "
        "them." + _power_sentence(power) + "\n"
        "- **Few governments, one year mostly**: one district page, eight provinces and two "
        "national reports (2024, 2025). Generalising to other provinces, to counties or to "
        "other decades is untested; the cross-level results in the Baselines section show "
        "how much a change of level costs.\n"
        + _skew_sentence(stats)
        + "- **The report's own rhetoric**: the labels describe what the text commits to, not "
        "what was done. A `quantified_target` is not evidence of an outcome; the review "
        "sections' achieved figures are `non_commitment` units without targets.\n"
        "- **Machine annotators**: every pass and every adjudication was made by the same "
        "family of AI model; systematic errors they share are not visible in agreement.\n"
        + _in_sample_rules_line(held_out)
        + "- **CAP crosswalk**: mapping Chinese government subjects to CAP topics "
        "requires rulings (codebook §7.3, §13.7) that other projects may make differently.\n"
        "- **Use**: suitable for method development and teaching; not for claims about "
        "Chinese governance in general."
    )


def _citation_section(version: str, document: dict, corpus: tuple[dict, ...]) -> str:
    sources = "\n".join(
        f"- `{d['doc_id']}`: {d['issuer']}, {d['title']} ({d['year']})"
        + (f", {d['source']['url']}" if d["source"].get("url") else "")
        for d in corpus
    )
    return (
        "## Citation\n\nCite the dataset:\n\n```bibtex\n" + bibtex(version) + "\n```\n\n"
        "and the source documents: the seed page\n\n```bibtex\n"
        + source_bibtex(document)
        + "\n```\n\nand the reports annotated in stand-off:\n\n"
        + sources
    )
