"""The build converts the pages' Markdown on every core (generator/convert_ahead.py): the site
must be byte for byte the one a single process builds, a page another process converted must warn
and stop a strict build as it would have, and a process that dies must cost nothing but time."""

from __future__ import annotations

import filecmp
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_sample

from generator.cores import split

DRIVER = Path(__file__).with_name("build_driver.py")


def test_the_pages_are_split_into_runs_holding_about_as_many_bytes() -> None:
    assert split([10, 10, 10, 10], 2) == [range(0, 2), range(2, 4)]
    assert split([30, 10, 10, 10], 2) == [range(0, 1), range(1, 4)]
    assert split([1, 1, 1, 1, 1, 1], 3) == [range(0, 2), range(2, 4), range(4, 6)]
    assert split([5, 5], 1) == [range(0, 2)]
    assert split([100, 1], 2) == [range(0, 1), range(1, 2)]  # a page too big to share is one run
    assert split([], 2) == []


def _build(
    root: Path, site: str, *driver: str, processes: str = "2", dirty: bool = False
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_SITE_DIR=site, PORTAL_PROCESSES=processes)
    start = [str(DRIVER), *driver] if driver else ["-m", "mkdocs"]
    command = [sys.executable, *start, "build", "--strict", *(["--dirty"] if dirty else [])]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)


def _same_sites(one: Path, other: Path) -> None:
    files = sorted(str(path.relative_to(one)) for path in one.rglob("*") if path.is_file())
    assert files == sorted(str(path.relative_to(other)) for path in other.rglob("*") if path.is_file())
    assert len(files) > 80
    _, mismatch, errors = filecmp.cmpfiles(one, other, files, shallow=False)
    assert (mismatch, errors) == ([], [])


NOTES = "# Notes on themes\n\nWhat the partnership learned, [by theme](../index.md).\n"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ahead")
    copy_sample(root)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    generate = [sys.executable, "-m", "generator", "generate", "--as-of", "2026-11-22"]
    done = subprocess.run(generate, cwd=root, env=env, capture_output=True)
    assert done.returncode == 0, done.stderr
    notes = root / "content/themes/zz-notes"  # hand-written, sorts last: the child's run
    notes.mkdir()
    (notes / "index.md").write_text(NOTES, encoding="utf-8")  # its title comes from its heading
    alone = _build(root, "alone", processes="1")
    assert alone.returncode == 0, alone.stderr
    assert "converted in" not in alone.stderr
    return root


def test_two_processes_build_the_same_site_as_one(root: Path) -> None:
    done = _build(root, "two", "report")
    assert done.returncode == 0, done.stderr
    assert "mkdocs: the pages' Markdown is converted in 2 processes\n" in done.stderr
    converted = re.search(r"child converts: (.*)", done.stderr)
    assert converted and len(converted[1].split()) > 20, done.stderr
    assert "themes/zz-notes/index.md" in converted[1].split()
    assert "children left: 0\n" in done.stderr
    # Each page converted once: the child's here not again (its results were taken).
    here = int(re.findall(r"pages converted here: (\d+)", done.stderr)[0])
    assert here + len(converted[1].split()) == len(list((root / "content").rglob("*.md")))
    _same_sites(root / "alone", root / "two")
    notes = (root / "two/themes/zz-notes/index.html").read_text(encoding="utf-8")
    assert "<title>Notes on themes - " in notes


def test_a_killed_process_leaves_its_pages_to_the_build(root: Path) -> None:
    done = _build(root, "killed", "kill")
    assert done.returncode == 0, done.stderr
    assert "mkdocs: the pages' Markdown is converted in 2 processes\n" in done.stderr
    assert "children left: 0\n" in done.stderr
    here = int(re.findall(r"pages converted here: (\d+)", done.stderr)[0])
    assert here == len(list((root / "content").rglob("*.md")))  # every page, the child's too
    _same_sites(root / "alone", root / "killed")


@pytest.mark.parametrize("driver", ["report", "kill"])
def test_a_dirty_build_also_builds_the_pages_html_in_two_processes(root: Path, driver: str) -> None:
    """make site's build (--dirty): the theme's templates too, each process writing its pages."""
    done = _build(root, f"dirty-{driver}", driver, dirty=True)
    assert done.returncode == 0, done.stderr
    assert "mkdocs: the pages' HTML is built in 2 processes\n" in done.stderr
    assert "children left: 0\n" in done.stderr
    alone = _build(root, f"dirty-{driver}-alone", "report", processes="1", dirty=True)
    runs = re.findall(r"child converts: (.*)", done.stderr)
    written = int(re.findall(r"pages written here: (\d+)", done.stderr)[0])
    pages = int(re.findall(r"pages written here: (\d+)", alone.stderr)[0])
    if driver == "report":
        assert len(runs) == 2  # Markdown, then HTML
        assert written == pages - len(runs[1].split())  # the child's pages are not built again
    else:
        assert written == pages  # every child killed: this process built every page
    assert (root / f"dirty-{driver}.fingerprint").is_file()
    (root / f"dirty-{driver}.fingerprint").unlink()
    _same_sites(root / "alone", root / f"dirty-{driver}")


def test_a_build_that_fails_first_leaves_no_process_behind(root: Path) -> None:
    done = _build(root, "failed", "fail")
    assert done.returncode == 1
    assert "mkdocs: the pages' Markdown is converted in 2 processes\n" in done.stderr
    assert "RuntimeError: this build fails" in done.stderr
    assert "children left: 0\n" in done.stderr


BROKEN = "# Notes\n\nSee [the missing page](missing.md) and [an anchor](../../about.md#no-such-heading).\n"
TO_BROKEN = "\nSee also [the notes](themes/zz-notes/index.md#nowhere).\n"  # about.md: this process's run


def _warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("WARNING")]


def test_a_warning_from_a_page_another_process_converted_stops_the_build(tmp_path: Path) -> None:
    copy_sample(tmp_path)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    generate = [sys.executable, "-m", "generator", "generate", "--as-of", "2026-11-22"]
    assert subprocess.run(generate, cwd=tmp_path, env=env, capture_output=True).returncode == 0
    (tmp_path / "content/themes/zz-notes").mkdir()  # sorts last: the child's run
    (tmp_path / "content/themes/zz-notes/index.md").write_text(BROKEN, encoding="utf-8")
    with (tmp_path / "content/about.md").open("a", encoding="utf-8") as about:
        about.write(TO_BROKEN)
    alone = _build(tmp_path, "alone", processes="1")
    two = _build(tmp_path, "two", "report")
    converted = re.search(r"child converts: (.*)", two.stderr)
    assert converted and "themes/zz-notes/index.md" in converted[1].split(), two.stderr
    assert "about.md" not in converted[1].split()
    expected = [
        "WARNING -  Doc file 'themes/zz-notes/index.md' contains a link 'missing.md', but the target "
        "'themes/zz-notes/missing.md' is not found among documentation files.",
        "WARNING -  Doc file 'about.md' contains a link 'themes/zz-notes/index.md#nowhere', but the doc "
        "'themes/zz-notes/index.md' does not contain an anchor '#nowhere'.",
        "WARNING -  Doc file 'themes/zz-notes/index.md' contains a link '../../about.md#no-such-heading', "
        "but the doc 'about.md' does not contain an anchor '#no-such-heading'.",
    ]
    assert _warnings(alone.stderr) == expected
    assert _warnings(two.stderr) == expected  # logged once, in the page's turn, and counted
    for done in (alone, two):
        assert done.returncode == 1
        assert done.stdout == "\nAborted with 3 warnings in strict mode!\n"
    assert "children left: 0\n" in two.stderr


def test_another_plugin_working_on_each_built_page_keeps_the_templates_here(tmp_path: Path) -> None:
    """Material's search collects every page as it is built (on_page_context): a child building
    pages would keep its share, so the templates are all built in this process."""
    copy_sample(tmp_path)
    config = tmp_path / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  search:\n    enabled: false\n" in text
    config.write_text(text.replace("  search:\n    enabled: false\n", "  search:\n    enabled: true\n"))
    generate = [sys.executable, "-m", "generator", "generate", "--as-of", "2026-11-22"]
    assert subprocess.run(generate, cwd=tmp_path, capture_output=True).returncode == 0
    one = _build(tmp_path, "one", processes="1", dirty=True)
    two = _build(tmp_path, "two", processes="2", dirty=True)
    assert one.returncode == two.returncode == 0, two.stderr
    assert "mkdocs: the pages' Markdown is converted in 2 processes\n" in two.stderr
    assert "HTML is built in" not in two.stderr
    index = "search/search_index.json"
    assert len((tmp_path / "one" / index).read_text(encoding="utf-8")) > 10_000
    assert (tmp_path / "two" / index).read_bytes() == (tmp_path / "one" / index).read_bytes()


def test_a_system_that_refuses_a_process_gets_the_same_site_from_one(root: Path) -> None:
    done = _build(root, "refused", "nofork", dirty=True)
    assert done.returncode == 0, done.stderr
    assert "processes" not in done.stderr
    assert (root / "refused.fingerprint").is_file()
    _same_sites(root / "alone", root / "refused")
