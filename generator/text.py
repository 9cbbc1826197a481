"""Make text from YAML safe for the generated Markdown. Every YAML string passes through here.

The rule: text from YAML is turned into finished, inert HTML here, exactly once, and MkDocs
passes that HTML through untouched. (The other way, writing the author's Markdown into the page
for MkDocs to render, would let MkDocs' extensions act on it: attr_list turns `{: onclick=... }`
into attributes, and Python-Markdown keeps raw HTML and any URL scheme. Rendering here is the
only way to give authors Markdown while deciding, in one place, what it may become.)

- Markdown fields (summary, learning, actions) are rendered with Python-Markdown, cleaned by nh3
  (an allow-list sanitiser: no script, no event handlers, no styles, no images, no iframes or
  forms, only http(s)/mailto/tel links), and then every character Markdown could act on in the
  text between the tags is written as an entity. `md_block` wraps the result in one
  `<div class="portal-text">`, which Python-Markdown stores as a raw HTML block and never reads:
  even text that nh3 kept from a tag it dropped (`<div>[x](javascript:...)</div>`) stays text.
  `md_inline` gives the same for a Markdown line (a list item, a table cell).
- Plain fields (titles, names, owners) are escaped: `md_text` in a Markdown line, `html_text`
  in HTML (an attribute or an HTML block), both with the Markdown characters made inert.

A last-step sanitiser (generator/sanitise.py, run by the MkDocs hook on every page) cleans the
HTML MkDocs produces, so a mistake in a template cannot put live markup on the site either.
"""

from __future__ import annotations

import functools
import html
import json
import re

import markdown
import nh3
from markupsafe import Markup

BLOCK_TAGS = {"p", "ul", "ol", "li", "blockquote", "em", "strong", "a", "code", "br", "sup", "sub"}
INLINE_TAGS = {"em", "strong", "a", "code", "br", "sup", "sub"}
ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_markdown = markdown.Markdown(extensions=["sane_lists"], output_format="html")

# Characters Python-Markdown (with the extensions mkdocs.yml enables) could act on in a line.
_MD_ENTITY = {
    "\\": "&#92;",
    "`": "&#96;",
    "*": "&#42;",
    "_": "&#95;",
    "{": "&#123;",
    "}": "&#125;",
    "[": "&#91;",
    "]": "&#93;",
    "#": "&#35;",
    "|": "&#124;",
    "!": "&#33;",
}
_MD_ENTITIES = str.maketrans(_MD_ENTITY)
# html.escape's characters and Markdown's in one pass (escaping one after the other would mangle
# the `&` and `#` of the first pass's entities).
_HTML_AND_MD = str.maketrans(
    {**_MD_ENTITY, "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)
_MD_BACKSLASHED = str.maketrans({char: "\\" + char for char in "\\`*_{}[]#|"})
_MD_PLAIN_LINE = re.compile(r"[^\\`*_{}\[\]#|&<>\s\d+-][^\\`*_{}\[\]#|&<>\s]*(?: [^\\`*_{}\[\]#|&<>\s]+)*")
_TEXT_BETWEEN_TAGS = re.compile(r"(^|>)([^<]+)")


def _clean(rendered: str, tags: set[str]) -> str:
    return nh3.clean(
        rendered,
        tags=tags,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


# Text that Python-Markdown would only wrap in paragraphs: no character it acts on (nor &, < and >,
# which it escapes, nor control characters), no line that could start a block (list, heading,
# quote, rule, code) or end in a hard break. Most prose in a review is like this, and at a
# thousand reviews calling Python-Markdown for every field was most of the generator's time.
# tests/test_text.py checks that this gives exactly what Python-Markdown gives.
_PLAIN_CHARS = re.compile(r"[^\\`*_{}\[\]<>&#!|~^=+\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]+")
_BLOCK_START = re.compile(r"^(?:[-\s]|\d+[.)]|$)|\s$", re.MULTILINE)


def _paragraphs(source: str) -> str | None:
    """Python-Markdown's output for plain paragraphs, or None when the source needs the parser."""
    paragraphs = source.strip("\n").split("\n\n")
    for paragraph in paragraphs:
        if not _PLAIN_CHARS.fullmatch(paragraph) or _BLOCK_START.search(paragraph):
            return None
    return "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _render(source: str) -> str:
    fast = _paragraphs(source)
    if fast is not None:
        return fast
    _markdown.reset()
    return _markdown.convert(source)


def _sanitised(source: str) -> str | None:
    """What nh3 would return for the rendered source, when that is known without calling it.

    Plain paragraphs hold no tag, no `&`, `<` or `>`: nh3 would give them back unchanged, except
    that it writes a no-break space as `&nbsp;`. tests/test_text.py checks this against nh3.
    """
    if "\xa0" in source:
        return None
    return _paragraphs(source)


def _protect(fragment: str) -> str:
    """Turn characters Markdown would act on, in the text between tags, into entities.

    The fragment is already safe HTML; this only stops MkDocs from reading it as Markdown
    a second time when it sits in a Markdown line (a heading, a list item).
    """

    def encode(match: re.Match[str]) -> str:
        return match.group(1) + match.group(2).translate(_MD_ENTITIES)

    return _TEXT_BETWEEN_TAGS.sub(encode, fragment)


@functools.lru_cache(maxsize=20_000)
def md_block(source: str) -> Markup:
    """Markdown from YAML as one sanitised HTML block, ready to stand alone between blank lines.

    The wrapping <div> makes MkDocs keep the whole block as raw HTML (it reads no Markdown inside
    an HTML block), and `_protect` leaves nothing Markdown would act on should it ever read it.
    """
    return Markup(f'<div class="portal-text">\n{html_block(source)}\n</div>')


@functools.lru_cache(maxsize=20_000)
def html_block(source: str) -> Markup:
    """Markdown from YAML as sanitised HTML for an HTML file (the bulletin email), unwrapped."""
    cleaned = _sanitised(source) or _protect(_clean(_render(source), BLOCK_TAGS).strip())
    # No blank lines inside: some Markdown readers end an HTML block at a blank line.
    return Markup(re.sub(r"\n\s*\n", "\n", cleaned))


@functools.lru_cache(maxsize=20_000)
def md_inline(source: str) -> Markup:
    """Markdown from YAML as sanitised inline HTML, safe inside a Markdown line or an HTML cell."""
    safe = _sanitised(source)
    rendered = (_render(source) if safe is None else safe).strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        rendered = rendered[3:-4]
    cleaned = (
        rendered if safe is not None else _clean(rendered, INLINE_TAGS | {"p", "ul", "ol", "li"}).strip()
    )
    return Markup(_protect(re.sub(r"\s*\n\s*", " ", cleaned)))


@functools.lru_cache(maxsize=65_536)
def md_text(text: str) -> Markup:
    """Plain text shown literally in a Markdown line (a heading, link text, a table cell)."""
    if _MD_PLAIN_LINE.fullmatch(text):  # nothing to escape, one space between words: most names
        return Markup(text)
    escaped = html.escape(text, quote=False).translate(_MD_BACKSLASHED)
    escaped = re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", escaped)  # "1. x" would start a list
    escaped = re.sub(r"^([-+])(\s)", r"\\\1\2", escaped)
    return Markup(" ".join(escaped.split()))


@functools.lru_cache(maxsize=65_536)
def html_text(text: str) -> Markup:
    """Plain text as HTML: in an attribute, an HTML block or an HTML tag in a Markdown line.

    Markdown reads the text between inline HTML tags (`<a href="...">[x](javascript:...)</a>` in
    a list item would become a link), so its characters are entities here too; in an attribute
    the browser reads the entities back as the characters they stand for.
    """
    return Markup(text.translate(_HTML_AND_MD))


def front_matter_text(text: str) -> Markup:
    """A YAML front-matter value that themes may print raw: HTML-escaped, then JSON-quoted.

    Material prints `page.meta.title` into <title> and the header without escaping, and applies
    `striptags` (which un-escapes entities) to titles taken from the first heading, so every page
    with a title from YAML sets it here, already escaped.
    """
    return Markup(json.dumps(" ".join(html.escape(text, quote=True).split()), ensure_ascii=False))


@functools.lru_cache(maxsize=20_000)
def plain(source: str) -> str:
    """The words of a Markdown string with all markup removed (for summaries and counts)."""
    safe = _sanitised(source)
    if safe is not None:  # plain paragraphs: their words are the source's words
        return " ".join(source.split())
    stripped = nh3.clean(_render(source), tags=set())
    return " ".join(html.unescape(stripped).split())


def first_sentence(source: str, max_words: int | None = 40) -> str:
    """The first sentence of a Markdown string as plain text, shortened to `max_words` (None:
    the whole sentence, however long)."""
    words_text = plain(source)
    match = re.search(r"^(.+?[.!?])(\s|$)", words_text)
    sentence = match.group(1) if match else words_text
    words = sentence.split()
    if max_words is not None and len(words) > max_words:
        return " ".join(words[:max_words]).rstrip(",;:") + "…"
    return sentence


def word_count(source: str) -> int:
    return len(plain(source).split())
