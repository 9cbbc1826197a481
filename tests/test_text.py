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


def sanitised_reference(source: str) -> tuple[str, str, str]:
    """md_block, md_inline and plain as first written: nh3 cleans every rendered text."""
    rendered = text._render(source)
    block = re.sub(r"\n\s*\n", "\n", text._clean(rendered, text.BLOCK_TAGS).strip())
    inline = rendered.strip()
    if inline.startswith("<p>") and inline.endswith("</p>") and inline.count("<p>") == 1:
        inline = inline[3:-4]
    inline = text._clean(inline, text.INLINE_TAGS | {"p", "ul", "ol", "li"}).strip()
    inline = text._protect(re.sub(r"\s*\n\s*", " ", inline))
    words = " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())
    return block, inline, words


def test_plain_paragraphs_skip_nh3_with_the_same_result() -> None:
    rng = random.Random(9)
    sources = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14))) for _ in range(20_000)]
    corpus, _ = build_corpus(read_inputs(ROOT), dt.date(2026, 11, 22))
    assert corpus is not None
    sources += [passage.text for review in corpus.reviews for passage in passages(review)]
    skipped = 0
    for source in sources:
        skipped += text._sanitised(source) is not None
        got = (text.md_block(source), text.md_inline(source), text.plain(source))
        assert got == sanitised_reference(source), repr(source)
    assert skipped > 1_000  # the shortcut was taken, not only the long way


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
