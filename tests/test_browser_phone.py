"""The action tables on a phone (390 px): no sideways scrolling, each row a card whose every value
shows its column's label; on a wider screen the review's action table keeps its headings in view."""

from __future__ import annotations

import pytest
from browsing import DESKTOP, PHONE
from conftest import Browsing
from test_browser_accessibility import _problems

TABLES = {
    "/actions/": "table.portal-tracker",
    "/actions/owners/": "table.portal-tracker",
    "/reviews/bolton-child-sb/actions/": "table.portal-actions",
}
PAGES = [*TABLES, "/reports/2016/", "/actions/changes/"]

# Elements that scroll sideways inside the page (Material puts a plain Markdown table in one, so a
# table too wide for a phone scrolls on its own while the page itself does not).
SIDEWAYS = """() => [...document.querySelectorAll('.md-content *')]
    .filter(element => ['auto', 'scroll'].includes(getComputedStyle(element).overflowX)
        && element.scrollWidth > element.clientWidth)
    .map(element => element.className || element.tagName)"""

# For every cell of the page's tables: its label attribute, its column's heading, the text its
# ::before shows, and how far right it reaches.
CELLS = """(selector) => [...document.querySelectorAll(selector)].flatMap(table => {
    const headings = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    return [...table.querySelectorAll('tbody tr')].flatMap(row => [...row.cells].map((cell, index) => {
        const before = getComputedStyle(cell, '::before');
        return {
            label: cell.dataset.label,
            counts: table.classList.contains('portal-tracker--counts'),
            heading: headings[index],
            shown: before.display === 'none' ? null : before.content,
            right: cell.getBoundingClientRect().right,
        };
    }));
})"""


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scrolling_on_a_phone(browsing: Browsing, site_base: str, path: str) -> None:
    browsing.page.set_viewport_size(PHONE)
    browsing.page.goto(site_base + path)
    assert browsing.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert browsing.page.evaluate(SIDEWAYS) == []


@pytest.mark.parametrize("path", TABLES)
def test_on_a_phone_each_value_shows_its_columns_label(browsing: Browsing, site_base: str, path: str) -> None:
    browsing.page.set_viewport_size(PHONE)
    browsing.page.goto(site_base + path)
    cells = browsing.page.evaluate(CELLS, TABLES[path])
    assert len(cells) > 20
    assert [cell for cell in cells if cell["label"] != cell["heading"]] == []
    # A count table's labels run on in a line ("Overdue: 2"); elsewhere each is beside its value.
    assert [cell["shown"] for cell in cells] == [
        f'"{cell["label"]}: "' if cell["counts"] else f'"{cell["label"]}"' for cell in cells
    ]
    assert [cell for cell in cells if cell["right"] > PHONE["width"]] == []
    # The headings themselves are kept for screen readers but take no room.
    heading = browsing.page.locator(f"{TABLES[path]} thead").first.bounding_box()
    assert heading is not None and heading["width"] <= 1 and heading["height"] <= 1


def test_on_a_wide_screen_the_tables_are_tables(browsing: Browsing, site_base: str) -> None:
    for path, selector in TABLES.items():
        browsing.page.goto(site_base + path)
        cells = browsing.page.evaluate(CELLS, selector)
        assert {cell["shown"] for cell in cells} == {"none"}, path  # no ::before: the headings say it
        assert browsing.page.locator(f"{selector} thead th").first.is_visible(), path


STICKY = """() => {
    const heading = document.querySelector('table.portal-actions th');
    const box = heading.getBoundingClientRect();
    const header = document.querySelector('.md-header').getBoundingClientRect();
    const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return {top: box.top, header: header.bottom, on_top: heading.contains(hit), scrolled: window.scrollY};
}"""


def test_the_action_tables_headings_stay_in_view_below_the_header(browsing: Browsing, site_base: str) -> None:
    browsing.page.goto(site_base + "/reviews/bolton-child-sb/actions/")
    browsing.page.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    where = browsing.page.evaluate(STICKY)
    assert where["scrolled"] > 1000
    assert where["top"] == where["header"] == 48
    assert where["on_top"]


def test_a_linked_row_is_not_hidden_under_the_headings(browsing: Browsing, site_base: str) -> None:
    browsing.page.goto(site_base + "/reviews/bolton-child-sb/actions/#recommendation-5")
    row = browsing.page.locator("#recommendation-5").bounding_box()
    heading = browsing.page.locator("table.portal-actions th").first.bounding_box()
    assert row is not None and heading is not None
    assert heading["y"] == 48 and row["y"] >= heading["y"] + heading["height"]


def test_printed_headings_are_not_sticky(browsing: Browsing, site_base: str) -> None:
    browsing.page.goto(site_base + "/reviews/bolton-child-sb/actions/")
    browsing.page.emulate_media(media="print")
    position = browsing.page.evaluate(
        "getComputedStyle(document.querySelector('table.portal-actions th')).position"
    )
    assert position == "static"


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
