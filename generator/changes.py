"""What changed, and when: every dated progress update, response, plan closure and scrutiny entry.

An auditor subscribes to this rather than re-reading every action table: `/actions/changes/`
lists the entries newest first, each linking to the action (or the review) it is about;
`/actions/changes.xml` is the same as an Atom feed; `/data/updates.csv` has every progress update.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin
from xml.etree import ElementTree

from . import text
from .addresses import review_url
from .exports import csv_rows
from .model import PartialDate, Portal, Review
from .states import LABELS, RATING_LABELS
from .tracker import action_rows

KINDS = {
    "update": "Progress update",
    "response": "Response",
    "closure": "Action plan closed",
    "scrutiny": "Scrutiny",
}


@dataclass(frozen=True)
class Change:
    date: PartialDate
    review: Review
    kind: str  # a key of KINDS
    subject: str  # what it is about: "Recommendation 2", "Action 4.5.1", the scrutineer
    summary: str  # plain text: what was said
    page: str  # "" (the review) or "actions/"
    anchor: str  # on that page

    def url(self, base: str) -> str:
        return f"{review_url(base, self.review.slug, self.page)}#{self.anchor}"

    @property
    def title(self) -> str:
        return f"{self.review.title}: {KINDS[self.kind].lower()}, {self.subject}"


def _said(status: str | None, rating: str | None, note: str | None) -> str:
    parts = [LABELS[status]] if status else []
    parts += [f"rated {RATING_LABELS[rating]}"] if rating else []
    parts += [text.plain(note)] if note else []
    return "; ".join(parts) or "Reported."


def changes(reviews: Iterable[Review]) -> list[Change]:
    """Every dated entry of the reviews, newest first (then by review and position, so the order
    is the same on every run)."""
    found: list[tuple[int, Change]] = []
    for review in reviews:
        for row in action_rows(review):
            subject = f"action {row.action.id}" if row.action.id else row.answers.lower()
            anchor = row.action_anchor
            if row.kind == "response" and row.action.date:
                summary = text.plain(row.action.text)
                found.append(
                    (
                        len(found),
                        Change(row.action.date, review, "response", subject, summary, "actions/", anchor),
                    )
                )
            for update in row.action.updates:
                summary = _said(update.status, update.rating, update.note)
                found.append(
                    (len(found), Change(update.date, review, "update", subject, summary, "actions/", anchor))
                )
        plan = review.action_plan
        if plan.status == "closed" and plan.date:
            note = text.plain(plan.note) if plan.note else "The partnership signed the action plan off."
            found.append(
                (len(found), Change(plan.date, review, "closure", "the action plan", note, "", "summary"))
            )
        for entry in review.scrutiny:
            note = text.plain(entry.note) if entry.note else "Scrutinised the response."
            found.append((len(found), Change(entry.date, review, "scrutiny", entry.by, note, "", "scrutiny")))
    found.sort(key=lambda item: (item[1].date.first_day, item[1].review.slug, -item[0]), reverse=True)
    return [change for _, change in found]


ATOM = "http://www.w3.org/2005/Atom"


def atom(portal: Portal, entries: list[Change], as_of: dt.date, limit: int | None = None) -> bytes:
    """An Atom 1.0 feed of the changes, newest first, the newest `limit` of them (None: all);
    deterministic (the newest entry's date is the feed's, not the build's time). An entry's id
    does not depend on the limit: it stays the same as newer entries push it out."""
    ElementTree.register_namespace("", ATOM)

    def element(
        parent: ElementTree.Element, name: str, value: str | None = None, **attributes: str
    ) -> ElementTree.Element:
        child = ElementTree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        if value is not None:
            child.text = value
        return child

    def stamp(date: PartialDate) -> str:
        return f"{date.first_day.isoformat()}T00:00:00Z"

    page = urljoin(portal.site_url, "actions/changes/")
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    element(feed, "id", page)
    element(feed, "title", f"{portal.name}: changes to the action plans")
    element(feed, "updated", stamp(entries[0].date) if entries else f"{as_of.isoformat()}T00:00:00Z")
    element(feed, "link", href=page, rel="alternate")
    element(feed, "link", href=urljoin(portal.site_url, "actions/changes.xml"), rel="self")
    author = element(feed, "author")
    element(author, "name", portal.name)
    seen: dict[str, int] = {}
    ids: dict[int, str] = {}
    for change in reversed(entries):  # oldest first: an entry keeps its id as newer ones come
        key = f"{change.review.slug}/{change.anchor}/{change.kind}/{change.date}"
        seen[key] = seen.get(key, 0) + 1
        ids[id(change)] = f"{page}#{key}/{seen[key]}"
    for change in entries[:limit]:
        entry = element(feed, "entry")
        url = change.url(portal.site_url)
        element(entry, "id", ids[id(change)])
        element(entry, "title", change.title)
        element(entry, "updated", stamp(change.date))
        element(entry, "link", href=url)
        element(entry, "summary", change.summary, type="text")
    ElementTree.indent(feed)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="unicode") + "\n"
    ).encode()


UPDATE_COLUMNS = ("review", "action_id", "permalink", "date", "status", "rating", "note", "source")


def review_updates(review: Review, base: str) -> str:
    """One review's rows of updates.csv: its progress updates, oldest first within each action."""
    records = []
    for row in action_rows(review):
        permalink = f"{review_url(base, review.slug, 'actions/')}#{row.action_anchor}"
        for update in row.action.updates:
            records.append(
                {
                    "review": review.slug,
                    "action_id": row.action.id or "",
                    "permalink": permalink,
                    "date": str(update.date),
                    "status": update.status or "",
                    "rating": update.rating or "",
                    "note": text.plain(update.note) if update.note else "",
                    "source": text.plain(update.source) if update.source else "",
                }
            )
    return csv_rows(UPDATE_COLUMNS, records)


def updates_csv(rows: Iterable[str]) -> bytes:
    """updates.csv from each review's rows (review_updates), given in the order of the reviews'
    slugs, under the header."""
    header = csv_rows(UPDATE_COLUMNS, [{column: column for column in UPDATE_COLUMNS}])
    return (header + "".join(rows)).encode("utf-8")
