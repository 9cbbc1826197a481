"""Bulletins: the page, the self-contained email file and the feed, from one generate."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import VALID_REVIEW, Project
from sitecheck import Site

BULLETIN = """\
issue: 3
title: Learning update
date: 2021-02
partnership: Testshire Safeguarding Children Partnership
intro: |
  Learning from two reviews, and a [national report](national.html).
items:
  - review: child-t
    learning: ["2"]
  - review: child-u
    heading: Learning from Child U
  - review: child-draft
  - heading: "Ofsted: learning lessons"
    text: Ofsted evaluated 147 reviews.
    points: [Keep the child in focus, Share information early]
feedback: |
  Send us your feedback by **8 March 2021**.
"""

TWO_LEARNING = VALID_REVIEW + '  - id: "2"\n    title: Second lesson\n    text: Supervision helped.\n'


@pytest.fixture
def bulletin_project(project: Project) -> Project:
    project.write("portal.yaml", "site_url: https://portal.example.org/\nname: Testshire learning\n")
    project.write("reviews/child-t.yaml", TWO_LEARNING)
    project.write("reviews/child-u.yaml", VALID_REVIEW.replace("Child T", "Child U"))
    project.write(
        "reviews/child-draft.yaml", VALID_REVIEW.replace("Child T", "Child DRAFTMARKER") + "status: draft\n"
    )
    project.write("bulletins/3.yaml", BULLETIN)
    result = project.run("generate", "--as-of", "2021-03-01")
    assert result.code == 0, result.err
    return project


def test_bulletin_page_items(bulletin_project: Project) -> None:
    page = (bulletin_project.root / "content/bulletins/3/index.md").read_text()
    headings = re.findall(r"^##+ .*$", page, flags=re.M)
    assert headings == [
        "## Child T { #item-1 }",
        "### Second lesson",
        "## Learning from Child U { #item-2 }",  # no learning points chosen: the review is a link away
        "## Ofsted: learning lessons { #item-3 }",
    ]
    assert "[Learning point 2 in full](../../reviews/child-t/index.md#learning-2)" in page
    assert "[Seven-minute briefing](../../reviews/child-u/briefing.md)" in page
    assert "<li>Keep the child in focus</li>" in page
    assert '<div class="admonition tip portal-feedback" id="feedback">' in page
    assert "DRAFTMARKER" not in page


def test_draft_item_is_a_warning_and_left_out_everywhere(bulletin_project: Project) -> None:
    result = bulletin_project.run("check", "--as-of", "2021-03-01")
    assert result.code == 0
    assert (
        "bulletins/3.yaml:12:5: items[3].review: warning: review 'child-draft' is a draft, "
        "so this item is left out of the published issue"
    ) in result.lines
    for file in (bulletin_project.root / "content").rglob("*"):
        if file.is_file():
            assert "DRAFTMARKER" not in file.read_text(), file


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_email_is_self_contained(bulletin_project: Project) -> None:
    html = (bulletin_project.root / "content/bulletins/3/email.html").read_text()
    parser = _Tags()
    parser.feed(html)
    tags = [tag for tag, _ in parser.tags]
    assert "script" not in tags and "style" not in tags and "link" not in tags
    links = [attrs["href"] for tag, attrs in parser.tags if tag == "a"]
    assert links and all(str(link).startswith("https://portal.example.org/") for link in links), links
    assert "https://portal.example.org/reviews/child-t/#learning-2" in links
    assert "https://portal.example.org/bulletins/3/national.html" in links
    assert all(not attrs.get("class") for _, attrs in parser.tags), "styles must be inline"
    assert "<strong>8 March 2021</strong>" in html
    assert "DRAFTMARKER" not in html


def test_feed_is_valid_rss_with_the_issue(bulletin_project: Project) -> None:
    root = ElementTree.parse(bulletin_project.root / "content/bulletins/feed.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("./channel/item")
    assert [(i.findtext("title"), i.findtext("link"), i.findtext("pubDate")) for i in items] == [
        (
            "Issue 3: Learning update",
            "https://portal.example.org/bulletins/3/",
            "Mon, 01 Feb 2021 09:00:00 +0000",
        )
    ]


def test_review_page_lists_its_bulletins(bulletin_project: Project) -> None:
    page = (bulletin_project.root / "content/reviews/child-u/index.md").read_text()
    assert "- [Issue 3: Learning update](../../bulletins/3/index.md), February 2021" in page


def test_sample_bulletin_builds(site: Site, built: Path) -> None:
    text = site.text("/bulletins/1/")
    assert "Tell us what you think" in text
    assert "/bulletins/1/" in site.text("/bulletins/") or "Issue 1" in site.text("/bulletins/")
    assert (built / "bulletins/1/email.html").exists()
    ElementTree.parse(built / "bulletins/feed.xml")
    review = site.page("/reviews/slough-baby-jw/")
    assert any(link.endswith("bulletins/1/") for link in review.links)
