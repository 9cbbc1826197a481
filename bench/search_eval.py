"""Compare the built-in search with a chunked index (Pagefind) on a site built by bench/run.py.

    .venv/bin/python bench/search_eval.py SITE_DIR [QUERY]

Needs bench/requirements.txt (Pagefind's Python package, which carries its binary: no download at
run time). Copies SITE_DIR, indexes the copy with Pagefind (review overview pages only, the same
text the built-in index keeps) and, in headless Chromium (/usr/bin/chromium), measures for each
engine on a cold cache: time from typing the query to the first result shown, and the bytes the
browser fetched for search. Nothing here changes the portal; it informs bench/RESULTS.md.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browsing import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402 - the browser tests' server and Chromium

PAGEFIND_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Pagefind evaluation</title>
<link href="/pagefind/pagefind-ui.css" rel="stylesheet"><script src="/pagefind/pagefind-ui.js"></script>
</head><body><main><div id="search"></div></main>
<script>new PagefindUI({ element: "#search", showSubResults: true, showImages: false });</script>
</body></html>
"""


def folder_bytes(path: Path) -> tuple[int, int]:
    raw = packed = 0
    for file in path.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            raw += len(data)
            packed += len(gzip.compress(data, 6)) if file.suffix in (".json", ".js", ".css") else len(data)
    return raw, packed


def index_with_pagefind(site: Path) -> tuple[float, Path]:
    """Pagefind over the review overview pages only (glob), into site/pagefind/."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "reviews/*/index.html"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started, site / "pagefind"


def first_result(base: str, page: str, box: str, result: str, query: str) -> tuple[float, int]:
    """Milliseconds to the first result and bytes fetched after typing, on a cold cache."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = chromium.new_context()
        tab = context.new_page()
        fetched: list[int] = []
        tab.goto(f"{base}/{page}", wait_until="load")
        tab.on("requestfinished", lambda request: fetched.append(request.sizes()["responseBodySize"]))
        started = time.perf_counter()
        tab.locator(box).fill(query)
        tab.wait_for_selector(result, timeout=180_000)
        elapsed = (time.perf_counter() - started) * 1000
        tab.wait_for_timeout(500)  # let the result fragments finish loading
        context.close()
        chromium.close()
    return elapsed, sum(fetched)


def main() -> None:
    source = Path(sys.argv[1])
    query = sys.argv[2] if len(sys.argv) > 2 else "supervision"
    with tempfile.TemporaryDirectory() as temporary:
        site = Path(temporary) / "site"
        shutil.copytree(source, site)
        seconds, folder = index_with_pagefind(site)
        (site / "pagefind-eval.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
        raw, packed = folder_bytes(folder)
        index = site / "search" / "search_index.json"
        builtin = index.read_bytes()
        print(f"site: {source}")
        print(
            f"built-in: search_index.json {len(builtin) / 1e6:.1f} MB raw, "
            f"{len(gzip.compress(builtin, 6)) / 1e6:.2f} MB gzipped, loaded whole on the first search"
        )
        files = sum(1 for _ in folder.rglob("*"))
        sizes = f"{raw / 1e6:.1f} MB ({packed / 1e6:.1f} MB gzipped) in {files} files"
        print(f"pagefind: indexed in {seconds:.1f} s; {sizes}")
        with serve(site) as base:
            ms, fetched = first_result(base, "", ".md-search__input", ".md-search-result__item", query)
            print(f"built-in: first result {ms:,.0f} ms, {fetched / 1e6:.2f} MB fetched for the search")
            ms, fetched = first_result(
                base, "pagefind-eval.html", ".pagefind-ui__search-input", ".pagefind-ui__result", query
            )
            print(f"pagefind: first result {ms:,.0f} ms, {fetched / 1e6:.2f} MB fetched for the search")


if __name__ == "__main__":
    main()
