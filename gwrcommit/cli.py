"""Entry point of the `gwrcommit` console script.

Each module in `gwrcommit.commands` is one subcommand: it defines NAME, HELP,
EXAMPLES, `add_arguments(parser)` and `run(args) -> int`, and keeps heavy imports
inside `run` so that `gwrcommit --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import signal
import sys
from types import ModuleType

from dataset.errors import InputError
from gwrcommit import commands

ORDER = (
    "segment",
    "preannotate",
    "build",
    "validate",
    "export",
    "score",
    "compare",
    "reproduce",
    "agreement",
    "adjudicate",
    "ls",
    "explore",
    "bench",
)


def command_modules() -> list[ModuleType]:
    modules = [
        importlib.import_module(f"gwrcommit.commands.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(modules, key=lambda m: (rank.get(m.NAME, len(ORDER)), m.NAME))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gwrcommit",
        description="GWRCommit: commitments in Chinese government work reports.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in command_modules():
        sub = subparsers.add_parser(
            module.NAME,
            help=module.HELP.replace("%", "%%"),
            description=module.HELP,
            epilog="examples:\n" + "\n".join(f"  {e}" for e in module.EXAMPLES),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every `finally` and atomic write cleans
    up as it does for Ctrl-C."""


def _on_sigterm(main_pid: int):
    def handle(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:  # a forked worker: die as usual, quietly
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        raise Terminated

    return handle


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _on_sigterm(os.getpid()))
    try:
        return _run(args)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: argparse.Namespace) -> int:
    try:
        return int(args.run(args) or 0)
    except InputError as error:
        print(f"gwrcommit {args.command}: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(f"gwrcommit {args.command}: error: {where}{error.strerror or error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"gwrcommit {args.command}: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print(f"gwrcommit {args.command}: terminated", file=sys.stderr)
        return 143


if __name__ == "__main__":
    sys.exit(main())
