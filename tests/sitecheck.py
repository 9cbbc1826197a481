"""Reading a built site: every page's ids, links and tags, for end-to-end assertions."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)  # href and src values
    tags: list[tuple[str, list[tuple[str, str | None]]]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)  # inline script bodies
    text: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._in_script = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, attrs))
        for name, value in attrs:
            if name in ("id", "name") and value and tag != "input":
                self.page.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.page.links.append(value)
        self._in_script = tag == "script"
        if tag in ("script", "style", "nav", "header", "footer"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "nav", "header", "footer") and self._skip:
            self._skip -= 1
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.page.scripts.append(data)
        elif not self._skip:
            self.page.text.append(data)


def parse(file: Path) -> ParsedPage:
    parser = _Parser()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser.page


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages = {file: parse(file) for file in sorted(root.rglob("*.html"))}

    def page(self, url_path: str) -> ParsedPage:
        return self.pages[self.file_for(url_path)]

    def file_for(self, url_path: str) -> Path:
        path = self.root / unquote(url_path).lstrip("/")
        return path / "index.html" if url_path.endswith("/") or path.is_dir() else path

    def text(self, url_path: str) -> str:
        return " ".join(" ".join(self.page(url_path).text).split())

    def broken_links(self) -> list[str]:
        """Every relative link to a missing file, or to an id its target page does not have."""
        broken = []
        for file, page in self.pages.items():
            base = "/" + str(file.relative_to(self.root))
            for link in page.links:
                parsed = urlparse(link)
                if parsed.scheme or parsed.netloc or link.startswith(("mailto:", "tel:")):
                    continue
                target_url = urljoin(base, parsed.path) if parsed.path else base
                target = self.file_for(target_url)
                if not target.exists():
                    broken.append(f"{base}: {link} (no file {target_url})")
                    continue
                if parsed.fragment and target.suffix == ".html":
                    if parsed.fragment not in self.pages[target].ids and parsed.fragment != "__skip":
                        broken.append(f"{base}: {link} (no id {parsed.fragment})")
        return broken
