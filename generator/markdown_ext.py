"""The last step of every page's Markdown conversion, on every engine (MkDocs, ProperDocs and
Zensical all convert pages with Python-Markdown and load the extensions mkdocs.yml lists, while
only MkDocs and ProperDocs run its hooks):

- the page's HTML is cleaned against the allow-list (sanitise.py), generated or hand-written;
- a review's page that carries its search facets (templates' `search_meta`) is marked as the one
  part of it Pagefind indexes, without the content note's words;
- the table of contents' entries are text only (see `plain_toc`).

mkdocs.yml lists it as `generator.markdown_ext`; the Makefile makes the project folder
importable in its virtual environment.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .sanitise import page_html

FACETS = re.compile(r'<div class="portal-search-facets"')
# After a review page's searchable part: search_index.py cuts the page there for Pagefind. (A
# comment in the page's text cannot reach here: the sanitiser removes comments first.)
BODY_START = "<div data-pagefind-body>"
BODY_END = "<!-- end of data-pagefind-body -->"
CONTENT_NOTE = re.compile(
    r'<div class="admonition warning">(\s*<p class="admonition-title">Content note</p>)'
)


def page_content(html: str) -> str:
    """A page's converted HTML as it is published."""
    clean = page_html(html)
    if not FACETS.search(clean):
        return clean
    body = CONTENT_NOTE.sub(r'<div class="admonition warning" data-pagefind-ignore>\1', clean)
    return f"{BODY_START}\n{body}\n</div>{BODY_END}"


class _PageContent(Postprocessor):
    def run(self, text: str) -> str:
        return page_content(text)


_TAG = re.compile(r"<[^>]*>")


def plain_toc(tokens: list[dict[str, Any]]) -> None:
    """The table of contents' entries as text: each heading's HTML without its tags. (The HTML
    was cleaned, but an engine may rework it: Zensical cuts `id=...` out of it with a regular
    expression, which can end an attribute's value early and turn the rest of it into
    attributes. Text that is only text cannot be turned into markup.)"""
    for token in tokens:
        if isinstance(token.get("html"), str):
            token["html"] = _TAG.sub("", token["html"])
        plain_toc(token.get("children", []))


class _PlainToc(Treeprocessor):
    def run(self, root: Any) -> None:
        plain_toc(getattr(self.md, "toc_tokens", []))


# An HTML block as the generator writes them: a line opening one of these at its start, after
# a blank line, up to the line that closes it, before a blank line.
_OPENS = re.compile(r"<(table|ul|ol|div|p|dl)[ >]")
# What makes a block's end hard to find by counting tags (text that is not markup), or asks
# for Markdown inside it: such a block is left to Python-Markdown's parser.
_UNSURE = re.compile(r"<!--|<!\[CDATA|<\?|<(script|style|pre|textarea|title|xmp)\b|markdown=", re.IGNORECASE)


# The engine's own scan of a page's raw HTML for ids (what links to `page.md#id` may point to),
# which runs just before Python-Markdown's raw HTML blocks: MkDocs' and ProperDocs' names.
ID_SCANS = ("mkdocs_raw_html", "properdocs_raw_html")
_START_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)([^>]*)>")
_ID_LIKE = re.compile(r"\s(id|name)\s*=", re.IGNORECASE)
_ID = re.compile(r'\s(id|name)="([^"]*)"')


def block_ids(block: str) -> set[str] | None:
    """The ids in a block's tags (and the names of its links), as the engine's scan finds them;
    None when a tag writes one in a way this does not read (unquoted, in capitals ...)."""
    found = set()
    for tag in _START_TAG.finditer(block):
        for attribute in _ID_LIKE.finditer(tag[2]):
            exact = _ID.match(tag[2], attribute.start())
            if exact is None:
                return None
            if exact[1] == "id" or tag[1].lower() == "a":
                found.add(html.unescape(exact[2]))
    return found


class _HtmlBlocks(Preprocessor):
    """Python-Markdown finds where each raw HTML block ends by parsing the whole page with
    html.parser (a quarter of the time a page takes to convert, on pages that are mostly HTML
    already), and keeps each block as it is, in its stash. The blocks the generator writes end
    where their tag, counted, closes: they go to the stash here, just as they would there.

    Under MkDocs and ProperDocs (`early`), before the engine's scan for ids parses the page's
    HTML once more (another sixth of the time): the ids of the blocks taken are read here and
    added to what the scan found (`_BlockIds`). Elsewhere, after it."""

    def __init__(self, md: Markdown, early: bool) -> None:
        super().__init__(md)
        self.early = early
        self.ids: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        self.ids = set()
        if self.early and not any(name in self.md.preprocessors for name in ID_SCANS):
            return lines  # no scan to run before: the blocks are taken after it, as elsewhere
        out: list[str] = []
        index = 0
        while index < len(lines):
            end = self._block_end(lines, index) if not (out and out[-1].strip()) else None
            block = "\n".join(lines[index : end + 1]) if end is not None else ""
            ids = block_ids(block) if end is not None and self.early else set()
            if end is None or ids is None:
                out.append(lines[index])
                index += 1
                continue
            self.ids |= ids
            out += ["", self.md.htmlStash.store(block + "\n"), ""]
            index = end + 1
        return out

    @staticmethod
    def _block_end(lines: list[str], start: int) -> int | None:
        """The line that closes the block opened at `start`, if it is one of the generator's."""
        opened = _OPENS.match(lines[start])
        if opened is None:
            return None
        tag = opened[1]
        opening, closing = re.compile(rf"<{tag}[ >]"), f"</{tag}>"
        depth = 0
        for index in range(start, len(lines)):
            line = lines[index]
            if _UNSURE.search(line):
                return None
            depth += len(opening.findall(line)) - line.count(closing)
            if depth <= 0:
                ends = line.endswith(closing) and (index + 1 == len(lines) or not lines[index + 1].strip())
                return index if depth == 0 and ends else None
        return None


class _BlockIds(Preprocessor):
    """After the engine's scan for ids: the ids of the blocks it did not see, taken before it."""

    def __init__(self, md: Markdown, blocks: _HtmlBlocks) -> None:
        super().__init__(md)
        self.blocks = blocks

    def run(self, lines: list[str]) -> list[str]:
        for name in ID_SCANS:
            if name in self.md.preprocessors:
                scan = self.md.preprocessors[name]
                scan.present_anchor_ids = set(scan.present_anchor_ids) | self.blocks.ids  # type: ignore[attr-defined]
        return lines


class PortalExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Raw HTML blocks: before the engine's scan for ids (21) when there is one, then after
        # it (the rest, or all of them elsewhere), before Python-Markdown's own (20).
        early = _HtmlBlocks(md, early=True)
        md.preprocessors.register(early, "portal_html_blocks_early", 21.5)
        md.preprocessors.register(_BlockIds(md, early), "portal_html_block_ids", 20.9)
        md.preprocessors.register(_HtmlBlocks(md, early=False), "portal_html_blocks", 20.5)
        # After every other postprocessor (raw HTML is put back at 30, `&` at 20): the last word.
        md.postprocessors.register(_PageContent(md), "portal_page_content", 0)
        # After toc (5) has made its entries.
        md.treeprocessors.register(_PlainToc(md), "portal_plain_toc", 0)


def makeExtension(**kwargs: Any) -> PortalExtension:  # noqa: N802 (Python-Markdown's name)
    return PortalExtension(**kwargs)
