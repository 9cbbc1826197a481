"""Across reviews: overdue rules, the tracker's counts, themes, catalogue, reports and open data."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import VALID_REVIEW, Project
from sitecheck import Site

AS_OF = dt.date(2021, 3, 10)


STEPS_REVIEW = VALID_REVIEW.replace(
    """          - text: Audit of plans.
            due: 2020-08
            owner: Early Help
""",
    """          - text: Due yesterday.
            due: 2021-03-09
            owner: Early Help
          - text: Due today.
            due: 2021-03-10
            owner: Early Help
          - text: Done late.
            due: 2021-01-01
            status: complete
            owner: Police
          - text: Dropped.
            due: 2021-01-01
            status: not-taken-forward
          - text: Going on.
            due: 2022-01
            status: in-progress
            owner: Police
          - text: Late, and said so.
            due: 2021-01-01
            owner: [Police, Early Help]
            updates:
              - date: 2021-02
                status: in-progress
                note: Still being drafted.
""",
)


@pytest.fixture
def tracker_project(project: Project) -> Project:
    project.write("portal.yaml", "site_url: https://portal.example.org/\n")
    project.write("reviews/child-t.yaml", STEPS_REVIEW)
    assert project.run("generate", "--as-of", AS_OF.isoformat()).code == 0
    return project


def test_tracker_groups_and_counts(tracker_project: Project) -> None:
    page = (tracker_project.root / "content/actions/index.md").read_text()
    assert "with its status **as of 10 March 2021**" in page
    counts = re.findall(r"^\| \[(.+?)\]\(#[a-z-]+\) \| (\d+) \|$", page, flags=re.M)
    assert counts == [
        ("Complete", "1"),
        ("Not taken forward", "1"),
        ("Overdue", "1"),
        ("No update since due date", "1"),
        ("In progress", "1"),
        ("Planned", "1"),
    ]
    headings = re.findall(r"^## (.+) \{ #", page, flags=re.M)
    assert headings == [
        "Complete (1)",
        "Not taken forward (1)",
        "Overdue (1)",
        "No update since due date (1)",
        "In progress (1)",
        "Planned (1)",
    ]
    # Due and not done, with an update after the due date saying so: overdue. Due, with no word
    # since the review was published (May 2020): the site cannot know, so it says no update.
    overdue = page[page.index("## Overdue") : page.index("## No update")]
    assert "Late, and said so." in overdue and "Due yesterday." not in overdue
    no_update = page[page.index("## No update") : page.index("## In progress")]
    assert "Due yesterday." in no_update and "Due today." not in no_update
    overdue = no_update
    # Raw HTML (each cell labelled for phones): its links start from the site's root (no site_url here),
    # which every engine reads the same way.
    answers = '<a href="/reviews/child-t/actions/#recommendation-1">Recommendation 1</a>'
    assert f'<td data-label="Answers">{answers}</td>' in overdue
    assert '<td data-label="Review"><a href="/reviews/child-t/">Child T</a></td>' in overdue


def test_tracker_by_owner(tracker_project: Project) -> None:
    page = (tracker_project.root / "content/actions/owners.md").read_text()
    owner_cell = r'^<td data-label="Owner"><a href="#([a-z-]+)">(.+?)</a></td>\n'
    rows = re.findall(owner_cell + r"((?:<td .+\n)+)", page, flags=re.M)
    assert [(owner, anchor) for anchor, owner, _ in rows] == [
        ("Early Help", "early-help"),
        ("Police", "police"),
        ("No owner recorded", "no-owner-recorded"),
    ]
    # Joint owners: the late step is Early Help's and the Police's, counted under each.
    assert re.findall(r'data-label="([^"]+)">(\d+)<', rows[0][2]) == [
        ("Complete", "0"),
        ("Not taken forward", "0"),
        ("Open when the plan closed", "0"),
        ("Overdue", "1"),
        ("No update since due date", "1"),
        ("In progress", "0"),
        ("Planned", "1"),
        ("All", "3"),
    ]
    # The steps under each owner link to the review's pages from the page's URL, /actions/owners/.
    early_help = page[page.index("## Early Help") : page.index("## Police")]
    assert '<a href="/reviews/child-t/actions/#recommendation-1">Recommendation 1</a>' in early_help


def test_csv_has_every_action_with_its_state(tracker_project: Project) -> None:
    data = (tracker_project.root / "content/data/actions.csv").read_text()
    rows = list(csv.DictReader(io.StringIO(data)))
    assert [(r["kind"], r["text"], r["shown_as"]) for r in rows] == [
        ("response", "Training delivered to 9 groups.", "complete"),
        ("next-step", "Due yesterday.", "no-update"),
        ("next-step", "Due today.", "planned"),
        ("next-step", "Done late.", "complete"),
        ("next-step", "Dropped.", "not-taken-forward"),
        ("next-step", "Going on.", "in-progress"),
        ("next-step", "Late, and said so.", "overdue"),
    ]
    late = rows[-1]
    assert (late["owner"], late["status"], late["state"], late["last_confirmed"]) == (
        "Police; Early Help",
        "in-progress",
        "overdue",
        "2021-02",
    )
    assert rows[1]["permalink"] == "https://portal.example.org/reviews/child-t/actions/#recommendation-1"
    assert rows[1]["due"] == "2021-03-09" and rows[1]["status"] == "planned"


def test_reviews_json(tracker_project: Project) -> None:
    data = json.loads((tracker_project.root / "content/data/reviews.json").read_text())
    assert data["as_of"] == "2021-03-10"
    [review] = data["reviews"]
    assert review["url"] == "https://portal.example.org/reviews/child-t/"
    assert review["recommendations"] == [
        {
            "id": "1",
            "to": None,
            "status": "overdue",
            "url": "https://portal.example.org/reviews/child-t/#recommendation-1",
            "actions_url": "https://portal.example.org/reviews/child-t/actions/#recommendation-1",
        }
    ]
    assert review["recommendation_status"] == {"overdue": 1}


def test_review_status_summary(tracker_project: Project) -> None:
    page = (tracker_project.root / "content/reviews/child-t/index.md").read_text()
    assert "- **Recommendations:** 1 recommendation: 1 overdue (as of 10 March 2021)" in page
    assert "- **Action plan:** open; progress last confirmed February 2021" in page


def test_learning_point_themes_inherit_unless_own(project: Project) -> None:
    own = VALID_REVIEW + '  - id: "2"\n    title: On supervision\n    themes: [supervision]\n'
    project.write("reviews/child-t.yaml", own)
    assert project.run("generate", "--as-of", AS_OF.isoformat()).code == 0
    content = project.root / "content/themes"
    neglect = (content / "neglect/index.md").read_text()
    supervision = (content / "supervision/index.md").read_text()
    assert "First lesson" in neglect and "On supervision" not in neglect
    assert "On supervision" in supervision and "First lesson" not in supervision
    assert "No published review is on this theme yet." in (content / "infants/index.md").read_text()


def test_reserved_slug(project: Project) -> None:
    project.write("reviews/by.yaml", VALID_REVIEW)
    result = project.run("check")
    assert result.code == 1
    assert (
        "reviews/by.yaml:1:1: the name 'by' is kept for the catalogue's own pages; choose another file name"
        in result.lines
    )


# --- on the built sample site ---------------------------------------------------------------


def _next_step_states(root: Path, as_of: dt.date) -> Counter[str]:
    """Each next step's state, read from the YAML files with DESIGN.md's table (not the
    generator's code): complete, not taken forward, open at the plan's closure, then, once the due
    period has ended, overdue when the last word on it came after that, else no update; else its
    status, planned by default. Dates as a month or year: due by the period's last day, confirmed
    from its first."""
    import calendar

    import yaml

    def first_day(value: object) -> dt.date:
        parts = [int(part) for part in str(value).split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])

    def last_day(value: object) -> dt.date:
        parts = [int(part) for part in str(value).split("-")]
        year, month, day = (parts + [0, 0])[:3]
        if day:
            return dt.date(year, month, day)
        return dt.date(year, month or 12, calendar.monthrange(year, month or 12)[1])

    states: Counter[str] = Counter()
    for file in sorted((root / "reviews").glob("*.yaml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        if data.get("status") == "draft" or str(data.get("embargo_until") or "0") > as_of.isoformat():
            continue
        plan = data.get("action_plan") or {}
        closed = plan.get("status") == "closed" and first_day(plan["date"]) <= as_of
        owners = [data] + data.get("learning", []) + data.get("recommendations", [])
        owners += [rec for item in data.get("learning", []) for rec in item.get("recommendations", [])]
        for owner in owners:
            for action in owner.get("next_steps", []):
                updates = action.get("updates", [])
                said = [update["status"] for update in updates if update.get("status")]
                status = said[-1] if said else action.get("status", "planned")
                confirmed = first_day(
                    updates[-1]["date"] if updates else data.get("progress_as_of") or data["published"]
                )
                if status in ("complete", "not-taken-forward"):
                    state = status
                elif closed:
                    state = "open-at-closure"
                elif "due" in action and last_day(action["due"]) < as_of:
                    state = "overdue" if confirmed > last_day(action["due"]) else "no-update"
                else:
                    state = "in-progress" if status == "in-progress" else "planned"
                states[state] += 1
    return states


def test_tracker_counts_match_the_yaml(site: Site, built: Path) -> None:
    wanted = _next_step_states(built.parent, dt.date(2026, 11, 22))
    assert sum(wanted.values()) > 30
    text = site.text("/actions/")
    shown = {
        state: int(count)
        for state, count in re.findall(
            r"(Complete|Not taken forward|Open when the plan closed|Overdue|No update since due date|"
            r"In progress|Planned) \((\d+)\)",
            text,
        )
    }
    labels = {
        "complete": "Complete",
        "not-taken-forward": "Not taken forward",
        "open-at-closure": "Open when the plan closed",
        "overdue": "Overdue",
        "no-update": "No update since due date",
        "in-progress": "In progress",
        "planned": "Planned",
    }
    assert shown == {labels[state]: count for state, count in wanted.items()}
    rows = list(csv.DictReader(io.StringIO((built / "data/actions.csv").read_text())))
    assert Counter(row["shown_as"] for row in rows if row["kind"] == "next-step") == wanted


def test_every_csv_permalink_resolves_to_an_anchor(site: Site, built: Path) -> None:
    rows = list(csv.DictReader(io.StringIO((built / "data/actions.csv").read_text())))
    assert len(rows) > 50
    missing = []
    for row in rows:
        link = urlparse(row["permalink"])
        assert link.scheme == "https" and link.fragment, row["permalink"]
        if link.fragment not in site.page(link.path).ids:
            missing.append(row["permalink"])
    assert missing == []


def test_every_json_url_resolves(site: Site, built: Path) -> None:
    data = json.loads((built / "data/reviews.json").read_text())
    urls = [review[key] for review in data["reviews"] for key in ("url", "briefing_url", "actions_url")]
    urls += [
        item["url"] for review in data["reviews"] for item in review["learning"] + review["recommendations"]
    ]
    for url in urls:
        link = urlparse(url)
        assert site.file_for(link.path).exists(), url
        assert not link.fragment or link.fragment in site.page(link.path).ids, url


def test_catalogue_facets_and_reports(site: Site) -> None:
    assert "Child SB" in site.text("/reviews/by/type/serious-case-review/")
    assert "Child SB" not in site.text("/reviews/by/type/rapid-review/")
    assert "Child SB" in site.text("/reviews/by/partnership/bolton-safeguarding-children-board/")
    assert "year-2016" in site.page("/reviews/").ids
    report = site.text("/reports/2016/")
    assert "Bolton Safeguarding Children Board" in report and "6 recommendations" in report
    assert "Child SB" in site.text("/themes/school-attendance/")


LONG_SENTENCE = (
    "The partnership should make sure that every agency working with a family where a child is missing"
    " education records the reasons, shares them with the school and the social worker within five"
    " working days, and reviews them together at each core group until the child is back in school or"
    " another plan has been agreed with the family."
)


def test_the_yearly_report_shows_a_recommendations_first_sentence_whole(project: Project) -> None:
    assert len(LONG_SENTENCE.split()) > 50
    review = VALID_REVIEW.replace(
        "text: The partnership should audit attendance plans.",
        f"text: {LONG_SENTENCE} A second sentence.",
    )
    project.write("reviews/child-t.yaml", review)
    assert project.run("generate", "--as-of", AS_OF.isoformat()).code == 0
    report = (project.root / "content/reports/2020/index.md").read_text()
    assert (
        '<td data-label="Recommendation"><a href="/reviews/child-t/actions/#recommendation-1">'
        f"Recommendation 1</a>: {LONG_SENTENCE}</td>"
    ) in report
    assert "A second sentence" not in report and "…" not in report


def test_no_recommendation_is_cut_short_on_a_built_report(site: Site) -> None:
    sentence = (
        "Recommendation 4 : In cases of suspected abuse of this kind, make sure core assessments include"
        " the young person's capacity to make decisions about willingness and consent, in the context of"
        " their life experiences and circumstances and taking account of grooming and the effect of coercion."
    )
    assert len(sentence.split()) > 40 + 2
    report = site.text("/reports/2010/")
    assert sentence in report and "Provide staff training" not in report
    for year in (2010, 2011, 2014, 2016):
        assert "…" not in site.text(f"/reports/{year}/"), year


HOSTILE_TITLE = (
    "</title><script>alert('title')</script> Child X <img src=x onerror=alert('title-img')> "
    "<iframe src=https://evil.example></iframe> <a href=javascript:alert(1)>t</a>"
)


@pytest.mark.parametrize("page", ["/actions/", "/actions/owners/", "/reports/2020/"])
def test_the_trackers_html_tables_show_hostile_text_as_text(site: Site, page: str) -> None:
    """Their cells are raw HTML (so that each can carry its label): every value from YAML in them
    is escaped, and a hostile review's title and owner are shown as the words written."""
    from test_site import (
        test_no_event_handlers_from_yaml,
        test_no_iframes_objects_styles_or_foreign_forms,
        test_no_javascript_urls,
        test_no_script_from_yaml,
        test_no_unescaped_markup_from_yaml_anywhere_in_the_file,
    )

    for check in (
        test_no_event_handlers_from_yaml,
        test_no_script_from_yaml,
        test_no_javascript_urls,
        test_no_iframes_objects_styles_or_foreign_forms,
        test_no_unescaped_markup_from_yaml_anywhere_in_the_file,
    ):
        check(site, page)
    raw = site.file_for(page).read_text(encoding="utf-8")

    def shown(label: str) -> list[str]:
        """The text of each cell with this label, as a reader sees it."""
        cells = re.findall(rf'<td data-label="{label}">(.*?)</td>', raw, flags=re.S)
        return [html.unescape(re.sub(r"<[^>]*>", "", cell)) for cell in cells]

    if page != "/actions/owners/":
        assert HOSTILE_TITLE in shown("Review")
    if page != "/reports/2020/":
        assert "<img src=z onerror=alert('owner')>" in shown("Owner")
    assert "<img src=z" not in raw


def test_within_a_state_the_tracker_lists_the_oldest_due_first(project: Project) -> None:
    steps = "".join(
        f"          - text: Step due {due}.\n            due: {due}\n"
        for due in ("2031-05", "2030-01-15", "2030-07")
    )
    project.write(
        "reviews/child-t.yaml",
        VALID_REVIEW.split("        next_steps:\n")[0] + "        next_steps:\n" + steps,
    )
    assert project.run("generate", "--as-of", "2021-01-01").code == 0
    tracker = (project.root / "content/actions/index.md").read_text()
    positions = [tracker.index(f"Step due {due}.") for due in ("2030-01-15", "2030-07", "2031-05")]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "embargo,day_before,first_day",
    [
        ("2021-03", "2021-02-28", "2021-03-01"),
        ("2021", "2020-12-31", "2021-01-01"),
        ("2021-03-10", "2021-03-09", "2021-03-10"),
    ],
)
def test_an_embargo_lifts_on_the_first_day_it_names(
    project: Project, embargo: str, day_before: str, first_day: str
) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW + f"embargo_until: {embargo}\n")
    page = project.root / "content/reviews/child-t/index.md"
    assert project.run("generate", "--as-of", day_before).code == 0
    assert not page.exists()
    assert project.run("generate", "--as-of", first_day).code == 0
    assert page.exists()


def test_joint_owners_on_the_tracker_and_the_review_page(tracker_project: Project) -> None:
    """An action of two agencies is each one's: both names on the tracker's row and the action
    table, and the action under each owner on the owners page."""
    tracker = (tracker_project.root / "content/actions/index.md").read_text()
    assert '<td data-label="Owner">Police and Early Help</td>' in tracker
    actions = (tracker_project.root / "content/reviews/child-t/actions.md").read_text()
    assert '<span class="portal-owner">Owners: Police and Early Help</span>' in actions
    owners = (tracker_project.root / "content/actions/owners.md").read_text()
    for owner, following in (("## Early Help", "## Police"), ("## Police", "## No owner recorded")):
        section = owners[owners.index(owner) : owners.index(following)]
        assert "Late, and said so." in section, owner


def test_a_year_with_too_many_changes_gets_a_page_per_month(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above CHANGES_LIMIT entries in one year, the year's page lists its months (and the entries
    dated by the year only) and each month has its own page: every entry is on exactly one page,
    newest first, and every link resolves."""
    import os
    import subprocess
    import sys

    from conftest import copy_sample

    from generator.pages import lists

    copy_sample(project.root)
    monkeypatch.setattr(lists, "CHANGES_LIMIT", 4)
    monkeypatch.setattr(lists, "CHANGES_LATEST", 2)
    assert project.run("generate", "--no-cache", "--as-of", "2026-11-22").code == 0
    folder = project.root / "content/actions/changes"
    year = (folder / "2016/index.md").read_text(encoding="utf-8")
    assert "# Changes to the action plans in 2016\n" in year
    assert (
        "There are 7 entries in 2016: each month has its own page, and the one dated by the year "
        "only is below.\n\n"
        "- [April 2016](04/index.md): 3 entries\n"
        "- [March 2016](03/index.md): 2 entries\n"
        "- [January 2016](01/index.md): 1 entry\n"
    ) in year
    april = (folder / "2016/04/index.md").read_text(encoding="utf-8")
    assert "# Changes to the action plans in April 2016\n" in april
    assert "[All of 2016](../../../../actions/changes/2016/index.md) · [All changes]" in april
    entry = re.compile(r"^- \*\*(?P<date>[^*]+)\*\* · ", re.MULTILINE)
    assert [m["date"] for m in entry.finditer(april)] and all(
        m["date"].endswith("April 2016") for m in entry.finditer(april)
    )
    assert [m["date"] for m in entry.finditer(year)] == ["2016"]  # only the year-only entry
    # Every entry the changes page counts is on exactly one year or month page.
    main = (project.root / "content/actions/changes.md").read_text(encoding="utf-8")
    total = int(re.search(r"There are (\d+) entries: the newest 2 are below", main)[1])  # type: ignore[index]
    pages = sorted(folder.rglob("index.md"))
    listed = [m["date"] for page in pages for m in entry.finditer(page.read_text(encoding="utf-8"))]
    assert len(listed) == total > lists.CHANGES_LIMIT
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project.root, capture_output=True, env=env
    )
    assert build.returncode == 0, build.stderr
    index = subprocess.run([sys.executable, "-m", "generator.search_index", "site"], cwd=project.root)
    assert index.returncode == 0
    assert Site(project.root / "site").broken_links() == []


def test_each_rows_state_is_worked_out_once_per_date(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tracker groups, counts and sorts rows by state: each row's state is worked out once."""
    from conftest import REPO

    from generator import pipeline, states
    from generator import tracker as tracking

    as_of = dt.date(2026, 11, 22)
    corpus = pipeline.check(REPO, as_of, use_cache=False).corpus
    assert corpus is not None
    calls: list[object] = []
    standing = states.standing

    def counted(action, review, on, months=12):  # type: ignore[no-untyped-def]
        calls.append(action)
        return standing(action, review, on, months)

    monkeypatch.setattr(states, "standing", counted)
    rows = [row for review in corpus.reviews for row in tracking.action_rows(review)]
    tracking.by_state(rows, as_of)
    tracking.state_counts(rows, as_of)
    assert len(calls) == len(rows) > 40
