"""Work shared out between the machine's cores, by fork: the generator's first run, the build.

A first `generate` at 1,000 reviews checks and renders every review file (some 10 s); a build
converts every page's Markdown (convert_ahead.py). Each file's work depends on nothing but the
file (and what every process already has), so it can be done in another process.

`fill` does one such step for a list of items in several processes, for the cache: each child does
the work for a run of the items, exactly as this process would, and sends back the cache entries
it made (cache.py), which join this process's own. The step then runs as it always does, here,
and finds every item's work in the cache. Whatever goes wrong in a child (an exception, a kill)
only leaves its items' work to be done here, which then fails or warns as it would have.
`PORTAL_PROCESSES=1` does everything in one process.
"""

from __future__ import annotations

import gc
import io
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .cache import Cache

MAX_PROCESSES = 4
MIN_ITEMS = 40  # fewer: a fork costs more than it saves

T = TypeVar("T")


def processes() -> int:
    """How many processes share a step: PORTAL_PROCESSES, else the cores this process may use."""
    wanted = os.environ.get("PORTAL_PROCESSES", "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, MAX_PROCESSES)


def split(sizes: list[int], parts: int) -> list[range]:
    """Runs of consecutive items, `parts` of them (fewer when there are fewer items), holding
    about as many bytes each."""
    total = sum(sizes) or 1
    runs, start, done = [], 0, 0
    for part in range(1, parts):
        target, end = total * part / parts, start
        while end < len(sizes) and abs(done + sizes[end] - target) <= abs(done - target):
            done += sizes[end]  # each run ends where the bytes so far come nearest its share
            end += 1
        runs.append(range(start, end))
        start = end
    runs.append(range(start, len(sizes)))
    return [run for run in runs if run]


def fill(
    cache: Cache, items: Sequence[T], sizes: list[int], work: Callable[[T], object], least: int = MIN_ITEMS
) -> int:
    """Do `work` for every item, the items shared out between processes, each process keeping
    what it makes in `cache` (the children's entries are added to this process's); how many
    processes did it (1: none was started, and nothing was done). `items`: those whose work is
    not in the cache yet; `sizes`: how much work each is, roughly (its file's bytes); `least`:
    how many items are worth a fork (half as many for each process more)."""
    count = min(cache.processes, len(items) * 2 // least)
    if cache.folder is None or count < 2 or not hasattr(os, "fork"):
        return 1
    runs = split(sizes, count)
    # Objects made so far are left out of garbage collection until the children have ended: a
    # collection would write to every object, and each page written is copied (fork shares the
    # memory of both processes until one of them writes to it).
    gc.freeze()
    children: list[tuple[int, int]] = []
    try:
        for run in runs[1:]:
            child = _start([items[index] for index in run], cache, work)
            if child is None:  # the system refused a process: what is left is done later, here
                break
            children.append(child)
        for index in runs[0]:
            try:
                work(items[index])
            except Exception:  # left to the run's own pass, which fails in its order, as it would
                break
        for pid, reader in children:
            cache.pending.update(collect(pid, reader))
    finally:
        gc.unfreeze()
    return 1 + len(children)


def die_with(parent: int) -> None:
    """In a child: ask Linux to end it when `parent` ends (killed, say), and end it now if that
    has happened already; nothing elsewhere (the child then ends when it next writes to it)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def fork_child(work: Callable[[], bytes]) -> tuple[int, int] | None:
    """Fork a child that sends `work()`'s bytes back through a pipe, then ends without running
    anything more of this process's; (its pid, the pipe's end to read), or None when the system
    refuses a pipe or a process (too many, too little memory): the caller does the work itself.

    The bytes are a pickle, read back by `collect`: made by this very program in its own child,
    through a pipe no one else holds, never kept on disk (the cache's files are JSON, cache.py),
    and read by InertUnpickler, which builds only the kinds of objects children send."""
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    try:
        reader, writer = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:
        status = 1
        try:
            os.close(reader)
            die_with(parent)
            data = work()
            with os.fdopen(writer, "wb") as stream:
                stream.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return pid, reader


class InertUnpickler(pickle.Unpickler):
    """Reads what a child sent, and builds nothing but what children send: the generator's own
    classes (records, pages, problems), the engine's table of contents and log records. Any other
    name in the bytes (a function to call, another module's class) stops the reading: the child's
    work is then done by the caller, as when a child dies."""

    ENGINE = frozenset(
        (f"{engine}.structure.toc", name)
        for engine in ("mkdocs", "properdocs")
        for name in ("AnchorLink", "TableOfContents")
    ) | {("logging", "LogRecord")}

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.ENGINE or module.split(".")[0] == "generator":
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"not sent by a child: {module}.{name}")


def collect(
    pid: int, reader: int, load: Callable[[io.BytesIO], Any] = lambda stream: InertUnpickler(stream).load()
) -> dict[str, Any]:
    """What the child sent (a dict), once it has ended; {} when it sent nothing whole (it died)."""
    with os.fdopen(reader, "rb") as stream:
        data = stream.read()
    os.waitpid(pid, 0)
    try:
        found = load(io.BytesIO(data))
    except Exception:  # nothing, or cut short: its work is done by the caller
        return {}
    return found if isinstance(found, dict) else {}


def _start(items: list[T], cache: Cache, work: Callable[[T], object]) -> tuple[int, int] | None:
    def made() -> bytes:  # in the child: the cache entries its items made
        before = set(cache.pending)
        for item in items:
            work(item)
        return pickle.dumps({key: value for key, value in cache.pending.items() if key not in before})

    return fork_child(made)
