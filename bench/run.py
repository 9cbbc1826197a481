"""Benchmark the generator and the MkDocs build on synthetic corpora.

    .venv/bin/python bench/run.py [N ...] [--browser] [--keep DIR]

For each N (default 100 1000 3000) this copies the project's skeleton (mkdocs.yml, overrides/,
the hand-written pages, portal.yaml) into a temporary folder, writes N synthetic reviews with
bench/make_corpus.py, then runs, each in its own process:

  1. `python -m generator generate` (timed, peak memory): the first run, empty cache. make site
     runs `generate --strict`, the same work (check and generate in one run); the synthetic
     reviews' briefings are too long for two pages, a warning --strict would stop at
  2. `mkdocs build --strict --dirty` into .cache/site-mkdocs/, copied to site/, and the search
     index: what `make site` does (timed, peak memory)
  3. `python -m generator generate` again with nothing changed (timed; must write 0 files)
  4. one review edited, then generate, the dirty build, the copy and the search index again:
     `make site` after an edit (timed; which pages were rewritten, how many built)
  5. the same content built by ProperDocs and by Zensical (each into a fresh folder, timed)

and prints one table row per N: the three generate times, the build time, generate as a share
of the build (first run, and after one edit: the run that precedes every build but the first),
peak memory, size of site/, size of one review page, and Pagefind's indexing of the review pages
(as make site runs it: time, peak memory, the index's size). With --browser it also times the
first result of /search/?q=supervision in headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright) and counts the bytes it downloaded. Timings belong here and in bench/RESULTS.md, never in
tests.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browsing import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402 - the browser tests' server and Chromium

PYTHON = sys.executable
AS_OF = "2026-11-22"
SKELETON = ("mkdocs.yml", "portal.yaml", "overrides", "generator")
HAND_WRITTEN = ("about.md", "accessibility.md", "using-briefings.md", "search.md", "assets")
SAMPLE_REVIEW = "child-r1"  # the page whose weight is compared across N


@dataclass
class Step:
    seconds: float
    peak_mb: float
    output: str  # stdout then stderr


@dataclass
class Result:
    n: int
    generate: Step
    build: Step
    noop: Step
    noop_written: int
    edit: Step
    edit_written: list[str]
    site_bytes: int
    site_files: int
    page_bytes: int
    largest_page: tuple[str, int]
    index: Step  # Pagefind indexing the review pages, as make site runs it
    index_bytes: int
    index_files: int
    copy: Step
    edit_build: Step
    edit_built: str  # "N of M" pages the dirty build built again
    edit_copy: Step
    edit_index: Step
    properdocs: Step
    zensical: Step
    first_result_ms: list[float] = field(default_factory=list)
    first_result_bytes: int = 0  # everything a first search downloads: page, scripts, index
    first_result_page_ms: list[float] = field(default_factory=list)  # by the page's own clock


def run(command: list[str], cwd: Path, site: str = "site") -> Step:
    """Run one command to completion; its wall time and its own peak resident memory."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", PORTAL_SITE_DIR=site)
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({process.returncode}):\n{output[-3000:]}")
    return Step(seconds, usage.ru_maxrss / 1024, output)


def written_count(output: str) -> int:
    found = re.search(r"generate: (\d+) written", output)
    if not found:
        sys.exit(f"bench: no summary line from generate:\n{output[-2000:]}")
    return int(found.group(1))


def skeleton(dest: Path) -> None:
    for name in SKELETON:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    (dest / "content").mkdir()
    (dest / "bulletins").mkdir()  # no bulletins: the sample ones name the sample reviews
    for name in HAND_WRITTEN:
        source = ROOT / "content" / name
        if source.is_dir():
            shutil.copytree(source, dest / "content" / name)
        else:
            shutil.copy2(source, dest / "content" / name)


def folder_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for item in path.rglob("*"):
        if item.is_file():
            total += item.stat().st_size
            files += 1
    return total, files


def largest_html(site: Path) -> tuple[str, int]:
    pages = ((page, page.stat().st_size) for page in site.rglob("*.html"))
    page, size = max(pages, key=lambda pair: pair[1])
    return str(page.relative_to(site)), size


def edit_one_review(project: Path) -> None:
    """A typical edit: a next step is marked complete."""
    path = project / "reviews" / f"{SAMPLE_REVIEW}.yaml"
    text = path.read_text(encoding="utf-8")
    # The first next step's `due:` line gets a status and evidence.
    text = re.sub(
        r"(\n {10}- text: [^\n]*\n {12}due: [^\n]*\n)",
        r"\1            status: complete\n",
        text,
        count=1,
    )
    path.write_text(text, encoding="utf-8")


def bench(n: int, keep: Path | None, browser: bool, engines: bool = True) -> Result:
    project = Path(tempfile.mkdtemp(prefix=f"bench-{n}-")) if keep is None else keep / str(n)
    if project.exists() and keep is not None:
        shutil.rmtree(project)
    project.mkdir(parents=True, exist_ok=True)
    try:
        skeleton(project)
        subprocess.run([PYTHON, str(ROOT / "bench" / "make_corpus.py"), str(n), str(project)], check=True)
        generate = [PYTHON, "-m", "generator", "generate", "--as-of", AS_OF]
        dirty = [str(Path(PYTHON).parent / "mkdocs"), "build", "--strict", "--dirty"]
        copy = ["cp", "-R", ".cache/site-mkdocs", "site"]
        index = [PYTHON, "-m", "generator.search_index", "site"]
        first = run(generate, project)
        build = run(dirty, project, ".cache/site-mkdocs")
        copied = run(copy, project)
        indexed = run(index, project)
        noop = run(generate, project)
        edit_one_review(project)
        edit = run(generate + ["--verbose"], project)
        edit_build = run(dirty, project, ".cache/site-mkdocs")
        edit_built = re.search(r"mkdocs: (\d+ of \d+) pages built", edit_build.output)
        shutil.rmtree(project / "site")
        edit_copy = run(copy, project)
        edit_index = run(index, project)
        skipped = Step(0.0, 0.0, "not measured")
        properdocs = zensical = skipped
        if engines:
            properdocs = run(
                [PYTHON, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"], project, "site-pd"
            )
            zensical = run(
                [PYTHON, "-m", "zensical", "build", "--strict", "-f", "mkdocs.yml"], project, "site-zs"
            )
        site = project / "site"
        index_bytes, index_files = folder_size(site / "pagefind")
        site_bytes, site_files = folder_size(site)
        result = Result(
            n=n,
            generate=first,
            build=build,
            noop=noop,
            noop_written=written_count(noop.output),
            edit=edit,
            edit_written=re.findall(r"^(?:wrote|removed) (\S+)$", edit.output, re.MULTILINE),
            site_bytes=site_bytes,
            site_files=site_files,
            page_bytes=(site / "reviews" / SAMPLE_REVIEW / "index.html").stat().st_size,
            largest_page=largest_html(site),
            index=indexed,
            index_bytes=index_bytes,
            index_files=index_files,
            copy=copied,
            edit_build=edit_build,
            edit_built=edit_built[1] if edit_built else "?",
            edit_copy=edit_copy,
            edit_index=edit_index,
            properdocs=properdocs,
            zensical=zensical,
        )
        if browser:
            result.first_result_ms, result.first_result_bytes, result.first_result_page_ms = (
                first_search_result(site)
            )
        return result
    finally:
        if keep is None:
            shutil.rmtree(project, ignore_errors=True)


# When the first result appears, by the page's own clock (milliseconds since navigation started):
# what a reader waits for, without the test driver's own time to open the page.
FIRST_SHOWN = """new MutationObserver(function () {
  if (!window.__firstResult && document.querySelector(".portal-search__result")) {
    window.__firstResult = performance.now();
  }
}).observe(document, { subtree: true, childList: true });"""


def first_search_result(site: Path, runs: int = 3) -> tuple[list[float], int, list[float]]:
    """Milliseconds from opening /search/?q=supervision to the first result shown (as the test
    driver sees it, and by the page's clock), and the bytes that took (the page, its styles and
    scripts, Pagefind's runtime and the index chunks).

    Each run is a fresh browser context (cold cache): what a visitor on a first visit waits for.
    """
    from playwright.sync_api import sync_playwright

    timings, downloaded, in_page = [], 0, []
    with serve(site) as base, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = chromium.new_context()
            page = context.new_page()
            page.add_init_script(FIRST_SHOWN)
            started = time.perf_counter()
            page.goto(base + "/search/?q=supervision", wait_until="commit")
            page.wait_for_selector(".portal-search__result", timeout=120_000)
            timings.append((time.perf_counter() - started) * 1000)
            in_page.append(float(page.evaluate("window.__firstResult")))
            # What the page had loaded when its first result appeared (the rest of the results and
            # the filters' counts load after), by the page's own record of each response.
            downloaded = int(
                page.evaluate(
                    "performance.getEntriesByType('resource')"
                    ".filter(e => e.responseEnd <= window.__firstResult)"
                    ".reduce((sum, e) => sum + e.encodedBodySize, 0)"
                    " + performance.getEntriesByType('navigation')[0].encodedBodySize"
                )
            )
            context.close()
        chromium.close()
    return timings, downloaded, in_page


def kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 10 * 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def table(results: list[Result]) -> str:
    rows = [
        "| N | generate: first / no change / one edit | mkdocs build | generate share: first / one edit | "
        "peak memory (generate / build) | site/ | review page | largest page | search index: build, memory, "
        "files | first search result: time, downloaded |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        first = (
            f"{min(r.first_result_ms):,.0f} ms ({min(r.first_result_page_ms):,.0f} ms in the page), "
            f"{kb(r.first_result_bytes)}"
            if r.first_result_ms
            else "not measured"
        )
        rows.append(
            f"| {r.n:,} | {r.generate.seconds:.2f} s / {r.noop.seconds:.2f} s / {r.edit.seconds:.2f} s | "
            f"{r.build.seconds:.1f} s | "
            f"{r.generate.seconds / r.build.seconds:.1%} / {r.edit.seconds / r.build.seconds:.1%} | "
            f"{r.generate.peak_mb:,.0f} MB / {r.build.peak_mb:,.0f} MB | "
            f"{kb(r.site_bytes)} ({r.site_files:,} files) | {kb(r.page_bytes)} | "
            f"{kb(r.largest_page[1])} ({r.largest_page[0]}) | "
            f"{r.index.seconds:.1f} s, {r.index.peak_mb:,.0f} MB, "
            f"{kb(r.index_bytes)} in {r.index_files:,} files | "
            f"{first} |"
        )
    return "\n".join(rows)


def site_table(results: list[Result]) -> str:
    """`make site`, step by step: a first build in a new folder, then after one edit; and the same
    content built by the other engines."""
    rows = [
        "| N | make site, new folder: generate + build + copy + index = total | "
        "make site after one edit: generate + build (pages built) + copy + index = total | "
        "engine build: MkDocs / ProperDocs / Zensical |",
        "|---|---|---|---|",
    ]
    for r in results:
        first = [r.generate, r.build, r.copy, r.index]
        edit = [r.edit, r.edit_build, r.edit_copy, r.edit_index]
        rows.append(
            f"| {r.n:,} | "
            + " + ".join(f"{step.seconds:.1f}" for step in first)
            + f" = **{sum(step.seconds for step in first):.1f} s** | "
            + " + ".join(
                f"{step.seconds:.1f}" + (f" ({r.edit_built})" if step is r.edit_build else "")
                for step in edit
            )
            + f" = **{sum(step.seconds for step in edit):.1f} s** | "
            f"{r.build.seconds:.1f} s / {r.properdocs.seconds:.1f} s / {r.zensical.seconds:.1f} s |"
        )
    return "\n".join(rows)


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} CPUs, {memory:.0f} GB RAM, "
        f"Python {platform.python_version()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 3000])
    parser.add_argument("--browser", action="store_true", help="time the first search result in Chromium")
    parser.add_argument("--no-engines", action="store_true", help="skip the ProperDocs and Zensical builds")
    parser.add_argument(
        "--keep", type=Path, help="build in DIR/<N> and keep it (default: a temporary folder)"
    )
    options = parser.parse_args()
    print(machine(), flush=True)
    results = []
    for n in options.sizes:
        result = bench(n, options.keep, options.browser, not options.no_engines)
        results.append(result)
        print(
            f"N={n}: generate {result.generate.seconds:.2f} s, build {result.build.seconds:.1f} s, "
            f"no-op regenerate {result.noop.seconds:.2f} s wrote {result.noop_written} files, "
            f"one edited review {result.edit.seconds:.2f} s rewrote "
            f"{len(result.edit_written)}: {', '.join(result.edit_written)}",
            flush=True,
        )
    print()
    print(table(results))
    print()
    print(site_table(results))


if __name__ == "__main__":
    main()
