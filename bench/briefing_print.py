"""Print every briefing of a built site to A4 PDF in Chromium and report its pages and how full
each is: the numbers for the closing notes and for bench/RESULTS.md (never asserted as timings).

    .venv/bin/python bench/briefing_print.py [SITE]      (default: site/)

A page's fullness is how far down the printable area its last line of text reaches (pypdf reads
where each line of text is drawn); the page number and address in the margins do not count.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browsing import pdf_page_fill  # noqa: E402 (the tests' measure, shared)

CHROMIUM = "/usr/bin/chromium"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    args = parser.parse_args()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *_: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    briefings = sorted(args.site.glob("reviews/*/briefing/index.html"))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM)
        page = browser.new_page()
        for file in briefings:
            slug = file.parent.parent.name
            page.goto(f"{base}/reviews/{slug}/briefing/")
            fills = pdf_page_fill(page.pdf(format="A4"))
            print(f"{slug}: {len(fills)} pages, filled {', '.join(f'{fill:.0%}' for fill in fills)}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
