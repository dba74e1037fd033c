"""Options shared by several commands."""

from __future__ import annotations

import argparse


def add_force_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace existing output files (an input is never replaced)",
    )
