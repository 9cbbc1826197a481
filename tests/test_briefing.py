"""Briefings and bulletins a practitioner would use (issue 17): the review's own words, never cut
short; why this review matters, from this review; the partnership's own questions and format; a
team record; content notes wherever a review's learning is shown."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, VALID_REVIEW, Project

from generator.mkdocs_hooks import css_string, print_addresses, print_margins

SAMPLE = sorted(path.stem for path in (REPO / "reviews").glob("*.yaml"))
AS_OF = ("--as-of", "2026-03-14")


def section(html: str, anchor: str) -> str:
    """The HTML of one briefing section: from its heading to the next one."""
    start = html.rindex("<h2", 0, html.index(f'id="{anchor}"'))
    end = html.find("<h2", start + 1)
    return html[start : end if end != -1 else len(html)]


def words_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_the_sample_is_the_eight_reviews() -> None:
    assert len(SAMPLE) == 8


@pytest.mark.parametrize("slug", SAMPLE)
def test_no_briefing_cuts_text_short(built: Path, slug: str) -> None:
    html = (built / f"reviews/{slug}/briefing/index.html").read_text(encoding="utf-8")
    body = html[html.index("<article") : html.index("</article>")]
    assert "…" not in body and "&hellip;" not in body


def test_no_sentence_of_why_it_matters_is_shared_by_two_briefings(built: Path) -> None:
    sentences: Counter[str] = Counter()
    for slug in SAMPLE:
        html = (built / f"reviews/{slug}/briefing/index.html").read_text(encoding="utf-8")
        said = words_of(section(html, "why-it-matters")).removeprefix("2. Why it matters")
        found = {sentence.strip() for sentence in re.split(r"(?<=[.:!?])\s+", said) if sentence.strip()}
        assert found, slug
        sentences.update(found)
    assert [sentence for sentence, count in sentences.items() if count > 1] == []


def test_a_learning_point_is_shown_whole_or_by_its_summary(project: Project) -> None:
    """The briefing and the theme page show every word of a learning point (never its first
    sentence alone, which can reverse its meaning), or the author's summary of it."""
    whole = VALID_REVIEW.replace(
        "    text: Attendance was treated as the problem.\n",
        "    text: W was in contact with adults online. This was not explored.\n",
    )
    project.write("reviews/child-t.yaml", whole)
    assert project.run("generate", *AS_OF).code == 0
    content = project.root / "content"
    for page in ("reviews/child-t/briefing.md", "themes/neglect/index.md"):
        text = (content / page).read_text()
        assert "W was in contact with adults online. This was not explored." in text, page
    summarised = whole.replace(
        "    title: First lesson\n", "    title: First lesson\n    summary: Online contact went unexplored.\n"
    )
    project.write("reviews/child-t.yaml", summarised)
    assert project.run("generate", *AS_OF).code == 0
    for page in ("reviews/child-t/briefing.md", "themes/neglect/index.md"):
        text = (content / page).read_text()
        assert "Online contact went unexplored." in text and "This was not explored." not in text, page
    review = (content / "reviews/child-t/index.md").read_text()
    assert "W was in contact with adults online. This was not explored." in review  # the page keeps it all


def test_recommendations_are_shown_whole(project: Project) -> None:
    long = "The partnership should audit attendance plans, " + "and check each one, " * 20 + "by March."
    project.write(
        "reviews/child-t.yaml", VALID_REVIEW.replace("The partnership should audit attendance plans.", long)
    )
    assert project.run("generate", *AS_OF).code == 0
    assert long in (project.root / "content/reviews/child-t/briefing.md").read_text()


PORTAL = "name: Testshire learning\n"
QUESTIONS = "briefing_questions:\n  - What will you do on Monday?\n"


def test_stock_questions_come_from_portal_yaml_and_say_so(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    project.write("portal.yaml", PORTAL + QUESTIONS)
    assert project.run("generate", *AS_OF).code == 0
    briefing = (project.root / "content/reviews/child-t/briefing.md").read_text()
    assert "## 6. Questions for reflection { #questions data-search-exclude }" in briefing
    assert (
        "Testshire learning's standard questions for every briefing:\n\n- What will you do on Monday?"
        in briefing
    )


def test_without_questions_there_is_no_questions_section(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    project.write("portal.yaml", PORTAL)
    assert project.run("generate", *AS_OF).code == 0
    briefing = (project.root / "content/reviews/child-t/briefing.md").read_text()
    assert "Questions for reflection" not in briefing
    headings = re.findall(r"^## (\d+)\. ([^{]+) \{", briefing, re.M)
    assert [number for number, _ in headings] == [str(n) for n in range(1, len(headings) + 1)]
    assert headings[-1][1] == "Find out more"


def test_a_review_s_own_questions_are_not_labelled_as_the_partnership_s(project: Project) -> None:
    own = VALID_REVIEW + "briefing:\n  questions: [Who saw the child?]\n"
    project.write("reviews/child-t.yaml", own)
    project.write("portal.yaml", PORTAL + QUESTIONS)
    assert project.run("generate", *AS_OF).code == 0
    briefing = (project.root / "content/reviews/child-t/briefing.md").read_text()
    assert "- Who saw the child?" in briefing
    assert "standard questions" not in briefing and "What will you do on Monday?" not in briefing


OWN_FORMAT = """\
briefing:
  sections:
    - title: What happened
      text: A baby was harmed.
    - title: What we learned
      text: Look at the whole history.
"""


def test_a_partnership_s_own_briefing_format(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW + OWN_FORMAT)
    assert project.run("generate", *AS_OF).code == 0
    briefing = (project.root / "content/reviews/child-t/briefing.md").read_text()
    headings = re.findall(r"^## (.+?) \{ #([a-z0-9-]+)", briefing, re.M)
    assert headings == [
        ("1. What happened", "what-happened"),
        ("2. What we learned", "what-we-learned"),
        ("3. Find out more", "find-out-more"),
    ]
    assert "A baby was harmed." in briefing and "Background" not in briefing


def test_own_sections_need_a_title_and_text(project: Project) -> None:
    project.write(
        "reviews/child-t.yaml", VALID_REVIEW + "briefing:\n  sections:\n    - title: What happened\n"
    )
    result = project.run("check", *AS_OF)
    assert [line for line in result.lines if line.startswith("reviews/")] == [
        "reviews/child-t.yaml:24:7: briefing.sections[1].text: required field is missing"
    ]


def test_the_full_report_is_listed_once_with_its_publisher_and_format(project: Project) -> None:
    report = "https://example.org/child-t-report.pdf"
    sources = (
        f"report_url: {report}\n"
        "sources:\n"
        f"  - {{title: Full report, url: '{report}', kind: report}}\n"
        "  - {title: Action plan update, url: 'https://example.org/plan.docx',"
        " date: 2021-10, kind: action-plan}\n"
    )
    project.write("reviews/child-t.yaml", VALID_REVIEW + sources)
    assert project.run("generate", *AS_OF).code == 0
    briefing = (project.root / "content/reviews/child-t/briefing.md").read_text()
    assert briefing.count(report) == 1
    assert (
        f'<a href="{report}">The full report</a> (Testshire Safeguarding Children Partnership, PDF)'
        in briefing
    )
    assert (
        '<a href="https://example.org/plan.docx">Action plan update</a> (action plan, October 2021, Word)'
    ) in briefing


def test_each_briefing_links_a_one_page_team_record(project: Project) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    assert project.run("generate", *AS_OF).code == 0
    content = project.root / "content/reviews/child-t"
    assert "(record.md)" in (content / "briefing.md").read_text()
    record = (content / "record.md").read_text()
    for row in ("Team", "Date of the discussion", "Who attended", "What we will do differently", "By when"):
        assert f'<th scope="row">{row}</th>' in record


# --- check -------------------------------------------------------------------------------------


def test_a_briefing_too_long_for_two_pages_is_a_warning_naming_the_key(project: Project) -> None:
    long_text = "Each assessment started again and the history was lost. " * 90  # 810 words
    project.write(
        "reviews/child-t.yaml", VALID_REVIEW.replace("Attendance was treated as the problem.", long_text)
    )
    result = project.run("check", *AS_OF)
    (line,) = [line for line in result.lines if line.startswith("reviews/")]
    # Key learning: the point's title (2 words), its text (9 words, 90 times) and its one line (8).
    found = re.fullmatch(
        r"reviews/child-t.yaml:1:1: briefing: warning: the briefing would not fit on two printed A4 "
        r"pages \(about (\d+) words, counting its links; two pages hold about 880\); its longest part, "
        r"'Key learning' \(about 820\), is made from the review: write a shorter one as "
        r"briefing.key_learning \(or a summary: on its longest learning points\)",
        line,
    )
    assert found and int(found[1]) > 880, line
    summarised = VALID_REVIEW.replace(
        "Attendance was treated as the problem.", long_text + "\n    summary: The history was lost."
    )
    project.write("reviews/child-t.yaml", summarised)
    assert project.run("check", "--strict", *AS_OF).code == 0


@pytest.mark.parametrize(
    ("said", "message"),
    [
        (
            "She was sexually exploited by older men.",
            "the text speaks of sexual abuse ('sexually exploited') but the review has no matching "
            "content_note: add content_note: sexual-abuse, so readers are warned before they read on",
        ),
        (
            "The baby died in hospital.",
            "the text speaks of a child's death ('baby died') but the review has no matching "
            "content_note: add content_note: child-death, so readers are warned before they read on",
        ),
    ],
)
def test_a_missing_content_note_is_a_warning(project: Project, said: str, message: str) -> None:
    project.write(
        "reviews/child-t.yaml", VALID_REVIEW.replace("Attendance was treated as the problem.", said)
    )
    result = project.run("check", *AS_OF)
    assert [line for line in result.lines if line.startswith("reviews/")] == [
        f"reviews/child-t.yaml:11:5: learning[1].text: warning: {message} (if it is checked and safe to "
        f"publish, add {message.split('(')[1].split(')')[0]} to publication_check: allow)"
    ]
    noted = VALID_REVIEW.replace("Attendance was treated as the problem.", said).replace(
        "themes: [neglect, school-attendance]",
        "themes: [neglect, school-attendance]\ncontent_note: "
        + message.split("add content_note: ")[1].split(",")[0],
    )
    project.write("reviews/child-t.yaml", noted)
    assert project.run("check", "--strict", *AS_OF).code == 0


# --- bulletins ---------------------------------------------------------------------------------


def test_every_bulletin_item_on_a_noted_review_carries_the_note(built: Path) -> None:
    """Sample bulletin 1 draws on three reviews, each with a content note: on the page and in the
    email, each item starts with its note and the support lines, and the issue's top says so."""
    page = (built / "bulletins/1/index.html").read_text(encoding="utf-8")
    email = (built / "bulletins/1/email.html").read_text(encoding="utf-8")
    for html in (page, email):
        items = re.split(r"<h2[^>]*>", html)[1:]
        assert len(items) >= 3
        for item in items[:3]:
            assert "Content note" in item and "116 123" in item and "This item is about" in item
        top = html[: html.index("<h2")]
        assert "Some items in this issue are about" in top


def test_a_bulletin_item_does_not_repeat_the_whole_review(built: Path) -> None:
    page = (built / "bulletins/1/index.html").read_text(encoding="utf-8")
    review = (built / "reviews/derby-child-sexual-exploitation/index.html").read_text(encoding="utf-8")
    summary = words_of(review[review.index('id="summary"') :].split("</div>", 1)[0])
    item = words_of(page.split('id="item-3"', 1)[1].split("<h2", 1)[0])
    assert len(item.split()) < 400
    assert summary[-80:] not in item  # the whole summary is on the review's page, not here


# --- printing, without a browser ----------------------------------------------------------------


def test_print_margins_cannot_end_the_style_element() -> None:
    css = print_margins('Child "T" </style><script>alert(1)</script> \\', "https://x.org/a b/")
    assert "<" not in css and ">" not in css and '\\"' not in css
    assert css_string("A: b") == '"A\\3a  b"'
    assert css.count('"') == 4  # two strings, each opened and closed once


def test_a_page_cannot_set_its_own_print_margins(project: Project) -> None:
    """The hook always sets portal_print_margins, whatever a hand-written page's front matter says."""
    from types import SimpleNamespace

    from generator import mkdocs_hooks

    page = SimpleNamespace(
        meta={"portal_print_margins": "</style><script>alert(1)</script>"},
        title="About",
        canonical_url="https://x.org/about/",
    )
    mkdocs_hooks.on_page_context({}, page, None, None)  # type: ignore[arg-type]
    assert page.meta["portal_print_margins"] == print_margins("About", "https://x.org/about/")


def test_links_to_the_site_carry_their_full_address_for_paper() -> None:
    html = '<a href="../#learning-1">x</a> <a href="https://a.org/">y</a> <a href="#top">z</a>'
    assert print_addresses(html, "https://x.org/reviews/child-t/briefing/") == (
        '<a data-print-href="https://x.org/reviews/child-t/#learning-1" href="../#learning-1">x</a> '
        '<a href="https://a.org/">y</a> <a href="#top">z</a>'
    )
