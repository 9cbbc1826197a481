"""Every address and anchor the portal makes: anchors on a page, paths for names, page URLs, and
phone links. A new page address or anchor rule is added here, and only here."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:  # only for the hints: model.py imports this module for its anchors
    from .model import Bulletin, Portal

ACROSS_THE_REVIEW = "across-the-review"  # the action table's row for review-wide actions


def anchor_id(identifier: str) -> str:
    """DESIGN.md's rule: lower-case, every run of characters other than a-z0-9 becomes `-`."""
    return re.sub(r"[^a-z0-9]+", "-", identifier.lower())


def learning_anchor(identifier: str) -> str:
    """A learning point's place on its review's pages."""
    return f"learning-{anchor_id(identifier)}"


def recommendation_anchor(identifier: str) -> str:
    """A recommendation's place on its review's pages."""
    return f"recommendation-{anchor_id(identifier)}"


def action_anchor(identifier: str) -> str:
    """An action's permanent place on its review's action page (actions with an id only)."""
    return f"action-{anchor_id(identifier)}"


@functools.lru_cache(maxsize=65_536)  # the same few partnership and owner names, thousands of times
def slugify(text: str) -> str:
    """A path segment or anchor for a name (a partnership, an owner): its letters and digits, of
    any script, lower-cased; every other run of characters becomes `-`; ends trimmed.

    For an ASCII name this is DESIGN.md's anchor rule (anchor_id), so addresses made before
    other scripts were kept stay the same. Without it, `Партнерство` and `日本の協会` were both `none`.
    """
    kept = (char if _is_letter_or_digit(char) else "-" for char in unicodedata.normalize("NFC", text.lower()))
    return _HYPHENS.sub("-", "".join(kept)).strip("-") or "none"


_HYPHENS = re.compile("-{2,}")


def _is_letter_or_digit(char: str) -> bool:
    """A letter, a mark on one (Devanagari's vowel signs) or a decimal digit, in any script."""
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def site_path(site_url: str, path: str) -> str:
    """A link to `path` (a page's folder in the built site) from the site's root, under the folder
    portal.yaml's site_url names: the same on every page and in every engine. Links in raw HTML
    are written this way, since the engines do not agree on what a relative one means there."""
    return urlsplit(site_url).path.rstrip("/") + "/" + path


def review_url(base: str, slug: str, page: str = "") -> str:
    """Absolute when the portal has a site_url, else from the site's root."""
    return urljoin(base or "/", f"reviews/{slug}/{page}")


def bulletin_url(portal: Portal, bulletin: Bulletin) -> str:
    """An issue's page: absolute when the portal has a site_url (feeds and emails need that)."""
    return urljoin(portal.site_url, f"bulletins/{bulletin.issue}/")


def bulletin_item_anchor(number: int) -> str:
    """An item's place on its issue's page and email, by its position in the published issue."""
    return f"item-{number}"


_DIALLED = "0123456789+"  # what a phone dials; spaces, dots and brackets are only for reading


def tel_href(number: str) -> str:
    """The `tel:` link of a phone number as it is written: its digits and `+` only."""
    return "tel:" + "".join(char for char in number if char in _DIALLED)


def can_dial(number: str) -> bool:
    """Whether a number has a digit to dial (`Ask at reception` has none)."""
    return any(char in "0123456789" for char in number)
