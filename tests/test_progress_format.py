"""The progress keys of the review format (DESIGN.md, "Progress: what is known, and when"): every
validation message exactly, and what the pages and exports say."""

from __future__ import annotations

import csv
import io

from conftest import VALID_REVIEW, Project

AS_OF = ("--as-of", "2021-03-10")
STEP = """\
        next_steps:
          - text: Audit of plans.
            due: 2020-08
            owner: Early Help
"""


def with_step(extra: str) -> str:
    """VALID_REVIEW with `extra` lines added to its one next step (indented to its fields)."""
    assert STEP in VALID_REVIEW
    return VALID_REVIEW.replace(STEP, STEP + extra)


def errors(project: Project, text: str) -> list[str]:
    project.write("reviews/child-t.yaml", text)
    result = project.run("check", *AS_OF)
    return [line for line in result.lines if line.startswith("reviews/")]


def test_an_update_needs_a_date(project: Project) -> None:
    assert errors(project, with_step("            updates:\n              - note: Started.\n")) == [
        "reviews/child-t.yaml:23:17: learning[1].recommendations[1].next_steps[1].updates[1].date: "
        "required field is missing; write a date: YYYY-MM-DD, YYYY-MM or YYYY"
    ]


def test_statuses_and_ratings_come_from_their_lists(project: Project) -> None:
    text = with_step(
        "            rating: amberish\n            updates:\n              - date: 2020-09\n"
        "                status: in progess\n"
    )
    assert errors(project, text) == [
        "reviews/child-t.yaml:22:21: learning[1].recommendations[1].next_steps[1].rating: expected a "
        "rating (red, amber or green), got 'amberish'; did you mean 'amber'?",
        "reviews/child-t.yaml:25:25: learning[1].recommendations[1].next_steps[1].updates[1].status: "
        "expected a status, got 'in progess'; did you mean 'in-progress'?",
    ]


def test_updates_go_oldest_first(project: Project) -> None:
    text = with_step("            updates:\n              - date: 2020-10\n              - date: 2020-09\n")
    assert errors(project, text) == [
        "reviews/child-t.yaml:24:17: learning[1].recommendations[1].next_steps[1].updates[2].date: "
        "updates go oldest first: this one (2020-09) comes after one of 2020-10 (line 23); move it up"
    ]


def test_an_update_cannot_be_dated_after_the_build(project: Project) -> None:
    text = with_step(
        "            updates:\n              - date: 2021-04\n                status: complete\n"
    )
    assert errors(project, text) == [
        "reviews/child-t.yaml:23:17: learning[1].recommendations[1].next_steps[1].updates[1].date: this "
        "update is dated 2021-04, after the build date (2021-03-10); check the year, or build with "
        "--as-of (make site AS_OF=YYYY-MM-DD)"
    ]


def test_a_closed_plan_needs_its_date(project: Project) -> None:
    assert errors(project, VALID_REVIEW + "action_plan:\n  status: closed\n") == [
        "reviews/child-t.yaml:23:3: action_plan.status: a closed action plan needs the date it was "
        "closed: add date: YYYY-MM-DD (or YYYY-MM)"
    ]


def test_action_ids_are_unique(project: Project) -> None:
    text = with_step("            id: A1\n") + "next_steps:\n  - id: a1\n    text: Another.\n"
    assert errors(project, text) == [
        "reviews/child-t.yaml:24:9: next_steps[1].id: action id 'a1' makes the same link as 'A1' "
        "(line 22); ids must be unique"
    ]


JOINT = with_step(
    "            id: 4.5.1\n            owner: [Early Help, Police]\n            rating: red\n"
    "            updates:\n              - date: 2020-09\n                status: in-progress\n"
    "                rating: amber\n                note: Audit started.\n"
    "                source: Board meeting, 14 September 2020\n"
).replace("            owner: Early Help\n            id:", "            id:")


def test_an_action_with_an_id_has_its_own_anchor_and_permalink(project: Project) -> None:
    project.write("portal.yaml", "site_url: https://portal.example.org/\n")
    project.write("reviews/child-t.yaml", JOINT)
    assert project.run("generate", *AS_OF).code == 0
    page = (project.root / "content/reviews/child-t/actions.md").read_text()
    assert '<li class="portal-step portal-step--overdue" id="action-4-5-1">' in page
    assert '<span class="portal-rating portal-rating--amber">Rated Amber</span>' in page
    assert "Owners: Early Help and Police" in page
    assert "Status last confirmed September 2020: not updated since September 2020" not in page  # 6 months
    assert (
        '<span class="portal-when">September 2020</span> '
        '<span class="portal-update-status">In progress</span>' in page
    )
    rows = list(csv.DictReader(io.StringIO((project.root / "content/data/actions.csv").read_text())))
    step = next(row for row in rows if row["kind"] == "next-step")
    assert step["action_id"] == "4.5.1"
    assert step["permalink"] == "https://portal.example.org/reviews/child-t/actions/#action-4-5-1"
    assert (step["owner"], step["rating"], step["state"], step["last_confirmed"]) == (
        "Early Help; Police",
        "amber",
        "overdue",
        "2020-09",
    )


def test_a_stale_action_says_since_when(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("due: 2020-08", "due: 2030-08"))
    assert project.run("generate", "--as-of", "2021-06-02").code == 0  # published May 2020
    page = (project.root / "content/reviews/child-t/actions.md").read_text()
    assert "Status last confirmed May 2020: not updated since May 2020" in page
    project.write("portal.yaml", "stale_after_months: 24\n")
    assert project.run("generate", "--as-of", "2021-06-02").code == 0
    page = (project.root / "content/reviews/child-t/actions.md").read_text()
    assert "Status last confirmed May 2020</span>" in page


CHANGES = (
    JOINT
    + "scrutiny:\n  - date: 2020-10-12\n    by: Children's Scrutiny Committee\n"
    + "    note: Asked for RAG ratings.\n"
    + "action_plan:\n  status: closed\n  date: 2021-01\n  note: Moved to the neglect strategy.\n"
)


def test_the_changes_page_feed_and_updates_csv(project: Project) -> None:
    """Every dated entry, newest first, each linked to what it is about (DESIGN.md: an auditor's
    subscription)."""
    import xml.etree.ElementTree as ElementTree

    project.write("portal.yaml", "site_url: https://portal.example.org/\n")
    project.write("reviews/child-t.yaml", CHANGES)
    assert project.run("generate", *AS_OF).code == 0
    content = project.root / "content"
    page = (content / "actions/changes.md").read_text()
    lines = [line for line in page.splitlines() if line.startswith("- **")]
    assert lines == [
        "- **January 2021** · [Child T, the action plan](../reviews/child-t/index.md#summary) · "
        "Action plan closed: Moved to the neglect strategy.",
        "- **12 October 2020** · [Child T, Children's Scrutiny Committee]"
        "(../reviews/child-t/index.md#scrutiny) · Scrutiny: Asked for RAG ratings.",
        "- **September 2020** · [Child T, action 4.5.1](../reviews/child-t/actions.md#action-4-5-1) · "
        "Progress update: In progress; rated Amber; Audit started.",
        "- **July 2020** · [Child T, recommendation 1](../reviews/child-t/actions.md#recommendation-1) · "
        "Response: Training delivered to 9 groups.",
    ]
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(content / "actions/changes.xml").getroot()
    assert feed.tag == f"{atom}feed"
    assert feed.findtext(f"{atom}id") == "https://portal.example.org/actions/changes/"
    assert feed.findtext(f"{atom}updated") == "2021-01-01T00:00:00Z"
    assert feed.findtext(f"{atom}author/{atom}name")
    entries = feed.findall(f"{atom}entry")
    assert [entry.findtext(f"{atom}updated") for entry in entries] == [
        "2021-01-01T00:00:00Z",
        "2020-10-12T00:00:00Z",
        "2020-09-01T00:00:00Z",
        "2020-07-01T00:00:00Z",
    ]
    assert entries[2].find(f"{atom}link").get("href") == (  # type: ignore[union-attr]
        "https://portal.example.org/reviews/child-t/actions/#action-4-5-1"
    )
    assert len({entry.findtext(f"{atom}id") for entry in entries}) == 4
    for entry in entries:
        assert entry.findtext(f"{atom}title") and entry.findtext(f"{atom}summary")
    rows = list(csv.reader(io.StringIO((content / "data/updates.csv").read_text())))
    assert rows == [
        ["review", "action_id", "permalink", "date", "status", "rating", "note", "source"],
        [
            "child-t",
            "4.5.1",
            "https://portal.example.org/reviews/child-t/actions/#action-4-5-1",
            "2020-09",
            "in-progress",
            "amber",
            "Audit started.",
            "Board meeting, 14 September 2020",
        ],
    ]
    review = (content / "reviews/child-t/index.md").read_text()
    assert "- **Action plan:** closed January 2021; progress last confirmed September 2020" in review
    actions = (content / "reviews/child-t/actions.md").read_text()
    assert "Open when the plan closed" in actions  # the plan closed before the build date


def test_updates_csv_lists_the_reviews_by_slug(project: Project) -> None:
    """updates.csv: reviews in the order of their slugs (not newest first, as the pages list
    them), each review's updates oldest first within each action."""
    project.write("reviews/child-t.yaml", CHANGES)
    newer = CHANGES.replace("Child T", "Child Z").replace("published: 2020-05", "published: 2020-06")
    assert newer.count("2020-06") > CHANGES.count("2020-06")
    project.write("reviews/child-z.yaml", newer)
    assert project.run("generate", *AS_OF).code == 0
    catalogue = (project.root / "content/reviews/index.md").read_text()
    assert catalogue.index("Child Z") < catalogue.index("Child T")  # the pages: newest first
    rows = list(csv.reader(io.StringIO((project.root / "content/data/updates.csv").read_text())))
    assert [row[0] for row in rows[1:]] == ["child-t", "child-z"]
