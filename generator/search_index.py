"""The last step of every build, whichever engine made the site: check it, then index it.

`make site` runs `python -m generator.search_index site.tmp` (from the project folder) after the
engine; the tests and the benchmark run the same.

1. Nothing in the built site may sit at the address of a draft or embargoed review (decided from
   the input files themselves, as of the date the pages were generated). MkDocs' and ProperDocs'
   hook refuses such a build already; Zensical runs no hooks, so this is where it is refused.
2. Pagefind indexes the review pages only: their content, as markdown_ext.py marks it, without
   the headings' ¶ links. It reads copies of them cut to that content (`.cache/search-pages/`,
   kept in step with the site: a page is cut again only when its bytes changed, a copy whose
   page is gone is deleted; one run at a time): much less to read than the pages themselves,
   whose header, navigation and footer Pagefind would parse and leave out.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from .markdown_ext import BODY_END, BODY_START
from .output import write_atomic

ARGS = ("--glob", "reviews/**/*.html", "--exclude-selectors", ".headerlink", "--quiet")

WITHHELD = (
    "search_index: {path} is at the address of {slug}, which is {why}; the site is not indexed "
    "and must not be published (remove it and build again: make site)"
)
INPUT_ERRORS = "search_index: the input files have errors; run `make check` to see them"


COPIES = Path(".cache") / "search-pages"
LEDGER = ".pages.json"  # in COPIES: the hash of each page's bytes when it was last cut


def command(site: str, copies: Path = COPIES) -> list[str]:
    """The command that indexes the built site in the folder `site`, from its copies."""
    output = str(Path(site) / "pagefind")
    return [sys.executable, "-m", "pagefind", "--site", str(copies), "--output-path", output, *ARGS]


def cut(html: str) -> str | None:
    """A page cut to what Pagefind reads of it: its language and searchable part. None when
    nothing of it is searchable."""
    start = html.find(BODY_START)
    if start < 0:
        return None
    end = html.find(BODY_END, start)
    if end < 0:
        return html  # not as markdown_ext.py writes it: the whole page, as it is
    lang = re.search(r'<html[^>]*\slang="([^"]*)"', html)  # Pagefind's choice of stemming
    language = lang[1] if lang else ""
    # (The title is the searchable part's own: search_meta writes it there.)
    head = f'<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8"></head><body>\n'
    return f"{head}{html[start:end]}\n</body></html>\n"


def update_copies(site: Path, copies: Path = COPIES) -> int:
    """Bring `copies` in step with the review pages of the built `site`; how many were cut again.

    A page is cut again when its bytes differ from those its copy was cut from (by their hash, in
    the ledger; not by the page's time, which a restored or copied folder, or a coarse clock, can
    leave the same). A copy is written whole or not at all, and the ledger last: a run stopped
    halfway leaves pages the next run cuts again. Copies of pages no longer in the site are
    deleted."""
    try:
        ledger = json.loads((copies / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        ledger = {}
    if not isinstance(ledger, dict):
        ledger = {}
    pages: dict[str, str] = {}
    cut_again = 0
    for page in sorted((site / "reviews").glob("**/*.html")):
        if page.is_symlink() or not page.is_file():
            continue
        name = page.relative_to(site).as_posix()
        data = page.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        copy = copies / name
        if ledger.get(name) == f"none:{digest}":  # nothing searchable in these very bytes
            pages[name] = ledger[name]
            copy.unlink(missing_ok=True)
            continue
        if ledger.get(name) == digest and copy.is_file():
            pages[name] = digest
            continue
        text = cut(data.decode("utf-8"))
        if text is None:
            pages[name] = f"none:{digest}"
            copy.unlink(missing_ok=True)
            continue
        copy.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(copy, text.encode("utf-8"))
        pages[name] = digest
        cut_again += 1
    for copy in sorted(copies.glob("**/*.html")) if copies.is_dir() else []:
        if copy.relative_to(copies).as_posix() not in pages:
            copy.unlink()
    copies.mkdir(parents=True, exist_ok=True)
    write_atomic(copies / LEDGER, json.dumps(pages).encode("utf-8"))
    return cut_again


def withheld_in_site(root: Path, site: Path) -> list[str]:
    """One message for each file or folder of the built `site` at a withheld review's address."""
    from .pipeline import withheld_as_built

    hidden = withheld_as_built(root)
    if hidden is None:
        return [INPUT_ERRORS]
    reviews = site / "reviews"
    found = []
    for entry in sorted(reviews.iterdir()) if reviews.is_dir() else []:
        slug = entry.name.removesuffix(".html")
        if slug in hidden:
            path = entry.relative_to(site).as_posix()
            found.append(WITHHELD.format(path=path, slug=f"reviews/{slug}.yaml", why=hidden[slug]))
    return found


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python -m generator.search_index SITE")
    problems = withheld_in_site(Path("."), Path(sys.argv[1]))
    if problems:
        sys.exit("\n".join(problems))
    with _copies_held(COPIES):  # one run at a time: another could change the copies it indexes
        update_copies(Path(sys.argv[1]))
        done = subprocess.run(command(sys.argv[1]))
    sys.exit(done.returncode)


@contextlib.contextmanager
def _copies_held(copies: Path) -> Iterator[None]:
    """Hold the copies folder for this run (a lock on the folder itself, released however the run
    ends); another run waits for it. Without fcntl (Windows) there is no lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        yield
        return
    copies.mkdir(parents=True, exist_ok=True)
    handle = os.open(copies, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("search_index: another run is indexing; waiting for it to finish", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


if __name__ == "__main__":
    main()
