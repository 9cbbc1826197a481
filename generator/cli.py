"""The command line: `python -m generator check|generate`. Turns outcomes into exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import pipeline
from .problems import Problem

OK, INPUT_ERRORS, USAGE = 0, 1, 2


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2016-08-31, got {value!r}") from None


def default_as_of() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn review and bulletin YAML files into the portal's Markdown pages.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--as-of",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the date taken as today for overdue and embargo decisions "
        "(default: $SOURCE_DATE_EPOCH if set, else today)",
    )
    common.add_argument(
        "--root", type=Path, default=Path("."), help="the project folder (default: the current one)"
    )
    common.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    check = commands.add_parser(
        "check", parents=[common], help="validate every input file and print every problem; write nothing"
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    commands.add_parser(
        "generate", parents=[common], help="validate, then write the generated pages under content/"
    )
    return parser


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _summary(errors: int, warnings: int) -> str:
    def count(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"{count(errors, 'error')}, {count(warnings, 'warning')}"


def run(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root: Path = args.root
    if not root.is_dir():
        print(f"python -m generator: error: --root {root} is not a folder", file=sys.stderr)
        return USAGE
    as_of = args.as_of or default_as_of()
    try:
        if args.command == "check":
            checked = pipeline.check(root, as_of)
            _print_problems(checked.problems)
            failed = bool(checked.errors) or (args.strict and bool(checked.warnings))
            verdict = "problems found" if failed else "ok"
            print(f"check: {verdict}: {_summary(len(checked.errors), len(checked.warnings))}", file=sys.stderr)
            return INPUT_ERRORS if failed else OK
        checked, report = pipeline.generate(root, as_of)
        _print_problems(checked.problems)
        if report is None:
            print(f"generate: nothing written: {_summary(len(checked.errors), len(checked.warnings))}", file=sys.stderr)
            return INPUT_ERRORS
        print(
            f"generate: {len(report.written)} written, {report.unchanged} unchanged, "
            f"{len(report.deleted)} removed (as of {as_of.isoformat()})"
        )
        return OK
    except Exception as error:  # an internal error: a short message, the traceback on --debug
        if args.debug:
            raise
        print(f"python -m generator: internal error: {error} (run again with --debug for details)", file=sys.stderr)
        return INPUT_ERRORS


def main() -> None:
    sys.exit(run())
