"""Printing: briefings fit the agreed number of A4 pages in Chromium, with only the content on
paper; the "Print this briefing" button prints; screenshots at phone and desktop widths are saved
under build/screenshots/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import DESKTOP, PHONE, pdf_page_count, pdf_page_fill
from conftest import REPO, Browsing

# A briefing is read in a team meeting: on at most two A4 pages (issue 17), in Chromium's print
# with portal.css's print styles, and no page but the last less than a third full (a page left
# mostly blank by a block pushed to the next one).
MAX_BRIEFING_PAGES = 2
MIN_FILL = 1 / 3
SAMPLE = sorted(path.stem for path in (REPO / "reviews").glob("*.yaml"))
SCREENSHOTS = REPO / "build" / "screenshots"


def _briefings(built: Path) -> list[str]:
    return sorted(
        f"/{file.parent.relative_to(built).as_posix()}/"
        for file in built.glob("reviews/*/briefing/index.html")
    )


@pytest.mark.parametrize("slug", SAMPLE)
def test_every_briefing_prints_on_two_pages_none_half_empty(
    browsing: Browsing, site_base: str, slug: str
) -> None:
    browsing.page.goto(f"{site_base}/reviews/{slug}/briefing/")
    fills = pdf_page_fill(browsing.page.pdf(format="A4"))
    assert len(fills) <= MAX_BRIEFING_PAGES, fills
    assert all(fill >= MIN_FILL for fill in fills[:-1]), fills


def test_the_team_record_prints_on_one_page(browsing: Browsing, site_base: str) -> None:
    browsing.page.goto(f"{site_base}/reviews/bolton-child-sb/record/")
    assert pdf_page_count(browsing.page.pdf(format="A4")) == 1


def _after_links(browsing: Browsing, url: str) -> list[tuple[str, str]]:
    """Each link of a page's content, with what is printed after it on paper."""
    page = browsing.page
    page.goto(url)
    page.emulate_media(media="print")
    found = page.evaluate(
        """() => [...document.querySelectorAll('article a[href]')]
            .map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content])"""
    )
    return [(href, content) for href, content in found]


def test_on_paper_a_link_is_followed_by_its_address(browsing: Browsing, site_base: str) -> None:
    after = dict(_after_links(browsing, f"{site_base}/reviews/bolton-child-sb/briefing/"))
    assert after["../#learning-1"] == '" (https://learning.example.org/reviews/bolton-child-sb/#learning-1)"'
    assert after["../record/"] == '" (https://learning.example.org/reviews/bolton-child-sb/record/)"'
    assert after["#key-learning"] == "none"  # a link within the page: nowhere else to go
    outside = [
        (href, content)
        for href, content in _after_links(browsing, f"{site_base}/reviews/milton-keynes-child-b/briefing/")
        if href.startswith(("http://", "https://"))
    ]
    assert outside and all(content == f'" ({href})"' for href, content in outside), outside


def test_every_printed_page_carries_the_title_address_and_number(browsing: Browsing, site_base: str) -> None:
    """The margins of each printed page: what it is, where it came from, and its number."""
    page = browsing.page
    page.goto(f"{site_base}/reviews/bolton-child-sb/briefing/")
    pdf = page.pdf(format="A4")
    import io

    from pypdf import PdfReader

    for number, printed in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        text = printed.extract_text()
        assert "Seven-minute briefing: Child SB" in text
        assert "https://learning.example.org/reviews/bolton-child-sb/briefing/" in text.replace("\n", "")
        assert f"Page {number} of" in text


@pytest.mark.parametrize("path", ["/reviews/bolton-child-sb/briefing/", "/reviews/bolton-child-sb/actions/"])
def test_on_paper_only_the_content_and_its_address(browsing: Browsing, site_base: str, path: str) -> None:
    page = browsing.page
    page.goto(site_base + path)
    page.emulate_media(media="print")
    hidden = (
        ".md-header",
        ".md-sidebar",
        ".portal-search-bar",
        ".md-footer",
        ".portal-exit",
        ".portal-worried",
    )
    for selector in (*hidden, "#portal-print-button"):
        assert page.locator(selector).first.is_hidden(), selector
    printed_from = page.locator(".portal-print-url")
    assert printed_from.is_visible()
    assert printed_from.text_content() == f"Printed from https://learning.example.org{path}"


def test_print_button_prints(browsing: Browsing, site_base: str) -> None:
    page = browsing.page
    page.goto(site_base + "/reviews/bolton-child-sb/briefing/")
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || 0) + 1 } }")
    page.get_by_role("button", name="Print this briefing").click()
    assert page.evaluate("window.printed") == 1


def test_print_button_is_hidden_without_javascript(browser: object, site_base: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(site_base + "/reviews/bolton-child-sb/briefing/")
        assert page.locator("#portal-print-button").is_hidden()
    finally:
        context.close()


def test_screenshots_at_phone_and_desktop_widths(browsing: Browsing, site_base: str, built: Path) -> None:
    pages = {
        "review": "/reviews/bolton-child-sb/",
        "briefing": "/reviews/bolton-child-sb/briefing/",
        "action-table": "/reviews/bolton-child-sb/actions/",
    }
    if (built / "actions/index.html").exists():  # the action tracker, once it is built
        pages["tracker"] = "/actions/"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        browsing.page.set_viewport_size(viewport)
        for name, path in pages.items():
            browsing.page.goto(site_base + path)
            browsing.page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png")
            browsing.page.screenshot(path=SCREENSHOTS / f"{name}-{width}-full.png", full_page=True)
            assert (SCREENSHOTS / f"{name}-{width}.png").stat().st_size > 10_000
