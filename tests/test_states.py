"""DESIGN.md's "Progress: what is known, and when": every state of the table and its boundaries.

Expected values are read off DESIGN.md's table, not computed: a step due `2016-08` is due by 31
August 2016; a status confirmed `2016-09` counts from 1 September 2016.
"""

from __future__ import annotations

import datetime as dt

import pytest

from generator.model import Action, ActionPlan, PartialDate, Review, Update, parse_date
from generator.states import standing, summary_state


def date(text: str) -> PartialDate:
    parsed = parse_date(text)
    assert parsed is not None
    return parsed


OPEN = ActionPlan()


def review(published: str = "2016-05", progress_as_of: str | None = None, plan: ActionPlan = OPEN) -> Review:
    return Review(
        slug="child-t",
        title="Child T",
        type="serious-case-review",
        partnership="Testshire",
        published=date(published),
        summary="Summary.",
        progress_as_of=date(progress_as_of) if progress_as_of else None,
        action_plan=plan,
    )


def action(due: str | None = None, status: str = "planned", *updates: tuple[str, str | None]) -> Action:
    return Action(
        text="x",
        due=date(due) if due else None,
        status=status,
        updates=tuple(Update(date(when), status=said) for when, said in updates),
    )


BUILD = dt.date(2017, 3, 1)


@pytest.mark.parametrize(
    "step,of,as_of,state",
    [
        # the boundaries
        (action("2016-08"), review(progress_as_of="2016-08"), BUILD, "no-update"),
        (action("2016-08", "planned", ("2016-09", "in-progress")), review(), BUILD, "overdue"),
        (action("2016-08", "planned", ("2016-08-31", "in-progress")), review(), BUILD, "no-update"),
        (action("2016-08", "planned", ("2016-09-01", "in-progress")), review(), BUILD, "overdue"),
        # never confirmed after publication: the site cannot know it was late
        (action("2016-08"), review("2016-05"), BUILD, "no-update"),
        (action("2016-08", "in-progress"), review("2016-05"), BUILD, "no-update"),
        # the due period has not ended
        (action("2017-03-01"), review(), BUILD, "planned"),
        (action("2017-03"), review(), dt.date(2017, 3, 31), "planned"),
        (action("2017-03", "in-progress"), review(), dt.date(2017, 3, 31), "in-progress"),
        (action("2017-03"), review(), dt.date(2017, 4, 1), "no-update"),
        (action("2016"), review("2015"), dt.date(2016, 12, 31), "planned"),
        (action("2016"), review("2015"), dt.date(2017, 1, 1), "no-update"),
        (action(None, "in-progress"), review(), BUILD, "in-progress"),
        (action(None), review(), BUILD, "planned"),
        # done, whatever the dates
        (action("2016-08", "complete"), review(), BUILD, "complete"),
        (action("2016-08", "planned", ("2016-10", "complete")), review(), BUILD, "complete"),
        (action("2016-08", "not-taken-forward"), review(), BUILD, "not-taken-forward"),
        # the last status an update gives is the current one
        (action("2016-08", "complete", ("2016-10", "in-progress")), review(), BUILD, "overdue"),
        (
            action("2016-08", "planned", ("2016-10", "in-progress"), ("2016-11", None)),
            review(),
            BUILD,
            "overdue",
        ),
    ],
)
def test_states_of_the_design_table(step: Action, of: Review, as_of: dt.date, state: str) -> None:
    assert standing(step, of, as_of).state == state


CLOSED = ActionPlan(status="closed", date=date("2018-03"))


@pytest.mark.parametrize(
    "step,as_of,state",
    [
        (action("2016-08"), dt.date(2018, 3, 1), "open-at-closure"),  # closed in March: from 1 March
        (action("2016-08"), dt.date(2018, 2, 28), "no-update"),
        (action(None, "in-progress"), dt.date(2018, 3, 15), "open-at-closure"),
        (action("2016-08", "complete"), dt.date(2018, 3, 15), "complete"),  # complete before closure
        (action("2016-08", "not-taken-forward"), dt.date(2018, 3, 15), "not-taken-forward"),
    ],
)
def test_a_closed_plan(step: Action, as_of: dt.date, state: str) -> None:
    assert standing(step, review(plan=CLOSED), as_of).state == state


def test_last_confirmed_is_the_last_update_else_progress_as_of_else_published() -> None:
    assert str(standing(action("2016-08"), review("2016-05"), BUILD).last_confirmed) == "2016-05"
    assert str(standing(action("2016-08"), review("2016-05", "2016-07"), BUILD).last_confirmed) == "2016-07"
    updated = action("2016-08", "planned", ("2016-09", "in-progress"), ("2016-10-02", None))
    assert str(standing(updated, review("2016-05", "2016-07"), BUILD).last_confirmed) == "2016-10-02"


def test_the_last_rating_given_is_the_current_one() -> None:
    step = Action(
        text="x",
        rating="red",
        updates=(Update(date("2016-09"), rating="amber"), Update(date("2016-10"), note="n")),
    )
    assert standing(step, review(), BUILD).rating == "amber"
    assert standing(Action(text="x", rating="green"), review(), BUILD).rating == "green"


@pytest.mark.parametrize(
    "as_of,stale",
    [(dt.date(2017, 5, 1), False), (dt.date(2017, 5, 2), True)],  # confirmed May 2016, 12 months
)
def test_not_updated_since(as_of: dt.date, stale: bool) -> None:
    now = standing(action("2018-01"), review("2016-05"), as_of)
    assert now.stale is stale
    assert now.stale_label == "not updated since May 2016"


def test_finished_actions_are_never_stale() -> None:
    assert not standing(action(None, "complete"), review("2010"), BUILD).stale
    assert standing(action(None), review("2010"), BUILD).stale_label == "not updated since 2010"
    assert standing(action(None), review("2010-01-05"), BUILD).stale_label == "not updated since January 2010"


@pytest.mark.parametrize(
    "states,summary",
    [
        ([], "no-response"),
        (["complete", "complete"], "complete"),
        (["complete", "not-taken-forward"], "complete"),
        (["not-taken-forward"], "not-taken-forward"),
        (["complete", "no-update"], "no-update"),
        (["overdue", "no-update", "planned"], "overdue"),
        (["in-progress", "planned"], "in-progress"),
        (["open-at-closure", "complete"], "open-at-closure"),
    ],
)
def test_a_recommendations_status(states: list[str], summary: str) -> None:
    assert summary_state(states) == summary
