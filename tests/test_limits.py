"""What the loader refuses before reading a file as YAML: too deep, too big, two documents, links
out of the project, things that are not files; and what it names when it does."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, VALID_REVIEW, Project

from generator.loader import MAX_DEPTH, MAX_FILE_BYTES

TOO_DEEP = "nested too deeply to be a portal file"
PROBLEM = re.compile(r"\S+\.yaml:\d+:\d+: ")


def problems(project: Project, *args: str) -> tuple[int, list[str]]:
    """`check`'s exit code and its problem lines (not the headings or the verdict)."""
    result = project.run("check", *args)
    return result.code, [line for line in result.err.splitlines() if PROBLEM.match(line)]


def run_generator(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """In a process of its own: a crash (a segfault) fails the test instead of ending pytest."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, "--as-of", "2026-11-29", "--root", str(root)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, NO_COLOR="1"),
    )


# --- nesting -----------------------------------------------------------------------------------

DEEP = {
    # file text: the line and column of the first node deeper than MAX_DEPTH
    "40,000 [": ("title: " + "[" * 40_000 + "\n", "1:48"),
    "40,000 {": ("title: " + "{" * 40_000 + "\n", "1:48"),
    "- - - on one line": ("- " * 40_000 + "x\n", "1:83"),
    "? ? ? on one line": ("? " * 40_000 + "x\n", "1:83"),
    # a quote never closed at the end: libyaml gives up and Python's parser, which recursed
    # (beyond its limit, at 1,000 levels), would read it again
    "indentation": ("".join(" " * n + f"a{n}:\n" for n in range(1_000)) + '"\n', "41:41"),
    "indentation, lines ending in CR": ("".join(" " * n + f"a{n}:\r" for n in range(1_000)) + '"\r', "41:41"),
    "indentation, lines ending in NEL": (
        "".join(" " * n + f"a{n}:\x85" for n in range(1_000)) + '"',
        "41:41",
    ),
    "lists without indentation": ("a:\n" + "".join("  " * n + "- b:\n" for n in range(600)), "21:41"),
}


@pytest.mark.parametrize("name", DEEP)
def test_deep_nesting_is_refused_before_the_parser_recurses(tmp_path: Path, name: str) -> None:
    text, where = DEEP[name]
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews/child-t.yaml").write_text(text, encoding="utf-8")
    result = run_generator(tmp_path, "check")
    assert result.returncode == 1, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.startswith("reviews/")]
    assert lines == [f"reviews/child-t.yaml:{where}: {TOO_DEEP}"]


def test_40000_brackets_and_generate(tmp_path: Path) -> None:
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews/child-t.yaml").write_text("title: " + "[" * 40_000 + "\n", encoding="utf-8")
    result = run_generator(tmp_path, "generate")
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.splitlines() == [
        f"reviews/child-t.yaml:1:48: {TOO_DEEP}",
        "generate: nothing written: 1 error, 0 warnings",
    ]
    assert not (tmp_path / "content").exists()


def nested(levels: int) -> str:
    return "[" * levels + "x" + "]" * levels


def test_nesting_at_the_limit_is_read(project: Project) -> None:
    """A node MAX_DEPTH levels below the top is read; one level more is refused, where it is."""
    project.write("reviews/child-t.yaml", VALID_REVIEW + f"worked_well: {nested(MAX_DEPTH - 1)}\n")
    assert problems(project) == (1, ["reviews/child-t.yaml:22:15: worked_well[1]: expected text, got a list"])
    project.write("reviews/child-t.yaml", VALID_REVIEW + f"worked_well: {nested(MAX_DEPTH)}\n")
    assert problems(project) == (1, [f"reviews/child-t.yaml:22:{14 + MAX_DEPTH}: {TOO_DEEP}"])
    # the first node too deep is named, a text before a list
    both = "[" * MAX_DEPTH + "x, [y]" + "]" * MAX_DEPTH
    project.write("reviews/child-t.yaml", VALID_REVIEW + f"worked_well: {both}\n")
    assert problems(project) == (1, [f"reviews/child-t.yaml:22:{14 + MAX_DEPTH}: {TOO_DEEP}"])


def test_nesting_the_quick_test_lets_through_is_refused_after_reading(project: Project) -> None:
    """30 `[` make 60 levels when each holds a mapping: too few brackets for a closer look, so the
    limit is applied to what was read."""
    project.write("reviews/child-t.yaml", "title: " + "[a: " * 30 + "x" + "]" * 30 + "\n")
    # the 20th `a`, a key in the 40th level: the 41st
    assert problems(project) == (1, [f"reviews/child-t.yaml:1:85: {TOO_DEEP}"])


def test_a_file_with_many_links_is_still_read(project: Project) -> None:
    """More than MAX_DEPTH `[` (Markdown links) makes the loader look closer, not refuse."""
    links = " ".join(f"[link {n}](https://example.org/{n})" for n in range(MAX_DEPTH + 10))
    project.write("reviews/child-t.yaml", VALID_REVIEW + f"methodology: |\n  {links}\n")
    assert problems(project, "--strict") == (0, [])


# --- size, documents, names --------------------------------------------------------------------


def padded(size: int) -> str:
    """VALID_REVIEW with a comment line making it exactly `size` bytes."""
    comment = "# " + "x" * (size - len(VALID_REVIEW.encode()) - 3) + "\n"
    text = VALID_REVIEW + comment
    assert len(text.encode()) == size
    return text


def test_a_file_of_exactly_the_size_limit_is_read(project: Project) -> None:
    project.write("reviews/child-t.yaml", padded(MAX_FILE_BYTES))
    assert problems(project, "--strict") == (0, [])


def test_a_file_one_byte_over_the_size_limit_is_refused(project: Project) -> None:
    project.write("reviews/child-t.yaml", padded(MAX_FILE_BYTES + 1))
    assert problems(project) == (
        1,
        ["reviews/child-t.yaml:1:1: the file is 1,000,001 bytes; portal files are at most 1,000,000"],
    )


def test_two_yaml_documents_in_one_file(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW + "---\ntitle: Child U\n")
    assert problems(project) == (
        1,
        ["reviews/child-t.yaml:23:1: more than one YAML document (---); keep one per file"],
    )


def test_a_bulletin_number_with_a_leading_zero_is_refused(project: Project) -> None:
    project.write("portal.yaml", "site_url: https://example.org/\n")
    project.write("bulletins/012.yaml", "issue: 12\ntitle: Update\ndate: 2021-02\npartnership: Testshire\n")
    assert problems(project) == (
        1,
        ["bulletins/012.yaml:1:1: the file name must be the issue number, like 12.yaml (got 012.yaml)"],
    )


@pytest.mark.parametrize("name", ["\u00b2", "\u0661", "1\u0662"])
def test_a_bulletin_number_in_other_digits_is_refused(project: Project, name: str) -> None:
    """Superscript and Arabic-Indic digits are digits to Python's isdigit(), not issue numbers."""
    project.write("portal.yaml", "site_url: https://example.org/\n")
    project.write(
        f"bulletins/{name}.yaml", "issue: 1\ntitle: Update\ndate: 2021-02\npartnership: Testshire\n"
    )
    code, lines = problems(project)
    assert code == 1
    assert lines == [
        f"bulletins/{name}.yaml:1:1: the file name must be the issue number, like 12.yaml (got {name}.yaml)"
    ]


def test_a_raw_control_character_is_named_where_it_is(project: Project) -> None:
    (project.root / "reviews").mkdir()
    text = VALID_REVIEW.replace("title: Child T", "title: Child\x00T").replace("summary: |", "summary:\x1b|")
    (project.root / "reviews/child-t.yaml").write_bytes(text.encode())
    assert problems(project) == (
        1,
        [
            "reviews/child-t.yaml:1:13: invisible character U+0000 (a control character); "
            "delete it (it can disguise what the text says)"
        ],
    )


def test_a_file_name_with_an_invisible_character_is_refused(project: Project) -> None:
    project.write("reviews/child\u202et.yaml", VALID_REVIEW)
    project.write("reviews/child-u.yaml", VALID_REVIEW)
    assert problems(project) == (
        1,
        [
            "reviews/child\\u202et.yaml:1:1: the file name has the invisible character "
            "U+202E (RIGHT-TO-LEFT OVERRIDE); rename the file"
        ],
    )


# --- links and things that are not files -------------------------------------------------------

SECRET = "root:x:0:0:secret-contents-never-shown:/root:/bin/bash\n"


def test_a_link_out_of_the_project_is_refused_unread(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "passwd"
    outside.write_text(SECRET)
    (project.root / "reviews").mkdir()
    (project.root / "reviews/child-t.yaml").symlink_to(outside)
    (project.root / "portal.yaml").symlink_to(outside)
    before = project.snapshot()
    result = project.run("generate", "--as-of", "2026-11-29")
    assert result.code == 1
    message = (
        "is a link to a file outside the project folder, and such files are never read; "
        "copy the file into the project instead"
    )
    assert result.lines == [
        f"portal.yaml:1:1: {message}",
        f"reviews/child-t.yaml:1:1: {message}",
        "generate: nothing written: 2 errors, 0 warnings",
    ]
    assert "secret" not in result.err + result.out
    assert project.snapshot() == before


def test_a_whole_input_folder_linked_out_of_the_project_is_refused(
    project: Project, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "child-t.yaml").write_text(VALID_REVIEW)
    (project.root / "reviews").symlink_to(elsewhere, target_is_directory=True)
    result = project.run("check", "--as-of", "2026-11-29")
    assert result.code == 1
    assert result.lines[1] == (
        "reviews/child-t.yaml:1:1: is a link to a file outside the project folder, and such files are "
        "never read; copy the file into the project instead"
    )


def test_a_link_inside_the_project_is_read(project: Project) -> None:
    project.write("drafts/child-t.yaml", VALID_REVIEW)
    (project.root / "reviews").mkdir()
    (project.root / "reviews/child-t.yaml").symlink_to(Path("../drafts/child-t.yaml"))
    assert project.run("generate", "--as-of", "2026-11-29").code == 0
    assert (project.root / "content/reviews/child-t/index.md").exists()


def test_a_broken_link_is_a_warning(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    (project.root / "reviews/child-u.yaml").symlink_to(project.root / "reviews/gone.yaml")
    warning = (
        "reviews/child-u.yaml:1:1: warning: is a link to a file that does not exist, so it is left out; "
        "remove the link or restore the file"
    )
    assert problems(project) == (0, [warning])
    assert problems(project, "--strict") == (1, [warning])


def test_a_folder_named_like_a_file_is_a_warning(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    (project.root / "reviews/child-u.yaml").mkdir()
    assert problems(project) == (
        0,
        ["reviews/child-u.yaml:1:1: warning: is a folder, not a file, so it is left out"],
    )


@contextlib.contextmanager
def writer_for(pipes: list[Path]) -> Iterator[None]:
    """Opens each pipe for writing as soon as a reader waits on it, then closes it: a reader that
    should never have opened it reads an empty file (and fails its test) instead of waiting forever."""
    done = threading.Event()

    def unblock() -> None:
        while not done.wait(0.2):
            for pipe in pipes:
                try:
                    os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
                except OSError:  # no reader waiting
                    pass

    thread = threading.Thread(target=unblock, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_a_warning_and_never_opened(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    pipes = [project.root / "reviews/child-u.yaml", project.root / "portal.yaml"]
    for pipe in pipes:
        os.mkfifo(pipe)  # opening one waits for a writer
    with writer_for(pipes):
        found = problems(project)
    assert found == (
        0,
        [
            "portal.yaml:1:1: warning: is a named pipe, not a file, so it is left out",
            "reviews/child-u.yaml:1:1: warning: is a named pipe, not a file, so it is left out",
        ],
    )
