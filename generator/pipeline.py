"""The whole pipeline: read → validate → render → (only if nothing failed) write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .loader import read_inputs
from .model import Corpus
from .output import Report, check_plan, write_plan
from .problems import Problem, Severity
from .render import Renderer
from .validate import build_corpus


@dataclass(frozen=True)
class Checked:
    corpus: Corpus | None
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def check(root: Path, as_of: dt.date) -> Checked:
    corpus, problems = build_corpus(read_inputs(root), as_of)
    return Checked(corpus, problems)


def plan(corpus: Corpus, as_of: dt.date) -> dict[str, bytes]:
    """Every generated file, rendered in memory: path under content/ → bytes."""
    files: dict[str, bytes] = {}
    for page in Renderer(corpus, as_of).pages():
        if page.path in files:
            raise ValueError(f"internal error: {page.path} rendered twice")
        files[page.path] = page.text.encode("utf-8")
    return files


def generate(root: Path, as_of: dt.date) -> tuple[Checked, Report | None]:
    """Validate, render and write. Writes nothing when any input has an error."""
    checked = check(root, as_of)
    if checked.errors or checked.corpus is None:
        return checked, None
    files = plan(checked.corpus, as_of)
    content = root / "content"
    blocked = check_plan(content, files)
    if blocked:
        return Checked(checked.corpus, checked.problems + blocked), None
    return checked, write_plan(content, files)
