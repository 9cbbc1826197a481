"""The last step of every page's Markdown conversion, on every engine (MkDocs, ProperDocs and
Zensical all convert pages with Python-Markdown and load the extensions mkdocs.yml lists, while
only MkDocs and ProperDocs run its hooks):

- the page's HTML is cleaned against the allow-list (sanitise.py), generated or hand-written;
- a review's page that carries its search facets (templates' `search_meta`) is marked as the one
  part of it Pagefind indexes, without the content note's words.

mkdocs.yml lists it as `generator.markdown_ext`; the Makefile makes the project folder
importable in its virtual environment.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from .sanitise import page_html

FACETS = re.compile(r'<div class="portal-search-facets"')
CONTENT_NOTE = re.compile(
    r'<div class="admonition warning">(\s*<p class="admonition-title">Content note</p>)'
)


def page_content(html: str) -> str:
    """A page's converted HTML as it is published."""
    clean = page_html(html)
    if not FACETS.search(clean):
        return clean
    body = CONTENT_NOTE.sub(r'<div class="admonition warning" data-pagefind-ignore>\1', clean)
    return f"<div data-pagefind-body>\n{body}\n</div>"


class _PageContent(Postprocessor):
    def run(self, text: str) -> str:
        return page_content(text)


class PortalExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After every other postprocessor (raw HTML is put back at 30, `&` at 20): the last word.
        md.postprocessors.register(_PageContent(md), "portal_page_content", 0)


def makeExtension(**kwargs: Any) -> PortalExtension:  # noqa: N802 (Python-Markdown's name)
    return PortalExtension(**kwargs)
