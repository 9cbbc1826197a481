"""MkDocs hooks (mkdocs.yml `hooks:`, run by MkDocs and ProperDocs; Zensical ignores them): the
build's checks, `make serve`, and the printed page's margins and link addresses.

- The theme's settings reach every engine through generated/settings.yml (theme.py), which
  generate writes. `on_config` sets them again from portal.yaml as it is now, with the
  generator's own validation, since under `make serve` portal.yaml may change between builds.
- `on_files` refuses to build from stale pages or with anything at a withheld review's address
  (`python -m generator.search_index`, run after every engine, checks the built site too).
- `make site` and `make serve` build with `--dirty` (only pages whose Markdown changed); the hook
  empties the folder first whenever anything else a page depends on changed (`_fingerprint`).
- Under `mkdocs serve`, `on_pre_build` regenerates the pages whenever a watched YAML file is
  saved (pipeline.preview). `make site` runs the generator itself with `--as-of`. While serving,
  a mistake in a YAML file never stops the preview: the problems are printed, listed on a page
  of their own (preview-problems/) and announced at the top of every page, and a file with an
  error is shown as it last was without one. None of that is added outside `mkdocs serve`.

MkDocs loads this file by path, not as part of the package, so the generator is imported from
the project folder (the one holding mkdocs.yml) inside each hook.
"""

from __future__ import annotations

import re
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


_serving = False


_dirty = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving, _dirty
    _serving = command == "serve"
    _dirty = dirty
    if dirty:
        import logging

        for engine in ("mkdocs", "properdocs"):  # ProperDocs logs under its own name
            logging.getLogger(f"{engine}.commands.build").addFilter(_quiet_dirty)


def _quiet_dirty(record: Any) -> bool:
    """`make serve` and `make site` build only the pages whose Markdown changed (`--dirty`). MkDocs
    warns that this may leave other pages' navigation out of date, and strict mode would stop at
    that warning; here it cannot: every page is built again, in an emptied folder, whenever
    anything but a page's own Markdown changed (see `_full_build_if_needed`)."""
    return not str(record.msg).startswith("A 'dirty' build is being performed")


# How many pages a build made again, of how many: printed after each dirty build.
_built_pages = 0
_all_pages = 0

# What every page depends on besides its own Markdown; when it changes, a dirty build builds
# every page again. `make serve` keeps the last one in memory, `make site` beside its folder.
_site_fingerprint: str | None = None
_built_fingerprint: str | None = None
_written_fingerprint: Path | None = None


def _fingerprint(root: Path, config: MkDocsConfig, files: Any) -> str:
    """The engine and its theme, the generator (its Markdown extension shapes every page),
    mkdocs.yml, the overrides, the theme's settings, the site's address, the set of pages and the
    preview's banner."""
    import hashlib
    from importlib.metadata import version

    from generator.cache import fingerprint

    hashed = hashlib.sha256(fingerprint())
    engine = type(config).__module__.split(".")[0]  # mkdocs or properdocs
    hashed.update(f"{engine} {version(engine)} {version('mkdocs-material')}\0".encode())
    for path in sorted([root / "mkdocs.yml", *(root / "overrides").rglob("*")]):
        if path.is_file():
            hashed.update(f"{path}\0{path.stat().st_mtime_ns}\0".encode())
    hashed.update(repr(sorted(config.extra.get("portal", {}).items())).encode())
    hashed.update(repr(config.site_url).encode())
    hashed.update("\0".join(sorted(file.src_uri for file in files)).encode())
    # A hand-written file by what it holds, not when it was saved: one restored with an older
    # time, a link pointed elsewhere, a save during a build, a retitled page named in the nav
    # without a title of its own, a heading other pages link to: each builds every page again.
    for file in _hand_written(root, files):
        hashed.update(f"{file.src_uri}\0".encode())
        hashed.update(hashlib.sha256(Path(file.abs_src_path).read_bytes()).digest())
    hashed.update(_banner("").encode() if _serving and _problems else b"")
    return hashed.hexdigest()


def _hand_written(root: Path, files: Any) -> list[Any]:
    """The files under content/ that generate did not write (its manifest lists those it did),
    and that the site publishes (not the manifest itself, nor any other file MkDocs leaves out)."""
    from generator.output import read_manifest

    generated = read_manifest(root / "content").files
    return [
        file
        for file in files
        if file.abs_src_path and file.src_uri not in generated and not file.inclusion.is_excluded()
    ]


def _recorded(config: MkDocsConfig) -> Path:
    """Where `make site` keeps the fingerprint of the folder it builds into: beside it."""
    folder = Path(config.site_dir)
    return folder.with_name(folder.name + ".fingerprint")


def _full_build_if_needed(root: Path, config: MkDocsConfig, files: Any) -> None:
    """Under `--dirty`: when anything a page shows besides its own Markdown changed (see
    `_fingerprint`), empty the folder so that every page is built again, and no page of a removed
    or withheld review is left in it."""
    global _site_fingerprint, _built_fingerprint, _built_pages, _all_pages
    _built_pages, _all_pages = 0, len(files.documentation_pages())
    _site_fingerprint = _fingerprint(root, config, files)
    if not _serving:
        try:
            _built_fingerprint = _recorded(config).read_text(encoding="utf-8")
        except OSError:
            _built_fingerprint = None
        _recorded(config).unlink(missing_ok=True)  # until this build succeeds
    if _site_fingerprint != _built_fingerprint:
        from mkdocs.utils import clean_directory

        clean_directory(config.site_dir)
    # Hand-written pages are few and small, and MkDocs checks the links only of the pages it
    # builds: they are built every time, so a link from one to an anchor of a generated page that
    # has just lost it stops the build as a full build would.
    for file in _hand_written(root, files):
        file.is_modified = lambda: True


def _project(config: MkDocsConfig) -> Path:
    root = Path(config.config_file_path).resolve().parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return root


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _project(config)
    from generator import pipeline
    from generator.model import Portal
    from generator.problems import Severity
    from generator.theme import site_url, theme_settings

    portal, problems = pipeline.portal(root)
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        lines = "\n".join(str(problem) for problem in errors)
        if not _serving:
            raise PluginError(f"portal.yaml has problems; fix them and build again:\n{lines}")
        print(
            f"{lines}\nportal.yaml: the preview uses the default settings until this is fixed",
            file=sys.stderr,
        )
        portal = Portal()
    config.extra["portal"] = theme_settings(portal)
    # portal.yaml is optional, so it is watched (by `make serve`) only when there is one.
    if (root / "portal.yaml").is_file() and str(root / "portal.yaml") not in config.watch:
        config.watch.append(str(root / "portal.yaml"))
    # As portal.yaml says now (generated/settings.yml has it as of the last generate); the preview
    # keeps the local address `mkdocs serve` gives it.
    if portal.site_url and not _serving:
        config.site_url = site_url(portal)
    return config


# `make serve` builds once per save. The server watches content/, where the generator writes: its
# own writes would queue a second, identical build after each one, and polling the thousands of
# generated pages twice a second slowed every build. So under MkDocs' (and ProperDocs') server the
# generated folders and files are not watched: content/'s own files are (without what generate
# writes there), and each hand-written folder in it. A folder added while serving is watched from
# the build its creation starts.
_server: Any = None
_watched_folders: dict[str, str] = {}  # name in content/ → the folder watched
_folders_changed: set[str] = set()  # names in content/ of folders deleted, moved or made
POLL = 0.2  # seconds


def _generated_name(name: str) -> bool:
    from generator.output import written_in_content

    return written_in_content(name)


def _rebuild(server: Any) -> None:
    """What MkDocs' server does when a watched file changes: build again."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def _watch_hand_written(server: Any, content: Path) -> None:
    """Watch each hand-written folder of content/ (and stop watching one that is gone). A folder
    deleted, moved or made since the last build is watched afresh: the watch on a folder that
    was deleted has stopped, even if a folder of that name is back."""
    found = {}
    for entry in content.iterdir() if content.is_dir() else ():
        if entry.is_dir() and not entry.name.startswith(".") and not _generated_name(entry.name):
            found[entry.name] = str(entry.resolve())
    changed = set(_folders_changed)
    _folders_changed.difference_update(changed)
    for name, folder in sorted(_watched_folders.items()):
        if found.get(name) != folder or name in changed:
            server.unwatch(folder)
            del _watched_folders[name]
    for name, folder in sorted(found.items()):
        if name not in _watched_folders:
            server.watch(folder)
            _watched_folders[name] = folder


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    global _server
    _server = server
    if not (hasattr(server, "_rebuild_cond") and hasattr(server, "observer")):
        return server  # another server than MkDocs' own: it watches content/ as it does
    import watchdog.events

    content = Path(config.docs_dir).resolve()

    class ContentFiles(watchdog.events.FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            paths = [Path(str(path)) for path in (event.src_path, getattr(event, "dest_path", "")) if path]
            if all(path == content or _generated_name(path.name) for path in paths):
                return
            if event.is_directory and event.event_type in ("created", "deleted", "moved"):
                _folders_changed.update(path.name for path in paths if path.parent == content)
            _rebuild(server)

    # The watches made from here on (reviews/, bulletins/, overrides/, content/) look for changes
    # every POLL seconds, not every half second: a save is seen sooner, for little work.
    if isinstance(getattr(server.observer, "_timeout", None), (int, float)):
        server.observer._timeout = POLL
    server.unwatch(config.docs_dir)
    server.observer.schedule(ContentFiles(), str(content), recursive=False)
    _watch_hand_written(server, content)
    return server


def on_pre_build(config: MkDocsConfig) -> None:
    root = _project(config)
    if _serving:
        _regenerate(root)
        if _server is not None and hasattr(_server, "observer"):
            _watch_hand_written(_server, Path(config.docs_dir).resolve())
    _hold_lock(root)
    if not _serving:
        _refuse_stale(root)


# What the last regeneration under `make serve` found: shown on every previewed page.
_problems: list[Any] = []
_substituted: dict[str, str] = {}
PROBLEMS_PAGE = "preview-problems.md"  # only ever under `make serve`; never in a build


def _regenerate(root: Path) -> bool:
    """Generate for the preview; whether any page was written or removed."""
    global _problems, _substituted
    from generator import pipeline
    from generator.cli import WAITING, default_as_of
    from generator.output import Busy

    try:
        shown = pipeline.preview(root, default_as_of(), waiting=lambda: print(WAITING, file=sys.stderr))
    except Busy:
        print(
            "generate: another run kept content/ busy; the preview shows the last good pages", file=sys.stderr
        )
        return False
    _problems, _substituted = list(shown.checked.problems), dict(shown.substituted)
    for problem in _problems:
        print(problem, file=sys.stderr)
    for path, how in sorted(_substituted.items()):
        print(f"preview: {path} has errors; {_kept(how)}", file=sys.stderr)
    report = shown.report
    if report is None:
        print("generate: nothing written; the preview shows the last good pages", file=sys.stderr)
        return False
    if report.written or report.deleted:
        print(f"generate: {len(report.written)} written, {len(report.deleted)} removed", file=sys.stderr)
        return True
    return False


def _kept(how: str) -> str:
    return "it is left out of the preview" if how == "left out" else f"the preview shows {how}"


def problems_page() -> str:
    """The preview's list of problems (Markdown; every text from a file escaped)."""
    from generator.problems import Severity
    from generator.reporting import count
    from generator.text import html_text

    errors = sum(1 for problem in _problems if problem.severity is Severity.ERROR)
    lines = [
        "---",
        "title: Problems in your files",
        "search:",
        "  exclude: true",
        "---",
        "# Problems in your files",
        "",
        f"{count(errors, 'error')} and {count(len(_problems) - errors, 'warning')}, "
        "as `make check` reports them. "
        "This page is only in the preview (`make serve`); fix a file and save it, and this page "
        "updates. `make site` will not build until every error is fixed.",
        "",
    ]
    for path, how in sorted(_substituted.items()):
        lines.append(f"- **{html_text(path)}** has errors: {_kept(how)}.")
    lines.append("")
    lines += [f"- {html_text(str(problem))}" for problem in _problems]
    return "\n".join(lines) + "\n"


def _banner(page_url: str) -> str:
    """The line at the top of every previewed page while a file has a problem."""
    import html

    from generator.problems import Severity

    errors = sum(1 for problem in _problems if problem.severity is Severity.ERROR)
    files = len({problem.file for problem in _problems})
    words = f"{errors} error{'s' if errors != 1 else ''}" if errors else f"{len(_problems)} warnings"
    kept = (
        " The preview shows the last good version of each file with errors."
        if "its last good version" in _substituted.values()
        else ""
    )
    depth = "../" * page_url.count("/")
    where = f"{files} file{'s' if files != 1 else ''}"
    return (
        '<div class="portal-preview-problems admonition failure" role="alert">'
        f"<p><strong>Preview: {words} in {where}.</strong>{html.escape(kept)} "
        f'<a href="{depth}preview-problems/">See them</a>. This line is not on the published site.</p>'
        "</div>\n"
    )


# The build reads content/ under the project's shared lock: a generate run (make serve's, or one
# started in another window) cannot change pages half way through a build.
_lock: ExitStack | None = None


def _hold_lock(root: Path) -> None:
    global _lock
    from generator.output import Busy, lock

    _release_lock()
    stack = ExitStack()
    try:
        stack.enter_context(lock(root, shared=True, waiting=lambda: print(BUILD_WAITING, file=sys.stderr)))
    except Busy:
        raise PluginError(
            "a generate run has been writing content/ for too long; try again when it has finished"
        ) from None
    _lock = stack


def _release_lock() -> None:
    global _lock
    if _lock is not None:
        _lock.close()
        _lock = None


BUILD_WAITING = "mkdocs: a generate run is writing content/; the build waits for it to finish"
STALE = (
    "content/ was generated from other versions of these files: {files}; "
    "run `make site` (or make generate) to make the pages again before building"
)
PENDING = (
    "content/ is between two generate runs (one was interrupted after it started writing); "
    "run `make site` (or make generate), which finishes it, before building"
)


NO_MANIFEST = (
    "content/ has generated pages but no list of them (content/.generated is missing or damaged), "
    "so this build cannot tell which are current; delete content/'s generated folders "
    "({folders}) and run `make site` (or make generate) again"
)
WITHHELD = (
    "this build would publish content/{path} at the address of review '{slug}', which is not "
    "public ({why}); move it out of content/reviews/ or delete it"
)
INPUT_ERRORS = "the input files have errors; run `make check` to see them, and fix them before building"


def _refuse_stale(root: Path) -> None:
    """Build only what a whole generate run made from the inputs as they are now: never a page
    of a review since made a draft, nor content/ half way through a run that was killed."""
    from generator.output import GENERATED_DIRS, GENERATED_FILES, pending, read_manifest
    from generator.pipeline import stale_inputs

    content = root / "content"
    if pending(content):
        raise PluginError(PENDING)
    generated = [name for name in (*GENERATED_DIRS, *GENERATED_FILES) if (content / name).exists()]
    if generated and not read_manifest(content).files:
        raise PluginError(NO_MANIFEST.format(folders=", ".join(generated)))
    stale = stale_inputs(root)
    if stale:
        shown = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        raise PluginError(STALE.format(files=shown))


def on_files(files: Any, config: MkDocsConfig) -> Any:
    """The files this build would publish, checked against the inputs themselves (not only the
    manifest): nothing at the address of a draft or embargoed review, whatever put it there (a
    hand-written page, a linked folder, a page left by an edit that skipped generate)."""
    if _serving:
        if _problems:
            from mkdocs.structure.files import File

            files.append(File.generated(config, PROBLEMS_PAGE, content=problems_page()))
        if _dirty:
            _full_build_if_needed(_project(config), config, files)
        return files

    from generator import pipeline

    root = _project(config)
    withheld = pipeline.withheld_as_built(root)
    if withheld is None:
        raise PluginError(INPUT_ERRORS)
    for file in files:
        parts = file.src_uri.split("/")
        slug = parts[1].removesuffix(".md") if len(parts) > 1 and parts[0] == "reviews" else ""
        if slug in withheld and (len(parts) > 2 or parts[1].endswith(".md")):
            raise PluginError(WITHHELD.format(path=file.src_uri, slug=slug, why=withheld[slug]))
    if _dirty:
        _full_build_if_needed(root, config, files)
    return files


_nav: Any = None


def on_nav(nav: Any, config: MkDocsConfig, files: Any) -> Any:
    """`make site`: the pages' Markdown is converted on every core (convert_ahead.py). Not while
    serving: a save converts a few pages, and the server's threads should not be forked."""
    global _nav
    _nav = nav
    if not _serving:
        from generator import convert_ahead

        alone = len(config.plugins.events["page_content"]) == 1  # no other plugin's comes first
        count = convert_ahead.ahead(config, files, _dirty, _addresses_ahead if alone else None)
        if count > 1:
            print(f"mkdocs: the pages' Markdown is converted in {count} processes", file=sys.stderr)
    return nav


def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Any) -> str:
    """Links carry their full address for print; the preview's banner. (The page's HTML was
    cleaned, and a review's page marked for search, by markdown_ext.py during conversion.)"""
    global _built_pages
    _built_pages += 1
    if page.__dict__.pop("portal_addressed", False):  # done by the process that converted it
        return html
    clean = print_addresses(html, page.canonical_url or "")
    return _banner(page.url) + clean if _serving and _problems else clean


def _addresses_ahead(page: Any) -> None:
    """on_page_content's work, for a page converted by another process (convert_ahead.py: never
    while serving, so never a banner): done there, skipped here."""
    page.content = print_addresses(page.content or "", page.canonical_url or "")
    page.portal_addressed = True


_SITE_LINK = re.compile(r'<a href="(?!https?:|mailto:|tel:|#)([^"]*)"')


def print_addresses(html: str, address: str) -> str:
    """Each link to another page of the site carries its full address, which portal.css prints
    after the link on paper (a reader of a printed briefing cannot follow `../#learning-1`)."""
    if not address:
        return html
    import html as markup

    def absolute(match: re.Match[str]) -> str:
        target = urljoin(address, markup.unescape(match[1]))
        return f'<a data-print-href="{markup.escape(target)}" href="{match[1]}"'

    return _SITE_LINK.sub(absolute, html)


def css_string(text: str) -> str:
    """A CSS string holding `text`, every character but letters, digits and spaces written as a
    hex escape: nothing in it can end the string, the rule or the <style> element."""
    escaped = "".join(
        char if char.isascii() and (char.isalnum() or char == " ") else f"\\{ord(char):x} " for char in text
    )
    return f'"{escaped}"'


def print_margins(title: str, address: str) -> str:
    """The @page rule that prints the page's title and address in the margins of every printed
    page, and its number (portal.css sets the margins and the number's style)."""
    return (
        "@media print { @page { "
        f"@top-left {{ content: {css_string(title)}; }} "
        f"@bottom-left {{ content: {css_string(address)}; }} "
        "} }"
    )


# `make serve` reads its settings again for every build, and with them the theme's templates: kept
# compiled between builds instead (Jinja compiles a template again when its source changed).
_theme_compiled: Any = None


def on_env(env: Any, config: MkDocsConfig, files: Any) -> Any:
    """`make site`: the pages' HTML is built on every core (convert_ahead.py)."""
    global _theme_compiled
    if _serving:
        from generator.render import CompiledInMemory

        _theme_compiled = _theme_compiled or CompiledInMemory()
        env.bytecode_cache = _theme_compiled
    elif _nav is not None:
        from generator import convert_ahead

        count = convert_ahead.build_ahead(env, config, files, _nav, _dirty)
        if count > 1:
            print(f"mkdocs: the pages' HTML is built in {count} processes", file=sys.stderr)
    return env


def on_page_context(context: Any, page: Any, config: MkDocsConfig, nav: Any) -> Any:
    """Always set here, whatever a page's front matter says: the margins of its printed pages."""
    page.meta["portal_print_margins"] = print_margins(page.title or "", page.canonical_url or "")
    return context


def on_post_build(config: MkDocsConfig) -> None:
    global _built_fingerprint
    _finish_converting()
    _release_lock()
    _built_fingerprint = _site_fingerprint
    if _dirty and not _serving and _site_fingerprint is not None:
        global _written_fingerprint
        _written_fingerprint = _recorded(config)  # taken back if strict mode aborts after this
        _written_fingerprint.write_text(_site_fingerprint, encoding="utf-8")
    if _dirty:
        word = "preview" if _serving else "mkdocs"
        print(f"{word}: {_built_pages} of {_all_pages} pages built", file=sys.stderr)


def _finish_converting() -> None:
    if "generator.convert_ahead" in sys.modules:
        sys.modules["generator.convert_ahead"].finish()


def on_build_error(error: Exception) -> None:
    global _built_fingerprint
    _finish_converting()
    _release_lock()
    _built_fingerprint = None  # the next dirty build builds every page
    if _written_fingerprint is not None:
        _written_fingerprint.unlink(missing_ok=True)
