"""Open data: `/data/reviews.json` and `/data/actions.csv`, with permalinks to the site's anchors."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import text, views
from .addresses import review_url as review_url  # its old home, for existing imports
from .model import PartialDate, Review
from .tracker import ActionRow, action_rows

CSV_COLUMNS = (
    "review",
    "review_title",
    "partnership",
    "learning_id",
    "recommendation_id",
    "action_id",
    "kind",
    "text",
    "owner",
    "date",
    "due",
    "status",
    "rating",
    "state",
    "last_confirmed",
    "shown_as",
    "permalink",
)


def _date(value: PartialDate | None) -> str:
    return str(value) if value else ""


def review_record(review: Review, base: str, as_of: dt.date) -> dict[str, Any]:
    """One review's entry in reviews.json."""
    overview = review_url(base, review.slug)
    actions = review_url(base, review.slug, "actions/")
    summary = views.status_summary(review, as_of)
    return {
        "slug": review.slug,
        "title": review.title,
        "type": review.type,
        "types": list(review.stages or (review.type,)),
        "partnership": review.partnership,
        "published": str(review.published),
        "child": review.child,
        "age_group": review.age_group,
        "themes": list(review.themes),
        "content_note": list(review.content_note),
        "summary": text.plain(review.summary),
        "url": overview,
        "briefing_url": review_url(base, review.slug, "briefing/"),
        "actions_url": actions,
        "report_url": review.report_url,
        "recommendation_status": {state: count for state, count in summary.counts},
        "learning": [
            {
                "id": item.id,
                "title": item.title,
                "themes": list(review.learning_themes(item)),
                "url": f"{overview}#{item.anchor}",
                "recommendations": [rec.id for rec in item.recommendations],
            }
            for item in review.learning
        ],
        "recommendations": [
            {
                "id": rec.id,
                "to": rec.to,
                "status": views.recommendation_state(rec, review, as_of),
                "url": f"{overview}#{rec.anchor}",
                "actions_url": f"{actions}#{rec.anchor}",
            }
            for rec in review.all_recommendations()
        ],
    }


# <, > and & written as JSON escapes: the same text to any JSON reader, and inert even where a
# page pastes the data into a <script> or innerHTML (as Django's json_script does).
_JSON_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def review_json(review: Review, base: str, as_of: dt.date) -> str:
    """One review's entry as it is written in reviews.json's list (indented two levels)."""
    entry = json.dumps(review_record(review, base, as_of), indent=2, ensure_ascii=False).translate(_JSON_HTML)
    return "    " + entry.replace("\n", "\n    ")


def reviews_json(entries: list[str], as_of: dt.date) -> bytes:
    """reviews.json from its entries (review_json), exactly as json.dumps(..., indent=2) writes it."""
    listing = "[\n" + ",\n".join(entries) + "\n  ]" if entries else "[]"
    head = json.dumps(as_of.isoformat())
    return f'{{\n  "as_of": {head},\n  "reviews": {listing}\n}}\n'.encode()


def action_record(row: ActionRow, base: str, as_of: dt.date) -> dict[str, str]:
    standing = row.standing(as_of)
    return {
        "review": row.review.slug,
        "review_title": row.review.title,
        "partnership": row.review.partnership,
        "learning_id": row.learning.id if row.learning else "",
        "recommendation_id": row.recommendation.id if row.recommendation else "",
        "action_id": row.action.id or "",
        "kind": row.kind,
        "text": text.plain(row.action.text),
        "owner": "; ".join(row.action.owner),
        "date": _date(row.action.date),
        "due": _date(row.action.due),
        "status": standing.status,
        "rating": standing.rating or "",
        "state": standing.state,
        "last_confirmed": str(standing.last_confirmed),
        "shown_as": standing.state,  # the column's name before there were states: kept for old readers
        "permalink": f"{review_url(base, row.review.slug, 'actions/')}#{row.action_anchor}",
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """The cell with a `'` before it when a spreadsheet would run it as a formula (OWASP's advice
    on CSV injection): it starts with = + - @, a tab or a carriage return, or its first character
    after spaces is one of = + - @ (spreadsheets skip the spaces)."""
    if cell.startswith(FORMULA_STARTS) or cell.lstrip().startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def csv_rows(columns: Sequence[str], records: Iterable[Mapping[str, str]]) -> str:
    """CSV lines, every cell made spreadsheet_safe: the one way a CSV export's rows are written,
    so a new column is safe too. A record with a field that is not a column is an error."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writerows({name: spreadsheet_safe(cell) for name, cell in record.items()} for record in records)
    return buffer.getvalue()


def review_csv(review: Review, base: str, as_of: dt.date) -> str:
    """One review's rows of actions.csv."""
    return csv_rows(CSV_COLUMNS, (action_record(row, base, as_of) for row in action_rows(review)))


def actions_csv(rows: list[str]) -> bytes:
    """actions.csv from each review's rows (review_csv), under the header."""
    header = csv_rows(CSV_COLUMNS, [{column: column for column in CSV_COLUMNS}])
    return (header + "".join(rows)).encode("utf-8")
