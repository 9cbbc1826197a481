"""Broken inputs are refused with one exact line each, naming file, line, column and field."""

from __future__ import annotations

import time

import pytest
from conftest import VALID_REVIEW, Project


def check(project: Project, text: str, name: str = "reviews/child-t.yaml") -> list[str]:
    project.write(name, text)
    result = project.run("check")
    assert result.code == 1, result.err
    return [line for line in result.lines if line.startswith(name)]


def test_valid_review_is_clean(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    result = project.run("check", "--strict")
    assert result.code == 0, result.err
    assert [line for line in result.lines if line.startswith("reviews/")] == []


def test_yaml_syntax_error(project: Project) -> None:
    text = VALID_REVIEW.replace("title: Child T\n", "title: Child T\n  type: x\n")
    assert check(project, text) == [
        "reviews/child-t.yaml:2:7: YAML syntax: a colon (:) where no new field can start; "
        "check this line's indentation, or put the text in quotes"
    ]


def test_unclosed_quote(project: Project) -> None:
    assert check(project, 'title: "Child T\nsummary: x\n') == [
        "reviews/child-t.yaml:3:1: YAML syntax: a quote is opened but never closed"
    ]


def test_tab_indentation(project: Project) -> None:
    assert check(project, "title: Child T\n\ttype: x\n") == [
        "reviews/child-t.yaml:2:1: YAML syntax: a tab character; indent with spaces only"
    ]


def test_wrong_type(project: Project) -> None:
    text = VALID_REVIEW.replace(
        "partnership: Testshire Safeguarding Children Partnership", "partnership: [Testshire]"
    )
    assert check(project, text) == ["reviews/child-t.yaml:3:14: partnership: expected text, got a list"]


def test_date_like_next_summer(project: Project) -> None:
    text = VALID_REVIEW.replace("due: 2020-08", "due: next summer")
    assert check(project, text) == [
        "reviews/child-t.yaml:20:18: learning[1].recommendations[1].next_steps[1].due: "
        "expected a date like 2016-08-31, got 'next summer'"
    ]


def test_impossible_and_day_first_dates(project: Project) -> None:
    text = VALID_REVIEW.replace("published: 2020-05", "published: 2020-02-30").replace(
        "date: 2020-07", "date: 31/07/2020"
    )
    assert check(project, text) == [
        "reviews/child-t.yaml:4:12: published: expected a date like 2016-08-31, got '2020-02-30'; "
        "February 2020 has no day 30",
        "reviews/child-t.yaml:17:19: learning[1].recommendations[1].responses[1].date: expected a "
        "date like 2016-08-31, got '31/07/2020'; write it as 2020-07-31 (31 July 2020)",
    ]


def test_missing_required_key(project: Project) -> None:
    text = VALID_REVIEW.replace("partnership: Testshire Safeguarding Children Partnership\n", "")
    assert check(project, text) == ["reviews/child-t.yaml:1:1: partnership: required field is missing"]


def test_empty_required_key(project: Project) -> None:
    text = VALID_REVIEW.replace("title: Child T", "title:")
    assert check(project, text) == ["reviews/child-t.yaml:1:1: title: required field is empty"]


def test_misspelt_key_suggests(project: Project) -> None:
    text = VALID_REVIEW.replace("    recommendations:", "    recomendations:")
    assert check(project, text) == [
        "reviews/child-t.yaml:12:5: learning[1].recomendations: unknown field; "
        "did you mean 'recommendations'?"
    ]


def test_unknown_review_type_suggests(project: Project) -> None:
    text = VALID_REVIEW.replace("type: serious-case-review", "type: serious-case-reveiw")
    assert check(project, text) == [
        "reviews/child-t.yaml:2:7: type: expected a review type, got 'serious-case-reveiw'; "
        "did you mean 'serious-case-review'?"
    ]


def test_unknown_status_lists_choices(project: Project) -> None:
    text = VALID_REVIEW.replace("owner: Early Help", "owner: Early Help\n            status: done")
    assert check(project, text) == [
        "reviews/child-t.yaml:22:21: learning[1].recommendations[1].next_steps[1].status: expected "
        "a status, got 'done'; use one of: planned, in-progress, complete, not-taken-forward"
    ]


def test_unknown_theme_suggests_nearest(project: Project) -> None:
    text = VALID_REVIEW.replace("themes: [neglect, school-attendance]", "themes: [neglet, school-attendance]")
    assert check(project, text) == [
        "reviews/child-t.yaml:7:10: themes[1]: expected a theme, got 'neglet'; did you mean 'neglect'?"
    ]


def test_duplicate_learning_id(project: Project) -> None:
    text = VALID_REVIEW + '  - id: "1"\n    title: Second lesson\n'
    assert check(project, text) == [
        "reviews/child-t.yaml:22:9: learning[2].id: duplicate learning id '1' (first used at line 9); "
        "ids must be unique"
    ]


def test_duplicate_recommendation_id_across_review(project: Project) -> None:
    text = VALID_REVIEW.replace("themes: [", 'recommendations:\n  - id: "1"\n    text: Again.\nthemes: [')
    assert check(project, text) == [
        "reviews/child-t.yaml:16:13: learning[1].recommendations[1].id: duplicate recommendation id "
        "'1' (first used at line 8); ids must be unique"
    ]


def test_ids_that_make_the_same_anchor(project: Project) -> None:
    text = VALID_REVIEW.replace('id: "1"\n    title: First', 'id: "L1"\n    title: First')
    text += '  - id: "l1"\n    title: Looks different\n'
    assert check(project, text) == [
        "reviews/child-t.yaml:22:9: learning[2].id: learning id 'l1' makes the same link as 'L1' "
        "(line 9); ids must be unique"
    ]


def test_duplicate_key(project: Project) -> None:
    text = VALID_REVIEW.replace("published: 2020-05\n", "published: 2020-05\npublished: 2020-06\n")
    assert check(project, text) == [
        "reviews/child-t.yaml:5:1: field 'published' is given twice (first at line 4); keep one"
    ]


def test_every_problem_in_every_file_in_one_run(project: Project) -> None:
    project.write("reviews/a.yaml", VALID_REVIEW.replace("type: serious-case-review", "type: scr"))
    project.write("reviews/b.yaml", VALID_REVIEW.replace("published: 2020-05", "published: soon"))
    project.write("reviews/c.yaml", VALID_REVIEW.replace("title: Child T", "title:"))
    result = project.run("check")
    assert result.code == 1
    problems = [line for line in result.lines if line.startswith("reviews/")]
    assert [line.split(":")[0] for line in problems] == ["reviews/a.yaml", "reviews/b.yaml", "reviews/c.yaml"]


def test_bad_file_name(project: Project) -> None:
    assert check(project, VALID_REVIEW, "reviews/Child T.yaml") == [
        "reviews/Child T.yaml:1:1: the file name must be lower-case words joined by hyphens "
        "(it becomes the page address); rename it to child-t.yaml"
    ]


def test_yml_extension(project: Project) -> None:
    assert check(project, VALID_REVIEW, "reviews/child-t.yml") == [
        "reviews/child-t.yml:1:1: rename it to child-t.yaml: portal files end in .yaml"
    ]


def test_empty_file(project: Project) -> None:
    assert check(project, "\n") == [
        "reviews/child-t.yaml:1:1: the file is empty; delete it, then start from a template: "
        "make new-review SLUG=child-t"
    ]


def test_not_utf8(project: Project) -> None:
    (project.root / "reviews").mkdir()
    (project.root / "reviews/child-t.yaml").write_bytes(b"title: Caf\xe9\n")
    result = project.run("check")
    assert result.code == 1
    assert "reviews/child-t.yaml:1:1: is not UTF-8 text; save it as UTF-8 in your editor" in result.lines


BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_quickly(project: Project) -> None:
    started = time.perf_counter()
    lines = check(project, BOMB)
    assert time.perf_counter() - started < 10  # a guard against hanging, not a benchmark
    assert lines == ["reviews/child-t.yaml:2:8: aliases (*name) are not allowed; write the value out in full"]


def test_deep_nesting_is_refused(project: Project) -> None:
    assert check(project, "title: " + "[" * 200 + "]" * 200 + "\n") == [
        "reviews/child-t.yaml:1:48: nested too deeply to be a portal file"
    ]


@pytest.mark.parametrize(
    "as_text",
    ["title: 1984", "title: NO", "title: 2016-05-01"],
)
def test_yaml_guesses_do_not_change_text(project: Project, as_text: str) -> None:
    """YAML 1.1 reads NO as false and 1984 as a number; a title is text as typed."""
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("title: Child T", as_text))
    assert project.run("generate", "--as-of", "2021-01-01").code == 0
    page = (project.root / "content/reviews/child-t/index.md").read_text()
    value = as_text.split(": ")[1]
    assert page.startswith(f'---\ntitle: "{value}"\n')
    assert f"\n# {value}\n" in page


def test_bulletin_references_are_checked(project: Project) -> None:
    project.write("portal.yaml", "site_url: https://example.org/\n")
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    project.write(
        "bulletins/1.yaml",
        "issue: 1\ntitle: Update\ndate: 2021-02\npartnership: Testshire\nitems:\n"
        '  - review: child-u\n  - review: child-t\n    learning: ["2"]\n',
    )
    result = project.run("check")
    assert result.code == 1
    assert [line for line in result.lines if line.startswith("bulletins/")] == [
        "bulletins/1.yaml:6:5: items[1].review: no review with the slug 'child-u'; did you mean 'child-t'?",
        "bulletins/1.yaml:8:5: items[2].learning[1]: review 'child-t' has no learning point '2'; "
        "its learning ids are: 1",
    ]


def test_bulletin_item_on_a_draft_is_a_warning(project: Project) -> None:
    project.write("portal.yaml", "site_url: https://example.org/\n")
    project.write("reviews/child-t.yaml", VALID_REVIEW + "status: draft\n")
    project.write(
        "bulletins/1.yaml",
        "issue: 1\ntitle: Update\ndate: 2021-02\npartnership: Testshire\nitems:\n  - review: child-t\n",
    )
    result = project.run("check")
    assert result.code == 0
    assert (
        "bulletins/1.yaml:6:5: items[1].review: warning: review 'child-t' is a draft, "
        "so this item is left out of the published issue"
    ) in result.lines
    assert project.run("check", "--strict").code == 1


def test_alias_used_twice(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW + "aliases: [old-t]\n")
    project.write("reviews/child-u.yaml", VALID_REVIEW + "aliases: [old-t, child-t]\n")
    result = project.run("check")
    assert result.code == 1
    assert [line for line in result.lines if "alias" in line] == [
        "reviews/child-u.yaml:22:1: aliases[1]: alias 'old-t' is used by reviews/child-t.yaml; "
        "an old address can point to one review only",
        "reviews/child-u.yaml:22:1: aliases[2]: alias 'child-t' is used by reviews/child-t.yaml; "
        "an old address can point to one review only",
    ]


def test_bulletins_need_a_site_url(project: Project) -> None:
    project.write("bulletins/1.yaml", "issue: 1\ntitle: Update\ndate: 2021-02\npartnership: Testshire\n")
    assert check(
        project, "issue: 1\ntitle: Update\ndate: 2021-02\npartnership: Testshire\n", "bulletins/1.yaml"
    ) == [
        "bulletins/1.yaml:1:1: bulletins need the site's public address for their email version and feed; "
        "add site_url: https://... to portal.yaml"
    ]


def test_bulletin_issue_must_match_file_name(project: Project) -> None:
    project.write("portal.yaml", "site_url: https://example.org/\n")
    assert check(
        project, "issue: 2\ntitle: Update\ndate: 2021-02\npartnership: Testshire\n", "bulletins/1.yaml"
    ) == ["bulletins/1.yaml:1:1: issue: issue 2 does not match the file name 1.yaml; make them the same"]
