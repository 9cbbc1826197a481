"""The plain-paragraph shortcut in text.py gives exactly what Python-Markdown gives, or steps aside."""

from __future__ import annotations

import datetime as dt
import html
import random
import re
from pathlib import Path

import markdown
import nh3
import pytest

from generator import text
from generator.loader import read_inputs
from generator.publication import passages
from generator.validate import build_corpus

ROOT = Path(__file__).resolve().parent.parent

# Characters Markdown acts on, white space of every kind, digits, punctuation and non-ASCII letters.
ALPHABET = (
    list("abc XYZ019.,;:'\"()/-–—’%£$@?")
    + list("\\`*_{}[]<>&#!|~^=+")
    + [
        "\n",
        "\n\n",
        "  ",
        "\t",
        "\r",
        "\xa0",
        "\u2028",
        "é",
        "1. ",
        "- ",
        "> ",
        "    ",
        "---",
        "&amp;",
        "<b>",
    ]
)


def python_markdown(source: str) -> str:
    return markdown.Markdown(extensions=["sane_lists"], output_format="html").convert(source)


def test_ordinary_prose_takes_the_shortcut() -> None:
    source = 'The school saw him 12 times in 2019 (each a Monday).\nHe said: "fine".\n\nA second one.'
    expected = (
        '<p>The school saw him 12 times in 2019 (each a Monday).\nHe said: "fine".</p>\n<p>A second one.</p>'
    )
    assert text._paragraphs(source) == expected
    assert python_markdown(source) == expected


@pytest.mark.parametrize(
    "source",
    [
        "1. a list",
        "- a list",
        "Words *emphasis*",
        "a & b",
        "# heading",
        "line  \nbreak",
        "    code",
        "Title\n---",
    ],
)
def test_markdown_steps_aside(source: str) -> None:
    assert text._paragraphs(source) is None


def test_random_text_agrees_with_python_markdown() -> None:
    rng = random.Random(8)
    for _ in range(20_000):
        source = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))
        fast = text._paragraphs(source)
        if fast is not None:
            assert fast == python_markdown(source), repr(source)


def test_every_sample_text_agrees_with_python_markdown() -> None:
    """Every text field of the sample reviews (the publication check's walker), rendered both ways."""
    corpus, _ = build_corpus(read_inputs(ROOT), dt.date(2026, 11, 22))
    assert corpus is not None
    sources = [passage.text for review in corpus.reviews for passage in passages(review)]
    shortcut = [source for source in sources if text._paragraphs(source) is not None]
    assert len(shortcut) > len(sources) / 2  # the shortcut is the common case on real text
    for source in shortcut:
        assert text._paragraphs(source) == python_markdown(source), repr(source)


# What a Markdown field may become, written out here (not taken from text.py) so that a change
# to text.py's settings fails this test instead of changing what it expects.
ALLOWED_BLOCK = {"p", "ul", "ol", "li", "blockquote", "em", "strong", "a", "code", "br", "sup", "sub"}
ALLOWED_INLINE = {"em", "strong", "a", "code", "br", "sup", "sub", "p", "ul", "ol", "li"}
MARKDOWN_ENTITIES = {
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


def _cleaned(rendered: str, tags: set[str]) -> str:
    return nh3.clean(
        rendered,
        tags=tags,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener",
        strip_comments=True,
    )


def _inert(fragment: str) -> str:
    """Every character Markdown acts on, in the text between tags, as an entity."""
    return re.sub(
        r"(^|>)([^<]+)",
        lambda match: match[1] + "".join(MARKDOWN_ENTITIES.get(char, char) for char in match[2]),
        fragment,
    )


def sanitised_reference(source: str) -> tuple[str, str, str]:
    """md_block, md_inline and plain the long way: Python-Markdown, nh3 and the entities, always."""
    rendered = python_markdown(source)
    block = re.sub(r"\n\s*\n", "\n", _inert(_cleaned(rendered, ALLOWED_BLOCK).strip()))
    inline = rendered.strip()
    if inline.startswith("<p>") and inline.endswith("</p>") and inline.count("<p>") == 1:
        inline = inline[3:-4]
    inline = _inert(re.sub(r"\s*\n\s*", " ", _cleaned(inline, ALLOWED_INLINE).strip()))
    words = " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
    return f'<div class="portal-text">\n{block}\n</div>', inline, words


def md_text_reference(value: str) -> str:
    """md_text as first written, without its shortcut for text that needs no escaping."""
    escaped = re.sub(r"([\\`*_{}\[\]#|])", r"\\\1", html.escape(value, quote=False))
    escaped = re.sub(r"^(\d+)\.(\s)", r"\1\\.\2", escaped)
    escaped = re.sub(r"^([-+])(\s)", r"\\\1\2", escaped)
    return " ".join(escaped.split())


def test_md_text_escapes_as_the_reference_does() -> None:
    rng = random.Random(9)
    for _ in range(20_000):
        value = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 10)))
        assert text.md_text(value) == md_text_reference(value), repr(value)
    assert text.md_text("Children's Social Care") == "Children's Social Care"
    assert text.md_text("1. *Not* a list") == "1\\. \\*Not\\* a list"
