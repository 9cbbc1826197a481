"""What the pages show, computed in Python so that templates only loop and branch."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Action, Recommendation, Review

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

# The order a board reads: what is late first, what is finished last.
STATES = ("overdue", "in-progress", "planned", "no-response", "complete", "not-taken-forward")
STATE_LABELS = {
    "overdue": "Overdue",
    "in-progress": "In progress",
    "planned": "Planned",
    "no-response": "No response recorded",
    "complete": "Complete",
    "not-taken-forward": "Not taken forward",
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

DEFAULT_QUESTIONS = (
    "What in this review do you recognise from your own work with children and families?",
    "What would you do differently, or check, as a result of this learning?",
    "How will you and your team make sure this learning changes practice?",
)

WORDS_PER_MINUTE = 200


def state_of(actions: Iterable[Action], responses: Iterable[Action], as_of: dt.date) -> str:
    """One status for a recommendation or learning point, from its actions."""
    steps = list(actions)
    states = {step.state(as_of) for step in steps} | {r.state(as_of) for r in responses}
    if not states:
        return "no-response"
    for state in ("overdue", "in-progress", "planned"):
        if state in states:
            return state
    if states == {"not-taken-forward"}:
        return "not-taken-forward"
    return "complete"


def recommendation_state(rec: Recommendation, as_of: dt.date) -> str:
    return state_of(rec.next_steps, rec.responses, as_of)


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
    counts: tuple[tuple[str, int], ...]  # (state, count) in STATES order, non-zero only

    @property
    def sentence(self) -> str:
        """e.g. `6 recommendations: 4 complete, 1 in progress, 1 overdue`."""
        if not self.total:
            return "No recommendations"
        parts = [f"{count} {STATE_LABELS[state].lower()}" for state, count in self.counts]
        return f"{count_phrase(self.total, 'recommendation')}: {', '.join(parts)}"


def status_summary(review: Review, as_of: dt.date) -> StatusSummary:
    return recommendations_summary(review.all_recommendations(), as_of)


def recommendations_summary(recommendations: Iterable[Recommendation], as_of: dt.date) -> StatusSummary:
    states = Counter(recommendation_state(rec, as_of) for rec in recommendations)
    counts = tuple((state, states[state]) for state in STATES if states[state])
    return StatusSummary(sum(states.values()), counts)


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
