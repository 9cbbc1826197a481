"""Material's built-in search, typed into as a reader would: it finds the learning and links to it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from conftest import Browsing


@pytest.mark.parametrize(
    "phrase,review,anchor",
    [
        ("school attendance", "/reviews/bolton-child-sb/", "learning-1"),
        ("supervision", "/reviews/slough-baby-jw/", "learning-4"),
    ],
)
def test_search_finds_a_phrase_from_a_review_learning(
    browsing: Browsing, site_base: str, phrase: str, review: str, anchor: str
) -> None:
    page = browsing.page
    page.goto(site_base + "/")
    box = page.get_by_role("textbox", name="Search")
    box.click()
    box.press_sequentially(phrase)
    page.locator(".md-search-result__item").first.wait_for()
    results = page.locator("a.md-search-result__link")
    links = results.evaluate_all("links => links.map(link => link.href)")
    to_review = [link for link in links if urlsplit(link).path == review]
    assert [link for link in to_review if urlsplit(link).fragment == anchor], links

    # Follow the first result shown for the review (others on the page may be folded away).
    shown = [i for i, link in enumerate(links) if link in to_review and results.nth(i).is_visible()]
    results.nth(shown[0]).click()
    page.wait_for_url(f"**{review}**")
    assert urlsplit(page.url).path == review
    assert page.locator(f"#{anchor}").count() == 1
