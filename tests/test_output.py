"""content/ is written all or nothing, one run at a time, and only the generator's own files.

The manifest (content/.generated) is the truth about which files are generated; a journal makes a
run's writes one decision; a build refuses content/ that is stale or between two runs.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import VALID_REVIEW, Project

from generator import cli, output, pipeline
from generator.output import JOURNAL, MANIFEST, STAGING, _owned, read_manifest

AS_OF = ("--as-of", "2020-09-01")
PAGE = "reviews/child-t/briefing.md"


def _generated(project: Project) -> Path:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    assert project.run("generate", *AS_OF).code == 0
    return project.root / "content"


def test_a_generated_page_edited_by_hand_is_reported_not_replaced(project: Project) -> None:
    content = _generated(project)
    (content / PAGE).write_text("# My better briefing\n")
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("Child T", "Child T2"))
    before = project.snapshot()
    result = project.run("generate", *AS_OF)
    assert result.code == 1
    assert result.lines[0] == (
        f"content/{PAGE}:1:1: content/{PAGE} was written by the generator and then edited by hand; "
        "generated pages are made from reviews/child-t.yaml: put the change there, then delete this "
        "file (the generator does not replace a page someone edited)"
    )
    assert project.snapshot() == before


def test_an_edit_that_keeps_the_size_and_the_time_is_still_seen(project: Project) -> None:
    """make serve does not read again a page unchanged since it last read it. A hand edit of the
    same length, with its modification time set back (`touch -d`), still counts as an edit:
    every run here is in one process, as make serve's are."""
    content = _generated(project)
    page = content / PAGE
    assert project.run("generate", *AS_OF).out.startswith("generate: 0 written")  # read, remembered
    before = page.stat()
    text = page.read_text()
    page.write_text(text.replace("Child T", "Child X"))  # as long as it was
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("Child T", "Child T2"))
    result = project.run("generate", *AS_OF)
    assert result.code == 1
    assert f"content/{PAGE} was written by the generator and then edited by hand" in result.err
    assert "Child X" in page.read_text()


def test_a_page_edited_by_hand_is_not_deleted_either(project: Project) -> None:
    content = _generated(project)
    (content / PAGE).write_text("# My notes\n")
    (project.root / "reviews/child-t.yaml").unlink()
    result = project.run("generate", *AS_OF)
    assert result.code == 1
    assert (
        f"content/{PAGE}:1:1: content/{PAGE} was written by the generator and then edited by hand"
        in result.err
    )
    assert (content / PAGE).read_text() == "# My notes\n"


def test_a_copy_of_a_generated_page_with_its_marker_is_still_hand_written(project: Project) -> None:
    content = _generated(project)
    copy = content / "reviews/child-t/copy.md"
    copy.write_bytes((content / "reviews/child-t/index.md").read_bytes())  # marker comment and all
    (project.root / "reviews/child-t.yaml").unlink()
    assert project.run("generate", *AS_OF).code == 0
    assert copy.exists()  # never deleted
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    project.write("content/reviews/child-t/index.md", copy.read_text())  # nor overwritten
    result = project.run("generate", *AS_OF)
    assert result.code == 1
    assert (
        "content/reviews/child-t/index.md is a hand-written file where a generated page must go" in result.err
    )


def test_a_planted_manifest_entry_cannot_delete_a_hand_written_page(project: Project) -> None:
    content = _generated(project)
    project.write("content/about.md", "# About us\n")
    manifest = json.loads((content / MANIFEST).read_text())
    for path in ("about.md", "../README.md", "/etc/hostname", "reviews", "assets/portal.css"):
        manifest["files"][path] = ""
    (content / MANIFEST).write_text(json.dumps(manifest))
    project.write("README.md", "# Project\n")
    assert project.run("generate", *AS_OF).code == 0
    assert (content / "about.md").read_text() == "# About us\n"
    assert (project.root / "README.md").read_text() == "# Project\n"


@pytest.mark.parametrize(
    "path,owned",
    [
        ("index.md", True),
        ("reviews/child-t/index.md", True),
        ("data/actions.csv", True),
        ("about.md", False),
        ("reviews", False),
        ("assets/portal.css", False),
        ("../index.md", False),
        ("reviews/../about.md", False),
        ("/reviews/x.md", False),
        ("reviews//x.md", False),
        ("reviews\\x.md", False),
        ("", False),
    ],
)
def test_only_paths_in_the_generators_folders_are_its_own(path: str, owned: bool) -> None:
    assert _owned(path) is owned


def test_nothing_may_stay_at_the_address_of_a_draft(project: Project) -> None:
    content = _generated(project)
    project.write("content/reviews/child-t/notes.md", "# Notes about Child T\n")
    project.write("reviews/child-t.yaml", VALID_REVIEW + "status: draft\n")
    result = project.run("generate", *AS_OF)
    assert result.code == 1
    assert result.lines[0] == (
        "content/reviews/child-t/notes.md:1:1: content/reviews/child-t/notes.md is at the address of "
        "review 'child-t', which is not public (a draft); the generator did not write it, so it "
        "will not delete it: move it out of content/reviews/ or delete it, or it would be published"
    )
    assert (content / "reviews/child-t/notes.md").exists()
    (content / "reviews/child-t/notes.md").unlink()
    assert project.run("generate", *AS_OF).code == 0
    assert not (content / "reviews/child-t").exists()


@pytest.mark.parametrize("how", ["a linked folder", "a page beside the folder"])
def test_nothing_at_a_drafts_address_in_any_form(project: Project, tmp_path_factory, how: str) -> None:  # type: ignore[no-untyped-def]
    """/reviews/<slug>/ is also where MkDocs puts content/reviews/<slug>.md, or the pages of a
    folder linked in there: neither may publish a draft."""
    content = _generated(project)
    project.write("reviews/child-t.yaml", VALID_REVIEW + "status: draft\n")
    if how == "a linked folder":
        elsewhere = tmp_path_factory.mktemp("elsewhere")
        (elsewhere / "index.md").write_text("# Child T, the draft\n")
        assert project.run("generate", *AS_OF).code == 0  # the generated pages go first
        (content / "reviews/child-t").symlink_to(elsewhere, target_is_directory=True)
        path = "reviews/child-t"
    else:
        project.write("content/reviews/child-t.md", "# Child T, the draft\n")
        path = "reviews/child-t.md"
    result = project.run("generate", *AS_OF)
    assert result.code == 1
    assert result.lines[0].startswith(
        f"content/{path}:1:1: content/{path} is at the address of review 'child-t'"
    )


def test_the_generator_never_writes_through_a_linked_folder(project: Project, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    (project.root / "content").mkdir()
    (project.root / "content/themes").symlink_to(elsewhere, target_is_directory=True)
    result = project.run("generate", *AS_OF)
    assert result.code == 1
    assert result.lines[0] == (
        "content/themes:1:1: content/themes is a link to another folder; the generator writes only into "
        "real folders inside content/: replace the link with a folder"
    )
    assert list(elsewhere.iterdir()) == []


# --- interrupted runs ----------------------------------------------------------------------------


def test_a_run_killed_after_its_journal_is_finished_by_the_next_run(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _generated(project)
    project.write("reviews/child-t.yaml", VALID_REVIEW + "status: draft\n")

    def killed(content: Path) -> None:
        raise KeyboardInterrupt  # as if killed the moment the journal was written

    monkeypatch.setattr(output, "_apply", killed)
    assert project.run("generate", *AS_OF).code == cli.INTERRUPTED_CODE
    monkeypatch.undo()
    assert (content / JOURNAL).exists() and (content / STAGING).is_dir()
    assert (content / "reviews/child-t/index.md").exists()  # not applied yet
    assert output.pending(content)
    result = project.run("generate", *AS_OF)
    assert result.code == 0, result.err
    assert not (content / JOURNAL).exists() and not (content / STAGING).exists()
    assert not (content / "reviews/child-t").exists()
    assert "reviews/child-t/index.md" not in read_manifest(content).files


def test_a_run_killed_half_way_through_moving_pages_in_is_finished(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after some pages moved in and before others: the next run finishes the first (the
    pages already moved are not taken for hand edits) and then does its own work."""
    content = _generated(project)
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("Child T", "Child T2"))
    moved = []
    real = os.replace

    def killed_after_three(source: object, target: object) -> None:
        if len(moved) == 3:
            raise KeyboardInterrupt
        moved.append(target)
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(output.os, "replace", killed_after_three)
    assert project.run("generate", *AS_OF).code == cli.INTERRUPTED_CODE
    monkeypatch.undo()
    assert len(moved) == 3 and output.pending(content)
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("Child T", "Child T3"))
    result = project.run("generate", *AS_OF)
    assert result.code == 0, result.err
    assert "Child T3" in (content / "reviews/child-t/index.md").read_text()
    _assert_whole_or_pending(content)
    assert not output.pending(content)


def test_a_run_killed_before_its_journal_changed_nothing(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _generated(project)
    before = project.snapshot()
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("Child T", "Child T2"))
    real = output.write_atomic

    def killed(file: Path, data: bytes, durable: bool = False) -> None:
        if file.name == JOURNAL:
            raise KeyboardInterrupt
        real(file, data, durable)

    monkeypatch.setattr(output, "write_atomic", killed)
    assert project.run("generate", *AS_OF).code == cli.INTERRUPTED_CODE
    monkeypatch.undo()
    assert (content / STAGING).is_dir()  # the pages it had staged, never moved in
    project.write("reviews/child-t.yaml", VALID_REVIEW)  # back as it was: nothing to write
    result = project.run("generate", *AS_OF)
    assert result.out.startswith("generate: 0 written, ")
    after = project.snapshot()
    assert after.pop("reviews/child-t.yaml").split(":")[0] == before.pop("reviews/child-t.yaml").split(":")[0]
    assert after == before  # the staged pages thrown away, nothing else touched


def test_ctrl_c_prints_one_line(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "generate", interrupted)
    result = project.run("generate", *AS_OF)
    assert result.code == 130
    assert result.err == (
        "python -m generator: interrupted; content/ is as it was before this run, "
        "or the next generate run finishes what this one decided\n"
    )


KILL_REVIEW = VALID_REVIEW.replace("Child T", "Child KILLMARKER")


def test_kill_9_at_random_moments_never_publishes_a_draft(sample_project: Project) -> None:
    """50 generate runs, each killed (SIGKILL) at a random moment, while one review goes back and
    forth between published and draft: the next run always succeeds without help, and content/
    is always either whole (its manifest true) or waiting for that run; a build of it never
    contains the draft, and refuses content/ that is between two runs."""
    import random

    root = sample_project.root
    content = root / "content"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "generator", "generate", "--no-cache", "--as-of", "2026-11-22"]
    review = root / "reviews/child-kill.yaml"
    review.write_text(KILL_REVIEW)
    assert subprocess.run(command, cwd=root, env=env, capture_output=True).returncode == 0
    started = time.monotonic()
    assert subprocess.run(command, cwd=root, env=env, capture_output=True).returncode == 0
    duration = time.monotonic() - started
    rng = random.Random(15)
    pending_seen = 0
    for number in range(50):
        draft = number % 2 == 0
        review.write_text(KILL_REVIEW + ("status: draft\n" if draft else ""))
        run = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.0, duration * 1.1))
        run.kill()
        run.wait()
        pending_seen += output.pending(content)
        _assert_whole_or_pending(content)
        if number % 10 == 9:
            _assert_build_never_shows_the_draft(root, env, draft)
        finished = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        assert finished.returncode == 0, finished.stderr
        _assert_whole_or_pending(content)
        assert not output.pending(content)
        text = "".join(path.read_text() for path in content.rglob("*.md"))
        assert ("KILLMARKER" in text) is not draft
    assert pending_seen >= 0  # how often a kill fell between decision and finish (printed below)
    print(f"kill -9: {pending_seen} of 50 kills fell after a run was decided and before it finished")


def _assert_whole_or_pending(content: Path) -> None:
    if output.pending(content):
        return
    manifest = read_manifest(content)
    for path, digest in manifest.files.items():
        assert output.sha256((content / path).read_bytes()) == digest, path
    for file in content.rglob("*"):
        relative = file.relative_to(content).as_posix()
        if file.is_file() and _owned(relative):
            assert relative in manifest.files, f"{relative} is not in the manifest"


def _assert_build_never_shows_the_draft(root: Path, env: dict[str, str], draft: bool) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    if build.returncode != 0:
        assert (
            "content/ is between two generate runs" in build.stderr
            or "generated from other versions" in build.stderr
        )
        return
    if draft:
        for file in (root / "site").rglob("*"):
            if file.is_file():
                assert b"KILLMARKER" not in file.read_bytes(), file


# --- one run at a time ---------------------------------------------------------------------------


def _hold_lock(root: Path, seconds: float) -> threading.Thread:
    held = threading.Event()

    def hold() -> None:
        handle = os.open(root, os.O_RDONLY)
        fcntl.flock(handle, fcntl.LOCK_EX)
        held.set()
        time.sleep(seconds)
        os.close(handle)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    return thread


def test_a_second_run_waits_for_the_first(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    holder = _hold_lock(project.root, 0.5)
    result = project.run("generate", *AS_OF)
    holder.join()
    assert result.code == 0, result.err
    assert result.err == (
        "generate: another run is writing content/ (make serve or make site?); waiting for it to finish\n"
    )


def test_a_run_that_waits_too_long_stops_and_writes_nothing(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    monkeypatch.setattr(output, "LOCK_WAIT", 0.3)
    holder = _hold_lock(project.root, 1.5)
    result = project.run("generate", *AS_OF)
    holder.join()
    assert result.code == 1
    assert result.lines == [
        "generate: another run is writing content/ (make serve or make site?); waiting for it to finish",
        "generate: nothing written: another run has been writing content/ for 0 s; "
        "stop it or let it finish, then run this again",
    ]
    assert not (project.root / "content").exists()


# --- a build publishes only what a whole run made from the inputs as they are ---------------------


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )


@pytest.fixture
def generated_sample(built: Path, tmp_path: Path) -> Path:
    """A copy of the end-to-end sample project, generated, without its site/."""
    root = tmp_path / "project"
    import shutil

    shutil.copytree(built.parent, root, ignore=shutil.ignore_patterns("site"))
    return root


def test_a_build_refuses_pages_made_from_other_versions_of_the_inputs(generated_sample: Path) -> None:
    review = generated_sample / "reviews/slough-baby-jw.yaml"
    review.write_text(review.read_text() + "status: draft\n")
    build = _build(generated_sample)
    assert build.returncode == 1
    assert (
        "ERROR   -  content/ was generated from other versions of these files: reviews/slough-baby-jw.yaml; "
        "run `make site` (or make generate) to make the pages again before building"
    ) in build.stderr
    assert not (generated_sample / "site").exists()


def test_a_build_refuses_content_between_two_runs(generated_sample: Path) -> None:
    (generated_sample / "content" / JOURNAL).write_text("{}")
    build = _build(generated_sample)
    assert build.returncode == 1
    assert (
        "ERROR   -  content/ is between two generate runs (one was interrupted after it started writing); "
        "run `make site` (or make generate), which finishes it, before building"
    ) in build.stderr


def test_a_hand_edited_list_page_names_the_folder_it_is_made_from(project: Project) -> None:
    content = _generated(project)
    (content / "reviews/index.md").write_text("# Our reviews\n")
    project.write("reviews/child-t.yaml", VALID_REVIEW.replace("Child T", "Child T2"))
    result = project.run("generate", *AS_OF)
    assert result.code == 1
    assert (
        "content/reviews/index.md:1:1: content/reviews/index.md was written by the generator and then "
        "edited by hand; generated pages are made from the files in reviews/: put the change there, then "
        "delete this file (the generator does not replace a page someone edited)"
    ) in result.lines


@pytest.mark.parametrize("how", ["a hand-written page", "a page beside the folder", "a linked folder"])
def test_a_build_refuses_anything_at_a_drafts_address(
    generated_sample: Path, tmp_path: Path, how: str
) -> None:
    """Checked against the inputs by the build itself, so a page put there after generate (or
    by any other way round the generator) is still never published."""
    reviews = generated_sample / "content/reviews"
    if how == "a hand-written page":
        (reviews / "draftonly").mkdir()
        (reviews / "draftonly/index.md").write_text("# DRAFTONLYMARKER\n")
        path = "reviews/draftonly/index.md"
    elif how == "a page beside the folder":
        (reviews / "draftonly.md").write_text("# DRAFTONLYMARKER\n")
        path = "reviews/draftonly.md"
    else:
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere/index.md").write_text("# DRAFTONLYMARKER\n")
        (reviews / "draftonly").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
        path = "reviews/draftonly/index.md"
    build = _build(generated_sample)
    assert build.returncode == 1
    assert (
        f"ERROR   -  this build would publish content/{path} at the address of review 'draftonly', "
        "which is not public (a draft); move it out of content/reviews/ or delete it"
    ) in build.stderr
    assert not (generated_sample / "site").exists()


def test_a_build_refuses_generated_pages_without_their_manifest(generated_sample: Path) -> None:
    (generated_sample / "content" / MANIFEST).unlink()
    build = _build(generated_sample)
    assert build.returncode == 1
    assert (
        "ERROR   -  content/ has generated pages but no list of them (content/.generated is missing or "
        "damaged), so this build cannot tell which are current; delete content/'s generated folders "
        "(reviews, themes, actions, bulletins, data, reports, index.md) and run `make site` (or make "
        "generate) again"
    ) in build.stderr
