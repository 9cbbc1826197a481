"""MkDocs hooks (mkdocs.yml `hooks:`): portal.yaml's settings for the theme, and `make serve`.

- `on_config` reads portal.yaml with the generator's own validation and hands the theme
  (overrides/main.html) what it needs as `config.extra.portal`: the quick-exit address and the
  "Worried about a child?" banner. portal.yaml is the one source of the partnership's settings,
  so its `site_url` also becomes MkDocs' `site_url` when mkdocs.yml leaves that empty.
- Under `mkdocs serve`, `on_pre_build` regenerates the pages whenever a watched YAML file is
  saved. `make site` runs the generator itself with `--as-of`. While serving, problems are
  printed, not raised, so a mistake in a YAML file never stops the preview server: fix the
  file, save, and the page reloads.

MkDocs loads this file by path, not as part of the package, so the generator is imported from
the project folder (the one holding mkdocs.yml) inside each hook.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from mkdocs.exceptions import PluginError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from generator.model import Portal

_serving = False

# Characters a URL may keep as they are; anything else (quotes, <, >, spaces) is %-encoded, since
# Material prints site_url into attributes without escaping it.
_URL_SAFE = ":/?#[]@!$&()*+,;=%~"


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def _project(config: MkDocsConfig) -> Path:
    root = Path(config.config_file_path).resolve().parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    return root


def theme_settings(portal: Portal) -> dict[str, Any]:
    """What overrides/main.html prints, every value already escaped or sanitised for HTML."""
    from generator.text import html_text, md_inline

    def tel(number: str) -> str:
        digits = "".join(char for char in number if char.isdigit() or char == "+")
        return f"tel:{digits}" if any(char.isdigit() for char in digits) else ""

    return {
        "name": html_text(portal.name),
        "quick_exit_url": html_text(portal.quick_exit_url),
        "worried_text": md_inline(portal.worried_text) if portal.worried_text.strip() else "",
        "contacts": [
            {
                "name": html_text(line.name),
                "number": html_text(line.number),
                "note": html_text(line.note),
                "tel": tel(line.number),
            }
            for line in portal.contacts
        ],
    }


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _project(config)
    from generator import pipeline
    from generator.model import Portal
    from generator.problems import Severity

    portal, problems = pipeline.portal(root)
    errors = [problem for problem in problems if problem.severity is Severity.ERROR]
    if errors:
        lines = "\n".join(str(problem) for problem in errors)
        if not _serving:
            raise PluginError(f"portal.yaml has problems; fix them and build again:\n{lines}")
        print(
            f"{lines}\nportal.yaml: the preview uses the default settings until this is fixed",
            file=sys.stderr,
        )
        portal = Portal()
    config.extra["portal"] = theme_settings(portal)
    # portal.yaml is optional, so it is watched (by `make serve`) only when there is one.
    if (root / "portal.yaml").is_file() and str(root / "portal.yaml") not in config.watch:
        config.watch.append(str(root / "portal.yaml"))
    if not config.site_url and portal.site_url:
        site_url = quote(portal.site_url, safe=_URL_SAFE)
        config.site_url = site_url if site_url.endswith("/") else site_url + "/"
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    if not _serving:
        return
    root = _project(config)
    from generator import pipeline
    from generator.cli import default_as_of

    checked, report = pipeline.generate(root, default_as_of())
    for problem in checked.problems:
        print(problem, file=sys.stderr)
    if report is None:
        print("generate: nothing written; the preview shows the last good pages", file=sys.stderr)
    elif report.written or report.deleted:
        print(f"generate: {len(report.written)} written, {len(report.deleted)} removed", file=sys.stderr)
