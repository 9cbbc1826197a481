"""What the portal may say about an action on the build date: its state, and how old that claim is.

A published status is a claim about a public body. The portal claims only what the file says,
and says when it was last said. The rules are DESIGN.md's "Progress: what is known, and when",
in this one place, for every page and export:

- An action's status is the last one its `updates` give, else its own `status` (responses
  default to complete, next steps to planned); so is its rating.
- It was **last confirmed** on the date of its last update; without updates, on the review's
  `progress_as_of`; without that, on `published`. A month or a year counts from its first day.
- Its **state** is the first of STATES that applies (see `standing`). A step whose due period
  ended is "overdue" only when the file confirmed it after that, still not done; when the last
  word on it came before (or within) its due period, the site cannot know it was late, only that
  it was not told: "no update since due date".
- It is **not updated since** its last confirmation when that was more than `stale_after_months`
  (portal.yaml, default 12) before the build date, and it is still open.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Action, PartialDate, Review

# The state table of DESIGN.md, in its order: the first that applies is the action's state.
STATES = (
    "complete",
    "not-taken-forward",
    "open-at-closure",
    "overdue",
    "no-update",
    "in-progress",
    "planned",
)
LABELS = {
    "complete": "Complete",
    "not-taken-forward": "Not taken forward",
    "open-at-closure": "Open when the plan closed",
    "overdue": "Overdue",
    "no-update": "No update since due date",
    "in-progress": "In progress",
    "planned": "Planned",
}
FINISHED = frozenset({"complete", "not-taken-forward", "open-at-closure"})  # never "not updated since"
RATING_LABELS = {"red": "Red", "amber": "Amber", "green": "Green"}


@dataclass(frozen=True)
class Standing:
    """An action on the build date: what the file says of it, and since when."""

    state: str  # a slug of STATES
    status: str  # the last status the file gives
    rating: str | None  # the last rating the file gives
    last_confirmed: PartialDate
    stale: bool  # open, and not confirmed for more than stale_after_months

    @property
    def label(self) -> str:
        return LABELS[self.state]

    @property
    def stale_label(self) -> str:
        """`not updated since September 2016`: a month and year, whatever the date's precision."""
        confirmed = self.last_confirmed
        month = PartialDate(confirmed.year, confirmed.month).label if confirmed.month else str(confirmed.year)
        return f"not updated since {month}"


def _months_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_confirmed(action: Action, review: Review) -> PartialDate:
    if action.updates:
        return action.updates[-1].date
    return review.progress_as_of or review.published


def standing(action: Action, review: Review, as_of: dt.date, stale_after_months: int = 12) -> Standing:
    """The action's state on `as_of`, with the status, rating and date the file gives for it."""
    status = next((update.status for update in reversed(action.updates) if update.status), action.status)
    rating = next((update.rating for update in reversed(action.updates) if update.rating), action.rating)
    confirmed = last_confirmed(action, review)
    state = _state(action, review, as_of, status, confirmed)
    stale = state not in FINISHED and _months_after(confirmed.first_day, stale_after_months) < as_of
    return Standing(state, status, rating, confirmed, stale)


def _state(action: Action, review: Review, as_of: dt.date, status: str, confirmed: PartialDate) -> str:
    if status in ("complete", "not-taken-forward"):
        return status
    if review.action_plan.closed_by(as_of):
        return "open-at-closure"
    if action.due is not None and action.due.last_day < as_of:
        return "overdue" if confirmed.first_day > action.due.last_day else "no-update"
    return "in-progress" if status == "in-progress" else "planned"


# A recommendation or learning point has one status on its review's pages: the least finished of
# its actions' states, in the order a board reads them.
SUMMARY_ORDER = (
    "overdue",
    "no-update",
    "in-progress",
    "planned",
    "open-at-closure",
    "no-response",
    "complete",
    "not-taken-forward",
)
SUMMARY_LABELS = {**LABELS, "no-response": "No response recorded"}


def summary_state(states: Iterable[str]) -> str:
    """One state for a set of actions' states: `no-response` when there are none; `complete` when
    all are finished and one is complete; else the first of SUMMARY_ORDER present."""
    found = set(states)
    if not found:
        return "no-response"
    if found <= {"complete", "not-taken-forward"}:
        return "not-taken-forward" if found == {"not-taken-forward"} else "complete"
    return next(state for state in SUMMARY_ORDER if state in found)
