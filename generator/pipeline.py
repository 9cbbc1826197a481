"""The whole pipeline: read → validate → render → (only if nothing failed) write."""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import placeholders, render
from .cache import FOLDER as CACHE_FOLDER
from .cache import NO_CACHE, Cache
from .cores import processes
from .loader import Inputs, Source, read_inputs, read_portal
from .model import Corpus, Portal, Theme
from .output import Report, lock, make_plan, read_manifest, recover, sha256, write_plan
from .problems import Problem, Severity, sort_key
from .progress import silent
from .theme import write_settings
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
    inputs: dict[str, str] = field(default_factory=dict)  # input file → sha256 (input_hashes)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


def _cache(root: Path, use_cache: bool, shared: bool = False) -> Cache:
    """`shared`: its work may be shared out between the cores (cores.py): a command's own run,
    never a build's or the preview's (a server's threads must not be forked)."""
    if not use_cache:
        return NO_CACHE
    return Cache(root / CACHE_FOLDER, processes=processes() if shared else 1)


def check(root: Path, as_of: dt.date, progress: Progress = silent, use_cache: bool = True) -> Checked:
    """Read and validate every input file; unchanged review files come from the cache (which a
    check only reads: it writes nothing)."""
    with _collect_after():
        return _check(root, as_of, progress, _cache(root, use_cache, shared=True))


def _check(root: Path, as_of: dt.date, progress: Progress, cache: Cache) -> Checked:
    return _checked(root, read_inputs(root, progress), as_of, progress, cache)


def _checked(root: Path, inputs: Inputs, as_of: dt.date, progress: Progress, cache: Cache) -> Checked:
    corpus, problems = build_corpus(inputs, as_of, cache, progress)
    problems = sorted(problems + _unfinished(root, inputs), key=sort_key)
    documents = ([inputs.portal] if inputs.portal else []) + [*inputs.reviews, *inputs.bulletins]
    files = {document.path for document in documents} | {p.file for p in inputs.problems}
    return Checked(corpus, problems, tuple(sorted(files)), input_hashes(inputs))


def _unfinished(root: Path, inputs: Inputs) -> list[Problem]:
    """Placeholders left in portal.yaml or a hand-written page (none on a demonstration site)."""
    settings, _, _ = portal_settings(inputs.portal)
    if settings.demo:
        return []
    content = root / "content"
    return placeholders.in_portal(settings) + placeholders.in_pages(content, read_manifest(content).files)


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
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Every generated file, rendered in memory: path under content/ → bytes, and → the input
    file (or folder) it is made from, for messages."""
    files: dict[str, bytes] = {}
    sources: dict[str, str] = {}
    for page in render.pages(corpus, as_of, cache, progress):
        if page.path in files:
            raise ValueError(f"internal error: {page.path} rendered twice")
        files[page.path] = page.text if isinstance(page.text, bytes) else page.text.encode("utf-8")
        sources[page.path] = page.source
    return files, sources


def input_hashes(inputs: Inputs) -> dict[str, str]:
    """Each input file (portal.yaml, reviews/*.yaml, bulletins/*.yaml) → the sha256 of its bytes
    ("" when it could not be read): kept in the manifest, so that a build can tell when pages
    were made from other versions of the inputs (see mkdocs_hooks.py)."""
    hashes = {"portal.yaml": sha256(inputs.portal_raw)} if inputs.portal is not None else {}
    for source in (*inputs.reviews, *inputs.bulletins):
        hashes[source.path] = sha256(source.raw) if source.raw is not None else ""
    return hashes


def stale_inputs(root: Path) -> list[str]:
    """The input files that changed, appeared or went since the last generate run wrote content/
    (none when it never did)."""
    manifest = read_manifest(root / "content")
    if not manifest.files:
        return []
    now = input_hashes(read_inputs(root))
    return sorted(
        path for path in set(now) | set(manifest.inputs) if now.get(path) != manifest.inputs.get(path)
    )


def generate(
    root: Path,
    as_of: dt.date,
    progress: Progress = silent,
    use_cache: bool = True,
    waiting: Callable[[], None] = lambda: None,
    strict: bool = False,
) -> tuple[Checked, Report | None]:
    """Validate, render and write. Writes nothing when any input has an error (or, `strict`, a
    warning: `check --strict` and generate in one reading of the files, as make site runs them).

    One run at a time (the project's lock; `waiting` is called if another run holds it). A run that
    an earlier one left unfinished (killed after it was decided) is finished first. With
    `use_cache` (the default), the work of unchanged files comes from `.cache/generator/`, and a
    successful run leaves there only what it used. Raises output.Busy when the lock stays taken.
    """
    content = root / "content"
    with _collect_after(), lock(root, waiting=waiting):
        recover(content)
        cache = _cache(root, use_cache, shared=True)
        inputs = read_inputs(root, progress)
        checked, report = _generate(root, inputs, as_of, progress, cache, strict)
        if report is not None:
            write_settings(root, checked.corpus.portal if checked.corpus else Portal())
            cache.save()
            if use_cache:  # --no-cache writes nothing under .cache/
                _keep_good_copies(root, inputs, set(), checked.inputs)  # make serve's fallback
        return checked, report


def withheld(corpus: Corpus, as_of: dt.date) -> dict[str, str]:
    """Each review that is not public, by its slug and its aliases: why it is not."""
    withheld = {}
    for review in corpus.reviews:
        if not review.is_public(as_of):
            why = "a draft" if review.status == "draft" else f"under embargo until {review.embargo_until}"
            for slug in (review.slug, *review.aliases):
                withheld[slug] = why
    return withheld


WITHHELD = tuple[tuple[str, str], ...]  # withheld(), as the cache keeps it


def withheld_as_built(root: Path) -> dict[str, str] | None:
    """The reviews withheld from the site (see `withheld`), decided from the input files themselves
    as of the date content/ was generated for (else today); None when the files have errors. What
    a build checks its pages against, whichever engine makes it."""
    from .cli import default_as_of

    recorded = read_manifest(root / "content").as_of
    as_of = dt.date.fromisoformat(recorded) if recorded else default_as_of()
    with _collect_after():
        cache = _cache(root, True)
        inputs = read_inputs(root)
        # What generate found for these very files (by their hashes) and this date, if it ran on
        # them: the same answer as checking them all again, which takes a second at 1,000 reviews.
        found = cache.get(_withheld_key(cache, input_hashes(inputs), as_of), WITHHELD)
        if found is not None:
            return dict(found)
        checked = _checked(root, inputs, as_of, silent, cache)
    return None if checked.corpus is None else withheld(checked.corpus, as_of)


def _withheld_key(cache: Cache, hashes: Mapping[str, str], as_of: dt.date) -> str:
    """Generate's answer to withheld() is kept under the input files' hashes and the date."""
    files = (f"{path}\0{digest}" for path, digest in sorted(hashes.items()))
    return cache.key("withheld", as_of.isoformat(), *files)


def _made_from(source: str) -> str:
    """How a page's input is named in a message: a file, or the files in a folder."""
    if not source:
        return "its YAML file"
    return f"the files in {source}" if source.endswith("/") else source


def _generate(
    root: Path, inputs: Inputs, as_of: dt.date, progress: Progress, cache: Cache, strict: bool = False
) -> tuple[Checked, Report | None]:
    checked = _checked(root, inputs, as_of, progress, cache)
    if checked.errors or checked.corpus is None or (strict and checked.warnings):
        return checked, None
    files, sources = plan(checked.corpus, as_of, progress, cache)
    content = root / "content"
    hidden = withheld(checked.corpus, as_of)
    key = _withheld_key(cache, checked.inputs, as_of)
    if cache.get(key, WITHHELD) is None:  # for the build's checks (withheld_as_built)
        cache.put(key, tuple(sorted(hidden.items())))  # kept only if this run writes
    changes, blocked = make_plan(
        content,
        files,
        checked.inputs,
        hidden,
        lambda path: _made_from(sources.get(path, "")),
        as_of.isoformat(),
    )
    if changes is None:
        return Checked(checked.corpus, checked.problems + blocked, checked.files, checked.inputs), None
    progress(f"writing {len(changes.write)} pages")
    return checked, write_plan(content, changes)


# `make serve` keeps a copy of each input file as it was when it last had no error, so that the
# preview can go on showing a file's last good version while it is being fixed.
PREVIEW_FOLDER = Path(".cache") / "preview"


@dataclass(frozen=True)
class Preview:
    checked: Checked  # the files as they are: every problem, as `check` reports it
    report: Report | None  # what was written; None: nothing (another error, or content/ busy)
    substituted: dict[str, str]  # file with errors → "its last good version" or "left out"


def _failed_files(problems: list[Problem]) -> set[str]:
    return {problem.file for problem in problems if problem.severity is Severity.ERROR}


def _substitute(root: Path, inputs: Inputs, failed: set[str], substituted: dict[str, str]) -> Inputs:
    """Inputs with each failed file replaced by its last good copy, or left out without one."""

    def good(path: str) -> bytes | None:
        if substituted.get(path) == "left out":
            return None
        copy = root / PREVIEW_FOLDER / path
        raw = copy.read_bytes() if copy.is_file() else None
        if path in substituted or raw is None:  # its last good copy failed too (another file changed)
            substituted[path] = "left out"
            return None
        substituted[path] = "its last good version"
        return raw

    def replaced(sources: tuple[Source, ...]) -> tuple[Source, ...]:
        kept = []
        for source in sources:
            if source.path not in failed:
                kept.append(source)
            elif (raw := good(source.path)) is not None:
                kept.append(Source(source.path, raw))
        return tuple(kept)

    portal, portal_raw = inputs.portal, inputs.portal_raw
    if "portal.yaml" in failed:
        raw = good("portal.yaml")
        portal, portal_raw = (Source("portal.yaml", raw).parse()[0], raw) if raw is not None else (None, b"")
    problems = tuple(problem for problem in inputs.problems if problem.file not in failed)
    return Inputs(portal, replaced(inputs.reviews), replaced(inputs.bulletins), problems, portal_raw)


def _keep_good_copies(root: Path, inputs: Inputs, failed: set[str], hashes: dict[str, str]) -> None:
    """Copy each file that has no error to the preview folder: its last good version. An index
    of the copies' sha256 (`hashes`: input_hashes) saves reading them again on every run."""
    folder = root / PREVIEW_FOLDER
    index_file = folder / "index.json"
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
        index = index if isinstance(index, dict) else {}
    except (OSError, ValueError):
        index = {}
    documents: list[tuple[str, bytes | None]] = [("portal.yaml", inputs.portal_raw)] if inputs.portal else []
    documents += [(source.path, source.raw) for source in (*inputs.reviews, *inputs.bulletins)]
    changed = False
    for path, raw in documents:
        if path in failed or raw is None:
            continue
        if index.get(path) == hashes.get(path) and (folder / path).is_file():
            continue
        copy = folder / path
        try:
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(raw)
        except OSError:
            continue  # a read-only or full disk: the preview goes on without a copy
        index[path] = hashes.get(path)
        changed = True
    if changed:
        try:
            index_file.write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
        except OSError:
            pass


def preview(root: Path, as_of: dt.date, waiting: Callable[[], None] = lambda: None) -> Preview:
    """What `make serve` shows: the pages as `generate` would make them, except that a file with
    an error is shown as it was the last time it had none (or left out, if it never had none),
    instead of nothing being written. The manifest then records the versions used, so that a
    `mkdocs build` of this content/ is refused as made from other versions of the files; `make
    site` runs generate, which makes the pages again from the files as they are."""
    content = root / "content"
    with _collect_after(), lock(root, waiting=waiting):
        recover(content)
        cache = Cache(root / CACHE_FOLDER, remember=True)  # make serve: one process, many runs
        inputs = read_inputs(root)
        checked = _checked(root, inputs, as_of, silent, cache)
        failed = _failed_files(checked.problems)
        _keep_good_copies(root, inputs, failed, checked.inputs)
        substituted: dict[str, str] = {}
        corpus = checked.corpus if not failed else None
        used = inputs
        for _ in range(len(inputs.reviews) + len(inputs.bulletins) + 2):  # each file fails at most twice
            if corpus is not None:
                break
            used = _substitute(root, used, failed, substituted)
            absent = frozenset(
                PurePosixPath(path).stem
                for path, how in substituted.items()
                if how == "left out" and path.startswith("reviews/")
            )
            corpus, problems = build_corpus(used, as_of, cache, absent=absent)
            failed = _failed_files(problems)
        if corpus is None:
            return Preview(checked, None, substituted)
        files, sources = plan(corpus, as_of, silent, cache)
        changes, blocked = make_plan(
            content,
            files,
            input_hashes(used),
            withheld(corpus, as_of),
            lambda path: _made_from(sources.get(path, "")),
            as_of.isoformat(),
        )
        if changes is None:
            refused = Checked(checked.corpus, checked.problems + blocked, checked.files)
            return Preview(refused, None, substituted)
        written = write_plan(content, changes)
        write_settings(root, corpus.portal)
        cache.save()  # the next save's preview renders only what this one did not
        return Preview(checked, written, substituted)
