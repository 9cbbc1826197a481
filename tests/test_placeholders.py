"""Nothing unfinished is published: placeholders fail `check --strict` unless the site is a demo."""

from __future__ import annotations

import pytest
from conftest import VALID_REVIEW, Project
from sitecheck import Site

from generator import placeholders

AS_OF = ("--as-of", "2021-01-01")
ADVICE = (
    "would be published: replace it with the partnership's own words; on a demonstration site, "
    "set demo: true in portal.yaml"
)
PORTAL = """\
site_url: https://learning.example.org/
intro: |
  Welcome to the learning portal of
  [partnership name].
contacts:
  - name: Front door
    number: see portal.yaml
  - name: Out of hours
    number: 01632 960 123
"""


def _project(project: Project, portal: str) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    project.write("portal.yaml", portal)
    project.write(
        "content/accessibility.md",
        "# Accessibility\n\nThis website is run by [partnership name]. See [the review](x.md).\n\n"
        "[If you can, say how people can\ncontact you by phone.]\n",
    )


def test_placeholders_are_warnings_with_their_places(project: Project) -> None:
    _project(project, PORTAL)
    result = project.run("check", *AS_OF)
    assert result.code == 0  # warnings: check passes, check --strict does not
    assert [line for line in result.lines if "placeholder" in line] == [
        f"content/accessibility.md:3:24: warning: placeholder '[partnership name]' (template wording in "
        f"square brackets) {ADVICE}",
        "content/accessibility.md:5:1: warning: placeholder '[If you can, say how people can contact you by "
        f"phone.]' (template wording in square brackets) {ADVICE}",
        f"portal.yaml:4:1: intro: warning: placeholder '[partnership name]' (template wording in square "
        f"brackets) {ADVICE}",
        "portal.yaml:7:5: contacts[1].number: warning: placeholder 'see portal.yaml' (a pointer to the "
        f"settings instead of the details) {ADVICE}",
        "portal.yaml:9:5: contacts[2].number: warning: placeholder '01632 960 123' (a fictional number "
        f"reserved for examples) {ADVICE}",
    ]
    assert project.run("check", "--strict", *AS_OF).code == 1


def test_a_demonstration_site_may_keep_them(project: Project) -> None:
    _project(project, "demo: true\n" + PORTAL)
    result = project.run("check", "--strict", *AS_OF)
    assert result.code == 0, result.err
    assert "placeholder" not in result.err


def test_only_hand_written_pages_are_read(project: Project) -> None:
    """The generator's own pages (listed in its manifest) are not the partnership's template text."""
    content = project.root / "content"
    project.write("content/reviews/child-t/index.md", "# [partnership name]\n")
    project.write("content/.hidden/notes.md", "[partnership name]\n")
    assert placeholders.in_pages(content, ["reviews/child-t/index.md"]) == []
    found = placeholders.in_pages(content, [])
    assert [(problem.file, problem.line, problem.col) for problem in found] == [
        ("content/reviews/child-t/index.md", 1, 3)
    ]


@pytest.mark.parametrize(
    "value,message",
    [
        ("maybe", "portal.yaml:1:7: demo: expected true or false, got 'maybe'"),
        ("[true]", "portal.yaml:1:7: demo: expected true or false, got a list"),
    ],
)
def test_demo_is_true_or_false(project: Project, value: str, message: str) -> None:
    project.write("portal.yaml", f"demo: {value}\n")
    assert message in project.run("check", *AS_OF).lines


@pytest.mark.parametrize(
    "text,found",
    [
        ("Call [phone number] or write to [email address].", ["[phone number]", "[email address]"]),
        ("See [the report](https://x.org/r.pdf), [a reference][1] and [1]: https://x.org", []),
        ("- [ ] a task\n- [x] done\n- [X] done too", []),
        ("A footnote[^1].", []),
        ("An escaped \\[bracket\\] and an image ![alt](a.png)", []),
        ("TODO: write this. TBC. Lorem ipsum dolor.", ["TODO", "TBC", "Lorem ipsum"]),
        (
            "Ring 020 7946 0018 or 07700 900 123 or 0113 496 0000",
            ["020 7946 0018", "07700 900 123", "0113 496 0000"],
        ),
        ("Ring 0808 800 5000 or 020 7946 1234 or 116 123", []),  # real numbers (7946 1xxx is not reserved)
        ("Details: see portal.yaml", ["see portal.yaml"]),
    ],
)
def test_what_counts_as_a_placeholder(text: str, found: list[str]) -> None:
    assert [placeholder.words for placeholder in placeholders.in_text(text)] == found


def test_the_sample_site_says_it_is_a_demonstration_on_every_page(site: Site) -> None:
    themed = [file for file, page in site.pages.items() if any(tag == "header" for tag, _ in page.tags)]
    assert len(themed) > 40
    banner = "This is a demonstration site."
    for file in themed:
        assert banner in " ".join(site.pages[file].text), file
