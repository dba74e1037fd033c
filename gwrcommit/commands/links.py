"""gwrcommit links: target→outcome links between State Council reports (codebook §14).

The link table (dataset/links/gold.jsonl) is stand-off: document offsets, SHA-256 and
figures. Everything that shows or reads text needs the reports attached
(`gwrcommit corpus attach`)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from gwrcommit.options import add_force_argument

NAME = "links"
HELP = "link national targets to next year's outcomes: import passes, agree, adjudicate, score"
EXAMPLES = [
    "gwrcommit links import raw-pass-a/*.jsonl -o annotation/links/passes/a.jsonl",
    "gwrcommit links agreement                          # the two committed passes",
    "gwrcommit links adjudicate                         # passes + log -> dataset/links/gold.jsonl",
    "gwrcommit links check                              # the gold against the rule and texts",
    "gwrcommit links baseline -o build/links-pred.jsonl",
    "gwrcommit links score --pred build/links-pred.jsonl",
    "gwrcommit links ls-push state-council-2023 state-council-2024 --project links-c",
    "gwrcommit links ls-pull --project links-c -o annotation/links/passes/c.jsonl",
]
DEFAULT_LS_PROJECT = "GWRCommit links"
PASSES_DIR = Path("annotation") / "links" / "passes"
AGREEMENT_FILE = Path("annotation") / "links" / "agreement.json"
ADJUDICATION_LOG = Path("annotation") / "links" / "adjudication.jsonl"
BASELINE_RESULTS = Path("baselines") / "links.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    importer = actions.add_parser("import", help="raw pass files (span texts) -> stand-off pass")
    importer.add_argument("paths", nargs="+", metavar="RAW.jsonl")
    importer.add_argument("-o", "--output", required=True, metavar="PASS.jsonl")
    add_force_argument(importer)
    actions.add_parser("agreement", help="agreement of the two committed passes, per field")
    actions.add_parser("adjudicate", help="passes + adjudication log -> the gold link table")
    actions.add_parser("check", help="check the gold: rule, duplicates and, if attached, hashes")
    baseline = actions.add_parser("baseline", help="predict outcomes of the gold targets")
    baseline.add_argument("-o", "--output", required=True, metavar="PRED.jsonl")
    add_force_argument(baseline)
    score = actions.add_parser("score", help="link F1 and relation accuracy, 95%% intervals")
    score.add_argument("--pred", required=True, metavar="PRED.jsonl")
    score.add_argument("--seed", type=int, default=13)
    score.add_argument("--resamples", type=int, default=1000)
    ls_push = actions.add_parser(
        "ls-push", help="push report pairs (a report and the next) to Label Studio as tasks"
    )
    ls_push.add_argument("plan_docs", nargs="+", metavar="DOC_ID", help="report Y of each pair")
    ls_pull = actions.add_parser("ls-pull", help="pull the annotated pairs as a stand-off pass")
    ls_pull.add_argument("-o", "--output", required=True, metavar="PASS.jsonl")
    add_force_argument(ls_pull)
    for sub in (ls_push, ls_pull):
        sub.add_argument("--url", help="server URL (default: $LABEL_STUDIO_URL)")
        sub.add_argument("--api-key", help="API token (default: $LABEL_STUDIO_API_KEY)")
        sub.add_argument("--project", default=DEFAULT_LS_PROJECT, help="project title")


def run(args: argparse.Namespace) -> int:
    return {
        "import": _import,
        "agreement": _agreement,
        "adjudicate": _adjudicate,
        "check": _check,
        "baseline": _baseline,
        "score": _score,
        "ls-push": _ls_push,
        "ls-pull": _ls_pull,
    }[args.action](args)


def _national_texts() -> dict[str, str]:
    from dataset.corpus.store import attached_texts
    from dataset.errors import InputError
    from dataset.links.table import national_reports

    texts = attached_texts(list(national_reports().values()))
    if not texts:
        raise InputError(
            "no State Council report is attached; run gwrcommit corpus attach ../shared/corpus"
        )
    return texts


def _import(args: argparse.Namespace) -> int:
    from annotation.links.passes import import_pass
    from dataset.records.jsonl import write_jsonl
    from dataset.records.outputs import check_outputs

    check_outputs([args.output], args.paths, force=args.force)
    links = import_pass([Path(p) for p in args.paths], _national_texts())
    write_jsonl(args.output, [link.model_dump(mode="json") for link in links])
    print(
        f"{args.output}: {len(links)} targets, {sum(x.outcome is not None for x in links)} linked"
    )
    return 0


def committed_passes(root: Path) -> tuple[list, list]:
    from dataset.links.table import read_links

    return read_links(root / PASSES_DIR / "a.jsonl"), read_links(root / PASSES_DIR / "b.jsonl")


def _agreement(args: argparse.Namespace) -> int:
    from annotation.links.agreement import agreement_report
    from dataset.paths import PROJECT_ROOT
    from dataset.records.jsonl import write_text_atomic

    report = agreement_report(*committed_passes(PROJECT_ROOT))
    write_text_atomic(PROJECT_ROOT / AGREEMENT_FILE, json.dumps(report, indent=2) + "\n")
    overall = report["all"]
    print(
        f"targets: a {overall['targets_a']}, b {overall['targets_b']}, both "
        f"{overall['targets_both']} (F1 {overall['target_f1']:.3f}); relation kappa "
        f"{overall['fields']['relation']['cohen_kappa']:.3f} -> {AGREEMENT_FILE}"
    )
    return 0


def _adjudicate(args: argparse.Namespace) -> int:
    from annotation.links.adjudicate import adjudicate, read_decisions
    from dataset.links.table import gold_links_file
    from dataset.paths import PROJECT_ROOT
    from dataset.records.jsonl import write_jsonl

    a, b = committed_passes(PROJECT_ROOT)
    gold = adjudicate(a, b, read_decisions(PROJECT_ROOT / ADJUDICATION_LOG))
    write_jsonl(gold_links_file(), [link.model_dump(mode="json") for link in gold])
    print(f"{gold_links_file()}: {len(gold)} links")
    return _check(args)


def _check(args: argparse.Namespace) -> int:
    from dataset.corpus.store import attached_texts
    from dataset.links.table import (
        attach_links,
        documents_of,
        gold_links_file,
        read_links,
        table_problems,
    )

    links = read_links(gold_links_file())
    problems = table_problems(links)
    texts = attached_texts(documents_of(links))
    if len(texts) == len(documents_of(links)):
        attach_links(links, texts)  # raises on a span whose text does not match its hash
        checked = "spans verified against the attached reports"
    else:
        checked = "reports not attached: spans not verified"
    for problem in problems:
        print(problem)
    print(f"{len(links)} links, {len(problems)} problems; {checked}")
    return 1 if problems else 0


def _baseline(args: argparse.Namespace) -> int:
    from baselines.links import predict_links
    from dataset.links.table import gold_links_file, national_reports, read_links
    from dataset.records.jsonl import write_jsonl
    from dataset.records.outputs import check_outputs

    check_outputs([args.output], [str(gold_links_file())], force=args.force)
    predictions = predict_links(
        read_links(gold_links_file()), _national_texts(), national_reports()
    )
    write_jsonl(args.output, predictions)
    print(f"{args.output}: {len(predictions)} predictions")
    return 0


def _score(args: argparse.Namespace) -> int:
    from dataset.links.table import gold_links_file, read_links
    from dataset.scoring.links import read_link_predictions, score_links

    result = score_links(
        read_links(gold_links_file()),
        read_link_predictions(args.pred),
        resamples=args.resamples,
        seed=args.seed,
    )
    print(f"{result['targets']} gold targets, {result['gold_links']} gold links")
    for name, metric in result["metrics"].items():
        low, high = metric["ci"]
        print(f"{name:<18} {metric['value']:.3f} [{low:.3f}, {high:.3f}]")
    return 0


def _ls_push(args: argparse.Namespace) -> int:
    from annotation.labelstudio.client import push, server_from
    from annotation.labelstudio.links_config import render_links_config
    from annotation.labelstudio.links_tasks import pair_task
    from dataset.errors import InputError
    from dataset.links.table import national_reports, next_report

    server = server_from(args.url, args.api_key)
    reports = national_reports()
    texts = _national_texts()
    tasks = []
    for doc_id in args.plan_docs:
        if doc_id not in reports.values():
            raise InputError(f"{doc_id}: not a registered State Council report")
        following = next_report(doc_id, reports)
        if following is None:
            raise InputError(f"{doc_id}: no later report in the corpus to link to")
        tasks.append(pair_task(doc_id, following, texts))
    pushed = push(server, args.project, render_links_config(), tasks)
    print(
        f"project {args.project!r} (id {pushed.project.id}) on {server.url}: "
        f"{pushed.imported} pair task(s) imported, {pushed.already_there} already there"
    )
    return 0


def _ls_pull(args: argparse.Namespace) -> int:
    from annotation.labelstudio.client import pull_export, server_from
    from annotation.labelstudio.links_tasks import links_from_export
    from dataset.records.jsonl import write_jsonl
    from dataset.records.outputs import check_outputs

    check_outputs([args.output], force=args.force)
    server = server_from(args.url, args.api_key)
    _, tasks = pull_export(server, args.project)
    links = links_from_export(tasks, _national_texts())
    write_jsonl(args.output, [link.model_dump(mode="json") for link in links])
    linked = sum(link.outcome is not None for link in links)
    print(f"{args.output}: {len(links)} targets, {linked} with an outcome")
    return 0


def write_links_results(root: Path, seed: int, resamples: int) -> Path | None:
    """For `reproduce`: check the gold links against the attached reports, run the
    baseline and score it into baselines/links.json; None when a report is missing."""
    from baselines.links import NAME as BASELINE
    from baselines.links import predict_links
    from dataset.corpus.store import attached_texts
    from dataset.links.table import (
        attach_links,
        documents_of,
        gold_links_file,
        national_reports,
        read_links,
        table_problems,
    )
    from dataset.records.jsonl import write_text_atomic
    from dataset.scoring.links import score_links

    gold = read_links(gold_links_file(root))
    reports = national_reports()
    texts = attached_texts(list(reports.values()))
    if not set(documents_of(gold)) <= set(texts):
        return None
    attach_links(gold, texts)
    problems = table_problems(gold)
    if problems:
        from dataset.errors import InputError

        raise InputError(f"the gold link table has {len(problems)} problem(s): {problems[0]}")
    predictions = predict_links(gold, texts, reports)
    scores = score_links(
        gold, {row["target_id"]: row for row in predictions}, resamples=resamples, seed=seed
    )
    path = root / BASELINE_RESULTS
    results = {"generated_by": "gwrcommit reproduce", "systems": {BASELINE: scores}}
    write_text_atomic(path, json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return path
