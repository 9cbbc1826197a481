"""The command line: `python -m generator check|generate|new|schema`. Turns outcomes into exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from . import authoring, editor_schema, output, pipeline, reference, reporting
from .addresses import anchor_id
from .output import Busy
from .problems import Problem, Severity
from .progress import Progress
from .schema import COUNT_PATTERN, SLUG
from .theme import write_settings

OK, INPUT_ERRORS, USAGE = 0, 1, 2
INTERRUPTED_CODE = 130  # the shell's code for a program stopped by Ctrl-C
INTERRUPTED = (
    "python -m generator: interrupted; content/ is as it was before this run, "
    "or the next generate run finishes what this one decided"
)
NO_CACHE_HELP = (
    "read, check and render every file again, without using or updating .cache/generator/ "
    "(the cache never changes the output; this only makes the run slower)"
)
NEXT_STEP = "next: fill in the fields marked required, then run make check"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2016-08-31, got {value!r}") from None


def _slug(value: str) -> str:
    if SLUG.match(value):
        return value
    fixed = anchor_id(value.removesuffix(".yaml")).strip("-") or "child-sb"
    raise argparse.ArgumentTypeError(
        f"{value!r} is not a slug: use lower-case words joined by hyphens, like {fixed}"
    )


def _issue(value: str) -> int:
    if re.fullmatch(COUNT_PATTERN, value):
        return int(value)
    raise argparse.ArgumentTypeError(f"expected an issue number like 12, got {value!r}")


def default_as_of() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def _common() -> argparse.ArgumentParser:
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
    return common


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn review and bulletin YAML files into the portal's Markdown pages.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    common = _common()
    check = commands.add_parser(
        "check", parents=[common], help="validate every input file and print every problem; write nothing"
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--no-cache", action="store_true", help=NO_CACHE_HELP)
    check.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text (default): for people, on stderr; json: an array of problems on stdout, for CI; "
        "github: one GitHub Actions annotation per problem on stdout, shown on the line in a pull request",
    )
    generate = commands.add_parser(
        "generate", parents=[common], help="validate, then write the generated pages under content/"
    )
    generate.add_argument(
        "--verbose", action="store_true", help="list every page written or removed (unchanged ones are not)"
    )
    generate.add_argument("--no-cache", action="store_true", help=NO_CACHE_HELP)
    generate.add_argument(
        "--strict",
        action="store_true",
        help="check --strict first, in the same run: every problem reported as check reports it, and "
        "nothing written on a warning either (make site)",
    )
    new = commands.add_parser("new", help="start a new review or bulletin file from a template")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    review = kinds.add_parser("review", parents=[common], help="write reviews/<slug>.yaml")
    review.add_argument("name", type=_slug, metavar="SLUG", help="the review's address, e.g. child-sb")
    bulletin = kinds.add_parser("bulletin", parents=[common], help="write bulletins/<number>.yaml")
    bulletin.add_argument("name", type=_issue, metavar="NUMBER", help="the issue number, e.g. 12")
    commands.add_parser(
        "settings",
        parents=[common],
        help="write generated/settings.yml, the theme's settings from portal.yaml (generate writes it "
        "too; make serve runs this first, so the preview starts even before a first generate)",
    )
    commands.add_parser(
        "schema",
        parents=[common],
        help="write the JSON Schemas editors use to check files as you type "
        "(reviews/schema.json, bulletins/schema.json, portal.schema.json) and the format reference "
        "(docs/format.md)",
    )
    return parser


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _summary(errors: int, warnings: int) -> str:
    return f"{reporting.count(errors, 'error')}, {reporting.count(warnings, 'warning')}"


def _check(root: Path, as_of: dt.date, strict: bool, output_format: str, use_cache: bool) -> int:
    progress = Progress(sys.stderr)
    try:
        checked = pipeline.check(root, as_of, progress, use_cache)
    finally:
        progress.clear()
    failed = bool(checked.errors) or (strict and bool(checked.warnings))
    if output_format == "json":
        print(reporting.as_json(checked.problems))
        return INPUT_ERRORS if failed else OK
    if output_format == "github":
        for line in reporting.as_github(checked.problems):
            print(line)
        print(_verdict(checked, failed), file=sys.stderr)
        return INPUT_ERRORS if failed else OK
    _print_report(checked, failed)
    return INPUT_ERRORS if failed else OK


def _verdict(checked: pipeline.Checked, failed: bool, colour: bool = False) -> str:
    files = len(set(checked.files) | {problem.file for problem in checked.problems})
    return reporting.verdict(checked.problems, files, failed, colour)


def _print_report(checked: pipeline.Checked, failed: bool) -> None:
    """check's report for people: the problems grouped by file, then the verdict."""
    colour = reporting.use_colour(sys.stderr)
    for line in reporting.grouped(checked.problems, colour):
        print(line, file=sys.stderr)
    if checked.problems:
        print(file=sys.stderr)
    print(_verdict(checked, failed, colour), file=sys.stderr)


WAITING = "generate: another run is writing content/ (make serve or make site?); waiting for it to finish"
BUSY = (
    "generate: nothing written: another run has been writing content/ for {seconds} s; "
    "stop it or let it finish, then run this again"
)


def _generate(root: Path, as_of: dt.date, verbose: bool, use_cache: bool, strict: bool = False) -> int:
    progress = Progress(sys.stderr)

    def waiting() -> None:
        progress.clear()
        print(WAITING, file=sys.stderr)

    try:
        checked, report = pipeline.generate(root, as_of, progress, use_cache, waiting, strict)
    except Busy:
        print(BUSY.format(seconds=int(output.LOCK_WAIT)), file=sys.stderr)
        return INPUT_ERRORS
    finally:
        progress.clear()
    if strict:  # what `check --strict` would have printed, then generate's own line
        _print_report(checked, bool(checked.errors) or bool(checked.warnings))
    else:
        _print_problems(checked.problems)
    if report is None:
        counts = _summary(len(checked.errors), len(checked.warnings))
        print(f"generate: nothing written: {counts}", file=sys.stderr)
        return INPUT_ERRORS
    print(
        f"generate: {len(report.written)} written, {report.unchanged} unchanged, "
        f"{len(report.deleted)} removed (as of {as_of.isoformat()})"
    )
    if verbose:
        for path in report.written:
            print(f"wrote content/{path}")
        for path in report.deleted:
            print(f"removed content/{path}")
    return OK


def _new(root: Path, kind: str, name: str | int) -> int:
    if kind == "review":
        path, other = f"reviews/{name}.yaml", "slug"
        themes, _ = pipeline.themes(root)  # portal.yaml's problems are for `check` to report
        text = authoring.review_template(str(name), themes)
    else:
        path, other = f"bulletins/{name}.yaml", "number"
        text = authoring.bulletin_template(int(name))
    file = root / path
    file.parent.mkdir(exist_ok=True)
    try:
        with file.open("x", encoding="utf-8", newline="\n") as stream:  # "x": never overwrite
            stream.write(text)
    except FileExistsError:
        print(f"{path}: already exists; edit it, or choose another {other}", file=sys.stderr)
        return INPUT_ERRORS
    print(f"new: wrote {path}")
    print(NEXT_STEP)
    return OK


def _settings(root: Path) -> int:
    """The theme's settings from portal.yaml; the defaults while portal.yaml has errors (which
    pipeline.portal gives then), and the errors printed: the preview starts anyway, `make site`
    stops at them."""
    portal, problems = pipeline.portal(root)
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        _print_problems(errors)
        print("portal.yaml: the theme uses the default settings until this is fixed", file=sys.stderr)
    write_settings(root, portal)
    return OK


def _schema(root: Path) -> int:
    themes, problems = pipeline.themes(root)
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        _print_problems(errors)
        print(f"schema: nothing written: fix portal.yaml first ({reporting.tally(errors)})", file=sys.stderr)
        return INPUT_ERRORS
    files = editor_schema.schemas(themes)
    files[reference.PATH] = reference.render()
    written = editor_schema.write(root, files)
    for path in written:
        print(f"wrote {path}")
    print(f"schema: {len(written)} written, {len(files) - len(written)} unchanged")
    return OK


def run(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error argparse has already explained
        return exit_.code if isinstance(exit_.code, int) else USAGE
    root: Path = args.root
    if not root.is_dir():
        print(f"python -m generator: error: --root {root} is not a folder", file=sys.stderr)
        return USAGE
    as_of = args.as_of or default_as_of()
    try:
        if args.command == "check":
            return _check(root, as_of, args.strict, args.format, not args.no_cache)
        if args.command == "new":
            return _new(root, args.kind, args.name)
        if args.command == "schema":
            return _schema(root)
        if args.command == "settings":
            return _settings(root)
        return _generate(root, as_of, args.verbose, not args.no_cache, args.strict)
    except KeyboardInterrupt:  # Ctrl-C: one line; a half-done generate is finished by the next run
        print(INTERRUPTED, file=sys.stderr)
        return INTERRUPTED_CODE
    except Exception as error:  # an internal error: a short message, the traceback on --debug
        if args.debug:
            raise
        message = f"python -m generator: internal error: {error} (run again with --debug for details)"
        print(message, file=sys.stderr)
        return INPUT_ERRORS


def main() -> None:
    code = run()
    # Python would now free every object one by one: about a second after a first run at 1,000
    # reviews. The operating system frees the process's memory at once.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: nothing more can be said
        code = code or 1
    os._exit(code)
