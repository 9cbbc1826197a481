"""`python -m generator ...`, run by test_cores.py with one thing changed about the processes
that share a step's work (generator/cores.py):

    python cores_driver.py report|kill|nofork [generator arguments...]

report: prints how many items each child takes ("child takes N"); kill: each child is killed as
soon as it starts, so that its items' work must be done by the run itself. After the run, no
child process is left behind ("children left: N"), and how many review files the run checked and
how many reviews' pages it rendered itself ("checked here: N, rendered here: N"), and how many
list pages it made itself ("list pages made here: N")."""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from forked import children_left

from generator import cli, cores, render, validate
from generator.pages import review

mode = sys.argv.pop(1)
started = cores._start


def start(items: list[object], *args: object) -> tuple[int, int] | None:
    child = started(items, *args)  # type: ignore[arg-type]
    if child is None:
        return None
    pid, reader = child
    if mode == "report":
        print(f"child takes {len(items)}", file=sys.stderr)
    elif mode == "kill":
        os.kill(pid, signal.SIGKILL)
    return pid, reader


cores._start = start  # type: ignore[assignment]


def refused() -> int:
    raise OSError(11, "Resource temporarily unavailable")


if mode == "nofork":  # the system refuses every new process: the run does everything itself
    os.fork = refused

# How many review files this process checked, and how many reviews' pages it rendered, itself.
here, counts = os.getpid(), {"checked": 0, "rendered": 0, "listed": 0}


def counting(kind: str, work: Any) -> Any:
    def counted(*args: Any) -> Any:
        if os.getpid() == here:
            counts[kind] += 1
        return work(*args)

    return counted


validate._review = counting("checked", validate._review)
review.review_pages = counting("rendered", review.review_pages)
cached = render.Context.cached


def cached_here(self: render.Context, kind: str, names: Any, made_from: Any, type_: Any, make: Any) -> Any:
    def made() -> Any:  # a list page (or a bulletin's email) made here, not found in the cache
        if os.getpid() == here and kind == "page":
            counts["listed"] += 1
        return make()

    return cached(self, kind, names, made_from, type_, made)


render.Context.cached = cached_here  # type: ignore[method-assign]


try:
    status = cli.run(sys.argv[1:])
finally:
    print(f"children left: {children_left()}", file=sys.stderr)
    print(f"checked here: {counts['checked']}, rendered here: {counts['rendered']}", file=sys.stderr)
    print(f"list pages made here: {counts['listed']}", file=sys.stderr)
sys.exit(status)
