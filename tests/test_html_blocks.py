"""markdown_ext's `_HtmlBlocks` puts the generator's HTML blocks in Python-Markdown's stash without
parsing the page for them: the HTML must be exactly what Python-Markdown makes without it, for the
blocks it takes and for everything it must leave to Python-Markdown."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from conftest import REPO, mkdocs_yml

from generator import markdown_ext


def _extensions() -> tuple[list[str], dict[str, dict[str, object]]]:
    names, configs = [], {}
    for entry in mkdocs_yml(REPO / "mkdocs.yml")["markdown_extensions"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        names.append(name)
        if isinstance(entry, dict):
            configs[name] = entry[name]
    return names, configs


# The line every generated page starts with (its first lines): only such a page is worked on.
MARK = markdown_ext.GENERATED + "reviews/child-t.yaml: edit that file, not this page -->\n\n"


def _convert(text: str, stashing: bool) -> tuple[str, int]:
    """The page's HTML, and how many blocks _HtmlBlocks stashed."""
    text = text if text.startswith("# Hand-written") else MARK + text  # a generated page, but one
    names, configs = _extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    stashed = [0]
    if stashing:
        blocks = md.preprocessors["portal_html_blocks"]
        run = blocks.run

        def counted(lines: list[str]) -> list[str]:
            before = md.htmlStash.html_counter
            out = run(lines)
            stashed[0] = md.htmlStash.html_counter - before
            return out

        blocks.run = counted  # type: ignore[method-assign]
    else:
        md.preprocessors.deregister("portal_html_blocks")
    return md.convert(text), stashed[0]


TABLE = (
    '<table class="t">\n<thead>\n<tr><th scope="col">A</th></tr>\n</thead>\n'
    "<tbody>\n<tr><td>1 &amp; 2</td></tr>\n</tbody>\n</table>"
)
CASES = {
    # name: (Markdown, how many blocks _HtmlBlocks takes)
    "a table between a heading and text": (f"# Title\n\nSome *text*.\n\n{TABLE}\n\n## Next\n\nMore.\n", 1),
    "two tables": (f"{TABLE}\n\n{TABLE}\n", 2),
    "nested divs": ('<div class="a">\n<div class="b"><p>x</p></div>\n<div>y</div>\n</div>\n\nAfter.\n', 1),
    "a list": ('<ul class="portal-list">\n<li><a href="../x/">X</a></li>\n<li>Y</li>\n</ul>\n\nText.\n', 1),
    "a paragraph": ("<p>One <em>two</em>.</p>\n\nText.\n", 1),
    "a block at the end": (f"Text.\n\n{TABLE}", 1),
    "a comment inside": ("<div>\n<!-- </div> -->\n<p>x</p>\n</div>\n\nText.\n", 0),
    "a script inside": ("<div>\n<script>var a = '</div>';</script>\n</div>\n\nText.\n", 0),
    "pre inside": ("<div>\n<pre>\n</div>\n</pre>\n</div>\n\nText.\n", 0),
    "markdown inside asked for": ('<div markdown="1">\n*x*\n</div>\n\nText.\n', 0),
    "no blank line before": (f"Text.\n{TABLE}\n\nMore.\n", 0),
    "no blank line after": (f"{TABLE}\nMore.\n", 0),
    "text after the closing tag": ("<div>\n<p>x</p>\n</div> tail\n\nText.\n", 0),
    "never closed": ("<div>\n<p>x</p>\n\nText.\n", 0),
    "closed twice": ("<div>\n<p>x</p>\n</div></div>\n\nText.\n", 0),
    "an inline tag": ("<span>x</span>\n\nText.\n", 0),
    "indented": (f"    {TABLE}\n\nText.\n", 0),
    "in a list item": (f"- item\n\n{TABLE}\n", 1),
    "attributes asked for after": (f"{TABLE}\n{{: onclick=alert(1) }}\n\nText.\n", 0),
    "a tag that looks like one": ("<divx>\n</divx>\n\n<pre>\nx\n</pre>\n\nText.\n", 0),
    "upper case": ("<DIV>\n<p>x</p>\n</DIV>\n\nText.\n", 0),
    # Where Python-Markdown's own parser decides, nothing after is taken.
    "a pre across blank lines": (f"<pre>\nline\n\n{TABLE}\n\nend</pre>\n\n{TABLE}\n", 0),
    "a comment across blank lines": (f'<!--\n\n<div id="c">x</div>\n\n-->\n\n{TABLE}\n', 0),
    "a bare markdown attribute": (f"<div markdown>\n*em*\n</div>\n\n{TABLE}\n", 0),
    "two blocks on one line": (f"<div>a</div><div>b</div>\n\n{TABLE}\n", 0),
    "inside a block never closed": (f"<div>\n\n<div>x</div>\n\n{TABLE}\n", 0),
    "a quoted > in an attribute": ('<div title="a > b" id="x">\n<p>y</p>\n</div>\n\nText.\n', 1),
    "a one-line comment, then a block": (f"<!-- a note -->\n\n{TABLE}\n", 1),
    "a page not generated": (f"# Hand-written\n\n{TABLE}\n", 0),
}


@pytest.mark.parametrize("name", CASES)
def test_the_html_is_what_python_markdown_makes_without_it(name: str) -> None:
    text, taken = CASES[name]
    expected, _ = _convert(text, stashing=False)
    html, stashed = _convert(text, stashing=True)
    assert html == expected
    assert stashed == taken


def test_the_generators_pages_are_mostly_taken(tmp_path: Path) -> None:
    """A review's action table, as generate writes it: every HTML block stashed, the same HTML."""
    from conftest import copy_sample

    from generator import cli

    copy_sample(tmp_path)
    assert cli.run(["generate", "--root", str(tmp_path), "--as-of", "2026-11-22"]) == 0
    page = (tmp_path / "content/reviews/bolton-child-g-and-child-l/actions.md").read_text(encoding="utf-8")
    expected, _ = _convert(page, stashing=False)
    html, stashed = _convert(page, stashing=True)
    assert html == expected
    assert stashed == 2  # its two HTML blocks: the search facets and the action table
    assert markdown_ext.BODY_START in html


def _convert_in_mkdocs(text: str, ours: bool) -> tuple[str, set[str], int]:
    """As MkDocs converts a page (its scan of raw HTML for ids registered): the HTML, the ids the
    scan reports, and how many blocks were taken before the scan."""
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    text = text if text.startswith("# Hand-written") else MARK + text
    names, configs = _extensions()
    md = markdown.Markdown(extensions=names, extension_configs=configs)
    scan = _RawHTMLPreprocessor()
    scan._register(md)
    if not ours:
        for name in ("portal_html_blocks_early", "portal_html_block_ids", "portal_html_blocks"):
            md.preprocessors.deregister(name)
    html = md.convert(text)
    early = md.preprocessors["portal_html_blocks_early"] if ours else None
    taken = len(early.ids) if early is not None else 0  # type: ignore[attr-defined]
    return html, scan.present_anchor_ids, taken


ID_CASES = {
    # name: (Markdown, the ids the blocks taken before the scan hold)
    "ids in a table": (TABLE.replace("<td>", '<td id="learning-1">') + "\n\nText.\n", 1),
    "a link's name, a span's is not an id": (
        '<div>\n<a name="here">x</a><span name="no">y</span>\n</div>\n',
        1,
    ),
    "an escaped id": ('<div id="a&amp;b">\n<p>x</p>\n</div>\n', 1),
    "an id in single quotes": ("<div id='single'>\n<p>x</p>\n</div>\n", 0),
    "an id in capitals": ('<div ID="caps">\n<p>x</p>\n</div>\n', 0),
    "an unquoted id": ("<div id=bare>\n<p>x</p>\n</div>\n", 0),
    "an id in a comment": ('<div>\n<!-- <p id="hidden"> -->\n</div>\n', 0),
    "ids in text": ('The attribute id="text" is only words.\n\n<p>See id="x".</p>\n', 0),
    "a quoted > before the id": ('<div title="a > b" id="x">\n<p>y</p>\n</div>\n', 1),
    "an id inside another attribute": ("<div title='a id=\"z\"'>\n<p>y</p>\n</div>\n", 0),
    "an id in a comment across blank lines": ('<!--\n\n<div id="c">x</div>\n\n-->\n', 0),
}


@pytest.mark.parametrize("name", [*CASES, *ID_CASES])
def test_under_mkdocs_the_html_and_the_ids_are_what_mkdocs_finds_without_it(name: str) -> None:
    text, _ = CASES[name] if name in CASES else ID_CASES[name]
    expected, expected_ids, _ = _convert_in_mkdocs(text, ours=False)
    html, ids, taken = _convert_in_mkdocs(text, ours=True)
    assert html == expected
    assert ids == expected_ids
    if name in ID_CASES:
        assert taken == ID_CASES[name][1]
