"""Messages for the mistakes a new author makes (issue 19): each one exactly, once, in the file
and on the line where the mistake is, with the text to write instead where there is one."""

from __future__ import annotations

import json

import pytest
from conftest import VALID_REVIEW, Project

AS_OF = ("--as-of", "2026-03-14")
PORTAL = "site_url: https://portal.example.org/\n"
BULLETIN = """\
issue: 1
title: Learning update
date: 2026-02
partnership: Testshire Safeguarding Children Partnership
items:
  - review: child-t
    learning: ["1"]
"""


def problems(project: Project) -> list[str]:
    result = project.run("check", *AS_OF)
    return [line for line in result.lines if line.startswith(("reviews/", "bulletins/", "portal.yaml"))]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("June 2025", "write it as 2025-06 (June 2025)"),
        ("Sept 2019", "write it as 2019-09 (September 2019)"),
        ("14th June 2025", "write it as 2025-06-14 (14 June 2025)"),
        ("June 14, 2025", "write it as 2025-06-14 (14 June 2025)"),
        ("14-Jun-2025", "write it as 2025-06-14 (14 June 2025)"),
        ("14/06/2025", "write it as 2025-06-14 (14 June 2025)"),
        ("4.6.25", "write it as 2025-06-04 (4 June 2025)"),
        ("06/14/2025", "write it as 2025-06-14 (14 June 2025)"),  # month first: 14 cannot be a month
        ("2025/06/14", "write it as 2025-06-14 (14 June 2025)"),
        ("2025-6-1", "write it as 2025-06-01 (1 June 2025)"),
        ("06/2025", "write it as 2025-06 (June 2025)"),
        ("Summer 2025", "write the year (2025), or the month if you know it (2025-MM)"),
        ("Q2 2025", "write the year (2025), or the month if you know it (2025-MM)"),
        ("31/02/2025", "February 2025 has no day 31"),
        ("2025-02-29", "February 2025 has no day 29"),
        ("2025-13", "there is no month 13: write YYYY-MM-DD, YYYY-MM or YYYY"),
    ],
)
def test_a_date_written_another_way_says_how_to_write_it(project: Project, written: str, hint: str) -> None:
    project.write(
        "reviews/child-t.yaml", VALID_REVIEW.replace("published: 2020-05", f'published: "{written}"')
    )
    assert problems(project) == [
        f"reviews/child-t.yaml:4:12: published: expected a date like 2016-08-31, got '{written}'; {hint}"
    ]


def test_a_date_that_is_not_one_gets_no_guess(project: Project) -> None:
    project.write(
        "reviews/child-t.yaml", VALID_REVIEW.replace("published: 2020-05", "published: next summer")
    )
    assert problems(project) == [
        "reviews/child-t.yaml:4:12: published: expected a date like 2016-08-31, got 'next summer'"
    ]


def test_a_mistake_in_a_review_is_reported_once_not_again_in_its_bulletins(project: Project) -> None:
    """The review's own error, not a false 'no review with the slug' in every bulletin using it."""
    project.write("portal.yaml", PORTAL)
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("published: 2020-05", "published: May 2020"))
    project.write("bulletins/1.yaml", BULLETIN)
    assert problems(project) == [
        "reviews/child-t.yaml:4:12: published: expected a date like 2016-08-31, got 'May 2020'; "
        "write it as 2020-05 (May 2020)"
    ]
    project.write("reviews/child-t.yaml", VALID_REVIEW)  # fixed: the bulletin is checked again
    project.write("bulletins/1.yaml", BULLETIN.replace('["1"]', '["7"]'))
    assert problems(project) == [
        "bulletins/1.yaml:7:5: items[1].learning[1]: review 'child-t' has no learning point '7'; "
        "its learning ids are: 1"
    ]


def test_a_bulletin_on_a_review_that_does_not_exist_is_still_an_error(project: Project) -> None:
    project.write("portal.yaml", PORTAL)
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    project.write("bulletins/1.yaml", BULLETIN.replace("review: child-t", "review: child-tt"))
    assert problems(project) == [
        "bulletins/1.yaml:6:5: items[1].review: no review with the slug 'child-tt'; did you mean 'child-t'?"
    ]


def test_a_mistake_in_portal_yaml_raises_no_false_errors_elsewhere(project: Project) -> None:
    """A wrong guess at a theme's shape in portal.yaml: that one error, with the shape to write,
    not also 'add site_url' or 'expected a theme' in the review that uses it."""
    project.write("portal.yaml", PORTAL + "themes:\n  - county-lines\n")
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("[neglect,", "[county-lines, neglect,"))
    project.write("bulletins/1.yaml", BULLETIN)
    assert problems(project) == [
        "portal.yaml:3:3: themes: expected theme slugs with a title each, got a list; write each on its "
        "own line as `county-lines: {title: County lines}`, indented under themes:"
    ]


def test_actions_beside_a_learning_points_recommendations_are_questioned(project: Project) -> None:
    """Next steps indented two spaces too little answer the learning point, not the
    recommendation, which then shows 'No response recorded': check says so, on that line."""
    slipped = VALID_REVIEW.replace(
        "        next_steps:\n          - text: Audit of plans.\n            due: 2020-08\n"
        "            owner: Early Help\n",
        "    next_steps:\n      - text: Audit of plans.\n        due: 2020-08\n        owner: Early Help\n",
    )
    assert slipped != VALID_REVIEW
    project.write("reviews/child-t.yaml", slipped)
    assert problems(project) == [
        "reviews/child-t.yaml:18:5: learning[1].next_steps: warning: these next steps answer the learning "
        "point, not one of its recommendations; if they belong to recommendation '1', move the whole "
        "block 4 spaces to the right, so that next_steps: starts in column 9, under the "
        "recommendation's text:"
    ]
    assert project.run("check", "--strict", *AS_OF).code == 1
    # Doing what it says puts the next steps under the recommendation, and check is content.
    lines = slipped.splitlines(keepends=True)
    moved = "".join(lines[:17] + ["    " + line for line in lines[17:21]] + lines[21:])
    project.write("reviews/child-t.yaml", moved)
    assert problems(project) == []
    assert project.run("generate", *AS_OF).code == 0
    actions = (project.root / "content/reviews/child-t/actions.md").read_text()
    assert "No response recorded" not in actions


SLIPPED_NEXT_STEPS = VALID_REVIEW.replace(
    "        next_steps:\n          - text: Audit of plans.\n            due: 2020-08\n"
    "            owner: Early Help\n",
    "    next_steps:\n      - text: Audit of plans.\n        due: 2020-08\n        owner: Early Help\n",
)


def test_generate_strict_is_check_strict_then_generate(project: Project) -> None:
    """make site runs `generate --strict`: check --strict's report, word for word, and on a warning
    nothing written, as when make site ran check --strict and generate one after the other."""
    project.write("reviews/child-t.yaml", SLIPPED_NEXT_STEPS)
    checked = project.run("check", "--strict", *AS_OF)
    before = project.snapshot()
    result = project.run("generate", "--strict", *AS_OF)
    assert checked.code == result.code == 1
    assert result.err == checked.err + "generate: nothing written: 0 errors, 1 warning\n"
    assert checked.err.endswith("\ncheck: failed (--strict): 1 warning in 1 of 1 file\n")
    assert project.snapshot() == before
    # Without --strict, a warning is printed and the pages are written.
    assert project.run("generate", *AS_OF).code == 0
    assert (project.root / "content/reviews/child-t/actions.md").is_file()


def test_generate_strict_without_problems_says_so_and_writes(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    result = project.run("generate", "--strict", *AS_OF)
    assert result.code == 0
    assert result.err == "check: ok: no problems in 1 file\n"
    assert result.out.startswith("generate: ") and " written, 0 unchanged, 0 removed" in result.out
    assert (project.root / "content/reviews/child-t/index.md").is_file()


def test_a_line_indented_between_two_blocks_says_where_the_keys_start(project: Project) -> None:
    """Two spaces short of the recommendation's keys, the file is not YAML at all: the message
    says at which columns the keys above it start."""
    between = VALID_REVIEW.replace("        next_steps:\n", "      next_steps:\n")
    assert between != VALID_REVIEW
    project.write("reviews/child-t.yaml", between)
    assert problems(project) == [
        "reviews/child-t.yaml:18:7: YAML syntax: this line is indented differently from the lines "
        "before it; start it where the key it belongs with starts "
        "(the keys above start at column 1, 5, 9 or 13)"
    ]


def test_an_empty_file_names_the_command_that_starts_it_again(project: Project) -> None:
    project.write("portal.yaml", PORTAL)
    project.write("reviews/child-t.yaml", "\n")
    project.write("bulletins/4.yaml", "# nothing yet\n")
    assert problems(project) == [
        "bulletins/4.yaml:1:1: the file is empty; delete it, then start from a template: "
        "make new-bulletin NUMBER=4",
        "reviews/child-t.yaml:1:1: the file is empty; delete it, then start from a template: "
        "make new-review SLUG=child-t",
    ]


# --- a review that went through stages -----------------------------------------------------------

STAGED = VALID_REVIEW.replace(
    "type: serious-case-review", "type: [rapid-review, child-safeguarding-practice-review]"
)


def test_a_review_may_list_the_stages_it_went_through(project: Project) -> None:
    """DESIGN.md: `type` may be a list; the first is the main type, which the catalogue uses."""
    project.write("reviews/child-t.yaml", STAGED)
    assert project.run("generate", *AS_OF).code == 0
    content = project.root / "content"
    words = "**Rapid review, then child safeguarding practice review** · Testshire"
    assert words in (content / "reviews/child-t/index.md").read_text()
    assert words in (content / "reviews/child-t/briefing.md").read_text()
    assert "child-t/" in (content / "reviews/by/type/rapid-review/index.md").read_text()
    assert not (content / "reviews/by/type/child-safeguarding-practice-review").exists()
    record = json.loads((content / "data/reviews.json").read_text())["reviews"][0]
    assert (record["type"], record["types"]) == (
        "rapid-review",
        ["rapid-review", "child-safeguarding-practice-review"],
    )


def test_one_type_is_still_one_type(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    assert project.run("generate", *AS_OF).code == 0
    record = json.loads((project.root / "content/data/reviews.json").read_text())["reviews"][0]
    assert (record["type"], record["types"]) == ("serious-case-review", ["serious-case-review"])


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("[]", "2:7: type: expected a review type or a list of them, got an empty list"),
        (
            "[rapid-review, rapid-review]",
            "2:22: type[2]: 'rapid-review' is listed twice; list each stage once",
        ),
        (
            "[rapid-reveiw]",
            "2:8: type[1]: expected a review type, got 'rapid-reveiw'; did you mean 'rapid-review'?",
        ),
    ],
)
def test_stages_are_checked(project: Project, written: str, message: str) -> None:
    project.write(
        "reviews/child-t.yaml", VALID_REVIEW.replace("type: serious-case-review", f"type: {written}")
    )
    assert problems(project) == [f"reviews/child-t.yaml:{message}"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "themes: [neglect, school-attendance]",
            "themes: [neglect, school-atendance]",
            "7:19: themes[2]: expected a theme, got 'school-atendance'; did you mean 'school-attendance'?",
        ),
        (
            "themes: [neglect, school-attendance]",
            "themes: [neglect]\ncontent_note: [self harm]",
            "8:16: content_note[1]: expected a content note, got 'self harm'; did you mean 'self-harm'?",
        ),
        (
            "type: serious-case-review",
            "type: serious case review",
            "2:7: type: expected a review type, got 'serious case review'; "
            "did you mean 'serious-case-review'?",
        ),
    ],
)
def test_a_misspelt_choice_gets_did_you_mean(project: Project, old: str, new: str, message: str) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace(old, new))
    assert problems(project) == [f"reviews/child-t.yaml:{message}"]
