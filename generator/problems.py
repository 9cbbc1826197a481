"""Problems found in input files: one line each, `file:line:col: field: message`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):  # noqa: UP042 (compares equal to its text in JSON output)
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    col: int
    field: str | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}: "
        field = f"{self.field}: " if self.field else ""
        label = "warning: " if self.severity is Severity.WARNING else ""
        return f"{where}{field}{label}{self.message}"


def sort_key(problem: Problem) -> tuple[str, int, int]:
    """File order, then position; problems at one position keep the order they were found in."""
    return (problem.file, problem.line, problem.col)


class InputErrors(Exception):
    """Raised when inputs have errors; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems
