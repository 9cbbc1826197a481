"""The last sanitiser (generator/sanitise.py): what it keeps and what it drops, exactly."""

from __future__ import annotations

import pytest

from generator.sanitise import page_html

HEADING = '<h2 id="x" data-search-exclude="">T<a class="headerlink" href="#x" title="Link">¶</a></h2>'
TABLE = '<table class="portal-actions"><tbody><tr id="r"><td data-label="Steps">x</td></tr></tbody></table>'


@pytest.mark.parametrize(
    "html,expected",
    [
        # What the templates and MkDocs' extensions make is kept as it is.
        (HEADING, HEADING),
        (TABLE, TABLE),
        (
            '<p class="portal-print-action" hidden=""><button type="button" id="b">Print</button></p>',
            '<p class="portal-print-action" hidden=""><button type="button" id="b">Print</button></p>',
        ),
        (
            '<a href="../x/#y">r</a> <a href="tel:999">t</a>',
            '<a href="../x/#y">r</a> <a href="tel:999">t</a>',
        ),
        ('<a href="mailto:a@b.org">m</a>', '<a href="mailto:a@b.org">m</a>'),
        ('<img src="../assets/a.png" alt="a">', '<img src="../assets/a.png" alt="a">'),
        # What runs, restyles, frames or calls another host is dropped; its text stays text.
        ('<p onclick="alert(1)" style="position:fixed">t</p>', "<p>t</p>"),
        ('<a href="javascript:alert(1)">j</a>', "<a>j</a>"),
        ('<a href=" JavaScript:alert(1)">j</a>', "<a>j</a>"),
        ('<a href="data:text/html,x">d</a>', "<a>d</a>"),
        ('<a href="vbscript:msgbox">v</a>', "<a>v</a>"),
        ('<img src="https://evil.example/p.png" alt="p">', '<img alt="p">'),
        ('<img src="//evil.example/p.png">', "<img>"),
        ("<script>alert(1)</script>after", "after"),
        ("<style>body{display:none}</style>after", "after"),
        ('<iframe src="https://evil.example/"></iframe>after', "after"),
        ('<form action="https://evil.example/"><input name="q">f</form>', "f"),
        ('<svg onload="alert(1)"><circle r="1"></circle></svg>s', "s"),
        ("<!-- a comment -->c", "c"),
        ('<div srcset="x" formaction="y">d</div>', "<div>d</div>"),
    ],
)
def test_page_html(html: str, expected: str) -> None:
    assert page_html(html) == expected
