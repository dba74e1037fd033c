"""Every generated file of the project, and how to bring all of them up to date.

`gwrcommit build` calls `regenerate_all`; tests/cli/test_generated.py checks that each file
returned by `generated_files` holds exactly what it would be regenerated to.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotation.paths import gold_dir
from dataset import paths
from dataset.publishing.docs import label_tables_markdown, replace_generated_block
from dataset.release.build import BuildResult, build
from dataset.version import DATASET_VERSION

AGREEMENT_REPORT = Path("annotation") / "agreement" / "report.json"
ADJUDICATION_LOG = Path("annotation") / "adjudication" / "log.jsonl"
RESULTS_MARKDOWN = Path("baselines") / "RESULTS.md"
SEEDFREE_REPORT = Path("annotation") / "agreement" / "seedfree-vs-gold.json"
REVIEW_LOGS = Path("annotation") / "adjudication" / "review-2.1"
"""Labels changed after adjudication by the consistency review against codebook 2.1."""


def regenerate_all(
    root: Path = paths.PROJECT_ROOT, freeze: bool = False
) -> tuple[BuildResult, list[Path]]:
    """Build the release, then rewrite each generated file that is out of date."""
    result = build(gold_dir(root), root, freeze=freeze)
    written = [
        path for path, data in generated_files(root).items() if _write_if_changed(path, data)
    ]
    return result, written


def generated_files(root: Path = paths.PROJECT_ROOT) -> dict[Path, bytes]:
    """Path -> the bytes it must hold."""
    files = {}
    guidelines = root / "annotation" / "guidelines.md"
    if guidelines.exists():
        current = guidelines.read_text(encoding="utf-8")
        files[guidelines] = replace_generated_block(current, label_tables_markdown()).encode()
    release = paths.release_dir(root) / f"v{DATASET_VERSION}"
    if (release / "train.jsonl").exists():
        files |= _release_documents(root, release)
    files[root / "annotation" / "labelstudio" / "config.xml"] = _labelstudio_config()
    files[_links_config_path(root)] = _links_config()
    files |= _links_files(root)
    return files


def _links_config_path(root: Path) -> Path:
    from annotation.labelstudio.links_config import links_config_path

    return links_config_path(root)


def _links_config() -> bytes:
    from annotation.labelstudio.links_config import render_links_config

    return render_links_config().encode()


def _links_files(root: Path) -> dict[Path, bytes]:
    """The figure of targets against outcomes, from the committed link table (figures
    only, so it needs no report text)."""
    from dataset.links.table import gold_links_file, read_links
    from dataset.publishing.links import render_links_figure

    if not gold_links_file(root).exists():
        return {}
    links = read_links(gold_links_file(root))
    return {root / "dataset" / "stats" / "links.png": render_links_figure(links)}


def _labelstudio_config() -> bytes:
    from annotation.labelstudio.config import render_config

    return render_config().encode()


def _release_documents(root: Path, release: Path) -> dict[Path, bytes]:
    from dataset.corpus.registry import document_levels
    from dataset.publishing.card import CardInputs, render_card
    from dataset.publishing.croissant import croissant_metadata, render_croissant
    from dataset.publishing.stats import (
        release_statistics,
        render_distribution_figure,
        render_levels_figure,
        render_statistics,
    )
    from dataset.release.build import load_frozen
    from dataset.release.checksums import sha256_bytes
    from dataset.release.load import load_split

    rows = load_split("all", DATASET_VERSION, root)
    stats = release_statistics(DATASET_VERSION, rows, document_levels(root))
    documents = json.loads(paths.documents_file(root).read_text(encoding="utf-8"))
    sums = {p.name: sha256_bytes(p.read_bytes()) for p in sorted(release.glob("*.jsonl"))}
    frozen = load_frozen(root).get(DATASET_VERSION, {})
    card = render_card(
        CardInputs(
            version=DATASET_VERSION,
            stats=stats,
            documents=documents,
            sums=sums,
            agreement_markdown=_agreement_markdown(root),
            adjudication_summary=_adjudication_summary(root),
            baselines_markdown=_results_table(root),
            baselines_results=_json_or_none(root / "baselines" / "results.json"),
            changelog=(root / "dataset" / "CHANGELOG.md").read_text(encoding="utf-8"),
            seedfree_report=_json_or_none(root / SEEDFREE_REPORT),
            example=_seed_example(rows, documents),
            corpus_documents=_released_corpus_documents(root, stats["documents"]),
            corpus_agreement=_corpus_agreement(root, stats["documents"]),
            review_changes=_review_changes(root),
            links=_links_card_inputs(root),
        )
    )
    croissant = croissant_metadata(
        DATASET_VERSION,
        f"data/v{DATASET_VERSION}",
        sums,
        {
            "description": "GWRCommit: sentence units of Chinese government work reports "
            "labelled with commitment type, strength, numeric targets, "
            "policy domain and geography.",
            "cite_as": _cite_as(),
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "url": documents[0]["url"],
            "date_published": frozen.get("date", "2026-11-27"),
        },
    )
    stats_dir = root / "dataset" / "stats"
    return {
        root / "dataset" / "README.md": card.encode(),
        root / "dataset" / "croissant.json": render_croissant(croissant).encode(),
        stats_dir / f"v{DATASET_VERSION}.json": render_statistics(stats).encode(),
        stats_dir / f"v{DATASET_VERSION}-labels.png": render_distribution_figure(stats),
        stats_dir / f"v{DATASET_VERSION}-levels.png": render_levels_figure(stats),
    }


def _links_card_inputs(root: Path) -> dict | None:
    from dataset.links.table import gold_links_file, read_links
    from dataset.publishing.links import links_summary

    if not gold_links_file(root).exists():
        return None
    return {
        "summary": links_summary(read_links(gold_links_file(root))),
        "agreement": _json_or_none(root / "annotation" / "links" / "agreement.json"),
        "baseline": _json_or_none(root / "baselines" / "links.json"),
    }


def _seed_example(rows: list[dict], documents: list[dict]) -> dict:
    """The first train unit of a seed document (whose text the project ships) with a
    numeric target: the card never shows a corpus report's text."""
    seeds = {document["doc_id"] for document in documents}
    shipped = [r for r in rows if r["doc_id"] in seeds]
    return next((r for r in shipped if r["split"] == "train" and r["numeric_targets"]), shipped[0])


def _released_corpus_documents(root: Path, released: list[str]) -> tuple[dict, ...]:
    from dataset.corpus.registry import registry_file

    entries = json.loads(registry_file(root).read_text(encoding="utf-8"))
    return tuple(entry for entry in entries if entry["doc_id"] in released)


def _corpus_agreement(root: Path, released: list[str]) -> dict[str, dict]:
    folder = root / AGREEMENT_REPORT.parent
    return {
        doc_id: json.loads((folder / f"{doc_id}.json").read_text(encoding="utf-8"))
        for doc_id in released
        if (folder / f"{doc_id}.json").exists()
    }


def _review_changes(root: Path) -> int:
    folder = root / REVIEW_LOGS
    return sum(
        1
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    )


def _cite_as() -> str:
    from dataset.publishing.card import bibtex

    return bibtex(DATASET_VERSION)


def _agreement_markdown(root: Path) -> str | None:
    path = root / AGREEMENT_REPORT
    if not path.exists():
        return None
    from annotation.agreement import render_markdown

    return render_markdown(json.loads(path.read_text(encoding="utf-8")), heading=False)


def _json_or_none(path: Path) -> dict | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _adjudication_summary(root: Path) -> dict | None:
    path = root / ADJUDICATION_LOG
    if not path.exists():
        return None
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {"decisions": len(lines)}


def _results_table(root: Path) -> str | None:
    path = root / RESULTS_MARKDOWN
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    return text.split("\n", 1)[1] if text.startswith("#") else text


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)
    return True
