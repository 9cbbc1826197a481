"""Pagefind reads copies of the review pages cut to their searchable part (search_index.py):
the index is the same as from the pages themselves, and the copies follow the site."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from generator import search_index
from generator.search_index import ARGS, update_copies


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


def test_the_index_from_the_copies_is_the_index_from_the_pages(built: Path, tmp_path: Path) -> None:
    """The same words, excerpts, anchors, filters and metadata as an index of the pages
    themselves: every file but the filters byte for byte (Pagefind names them by their content)."""
    output = tmp_path / "from-pages"
    command = [sys.executable, "-m", "pagefind", "--site", str(built), "--output-path", str(output), *ARGS]
    subprocess.run(command, check=True, capture_output=True)
    made, from_pages = _index(built / "pagefind"), _index(output)
    assert len([name for name in made if name.startswith("fragment/")]) > 20  # each review page
    assert {"filter type", "filter year", "filter partnership", "filter theme", "meta"} <= made.keys()
    assert made.keys() == from_pages.keys()
    assert [name for name in made if made[name] != from_pages[name]] == []


def test_the_copies_follow_the_site(built: Path, tmp_path: Path) -> None:
    site, copies = tmp_path / "site", tmp_path / "copies"
    shutil.copytree(built, site, copy_function=shutil.copy2)
    pages = sorted(path.relative_to(site).as_posix() for path in (site / "reviews").glob("*/index.html"))
    searchable = [page for page in pages if search_index.cut((site / page).read_text()) is not None]
    assert update_copies(site, copies) == len(list(copies.glob("reviews/**/*.html"))) > 10
    assert update_copies(site, copies) == 0  # nothing built again: nothing cut again
    page = site / searchable[0]
    page.write_text(page.read_text().replace("</h1>", " (changed)</h1>", 1))
    assert update_copies(site, copies) == 1
    assert "(changed)" in (copies / searchable[0]).read_text()
    shutil.rmtree((site / searchable[1]).parent)  # a review gone from the site: gone from the copies
    update_copies(site, copies)
    assert not (copies / searchable[1]).exists()
    assert sorted(path.relative_to(copies).as_posix() for path in copies.glob("reviews/**/*.html")) == sorted(
        path.relative_to(site).as_posix()
        for path in site.glob("reviews/**/*.html")
        if search_index.cut(path.read_text()) is not None
    )


def test_a_page_changed_with_its_size_and_time_kept_is_cut_again(built: Path, tmp_path: Path) -> None:
    """A copy follows its page's bytes, not its time: a folder restored from a backup, or a
    clock that counts whole seconds, can leave a changed page with its old size and time."""
    site, copies = tmp_path / "site", tmp_path / "copies"
    shutil.copytree(built, site, copy_function=shutil.copy2)
    update_copies(site, copies)
    page = next(
        path for path in sorted(site.glob("reviews/*/index.html")) if search_index.cut(path.read_text())
    )
    name = page.relative_to(site).as_posix()
    before, text = page.stat(), page.read_text()
    changed = text.replace("</h1>", "</h1>", 1).replace("<h1", "<H1", 1)  # same length
    assert changed != text and len(changed) == len(text)
    page.write_text(changed)
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert update_copies(site, copies) == 1
    assert "<H1" in (copies / name).read_text()
    (copies / name).unlink()  # a copy lost (a run stopped before it was written): made again
    assert update_copies(site, copies) == 1
    assert (copies / name).is_file()


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
