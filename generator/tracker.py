"""Across reviews: every action with where it belongs, and every learning point by theme."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from . import states
from .addresses import ACROSS_THE_REVIEW
from .addresses import slugify as slugify  # its old home, for existing imports
from .model import Action, Learning, Recommendation, Review
from .states import STATES, Standing


@dataclass(frozen=True)
class ActionRow:
    """One response or next step, with the review, learning point and recommendation it serves."""

    review: Review
    action: Action
    kind: str  # "response" or "next-step"
    learning: Learning | None = None
    recommendation: Recommendation | None = None
    # Each state worked out once per row and date: the tracker groups, counts and sorts by it.
    _standing: dict[tuple[dt.date, int], Standing] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def anchor(self) -> str:
        """The id on the review's action table that this action's row carries."""
        if self.recommendation is not None:
            return self.recommendation.anchor
        if self.learning is not None:
            return self.learning.anchor
        return ACROSS_THE_REVIEW

    @property
    def answers(self) -> str:
        """What the action answers, in words: `Recommendation 2`, `Learning point 14.3`."""
        if self.recommendation is not None:
            return f"Recommendation {self.recommendation.id}"
        if self.learning is not None:
            return f"Learning point {self.learning.id}"
        return "Across the review"

    def standing(self, as_of: dt.date, stale_after_months: int = 12) -> Standing:
        key = (as_of, stale_after_months)
        if key not in self._standing:
            self._standing[key] = states.standing(self.action, self.review, as_of, stale_after_months)
        return self._standing[key]

    def state(self, as_of: dt.date) -> str:
        return self.standing(as_of).state

    @property
    def action_anchor(self) -> str:
        """The action's own anchor where it has an id, else its row's (recommendation, learning)."""
        return self.action.anchor or self.anchor


def _rows(review: Review, learning: Learning | None, rec: Recommendation | None) -> list[ActionRow]:
    owner = rec or learning or review
    rows = [ActionRow(review, a, "response", learning, rec) for a in owner.responses]
    rows += [ActionRow(review, a, "next-step", learning, rec) for a in owner.next_steps]
    return rows


def action_rows(review: Review) -> list[ActionRow]:
    """Every action of a review in the order of its action table. Made once for each review
    object: the rows keep their states (ActionRow.standing), which the pages ask for again and
    again (a review's pages, the tracker, the owners and changes pages, the reports)."""
    made: list[ActionRow] | None = review.__dict__.get("_action_rows")
    if made is None:
        made = _all_rows(review)
        object.__setattr__(review, "_action_rows", made)  # frozen: this memo is all that is added
    return list(made)


def _all_rows(review: Review) -> list[ActionRow]:
    rows: list[ActionRow] = []
    for item in review.learning:
        for rec in item.recommendations:
            rows += _rows(review, item, rec)
        rows += _rows(review, item, None)
    for rec in review.recommendations:
        rows += _rows(review, None, rec)
    rows += _rows(review, None, None)
    return rows


def state_counts(rows: list[ActionRow], as_of: dt.date) -> tuple[tuple[str, int], ...]:
    counts = Counter(row.state(as_of) for row in rows)
    return tuple((state, counts[state]) for state in STATES if counts[state])


def by_state(rows: list[ActionRow], as_of: dt.date) -> list[tuple[str, list[ActionRow]]]:
    """Groups in the order a board reads them: overdue first, finished last; oldest due first."""
    groups = []
    for state in STATES:
        members = [row for row in rows if row.state(as_of) == state]
        members.sort(key=lambda row: (row.action.due or row.action.date or row.review.published).first_day)
        if members:
            groups.append((state, members))
    return groups


NO_OWNER = "No owner recorded"


def by_owner(rows: list[ActionRow]) -> list[tuple[str, list[ActionRow]]]:
    """Each owner with its actions; an action with joint owners is listed under each of them."""
    owners: dict[str, list[ActionRow]] = {}
    for row in rows:
        for owner in row.action.owner or (NO_OWNER,):
            owners.setdefault(owner, []).append(row)
    return sorted(owners.items(), key=lambda item: (item[0] == NO_OWNER, item[0].lower()))


@dataclass(frozen=True)
class ThemeEntry:
    review: Review
    learning: tuple[Learning, ...]  # the review's learning points on the theme


def theme_index(reviews: list[Review]) -> dict[str, list[ThemeEntry]]:
    """theme slug → the reviews on it, each with its learning points on it.

    A review is on a theme when it names the theme or one of its learning points does; a learning
    point without its own `themes:` takes the review's.
    """
    index: dict[str, list[ThemeEntry]] = {}
    for review in reviews:
        slugs = list(review.themes)
        for item in review.learning:
            slugs += [slug for slug in review.learning_themes(item) if slug not in slugs]
        for slug in slugs:
            points = tuple(item for item in review.learning if slug in review.learning_themes(item))
            index.setdefault(slug, []).append(ThemeEntry(review, points))
    return index
