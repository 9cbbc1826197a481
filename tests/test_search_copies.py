"""Pagefind reads one record a review, made from its pages' searchable parts (search_index.py):
every word of the pages, each text once, each page's places; the records follow the site."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from generator import search_index
from generator.markdown_ext import BODY_END, BODY_START
from generator.output import write_atomic
from generator.search_index import update_copies


def _cbor(data: bytes, at: int = 0) -> tuple[Any, int]:
    """One value of Pagefind's index files (CBOR: numbers, strings, lists and maps only)."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info, 0)
    number = int.from_bytes(data[at : at + size], "big") if size else info
    at += size
    if major == 0:
        return number, at
    if major in (2, 3):
        raw = data[at : at + number]
        return (raw.decode() if major == 3 else raw), at + number
    items = []
    for _ in range(number * (2 if major == 5 else 1)):
        item, at = _cbor(data, at)
        items.append(item)
    if major == 5:
        return dict(zip(items[::2], items[1::2], strict=True)), at
    assert major == 4, f"CBOR type {major}"
    return items, at


def _decoded(name: str, data: bytes) -> Any:
    """A filter file or the metadata as what they say, in a fixed order: Pagefind writes the
    values of a filter in a different order on each run, and names the files by their bytes."""
    value, _ = _cbor(gzip.decompress(data), len(b"pagefind_dcd"))
    if name.startswith("filter/"):
        return [value[0], sorted(value[1])]
    value[3] = sorted(filter_name for filter_name, _ in value[3])  # the filters, without file names
    return value


def _index(folder: Path) -> dict[str, Any]:
    """Pagefind's index in `folder`: each file by name, filters and metadata by what they say."""
    found: dict[str, Any] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if name.startswith("filter/") or name.endswith(".pf_meta"):
            decoded = _decoded(name, path.read_bytes())
            found[f"filter {decoded[0]}" if name.startswith("filter/") else "meta"] = decoded
        elif name == "pagefind-entry.json":  # names the metadata's file: by its bytes
            entry = json.loads(path.read_text(encoding="utf-8"))
            for language in entry["languages"].values():
                language.pop("hash")
            found[name] = entry
        elif path.is_file():
            found[name] = path.read_bytes()
    return found


class _Text(HTMLParser):
    """What Pagefind reads of an HTML page, by the rules it documents: the text inside
    `data-pagefind-body` elements, without elements marked `data-pagefind-ignore` and the
    headings' ¶ links (make site's `--exclude-selectors .headerlink`). Also the innermost
    paragraphs and list items (their text), and every id."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool]] = []  # tag, in the body, left out
        self.words: list[str] = []
        self.blocks: list[str] = []
        self.ids: list[str] = []
        self.open_blocks: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        body = (self.stack[-1][1] if self.stack else False) or "data-pagefind-body" in named
        out = (self.stack[-1][2] if self.stack else False) or "data-pagefind-ignore" in named
        out = out or "headerlink" in (named.get("class") or "").split()
        if body and not out and named.get("id"):
            self.ids.append(named["id"] or "")
        if tag in self.VOID:
            return
        self.stack.append((tag, body, out))
        if tag in ("p", "li") and body and not out:
            for block in self.open_blocks:
                block.append("\0")  # a block with a block inside it is not innermost
            self.open_blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            opened, body, out = self.stack.pop()
            if opened in ("p", "li") and body and not out:
                text = "".join(self.open_blocks.pop())
                if "\0" not in text and text.split():
                    self.blocks.append(" ".join(text.split()))
            if opened == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1] and not self.stack[-1][2]:
            self.words += re.findall(r"\w+", data.lower())
            for block in self.open_blocks:
                block.append(data)


def _read(html: str) -> _Text:
    reader = _Text()
    reader.feed(html)
    reader.close()
    return reader


def _fragments(site: Path) -> dict[str, Any]:
    """Pagefind's record of each page it indexed, by address."""
    found = {}
    for path in (site / "pagefind/fragment").iterdir():
        fragment = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        found[fragment["url"]] = fragment
    return found


def _reviews(site: Path) -> list[Path]:
    """The folders of the site's reviews: each has an overview whose content is searchable."""
    return [
        folder
        for folder in sorted((site / "reviews").iterdir())
        if "data-pagefind-body"
        in ((folder / "index.html").read_text() if (folder / "index.html").is_file() else "")
    ]


def test_each_review_is_one_record_of_the_index(built: Path) -> None:
    """One result a review: its overview, briefing and action table are one record, at the
    overview's address, which says each page's address and kind, and the review's filters."""
    fragments = _fragments(built)
    reviews = _reviews(built)
    assert len(reviews) == 9  # the sample's eight and the hostile one; never a draft or embargoed one
    assert sorted(fragments) == [f"/reviews/{folder.name}/" for folder in reviews]
    suffolk = fragments["/reviews/suffolk-avoidant-family/"]["meta"]
    assert suffolk == {
        "title": "Working with an avoidant family",
        "type": "Serious case review",
        "partnership": "Suffolk Local Safeguarding Children Board",
        "year": "2014",
        "page-0": "./",
        "kind-0": "Overview",
        "page-1": "actions/",
        "kind-1": "Action table",
        "page-2": "briefing/",
        "kind-2": "Seven-minute briefing",
    }
    # The filters count reviews: each partnership's reviews, once each.
    partnerships = [
        re.search(r'data-pagefind-filter="partnership">([^<]*)<', (folder / "index.html").read_text())
        for folder in reviews
    ]
    expected = sorted(Counter(html.unescape(found[1]) for found in partnerships if found).items())
    filters = _index(built / "pagefind")["filter partnership"][1]
    assert sorted((value, len(pages)) for value, pages in filters) == expected


def test_a_record_has_every_word_of_its_pages_and_each_text_once(built: Path) -> None:
    """Every word a reader can search on a review's pages is in its record, and nothing else;
    a paragraph or list item the record has already (a briefing or action table repeating the
    overview) is in it once. Its pages' places (ids) are all in it, after its pages' markers."""
    fragments = _fragments(built)
    repeated = 0
    for folder in _reviews(built):
        texts = [page.read_text() for page in search_index.review_pages(folder)]
        pages = [_read(text) for text in texts if "data-pagefind-body" in text]  # not the record sheet
        record = _read(
            (built.parent / ".cache/search-pages/reviews" / folder.name / "index.html").read_text()
        )
        fragment = fragments[f"/reviews/{folder.name}/"]
        words = {word for page in pages for word in page.words}
        # (Pagefind runs a table's heading cells together: each word is in its text, as a word
        # or inside one.)
        content = fragment["content"].lower()
        assert [word for word in sorted(words) if word not in content] == [], folder.name
        assert set(record.words) == words
        blocks = [block for page in pages for block in page.blocks]
        assert sorted(record.blocks) == sorted(set(blocks)), folder.name
        repeated += len(blocks) - len(set(blocks))
        markers = [f"portal-page-{number}" for number in range(len(pages))]
        assert [anchor for anchor in record.ids if anchor.startswith("portal-page-")] == markers
        assert set(record.ids) == {anchor for page in pages for anchor in page.ids} | set(markers)
        assert {anchor["id"] for anchor in fragment["anchors"]} == set(record.ids)
    assert repeated > 100  # the sample's pages do repeat each other


def _page(body: str) -> str:
    return f'<html lang="en"><body><header>Menu</header>{BODY_START}\n{body}\n</div>{BODY_END}</body></html>'


FACETS = (
    '<div class="portal-search-facets" hidden="" data-pagefind-ignore="">'
    '<span data-pagefind-filter="year">2014</span><span data-pagefind-meta="year">2014</span>'
    '<span data-pagefind-meta="kind">{kind}</span><span data-pagefind-meta="title">{title}</span></div>'
)


def _overview_record(body: str) -> str:
    """The record of a review with one page, an overview whose content is `body`."""
    made = search_index.record([("./", _page(FACETS.format(kind="Overview", title="T") + body))])
    assert made is not None
    return made


def test_a_record_is_made_of_its_pages_in_order() -> None:
    overview = _page(
        FACETS.format(kind="Overview", title="Child A")
        + '\n<h1 id="child-a">Child A</h1>\n'
        + '<div class="admonition warning" data-pagefind-ignore="">'
        + "<div><p>Call us</p></div><p>Same words</p></div>\n"
        + '<p class="lead">Told once</p>\n<ul><li>Outer<ul><li>Inner</li></ul></li></ul>'
    )
    actions = _page(
        FACETS.format(kind="Action table", title="Child A: action table")
        + '\n<h1 class="x" id="child-a-action-table">Child A: action table</h1>\n'
        + "<p>Same words</p><p>Told   once</p><li>Inner</li><li>Outer<ul><li>Other</li></ul></li>"
        + '<table><tr id="recommendation-1"><td><p id="kept">Told once</p></td></tr></table>'
    )
    made = search_index.record([("./", overview), ("actions/", actions), ("record/", "<p>Nothing</p>")])
    assert made == (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"></head><body>\n'
        f'{BODY_START}\n<span id="portal-page-0"></span>\n'
        '<div hidden data-pagefind-ignore><span data-pagefind-filter="year">2014</span>'
        '<span data-pagefind-meta="year">2014</span><span data-pagefind-meta="title">Child A</span>'
        '<span data-pagefind-meta="page-0">./</span><span data-pagefind-meta="kind-0">Overview</span>'
        '<span data-pagefind-meta="page-1">actions/</span>'
        '<span data-pagefind-meta="kind-1">Action table</span></div>\n\n'
        '<span id="child-a"></span><h1>Child A</h1>\n\n'
        '<p class="lead">Told once</p>\n<ul><li>Outer<ul><li>Inner</li></ul></li></ul>\n</div>'
        f'{BODY_START}\n<span id="portal-page-1"></span>\n\n\n'
        '<span id="child-a-action-table"></span><h1 class="x">Child A: action table</h1>\n'
        "<p>Same words</p><li>Outer<ul><li>Other</li></ul></li>"
        '<table><tr id="recommendation-1"><td><p id="kept">Told once</p></td></tr></table>\n</div>'
        "\n</body></html>\n"
    )
    assert search_index.record([("./", "<p>No searchable part</p>")]) is None


def test_an_id_of_a_page_that_looks_like_a_marker_is_renamed() -> None:
    """A review titled "Portal page 1" has its title's heading at #portal-page-1: in its record
    that would start a second page where the overview's text goes on."""
    page = _page(
        FACETS.format(kind="Overview", title="Portal page 1") + '<h1 id="portal-page-1">Portal page 1</h1>'
    )
    made = search_index.record([("./", page), ("briefing/", _page('<p id="portal-page-0">Text</p>'))])
    assert made is not None
    assert re.findall(r'id="([^"]*)"', made) == [
        "portal-page-0",
        "portal-page-in-text-1",
        "portal-page-1",
        "portal-page-in-text-0",
    ]


def test_only_an_attribute_marks_an_element_ignored() -> None:
    """A link's title may say "data-pagefind-ignore", and a value may hold a `>`: the link's words
    stay in the record. Only the attribute itself leaves an element out."""
    made = _overview_record(
        '<p>See <a href="https://example.org" title="notes data-pagefind-ignore">'
        + "the zebrafinch guidance</a>.</p>"
        + '<p title="a > b">Kept <span title="x" data-pagefind-ignore="">left out</span> too</p>'
        + '<h2 title="1 > 0" id="two">Two</h2>'
    )
    assert _read(made).words == ["see", "the", "zebrafinch", "guidance", "kept", "too", "two"]
    assert '<span id="two"></span><h2 title="1 > 0">Two</h2>' in made


def test_a_block_is_left_out_only_when_pagefind_reads_the_same_words() -> None:
    """Pagefind reads "quokka<em>ninja</em>" as one word: a later "quokka ninja" is other words."""
    made = _overview_record(
        "<p>The quokka<em>ninja</em> arrived</p><p>The quokka ninja arrived</p>"
        + "<p>The quokka <em>ninja</em> arrived</p><p>The <em>quokka</em> ninja arrived</p>"
    )
    assert _read(made).blocks == ["The quokkaninja arrived", "The quokka ninja arrived"]
    assert "<p>The quokka<em>ninja</em> arrived</p><p>The quokka ninja arrived</p>\n" in made


# What record() makes of one small review: its hash is FORMAT's partner. A change to how records
# are made changes it: then bump FORMAT (every record is made again by the next make site) and
# write the new hash here.
RECORD_FORMAT = ("record 2", "6692c48a43299b40d8e0f1fb63f6e8ca84f0eb9d74160111ca8b15591f7c0c11")


def test_a_change_to_how_records_are_made_changes_their_format() -> None:
    overview = _page(
        FACETS.format(kind="Overview", title="Child A")
        + '<h1 id="child-a">Child A</h1><div data-pagefind-ignore=""><p>Note</p></div><p>Text</p>'
    )
    actions = _page(
        FACETS.format(kind="Action table", title="A") + '<h1 id="portal-page-3">A</h1><p>Text</p>'
    )
    made = search_index.record([("./", overview), ("actions/", actions)]) or ""
    digest = hashlib.sha256(made.encode()).hexdigest()
    assert (search_index.FORMAT, digest) == RECORD_FORMAT, "bump FORMAT and write the new hash"


def test_an_ignored_element_never_closed_is_left_as_it_is() -> None:
    made = _overview_record('<span data-pagefind-ignore="">Open<p>Text</p>')
    assert '<span data-pagefind-ignore="">Open<p>Text</p>\n</div>' in made


def test_the_copies_follow_the_site(built: Path, tmp_path: Path) -> None:
    site, copies = tmp_path / "site", tmp_path / "copies"
    shutil.copytree(built, site, copy_function=shutil.copy2)
    reviews = [folder.name for folder in _reviews(site)]
    (copies / "reviews/gone/briefing").mkdir(parents=True)  # a page's copy, as an earlier version cut them
    (copies / "reviews/gone/briefing/index.html").write_text("<p>old</p>")
    assert update_copies(site, copies) == len(reviews) == 9
    assert sorted(path.relative_to(copies).as_posix() for path in copies.glob("**/*.html")) == [
        f"reviews/{name}/index.html" for name in reviews
    ]
    assert update_copies(site, copies) == 0  # nothing built again: nothing made again
    page = site / "reviews" / reviews[0] / "briefing/index.html"
    page.write_text(page.read_text().replace("</h1>", " (changed)</h1>", 1))
    assert update_copies(site, copies) == 1
    assert "(changed)" in (copies / "reviews" / reviews[0] / "index.html").read_text()
    shutil.rmtree(site / "reviews" / reviews[1])  # a review gone from the site: gone from the copies
    assert update_copies(site, copies) == 0
    assert not (copies / "reviews" / reviews[1]).exists()
    assert len(list(copies.glob("**/*.html"))) == len(reviews) - 1


def test_a_page_changed_with_its_size_and_time_kept_is_cut_again(built: Path, tmp_path: Path) -> None:
    """A record follows its pages' bytes, not their times: a folder restored from a backup, or a
    clock that counts whole seconds, can leave a changed page with its old size and time."""
    site, copies = tmp_path / "site", tmp_path / "copies"
    shutil.copytree(built, site, copy_function=shutil.copy2)
    update_copies(site, copies)
    name = _reviews(site)[0].name
    page = site / "reviews" / name / "actions/index.html"
    before, text = page.stat(), page.read_text()
    changed = text.replace("</h1>", "</h1>", 1).replace("<h1", "<H1", 1)  # same length
    assert changed != text and len(changed) == len(text)
    page.write_text(changed)
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert update_copies(site, copies) == 1
    record = copies / "reviews" / name / "index.html"
    assert "<H1" in record.read_text()
    record.unlink()  # a record lost (a run stopped before it was written): made again
    assert update_copies(site, copies) == 1
    assert record.is_file()


def test_a_run_stopped_after_a_record_leaves_nothing_the_pages_no_longer_say(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name added to a page, a run stopped just after that review's record was written, the
    name taken out again: the next run makes the record again, without the name."""
    site, copies = tmp_path / "site", tmp_path / "copies"
    shutil.copytree(built, site, copy_function=shutil.copy2)
    update_copies(site, copies)
    name = _reviews(site)[0].name
    page = site / "reviews" / name / "actions/index.html"
    text = page.read_text()
    page.write_text(text.replace("</h1>", "</h1><p>Jane Doe</p>", 1))
    written = []

    def stopped(path: Path, data: bytes) -> None:
        written.append(path)
        write_atomic(path, data)
        raise KeyboardInterrupt  # stopped as soon as the record is written

    monkeypatch.setattr(search_index, "write_atomic", stopped)
    with pytest.raises(KeyboardInterrupt):
        update_copies(site, copies)
    monkeypatch.undo()
    record = copies / "reviews" / name / "index.html"
    assert written == [record] and "Jane Doe" in record.read_text()
    page.write_text(text)  # the same bytes as before the edit
    assert update_copies(site, copies) == 1
    assert "Jane Doe" not in record.read_text()


def test_one_run_at_a_time_indexes(tmp_path: Path) -> None:
    """Two runs would change each other's copies: the second waits for the first, and says so."""
    import fcntl

    from conftest import REPO

    copies = tmp_path / ".cache/search-pages"
    copies.mkdir(parents=True)
    (tmp_path / "site/reviews").mkdir(parents=True)
    handle = os.open(copies, os.O_RDONLY)
    fcntl.flock(handle, fcntl.LOCK_EX)  # a first run, indexing
    env = dict(os.environ, PYTHONPATH=str(REPO))
    second = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from generator import search_index; search_index._copies_held("
            "search_index.COPIES).__enter__(); print('indexing')",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        time.sleep(1.5)
        assert second.poll() is None  # waiting
    finally:
        os.close(handle)  # the first run ends
    out, err = second.communicate(timeout=20)
    assert (second.returncode, out) == (0, "indexing\n")
    assert err == "search_index: another run is indexing; waiting for it to finish\n"
