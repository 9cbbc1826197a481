"""Bulletins as published: items resolved to their reviews, unpublished reviews left out."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import urljoin
from xml.etree import ElementTree

from . import text
from .addresses import bulletin_item_anchor
from .addresses import bulletin_url as bulletin_url  # its old home, for existing imports
from .model import Bulletin, BulletinItem, Learning, Portal, Review


@dataclass(frozen=True)
class PublishedItem:
    number: int  # position in the published issue, from 1
    heading: str
    item: BulletinItem
    review: Review | None = None
    learning: tuple[Learning, ...] = ()

    @property
    def anchor(self) -> str:
        return bulletin_item_anchor(self.number)


def content_notes(items: tuple[PublishedItem, ...]) -> tuple[str, ...]:
    """Every content note of the reviews an issue's items draw on, each once, in order."""
    notes = (note for entry in items if entry.review is not None for note in entry.review.content_note)
    return tuple(dict.fromkeys(notes))


def published_items(bulletin: Bulletin, reviews: dict[str, Review]) -> tuple[PublishedItem, ...]:
    """The items a reader sees: those drawing on a draft or embargoed review are left out.

    `reviews` holds only the public reviews, so an unpublished one is simply not found.
    """
    items: list[PublishedItem] = []
    for item in bulletin.items:
        if item.review is None:
            items.append(PublishedItem(len(items) + 1, item.heading or "", item))
            continue
        review = reviews.get(item.review)
        if review is None:
            continue
        # Only the learning points the author chose: an item introduces a review, it does not
        # repeat the whole of it (the review and its briefing are a link away).
        wanted = item.learning or ()
        learning = tuple(point for point in review.learning if point.id in wanted)
        items.append(PublishedItem(len(items) + 1, item.heading or review.title, item, review, learning))
    return tuple(items)


_HREF = re.compile(r'href="([^"]*)"')


def absolute_links(html: str, base: str) -> str:
    """Every href made absolute against `base`: an email has no page to be relative to."""
    return _HREF.sub(lambda match: f'href="{urljoin(base, match.group(1))}"', html)


def feed(portal: Portal, bulletins: list[Bulletin]) -> bytes:
    """RSS 2.0 feed of bulletin issues, newest first; deterministic (no build timestamp)."""
    rss = ElementTree.Element("rss", version="2.0")
    channel = ElementTree.SubElement(rss, "channel")
    ElementTree.SubElement(channel, "title").text = html.escape(f"{portal.name}: learning bulletins")
    ElementTree.SubElement(channel, "link").text = urljoin(portal.site_url, "bulletins/")
    ElementTree.SubElement(
        channel, "description"
    ).text = "Learning bulletins: learning from reviews and what has changed since."
    ElementTree.SubElement(channel, "language").text = "en-gb"
    newest = sorted(bulletins, key=lambda b: (b.date, b.issue), reverse=True)
    for bulletin in newest:
        url = bulletin_url(portal, bulletin)
        entry = ElementTree.SubElement(channel, "item")
        # Feed readers show <title> and <description> as HTML: the text is HTML-escaped here, and
        # ElementTree escapes it again for XML, so a reader gets `&lt;script&gt;`, never a tag.
        ElementTree.SubElement(entry, "title").text = html.escape(f"Issue {bulletin.issue}: {bulletin.title}")
        ElementTree.SubElement(entry, "link").text = url
        ElementTree.SubElement(entry, "guid", isPermaLink="true").text = url
        published = dt.datetime.combine(bulletin.date.first_day, dt.time(9, 0), dt.UTC)
        ElementTree.SubElement(entry, "pubDate").text = format_datetime(published)
        summary = text.plain(bulletin.intro) if bulletin.intro else bulletin.title
        ElementTree.SubElement(entry, "description").text = html.escape(summary)
    ElementTree.indent(rss)
    body = ElementTree.tostring(rss, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")
