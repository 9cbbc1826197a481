"""The last step of every build, whichever engine made the site: check it, then index it.

`make site` runs `python -m generator.search_index site.tmp` (from the project folder) after the
engine; the tests and the benchmark run the same.

1. Nothing in the built site may sit at the address of a draft or embargoed review (decided from
   the input files themselves, as of the date the pages were generated). MkDocs' and ProperDocs'
   hook refuses such a build already; Zensical runs no hooks, so this is where it is refused.
2. Pagefind indexes the review pages only: their content, as markdown_ext.py marks it, without
   the headings' ¶ links.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ARGS = ("--glob", "reviews/**/*.html", "--exclude-selectors", ".headerlink", "--quiet")

WITHHELD = (
    "search_index: {path} is at the address of {slug}, which is {why}; the site is not indexed "
    "and must not be published (remove it and build again: make site)"
)
INPUT_ERRORS = "search_index: the input files have errors; run `make check` to see them"


def command(site: str) -> list[str]:
    """The command that indexes the built site in the folder `site`."""
    return [sys.executable, "-m", "pagefind", "--site", site, *ARGS]


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
    found = command(sys.argv[1])
    os.execv(found[0], found)  # the same process: its time and memory are Pagefind's own


if __name__ == "__main__":
    main()
