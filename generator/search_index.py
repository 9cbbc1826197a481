"""The search index of a built site: Pagefind over the review pages only (their content is marked
by mkdocs_hooks.search_block; the headings' ¶ links are left out). `make site` runs
`python -m generator.search_index site.tmp` after MkDocs; the tests and the benchmark run the same.
"""

from __future__ import annotations

import os
import sys

ARGS = ("--glob", "reviews/**/*.html", "--exclude-selectors", ".headerlink", "--quiet")


def command(site: str) -> list[str]:
    """The command that indexes the built site in the folder `site`."""
    return [sys.executable, "-m", "pagefind", "--site", site, *ARGS]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python -m generator.search_index SITE")
    found = command(sys.argv[1])
    os.execv(found[0], found)  # the same process: its time and memory are Pagefind's own


if __name__ == "__main__":
    main()
