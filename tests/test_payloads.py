"""Every text field of every input, full of markup, published inert: built from the formats.

The review, bulletin and portal.yaml used here are not written by hand: `fill` walks the format
declarations (generator/formats.py) and puts a payload in every text field, so a field added to a
format tomorrow is attacked the day it is added. Then the whole site is built and every file in
site/ is read: HTML pages, the bulletin email, the feed, the CSV and JSON exports.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from browsing import serve
from conftest import Browsing, copy_sample, mkdocs_yml

from generator import formats
from generator.schema import (
    Choice,
    Count,
    Date,
    Flag,
    Identifier,
    Kind,
    ListOf,
    Record,
    Slug,
    Text,
    ThemeRef,
    Url,
)

# Markdown fields get every trick at once; one-line fields the ones that fit on a line. Each
# carries its field's path after MARK, to show that it reached the site.
MARKDOWN = """\
@SUM(1+1) <div>[x](javascript:alert('md-div')) MARK{path}</div>

<div>
Text {{: style="position:fixed;inset:0;z-index:99999;background:#fff" }}
</div>

Para {{: onclick=alert('md-attr') }} ![x](https://evil.example/p.png) [d](data:text/html,x)
<script>alert('md-script')</script> <img src=x onerror=alert('md-img')>
<iframe src="https://evil.example/"></iframe> `<b onclick=alert('md-code')>code</b>`
<a href="javascript:alert('md-a')">a</a> <span style="position:fixed">s</span>
[v](vbscript:msgbox) <form action="https://evil.example/"><input name=q></form>

<div>[y](javascript:alert('md-block-link'))</div>

<div>
End {{: style="position:fixed;inset:0;z-index:99999" onclick="alert('md-end')" }}
</div>
"""
LINE = (
    "=HYPERLINK(\"https://evil.example\") MARK{path} [x](javascript:alert('line-link')) "
    "{{: onclick=alert('line-attr') }} ![x](https://evil.example/p.png) "
    "<img src=x onerror=alert('line-img')> <script>alert('line-script')</script>"
)
EVIL_HOST = "evil.example"
HAND_WRITTEN = """\
# A hand-written page

Words {: onclick="alert('hand-attr')" style="position:fixed" }

<script>alert('hand-script')</script>
<img src="https://evil.example/hand.png" alt=""> <img src="assets/local.png" alt="local">
<a href="javascript:alert('hand-link')">link</a> <a href="data:text/html,x">data</a>
<div style="position:fixed;inset:0;z-index:99999">cover</div>
<iframe src="https://evil.example/"></iframe>
<form action="https://evil.example/"><input name="q"></form>
"""


class Filler:
    """A valid document of a format, with a payload in every text field."""

    def __init__(self, slug: str) -> None:
        self.slug = slug
        self.number = 0

    def record(self, record: Record, path: str) -> dict[str, Any]:
        return {
            field.name: self.value(field.kind, f"{path}.{field.name}".lstrip(".")) for field in record.fields
        }

    def value(self, kind: Kind, path: str) -> Any:  # noqa: PLR0911 (one branch per kind of field)
        if isinstance(kind, Text):
            return (LINE if kind.plain else MARKDOWN).format(path=path)
        if isinstance(kind, Record):
            return self.record(kind, path)
        if isinstance(kind, ListOf):
            return [self.value(kind.item, f"{path}[1]")]
        if isinstance(kind, Identifier):
            self.number += 1
            return str(self.number)
        if isinstance(kind, Date):
            return "2030-05" if path.endswith("due") else "2020-05"
        if isinstance(kind, Url):
            return "https://example.org/report(1).pdf?a=1&b=*2*_x_#p"
        if isinstance(kind, Slug):
            return f"{self.slug}-old"
        if isinstance(kind, ThemeRef):
            return "neglect"
        if isinstance(kind, Choice):
            return kind.values[0]
        if isinstance(kind, Count):
            return 3
        if isinstance(kind, Flag):
            return False
        if isinstance(kind, formats.ThemeTable):
            return {"payload-theme": self.record(formats.THEME_ENTRY, "themes.payload-theme")}
        raise AssertionError(f"{path}: a new kind of field ({type(kind).__name__}): give it a payload here")


def payload_review() -> dict[str, Any]:
    review = Filler("payload").record(formats.review_record("payload"), "")
    review.update(status="published", content_note=["suicide"])
    review.pop("embargo_until")
    review["learning"][0]["id"] = "L1"
    return review


def payload_bulletin() -> dict[str, Any]:
    bulletin = Filler("payload").record(formats.BULLETIN, "")
    item = bulletin["items"][0]
    item.update(review="payload", learning=["L1"])
    free = {key: value for key, value in item.items() if key not in ("review", "learning")}
    bulletin["items"] = [item, free]
    return bulletin


def payload_portal() -> dict[str, Any]:
    portal = Filler("payload").record(formats.PORTAL, "")
    portal.update(site_url="https://learning.example.org/", quick_exit_url="https://www.bbc.co.uk/weather")
    return portal


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1000)


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("payloads")
    copy_sample(root)
    (root / "reviews/payload.yaml").write_text(_dump(payload_review()), encoding="utf-8")
    (root / "bulletins/3.yaml").write_text(_dump(payload_bulletin()), encoding="utf-8")
    (root / "portal.yaml").write_text(_dump(payload_portal()), encoding="utf-8")
    # A hand-written page is Markdown MkDocs reads as it is: only the last sanitiser stands
    # between its raw HTML and the site.
    (root / "content/hand-written.md").write_text(HAND_WRITTEN, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("not_in_nav: |\n", "not_in_nav: |\n  /hand-written.md\n"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for command in (
        [sys.executable, "-m", "generator", "generate", "--as-of", "2026-11-22"],
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
    ):
        done = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
    return root / "site"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._script = False
        self.content_depth = 0  # inside <article> (the page's own content)
        self.in_content: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if self.content_depth or tag == "article":
            self.content_depth += 1
            self.in_content.append((tag, attributes))
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if self.content_depth:
            self.content_depth -= 1
        self._script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._script else self.text).append(data)


def _html_files(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href")


def _problems(file: Path) -> list[str]:
    parser = _Tags()
    parser.feed(file.read_text(encoding="utf-8"))
    found = []
    for tag, attributes in parser.tags:
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and value.strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                found.append(f"<{tag} {name}={value}>")
            if name in ("src", "srcset", "action") and urlsplit(value.strip()).hostname == EVIL_HOST:
                found.append(f"<{tag} {name}={value}>")
            if name == "style" and ("position" in value or "z-index" in value):
                found.append(f"<{tag} style={value}>")
        if tag in ("iframe", "object", "embed", "frame"):
            found.append(f"<{tag}>")
        if tag == "form" and attributes.get("class") not in ("portal-search-bar", "portal-search__form"):
            found.append("<form>")
    found += [f"<{tag} style>" for tag, attributes in parser.in_content if "style" in attributes]
    found += [
        f"<img> from another host: {attributes['src']}"
        for tag, attributes in parser.in_content
        if tag == "img"
        and "src" in attributes
        and (urlsplit(attributes["src"]).scheme or attributes["src"].startswith("//"))
    ]
    found += [f"<script>{body[:40]}" for body in parser.scripts if "alert(" in body]
    return found


def test_no_html_file_carries_live_markup_from_yaml(payload_site: Path) -> None:
    files = list(_html_files(payload_site))
    assert len(files) > 60
    problems = {str(file.relative_to(payload_site)): _problems(file) for file in files}
    assert {file: found for file, found in problems.items() if found} == {}


def test_the_generated_markdown_is_inert_without_the_last_sanitiser(
    payload_site: Path, tmp_path: Path
) -> None:
    """Two lines of defence, each tested alone: the generated Markdown, read by Python-Markdown
    with mkdocs.yml's extensions but without the last sanitiser (generator.markdown_ext), is
    already inert."""
    import markdown

    config = mkdocs_yml(payload_site.parent / "mkdocs.yml")
    extensions = [
        next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["markdown_extensions"]
    ]
    extensions.remove("generator.markdown_ext")
    content = payload_site.parent / "content"
    generated = json.loads((content / ".generated").read_text())["files"]
    pages = [content / path for path in generated if path.endswith(".md")]
    assert len(pages) > 60
    found = {}
    for page in pages:
        body = page.read_text(encoding="utf-8").split("---\n", 2)[-1]  # front matter off
        html = markdown.Markdown(extensions=extensions).convert(body)
        file = tmp_path / "page.html"
        file.write_text(f"<article>{html}</article>", encoding="utf-8")
        if problems := _problems(file):
            found[str(page.relative_to(payload_site.parent))] = problems
    assert found == {}


@pytest.mark.parametrize(
    "page,fields",
    [
        (
            "reviews/payload/index.html",
            [
                "summary",
                "methodology",
                "learning[1].text",
                "learning[1].board_view",
                "learning[1].points[1]",
                "learning[1].recommendations[1].text",
                "recommendations[1].text",
                "key_dates[1].event",
                "title",
                "child",
            ],
        ),
        (
            "reviews/payload/briefing/index.html",
            # Its briefing has the author's own sections (briefing.sections), which replace the seven;
            # its further reading has the full report's address, listed once, as the full report.
            ["briefing.sections[1].title", "briefing.sections[1].text"],
        ),
        (
            "reviews/payload/actions/index.html",
            ["learning[1].recommendations[1].next_steps[1].text", "responses[1].owner"],
        ),
        ("bulletins/3/index.html", ["intro", "items[1].text", "feedback"]),
        ("bulletins/3/email.html", ["intro", "items[1].text", "feedback"]),
        ("index.html", ["intro", "worried_text"]),
    ],
)
def test_the_payloads_reached_the_pages(payload_site: Path, page: str, fields: list[str]) -> None:
    """The check above is worth something only if the payloads are on the pages, as text."""
    parser = _Tags()
    parser.feed((payload_site / page).read_text(encoding="utf-8"))
    text = " ".join(parser.text)
    assert [field for field in fields if f"MARK{field}" not in text] == []
    assert "javascript:alert(" in text  # shown as the words the author typed


def test_the_feed_is_text(payload_site: Path) -> None:
    root = ElementTree.parse(payload_site / "bulletins/feed.xml").getroot()
    texts = [element.text or "" for element in root.iter() if element.tag in ("title", "description")]
    assert any("MARK" in text for text in texts)
    assert [text for text in texts if "<" in text or ">" in text] == []


def test_no_csv_cell_is_a_formula(payload_site: Path) -> None:
    files = sorted(payload_site.rglob("*.csv"))
    assert files
    for file in files:
        rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"))))
        cells = [cell for row in rows for cell in row]
        assert any("MARK" in cell for cell in cells), file
        assert [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")] == [], file


def test_json_exports_carry_escaped_text(payload_site: Path) -> None:
    raw = (payload_site / "data/reviews.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert any("MARK" in json.dumps(review) for review in data["reviews"])
    assert "<" not in raw and ">" not in raw  # as \u003c: safe even pasted into a <script>


def test_the_exit_button_stays_on_top(payload_site: Path, browsing: Browsing) -> None:
    """The payloads tried to cover the page; the exit button must still be what a click hits."""
    with serve(payload_site) as base:
        for page in (
            "reviews/payload/",
            "reviews/payload/briefing/",
            "reviews/payload/actions/",
            "bulletins/3/",
        ):
            browsing.page.goto(f"{base}/{page}")
            hit = browsing.page.evaluate(
                """() => {
                    const button = document.querySelector('[data-portal-exit-button]');
                    const box = button.getBoundingClientRect();
                    const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
                    return top !== null && button.contains(top);
                }"""
            )
            assert hit, page
    assert browsing.elsewhere == []


def test_a_briefing_shows_the_methodology_as_the_words_written() -> None:
    """The briefing quotes the first sentence of `methodology` as plain text: Markdown already
    read once (here a code span holding a tag) is not read again."""
    from generator.briefing import the_review
    from generator.model import PartialDate, Portal, Review

    review = Review(
        slug="child-t",
        title="Child T",
        type="serious-case-review",
        partnership="Testshire",
        published=PartialDate(2020, 5),
        summary="Summary.",
        methodology="We read `<b onclick=alert(1)>bold</b>` and *notes*. Second sentence.",
    )
    assert the_review(review, Portal()).intro.endswith(
        '<div class="portal-text">\n'
        "<p>We read &lt;b onclick=alert(1)&gt;bold&lt;/b&gt; and notes.</p>\n"
        "</div>"
    )


@pytest.mark.parametrize(
    "page,text",
    [
        ("reviews/payload/index.html", "Read the full report"),
        ("reviews/payload/briefing/index.html", "The full report"),
    ],
)
def test_links_from_url_fields_go_exactly_where_written(payload_site: Path, page: str, text: str) -> None:
    """report_url and further_reading urls hold characters HTML and Markdown both act on
    (`&`, `*`, `_`): the link must still lead to exactly the address in the file."""
    parser = _Tags()
    parser.feed((payload_site / page).read_text(encoding="utf-8"))
    wanted = "https://example.org/report(1).pdf?a=1&b=*2*_x_#p"
    hrefs = [attributes.get("href") for tag, attributes in parser.tags if tag == "a"]
    assert hrefs.count(wanted) >= 1
    assert text in " ".join(parser.text)
    assert [href for href in hrefs if href and "report(1)" in href and href != wanted] == []


def test_a_title_cannot_carry_the_as_of_placeholder(tmp_path: Path) -> None:
    """The generator prints the build date through a placeholder made of NUL characters; a title
    holding one is refused, so the date cannot be spliced into an author's text."""
    from conftest import VALID_REVIEW

    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews/child-t.yaml").write_text(
        VALID_REVIEW.replace("title: Child T", 'title: "T \\0as-of\\0"')
    )
    done = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--root", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "reviews/child-t.yaml:1:8: title: invisible character U+0000 (a control character)" in done.stderr
