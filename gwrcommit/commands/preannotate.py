"""gwrcommit preannotate: segment reports and fill every label field with rule predictions."""

from __future__ import annotations

import argparse

from gwrcommit.options import add_force_argument

NAME = "preannotate"
HELP = "segment reports and pre-fill every label field with rule predictions"
EXAMPLES = [
    "gwrcommit preannotate seeds/000_74081a512f7bad7c.txt --doc-id jiangjin-2025-p3 -o pre.jsonl",
    "gwrcommit preannotate a.txt b.txt -o pre.jsonl          # doc ids from file names: a, b",
    "gwrcommit preannotate reports/ --jobs 4 -o pre.jsonl    # every *.txt in the directory",
    "gwrcommit preannotate cq.txt --issuer 500000 -o pre.jsonl  # a report of 重庆市人民政府",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "reports", nargs="+", help="report text files, or directories of *.txt reports"
    )
    parser.add_argument(
        "--doc-id",
        help="document id for a single report (default: the file name, lower-cased, "
        "other characters turned into '-')",
    )
    parser.add_argument("-o", "--output", required=True, help="where to write the records (JSONL)")
    parser.add_argument("--encoding", default="utf-8", help="input encoding (default utf-8)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="worker processes over files (default 1; 0 = one per CPU)",
    )
    parser.add_argument(
        "--gazetteer", help="gazetteer JSON (default: dataset/gazetteer.json of the project)"
    )
    parser.add_argument(
        "--issuer",
        metavar="CODE",
        help="GB/T 2260 code of the issuing government, for every report: 100000 for the "
        "State Council, 500000 for 重庆市, 500116 for 江津区 (default: the document's "
        "region_code in the corpus registry, by doc id, else the gazetteer's home district)",
    )
    add_force_argument(parser)
    progress = parser.add_mutually_exclusive_group()
    progress.add_argument(
        "--progress", dest="progress", action="store_true", default=None, help="always show a bar"
    )
    progress.add_argument(
        "--no-progress", dest="progress", action="store_false", help="never show a progress bar"
    )


def run(args: argparse.Namespace) -> int:
    from annotation.rules.pipeline import collect_inputs, preannotate_files
    from dataset.errors import InputError
    from dataset.records.outputs import check_outputs

    if args.jobs < 0:
        raise InputError(f"--jobs {args.jobs}: use a positive number, or 0 for one per CPU")
    if args.issuer is not None:
        from annotation.rules.issuers import check_issuer

        check_issuer(args.issuer)
    reports = [path for path, _ in collect_inputs(args.reports, args.doc_id)]
    inputs = [*reports, *([args.gazetteer] if args.gazetteer else [])]
    check_outputs([args.output], inputs, force=args.force)
    documents, records = preannotate_files(
        args.reports,
        args.output,
        args.doc_id,
        encoding=args.encoding,
        jobs=args.jobs,
        gazetteer_path=args.gazetteer,
        issuer=args.issuer,
        progress=args.progress,
    )
    print(f"{records} records from {documents} report(s) -> {args.output}")
    return 0
