"""At scale: long lists split into pages, review pages do not grow, search leaves out repeats.

One portal of the sample reviews plus 130 synthetic ones (bench/make_corpus.py), every synthetic
review on the `infants` theme and 110 of them published in 2020, is generated and built with
`mkdocs build --strict`. That passes the list limit (100 reviews) and the tracker limit (250 next
steps). Timings are in bench/, not here.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import copy_sample, write_synthetic
from sitecheck import Site

from generator.pages import lists

SYNTHETIC = 130
BUSY_YEAR, BUSY_YEAR_REVIEWS = 2020, 110
REVIEW_LINE = re.compile(r"^- \*\*\[[^\]]+\]\([^)]*reviews/(?P<slug>[^/]+)/index\.md\)", re.MULTILINE)


@pytest.fixture(scope="module")
def scaled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("scaled")
    copy_sample(root)
    write_synthetic(root, SYNTHETIC, BUSY_YEAR, BUSY_YEAR_REVIEWS)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for command in (
        ["-m", "generator", "generate", "--as-of", "2026-11-22"],
        ["-m", "mkdocs", "build", "--strict"],
        ["-m", "generator.search_index", "site"],  # as make site does
    ):
        done = subprocess.run([sys.executable, *command], cwd=root, capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
    return root


def lines(page: Path) -> list[str]:
    return [match.group("slug") for match in REVIEW_LINE.finditer(page.read_text(encoding="utf-8"))]


def public_slugs(root: Path) -> list[str]:
    """Every review on the site, from the export (newest first)."""
    reviews = json.loads((root / "content/data/reviews.json").read_text(encoding="utf-8"))["reviews"]
    return [review["slug"] for review in reviews]


def test_catalogue_shows_the_newest_and_a_page_per_year(scaled: Path) -> None:
    content = scaled / "content"
    slugs = public_slugs(scaled)
    assert len(slugs) > lists.LIST_LIMIT
    assert lines(content / "reviews/index.md") == slugs[: lists.LATEST]
    year_pages = sorted((content / "reviews/by/year").glob("*/index.md"), reverse=True)
    on_year_pages = [slug for page in year_pages for slug in lines(page)]
    assert on_year_pages == slugs  # every review once, newest first, years newest first
    catalogue = (content / "reviews/index.md").read_text(encoding="utf-8")
    for page in year_pages:
        year = page.parent.name
        count = len(lines(page))
        noun = "review" if count == 1 else "reviews"
        assert f"- [{year}](by/year/{year}/index.md): {count} {noun}\n" in catalogue


def test_a_year_longer_than_a_page_is_one_page(scaled: Path) -> None:
    """A year's page is never split again (splitting it by year would give the same page)."""
    content = scaled / "content"
    for folder in (content / "reviews/by/year" / str(BUSY_YEAR), content / "themes/infants" / str(BUSY_YEAR)):
        assert [path.name for path in folder.iterdir()] == ["index.md"]
        assert len(lines(folder / "index.md")) >= BUSY_YEAR_REVIEWS > lists.LIST_LIMIT


def test_long_facet_and_theme_lists_split_by_year(scaled: Path) -> None:
    content = scaled / "content"
    theme = content / "themes/infants/index.md"
    assert len(lines(theme)) == lists.LATEST
    years = sorted(path for path in (content / "themes/infants").iterdir() if path.is_dir())
    assert years, "no year pages for a theme with more reviews than the limit"
    on_theme = [slug for year in years for slug in lines(year / "index.md")]
    synthetic = {slug for slug in public_slugs(scaled) if slug.startswith("child-r")}
    assert len(on_theme) == len(set(on_theme)) and synthetic <= set(on_theme)  # each once, none lost
    assert f"{len(on_theme)} published reviews are on this theme." in theme.read_text(encoding="utf-8")
    # A short facet (one partnership's few reviews) stays one page.
    facet = content / "reviews/by/partnership/partnership-1-safeguarding-children-partnership"
    assert [path.name for path in facet.iterdir()] == ["index.md"]


def test_tracker_splits_by_partnership_and_every_step_is_on_one_page(scaled: Path) -> None:
    content = scaled / "content"
    index = (content / "actions/index.md").read_text(encoding="utf-8")
    with (content / "data/actions.csv").open(encoding="utf-8", newline="") as handle:
        next_steps = sum(1 for row in csv.DictReader(handle) if row["kind"] == "next-step")
    assert next_steps > lists.TRACKER_LIMIT
    assert f"| **All** | **{next_steps}** |" in index
    assert 'data-label="Next step"' not in index  # no rows on the index: they are on partnership pages
    partnership_pages = sorted((content / "actions/by/partnership").glob("*/index.md"))
    rows = sum(
        page.read_text(encoding="utf-8").count('<td data-label="Next step">') for page in partnership_pages
    )
    assert rows == next_steps
    for page in partnership_pages:
        assert f'<a href="/actions/by/partnership/{page.parent.name}/">' in index
    owners = (content / "actions/owners.md").read_text(encoding="utf-8")
    assert 'data-label="Next step"' not in owners  # counts only


CHANGE_LINE = re.compile(
    r"^- \*\*(?P<date>[^*]+)\*\* · \[(?P<what>[^\]]+)\]\([^)]+\) · (?P<kind>[^:]+): (?P<summary>.*)$",
    re.MULTILINE,
)


def change_lines(text: str) -> list[tuple[str, ...]]:
    """Each entry of a changes page: its date, what it is about, its kind and its summary."""
    return [(m["date"], m["what"], m["kind"], m["summary"]) for m in CHANGE_LINE.finditer(text)]


def test_long_changes_page_splits_by_year_and_the_feed_keeps_the_newest(scaled: Path) -> None:
    """Every dated entry is on exactly one year page, in the page's order; the changes page shows
    the newest; the feed carries the newest FEED_LIMIT, in the same order."""
    content = scaled / "content"
    page = (content / "actions/changes.md").read_text(encoding="utf-8")
    year_pages = sorted((content / "actions/changes").glob("*/index.md"), reverse=True)
    assert year_pages, "a long changes page was not split"
    on_years = [line for year in year_pages for line in change_lines(year.read_text(encoding="utf-8"))]
    for year in year_pages:
        text = year.read_text(encoding="utf-8")
        assert f"# Changes to the action plans in {year.parent.name}\n" in text
        dates = [match["date"] for match in CHANGE_LINE.finditer(text)]
        assert dates and all(date.endswith(year.parent.name) for date in dates)
        assert f"- [{year.parent.name}](changes/{year.parent.name}/index.md): {len(dates)} entries" in page
    assert len(on_years) > lists.CHANGES_LIMIT
    assert f"There are {len(on_years):,} entries: the newest {lists.CHANGES_LATEST} are below" in page
    shown = change_lines(page)
    assert shown == on_years[: lists.CHANGES_LATEST]
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(content / "actions/changes.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == lists.FEED_LIMIT
    assert [entry.findtext(f"{atom}summary") for entry in entries] == [
        summary for *_, summary in on_years[: lists.FEED_LIMIT]
    ]
    for entry, (_, what, kind, _) in zip(entries, on_years, strict=False):
        title, subject = what.rsplit(", ", 1)
        assert entry.findtext(f"{atom}title") == f"{title}: {kind.lower()}, {subject}"


def test_every_link_resolves_at_scale(scaled: Path) -> None:
    assert Site(scaled / "site").broken_links() == []


def test_review_page_is_the_same_page_at_any_size(scaled: Path, built: Path) -> None:
    """No sidebar or list that grows with N: a review page is byte for byte the one in the sample."""
    for page in ("reviews/bolton-child-sb/index.html", "reviews/bolton-child-sb/actions/index.html"):
        assert (scaled / "site" / page).read_bytes() == (built / page).read_bytes()
