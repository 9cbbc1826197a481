"""End to end: the sample inputs plus hostile ones → generate → `mkdocs build --strict`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO, VALID_REVIEW, Project
from sitecheck import Site


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
    """The catalogue's order, read off the page, against the dates in the YAML files."""
    text = site.text("/reviews/")
    by_position = sorted(sample_reviews(), key=lambda review: text.find(f"{review[1]['title']} :"))
    assert all(text.find(f"{data['title']} :") != -1 for _, data in by_position)
    published = [str(data["published"]) for _, data in by_position]
    assert len(published) == len(sample_reviews()) > 5
    for earlier, later in zip(published, published[1:], strict=False):
        # newest first: compared on the part both dates give (2016 against 2016-05)
        common = min(len(earlier), len(later))
        assert earlier[:common] >= later[:common], published


def test_review_pages_stay_out_of_the_navigation(site: Site) -> None:
    """The sidebar (every <nav> of a page) links to the list pages, never to one review's page."""
    from html.parser import HTMLParser

    class NavLinks(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth = 0
            self.links: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.depth += tag == "nav"
            href = dict(attrs).get("href")
            if self.depth and tag == "a" and href:
                self.links.append(href)

        def handle_endtag(self, tag: str) -> None:
            self.depth -= tag == "nav" and self.depth > 0

    for page in ("/about/", "/reviews/", "/reviews/bolton-child-sb/"):
        parser = NavLinks()
        parser.feed(site.file_for(page).read_text(encoding="utf-8"))
        if page == "/about/":
            assert "../reviews/" in parser.links  # the sidebar is read: the list pages are there
        slugs = [slug for slug, _ in sample_reviews()]
        assert [link for link in parser.links if any(f"reviews/{slug}" in link for slug in slugs)] == [], page


# --- hostile input: markup in YAML never becomes live HTML -----------------------------------

HOSTILE_PAGES = (
    "/reviews/child-x/",
    "/reviews/child-x/briefing/",
    "/reviews/child-x/actions/",
    "/reviews/",
    "/",
)


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_no_event_handlers_from_yaml(site: Site, page: str) -> None:
    handlers = [
        (tag, name) for tag, attrs in site.page(page).tags for name, _ in attrs if name.startswith("on")
    ]
    assert handlers == []


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_no_script_from_yaml(site: Site, page: str) -> None:
    assert not [body for body in site.page(page).scripts if "alert(" in body]


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_no_javascript_urls(site: Site, page: str) -> None:
    assert not [link for link in site.page(page).links if link.strip().lower().startswith("javascript:")]


# The one <style> a page has: the margins of its printed pages (mkdocs_hooks.print_margins), its
# two strings nothing but letters, digits, spaces and hex escapes, whatever the title was.
CSS_STRING = r'"(?:[A-Za-z0-9 ]|\\[0-9a-f]+ )*"'
PRINT_MARGINS = re.compile(
    rf"@media print {{ @page {{ @top-left {{ content: {CSS_STRING}; }} "
    rf"@bottom-left {{ content: {CSS_STRING}; }} }} }}"
)


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_no_iframes_objects_styles_or_foreign_forms(site: Site, page: str) -> None:
    parsed = site.page(page)
    assert [tag for tag, _ in parsed.tags if tag in ("iframe", "object", "embed")] == []
    styles = re.findall(r"<style>(.*?)</style>", site.file_for(page).read_text(encoding="utf-8"), re.S)
    assert len(styles) == 1 and PRINT_MARGINS.fullmatch(styles[0].strip()), styles
    forms = [dict(attrs).get("class") for tag, attrs in parsed.tags if tag == "form"]
    assert forms == ["portal-search-bar"]
    assert not [attrs for tag, attrs in parsed.tags if dict(attrs).get("style", "").startswith("position")]


@pytest.mark.parametrize("page", HOSTILE_PAGES)
def test_no_unescaped_markup_from_yaml_anywhere_in_the_file(site: Site, page: str) -> None:
    """Raw bytes, so that <title>, meta tags and attributes are covered too."""
    raw = site.file_for(page).read_text(encoding="utf-8")
    for fragment in (
        "<script>alert",
        "</title><script>",
        "<img src=x",
        "<img src=y",
        "<svg onload",
        "<b onmouseover",
    ):
        assert fragment not in raw


def test_hostile_title_is_shown_as_text(site: Site) -> None:
    text = site.text("/reviews/child-x/")
    assert (
        "</title><script>alert('title')</script> Child X <img src=x onerror=alert('title-img')> "
        "<iframe src=https://evil.example></iframe> <a href=javascript:alert(1)>t</a>"
    ) in text
    assert "Before after." in text  # the script element is removed from Markdown fields


def test_the_search_index_holds_each_review_once(built: Path) -> None:
    """Pagefind indexes each public review once, as one record of its overview, briefing and
    action table: no list page (their text repeats the reviews'), no draft, no redirect."""
    entry = json.loads((built / "pagefind/pagefind-entry.json").read_text())
    public = json.loads((built / "data/reviews.json").read_text())["reviews"]
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(public)


def test_only_review_pages_are_marked_for_search(built: Path) -> None:
    marked = sorted(
        path.relative_to(built).as_posix()
        for path in built.rglob("*.html")
        if "data-pagefind-body" in path.read_text()
    )
    public = json.loads((built / "data/reviews.json").read_text())["reviews"]
    expected = sorted(
        f"reviews/{review['slug']}/{page}index.html"
        for review in public
        for page in ("", "briefing/", "actions/")
    )
    assert marked == expected
    page = (built / "reviews/bolton-child-sb/index.html").read_text()
    assert '<div class="admonition warning" data-pagefind-ignore>' in page  # the content note's words
    assert '<span data-pagefind-filter="partnership">Bolton Safeguarding Children Board</span>' in page


def test_alias_redirects_to_the_current_pages(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW + "aliases: [old-child-t]\n")
    assert project.run("generate", "--as-of", "2021-01-01").code == 0
    content = project.root / "content/reviews/old-child-t"
    for sub, target in (
        ("", "../child-t/"),
        ("briefing/", "../../child-t/briefing/"),
        ("actions/", "../../child-t/actions/"),
    ):
        html = (content / sub / "index.html").read_text()
        assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
        assert f'<link rel="canonical" href="{target}">' in html
        assert f'location.replace("{target}" + location.hash)' in html


def test_alias_redirect_is_in_the_built_site(site: Site) -> None:
    redirect = site.page("/reviews/child-x-old/briefing/")
    assert "../../child-x/briefing/" in redirect.links  # and test_every_internal_link_resolves follows it


@pytest.mark.parametrize("file", ["bulletins/2/email.html", "bulletins/feed.xml"])
def test_no_unescaped_markup_in_email_feed_or_search(built: Path, file: str) -> None:
    raw = (built / file).read_text(encoding="utf-8")
    assert "Child X" in raw
    live = (
        "<script>alert",
        "</title><script>",
        "<img src=x",
        "<svg onload",
        "<b onmouseover",
        'href="javascript',
    )
    for fragment in live:
        assert fragment not in raw, fragment


def test_feed_text_is_text_to_a_feed_reader(built: Path) -> None:
    """Readers show an item's title and description as HTML: after the XML is read, what is left
    must still be escaped text, with no tag in it."""
    import xml.etree.ElementTree as ElementTree

    items = ElementTree.parse(built / "bulletins/feed.xml").getroot().iter("item")
    second = next(item for item in items if "Second update" in (item.findtext("title") or ""))
    title, description = second.findtext("title") or "", second.findtext("description") or ""
    assert (
        title == "Issue 2: Second update &lt;script&gt;alert(&#x27;feed-title&#x27;)&lt;/script&gt; Child X"
    )
    assert description == (
        "About Child X: &lt;script&gt;alert(&#x27;feed-intro&#x27;)&lt;/script&gt; and "
        "&lt;img src=x onerror=alert(&#x27;feed-img&#x27;)&gt; "
        "&lt;b onmouseover=alert(&#x27;feed-entity&#x27;)&gt;"
    )
    for element in (title, description):
        assert "<" not in element and ">" not in element


def test_content_note_shows_support_lines_before_the_content(site: Site) -> None:
    for page in ("/reviews/bolton-child-sb/", "/reviews/bolton-child-sb/briefing/"):
        text = site.text(page)
        note = text.index("Content note")
        assert note < text.index("Samaritans") < text.index("116 123")
        assert text.index("0800 1111") < text.index("Background" if "briefing" in page else "Summary")
    assert "tel:116123" in site.page("/reviews/bolton-child-sb/").links
