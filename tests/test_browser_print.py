"""Printing: briefings fit the agreed number of A4 pages in Chromium, with only the content on
paper; the "Print this briefing" button prints; screenshots at phone and desktop widths are saved
under build/screenshots/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import DESKTOP, PHONE, pdf_page_count
from conftest import REPO, Browsing

# Measured with Chromium's A4 print (portal.css's print styles). A briefing is for a team meeting:
# Child SB prints on exactly 3 pages and no briefing may take more than 4. When a change to the
# sample content or the print styles moves these, look at the PDF before changing the numbers.
CHILD_SB_BRIEFING_PAGES = 3
MAX_BRIEFING_PAGES = 4
SCREENSHOTS = REPO / "build" / "screenshots"


def _briefings(built: Path) -> list[str]:
    return sorted(
        f"/{file.parent.relative_to(built).as_posix()}/"
        for file in built.glob("reviews/*/briefing/index.html")
    )


def test_child_sb_briefing_prints_on_the_agreed_pages(browsing: Browsing, site_base: str) -> None:
    browsing.page.goto(site_base + "/reviews/bolton-child-sb/briefing/")
    assert pdf_page_count(browsing.page.pdf(format="A4")) == CHILD_SB_BRIEFING_PAGES


def test_every_briefing_fits_the_maximum(browsing: Browsing, site_base: str, built: Path) -> None:
    pages = {}
    for path in _briefings(built):
        browsing.page.goto(site_base + path)
        pages[path] = pdf_page_count(browsing.page.pdf(format="A4"))
    assert len(pages) >= 8
    assert {path: count for path, count in pages.items() if count > MAX_BRIEFING_PAGES} == {}


@pytest.mark.parametrize("path", ["/reviews/bolton-child-sb/briefing/", "/reviews/bolton-child-sb/actions/"])
def test_on_paper_only_the_content_and_its_address(browsing: Browsing, site_base: str, path: str) -> None:
    page = browsing.page
    page.goto(site_base + path)
    page.emulate_media(media="print")
    hidden = (".md-header", ".md-sidebar", ".md-search", ".md-footer", ".portal-exit", ".portal-worried")
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
