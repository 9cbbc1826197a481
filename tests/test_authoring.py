"""Authoring: `new` templates, the editor schema, and `check` output a comms officer can act on."""

from __future__ import annotations

import io
import json
import re
import shutil
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REPO, VALID_REVIEW, Project

from generator import reporting
from generator.formats import BULLETIN, REVIEW_FIELDS
from generator.problems import Problem, Severity
from generator.progress import Progress

AS_OF = ("--as-of", "2026-03-14")
NEXT = "next: fill in the fields marked required, then run make check"
PORTAL = "site_url: https://learning.example.org/\n"  # bulletins need it

# What a comms officer types into the required fields of a new review.
FILLED = {
    "title": "Child X",
    "type": "serious-case-review",
    "partnership": "Testshire Safeguarding Children Partnership",
    "published": "2025-06",
    "summary": "|\n  What happened, and what was learned.",
}


def fill(text: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        text, found = re.subn(rf"^{name}:  # required(: .*)?$", f"{name}: {value}", text, flags=re.M)
        assert found == 1, name
    return text


def uncomment_examples(text: str) -> str:
    """Remove the `# ` from every example block, as the header tells the author to."""
    body = text[text.index("\n\n") :]
    names = "|".join(field.name for field in REVIEW_FIELDS + BULLETIN.fields)
    body = re.sub(rf"^# (({names}):  # |  )", r"\1", body, flags=re.M)
    return text[: text.index("\n\n")] + body


# --- new -----------------------------------------------------------------------------------------


def test_new_review_writes_a_template(project: Project) -> None:
    result = project.run("new", "review", "child-x", *AS_OF)
    assert (result.code, result.out, result.err) == (0, f"new: wrote reviews/child-x.yaml\n{NEXT}\n", "")
    lines = (project.root / "reviews/child-x.yaml").read_text().splitlines()
    assert lines[0] == "# yaml-language-server: $schema=schema.json"
    assert [line for line in lines if "  # required" in line and not line.startswith("#")] == [
        "title:  # required",
        "type:  # required",
        "partnership:  # required",
        "published:  # required: the date the review was published: YYYY-MM-DD, YYYY-MM or YYYY",
        "summary:  # required",
    ]
    assert "# 5. Then run: make check" in lines  # as it can be run from a fresh clone
    assert "# of another day, say it: make site AS_OF=2026-12-01" in lines
    for field in REVIEW_FIELDS:
        assert re.search(rf"^(# )?{field.name}:", "\n".join(lines), flags=re.M), field.name
    assert "# Not published before this date. YYYY-MM-DD, YYYY-MM or YYYY." in lines
    assert "#     recommendations:  # Recommendations." in lines


def test_new_review_fails_check_until_the_required_fields_are_filled_in(project: Project) -> None:
    project.run("new", "review", "child-x", *AS_OF)
    result = project.run("check", *AS_OF)
    assert result.code == 1
    assert result.lines == [
        "In reviews/child-x.yaml: 5 errors",
        "reviews/child-x.yaml:19:1: title: required field is empty",
        "reviews/child-x.yaml:25:1: type: required field is empty",
        "reviews/child-x.yaml:28:1: partnership: required field is empty",
        "reviews/child-x.yaml:31:1: published: required field is empty; "
        "write a date: YYYY-MM-DD, YYYY-MM or YYYY",
        "reviews/child-x.yaml:34:1: summary: required field is empty",
        "",
        "check: failed: 5 errors in 1 of 1 file",
    ]


def test_new_review_passes_check_once_the_required_fields_are_filled_in(project: Project) -> None:
    project.run("new", "review", "child-x", *AS_OF)
    file = project.root / "reviews/child-x.yaml"
    file.write_text(fill(file.read_text(), FILLED))
    result = project.run("check", "--strict", *AS_OF)
    assert (result.code, result.err) == (0, "check: ok: no problems in 1 file\n")
    assert project.run("generate", *AS_OF).code == 0
    assert "# Child X\n" in (project.root / "content/reviews/child-x/index.md").read_text()


def test_the_template_examples_are_the_format(project: Project) -> None:
    """Uncommented, every example block is valid YAML of the right shape: only blanks are left."""
    project.run("new", "review", "child-x", *AS_OF)
    file = project.root / "reviews/child-x.yaml"
    file.write_text(uncomment_examples(fill(file.read_text(), FILLED)))
    result = project.run("check", *AS_OF)
    problems = [line for line in result.lines if line.startswith("reviews/") and ": warning: " not in line]
    # The example learning point has both recommendations and its own actions: check asks
    # whether the actions were meant to be under the recommendation.
    warned = [line.split(": ")[1] for line in result.lines if ": warning: " in line]
    assert warned == ["learning[1].responses", "learning[1].next_steps"]
    # one for each required field in the examples: 17, and since progress tracking a source's title
    # and url, a scrutiny entry's date and by, and an update's date in each of the 8 action examples;
    # since own briefing formats, a section's title and text
    assert len(problems) == 17 + 2 + 2 + 8 + 2
    dated = ": required field is empty; write a date: YYYY-MM-DD, YYYY-MM or YYYY"
    assert all(line.endswith((": required field is empty", dated)) for line in problems), problems


def test_new_review_leaves_the_publication_date_to_the_author(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not today's date, which an author would leave in: the date the review was published."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1598918400")  # 2020-09-01
    assert project.run("new", "review", "child-x").code == 0
    text = (project.root / "reviews/child-x.yaml").read_text()
    assert "2020-09-01" not in text
    assert "\npublished:  # required: the date the review was published" in text


def test_new_bulletin_passes_check_once_the_required_fields_are_filled_in(project: Project) -> None:
    project.write("portal.yaml", PORTAL)
    result = project.run("new", "bulletin", "12", *AS_OF)
    assert (result.code, result.out) == (0, f"new: wrote bulletins/12.yaml\n{NEXT}\n")
    file = project.root / "bulletins/12.yaml"
    text = file.read_text()
    assert "\nissue: 12  # required\n" in text
    assert "\ndate:  # required: the issue's date: YYYY-MM-DD or YYYY-MM\n" in text  # not today's
    assert "\n# items:  # The items.\n#   - review:  # The slug of a review this item draws on.\n" in text
    file.write_text(
        fill(text, {"title": "Safeguarding update", "partnership": "Testshire", "date": "2026-03"})
    )
    result = project.run("check", "--strict", *AS_OF)
    assert (result.code, result.err) == (0, "check: ok: no problems in 2 files\n")


def test_new_refuses_to_overwrite(project: Project) -> None:
    file = project.write("reviews/child-x.yaml", VALID_REVIEW)
    result = project.run("new", "review", "child-x", *AS_OF)
    assert (result.code, result.out) == (1, "")
    assert result.err == "reviews/child-x.yaml: already exists; edit it, or choose another slug\n"
    assert file.read_text() == VALID_REVIEW


def test_new_bulletin_refuses_to_overwrite(project: Project) -> None:
    file = project.write("bulletins/3.yaml", "issue: 3\n")
    result = project.run("new", "bulletin", "3", *AS_OF)
    assert result.code == 1
    assert result.err == "bulletins/3.yaml: already exists; edit it, or choose another number\n"
    assert file.read_text() == "issue: 3\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("review", "Child X"),
            "python -m generator new review: error: argument SLUG: 'Child X' is not a slug: "
            "use lower-case words joined by hyphens, like child-x",
        ),
        (
            ("review", "child-x.yaml"),
            "python -m generator new review: error: argument SLUG: 'child-x.yaml' is not a slug: "
            "use lower-case words joined by hyphens, like child-x",
        ),
        (
            ("bulletin", "012"),
            "python -m generator new bulletin: error: argument NUMBER: "
            "expected an issue number like 12, got '012'",
        ),
        (
            ("bulletin", "twelve"),
            "python -m generator new bulletin: error: argument NUMBER: "
            "expected an issue number like 12, got 'twelve'",
        ),
    ],
)
def test_new_usage_errors(project: Project, args: tuple[str, str], message: str) -> None:
    result = project.run("new", *args)
    assert (result.code, result.out, result.lines[-1]) == (2, "", message)
    assert list(project.root.iterdir()) == []


def test_every_command_has_help(project: Project) -> None:
    result = project.run("--help")
    assert result.code == 0
    for command in ("check", "generate", "new", "schema"):
        assert re.search(rf"^    {command} +\S", result.out, flags=re.M), command


# --- schema --------------------------------------------------------------------------------------


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor reads it (YAML 1.2): 2016-05-27 stays text, as it does for `check`."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(text: str) -> Any:
    return yaml.load(text, Loader=EditorLoader)  # noqa: S506 - a SafeLoader subclass


def schema_errors(schema: dict[str, Any], text: str) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [error.message for error in validator.iter_errors(load(text))]


@pytest.fixture
def schemas(sample_project: Project) -> dict[str, dict[str, Any]]:
    """The schemas written for the sample project (its portal.yaml and the default themes)."""
    for path in ("reviews/schema.json", "bulletins/schema.json", "portal.schema.json"):
        (sample_project.root / path).unlink(missing_ok=True)
    result = sample_project.run("schema")
    assert result.code == 0, result.err
    return {
        kind: json.loads((sample_project.root / path).read_text())
        for kind, path in (
            ("review", "reviews/schema.json"),
            ("bulletin", "bulletins/schema.json"),
            ("portal", "portal.schema.json"),
        )
    }


def test_schema_writes_four_files_once(project: Project) -> None:
    result = project.run("schema")
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "wrote bulletins/schema.json\nwrote docs/format.md\nwrote portal.schema.json\n"
        "wrote reviews/schema.json\nschema: 4 written, 0 unchanged\n"
    )
    before = project.snapshot()
    assert project.run("schema").out == "schema: 0 written, 4 unchanged\n"
    assert project.snapshot() == before


def test_schema_files_are_valid_deterministic_json_schema(schemas: dict[str, dict[str, Any]]) -> None:
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["additionalProperties"] is False
    assert schemas["review"]["required"] == ["title", "type", "partnership", "published", "summary"]
    assert "neglect" in schemas["review"]["$defs"]["theme"]["enum"]
    assert "$defs" not in schemas["bulletin"]


def test_committed_schema_files_are_up_to_date(sample_project: Project) -> None:
    shutil.copy(REPO / "portal.schema.json", sample_project.root)
    (sample_project.root / "docs").mkdir()
    shutil.copy(REPO / "docs/format.md", sample_project.root / "docs")
    result = sample_project.run("schema")
    assert result.out == "schema: 0 written, 4 unchanged\n", "run: make schema"


def test_schema_follows_portal_themes(project: Project) -> None:
    project.write("portal.yaml", "themes:\n  county-lines: {title: County lines}\n")
    assert project.run("schema").code == 0
    schema = json.loads((project.root / "reviews/schema.json").read_text())
    assert "county-lines" in schema["$defs"]["theme"]["enum"]


def test_schema_refuses_a_broken_portal_file(project: Project) -> None:
    project.write("portal.yaml", "site_url: learning.example.org\n")
    result = project.run("schema")
    assert (result.code, result.out) == (1, "")
    assert result.lines == [
        "portal.yaml:1:11: site_url: expected a web address starting https://, got 'learning.example.org'",
        "schema: nothing written: fix portal.yaml first (1 error)",
    ]
    assert list(project.root.iterdir()) == [project.root / "portal.yaml"]


@pytest.mark.parametrize(
    ("kind", "pattern"),
    [("review", "reviews/*.yaml"), ("bulletin", "bulletins/*.yaml"), ("portal", "portal.yaml")],
)
def test_schema_accepts_every_sample_file(
    schemas: dict[str, dict[str, Any]], kind: str, pattern: str
) -> None:
    files = sorted(REPO.glob(pattern))
    assert files
    for file in files:
        assert schema_errors(schemas[kind], file.read_text(encoding="utf-8")) == [], file.name


def test_schema_accepts_blank_optional_fields_and_a_new_template(
    project: Project, schemas: dict[str, dict[str, Any]]
) -> None:
    project.run("new", "review", "child-x", *AS_OF)
    template = (project.root / "reviews/child-x.yaml").read_text()
    assert schema_errors(schemas["review"], fill(template, FILLED)) == []
    assert schema_errors(schemas["review"], VALID_REVIEW + "child:\nstatus:\nthemes:\n") == []


BROKEN_REVIEWS = {
    "misspelt key": ("title: Child T", "titel: Child T"),
    "bad type": ("type: serious-case-review", "type: serious-case"),
    "missing required field": ("partnership: Testshire Safeguarding Children Partnership\n", ""),
    "blank required field": ("title: Child T", "title:"),
    "date in words": ("published: 2020-05", "published: next summer"),
    "nested date in words": ("due: 2020-08", "due: next summer"),
    "month 13": ("published: 2020-05", "published: 2020-13"),
    "unknown theme": ("themes: [neglect, school-attendance]", "themes: [neglekt]"),
    "bad status": ("owner: Early Help", "owner: Early Help\n            status: done"),
    "list expected": ("themes: [neglect, school-attendance]", "themes: {neglect: yes}"),
    "two-line title": ("title: Child T", "title: |\n  Child\n  T"),
    "web address": ("title: Child T", "title: Child T\nreport_url: www.example.org/report.pdf"),
}


@pytest.mark.parametrize("name", BROKEN_REVIEWS)
def test_schema_and_check_reject_broken_reviews(
    project: Project, schemas: dict[str, dict[str, Any]], name: str
) -> None:
    old, new = BROKEN_REVIEWS[name]
    assert old in VALID_REVIEW
    broken = VALID_REVIEW.replace(old, new)
    assert schema_errors(schemas["review"], VALID_REVIEW) == []
    assert schema_errors(schemas["review"], broken) != []
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    assert project.run("check", *AS_OF).code == 0
    project.write("reviews/child-t.yaml", broken)
    assert project.run("check", *AS_OF).code == 1


VALID_BULLETIN = "issue: 1\ntitle: Update\ndate: 2021-02\npartnership: Testshire\nitems:\n  - heading: News\n"

BROKEN_BULLETINS = {
    "issue in words": ("issue: 1", "issue: one"),
    "date in words": ("date: 2021-02", "date: next summer"),
    "item with neither review nor heading": ("  - heading: News\n", "  - text: News\n"),
    "learning without a review": ("  - heading: News\n", '  - heading: News\n    learning: ["1"]\n'),
    "misspelt key": ("partnership:", "partnershp:"),
}


@pytest.mark.parametrize("name", BROKEN_BULLETINS)
def test_schema_and_check_reject_broken_bulletins(
    project: Project, schemas: dict[str, dict[str, Any]], name: str
) -> None:
    old, new = BROKEN_BULLETINS[name]
    assert old in VALID_BULLETIN
    broken = VALID_BULLETIN.replace(old, new)
    assert schema_errors(schemas["bulletin"], VALID_BULLETIN) == []
    assert schema_errors(schemas["bulletin"], broken) != []
    project.write("portal.yaml", PORTAL)
    project.write("bulletins/1.yaml", VALID_BULLETIN)
    assert project.run("check", *AS_OF).code == 0
    project.write("bulletins/1.yaml", broken)
    assert project.run("check", *AS_OF).code == 1


# --- check output --------------------------------------------------------------------------------

BROKEN = VALID_REVIEW.replace("type: serious-case-review", "type: serious-case").replace(
    "due: 2020-08", "due: next summer"
)
DRAFT_ITEM = "issue: 1\ntitle: Update\ndate: 2021-02\npartnership: Testshire\nitems:\n  - review: child-d\n"


def test_check_groups_problems_by_file_and_counts_them(project: Project) -> None:
    project.write("reviews/child-t.yaml", BROKEN)
    project.write("reviews/child-d.yaml", VALID_REVIEW + "status: draft\n")
    project.write("bulletins/1.yaml", DRAFT_ITEM)
    project.write("portal.yaml", PORTAL)
    result = project.run("check", *AS_OF)
    assert (result.code, result.out) == (1, "")
    assert result.lines == [
        "In bulletins/1.yaml: 1 warning",
        "bulletins/1.yaml:6:5: items[1].review: warning: review 'child-d' is a draft, "
        "so this item is left out of the published issue",
        "",
        "In reviews/child-t.yaml: 2 errors",
        "reviews/child-t.yaml:2:7: type: expected a review type, got 'serious-case'; "
        "did you mean 'serious-case-review'?",
        "reviews/child-t.yaml:20:18: learning[1].recommendations[1].next_steps[1].due: "
        "expected a date like 2016-08-31, got 'next summer'",
        "",
        "check: failed: 2 errors and 1 warning in 2 of 4 files",
    ]


def test_check_warnings_pass_unless_strict(project: Project) -> None:
    project.write("reviews/child-d.yaml", VALID_REVIEW + "status: draft\n")
    project.write("bulletins/1.yaml", DRAFT_ITEM)
    project.write("portal.yaml", PORTAL)
    assert project.run("check", *AS_OF).lines[-1] == "check: ok: 1 warning in 1 of 3 files"
    strict = project.run("check", "--strict", *AS_OF)
    assert (strict.code, strict.lines[-1]) == (1, "check: failed (--strict): 1 warning in 1 of 3 files")


def test_check_format_json(project: Project) -> None:
    project.write("reviews/child-t.yaml", "title: Child T\ntype: serious-case\n")
    result = project.run("check", "--format", "json", *AS_OF)
    assert (result.code, result.err) == (1, "")
    assert (
        result.out
        == """\
[
  {
    "file": "reviews/child-t.yaml",
    "line": 1,
    "column": 1,
    "field": "partnership",
    "message": "required field is missing",
    "severity": "error"
  },
  {
    "file": "reviews/child-t.yaml",
    "line": 1,
    "column": 1,
    "field": "published",
    "message": "required field is missing; write a date: YYYY-MM-DD, YYYY-MM or YYYY",
    "severity": "error"
  },
  {
    "file": "reviews/child-t.yaml",
    "line": 1,
    "column": 1,
    "field": "summary",
    "message": "required field is missing",
    "severity": "error"
  },
  {
    "file": "reviews/child-t.yaml",
    "line": 2,
    "column": 7,
    "field": "type",
    "message": "expected a review type, got 'serious-case'; did you mean 'serious-case-review'?",
    "severity": "error"
  }
]
"""
    )


def test_check_format_github(project: Project) -> None:
    """DESIGN.md: `::error file=<path>,line=<n>,col=<n>::<message>`, one per problem, on stdout."""
    project.write("reviews/child-t.yaml", "title: Child T\ntype: serious-case\n")
    result = project.run("check", "--format", "github", *AS_OF)
    assert result.code == 1
    assert result.out.splitlines() == [
        "::error file=reviews/child-t.yaml,line=1,col=1::partnership: required field is missing",
        "::error file=reviews/child-t.yaml,line=1,col=1::published: required field is missing; "
        "write a date: YYYY-MM-DD, YYYY-MM or YYYY",
        "::error file=reviews/child-t.yaml,line=1,col=1::summary: required field is missing",
        "::error file=reviews/child-t.yaml,line=2,col=7::type: expected a review type, got 'serious-case'; "
        "did you mean 'serious-case-review'?",
    ]
    assert result.err == "check: failed: 4 errors in 1 of 1 file\n"


def test_check_format_github_warnings_and_escapes() -> None:
    """A value quoted in a message cannot end the annotation or start another workflow command:
    `%`, CR and LF are escaped in the message; `:` and `,` too in the file name (GitHub's rules)."""
    problems = [
        Problem("reviews/a,b:c.yaml", 3, 5, "summary", "got 'x\n::error::forged 100%'", Severity.WARNING),
        Problem("reviews/a.yaml", 1, 1, None, "the file is empty\r"),
    ]
    assert reporting.as_github(problems) == [
        "::warning file=reviews/a%2Cb%3Ac.yaml,line=3,col=5::summary: got 'x%0A::error::forged 100%25'",
        "::error file=reviews/a.yaml,line=1,col=1::the file is empty%0D",
    ]


def test_check_format_json_warnings_and_clean(project: Project) -> None:
    project.write("reviews/child-d.yaml", VALID_REVIEW + "status: draft\n")
    project.write("bulletins/1.yaml", DRAFT_ITEM)
    project.write("portal.yaml", PORTAL)
    result = project.run("check", "--format", "json", *AS_OF)
    assert result.code == 0
    assert json.loads(result.out) == [
        {
            "file": "bulletins/1.yaml",
            "line": 6,
            "column": 5,
            "field": "items[1].review",
            "message": "review 'child-d' is a draft, so this item is left out of the published issue",
            "severity": "warning",
        }
    ]
    assert project.run("check", "--format", "json", "--strict", *AS_OF).code == 1
    (project.root / "bulletins/1.yaml").unlink()
    assert project.run("check", "--format", "json", *AS_OF).out == "[]\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert reporting.use_colour(Terminal()) is True
    assert reporting.use_colour(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert reporting.use_colour(Terminal()) is False


def test_colour_marks_errors_red_and_warnings_yellow() -> None:
    problems = [
        Problem("reviews/a.yaml", 1, 1, "title", "required field is empty"),
        Problem("reviews/a.yaml", 2, 1, None, "a note", Severity.WARNING),
    ]
    assert reporting.grouped(problems, colour=True) == [
        "\033[1mIn reviews/a.yaml: 1 error and 1 warning\033[0m",
        "\033[31mreviews/a.yaml:1:1: title: required field is empty\033[0m",
        "\033[33mreviews/a.yaml:2:1: warning: a note\033[0m",
    ]
    assert reporting.verdict(problems, 3, failed=True, colour=True) == (
        "\033[31mcheck: failed: 1 error and 1 warning in 1 of 3 files\033[0m"
    )


# --- progress ------------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_appears_on_a_terminal_only_after_a_while() -> None:
    screen, clock = Terminal(), Clock()
    progress = Progress(screen, delay=1.0, clock=clock)
    progress("reading 0/1000 files")
    assert screen.getvalue() == ""  # a short run never shows a progress line
    clock.now += 1.5
    progress("reading 412/1000 files")
    progress("reading 413/1000 files")  # too soon after the last redraw
    clock.now += 0.2
    progress("checking 1000 files")
    progress.clear()
    assert screen.getvalue() == (
        "\rreading 412/1000 files" + "\rchecking 1000 files   " + "\r" + " " * 19 + "\r"
    )


def test_progress_is_silent_when_not_a_terminal() -> None:
    log, clock = io.StringIO(), Clock()
    progress = Progress(log, delay=0.0, clock=clock)
    clock.now += 5
    progress("reading 1/2 files")
    progress.clear()
    assert log.getvalue() == ""


def test_progress_reaches_the_cli(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr(Progress, "__call__", lambda self, message: seen.append(message))
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    assert project.run("generate", *AS_OF).code == 0
    assert seen == [
        "reading 1/1 files",
        "checking 1/1 files",
        "rendering 1/1 reviews",
        "rendering lists",
        "writing 42 pages",
    ]
