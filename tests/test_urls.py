"""URL fields take a web address (https://, http://) or mailto:, and nothing a link could hide in."""

from __future__ import annotations

import re

import pytest
from conftest import VALID_REVIEW, Project
from test_limits import problems

from generator.urls import URL_PATTERN, url_problem

ACCEPTED = [
    "https://example.org",
    "https://example.org/",
    "http://example.org/reports/child-t.pdf?download=1#page=4",
    "https://www.example.org:8443/a/b",
    "https://example.org:65535/",
    "https://en.wikipedia.org/wiki/Serious_case_review_(England)",
    "https://example.org/a%20b.pdf",
    "https://münchen.example/bericht",
    "https://xn--mnchen-3ya.example/",
    "https://[2001:db8::1]:8443/report",
    "https://localhost/",
    "mailto:safeguarding@example.org",
    "mailto:safeguarding@example.org?subject=Child%20T",
]

BASE = "expected a web address starting https://, got"
MAILTO = "expected an email address after mailto:, like mailto:safeguarding@example.org, got"
CANNOT = "cannot be in a web address (character 22); write it as"
ONLY_IPV6 = "can only be in a web address around an IPv6 address (character 22); write it as"
PORT = "is not valid; use a number from 1 to 65535, or leave it out"
MARKDOWN = "this is written as a Markdown link; give the address alone, like https://example.org/report.pdf"
REFUSED = {
    "https://example.org/[x](javascript:alert(1))": MARKDOWN,
    "[the report](https://example.org/report.pdf)": MARKDOWN,
    "<https://example.org/report.pdf>": MARKDOWN,
    "javascript:alert(1)": f"{BASE} 'javascript:alert(1)'",
    "JavaScript:alert(1)": f"{BASE} 'JavaScript:alert(1)'",
    "data:text/html,hello": f"{BASE} 'data:text/html,hello'",
    "vbscript:msgbox(1)": f"{BASE} 'vbscript:msgbox(1)'",
    "ftp://example.org/report.pdf": f"{BASE} 'ftp://example.org/report.pdf'",
    "www.example.org/report.pdf": f"{BASE} 'www.example.org/report.pdf'",
    "//example.org/report.pdf": f"{BASE} '//example.org/report.pdf'",
    "https:example.org": f"{BASE} 'https:example.org'",
    "https://example.org/child t.pdf": (
        "a web address cannot contain spaces (character 26); write a space that is part of the address as %20"
    ),
    "https://user:secret@example.org/": (
        "a web address must not carry a user name or password (the part before @); remove it"
    ),
    "https://example.org@evil.example/": (
        "a web address must not carry a user name or password (the part before @); remove it"
    ),
    "https:///report.pdf": (
        "the web address has no host name after https://; write it like https://example.org/report.pdf"
    ),
    "https://:8080/": (
        "the web address has no host name after https://; write it like https://example.org/report.pdf"
    ),
    "https://exa_mple.org/": (
        "the host name 'exa_mple.org' is not valid; use letters, digits, hyphens and dots, like example.org"
    ),
    "https://example..org/": (
        "the host name 'example..org' is not valid; use letters, digits, hyphens and dots, like example.org"
    ),
    "https://-example.org/": (
        "the host name '-example.org' is not valid; use letters, digits, hyphens and dots, like example.org"
    ),
    "https://[not-ipv6]/": (
        "the host name '[not-ipv6]' is not valid; use letters, digits, hyphens and dots, like example.org"
    ),
    "https://example.org:99999/": f"the port ':99999' {PORT}",
    "https://example.org:http/": f"the port ':http' {PORT}",
    "https://example.org:0/": f"the port ':0' {PORT}",
    'https://example.org/a"onmouseover=x': "the character '\"' " + CANNOT + " %22",
    "https://example.org/a'b": 'the character "\'" ' + CANNOT + " %27",
    "https://example.org/a<script>": "the character '<' " + CANNOT + " %3C",
    "https://example.org/a>b": "the character '>' " + CANNOT + " %3E",
    "https://example.org/a`b": "the character '`' " + CANNOT + " %60",
    "https://example.org/a{b}": "the character '{' " + CANNOT + " %7B",
    "https://example.org/a|b": "the character '|' " + CANNOT + " %7C",
    "https://example.org/a^b": "the character '^' " + CANNOT + " %5E",
    "https://example.org/a\\b": "the character '\\\\' " + CANNOT + " %5C",
    "https://example.org/a[b": "the character '[' " + ONLY_IPV6 + " %5B",
    "https://example.org/a]b": "the character ']' " + ONLY_IPV6 + " %5D",
    "mailto:nobody": f"{MAILTO} 'mailto:nobody'",
    "mailto:a@b.org,c@d.org": f"{MAILTO} 'mailto:a@b.org,c@d.org'",
    "mailto:": f"{MAILTO} 'mailto:'",
}
# A regex (without Unicode classes) cannot tell a letter from a symbol outside ASCII: these pass the
# editors' pattern, and are refused here.
REFUSED_HERE = {
    "mailto:help@a→b.example": f"{MAILTO} 'mailto:help@a→b.example'",
    "https://a→b.example/": (
        "the host name 'a→b.example' is not valid; use letters, digits, hyphens and dots, like example.org"
    ),
}


def quoted(url: str) -> str:
    """The address as a YAML double-quoted scalar."""
    return '"' + url.replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("url", ACCEPTED)
def test_addresses_that_are_accepted(project: Project, url: str) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW + f"report_url: {quoted(url)}\n")
    assert problems(project, "--strict") == (0, [])
    assert re.fullmatch(URL_PATTERN, url)  # the editors' schema agrees


@pytest.mark.parametrize("url", [*REFUSED, *REFUSED_HERE])
def test_addresses_that_are_refused(project: Project, url: str) -> None:
    project.write("reviews/child-t.yaml", VALID_REVIEW + f"report_url: {quoted(url)}\n")
    message = REFUSED.get(url) or REFUSED_HERE[url]
    assert problems(project) == (1, [f"reviews/child-t.yaml:22:13: report_url: {message}"])
    if url in REFUSED:
        assert not re.fullmatch(URL_PATTERN, url)  # the editors' schema agrees


def test_every_url_field_is_checked(project: Project) -> None:
    project.write(
        "portal.yaml",
        "site_url: https://user@example.org/\nquick_exit_url: https://www.bbc.co.uk/weather page\n",
    )
    review = VALID_REVIEW + (
        "briefing:\n  further_reading:\n    - title: More\n      url: https://example.org/[x](javascript:x)\n"
    )
    project.write("reviews/child-t.yaml", review)
    assert problems(project) == (
        1,
        [
            "portal.yaml:1:11: site_url: a web address must not carry a user name or password "
            "(the part before @); remove it",
            "portal.yaml:2:17: quick_exit_url: a web address cannot contain spaces (character 30); "
            "write a space that is part of the address as %20",
            f"reviews/child-t.yaml:25:12: briefing.further_reading[1].url: {MARKDOWN}",
        ],
    )


@pytest.mark.parametrize("url", ["https://example.org/a\x00b", "mailto:help@example.org?\x1bc"])
def test_the_pattern_is_the_last_check(url: str) -> None:
    """A control character is refused before an address is looked at (test_characters.py); the
    pattern refuses it again, for a caller that did not."""
    assert url_problem(url, "'x'") in (f"{BASE} 'x'", f"{MAILTO} 'x'")
