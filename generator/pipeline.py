"""The whole pipeline: read → validate → render → (only if nothing failed) write."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .cache import FOLDER as CACHE_FOLDER
from .cache import NO_CACHE, Cache
from .loader import read_inputs, read_portal
from .model import Corpus, Portal, Theme
from .output import Report, check_plan, write_plan
from .problems import Problem, Severity
from .progress import silent
from .render import Renderer
from .validate import build_corpus, portal_settings

Progress = Callable[[str], None]  # told how far a long run has got: "reading 412/1000 files"


@contextmanager
def _collect_after() -> Iterator[None]:
    """Python's cycle collector paused for one run, and back on afterwards.

    A run builds hundreds of thousands of objects that all live to its end; the collector would
    walk them again and again (a fifth of a run at 1,000 reviews) and find nothing to free.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Checked:
    corpus: Corpus | None
    problems: list[Problem]
    files: tuple[str, ...] = ()  # every input file checked, as shown in messages

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def _cache(root: Path, use_cache: bool) -> Cache:
    return Cache(root / CACHE_FOLDER) if use_cache else NO_CACHE


def check(root: Path, as_of: dt.date, progress: Progress = silent, use_cache: bool = True) -> Checked:
    """Read and validate every input file; unchanged review files come from the cache (which a
    check only reads: it writes nothing)."""
    with _collect_after():
        return _check(root, as_of, progress, _cache(root, use_cache))


def _check(root: Path, as_of: dt.date, progress: Progress, cache: Cache) -> Checked:
    inputs = read_inputs(root, progress)
    corpus, problems = build_corpus(inputs, as_of, cache, progress)
    documents = ([inputs.portal] if inputs.portal else []) + [*inputs.reviews, *inputs.bulletins]
    files = {document.path for document in documents} | {p.file for p in inputs.problems}
    return Checked(corpus, problems, tuple(sorted(files)))


def themes(root: Path) -> tuple[tuple[Theme, ...], list[Problem]]:
    """The theme vocabulary (the default one plus portal.yaml's), and portal.yaml's problems."""
    document, problems = read_portal(root)
    _, vocabulary, found = portal_settings(document)
    return vocabulary, problems + found


def portal(root: Path) -> tuple[Portal, list[Problem]]:
    """The partnership's settings from portal.yaml (defaults when there is none), and its problems."""
    document, problems = read_portal(root)
    settings, _, found = portal_settings(document)
    return settings, problems + found


def plan(
    corpus: Corpus, as_of: dt.date, progress: Progress = silent, cache: Cache = NO_CACHE
) -> dict[str, bytes]:
    """Every generated file, rendered in memory: path under content/ → bytes."""
    files: dict[str, bytes] = {}
    for page in Renderer(corpus, as_of, cache).pages(progress):
        if page.path in files:
            raise ValueError(f"internal error: {page.path} rendered twice")
        files[page.path] = page.text if isinstance(page.text, bytes) else page.text.encode("utf-8")
    return files


def generate(
    root: Path, as_of: dt.date, progress: Progress = silent, use_cache: bool = True
) -> tuple[Checked, Report | None]:
    """Validate, render and write. Writes nothing when any input has an error.

    With `use_cache` (the default), the work of unchanged files comes from `.cache/generator/`,
    and a successful run leaves there only what it used.
    """
    with _collect_after():
        cache = _cache(root, use_cache)
        checked, report = _generate(root, as_of, progress, cache)
        if report is not None:
            cache.save()
        return checked, report


def _generate(root: Path, as_of: dt.date, progress: Progress, cache: Cache) -> tuple[Checked, Report | None]:
    checked = _check(root, as_of, progress, cache)
    if checked.errors or checked.corpus is None:
        return checked, None
    files = plan(checked.corpus, as_of, progress, cache)
    content = root / "content"
    blocked = check_plan(content, files)
    if blocked:
        return Checked(checked.corpus, checked.problems + blocked, checked.files), None
    progress(f"writing {len(files)} pages")
    return checked, write_plan(content, files)
