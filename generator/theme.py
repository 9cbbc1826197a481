"""portal.yaml's settings for the theme, written where every engine reads them.

overrides/main.html prints the quick-exit address and the "Worried about a child?" banner from
`config.extra.portal`, and the site's address is `site_url`. The generator writes both into
`generated/settings.yml`, which mkdocs.yml names as its parent (`INHERIT:`, read the same way by
MkDocs, ProperDocs and Zensical), so the theme gets them without any engine's hooks. (Under
`make serve`, mkdocs_hooks.py sets the same values again from portal.yaml as it is at each build.)

The file is JSON (UTF-8), which every YAML reader reads: nothing in a value can be taken for YAML
syntax.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .addresses import can_dial, tel_href
from .model import Portal
from .output import write_atomic
from .text import html_text, md_inline

SETTINGS = Path("generated") / "settings.yml"

# Characters a URL may keep as they are; anything else (quotes, <, >, spaces) is %-encoded, since
# Material prints site_url into attributes without escaping it.
_URL_SAFE = ":/?#[]@!$&()*+,;=%~"

HEADER = (
    "# Written by `python -m generator generate` (and `settings`) from portal.yaml: edit portal.yaml,\n"
    "# not this file. mkdocs.yml inherits it (INHERIT), so every engine's theme reads the same values.\n"
)


def theme_settings(portal: Portal) -> dict[str, Any]:
    """What overrides/main.html prints, every value already escaped or sanitised for HTML."""
    return {
        "name": str(html_text(portal.name)),
        "quick_exit_url": str(html_text(portal.quick_exit_url)),
        "worried_text": str(md_inline(portal.worried_text)) if portal.worried_text.strip() else "",
        "demo": portal.demo,
        "contacts": [
            {
                "name": str(html_text(line.name)),
                "number": str(html_text(line.number)),
                "note": str(html_text(line.note)),
                "tel": tel_href(line.number) if can_dial(line.number) else "",  # no link to nothing
            }
            for line in portal.contacts
        ],
    }


def site_url(portal: Portal) -> str:
    """portal.yaml's site_url as the engines take it: %-encoded where unsafe, ending in `/`."""
    if not portal.site_url:
        return ""
    encoded = quote(portal.site_url, safe=_URL_SAFE)
    return encoded if encoded.endswith("/") else encoded + "/"


def settings(portal: Portal) -> str:
    """The text of generated/settings.yml."""
    values: dict[str, Any] = {"extra": {"portal": theme_settings(portal)}}
    if portal.site_url:
        values["site_url"] = site_url(portal)
    # Not ensure_ascii: a character beyond U+FFFF (an emoji) would be written as two \\u escapes,
    # which a YAML reader takes for two lone surrogates (Zensical then fails on them).
    return HEADER + json.dumps(values, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def write_settings(root: Path, portal: Portal) -> bool:
    """Write generated/settings.yml if it differs (atomically: a reader sees the old or the new
    file, never half of one). True when it was written."""
    path = root / SETTINGS
    text = settings(portal)
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    path.parent.mkdir(exist_ok=True)
    write_atomic(path, text.encode("utf-8"))
    return True
