"""What makes the output the same on every engine (issue 18): the theme's settings in
generated/settings.yml (mkdocs.yml inherits it), links in raw HTML from the site's root, and the
last sanitiser and search marking as a Markdown extension rather than a MkDocs hook."""

from __future__ import annotations

import json

import pytest
from conftest import VALID_REVIEW, Project, mkdocs_yml

from generator.addresses import site_path
from generator.markdown_ext import page_content

PORTAL = """\
name: Testshire learning portal
site_url: https://example.org/portal/
quick_exit_url: https://www.bbc.co.uk/news
worried_text: Call <b>us</b> [now](javascript:alert(1)).
contacts:
  - name: Front door
    number: 0300 123 4567
    note: "<i>weekdays</i>"
  - name: Out of hours
    number: see portal.yaml
"""


@pytest.mark.parametrize(
    "site_url,path,expected",
    [
        ("https://example.org/portal/", "reviews/child-t/", "/portal/reviews/child-t/"),
        ("https://example.org/portal", "reviews/child-t/", "/portal/reviews/child-t/"),
        ("https://example.org/", "actions/", "/actions/"),
        ("https://example.org", "actions/", "/actions/"),
        ("", "reviews/child-t/actions/", "/reviews/child-t/actions/"),
    ],
)
def test_a_raw_html_link_starts_from_the_sites_root(site_url: str, path: str, expected: str) -> None:
    assert site_path(site_url, path) == expected


def test_raw_html_links_are_under_site_urls_folder(project: Project) -> None:
    project.write("portal.yaml", PORTAL)
    review = VALID_REVIEW.replace(
        "    due: 2021-03\n", "    due: 2021-03\n    next_steps: [Audit attendance]\n"
    )
    project.write("reviews/child-t.yaml", review)
    assert project.run("generate", "--as-of", "2026-11-22").code == 0, project.run("check").err
    content = project.root / "content"
    actions = (content / "reviews/child-t/actions.md").read_text(encoding="utf-8")
    assert '<a href="/portal/reviews/child-t/#recommendation-1">Recommendation 1</a>' in actions
    report = (content / "reports/2020/index.md").read_text(encoding="utf-8")
    assert '<a href="/portal/reviews/child-t/actions/#recommendation-1">Recommendation 1</a>' in report
    assert '<a href="../../' not in report and 'href="../' not in actions


def test_generate_writes_the_themes_settings(project: Project) -> None:
    project.write("portal.yaml", PORTAL)
    project.write("reviews/child-t.yaml", VALID_REVIEW)
    assert project.run("generate", "--as-of", "2026-11-22").code == 0
    file = project.root / "generated/settings.yml"
    text = file.read_text(encoding="utf-8")
    assert text.startswith("# Written by `python -m generator generate` (and `settings`) from portal.yaml")
    settings = mkdocs_yml(file)  # what an engine reads: YAML
    assert settings == json.loads(text.split("\n", 2)[2])  # written as JSON: no YAML surprises
    assert settings == {
        "site_url": "https://example.org/portal/",
        "extra": {
            "portal": {
                "name": "Testshire learning portal",
                "quick_exit_url": "https://www.bbc.co.uk/news",
                "worried_text": 'Call us <a rel="noopener">now</a>.',  # md_inline: no tag, no script
                "demo": False,
                "contacts": [
                    {
                        "name": "Front door",
                        "number": "0300 123 4567",
                        "note": "&lt;i&gt;weekdays&lt;/i&gt;",
                        "tel": "tel:03001234567",
                    },
                    {"name": "Out of hours", "number": "see portal.yaml", "note": "", "tel": ""},
                ],
            }
        },
    }


def test_settings_with_a_broken_portal_yaml_uses_the_defaults_and_says_so(project: Project) -> None:
    # One mistake: none of the file is used, its good lines (site_url) neither.
    project.write("portal.yaml", "quick_exit_url: javascript:alert(1)\nsite_url: https://example.org/\n")
    done = project.run("settings")
    assert done.code == 0
    assert done.lines == [
        "portal.yaml:1:17: quick_exit_url: expected a web address starting https://, "
        "got 'javascript:alert(1)'",
        "portal.yaml: the theme uses the default settings until this is fixed",
    ]
    settings = mkdocs_yml(project.root / "generated/settings.yml")
    assert settings["extra"]["portal"]["quick_exit_url"] == "https://www.bbc.co.uk/weather"
    assert "site_url" not in settings


def test_mkdocs_yml_inherits_the_settings_and_lists_the_extension_last() -> None:
    from conftest import REPO

    config = mkdocs_yml(REPO / "mkdocs.yml")
    assert config["INHERIT"] == "generated/settings.yml"
    assert config["markdown_extensions"][-1] == "generator.markdown_ext"
    assert config["plugins"] == {"search": {"enabled": False}}


FACETS = (
    '<div class="portal-search-facets" hidden data-pagefind-ignore>'
    '<span data-pagefind-meta="kind">Overview</span></div>'
)
NOTE = (
    '<div class="admonition warning">\n<p class="admonition-title">Content note</p>\n'
    "<p>About a death.</p>\n</div>"
)


def test_a_page_without_facets_is_only_cleaned() -> None:
    assert page_content('<p onclick="x()">Hi<script>alert(1)</script></p>' + NOTE) == "<p>Hi</p>" + NOTE


def test_a_review_page_is_marked_for_search_without_its_content_note() -> None:
    assert page_content(FACETS + "\n" + NOTE + '\n<p onclick="x()">Text</p>') == (
        "<div data-pagefind-body>\n"
        '<div class="portal-search-facets" hidden="" data-pagefind-ignore="">'
        '<span data-pagefind-meta="kind">Overview</span></div>\n'
        '<div class="admonition warning" data-pagefind-ignore>\n'
        '<p class="admonition-title">Content note</p>\n'
        "<p>About a death.</p>\n</div>\n<p>Text</p>\n</div>"
        "<!-- end of data-pagefind-body -->"  # where search_index.py cuts the page for Pagefind
    )


def test_the_extension_runs_last_in_a_conversion() -> None:
    import markdown

    converted = markdown.markdown(
        "Some <span onclick='x'>text</span>\n{: onclick='y' }\n\n!!! warning \"Content note\"\n    Sad.",
        extensions=["attr_list", "admonition", "generator.markdown_ext"],
    )
    assert converted.startswith("<p>Some <span>text</span></p>")  # attr_list's onclick is gone too
    assert "onclick" not in converted
