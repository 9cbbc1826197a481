"""The open data files, /data/reviews.json, /data/actions.csv and /data/updates.csv, from each
review's part."""

from __future__ import annotations

from ..changes import updates_csv
from ..exports import actions_csv, reviews_json
from ..render import Context, Page
from .review import ReviewWork


def export_pages(context: Context, work: list[ReviewWork]) -> list[Page]:
    """Each review's entries (made with its pages, and cached with them) joined into the files."""
    by_slug = sorted(work, key=lambda each: each.slug)
    return [
        Page("data/reviews.json", "reviews/", reviews_json([each.json for each in work], context.as_of)),
        Page("data/actions.csv", "reviews/", actions_csv([each.csv for each in work])),
        Page("data/updates.csv", "reviews/", updates_csv(each.updates for each in by_slug)),
    ]
