"""Every command the README, the scaffold and the tool's messages print works as printed, in a
fresh copy of the repository (its tracked files only: no content/, no site/, no caches).

The README's commands are found in the README itself, and each must be listed below with what it
does: a test fails when the README gains a command no one has tried here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

# What happens to each command the README shows. "run": run as printed, in this order, with the
# exit code the README documents. Anything else says why it is not run as is.
README_COMMANDS: dict[str, str | int] = {
    "make check": 0,
    "make check FORMAT=github": 0,
    "make check FORMAT=json": 0,
    "make generate": 0,
    "make schema": 0,
    "make new-review SLUG=child-t": 0,
    "make new-bulletin NUMBER=4": 0,
    "make clean": 0,  # before make site: the site is built after it
    "make site": 0,
    "make site AS_OF=2026-12-01": 0,
    "make site ENGINE=properdocs": 0,
    "make site ENGINE=zensical": 0,
    "make lint": 0,
    ".venv/bin/python -m pytest tests/test_golden.py --update-golden": 0,
    "make test": "runs this test: it is what CI runs",
    "make bench": "several minutes; bench/RESULTS.md records its runs",
    "make serve": "a server: tests/test_serve.py starts it and saves files under it",
    "python3 -m http.server -d site": "a server on port 8000: test_a_built_site_is_served_as_printed",
    "python -m generator schema": "the contract's form (DESIGN.md), run as make schema",
    "python -m generator settings": "make serve runs it first, as tests/test_serve.py does",
}
# Prose, or a synopsis with placeholders ([--strict], <slug>, json|github), not a command to paste.
SYNOPSIS = re.compile(r"[\[<]|\\\||^make$|^python -m generator$")
COMMAND = re.compile(r"^(make|\.venv/bin/python|python3?) ")


def readme_commands() -> set[str]:
    """Every command in the README: inline code and lines of shell blocks (comments dropped)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = set(re.findall(r"`([^`\n]+)`", text))
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        found.update(line.split("#")[0].strip() for line in block.splitlines())
    return {command for command in found if COMMAND.match(command) and not SYNOPSIS.search(command)}


def test_every_readme_command_is_accounted_for() -> None:
    assert readme_commands() == set(README_COMMANDS)


def make_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][a-z-]*):", text, flags=re.M))


# A make command where the tool tells someone to run one: in backquotes, after "run" or a colon.
PRINTED = re.compile(r"(?:`|\brun:? |: |\(or )(make [a-z][a-z-]*(?: [A-Z_]+=[^\s\"'`),;]+)?)")


def printed_by_the_tool() -> set[str]:
    """The make commands the generator prints: in messages, the scaffold and the page notes."""
    found: set[str] = set()
    for path in [*(REPO / "generator").rglob("*.py"), *(REPO / "generator/templates").iterdir()]:
        found.update(re.findall(PRINTED, path.read_text("utf-8")))
    return found


def test_every_make_command_the_tool_prints_is_a_target() -> None:
    printed = printed_by_the_tool()
    assert {"make check", "make generate", "make new-review SLUG=", "make site AS_OF=2026-12-01"} <= {
        re.sub(r"\{[a-z]+\}$", "", command) for command in printed
    }, printed
    for command in printed:
        assert command.split()[1] in make_targets(), command


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's tracked files, as a clone has them, sharing this checkout's .venv/ (its
    install stamps are newer than the copied requirements files, so make does not reinstall)."""
    root = tmp_path_factory.mktemp("fresh")
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    (root / ".venv").symlink_to(REPO / ".venv")
    return root


def run(root: Path, command: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        command, shell=True, cwd=root, capture_output=True, text=True, env=env, timeout=timeout
    )


def test_each_readme_command_exits_as_documented(fresh: Path) -> None:
    for command, expected in README_COMMANDS.items():
        if not isinstance(expected, int):
            continue
        done = run(fresh, command)
        assert done.returncode == expected, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        if command.startswith("make new-"):
            made = fresh / ("reviews/child-t.yaml" if "review" in command else "bulletins/4.yaml")
            assert made.is_file(), command
            again = run(fresh, command)  # a second time: the file exists, and is kept
            assert again.returncode != 0 and "exists" in again.stderr, again.stderr
            made.unlink()  # a blank template fails check, as it should: not part of the sample
    assert (fresh / "site/index.html").is_file()


def test_make_check_format_github_annotates_a_mistake(fresh: Path) -> None:
    """What the workflow runs: a mistake becomes an annotation on its line, and the step fails."""
    bad = fresh / "reviews/zz-bad.yaml"
    bad.write_text(
        "title: Bad\ntype: serious-case-review\npartnership: X\npublished: June 2025\nsummary: x\n"
    )
    try:
        done = run(fresh, "make check FORMAT=github")
    finally:
        bad.unlink()
    assert done.returncode != 0
    assert (
        "::error file=reviews/zz-bad.yaml,line=4,col=12::published: expected a date like 2016-08-31, "
        "got 'June 2025'; write it as 2025-06 (June 2025)"
    ) in done.stdout.splitlines()


def test_make_new_review_without_a_slug_says_how(fresh: Path) -> None:
    done = run(fresh, "make new-review")
    assert done.returncode != 0
    assert "make new-review: name the review's file: make new-review SLUG=child-t" in done.stderr


def test_a_built_site_is_served_as_printed(fresh: Path) -> None:
    """`python3 -m http.server -d site`, as the README prints it (the port is the only change)."""
    import socket
    import time
    import urllib.request

    if not (fresh / "site/index.html").is_file():
        assert run(fresh, "make site").returncode == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "-d", "site", "--bind", "127.0.0.1", str(port)],
        cwd=fresh,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, body = time.monotonic() + 20, ""
        while time.monotonic() < deadline and not body:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    body = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.2)
        assert "<title>" in body
    finally:
        server.terminate()
        server.wait(timeout=10)
