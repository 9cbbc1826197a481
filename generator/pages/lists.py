"""How long lists are split, so that no page grows with the size of the portal.

Below these sizes (every partnership's own portal) each list is one page, as it always was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LIST_LIMIT = 100  # reviews on one list page; above it the list gets one page per year
LATEST = 20  # the newest reviews a split list still shows on its first page
TRACKER_LIMIT = 250  # next steps on the tracker; above it each partnership gets its own tracker page
CHANGES_LIMIT = 250  # entries on the changes page; above it each year gets its own page
CHANGES_LATEST = 50  # the newest entries a split changes page still shows
FEED_LIMIT = 100  # entries in the changes feed: a reader polls it, the page and CSV keep the rest


def root(path: str) -> str:
    """The relative path from a page's folder back to content/."""
    return "../" * path.count("/")


def years(items: list[Any], year: Callable[[Any], int]) -> list[tuple[int, list[Any]]]:
    """Items (newest first) grouped by `year(item)`, newest year first."""
    groups: dict[int, list[Any]] = {}
    for item in items:
        groups.setdefault(year(item), []).append(item)
    return sorted(groups.items(), reverse=True)


def split(items: list[Any], year: Callable[[Any], int]) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    """What a list's page shows, and its years when it is too long for one page (else none)."""
    if len(items) <= LIST_LIMIT:
        return items, []
    return items[:LATEST], years(items, year)
