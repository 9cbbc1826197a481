"""The action tracker across reviews (/actions/): the tracker, the owners page, and the changes
page with its feed and updates.csv."""

from __future__ import annotations

from typing import Any

from .. import changes, states
from ..addresses import slugify
from ..model import MONTHS, Review
from ..render import Context, Page, files
from ..tracker import ActionRow, action_rows, by_owner, by_state, state_counts
from . import lists


def tracker_pages(context: Context, reviews: list[Review]) -> list[Page]:
    """The tracker and the owners page; when there are too many next steps for one page, the
    tracker sums up each partnership and each gets its own tracker page."""
    steps = [row for review in reviews for row in action_rows(review) if row.kind == "next-step"]
    split = len(steps) > lists.TRACKER_LIMIT
    partnerships: dict[str, tuple[str, list[ActionRow]]] = {}
    for row in steps:
        name = row.review.partnership
        partnerships.setdefault(slugify(name), (name, []))[1].append(row)
    summary = [
        (slug, name, dict(state_counts(rows, context.as_of)), len(rows))
        for slug, (name, rows) in sorted(partnerships.items())
    ]
    owners = [(owner, rows, dict(state_counts(rows, context.as_of))) for owner, rows in by_owner(steps)]
    pages = [
        tracker_page(context, "actions/index.md", None, steps, summary if split else []),
        context.page(
            "owners.md.j2",
            "actions/owners.md",
            "reviews/",
            files(row.review for row in steps),
            owners=owners,
            states=states.STATES,
            split=split,
        ),
    ]
    for slug, (name, rows) in sorted(partnerships.items()) if split else []:
        pages.append(tracker_page(context, f"actions/by/partnership/{slug}/index.md", name, rows, []))
    return pages


def tracker_page(
    context: Context, path: str, scope: str | None, steps: list[ActionRow], partnerships: Any
) -> Page:
    """One tracker page: `scope` the partnership it is for (None: all); `partnerships` the
    summary of each partnership when the steps are on their pages, else the steps by state."""
    return context.page(
        "tracker.md.j2",
        path,
        "reviews/",
        files(row.review for row in steps),
        scope=scope,
        root=lists.root(path),
        counts=state_counts(steps, context.as_of),
        total=len(steps),
        groups=[] if partnerships else by_state(steps, context.as_of),
        partnerships=partnerships,
        states=states.STATES,
    )


def change_pages(context: Context, reviews: list[Review]) -> list[Page]:
    """/actions/changes/ and its Atom feed: every dated entry, newest first.
    When there are too many entries for one page, the page shows the newest and each year gets
    its own page; a year with too many for one page shows its entries dated by year only, and
    each month gets a page (`/actions/changes/<year>/<month>/`). The feed carries the newest only
    (a reader that polls it has the older ones)."""
    entries = changes.changes(reviews)
    portal = context.corpus.portal
    split = len(entries) > lists.CHANGES_LIMIT
    year_pages = lists.years(entries, lambda change: change.date.year) if split else []
    shown = entries[: lists.CHANGES_LATEST] if split else entries

    def page(
        path: str,
        scope: str,
        listed: list[changes.Change],
        years: Any,
        months: list[tuple[str, str, int]] | None = None,
        up: str = "",
    ) -> Page:
        # Made again when an entry it lists changes, or a count it shows: not on every edit.
        shown_years = [(year, len(rows)) for year, rows in years]
        shape = repr((scope, shown_years, months, up, len(entries), len(listed)))
        return context.page(
            "changes.md.j2",
            path,
            "reviews/",
            files(change.review for change in listed),
            shape,
            scope=scope,
            root=lists.root(path),
            years=lists.years(listed, lambda change: change.date.year),
            year_pages=shown_years,
            month_pages=months or [],
            up=up,
            total=len(entries),
            shown=len(listed),
        )

    made = [page("actions/changes.md", "", shown, year_pages)]
    for year, rows in year_pages:
        folder = f"actions/changes/{year}"
        if len(rows) <= lists.CHANGES_LIMIT:
            made.append(page(f"{folder}/index.md", str(year), rows, []))
            continue
        by_month: dict[int, list[changes.Change]] = {}
        for change in rows:  # newest first, so the months are too
            if change.date.month:
                by_month.setdefault(change.date.month, []).append(change)
        months = [(f"{MONTHS[m]} {year}", f"{m:02d}", found) for m, found in by_month.items()]
        undated = [change for change in rows if not change.date.month]
        listed = [(label, number, len(found)) for label, number, found in months]
        made.append(page(f"{folder}/index.md", str(year), undated, [], listed))
        for label, number, found in months:
            made.append(page(f"{folder}/{number}/index.md", label, found, [], up=str(year)))
    atom = changes.atom(portal, entries, context.as_of, limit=lists.FEED_LIMIT)
    made.append(Page("actions/changes.xml", "reviews/", atom))
    return made
