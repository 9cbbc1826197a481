"""`make serve` at scale: from saving a review to the preview serving the changed page.

    .venv/bin/python bench/serve_latency.py 1000 [--runs 3]

Makes a project of N synthetic reviews (as bench/run.py does), generates it, starts
`mkdocs serve --dirty` (what `make serve` runs), waits for the first build, then saves
one review with a new title several times and times each save until the review's page shows it.
It also counts the builds each save started (one is the goal). Timings for bench/RESULTS.md; never
asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import AS_OF, PYTHON, SAMPLE_REVIEW, skeleton  # noqa: E402

# What the server prints on the way, as a save is seen (by polling twice a second), regenerated and
# built: the times they first appear (to within the 50 ms this polls at).
PHASES = {"seen": "Detected file changes", "regenerated": "generate: ", "built": "pages built"}


def _phases(log: Callable[[], str], seen: dict[str, float], done: threading.Event) -> threading.Thread:
    """In the background (a request for the page waits while a build runs): when each phase
    first shows in the server's log, in seconds from now."""
    start, at = time.monotonic(), len(log())

    def look() -> None:
        tail = log()[at:]
        for phase, said in PHASES.items():
            if phase not in seen and said in tail:
                seen[phase] = time.monotonic() - start

    def watch() -> None:
        while not done.is_set():
            look()
            time.sleep(0.02)
        look()

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _shows(url: str, wanted: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return wanted in response.read().decode("utf-8")
    except OSError:
        return False


def _wait(condition: object, seconds: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if condition():  # type: ignore[operator]
            return time.monotonic() - start
        time.sleep(0.05)
    raise SystemExit(f"timed out after {seconds} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    project = Path(tempfile.mkdtemp(prefix=f"serve-{args.n}-"))
    try:
        skeleton(project)
        subprocess.run([PYTHON, str(ROOT / "bench/make_corpus.py"), str(args.n), str(project)], check=True)
        subprocess.run([PYTHON, "-m", "generator", "generate", "--as-of", AS_OF], cwd=project, check=True)
        port = _port()
        log = (project / "serve.log").open("w")
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")  # the log as it happens
        command = [PYTHON, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
        server = subprocess.Popen(command, cwd=project, stdout=log, stderr=subprocess.STDOUT, env=env)
        page = f"http://127.0.0.1:{port}/reviews/{SAMPLE_REVIEW}/"
        review = project / "reviews" / f"{SAMPLE_REVIEW}.yaml"
        original = review.read_text(encoding="utf-8")
        title = re.search(r"^title: (.*)$", original, re.M)[1]  # type: ignore[index]
        try:
            first = _wait(lambda: "pages built" in (project / "serve.log").read_text(), 600)
            print(f"first build: {first:.1f} s")
            time.sleep(2)
            times: list[float] = []
            phases: list[dict[str, float]] = []

            def log_text() -> str:
                return (project / "serve.log").read_text()

            for run in range(args.runs):
                builds = (project / "serve.log").read_text().count("Building documentation")
                marker = f"{title} saved {run}"
                review.write_text(
                    original.replace(f"title: {title}", f"title: {marker}", 1), encoding="utf-8"
                )
                seen: dict[str, float] = {}  # when the server's log first said each thing
                done = threading.Event()
                watcher = _phases(log_text, seen, done)
                took = _wait(lambda marker=marker: _shows(page, marker), 300)
                done.set()
                watcher.join()
                times.append(took)
                phases.append(seen)
                time.sleep(3)  # a second build, if one were queued, would start by now
                started = (project / "serve.log").read_text().count("Building documentation") - builds
                built = re.findall(
                    r"preview: (\d+) of (\d+) pages built", (project / "serve.log").read_text()
                )
                done, of = built[-1]
                when = ", ".join(f"{phase} {at:.2f} s" for phase, at in phases[-1].items())
                print(
                    f"save {run + 1}: page updated in {took:.2f} s; {started} build(s); {done} of {of} built"
                    f" ({when})"
                )
            print(f"median {statistics.median(times):.2f} s over {len(times)} saves at N = {args.n}")
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    main()
