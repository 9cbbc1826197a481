"""The last step before a page is published: its HTML, cleaned against an allow-list.

Text from YAML is made inert where it is read (text.py). This is the second line: the Markdown
extension markdown_ext.py runs `page_html` on the content of every page the engine renders,
generated or hand-written, so a mistake in a template or a hand-written page still cannot publish
a script, an event handler, a style attribute, a `javascript:` or `data:` link, a form, a frame
or an image from another host.

The allow-list is what the templates and MkDocs' Markdown extensions (admonition, attr_list,
tables, toc) produce, and what a hand-written page reasonably uses; anything else is dropped
(its text is kept, as text). The theme's own HTML (header, banner, exit button, search) is outside
a page's content and comes from overrides/ and Material, not from here.
"""

from __future__ import annotations

import functools

import nh3

TAGS = frozenset(
    """
    a abbr b blockquote br button caption code dd del details div dl dt em figcaption figure
    h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s small span strong sub summary sup
    table tbody td tfoot th thead time tr u ul
    """.split()
)
# Attributes any allowed tag may carry. No style, no on*, no srcset: nothing that runs or restyles.
COMMON = frozenset(
    """
    class id title lang hidden role aria-label aria-labelledby aria-describedby aria-hidden
    data-search-exclude data-label data-pagefind-filter data-pagefind-meta data-pagefind-ignore
    """.split()
)
ATTRIBUTES = {
    "a": {"href", "rel"},
    "button": {"type"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})  # and relative addresses
# Removed with everything inside them, not just their tags.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})


def _is_local(url: str) -> bool:
    """An address on this site: relative, or from the site's root (`/x`), not `//host/x`."""
    stripped = url.strip()
    return not stripped.startswith("//") and ":" not in stripped.split("/", 1)[0].split("?", 1)[0]


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """Images only from the site itself: no request leaves the site, no reader is tracked."""
    if element == "img" and attribute == "src" and not _is_local(value):
        return None
    return value


@functools.lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """One sanitiser for every call: building it takes longer than cleaning a heading, and the
    table of contents runs the Markdown postprocessors (this one included) on every heading."""
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(COMMON) | ATTRIBUTES.get(tag, set()) for tag in TAGS},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_attribute,
        link_rel=None,
        strip_comments=True,
    )


def page_html(html: str) -> str:
    """A page's content HTML with everything outside the allow-list removed."""
    return _cleaner().clean(html)
