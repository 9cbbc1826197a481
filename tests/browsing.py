"""Helpers for the browser tests: a loopback web server, headless Chromium, PDF pages, rebuilds.

Chromium is Debian's (`/usr/bin/chromium`, installed by `make test`), driven by Playwright for
Python; Playwright's own browser download is never used.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = ("127.0.0.1", "localhost")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) from a background thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF written by Chromium: one `/Type /Page` object each (`/Pages` is the tree)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


A4_HEIGHT = 841.89  # points
MARGIN_TOP, MARGIN_BOTTOM = 56.7, 56.7  # 20 mm, as portal.css's @page sets them


def pdf_page_fill(pdf: bytes) -> list[float]:
    """For each page of an A4 PDF, the share of its printable height (inside portal.css's 20 mm
    margins) that its text reaches down to: the page number and address in the margins do not
    count. pypdf reads where each piece of text is drawn."""
    import io

    from pypdf import PdfReader

    fills = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lowest = [A4_HEIGHT]

        def visit(
            text: str, cm: list[float], tm: list[float], *_: object, lowest: list[float] = lowest
        ) -> None:
            y = tm[5] * cm[3] + cm[5]
            if text.strip() and MARGIN_BOTTOM <= y <= A4_HEIGHT - MARGIN_TOP:
                lowest[0] = min(lowest[0], y)

        page.extract_text(visitor_text=visit)
        printable = A4_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
        fills.append(round((A4_HEIGHT - MARGIN_TOP - lowest[0]) / printable, 2))
    return fills


def rebuild_with_portal(
    built_site: Path, into: Path, portal_yaml: str | None
) -> subprocess.CompletedProcess[str]:
    """The already generated sample project (`built_site`'s parent) with another portal.yaml (None:
    without one), generated again (a build refuses pages made from another portal.yaml; a
    portal.yaml with mistakes generates nothing) and built by MkDocs. The site is `into / "site"`."""
    shutil.copytree(built_site.parent, into, dirs_exist_ok=True, ignore=shutil.ignore_patterns("site"))
    portal = into / "portal.yaml"
    if portal_yaml is None:
        portal.unlink(missing_ok=True)
        for bulletin in (into / "bulletins").glob("*.yaml"):  # bulletins need portal.yaml's site_url
            bulletin.unlink()
    else:
        portal.write_text(portal_yaml, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--as-of", "2026-11-22"],
        cwd=into,
        capture_output=True,
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=into,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
