"""End to end: the sample inputs plus hostile ones → generate → `mkdocs build --strict`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, copy_sample
from sitecheck import Site

HOSTILE = """\
title: "</title><script>alert('title')</script> Child X <img src=x onerror=alert('title-img')>"
type: serious-case-review
partnership: "<b onmouseover=alert('partnership')>Board</b>"
published: 2020-05
summary: |
  Before <script>alert('summary')</script> after.
  <iframe src="https://evil.example/frame"></iframe>
  [a javascript link](javascript:alert('md-link')) and <a href="javascript:alert('html-link')">another</a>
  <img src=x onerror=alert('summary-img')> <form action="https://evil.example"><input name=q></form>
  <span style="position:fixed">styled</span> <style>body{display:none}</style>
child: "<svg onload=alert('child')>"
learning:
  - id: "1"
    title: "<img src=y onerror=alert('learning-title')>"
    text: "**bold** <div onclick=alert('learning-text')>clickable</div>"
    recommendations:
      - id: "R1"
        text: "<a href=javascript:alert('rec')>rec</a> <iframe srcdoc='<script>alert(1)</script>'></iframe>"
        to: "<script>alert('to')</script>"
        next_steps:
          - text: "Audit <object data=x></object>"
            owner: "<img src=z onerror=alert('owner')>"
            due: 2020-08
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    copy_sample(root)
    (root / "reviews/child-x.yaml").write_text(HOSTILE, encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    generate = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--as-of", "2026-11-22"],
        cwd=root, capture_output=True, text=True, env=env,
    )
    assert generate.returncode == 0, generate.stderr
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True, text=True, env=env
    )
    assert build.returncode == 0, build.stderr
    return root / "site"


@pytest.fixture(scope="module")
def site(built: Path) -> Site:
    return Site(built)


def sample_reviews() -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    reviews = []
    for file in sorted((REPO / "reviews").glob("*.yaml")):
        data = yaml.safe_load(file.read_text())
        if data.get("status", "published") == "published" and not data.get("embargo_until"):
            reviews.append((file.stem, data))
    return reviews


def anchor(identifier: object) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", str(identifier).lower())


@pytest.mark.parametrize("slug", [slug for slug, _ in sample_reviews()])
def test_every_sample_review_has_its_three_pages(site: Site, slug: str) -> None:
    for page in (f"/reviews/{slug}/", f"/reviews/{slug}/briefing/", f"/reviews/{slug}/actions/"):
        assert site.file_for(page).exists(), page


@pytest.mark.parametrize("slug,data", sample_reviews())
def test_design_anchors_on_overview_and_action_table(site: Site, slug: str, data: dict) -> None:  # type: ignore[type-arg]
    wanted = set()
    for item in data.get("learning", []):
        wanted.add(f"learning-{anchor(item['id'])}")
        wanted.update(f"recommendation-{anchor(rec['id'])}" for rec in item.get("recommendations", []))
    wanted.update(f"recommendation-{anchor(rec['id'])}" for rec in data.get("recommendations", []))
    for page in (f"/reviews/{slug}/", f"/reviews/{slug}/actions/"):
        assert wanted <= site.page(page).ids, (page, sorted(wanted - site.page(page).ids))


def test_anchor_rule_for_dotted_and_lettered_ids(site: Site) -> None:
    assert "learning-14-3" in site.page("/reviews/suffolk-avoidant-family/actions/").ids
    assert "recommendation-r1" in site.page("/reviews/child-x/actions/").ids


def test_every_internal_link_resolves(site: Site) -> None:
    assert site.broken_links() == []


def test_reviews_index_lists_every_review_newest_first(site: Site) -> None:
    text = site.text("/reviews/")
    titles = [data["title"] for _, data in sorted(sample_reviews(), key=lambda r: str(r[1]["published"]), reverse=True)]
    positions = [text.find(title) for title in titles]
    assert -1 not in positions
    published = [str(data["published"]) for _, data in sorted(sample_reviews(), key=lambda r: str(r[1]["published"]), reverse=True)]
    assert published == sorted(published, reverse=True)


def test_review_pages_stay_out_of_the_navigation(site: Site) -> None:
    about = site.pages[site.file_for("/about/")]
    assert not [link for link in about.links if "/reviews/" in link and link.rstrip("/").count("/") > 2]


# --- hostile input: markup in YAML never becomes live HTML -----------------------------------

HOSTILE_PAGES = ("/reviews/child-x/", "/reviews/child-x/briefing/", "/reviews/child-x/actions/", "/reviews/", "/")


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_no_event_handlers_from_yaml(site: Site, page: str) -> None:
    handlers = [(tag, name) for tag, attrs in site.page(page).tags for name, _ in attrs if name.startswith("on")]
    assert handlers == []


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_no_script_from_yaml(site: Site, page: str) -> None:
    assert not [body for body in site.page(page).scripts if "alert(" in body]


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_no_javascript_urls(site: Site, page: str) -> None:
    assert not [link for link in site.page(page).links if link.strip().lower().startswith("javascript:")]


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_no_iframes_objects_styles_or_foreign_forms(site: Site, page: str) -> None:
    parsed = site.page(page)
    assert [tag for tag, _ in parsed.tags if tag in ("iframe", "object", "embed", "style")] == []
    forms = [dict(attrs).get("class") for tag, attrs in parsed.tags if tag == "form"]
    assert forms == ["md-search__form"]
    assert not [attrs for tag, attrs in parsed.tags if dict(attrs).get("style", "").startswith("position")]


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_no_unescaped_markup_from_yaml_anywhere_in_the_file(site: Site, page: str) -> None:
    """Raw bytes, so that <title>, meta tags and attributes are covered too."""
    raw = site.file_for(page).read_text(encoding="utf-8")
    for fragment in ("<script>alert", "</title><script>", "<img src=x", "<img src=y", "<svg onload", "<b onmouseover"):
        assert fragment not in raw


def test_hostile_title_is_shown_as_text(site: Site) -> None:
    text = site.text("/reviews/child-x/")
    assert "</title><script>alert('title')</script> Child X <img src=x onerror=alert('title-img')>" in text
    assert "Before after." in text  # the script element is removed from Markdown fields


def test_generated_review_pages_are_not_in_the_search_index_twice(built: Path) -> None:
    index = (built / "search/search_index.json").read_text()
    assert index.count('"location":"reviews/bolton-child-sb/"') == 1
