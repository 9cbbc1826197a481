"""`make site` builds with `mkdocs build --dirty` into .cache/site-mkdocs/: only the pages whose
Markdown changed are built again, and whenever anything else changed (the pages there are, the
theme, the settings, the generator) every page is built again in an emptied folder. Whatever the
edits, the folder must end up exactly as a clean build of the same content would make it."""

from __future__ import annotations

import filecmp
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import VALID_REVIEW, copy_sample

AS_OF = ("--as-of", "2026-11-22")


def _run(root: Path, *args: str, site: str = ".cache/site-mkdocs") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_SITE_DIR=site)
    done = subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done


def _generate(root: Path) -> None:
    _run(root, "-m", "generator", "generate", *AS_OF)


def _dirty(root: Path) -> tuple[int, int]:
    """A dirty build, as make site runs it: (pages built, pages in all)."""
    done = _run(root, "-m", "mkdocs", "build", "--strict", "--dirty")
    built = re.search(r"mkdocs: (\d+) of (\d+) pages built", done.stderr)
    assert built, done.stderr
    return int(built[1]), int(built[2])


def _failed_dirty(root: Path) -> subprocess.CompletedProcess[bytes]:
    """A dirty build that is expected to fail: its exit and output, unchecked."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_SITE_DIR=".cache/site-mkdocs")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--dirty"]
    return subprocess.run(command, cwd=root, capture_output=True, env=env)


def _same_as_a_clean_build(root: Path) -> None:
    _run(root, "-m", "mkdocs", "build", "--strict", site="clean")
    incremental, clean = root / ".cache/site-mkdocs", root / "clean"
    files = sorted(path.relative_to(clean) for path in clean.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(incremental) for path in incremental.rglob("*") if path.is_file())
    _, mismatch, errors = filecmp.cmpfiles(clean, incremental, [str(file) for file in files], shallow=False)
    assert (mismatch, errors) == ([], [])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    copy_sample(tmp_path)
    (tmp_path / "reviews/child-t.yaml").write_text(VALID_REVIEW, encoding="utf-8")
    _generate(tmp_path)
    return tmp_path


def _hand_written_pages(root: Path) -> int:
    """Pages under content/ that generate did not write: built every time."""
    generated = json.loads((root / "content/.generated").read_text(encoding="utf-8"))["files"]
    pages = [page.relative_to(root / "content").as_posix() for page in (root / "content").rglob("*.md")]
    return len([page for page in pages if page not in generated])


def test_an_edit_builds_again_only_the_pages_it_changed(root: Path) -> None:
    built, total = _dirty(root)
    assert built == total > 80
    hand = _hand_written_pages(root)
    assert hand == 4  # about, accessibility, using-briefings, search
    assert _dirty(root) == (hand, total)  # nothing changed: only the hand-written pages
    review = root / "reviews/child-t.yaml"
    review.write_text(VALID_REVIEW.replace("Child T", "Child T edited"), encoding="utf-8")
    before = {page: page.stat().st_mtime_ns for page in (root / "content").rglob("*.md")}
    _generate(root)
    changed = [page for page, mtime in before.items() if page.stat().st_mtime_ns != mtime]
    assert 4 <= len(changed) < total / 2
    assert _dirty(root) == (len(changed) + hand, total)
    assert "Child T edited" in (root / ".cache/site-mkdocs/reviews/child-t/index.html").read_text()
    _same_as_a_clean_build(root)


def test_a_review_made_a_draft_leaves_nothing_behind(root: Path) -> None:
    _dirty(root)
    (root / "reviews/child-t.yaml").write_text(VALID_REVIEW + "status: draft\n", encoding="utf-8")
    _generate(root)
    built, total = _dirty(root)
    assert built == total  # the set of pages changed: every page again, in an emptied folder
    assert not (root / ".cache/site-mkdocs/reviews/child-t").exists()
    _same_as_a_clean_build(root)


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "overrides/main.html").write_text(
            (root / "overrides/main.html").read_text().replace("Exit this page", "Leave this page")
        ),
        lambda root: (root / "portal.yaml").write_text(
            (root / "portal.yaml")
            .read_text()
            .replace(
                "quick_exit_url: https://www.bbc.co.uk/weather", "quick_exit_url: https://www.bbc.co.uk/news"
            )
        ),
        lambda root: (root / "mkdocs.yml").write_text(
            (root / "mkdocs.yml").read_text().replace("primary: indigo", "primary: teal")
        ),
    ],
    ids=["overrides", "portal.yaml", "mkdocs.yml"],
)
def test_anything_but_a_pages_markdown_builds_every_page(root: Path, change: object) -> None:
    _dirty(root)
    change(root)  # type: ignore[operator]
    _generate(root)
    built, total = _dirty(root)
    assert built == total
    _same_as_a_clean_build(root)


def test_a_failed_build_is_not_trusted_by_the_next(root: Path) -> None:
    """The folder's fingerprint is removed when a build starts and written when it succeeds: after
    a build that failed half way, the next one builds every page."""
    _dirty(root)
    recorded = root / ".cache/site-mkdocs.fingerprint"
    assert recorded.is_file()
    hand = root / "content/broken.md"
    hand.write_text("# Broken\n\n[nowhere](missing.md)\n", encoding="utf-8")
    failed = _failed_dirty(root)
    assert failed.returncode == 1 and not recorded.exists()
    hand.unlink()
    built, total = _dirty(root)
    assert built == total


def test_properdocs_builds_only_the_changed_pages_too(root: Path) -> None:
    """ProperDocs runs the same hook (its log has its own name: strict mode must not stop at its
    'dirty build' warning either)."""
    command = ("-m", "properdocs", "build", "--strict", "--dirty", "--config-file", "mkdocs.yml")
    first = _run(root, *command, site=".cache/site-properdocs")
    total = int(re.search(r"mkdocs: (\d+) of \1 pages built", first.stderr)[1])  # type: ignore[index]
    (root / "reviews/child-t.yaml").write_text(VALID_REVIEW.replace("Child T", "Child T edited"))
    _generate(root)
    again = _run(root, *command, site=".cache/site-properdocs")
    built = int(re.search(rf"mkdocs: (\d+) of {total} pages built", again.stderr)[1])  # type: ignore[index]
    assert 4 <= built < total / 2


def test_a_hand_written_page_restored_with_an_older_time_is_built_again(root: Path) -> None:
    _dirty(root)
    about = root / "content/about.md"
    stat = about.stat()
    about.write_text(about.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
    os.utime(about, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**9))  # as `cp -p` or `tar x` leave it
    built, total = _dirty(root)
    assert built == total
    assert "A line added." in (root / ".cache/site-mkdocs/about/index.html").read_text(encoding="utf-8")
    _same_as_a_clean_build(root)


def test_a_hand_written_link_to_an_anchor_a_review_lost_stops_the_build(root: Path) -> None:
    """Hand-written pages are built every time, so their links are checked as in a full build."""
    (root / "content/guide.md").write_text(
        "# Guide\n\n[Child T's learning](reviews/child-t/index.md#learning-2)\n", encoding="utf-8"
    )
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("not_in_nav: |\n", "not_in_nav: |\n  /guide.md\n"))
    review = root / "reviews/child-t.yaml"
    review.write_text(VALID_REVIEW + '  - id: "2"\n    title: Second lesson\n    text: Another one.\n')
    _generate(root)
    _dirty(root)
    review.write_text(VALID_REVIEW)  # learning point 2 is gone, and its anchor
    _generate(root)
    failed = _failed_dirty(root)
    assert failed.returncode == 1
    assert b"contains a link 'reviews/child-t/index.md#learning-2', but the doc" in failed.stderr


def test_a_nav_page_without_a_title_of_its_own_retitled_builds_every_page(root: Path) -> None:
    (root / "content/guide.md").write_text("# Guide\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - About: about.md\n", "  - About: about.md\n  - guide.md\n")
    )
    _dirty(root)
    (root / "content/guide.md").write_text("# How to use the portal\n", encoding="utf-8")
    built, total = _dirty(root)
    assert built == total
    assert "How to use the portal" in (root / ".cache/site-mkdocs/about/index.html").read_text(
        encoding="utf-8"
    )
    _same_as_a_clean_build(root)
