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

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
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


class PortalExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After every other postprocessor (raw HTML is put back at 30, `&` at 20): the last word.
        md.postprocessors.register(_PageContent(md), "portal_page_content", 0)
        # After toc (5) has made its entries.
        md.treeprocessors.register(_PlainToc(md), "portal_plain_toc", 0)


def makeExtension(**kwargs: Any) -> PortalExtension:  # noqa: N802 (Python-Markdown's name)
    return PortalExtension(**kwargs)
