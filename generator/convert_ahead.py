"""A build's Markdown converted on every core: MkDocs converts one page at a time, in one process.

Converting the pages' Markdown is most of a build (Python-Markdown: some 30 s of 42 s at 1,000
reviews). Before MkDocs starts on the pages (the hook's `on_nav`), `ahead` forks one process per
spare core; each converts a run of the pages the build will convert, exactly as MkDocs would (the
same `Page.render`, with the same configuration and files, inherited through fork), while MkDocs
converts the first run itself. When MkDocs comes to a page a child converted, it takes the child's
result: the attributes that `render` set on the page, and what `render` logged, logged again here
in the page's turn, so that strict mode counts a warning as if the page had been converted here.

The events around a page's conversion run here as before, in the same order; only the hook's
own on_page_content work is done by the child (and skipped here), and only when no other plugin
handles that event, nor the events before a conversion (then nothing is forked).

The templates likewise (`build_ahead`, in `on_env`, under --dirty only): a child builds and
writes a run of the converted pages, and MkDocs, which under --dirty builds only the pages whose
file `is_modified()`, is told that those are built already. Not when another plugin works on
each page as it is built, or on the theme's environment (its share would be lost in the child).

A child that fails (killed, out of memory, an exception), or that the system refuses to start,
leaves its pages to this process, which then fails or warns as it would have; children end with
their parent. Only `mkdocs build` and `properdocs build` (hooks; Zensical ignores them) with
enough pages, and only where fork exists; `PORTAL_PROCESSES=1` does every page in this process.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import logging
import os
import pickle
import signal
from collections.abc import Callable
from typing import Any

from .cores import InertUnpickler, collect, fork_child, processes, split

MIN_PAGES = 40  # fewer: a fork costs more than it saves (the sample site has 84 pages)
ENGINE_LOGGERS = ("mkdocs", "properdocs")  # what strict mode counts: the engine's own loggers
PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown")  # run between fork and render


BUILD_EVENTS = ("page_context", "post_page", "env")  # a child builds the page, with the env it had


def others_handle(config: Any, events: tuple[str, ...]) -> bool:
    """Whether a plugin other than this project's hook, and not switched off, handles any of
    `events` (what it does in a child would be lost, or done with what the child was given)."""
    for event in events:
        for handler in config.plugins.events.get(event, []):
            owner = getattr(handler, "__self__", None)
            if owner is not None and getattr(owner, "config", {}).get("enabled", True) is False:
                continue  # e.g. Material's search, switched off in mkdocs.yml
            if not str(getattr(handler, "__module__", "")).endswith("mkdocs_hooks.py"):
                return True
    return False


def ahead(config: Any, files: Any, dirty: bool, after: Callable[[Any], None] | None = None) -> int:
    """Start converting the pages this build will convert in other processes; how many processes
    (1: none started, every page is converted as MkDocs always does). `after`: what a child does
    to each page it converted, after it (the hook's share of on_page_content, which it then
    skips for that page)."""
    if not hasattr(os, "fork") or others_handle(config, PAGE_EVENTS):
        return 1  # another plugin changes a page's Markdown first: its events run in this process
    pages = [
        file.page
        for file in files.documentation_pages()
        if file.page is not None and (not dirty or file.is_modified())
    ]
    count = min(processes(), len(pages) // (MIN_PAGES // 2))
    if len(pages) < MIN_PAGES or count < 2:
        return 1
    sizes = [_size(page.file.abs_src_path) for page in pages]
    runs = split(sizes, count)
    started = [_Child([pages[index] for index in run], config, files, after) for run in runs[1:]]
    return 1 + _start_all(started)


def build_ahead(env: Any, config: Any, files: Any, nav: Any, dirty: bool) -> int:
    """Start building the pages' HTML (the theme's templates) in other processes, once every page
    is converted (the hook's `on_env`); how many processes (1: none started). Only under --dirty,
    where MkDocs can be told a page is built already."""
    engine = type(config).__module__.split(".")[0]  # mkdocs or properdocs
    try:
        build_page = importlib.import_module(f"{engine}.commands.build")._build_page
        included = importlib.import_module(f"{engine}.structure.files").InclusionLevel.is_included
    except (ImportError, AttributeError):
        return 1
    if not dirty or not hasattr(os, "fork") or others_handle(config, BUILD_EVENTS):
        return 1  # another plugin works on each page as it is built, or on the theme: all here
    doc_files = files.documentation_pages(inclusion=included)
    pages = [file.page for file in doc_files if file.page is not None and file.is_modified()]
    count = min(processes(), len(pages) // (MIN_PAGES // 2))
    if len(pages) < MIN_PAGES or count < 2:
        return 1

    def build(page: Any) -> None:
        excluded = page.file.inclusion.is_excluded()
        build_page(page, config, doc_files, nav, env, dirty, excluded=excluded)

    runs = split([len(page.content or "") + 4096 for page in pages], count)  # 4 KB: the theme's part
    return 1 + _start_all(
        [_Builder([pages[index] for index in run], config, files, build) for run in runs[1:]]
    )


def _start_all(children: list[_Child]) -> int:
    """Start each child (fewer if the system refuses a process); how many started."""
    if children:
        gc.freeze()  # see cores.fill; until finish()
    for child in children:
        if not child.start():
            break
        _children.append(child)
    return len([child for child in children if child.pid])


_children: list[_Child] = []


def finish() -> None:
    """After a build (or its failure): every child has ended and is reaped, and no page keeps a
    render of its own for the next build (make serve builds again in the same process)."""
    if _children:
        gc.unfreeze()
    while _children:
        child = _children.pop()
        if child.results is None:  # the build stopped before it came to the child's pages
            child.stop()
        child._undo()


def _size(path: str | None) -> int:
    try:
        return os.path.getsize(path) if path else 0
    except OSError:
        return 0


class _Child:
    """One forked process converting `pages`; each page's render, here, takes its result."""

    def __init__(
        self, pages: list[Any], config: Any, files: Any, after: Callable[[Any], None] | None = None
    ) -> None:
        self.pages = pages
        self.config = config
        self.files = files
        self.after = after
        self.results: dict[str, tuple[dict[str, Any], list[logging.LogRecord]]] | None = None
        self.pid = 0
        self.reader = -1

    def start(self) -> bool:
        """Fork the child; False when the system refuses (no process started, nothing changed)."""

        def work() -> bytes:  # in the child
            _collect_engine_logs()
            return self._work()

        child = fork_child(work)
        if child is None:  # the system refused: this process does it all
            return False
        pid, reader = child
        self.pid, self.reader = pid, reader
        self._hand_over()
        return True

    def _hand_over(self) -> None:
        for page in self.pages:
            page.render = self._render_for(page)  # this page's render: the child's result

    def _undo(self) -> None:
        for page in self.pages:
            page.__dict__.pop("render", None)

    def stop(self) -> None:
        os.close(self.reader)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.results = {}

    # In the child.
    def _work(self) -> bytes:
        results: dict[str, tuple[dict[str, Any], list[logging.LogRecord]]] = {}
        for page in self.pages:
            _logged.clear()
            self.config._current_page = page
            page.read_source(self.config)
            before = dict(vars(page))
            page.render(self.config, self.files)
            if self.after is not None:
                self.after(page)
            made = {name: value for name, value in vars(page).items() if before.get(name, _NONE) is not value}
            results[page.file.src_uri] = (made, list(_logged))
        stream = io.BytesIO()
        _Pickler(stream, type(self.pages[0].file), type(self.pages[0])).dump(results)
        return stream.getvalue()

    # In this process.
    def _render_for(self, page: Any) -> Callable[[Any, Any], None]:
        def render(config: Any, files: Any) -> None:
            del page.render  # once: a later build converts it as usual
            found = self._result(page.file.src_uri)
            if found is None:  # the child failed: converted here, as MkDocs always does
                page.render(config, files)
                return
            made, records = found
            for name, value in made.items():
                setattr(page, name, value)
            for record in records:
                logging.getLogger(record.name).handle(record)

        return render

    def _result(self, src_uri: str) -> tuple[dict[str, Any], list[logging.LogRecord]] | None:
        if self.results is None:
            self.results = self._receive()
        return self.results.get(src_uri)

    def _receive(self) -> dict[str, tuple[dict[str, Any], list[logging.LogRecord]]]:
        return collect(self.pid, self.reader, lambda stream: _Unpickler(stream, self.files).load())


_NONE = object()


class _Builder(_Child):
    """One forked process building (templates, written to site_dir) `pages`, converted already.
    This process skips each page the child built: under --dirty, MkDocs builds only the pages
    whose file `is_modified()`, which for these says whether the child failed to build it."""

    def __init__(self, pages: list[Any], config: Any, files: Any, build: Callable[[Any], None]) -> None:
        super().__init__(pages, config, files)
        self.build = build

    def _hand_over(self) -> None:
        for page in self.pages:
            page.file.is_modified = self._modified_for(page)

    def _undo(self) -> None:
        for page in self.pages:
            page.file.__dict__.pop("is_modified", None)

    # In the child.
    def _work(self) -> bytes:
        built: dict[str, tuple[dict[str, Any], list[logging.LogRecord]]] = {}
        for page in self.pages:
            _logged.clear()
            try:
                self.build(page)
            except Exception:  # this page and the rest are left to the parent, which fails as it would
                break
            built[page.file.src_uri] = ({}, list(_logged))
        return pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)

    # In this process.
    def _modified_for(self, page: Any) -> Callable[[], bool]:
        def is_modified() -> bool:
            del page.file.is_modified
            found = self._result(page.file.src_uri)
            if found is None:  # the child failed: built here, as MkDocs always does
                return True
            for record in found[1]:
                logging.getLogger(record.name).handle(record)
            return False

        return is_modified


_logged: list[logging.LogRecord] = []  # in a child: what the engine logged for the current page


def _collect_engine_logs() -> None:
    """In a child: what the engine logs is kept, to be logged again by the parent in its turn."""
    for name in ENGINE_LOGGERS:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(_Collect())


class _Collect(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        trace = logging.Formatter().formatException(record.exc_info) if record.exc_info else record.exc_text
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, trace
        _logged.append(record)


class _Pickler(pickle.Pickler):
    """A page's attributes refer to the build's files and pages (links_to_anchors is keyed by
    File): sent by name, and found again among the parent's own. The engine's own classes
    (MkDocs' or ProperDocs')."""

    def __init__(self, stream: io.BytesIO, file_class: type[Any], page_class: type[Any]) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.file_class = file_class
        self.page_class = page_class

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, self.file_class):
            return ("file", obj.src_uri)
        if isinstance(obj, self.page_class):
            return ("page", obj.file.src_uri)
        return None


class _Unpickler(InertUnpickler):
    def __init__(self, stream: io.BytesIO, files: Any) -> None:
        super().__init__(stream)
        self.files = files

    def persistent_load(self, pid: Any) -> Any:
        kind, src_uri = pid
        file = self.files.get_file_from_path(src_uri)
        if file is None:
            raise pickle.UnpicklingError(f"no file {src_uri}")
        return file if kind == "file" else file.page
