"""The theme's safety features, built from portal.yaml: exit button, "Worried about a child?" banner,
site_url, print markup, no third-party loads; portal.yaml mistakes and hostile values."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from browsing import rebuild_with_portal
from conftest import REPO, mkdocs_yml
from sitecheck import Site, parse


def _themed(site: Site) -> list[Path]:
    """Every page drawn by the theme (not the alias redirects or the bulletin emails)."""
    return [file for file, page in site.pages.items() if any(tag == "header" for tag, _ in page.tags)]


def _links(site: Site, file: Path) -> list[dict[str, str | None]]:
    return [dict(attrs) for tag, attrs in site.pages[file].tags if tag == "a" and dict(attrs).get("href")]


def test_every_page_has_the_exit_link_first_after_the_skip_link(site: Site) -> None:
    pages = _themed(site)
    assert len(pages) > 40
    for file in pages:
        links = [link for link in _links(site, file) if "md-skip" not in (link.get("class") or "")]
        assert links[0]["href"] == "https://www.bbc.co.uk/weather", file
        assert links[0]["class"] == "portal-exit__button", file


def test_every_page_has_the_banner_with_the_numbers_from_portal_yaml(site: Site) -> None:
    for file in _themed(site):
        hrefs = [link["href"] for link in _links(site, file)]
        assert {"tel:999", "tel:08088005000"} <= set(hrefs), file
    html = site.file_for("/").read_text(encoding="utf-8")
    assert '<p class="portal-worried__title" id="portal-worried-title">Worried about a child?</p>' in html
    # The sample's placeholders for office hours and out of hours are shown as text, not dialled.
    placeholder = (
        '<span class="portal-worried__number portal-worried__number--placeholder">see portal.yaml</span>'
    )
    assert html.count(placeholder) == 2
    assert "Children&#x27;s social care, out of hours" in html


def test_site_url_comes_from_portal_yaml_alone(built: Path) -> None:
    assert "site_url" not in mkdocs_yml(REPO / "mkdocs.yml")
    assert (
        yaml.safe_load((REPO / "portal.yaml").read_text(encoding="utf-8"))["site_url"]
        == "https://learning.example.org/"
    )
    html = (built / "reviews/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://learning.example.org/reviews/">' in html
    assert (
        "<loc>https://learning.example.org/reviews/bolton-child-sb/briefing/</loc>"
        in (built / "sitemap.xml").read_text()
    )


def test_briefing_has_a_print_button_shown_only_by_javascript(site: Site) -> None:
    html = site.file_for("/reviews/bolton-child-sb/briefing/").read_text(encoding="utf-8")
    assert (
        '<p class="portal-print-action" hidden=""><button type="button" class="md-button" '
        'id="portal-print-button">Print this briefing</button></p>'
    ) in html
    printed_from = "Printed from https://learning.example.org/reviews/bolton-child-sb/briefing/"
    assert f'<p class="portal-print-only portal-print-url">{printed_from}</p>' in html


def test_analytics_and_consent_are_off_and_fonts_are_local() -> None:
    config = mkdocs_yml(REPO / "mkdocs.yml")
    assert config["theme"]["font"] is False
    assert not {"analytics", "consent"} & set(config.get("extra") or {})


# What a page loads: these tags' attributes fetch a resource when the page is shown.
LOADS = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "link": ("href",),  # except the page's own address (canonical) and its feed (alternate)
}
ABSOLUTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?\s*((?:https?:)?//[^)'\"]+)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", re.IGNORECASE)


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self._in_style = tag == "style"
        if tag == "link" and (values.get("rel") or "").lower() in ("canonical", "alternate"):
            if (values.get("href") or "").startswith("https://learning.example.org/"):
                return
        for name in LOADS.get(tag, ()):
            for value in (values.get(name) or "").split(","):
                if ABSOLUTE.match(value):
                    self.found.append(f"<{tag} {name}={value.strip()}>")
        self.found += CSS_URL.findall(values.get("style") or "")

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += CSS_URL.findall(data) + CSS_IMPORT.findall(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def test_no_page_or_stylesheet_loads_anything_from_another_host(built: Path) -> None:
    found = {}
    pages = sorted(built.rglob("*.html"))
    for file in pages:
        parser = _Loads()
        parser.feed(file.read_text(encoding="utf-8"))
        if parser.found:
            found[str(file.relative_to(built))] = parser.found
    for file in sorted(built.rglob("*.css")):
        css = file.read_text(encoding="utf-8")
        if urls := CSS_URL.findall(css) + CSS_IMPORT.findall(css):
            found[str(file.relative_to(built))] = urls
    assert len(pages) > 40
    assert found == {}


HOSTILE_PORTAL = """\
name: "<script>alert('name')</script> Portal"
site_url: "https://learning.example.org/a(b)c/"
quick_exit_url: "https://www.bbc.co.uk/weather?q=a&b=(c)*d*_e_"
worried_text: >-
  Call us <script>alert('worried')</script> [now](javascript:alert('link'))
  <img src=x onerror=alert('img')>
contacts:
  - name: "<b onmouseover=alert('contact')>Front door</b>"
    number: "0800 <script>alert('number')</script>"
    note: "<iframe src=https://evil.example></iframe>"
"""


@pytest.fixture(scope="module")
def hostile_portal(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile-portal")
    build = rebuild_with_portal(built, root, HOSTILE_PORTAL)
    assert build.returncode == 0, build.stderr
    return root / "site"


def test_hostile_portal_yaml_values_are_shown_as_text(hostile_portal: Path) -> None:
    file = hostile_portal / "reviews/bolton-child-sb/index.html"
    page = parse(file)
    assert not [attrs for _, attrs in page.tags if any(name.startswith("on") for name, _ in attrs)]
    assert not [body for body in page.scripts if "alert" in body]
    assert not [tag for tag, _ in page.tags if tag in ("iframe", "img", "b")]
    assert not [link for link in page.links if "javascript:" in link]
    html = file.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert('img')&gt;</p>" in html  # worried_text: Markdown, sanitised
    # quick_exit_url and site_url are checked web addresses (quotes and <> are refused: see
    # test_validation.py); the characters they may have are escaped in the attribute.
    assert 'href="https://www.bbc.co.uk/weather?q=a&amp;b=(c)&#42;d&#42;&#95;e&#95;"' in html
    assert "&lt;b onmouseover=alert(&#x27;contact&#x27;)&gt;Front door&lt;/b&gt;" in html
    assert 'href="tel:0800"' in html
    assert '<link rel="canonical" href="https://learning.example.org/a(b)c/reviews/bolton-child-sb/">' in html


def test_portal_yaml_mistakes_stop_the_build_with_their_lines(built: Path, tmp_path: Path) -> None:
    portal = "quick_exit_url: javascript:alert(1)\ncontacts:\n  - name: Front door\n"
    build = rebuild_with_portal(built, tmp_path, portal)
    assert build.returncode == 1
    assert (
        "ERROR   -  portal.yaml has problems; fix them and build again:\n"
        "portal.yaml:1:17: quick_exit_url: expected a web address starting https://, "
        "got 'javascript:alert(1)'\n"
        "portal.yaml:3:5: contacts[1].number: required field is missing\n"
    ) in build.stderr


def test_without_portal_yaml_the_defaults_apply(built: Path, tmp_path: Path) -> None:
    build = rebuild_with_portal(built, tmp_path, None)
    assert build.returncode == 0, build.stderr
    html = (tmp_path / "site/reviews/index.html").read_text(encoding="utf-8")
    assert 'href="https://www.bbc.co.uk/weather"' in html
    assert 'href="tel:999"' in html and 'href="tel:08088005000"' in html
    assert 'href="https://www.gov.uk/report-child-abuse-to-local-council"' in html
    assert 'rel="canonical"' not in html  # no site_url anywhere: MkDocs makes no absolute links
