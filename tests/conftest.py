"""Shared fixtures: a throwaway project folder, the CLI run in-process, the golden-file flag."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import random
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from browsing import CHROMIUM, CHROMIUM_ARGS, DESKTOP, LOOPBACK, serve
from sitecheck import Site

from generator import cli
from generator.output import GENERATED_DIRS, GENERATED_FILES, MANIFEST

REPO = Path(__file__).resolve().parent.parent

# A small review that passes every check: tests break one thing at a time.
VALID_REVIEW = """\
title: Child T
type: serious-case-review
partnership: Testshire Safeguarding Children Partnership
published: 2020-05
summary: |
  A short summary of what happened and what was learned.
themes: [neglect, school-attendance]
learning:
  - id: "1"
    title: First lesson
    text: Attendance was treated as the problem.
    recommendations:
      - id: "1"
        text: The partnership should audit attendance plans.
        responses:
          - text: Training delivered to 9 groups.
            date: 2020-07
        next_steps:
          - text: Audit of plans.
            due: 2020-08
            owner: Early Help
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


@dataclass
class Project:
    root: Path
    capsys: pytest.CaptureFixture[str]

    def write(self, relative: str, text: str) -> Path:
        file = self.root / relative
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(text) if text.startswith("\n") else text, encoding="utf-8")
        return file

    def run(self, *args: str) -> Result:
        self.capsys.readouterr()
        try:
            code = cli.run([*args, "--root", str(self.root)])
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
        captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def snapshot(self) -> dict[str, str]:
        """Every file under the project with its hash and mtime: proof that nothing changed."""
        state = {}
        for file in sorted(self.root.rglob("*")):
            if file.is_file():
                digest = hashlib.sha256(file.read_bytes()).hexdigest()
                state[str(file.relative_to(self.root))] = f"{digest}:{file.stat().st_mtime_ns}"
        return state


@pytest.fixture
def project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Project:
    return Project(tmp_path, capsys)


def write_synthetic(root: Path, count: int, busy_year: int, in_busy_year: int) -> None:
    """`count` synthetic reviews (bench/make_corpus.py) in root/reviews/, every one on the
    `infants` theme and the first `in_busy_year` of them published in `busy_year`: enough to
    pass the list limit (100 reviews) and the tracker limit (250 next steps)."""
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "bench" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    rng = random.Random(1)
    for number in range(1, count + 1):
        text = maker.review(number, rng).replace("themes: [", "themes: [infants, ", 1)
        if number <= in_busy_year:  # one year alone longer than a list page
            text = re.sub(r"^published: \d{4}", f"published: {busy_year}", text, count=1, flags=re.MULTILINE)
        (root / "reviews" / f"child-r{number}.yaml").write_text(text, encoding="utf-8")


class _MkDocsYaml(yaml.SafeLoader):
    """mkdocs.yml as written: `!ENV [NAME, default]` read as its default."""


_MkDocsYaml.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def mkdocs_yml(path: Path) -> Any:
    """The settings mkdocs.yml itself holds (not those it inherits)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_MkDocsYaml)  # noqa: S506 (safe)


def copy_sample(root: Path) -> None:
    """Copy the repository's inputs and site configuration to `root`, without generated output."""
    for name in ("reviews", "bulletins", "overrides"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    for name in ("portal.yaml", "mkdocs.yml"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "generator", root / "generator", ignore=shutil.ignore_patterns("__pycache__"))

    def generated(folder: str, names: list[str]) -> list[str]:
        if Path(folder) == REPO / "content":
            return [n for n in names if n in GENERATED_DIRS or n in GENERATED_FILES or n == MANIFEST]
        return []

    shutil.copytree(REPO / "content", root / "content", ignore=generated)


@pytest.fixture
def sample_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Project:
    copy_sample(tmp_path)
    return Project(tmp_path, capsys)


# A review whose every field tries to inject markup: built into the end-to-end site.
HOSTILE = """\
title: "</title><script>alert('title')</script> Child X <img src=x onerror=alert('title-img')> <iframe src=https://evil.example></iframe> <a href=javascript:alert(1)>t</a>"
type: serious-case-review
partnership: "<b onmouseover=alert('partnership')>Board</b>"
published: 2020-05
summary: |
  Before <script>alert('summary')</script> after. An otterfish was seen once.
  <iframe src="https://evil.example/frame"></iframe>
  [a javascript link](javascript:alert('md-link')) and <a href="javascript:alert('html-link')">another</a>
  <img src=x onerror=alert('summary-img')> <form action="https://evil.example"><input name=q></form>
  <span style="position:fixed">styled</span> <style>body{display:none}</style>
child: "<svg onload=alert('child')>"
aliases: [child-x-old]
learning:
  - id: "1"
    title: "<img src=y onerror=alert('learning-title')>"
    text: "**bold** <div onclick=alert('learning-text')>clickable</div>"
    recommendations:
      - id: "R1"
        text: "<a href=javascript:alert('rec')>rec</a> <iframe srcdoc='<script>alert(1)</script>'></iframe>"
        to: "<script>alert('to')</script>"
        next_steps:
          - text: "Audit <object data=x></object> otterfish otterfish otterfish: checks for children aged <5"
            owner: "<img src=z onerror=alert('owner')>"
            due: 2020-08
"""


# Reviews that must appear nowhere in site/: each carries a unique marker in its slug and text.
UNPUBLISHED = {
    "draftonly": "status: draft\naliases: [draftonly-old]\n",
    "embargoed": "embargo_until: 2099-01-01\naliases: [embargoed-old]\n",
}
UNPUBLISHED_BULLETIN = """\
issue: 2
title: "Second update <script>alert('feed-title')</script> Child X"
date: 2026-10
partnership: Testshire Safeguarding Children Partnership
intro: |
  About Child X: `<script>alert('feed-intro')</script>` and <img src=x onerror=alert('feed-img')>
  &lt;b onmouseover=alert('feed-entity')&gt;
items:
  - review: child-x
  - review: draftonly
  - review: embargoed
    learning: ["1"]
  - heading: A free item
    text: Still published.
"""


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    copy_sample(root)
    (root / "reviews/child-x.yaml").write_text(HOSTILE, encoding="utf-8")
    for slug, extra in UNPUBLISHED.items():
        marked = VALID_REVIEW.replace("Child T", f"Child {slug.upper()}MARKER").replace(
            "Attendance was treated", f"{slug.upper()}MARKER attendance was treated"
        )
        (root / f"reviews/{slug}.yaml").write_text(marked + extra, encoding="utf-8")
    (root / "bulletins/2.yaml").write_text(UNPUBLISHED_BULLETIN, encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    generate = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--as-of", "2026-11-22"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert generate.returncode == 0, generate.stderr
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert build.returncode == 0, build.stderr
    index = subprocess.run(  # as make site does: the search index of the review pages
        [sys.executable, "-m", "generator.search_index", "site"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert index.returncode == 0, index.stderr
    return root / "site"


@pytest.fixture(scope="session")
def site(built: Path) -> Site:
    return Site(built)


# Browser tests (tests/test_browser_*.py): one headless Chromium for the session, the sample site
# served on loopback, and a fresh browser context per test that refuses every other host.


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"no {CHROMIUM}: `make test` installs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def site_base(built: Path) -> Iterator[str]:
    """The sample site (with the hostile and unpublished inputs) at http://127.0.0.1:<port>."""
    with serve(built) as base:
        yield base


@dataclass
class Browsing:
    context: Any  # playwright BrowserContext
    page: Any  # playwright Page
    elsewhere: list[str]  # requests to any host but loopback (refused)


@pytest.fixture
def browsing(browser: Any) -> Iterator[Browsing]:
    context = browser.new_context(viewport=DESKTOP)
    elsewhere: list[str] = []

    def loopback_only(route: Any) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            elsewhere.append(url)
            route.abort()

    context.route("**/*", loopback_only)
    try:
        yield Browsing(context, context.new_page(), elsewhere)
    finally:
        context.close()
