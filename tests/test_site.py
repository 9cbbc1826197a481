"""End to end: the sample inputs plus hostile ones → generate → `mkdocs build --strict`."""

from __future__ import annotations

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
    text = site.text("/reviews/")
    titles = [
        data["title"]
        for _, data in sorted(sample_reviews(), key=lambda r: str(r[1]["published"]), reverse=True)
    ]
    positions = [text.find(title) for title in titles]
    assert -1 not in positions
    published = [
        str(data["published"])
        for _, data in sorted(sample_reviews(), key=lambda r: str(r[1]["published"]), reverse=True)
    ]
    assert published == sorted(published, reverse=True)


def test_review_pages_stay_out_of_the_navigation(site: Site) -> None:
    about = site.pages[site.file_for("/about/")]
    assert not [link for link in about.links if "/reviews/" in link and link.rstrip("/").count("/") > 2]


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


def test_generated_review_pages_are_not_in_the_search_index_twice(built: Path) -> None:
    index = (built / "search/search_index.json").read_text()
    assert index.count('"location":"reviews/bolton-child-sb/"') == 1


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


@pytest.mark.parametrize("file", ["bulletins/2/email.html", "bulletins/feed.xml", "search/search_index.json"])
def test_no_unescaped_markup_in_email_feed_or_search(built: Path, file: str) -> None:
    raw = (built / file).read_text(encoding="utf-8")
    assert "Child X" in raw or file.endswith("feed.xml")
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


def test_content_note_shows_support_lines_before_the_content(site: Site) -> None:
    for page in ("/reviews/bolton-child-sb/", "/reviews/bolton-child-sb/briefing/"):
        text = site.text(page)
        note = text.index("Content note")
        assert note < text.index("Samaritans") < text.index("116 123")
        assert text.index("0800 1111") < text.index("Background" if "briefing" in page else "Summary")
    assert "tel:116123" in site.page("/reviews/bolton-child-sb/").links
