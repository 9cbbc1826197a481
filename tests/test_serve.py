"""`make serve`: saving a YAML file regenerates the page; a mistake never stops the server."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import VALID_REVIEW, copy_sample


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, wanted: str, seconds: float = 40) -> str:
    """Poll a loopback URL until its body contains `wanted` (bounded in time)."""
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if wanted in body:
                return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {wanted!r}")


@contextlib.contextmanager
def _serving(root: Path) -> Iterator[str]:
    """`make serve` on a free loopback port in `root` (the theme's settings, then `mkdocs serve`),
    its output in root/serve.log; the base URL."""
    port = _free_port()
    settings = subprocess.run([sys.executable, "-m", "generator", "settings"], cwd=root, capture_output=True)
    assert (root / "generated/settings.yml").is_file(), settings.stderr
    temporary = root / "tmp"  # where mkdocs serve builds the site it serves
    temporary.mkdir()
    with (root / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(temporary)),
        )
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            process.send_signal(signal.SIGINT)  # Ctrl-C, as a person stops it
            process.wait(timeout=20)
    # Stopped with Ctrl-C, the preview leaves nothing behind in the temporary folder.
    assert list(temporary.iterdir()) == []


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    copy_sample(tmp_path)
    (tmp_path / "reviews/child-t.yaml").write_text(VALID_REVIEW, encoding="utf-8")
    with _serving(tmp_path) as base:
        yield tmp_path, base


def test_saving_yaml_regenerates_and_errors_do_not_stop_the_server(server) -> None:  # type: ignore[no-untyped-def]
    root, base = server
    page = f"{base}/reviews/child-t/"
    _wait_for(page, "Child T")
    review = root / "reviews/child-t.yaml"
    review.write_text(VALID_REVIEW.replace("Child T", "Child T renamed"), encoding="utf-8")
    _wait_for(page, "Child T renamed")
    review.write_text(VALID_REVIEW.replace("due: 2020-08", "due: next summer"), encoding="utf-8")
    expected = "expected a date like 2016-08-31, got 'next summer'"
    deadline = time.monotonic() + 40
    while expected not in (root / "serve.log").read_text() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert expected in (root / "serve.log").read_text()
    _wait_for(page, "Child T renamed")  # still serving the last good page
    review.write_text(VALID_REVIEW.replace("Child T", "Child T fixed"), encoding="utf-8")
    _wait_for(page, "Child T fixed")


def test_a_file_with_errors_is_listed_on_every_page_and_its_last_good_version_shown(server) -> None:  # type: ignore[no-untyped-def]
    """While a file has an error the preview keeps showing its last good version, says so at the
    top of every page, and lists the problems on a page of their own; other files' changes still
    show. None of it reaches a build."""
    root, base = server
    page = f"{base}/reviews/child-t/"
    _wait_for(page, "Child T")
    review = root / "reviews/child-t.yaml"
    review.write_text(VALID_REVIEW.replace("published: 2020-05", "published: May 2020"), encoding="utf-8")
    body = _wait_for(page, "Preview: 1 error in 1 file.")
    assert "The preview shows the last good version of each file with errors." in body
    assert '<a href="../../preview-problems/">See them</a>' in body
    assert "Child T" in body  # the last good version, not a missing page
    listed = _wait_for(f"{base}/preview-problems/", "Problems in your files")
    assert "reviews/child-t.yaml</strong> has errors: the preview shows its last good version." in listed
    assert "1 error and 0 warnings, as <code>make check</code> reports them." in listed
    assert (
        "reviews/child-t.yaml:4:12: published: expected a date like 2016-08-31, got 'May 2020'; "
        "write it as 2020-05 (May 2020)"
    ) in listed.replace("&#x27;", "'").replace("&#39;", "'")
    other = root / "reviews/bolton-child-sb.yaml"  # another file's change still shows
    other.write_text(
        other.read_text(encoding="utf-8").replace("title: ", "title: Renamed ", 1), encoding="utf-8"
    )
    _wait_for(f"{base}/reviews/bolton-child-sb/", "Renamed ")
    review.write_text(VALID_REVIEW.replace("Child T", "Child T fixed"), encoding="utf-8")
    fixed = _wait_for(page, "Child T fixed")
    assert "Preview:" not in fixed


def test_serve_starts_with_a_file_that_never_had_no_error(tmp_path: Path) -> None:
    """`make serve` on a project whose new file has an error from the start: the server starts,
    the file is left out and the problem is listed."""
    copy_sample(tmp_path)
    markup = '"<img src=x onerror=alert(1)>"'  # quoted in the message: shown, never run
    (tmp_path / "reviews/child-t.yaml").write_text(VALID_REVIEW.replace("serious-case-review", markup))
    bulletin = "issue: 9\ntitle: Update\ndate: 2021-02\npartnership: Testshire\nitems:\n  - review: child-t\n"
    (tmp_path / "bulletins/9.yaml").write_text(bulletin)  # fine itself: not reported, still shown
    with _serving(tmp_path) as base:
        home = _wait_for(f"{base}/", "Preview: 1 error in 1 file.")
        assert "last good version" not in home
        listed = _wait_for(f"{base}/preview-problems/", "Problems in your files")
        assert "reviews/child-t.yaml</strong> has errors: the preview shows left out." not in listed
        assert "reviews/child-t.yaml</strong> has errors: it is left out of the preview." in listed
        assert "<img" not in listed and "&lt;img src=x onerror=alert(1)&gt;" in listed
        assert "bulletins/9.yaml" not in listed
        _wait_for(f"{base}/bulletins/9/", "Update")
    assert (
        "preview: reviews/child-t.yaml has errors; it is left out of the preview"
        in (tmp_path / "serve.log").read_text()
    )


def test_a_file_broken_after_make_site_is_previewed_as_it_was(tmp_path: Path) -> None:
    """generate (make site) keeps each good file for the preview: a file broken afterwards is
    shown as it was when the site was last made, from the first page the preview serves."""
    copy_sample(tmp_path)
    review = tmp_path / "reviews/child-t.yaml"
    review.write_text(VALID_REVIEW)
    made = subprocess.run(
        [sys.executable, "-m", "generator", "generate"], cwd=tmp_path, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr
    review.write_text(
        VALID_REVIEW.replace("Child T", "Child T edited").replace("type: serious-case-review", "type: x")
    )
    with _serving(tmp_path) as base:
        page = _wait_for(f"{base}/reviews/child-t/", "The preview shows the last good version")
        assert "Child T" in page and "Child T edited" not in page


def test_one_save_is_one_build(server) -> None:  # type: ignore[no-untyped-def]
    """The generator's writes into content/ do not queue a second build of the same save."""
    root, base = server
    page = f"{base}/reviews/child-t/"
    _wait_for(page, "Child T")
    time.sleep(3)  # the first build, and any the start queued, are over
    log = root / "serve.log"
    builds = log.read_text().count("Building documentation")
    (root / "reviews/child-t.yaml").write_text(
        VALID_REVIEW.replace("Child T", "Child T saved"), encoding="utf-8"
    )
    _wait_for(page, "Child T saved")
    time.sleep(4)  # long enough for a second build to start, if one were queued
    assert log.read_text().count("Building documentation") == builds + 1


def test_hand_written_pages_are_watched_and_a_new_folder_too(server) -> None:  # type: ignore[no-untyped-def]
    """The server does not watch the folders generate writes, but it does watch every
    hand-written page: in content/ itself, in its folders, and in a folder made while serving."""
    root, base = server
    _wait_for(f"{base}/about/", "About")
    time.sleep(1)
    about = root / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nEdited while serving.\n", encoding="utf-8")
    _wait_for(f"{base}/about/", "Edited while serving.")
    folder = root / "content/files"  # a page there would need a place in mkdocs.yml's nav
    folder.mkdir()
    (folder / "leaflet.txt").write_text("First words.\n", encoding="utf-8")
    _wait_for(f"{base}/files/leaflet.txt", "First words.")
    time.sleep(2)  # the build the new folder started has begun watching it
    (folder / "leaflet.txt").write_text("Second words.\n", encoding="utf-8")
    _wait_for(f"{base}/files/leaflet.txt", "Second words.")
    shutil.rmtree(folder)  # deleted, then made again: watched afresh
    _wait_for_missing(f"{base}/files/leaflet.txt")
    folder.mkdir()
    (folder / "leaflet.txt").write_text("Third words.\n", encoding="utf-8")
    _wait_for(f"{base}/files/leaflet.txt", "Third words.")
    time.sleep(2)
    (folder / "leaflet.txt").write_text("Fourth words.\n", encoding="utf-8")
    _wait_for(f"{base}/files/leaflet.txt", "Fourth words.")
    style = root / "content/assets/portal.css"
    style.write_text(style.read_text(encoding="utf-8") + "\n/* edited while serving */\n", encoding="utf-8")
    _wait_for(f"{base}/assets/portal.css", "edited while serving")


def test_what_generate_writes_in_content_does_not_start_a_build() -> None:
    """Each name generate writes directly in content/ (the generated folders and home page, its
    manifest, journal and staging folder, its temporary files) is not watched; what an author
    writes there is."""
    from generator.mkdocs_hooks import _generated_name

    ours = ["reviews", "themes", "actions", "bulletins", "data", "reports", "index.md"]
    ours += [".generated", ".generated.journal", ".generated.staging", ".tmp-k2j3h4"]
    assert [name for name in ours if not _generated_name(name)] == []
    authors = ["about.md", "assets", "files", "index.markdown", "reviews.md", "tmp-notes.md", "generated.md"]
    assert [name for name in authors if _generated_name(name)] == []


class _Server:
    """What the hook uses of MkDocs' server: its watches, and its flag for a rebuild."""

    def __init__(self) -> None:
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self.calls: list[str] = []
        self.handlers: list[Any] = []
        self.observer = self

    def schedule(self, handler: Any, path: str, recursive: bool) -> None:
        self.handlers.append(handler)

    def watch(self, path: str) -> None:
        self.calls.append(f"watch {Path(path).name}")

    def unwatch(self, path: str) -> None:
        self.calls.append(f"unwatch {Path(path).name}")


def test_a_folder_deleted_and_made_again_between_two_builds_is_watched_afresh(tmp_path: Path) -> None:
    """The watch on a deleted folder stops for good, even when a folder of that name is back
    before the next build looks: so a folder deleted, moved or made is watched again."""
    import watchdog.events

    from generator import mkdocs_hooks

    content = tmp_path / "content"
    (content / "files").mkdir(parents=True)
    (content / "reviews").mkdir()
    server = _Server()
    config = type("Config", (), {"docs_dir": str(content)})()
    mkdocs_hooks._watched_folders.clear()
    mkdocs_hooks.on_serve(server, config, None)  # type: ignore[arg-type]
    assert server.calls == ["unwatch content", "watch files"]
    (handler,) = server.handlers
    for event in (  # what the watch on content/ sees while generate writes
        watchdog.events.DirCreatedEvent(str(content / ".generated.staging")),
        watchdog.events.FileCreatedEvent(str(content / ".tmp-k2j3")),
        watchdog.events.FileMovedEvent(str(content / ".tmp-k2j3"), str(content / "index.md")),
        watchdog.events.FileModifiedEvent(str(content / ".generated")),
        watchdog.events.DirModifiedEvent(str(content / "reviews")),
        watchdog.events.DirModifiedEvent(str(content)),
    ):
        handler.on_any_event(event)
    assert not server._want_rebuild  # generate's own writes start nothing
    handler.on_any_event(watchdog.events.DirDeletedEvent(str(content / "files")))
    assert server._want_rebuild
    mkdocs_hooks._watch_hand_written(server, content.resolve())  # the folder is back already
    assert server.calls[2:] == ["unwatch files", "watch files"]
    mkdocs_hooks._watch_hand_written(server, content.resolve())  # nothing changed since
    assert server.calls[4:] == []


def _log_after(log: Path, start: int, wanted: str, seconds: float = 60) -> str:
    """The server's output since `start` (a length), once it holds `wanted`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        tail = log.read_text()[start:]
        if wanted in tail:
            return tail
        time.sleep(0.3)
    raise AssertionError(f"the server never printed {wanted!r}: {log.read_text()[start:]}")


def test_a_save_builds_again_only_the_pages_it_changed(server) -> None:  # type: ignore[no-untyped-def]
    """`make serve --dirty`: after a save, the pages built again are the pages generate wrote; a
    change to the theme builds every page again."""
    root, base = server
    _wait_for(f"{base}/reviews/child-t/", "Child T")
    log = root / "serve.log"
    first = _log_after(log, 0, "pages built")
    total = int(re.search(r"preview: (\d+) of (\d+) pages built", first)[2])  # type: ignore[index]
    assert f"preview: {total} of {total} pages built" in first
    start, saved = len(log.read_text()), time.time_ns()
    (root / "reviews/child-t.yaml").write_text(VALID_REVIEW.replace("Child T", "Child T saved"))
    _wait_for(f"{base}/reviews/child-t/", "Child T saved")
    after = _log_after(log, start, "pages built")
    assert "generate: " in after
    pages = [page for page in (root / "content").rglob("*.md") if page.stat().st_mtime_ns > saved]
    assert 4 <= len(pages) < total / 2  # the review's four pages, and the lists that show it
    generated = json.loads((root / "content/.generated").read_text(encoding="utf-8"))["files"]
    content = root / "content"
    hand = [page for page in content.rglob("*.md") if page.relative_to(content).as_posix() not in generated]
    assert len(hand) == 4  # about, accessibility, using-briefings, search: built every time
    assert f"preview: {len(pages) + len(hand)} of {total} pages built" in after
    start = len(log.read_text())
    main = root / "overrides/main.html"
    main.write_text(main.read_text().replace("Exit this page", "Leave this page"))
    _wait_for(f"{base}/reviews/bolton-child-sb/", "Leave this page")
    assert f"preview: {total} of {total} pages built" in _log_after(log, start, "pages built")


def _wait_for_missing(url: str, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).close()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} is still served")


def test_a_review_made_a_draft_leaves_the_preview(server) -> None:  # type: ignore[no-untyped-def]
    """Pages are built again only when they changed, but a page no longer published is never left
    behind: the set of pages changed, so every page is built again in an emptied folder."""
    root, base = server
    _wait_for(f"{base}/reviews/child-t/", "Child T")
    (root / "reviews/child-t.yaml").write_text(VALID_REVIEW + "status: draft\n")
    for page in ("", "briefing/", "actions/", "record/"):
        _wait_for_missing(f"{base}/reviews/child-t/{page}")
    assert "Child T" not in _wait_for(f"{base}/reviews/", "Reviews")


def test_the_preview_links_to_itself_not_to_the_published_site(server) -> None:  # type: ignore[no-untyped-def]
    """portal.yaml's site_url is the published site's; the preview's own pages keep the address
    `mkdocs serve` gives them."""
    root, base = server
    page = _wait_for(f"{base}/reviews/child-t/", "Child T")
    assert f'<link rel="canonical" href="{base}/reviews/child-t/">' in page
    assert "https://learning.example.org/" not in page
