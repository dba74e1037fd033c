"""gwrcommit ls: the Label Studio bridge (config, export, import, push, pull)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dataset.records.outputs import check_output_path, check_outputs
from gwrcommit.options import add_force_argument

NAME = "ls"
HELP = "Label Studio: labelling config, tasks with predictions, import/push/pull annotations"
EXAMPLES = [
    "gwrcommit ls config -o annotation/labelstudio/config.xml",
    "gwrcommit ls export pre.jsonl -o tasks.json          # preannotate output: rule predictions",
    "gwrcommit ls export annotation/gold/jiangjin-2025-p3.jsonl -o tasks.json --source gold",
    "gwrcommit ls import export.json -o annotation/passes --annotator 3=pass-a",
    "export LABEL_STUDIO_URL=http://localhost:8080 LABEL_STUDIO_API_KEY=…",
    "gwrcommit ls push pre.jsonl --project 'GWRCommit jiangjin-2025-p3'",
    "gwrcommit ls pull --project 'GWRCommit jiangjin-2025-p3' -o annotation/passes",
]
DEFAULT_PROJECT = "GWRCommit"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    config = actions.add_parser("config", help="the labelling config generated from the schema")
    config.add_argument("-o", "--output", help="write here (default: standard output)")
    add_force_argument(config)

    export = actions.add_parser("export", help="records -> Label Studio tasks JSON")
    export.add_argument("records", metavar="RECORDS.jsonl", help="gold or preannotate output")
    export.add_argument("-o", "--output", required=True, metavar="TASKS.json")
    add_force_argument(export)
    _add_task_options(export)

    importer = actions.add_parser(
        "import", help="Label Studio JSON export -> one records file per annotator"
    )
    importer.add_argument("export", metavar="EXPORT.json", help="Label Studio JSON export")
    importer.add_argument("-o", "--output", required=True, metavar="DIR", help="records folder")
    _add_annotator_option(importer)

    push = actions.add_parser("push", help="create/update the project and import the tasks")
    push.add_argument("records", metavar="RECORDS.jsonl", help="gold or preannotate output")
    _add_server_options(push)
    _add_task_options(push)

    pull = actions.add_parser("pull", help="export the annotations and import them like ls import")
    pull.add_argument("-o", "--output", required=True, metavar="DIR", help="records folder")
    pull.add_argument("--save-export", metavar="EXPORT.json", help="also keep the raw export here")
    add_force_argument(pull)
    pull.add_argument(
        "--timeout", type=float, default=300.0, help="seconds to wait for the export snapshot"
    )
    _add_server_options(pull)
    _add_annotator_option(pull)


def _add_task_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source",
        choices=["rules", "gold"],
        default="rules",
        help="what the labels are, naming the predictions' model_version: "
        "gwrcommit-rules-<version> (default) or gold-<dataset version>",
    )
    parser.add_argument("--model-version", help="name the predictions' model_version yourself")
    parser.add_argument(
        "--skip-non-bmp",
        action="store_true",
        help="leave out (and list) units with characters outside the BMP instead of failing",
    )


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="server URL (default: $LABEL_STUDIO_URL)")
    parser.add_argument(
        "--api-key",
        help="API token (default: $LABEL_STUDIO_API_KEY; prefer the variable, "
        "a flag shows in the process list)",
    )
    parser.add_argument("--project", default=DEFAULT_PROJECT, help="project title")


def _add_annotator_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--annotator",
        action="append",
        default=[],
        metavar="USER_ID=NAME",
        help="name the records file of a Label Studio user (default annotator-<id>); repeatable",
    )


def run(args: argparse.Namespace) -> int:
    return {
        "config": _config,
        "export": _export,
        "import": _import,
        "push": _push,
        "pull": _pull,
    }[args.action](args)


def _config(args: argparse.Namespace) -> int:
    from annotation.labelstudio.config import render_config
    from dataset.records.jsonl import write_text_atomic

    check_outputs([args.output], force=args.force)
    text = render_config()
    if args.output:
        write_text_atomic(args.output, text)
        print(f"labelling config -> {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def _tasks(args: argparse.Namespace):
    from annotation.labelstudio.tasks import build_tasks, default_model_version, read_units

    model_version = args.model_version or default_model_version(args.source)
    result = build_tasks(read_units(args.records), model_version, args.skip_non_bmp)
    if result.skipped:
        print(
            f"left out {len(result.skipped)} unit(s) with characters outside the BMP "
            f"(label them in the records file): {', '.join(result.skipped)}",
            file=sys.stderr,
        )
    return result, model_version


def _export(args: argparse.Namespace) -> int:
    import json

    from dataset.records.jsonl import write_text_atomic

    check_outputs([args.output], [args.records], force=args.force)
    result, model_version = _tasks(args)
    write_text_atomic(args.output, json.dumps(result.tasks, ensure_ascii=False, indent=1) + "\n")
    print(
        f"{len(result.tasks)} tasks ({result.labelled} with predictions, model_version "
        f"{model_version}) -> {args.output}"
    )
    return 0


def _report_import(parsed, plans) -> None:
    for plan in plans:
        line = f"{plan.name}: {plan.added} new, {plan.unchanged} unchanged"
        if plan.conflicts:
            line += f", {len(plan.conflicts)} conflict(s) -> {plan.conflicts_path}"
        print(f"{line} -> {plan.path}")
    print(
        f"{parsed.tasks} task(s): {parsed.unannotated} without annotations, "
        f"{parsed.cancelled} skipped annotation(s) ignored"
    )
    conflicts = sum(len(plan.conflicts) for plan in plans)
    if conflicts:
        print(
            f"warning: {conflicts} unit(s) already saved with other labels were left as saved; "
            f"settle them from the conflicts file(s)",
            file=sys.stderr,
        )


def _run_import(tasks, args: argparse.Namespace, where: str) -> int:
    from annotation.labelstudio.importer import ImportProblems, parse_annotator_map
    from annotation.labelstudio.merge import import_export

    names = parse_annotator_map(args.annotator)
    try:
        parsed, plans = import_export(tasks, args.output, names, where)
    except ImportProblems as error:
        from annotation.labelstudio.importer import SHOWN_PROBLEMS

        for problem in error.problems[1:SHOWN_PROBLEMS]:
            print(f"gwrcommit ls: {problem}", file=sys.stderr)
        raise
    _report_import(parsed, plans)
    return 0


def _import(args: argparse.Namespace) -> int:
    from annotation.labelstudio.importer import read_export

    check_output_path(Path(args.output), folder=True)
    return _run_import(read_export(args.export), args, args.export)


def _push(args: argparse.Namespace) -> int:
    from annotation.labelstudio.client import push, server_from
    from annotation.labelstudio.config import render_config

    server = server_from(args.url, args.api_key)
    result, model_version = _tasks(args)
    pushed = push(server, args.project, render_config(), result.tasks)
    state = "created" if pushed.project.created else "config updated"
    print(
        f"project {args.project!r} (id {pushed.project.id}, {state}) on {server.url}: "
        f"{pushed.imported} task(s) imported with {model_version} predictions, "
        f"{pushed.already_there} already there"
    )
    return 0


def _pull(args: argparse.Namespace) -> int:
    import json

    from annotation.labelstudio.client import pull_export, server_from
    from annotation.labelstudio.importer import check_export_shape
    from dataset.records.jsonl import write_text_atomic

    check_output_path(Path(args.output), folder=True)
    check_outputs([args.save_export], force=args.force)
    server = server_from(args.url, args.api_key)
    project_id, tasks = pull_export(server, args.project, args.timeout)
    where = f"project {args.project!r} export"
    tasks = check_export_shape(tasks, where)
    if args.save_export:
        write_text_atomic(args.save_export, json.dumps(tasks, ensure_ascii=False, indent=1) + "\n")
        print(f"raw export of project {project_id} -> {args.save_export}")
    return _run_import(tasks, args, where)
