"""What the pages show, computed in Python so that templates only loop and branch."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from . import states
from .model import Action, Learning, PartialDate, Recommendation, Review

TYPE_LABELS = {
    "serious-case-review": "Serious case review",
    "child-safeguarding-practice-review": "Child safeguarding practice review",
    "rapid-review": "Rapid review",
    "individual-management-review": "Individual management review",
    "thematic-review": "Thematic review",
    "learning-review": "Learning review",
    "national-review": "National review",
    "safeguarding-adults-review": "Safeguarding adults review",
    "domestic-homicide-review": "Domestic homicide review",
    "audit": "Audit",
}


def review_kind(review: Review) -> str:
    """`Rapid review, then child safeguarding practice review` for a case that went through
    stages; else the one type's label."""
    labels = [TYPE_LABELS[kind] for kind in review.stages or (review.type,)]
    return ", then ".join([labels[0], *(label[:1].lower() + label[1:] for label in labels[1:])])


AGE_LABELS = {
    "unborn": "Unborn",
    "infant": "Infant (under 1)",
    "1-4": "1 to 4",
    "5-9": "5 to 9",
    "10-14": "10 to 14",
    "15-17": "15 to 17",
    "adolescent": "Adolescent",
    "various": "Various ages",
}

# Every label a status is shown with: an action's states and a recommendation's summary of them.
STATE_LABELS = states.SUMMARY_LABELS

SOURCE_KIND_LABELS = {
    "report": "Full report",
    "briefing": "Briefing",
    "action-plan": "Action plan",
    "minutes": "Minutes",
    "annual-report": "Annual report",
    "news": "News",
    "other": "Document",
}

CONTENT_NOTE_LABELS = {
    "suicide": "suicide",
    "self-harm": "self-harm",
    "child-death": "the death of a child",
    "sexual-abuse": "sexual abuse",
    "physical-abuse": "physical abuse",
    "neglect": "neglect",
    "domestic-abuse": "domestic abuse",
    "substance-misuse": "substance misuse",
}

WORDS_PER_MINUTE = 200


def recommendation_state(item: Recommendation | Learning, review: Review, as_of: dt.date) -> str:
    """One status for a recommendation, or a learning point answered directly, from its actions."""
    actions = (*item.responses, *item.next_steps)
    return states.summary_state(states.standing(action, review, as_of).state for action in actions)


def join_words(words: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def count_phrase(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


@dataclass(frozen=True)
class StatusSummary:
    total: int
    counts: tuple[tuple[str, int], ...]  # (state, count) in states.SUMMARY_ORDER, non-zero only

    @property
    def sentence(self) -> str:
        """e.g. `6 recommendations: 4 complete, 1 in progress, 1 no update since due date`."""
        if not self.total:
            return "No recommendations"
        parts = [f"{count} {STATE_LABELS[state].lower()}" for state, count in self.counts]
        return f"{count_phrase(self.total, 'recommendation')}: {', '.join(parts)}"


def status_summary(review: Review, as_of: dt.date) -> StatusSummary:
    return recommendations_summary([(review, rec) for rec in review.all_recommendations()], as_of)


def recommendations_summary(
    recommendations: Iterable[tuple[Review, Recommendation]], as_of: dt.date
) -> StatusSummary:
    found = Counter(recommendation_state(rec, review, as_of) for review, rec in recommendations)
    counts = tuple((state, found[state]) for state in states.SUMMARY_ORDER if found[state])
    return StatusSummary(sum(found.values()), counts)


def progress_confirmed(review: Review) -> PartialDate:
    """When the review's progress was last confirmed: its latest dated update, else its
    progress_as_of, else the date it was published."""
    base = review.progress_as_of or review.published
    dates = [update.date for row in _actions(review) for update in row.updates]
    return max(dates + [base], key=lambda date: date.first_day)


def _actions(review: Review) -> list[Action]:
    owners: list[Review | Learning | Recommendation] = [
        review,
        *review.learning,
        *review.all_recommendations(),
    ]
    return [action for owner in owners for action in (*owner.responses, *owner.next_steps)]


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
