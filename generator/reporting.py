"""How problems are told: to a person (grouped by file, counted, coloured on a terminal) or to CI (JSON).

Each problem keeps its one-line form `file:line:col: field: message`, so editors and terminals can
jump to it; the grouping only adds a heading per file and a count at the end.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import TextIO

from .problems import Problem, Severity

RED, YELLOW, GREEN, BOLD, RESET = "\033[31m", "\033[33m", "\033[32m", "\033[1m", "\033[0m"


def use_colour(stream: TextIO) -> bool:
    """Colour only for a person at a terminal who has not asked for none (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _paint(text: str, colour: str, enabled: bool) -> str:
    return f"{colour}{text}{RESET}" if enabled else text


def count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def tally(problems: Sequence[Problem]) -> str:
    """`2 errors and 1 warning`, `1 error`, `3 warnings`, or `no problems`."""
    errors = sum(1 for problem in problems if problem.severity is Severity.ERROR)
    warnings = len(problems) - errors
    parts = [count(errors, "error")] if errors else []
    parts += [count(warnings, "warning")] if warnings else []
    return " and ".join(parts) or "no problems"


def summary(problems: Sequence[Problem], files: int) -> str:
    """`2 errors and 1 warning in 1 of 9 files`, or `no problems in 9 files`."""
    if not problems:
        return f"no problems in {count(files, 'file')}"
    affected = len({problem.file for problem in problems})
    return f"{tally(problems)} in {affected} of {count(files, 'file')}"


def grouped(problems: Sequence[Problem], colour: bool = False) -> list[str]:
    """A heading per file, then one line per problem; a blank line between files."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.file, []).append(problem)
    lines: list[str] = []
    for file, in_file in by_file.items():
        if lines:
            lines.append("")
        lines.append(_paint(f"In {file}: {tally(in_file)}", BOLD, colour))
        for problem in in_file:
            shade = RED if problem.severity is Severity.ERROR else YELLOW
            lines.append(_paint(str(problem), shade, colour))
    return lines


def verdict(problems: Sequence[Problem], files: int, failed: bool, colour: bool = False) -> str:
    """The last line of `check`: `check: failed: 2 errors in 1 of 9 files`."""
    errors = any(problem.severity is Severity.ERROR for problem in problems)
    word = "ok" if not failed else "failed" if errors else "failed (--strict)"
    return _paint(f"check: {word}: {summary(problems, files)}", RED if failed else GREEN, colour)


def as_json(problems: Sequence[Problem]) -> str:
    """A JSON array for CI annotations: file, line, column, field, message, severity."""
    records = [
        {
            "file": problem.file,
            "line": problem.line,
            "column": problem.col,
            "field": problem.field,
            "message": problem.message,
            "severity": problem.severity.value,
        }
        for problem in problems
    ]
    return json.dumps(records, indent=2)


def _github_data(text: str) -> str:
    """A workflow command's message, escaped as the Actions runner reads it (@actions/core's
    escapeData): a newline in a quoted value cannot end the annotation or start a new command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """A workflow command's property value (escapeProperty): `:` and `,` separate properties."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(problems: Sequence[Problem]) -> list[str]:
    """One GitHub workflow annotation per problem (DESIGN.md): the mistake appears on the YAML
    line in the pull request. `::error file=<path>,line=<n>,col=<n>::<field>: <message>`."""
    lines = []
    for problem in problems:
        level = "error" if problem.severity is Severity.ERROR else "warning"
        where = f"file={_github_property(problem.file)},line={problem.line},col={problem.col}"
        message = f"{problem.field}: {problem.message}" if problem.field else problem.message
        lines.append(f"::{level} {where}::{_github_data(message)}")
    return lines
