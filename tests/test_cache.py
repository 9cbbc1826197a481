"""The cache in .cache/generator/: a run redoes only what changed, and never changes the output.

The proof that the cache cannot change the output: after every kind of edit, a cached run is
followed by a run without the cache (`--no-cache`), which must find every page already as it
would write it ("0 written, ... 0 removed").
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
from pathlib import Path

import jinja2
import pytest
from conftest import Project, copy_sample, write_synthetic

from generator import cache, loader

AS_OF = ("--as-of", "2026-11-22")
FOLDER = Path(".cache/generator")


def _unchanged(project: Project, *args: str) -> str:
    """Generate without the cache and check it writes nothing; the count of pages, for messages."""
    result = project.run("generate", "--no-cache", *args)
    assert result.code == 0, result.err
    match = re.fullmatch(r"generate: 0 written, (\d+) unchanged, 0 removed \(as of [\d-]+\)\n", result.out)
    assert match, f"the cached run's output differs from a run without the cache: {result.out}"
    return match.group(1)


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {file.name}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The review files parsed, in order, by the runs of a test."""
    seen: list[str] = []
    parse = loader.Source.parse

    def counting(source: loader.Source) -> tuple[loader.Document, list[loader.Problem]]:
        if source.path.startswith("reviews/"):
            seen.append(source.path)
        return parse(source)

    monkeypatch.setattr(loader.Source, "parse", counting)
    return seen


def test_unchanged_files_are_not_read_again(project: Project, parsed: list[str]) -> None:
    copy_sample(project.root)
    assert project.run("generate", *AS_OF).code == 0
    assert len(parsed) == 8
    parsed.clear()
    assert project.run("generate", *AS_OF).code == 0
    assert parsed == []
    _edit(project.root / "reviews/slough-baby-jw.yaml", "title: ", "title: Revised ")
    assert project.run("generate", *AS_OF).code == 0
    assert parsed == ["reviews/slough-baby-jw.yaml"]


def test_a_run_with_nothing_changed_renders_nothing(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_sample(project.root)
    assert project.run("generate", *AS_OF).code == 0
    before = project.snapshot()

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("a page was rendered again")

    monkeypatch.setattr(jinja2.Template, "render", refuse)
    result = project.run("generate", *AS_OF)
    assert result.code == 0, result.err
    assert result.out.startswith("generate: 0 written, ")
    assert project.snapshot() == before  # no page, no cache entry written or removed


def test_a_new_day_renders_only_what_the_date_changes(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages print the as-of date, but are made again only when the date changes what they
    show (a step falls overdue, an embargo ends): the next day, nothing is rendered."""
    copy_sample(project.root)
    assert project.run("generate", *AS_OF).code == 0

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("a page was rendered again")

    with monkeypatch.context() as patched:
        patched.setattr(jinja2.Template, "render", refuse)
        result = project.run("generate", "--as-of", "2026-11-23")
    assert result.code == 0, result.err
    assert "23 November 2026" in (project.root / "content/reviews/slough-baby-jw/actions.md").read_text()
    _unchanged(project, "--as-of", "2026-11-23")


def test_every_kind_of_edit_gives_the_output_of_a_full_run(project: Project) -> None:
    """Over the list limits (pages split by year, tracker by partnership), so that every kind
    of list page is cached and must notice the edits that concern it."""
    copy_sample(project.root)
    write_synthetic(project.root, 110, 2020, 102)
    reviews = project.root / "reviews"
    assert project.run("generate", *AS_OF).code == 0
    pages = _unchanged(project, *AS_OF)
    edits = [
        ("a title", reviews / "child-r5.yaml", "title: Child R5", "title: Child R5 (revised)"),
        ("a year", reviews / "child-r7.yaml", "published: 2020", "published: 2015"),
        ("a theme", reviews / "child-r9.yaml", "themes: [infants, ", "themes: [physical-abuse, "),
        (
            "a next step",
            reviews / "child-r10.yaml",
            "            due:",
            "            status: complete\n            due:",
        ),
        ("a draft", reviews / "child-r11.yaml", "child: R11", "status: draft\nchild: R11"),
        ("a due date", reviews / "child-r14.yaml", "due: 2015-06", "due: 2027-06"),  # overdue in 2030
        # The changes pages are made again only when an entry they list, or a count they show,
        # changes: a response moved to another year, and one whose words changed.
        (
            "a response's date",
            reviews / "child-r15.yaml",
            "            date: 20",
            "            date: 2019-01\n#",
        ),
        (
            "a response's words",
            reviews / "child-r16.yaml",
            "responses:\n          - text: ",
            "responses:\n          - text: New ",
        ),
        ("a bulletin", project.root / "bulletins/1.yaml", "title: Safeguarding update", "title: Update"),
        (
            "a review in a bulletin",
            reviews / "derby-child-sexual-exploitation.yaml",
            "title: ",
            "title: The ",
        ),
        ("the portal", project.root / "portal.yaml", "name: ", "name: The "),
    ]
    for what, file, old, new in edits:
        _edit(file, old, new)
        result = project.run("generate", *AS_OF)
        assert result.code == 0, f"{what}: {result.err}"
        assert not result.out.startswith("generate: 0 written"), f"{what}: nothing changed"
        _unchanged(project, *AS_OF)
    (reviews / "child-r12.yaml").unlink()
    shutil.copy(reviews / "child-r13.yaml", reviews / "child-r200.yaml")
    assert project.run("generate", *AS_OF).code == 0
    # One review out and one in; the draft's four pages out (overview, briefing, actions, team
    # record); the list pages of 2015 that child-r7 moved to (three) in.
    assert int(_unchanged(project, *AS_OF)) == int(pages) - 4 + 3
    assert project.run("generate", "--as-of", "2030-01-01").code == 0  # overdue steps change
    _unchanged(project, "--as-of", "2030-01-01")


def test_an_edit_renders_again_only_the_changes_pages_that_list_the_review(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The changes pages (a page per year, or per month) list entries from every review: an edit
    to one review makes again only the pages with its entries (make serve's save is quicker)."""
    copy_sample(project.root)
    write_synthetic(project.root, 110, 2020, 102)
    assert project.run("generate", *AS_OF).code == 0
    changes = [project.root / "content/actions/changes.md"]
    changes += sorted((project.root / "content/actions/changes").rglob("*.md"))
    listing = [page for page in changes if "/reviews/child-r5/" in page.read_text(encoding="utf-8")]
    assert len(changes) > 10 and 0 < len(listing) < len(changes) / 3
    rendered: list[str] = []
    render = jinja2.Template.render

    def counting(template: jinja2.Template, *args: object, **kwargs: object) -> str:
        rendered.append(str(template.name))
        return render(template, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    _edit(project.root / "reviews/child-r5.yaml", "summary: ", "summary: Revised. ")
    assert project.run("generate", *AS_OF).code == 0
    assert rendered.count("changes.md.j2") == len(listing)
    _unchanged(project, *AS_OF)


def test_entries_of_old_versions_of_files_are_removed(project: Project) -> None:
    copy_sample(project.root)
    assert project.run("generate", *AS_OF).code == 0
    entries = sorted(path.name for path in (project.root / FOLDER).iterdir())
    _edit(project.root / "reviews/slough-baby-jw.yaml", "title: ", "title: Revised ")
    assert project.run("generate", *AS_OF).code == 0
    after = sorted(path.name for path in (project.root / FOLDER).iterdir())
    assert len(after) == len(entries)
    gone = set(entries) - set(after)
    # that review's checks and pages, the list pages that show it, and what is withheld from
    # the site as of these files (pipeline.withheld_as_built)
    assert {name.split("-")[1] for name in gone} == {"review", "page", "withheld"}
    assert sum(name.split("-")[1] == "review" for name in gone) == 2  # its checks, then its pages


def test_a_new_generator_version_starts_afresh(
    project: Project, parsed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    copy_sample(project.root)
    assert project.run("generate", *AS_OF).code == 0
    parsed.clear()
    monkeypatch.setattr(cache, "fingerprint", lambda: b"another version of the generator")
    assert project.run("generate", *AS_OF).code == 0
    assert len(parsed) == 8
    version = cache.fingerprint().hex()[:12]
    assert all(path.name.startswith(version) for path in (project.root / FOLDER).iterdir())


def test_unreadable_entries_are_made_again(project: Project, parsed: list[str]) -> None:
    copy_sample(project.root)
    assert project.run("generate", *AS_OF).code == 0
    for entry in (project.root / FOLDER).iterdir():
        entry.write_bytes(b"cut short")
    parsed.clear()
    assert project.run("generate", *AS_OF).code == 0
    assert len(parsed) == 8
    _unchanged(project, *AS_OF)
    for entry in (project.root / FOLDER).iterdir():
        assert json.loads(entry.read_bytes())["format"] == 1  # written again in full


def test_a_planted_entry_is_never_run(project: Project, parsed: list[str]) -> None:
    """A cache entry is data: a pickle that would run a command, put under every entry's name,
    is read as nothing (the run makes every entry again), and the command never runs."""
    copy_sample(project.root)
    assert project.run("generate", *AS_OF).code == 0
    proof = project.root / "ran"

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {proof}",))

    for entry in (project.root / FOLDER).iterdir():
        entry.write_bytes(pickle.dumps(Planted()))
    parsed.clear()
    assert project.run("check", *AS_OF).code == 0
    assert project.run("generate", *AS_OF).code == 0
    assert not proof.exists()
    assert len(parsed) == 8 + 8  # check and generate each read every review again
    _unchanged(project, *AS_OF)


@pytest.mark.parametrize(
    "planted",
    [
        {"format": 1},
        {"format": 2, "value": None},
        {"format": 1, "value": {"title": "Child T"}},  # a review without most of its fields
        {"format": 1, "value": [None, [["reviews/x.yaml", "1", 1, None, "m", "error"]]]},  # a line as text
        {"format": 1, "value": [None, []], "more": 1},
        [1, 2, 3],
    ],
)
def test_an_entry_of_the_wrong_shape_is_made_again(
    project: Project, parsed: list[str], planted: object
) -> None:
    copy_sample(project.root)
    assert project.run("generate", *AS_OF).code == 0
    for entry in (project.root / FOLDER).iterdir():
        entry.write_text(json.dumps(planted))
    parsed.clear()
    result = project.run("generate", *AS_OF)
    assert result.code == 0, result.err
    assert len(parsed) == 8
    _unchanged(project, *AS_OF)


def test_a_failed_run_writes_no_cache(project: Project) -> None:
    copy_sample(project.root)
    assert project.run("generate", *AS_OF).code == 0
    before = {path.name: path.read_bytes() for path in (project.root / FOLDER).iterdir()}
    _edit(project.root / "reviews/slough-baby-jw.yaml", "published: ", "published: next summer ")
    assert project.run("generate", *AS_OF).code == 1
    assert {path.name: path.read_bytes() for path in (project.root / FOLDER).iterdir()} == before


def test_a_page_that_shows_only_portal_yaml_follows_it(project: Project) -> None:
    """A theme page with no review on it shows nothing but portal.yaml's words: its key must
    still change with portal.yaml."""
    copy_sample(project.root)
    with (project.root / "portal.yaml").open("a", encoding="utf-8") as portal:
        portal.write(
            "themes:\n  private-fostering:\n    title: Private fostering\n    description: First words.\n"
        )
    assert project.run("generate", *AS_OF).code == 0
    page = project.root / "content/themes/private-fostering/index.md"
    assert "First words." in page.read_text()
    _edit(project.root / "portal.yaml", "First words.", "Second words.")
    assert project.run("generate", *AS_OF).code == 0
    assert "Second words." in page.read_text()
    _unchanged(project, *AS_OF)


def test_check_and_no_cache_write_no_cache(project: Project) -> None:
    copy_sample(project.root)
    assert project.run("check", *AS_OF).code == 0
    assert project.run("generate", "--no-cache", *AS_OF).code == 0
    assert not (project.root / ".cache").exists()


def test_make_serve_remembers_the_entries_it_used_between_saves(project: Project, parsed: list[str]) -> None:
    """The preview (one long-lived process) keeps the entries its last run used in memory: a save
    reads no entry file again, and its pages are those a run from the files would make."""
    import datetime as dt

    from generator import pipeline

    copy_sample(project.root)
    as_of = dt.date(2026, 11, 22)
    assert pipeline.preview(project.root, as_of).report is not None
    review = project.root / "reviews/bolton-child-sb.yaml"
    _edit(review, "title: ", "title: Renamed ")
    parsed.clear()
    for entry in (project.root / FOLDER).iterdir():
        entry.write_bytes(b"cut short")  # unreadable: only memory can give the unchanged files' work
    shown = pipeline.preview(project.root, as_of)
    assert shown.report is not None and "reviews/bolton-child-sb/index.md" in shown.report.written
    assert parsed == ["reviews/bolton-child-sb.yaml"]  # the edited file only
    _unchanged(project, *AS_OF)  # the same pages as a run without the cache
    parsed.clear()
    assert project.run("generate", *AS_OF).code == 0  # generate reads the files, never memory:
    assert len(parsed) == 7  # the seven damaged entries are made again; the edited file's is new
