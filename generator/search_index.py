"""The last step of every build, whichever engine made the site: check it, then index it.

`make site` runs `python -m generator.search_index site.tmp` (from the project folder) after the
engine; the tests and the benchmark run the same.

1. Nothing in the built site may sit at the address of a draft or embargoed review (decided from
   the input files themselves, as of the date the pages were generated). MkDocs' and ProperDocs'
   hook refuses such a build already; Zensical runs no hooks, so this is where it is refused.
2. Pagefind indexes the review pages only, as one record a review: its overview, briefing and
   action table (the content markdown_ext.py marks on each) one after the other, each text in it
   once. A search then finds a review once, whichever of its pages the words are on, and words
   spread over two of its pages find it too. Pagefind's work for a search grows with the matches
   it reads back (each record, each place the words are in it): one record of each text, not
   three pages that repeat their overview, is about half of what it was (bench/RESULTS.md).
   - Each page starts with a marker (`portal-page-N`), and the record says the page's address and
     kind (`page-N`, `kind-N`): assets/search.js links a result to the place on the right page
     where the words are, and says which page that is.
   - A block (paragraph or list item) whose text the record has already is left out: a briefing
     made from the review, and an action table's learning points and recommendations, repeat the
     overview word for word. What Pagefind leaves out anyway (the content note) is taken out
     first, so that no text is left out because it was only in there.
   - Headings keep their words but give their id to an empty element before them: Pagefind makes
     a sub-result, with its own excerpt, of each heading with an id, which the search page does
     not show, and which cost a third of the time to show the first results.
   Pagefind reads these records from `.cache/search-pages/`, kept in step with the site: a
   review's record is made again only when the bytes of one of its pages changed, a record whose
   review is gone is deleted; one run at a time.
"""

from __future__ import annotations

import contextlib
import hashlib
import html as html_text
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
LEDGER = ".pages.json"  # an earlier version's record of the copies' hashes: deleted
# In each record's first lines, with the hash of the pages it was made from: a change to how
# records are made (tests/test_search_copies.py notices one) makes them all again.
FORMAT = "record 2"
MADE_FROM = re.compile(r"<!-- search record made from ([0-9a-f]{64}) -->")

# Tags as the sanitiser writes them: attribute values in double quotes, in which `>` may stand.
_ATTRIBUTES = r'(?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*?'
FACETS = re.compile(r'<div class="portal-search-facets"[^>]*>(.*?)</div>', re.DOTALL)
FACET = re.compile(r'<span data-pagefind-(filter|meta)="([^"]*)">([^<]*)</span>')
IGNORED = re.compile(rf'<([a-z][a-z0-9]*){_ATTRIBUTES}\s+data-pagefind-ignore(?:="[^"]*")?{_ATTRIBUTES}\s*>')
HEADING_ID = re.compile(rf'<(h[1-6])({_ATTRIBUTES})\s+id="([^"]*)"({_ATTRIBUTES}\s*)>')
# A paragraph or list item with no paragraph, list or list item inside it.
BLOCK = re.compile(r"<(p|li)(\s[^>]*)?>([^<]*(?:<(?!/?(?:p|li|ul|ol)[\s>/])[^<]*)*)</\1>")
TAG = re.compile(r"<[^>]*>")
MARKER = "portal-page-"  # + the page's number: where each page of a record starts
OWN_MARKER = re.compile(rf'(\sid="{MARKER})')


def command(site: str, copies: Path = COPIES) -> list[str]:
    """The command that indexes the built site in the folder `site`, from its records."""
    output = str(Path(site) / "pagefind")
    return [sys.executable, "-m", "pagefind", "--site", str(copies), "--output-path", output, *ARGS]


def cut(html: str) -> str | None:
    """The part of a review's page that is searched (from markdown_ext.py's mark to the end of
    it); None when nothing of the page is searchable."""
    start = html.find(BODY_START)
    if start < 0:
        return None
    end = html.find(BODY_END, start)
    return html[start:] if end < 0 else html[start:end]


def _without_ignored(html: str) -> str:
    """`html` without the elements Pagefind leaves out (`data-pagefind-ignore`), each to its own
    closing tag; one never closed is left as it is."""
    out, at = [], 0
    while found := IGNORED.search(html, at):
        name = found[1]
        tags = re.compile(rf"<{name}[\s>]|</{name}>")
        depth, end = 1, found.end()
        while depth and (tag := tags.search(html, end)):
            depth += -1 if tag[0].startswith("</") else 1
            end = tag.end()
        if depth:
            break
        out.append(html[at : found.start()])
        at = end
    out.append(html[at:])
    return "".join(out)


def _once(html: str, seen: set[tuple[str, str]]) -> str:
    """`html` without the blocks whose text is in `seen` (which gains the others' text). The
    text is compared twice: with its tags as spaces, and with them taken out (Pagefind reads
    "quokka<em>ninja</em>" as one word, "quokka ninja" as two). A block with an id is kept: a
    result may link to it."""

    def keep(block: re.Match[str]) -> str:
        text = (" ".join(TAG.sub(" ", block[3]).split()), " ".join(TAG.sub("", block[3]).split()))
        if not text[0] or " id=" in (block[2] or ""):
            return block[0]
        if text in seen:
            return ""
        seen.add(text)
        return block[0]

    return BLOCK.sub(keep, html)


def record(pages: list[tuple[str, str]]) -> str | None:
    """A review's search record, from its pages: (address in the review's folder, HTML) each,
    the overview first. None when none of them is searchable."""
    parts: list[str] = []
    facets: list[tuple[str, str, str]] = []  # filter or meta, name, value
    seen: set[tuple[str, str]] = set()
    language = ""
    for address, html in pages:
        body = cut(html)
        if body is None:
            continue
        number = len(parts) // 2  # each page adds its marker and its text
        if not parts:
            lang = re.search(r'<html[^>]*\slang="([^"]*)"', html)  # Pagefind's choice of stemming
            language = lang[1] if lang else ""
        found = FACETS.search(body)
        spans = FACET.findall(found[1]) if found else []
        if found:
            body = body[: found.start()] + body[found.end() :]
        kind = next((value for what, name, value in spans if (what, name) == ("meta", "kind")), "")
        if not parts:  # the review's filters and metadata: the overview's
            facets += [(what, name, value) for what, name, value in spans if (what, name) != ("meta", "kind")]
        facets += [("meta", f"page-{number}", html_text.escape(address)), ("meta", f"kind-{number}", kind)]
        body = HEADING_ID.sub(r'<span id="\3"></span><\1\2\4>', _without_ignored(body))
        # An id of the page's own that looks like a marker (a review titled "Portal page 1" has
        # its title's heading at #portal-page-1) is renamed: a result never links to it.
        body = OWN_MARKER.sub(r"\1in-text-", body)
        # Each page's text after a marker: its filters and metadata (all of them known at the
        # end) go after the first.
        parts.append(f'{BODY_START}\n<span id="{MARKER}{number}"></span>\n')
        parts.append(_once(body.removeprefix(BODY_START), seen))
    if not parts:
        return None
    said = "".join(f'<span data-pagefind-{what}="{name}">{value}</span>' for what, name, value in facets)
    parts.insert(1, f"<div hidden data-pagefind-ignore>{said}</div>")
    head = f'<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8"></head><body>\n'
    return head + "".join(parts) + "\n</body></html>\n"


def review_pages(folder: Path) -> list[Path]:
    """The pages of the review in `folder` (of a built site): its overview, then the others by
    address. Links are not followed."""
    pages = [page for page in sorted(folder.rglob("index.html")) if page.is_file() and not page.is_symlink()]
    return sorted(pages, key=lambda page: page.parent != folder)


def update_copies(site: Path, copies: Path = COPIES) -> int:
    """Bring the search records in `copies` in step with the reviews of the built `site`; how
    many were made again.

    A review's record is made again unless its first lines name the hash of the very bytes of
    its pages (and FORMAT): not their times, which a restored or copied folder, or a coarse clock,
    can leave the same. A record is written whole or not at all, with the hash it was made from,
    so a run stopped at any point leaves only records that say what they were made from. Records
    of reviews no longer in the site, and an earlier version's files, are deleted."""
    records: set[str] = set()
    made = 0
    reviews = site / "reviews"
    folders = sorted(reviews.iterdir()) if reviews.is_dir() and not reviews.is_symlink() else []
    for folder in folders:
        if folder.is_symlink() or not folder.is_dir():
            continue
        pages = [(page, page.read_bytes()) for page in review_pages(folder)]
        hashed = hashlib.sha256(FORMAT.encode())
        for page, data in pages:
            hashed.update(f"\0{_address(page, folder)}\0".encode() + hashlib.sha256(data).digest())
        digest = hashed.hexdigest()
        name = f"reviews/{folder.name}/index.html"
        copy = copies / name
        if _made_from(copy) == digest:
            records.add(name)
            continue
        text = record([(_address(page, folder), data.decode("utf-8")) for page, data in pages])
        if text is None:
            continue  # nothing searchable: no record (one from earlier pages is deleted below)
        copy.parent.mkdir(parents=True, exist_ok=True)
        said = f"<!-- search record made from {digest} -->\n"
        write_atomic(copy, text.replace("\n", "\n" + said, 1).encode("utf-8"))
        records.add(name)
        made += 1
    for copy in sorted(copies.glob("**/*.html")) if copies.is_dir() else []:
        if copy.relative_to(copies).as_posix() not in records:
            copy.unlink()
    (copies / LEDGER).unlink(missing_ok=True)
    for folder in sorted(copies.glob("**/"), reverse=True) if copies.is_dir() else []:
        if folder != copies and not any(folder.iterdir()):
            folder.rmdir()  # a gone review's (or an earlier version's page's) folder, empty now
    copies.mkdir(parents=True, exist_ok=True)
    return made


def _made_from(record: Path) -> str | None:
    """The hash a record says it was made from; None when there is no such record."""
    try:
        with record.open("rb") as file:
            start = file.read(200).decode("utf-8", "replace")
    except OSError:
        return None
    found = MADE_FROM.search(start)
    return found[1] if found else None


def _address(page: Path, folder: Path) -> str:
    """A page's address from its review's overview: `./` for the overview, else `briefing/`."""
    inside = page.parent.relative_to(folder).as_posix()
    return "./" if inside == "." else f"{inside}/"


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
