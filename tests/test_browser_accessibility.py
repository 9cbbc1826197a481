"""axe-core in headless Chromium: no serious or critical accessibility problems, at two widths;
and no page asks another host for anything or sets a cookie."""

from __future__ import annotations

from pathlib import Path

import pytest
from browsing import DESKTOP, PHONE
from conftest import Browsing

# One page of each kind. Add a kind of page here when the site gains one.
PAGES = [
    "/",
    "/reviews/",
    "/reviews/bolton-child-sb/",
    "/reviews/bolton-child-sb/briefing/",
    "/reviews/bolton-child-sb/actions/",
    "/reviews/bolton-child-sb/record/",
    "/themes/neglect/",
    "/search/?q=neglect",
    "/bulletins/",
    "/bulletins/1/",
    "/accessibility/",
    "/actions/",
    "/themes/",
]

BLOCKING = ("serious", "critical")


def _problems(violations: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [
        f"{violation['impact']} {violation['id']}: {violation['help']} at {node['target']}"
        for violation in violations
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violations(
    browsing: Browsing, site_base: str, path: str, width: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    browsing.page.set_viewport_size(DESKTOP if width == "desktop" else PHONE)
    browsing.page.goto(site_base + path)
    results = Axe().run(browsing.page)
    assert _problems(results.response["violations"]) == []


def test_pages_load_nothing_from_other_hosts_and_set_no_cookies(browsing: Browsing, site_base: str) -> None:
    for path in PAGES:
        browsing.page.goto(site_base + path, wait_until="networkidle")
    assert browsing.elsewhere == []
    assert browsing.context.cookies() == []


def test_the_pages_tested_exist(built: Path) -> None:
    for path in PAGES:
        assert (built / path.split("?")[0].strip("/") / "index.html").exists(), path
