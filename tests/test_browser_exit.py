"""The "Exit this page" button: by mouse, by keyboard and by Shift pressed three times, it leaves
the portal for the quick-exit site in portal.yaml and leaves no Back entry to the page it left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import rebuild_with_portal, serve
from conftest import Browsing

PAGE = "/reviews/bolton-child-sb/"  # the page a reader leaves


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second loopback site: a neutral start page and the quick-exit target."""
    folder = tmp_path_factory.mktemp("elsewhere")
    for name, title in (("start.html", "Before the portal"), ("exit-target.html", "Weather")):
        html = f"<!doctype html><html lang=en><title>{title}</title><h1>{title}</h1></html>"
        (folder / name).write_text(html, encoding="utf-8")
    with serve(folder) as base:
        yield base


@pytest.fixture(scope="module")
def portal(built: Path, elsewhere: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site built with portal.yaml's quick_exit_url pointing at the second site."""
    portal_yaml = (built.parent / "portal.yaml").read_text(encoding="utf-8")
    portal_yaml = portal_yaml.replace(
        "quick_exit_url: https://www.bbc.co.uk/weather", f"quick_exit_url: {elsewhere}/exit-target.html"
    )
    assert f"{elsewhere}/exit-target.html" in portal_yaml
    root = tmp_path_factory.mktemp("exit-site")
    build = rebuild_with_portal(built, root, portal_yaml)
    assert build.returncode == 0, build.stderr
    with serve(root / "site") as base:
        yield base


def _open_portal(browsing: Browsing, elsewhere: str, portal: str) -> None:
    browsing.page.goto(f"{elsewhere}/start.html")
    browsing.page.goto(portal + PAGE)
    assert browsing.page.title().startswith("Child SB")


def _assert_left_for_good(browsing: Browsing, elsewhere: str) -> None:
    page = browsing.page
    page.wait_for_url(f"{elsewhere}/exit-target.html")
    page.go_back()
    assert page.url == f"{elsewhere}/start.html"  # Back skips the portal page: it was replaced


def test_exit_by_mouse(browsing: Browsing, elsewhere: str, portal: str) -> None:
    _open_portal(browsing, elsewhere, portal)
    browsing.page.get_by_role("link", name="Exit this page").click()
    _assert_left_for_good(browsing, elsewhere)


def test_exit_by_keyboard_is_reached_by_the_second_tab(
    browsing: Browsing, elsewhere: str, portal: str
) -> None:
    _open_portal(browsing, elsewhere, portal)
    page = browsing.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Exit this page"
    page.keyboard.press("Enter")
    _assert_left_for_good(browsing, elsewhere)


def test_exit_by_pressing_shift_three_times(browsing: Browsing, elsewhere: str, portal: str) -> None:
    _open_portal(browsing, elsewhere, portal)
    for _ in range(3):
        browsing.page.keyboard.press("Shift")
    _assert_left_for_good(browsing, elsewhere)


def test_shift_used_for_capitals_does_not_exit(browsing: Browsing, elsewhere: str, portal: str) -> None:
    _open_portal(browsing, elsewhere, portal)
    page = browsing.page
    page.keyboard.press("Shift")
    assert page.locator("[data-portal-exit-status]").text_content() == "Shift, press 2 more times to exit."
    page.keyboard.press("Shift+KeyA")  # typing a capital resets the count
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == portal + PAGE


def test_the_page_is_blanked_as_it_is_left(browsing: Browsing, elsewhere: str, portal: str) -> None:
    _open_portal(browsing, elsewhere, portal)
    page = browsing.page
    # What the reader still sees as the page goes, kept in the portal's own session storage.
    page.evaluate(
        """() => addEventListener("pagehide", () => sessionStorage.setItem("seen-at-exit",
            JSON.stringify([getComputedStyle(document.body).visibility, document.title])))"""
    )
    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(f"{elsewhere}/exit-target.html")
    page.goto(portal + "/")
    assert page.evaluate("sessionStorage.getItem('seen-at-exit')") == '["hidden","Loading"]'


def test_without_javascript_the_exit_button_is_a_plain_link(
    browser: object, elsewhere: str, portal: str
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        page.goto(portal + PAGE)
        page.get_by_role("link", name="Exit this page").click()
        page.wait_for_url(f"{elsewhere}/exit-target.html")
    finally:
        context.close()
