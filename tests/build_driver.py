"""`mkdocs build`, run by test_convert_ahead.py with one thing changed about the processes that
convert the pages' Markdown ahead (generator/convert_ahead.py):

    python build_driver.py report|kill|fail|nofork [mkdocs build arguments...]

report: prints each child's pages ("child converts: a.md b.md ..."); kill: each child is killed as
soon as it starts, so the build must convert its pages itself; fail: the build fails on its first
page, before it comes to any child's. Whatever happened, after the build no child process is left
behind ("children left: N"); how many HTML files the build wrote itself ("pages written
here: N"), and how many pages' Markdown it converted itself ("pages converted here: N")."""

from __future__ import annotations

import os
import signal
import sys

from forked import children_left

from generator import convert_ahead

mode = sys.argv.pop(1)
started = convert_ahead._Child.start


def start(child: convert_ahead._Child) -> bool:
    if not started(child):
        return False
    if mode == "report":
        print("child converts: " + " ".join(page.file.src_uri for page in child.pages), file=sys.stderr)
    elif mode == "kill":
        os.kill(child.pid, signal.SIGKILL)
    return True


convert_ahead._Child.start = start  # type: ignore[method-assign]


def refused() -> int:
    raise OSError(11, "Resource temporarily unavailable")


if mode == "nofork":  # the system refuses every new process: the run does everything itself
    os.fork = refused

if mode == "fail":
    from mkdocs.structure.pages import Page

    builder = os.getpid()
    converted = Page.render

    def render(page: Page, *args: object) -> None:
        if os.getpid() == builder:
            raise RuntimeError("this build fails")
        converted(page, *args)  # type: ignore[arg-type]

    Page.render = render  # type: ignore[method-assign]


from mkdocs import utils  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402

builder, converted_here = os.getpid(), [0]
convert = Page.render


def counted_render(page: Page, *args: object) -> None:  # the pages this process converts itself
    if os.getpid() == builder:
        converted_here[0] += 1
    convert(page, *args)  # type: ignore[arg-type]


Page.render = counted_render  # type: ignore[method-assign]
from mkdocs.__main__ import cli  # noqa: E402

written = [0]
write_file = utils.write_file


def counted(content: bytes, output_path: str) -> None:  # the pages this process writes itself
    if os.getpid() == builder and output_path.endswith(".html"):
        written[0] += 1
    write_file(content, output_path)


utils.write_file = counted

try:
    cli(sys.argv[1:], prog_name="mkdocs")
finally:
    print(f"children left: {children_left()}", file=sys.stderr)
    print(f"pages written here: {written[0]}", file=sys.stderr)
    print(f"pages converted here: {converted_here[0]}", file=sys.stderr)
