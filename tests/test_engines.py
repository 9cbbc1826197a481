"""The same site from MkDocs' successors: ProperDocs (MkDocs' fork) and Zensical (the Material
team's new engine, which reads mkdocs.yml but runs no hooks), each pinned in requirements.txt and
run as `make site ENGINE=…` runs it, on the sample site with the hostile and unpublished inputs
(the `built` fixture's project). Each must publish the same pages as MkDocs, with no broken link or
anchor, the theme's settings from portal.yaml, the last sanitiser, no trace of a withheld review,
and a search that works in a browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import serve
from conftest import UNPUBLISHED, Browsing
from sitecheck import Site, parse
from test_browser_search import only_suffolk, results

CONTACT = "In an emergency \U0001f691"  # an emoji: beyond U+FFFF

ENGINES = {
    "properdocs": ["-m", "properdocs", "build", "--strict", "--config-file", "mkdocs.yml"],
    "zensical": ["-m", "zensical", "build", "--strict", "--config-file", "mkdocs.yml"],
}

# Markup in a hand-written page: only the last sanitiser (generator.markdown_ext) stands between it
# and the site, on every engine.
HAND_WRITTEN = """\
# Hand-written

<script>alert('hand')</script><p onclick="alert('click')">Clicked <a href="javascript:alert(1)">here</a>.</p>

## A <span title="aid=z" aria-label=" onmouseover=alert(1) style=display:block x">heading</span> with `code`
"""


def _run(root: Path, *args: str, site_dir: str = "site") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PORTAL_SITE_DIR=site_dir)
    return subprocess.run([sys.executable, *args], cwd=root, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module", params=sorted(ENGINES))
def engine_site(
    request: pytest.FixtureRequest, built: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The `built` project, built by another engine, then checked and indexed as make site does."""
    root = tmp_path_factory.mktemp(request.param)
    shutil.copytree(built.parent, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("site", ".cache"))
    (root / "content/hand-written.md").write_text(HAND_WRITTEN, encoding="utf-8")
    # A character beyond U+FFFF in portal.yaml reaches the theme through generated/settings.yml.
    portal = root / "portal.yaml"
    portal.write_text(portal.read_text().replace("- name: In an emergency", f"- name: {CONTACT}"))
    assert _run(root, "-m", "generator", "generate", "--as-of", "2026-11-22").returncode == 0
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("not_in_nav: |\n", "not_in_nav: |\n  /hand-written.md\n"))
    build = _run(root, *ENGINES[request.param])
    assert build.returncode == 0, build.stdout + build.stderr
    index = _run(root, "-m", "generator.search_index", "site")
    assert index.returncode == 0, index.stderr
    return root / "site"


def _pages(site: Path) -> set[str]:
    return {file.relative_to(site).as_posix() for file in site.rglob("*.html")}


def test_the_same_pages_as_mkdocs(engine_site: Path, built: Path) -> None:
    assert _pages(engine_site) - {"hand-written/index.html"} == _pages(built)
    assert len(_pages(built)) > 80


def test_no_broken_link_or_anchor(engine_site: Path) -> None:
    site = Site(engine_site)
    assert site.broken_links() == []
    # The links the generator writes inside raw HTML (a tracker's table, an action's recommendation)
    # lead where they say, on every engine.
    actions = site.page("/reviews/bolton-child-sb/actions/")
    assert "/reviews/bolton-child-sb/#recommendation-1" in actions.links


def test_the_theme_has_portal_yamls_settings(engine_site: Path) -> None:
    home = (engine_site / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.bbc.co.uk/weather" class="portal-exit__button"' in home
    assert '<p class="portal-worried__title" id="portal-worried-title">Worried about a child?</p>' in home
    assert '<a class="portal-worried__number" href="tel:999">999</a>' in home
    assert '<link rel="canonical" href="https://learning.example.org/">' in home


def test_the_last_sanitiser_runs(engine_site: Path) -> None:
    file = engine_site / "hand-written/index.html"
    page = file.read_text(encoding="utf-8")
    assert "Clicked <a>here</a>." in page
    article = page.split('<article class="md-content__inner md-typeset">')[1].split("</article>")[0]
    assert "alert('hand')" not in article and "alert('click')" not in article
    # Nowhere in the page, the table of contents included, does any text become an event handler.
    parsed = parse(file)
    assert [(tag, name) for tag, attrs in parsed.tags for name, _ in attrs if name.startswith("on")] == []
    assert [link for link in parsed.links if "javascript:" in link] == []


def test_the_theme_shows_any_character_from_portal_yaml(engine_site: Path) -> None:
    home = (engine_site / "index.html").read_text(encoding="utf-8")
    assert f'<span class="portal-worried__name">{CONTACT}</span>' in home


def test_no_trace_of_a_withheld_review(engine_site: Path) -> None:
    for file in engine_site.rglob("*"):
        if file.is_file():
            text = file.read_bytes()
            for slug in UNPUBLISHED:
                assert f"{slug.upper()}MARKER".encode() not in text, file
                assert f"reviews/{slug}".encode() not in text, file


def test_no_theme_search_index(engine_site: Path) -> None:
    """mkdocs.yml turns the theme's own search off (Zensical would otherwise index every page)."""
    assert not (engine_site / "search/search_index.json").exists()
    own = engine_site / "search.json"  # Zensical writes its (empty) index all the same
    assert not own.exists() or json.loads(own.read_text(encoding="utf-8"))["items"] == []


@pytest.fixture(scope="module")
def engine_base(engine_site: Path) -> Iterator[str]:
    with serve(engine_site) as base:
        yield base


def test_search_works_in_a_browser(engine_base: str, browsing: Browsing) -> None:
    found = results(browsing, f"{engine_base}/search/?q=seminars")
    assert found == [
        (
            "/reviews/suffolk-avoidant-family/actions/#across-the-review",
            "Action table · Serious case review · Suffolk Local Safeguarding Children Board · 2014",
        )
    ]
    everything = results(browsing, f"{engine_base}/search/?q=neglect")
    narrowed = only_suffolk(browsing)
    assert 0 < len(narrowed) < len(everything)
    assert all("Suffolk" in about for about in narrowed)
    assert browsing.elsewhere == []


def test_a_withheld_address_in_the_built_site_is_refused(engine_site: Path, tmp_path: Path) -> None:
    """Zensical runs no hooks: the check after the build refuses what the hook would have."""
    root = engine_site.parent
    planted = root / "site.planted"
    shutil.copytree(engine_site, planted)
    (planted / "reviews/draftonly").mkdir()
    (planted / "reviews/draftonly/index.html").write_text("<p>draft</p>", encoding="utf-8")
    refused = _run(root, "-m", "generator.search_index", "site.planted")
    shutil.rmtree(planted)
    assert refused.returncode == 1
    assert refused.stderr == (
        "search_index: reviews/draftonly is at the address of reviews/draftonly.yaml, which is a draft; "
        "the site is not indexed and must not be published (remove it and build again: make site)\n"
    )
