"""Unfinished text: template wording a partnership was meant to replace before publishing.

The sample portal.yaml and hand-written pages (the accessibility statement) carry placeholders:
"[partnership name]", "see portal.yaml" where a phone number goes, Ofcom's numbers reserved for
drama. A site published with them tells a worried parent to ring "see portal.yaml". `check`
warns about each one (so `check --strict`, which `make site` runs, fails) with its file and
line, unless portal.yaml says `demo: true`: a demonstration site, which says on every page that
its contact details are fictional.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Portal
from .problems import Problem, Severity

# Square brackets around template wording, not a Markdown link ([text](url), [text][ref],
# [ref]: url), a task box ([ ], [x]) or a footnote ([^1]).
BRACKETED = re.compile(r"(?<![\\!\]])\[(?![\s\]^xX]\])(?!\^)(?P<words>[A-Za-z][^\[\]]{1,300}?)\](?![(\[:])")
SEE_SETTINGS = re.compile(r"\bsee\s+portal\.yaml\b", re.IGNORECASE)
WORDS = re.compile(r"\b(?:TODO|TBC|TBD|FIXME|XXX+|lorem\s+ipsum)\b", re.IGNORECASE)
# Ofcom's numbers for drama and examples (never allocated to anyone): any of them on a live site
# is a number someone forgot to replace. The digits, with spaces and hyphens removed.
EXAMPLE_NUMBERS = re.compile(
    r"^(?:01632960\d{3}|02079460\d{3}|01(?:13|14|15|16|17|18|21|31|41|51|61)4960\d{3}|0289649\d{4}"
    r"|02920180\d{3}|07700900\d{3}|08081570\d{3}|09098790\d{3}|03069990\d{3})$"
)
PHONE_LIKE = re.compile(r"(?<![\w+])(?:\+44\s?|0)\d[\d\s-]{7,14}\d(?!\w)")


@dataclass(frozen=True)
class Placeholder:
    line: int  # counted from 1 within the text
    col: int
    words: str
    what: str  # how it is described to the user


def _at(text: str, start: int) -> tuple[int, int]:
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def _digits(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:] if number.lstrip().startswith("+44") else digits


def in_text(text: str) -> Iterator[Placeholder]:
    """Every placeholder in a text, in reading order."""
    found: list[tuple[int, str, str]] = []
    for match in BRACKETED.finditer(text):
        found.append((match.start(), match.group(0), "template wording in square brackets"))
    for match in SEE_SETTINGS.finditer(text):
        found.append((match.start(), match.group(0), "a pointer to the settings instead of the details"))
    for match in WORDS.finditer(text):
        found.append((match.start(), match.group(0), "a note that the text is unfinished"))
    for match in PHONE_LIKE.finditer(text):
        if EXAMPLE_NUMBERS.match(_digits(match.group(0))):
            found.append((match.start(), match.group(0), "a fictional number reserved for examples"))
    for start, words, what in sorted(found):
        line, col = _at(text, start)
        yield Placeholder(line, col, " ".join(words.split()), what)


def message(placeholder: Placeholder) -> str:
    return (
        f"placeholder {placeholder.words!r} ({placeholder.what}) would be published: replace it with "
        "the partnership's own words; on a demonstration site, set demo: true in portal.yaml"
    )


# --- where they are looked for -------------------------------------------------------------------

PORTAL_TEXTS = ("name", "intro", "worried_text")
LINE_TEXTS = ("name", "number", "note")


def _problem(file: str, line: int, col: int, field: str | None, found: Placeholder) -> Problem:
    return Problem(file, line, col, field, message(found), Severity.WARNING)


def in_portal(portal: Portal) -> list[Problem]:
    """Placeholders in portal.yaml's texts and numbers."""
    file = portal.where.file or "portal.yaml"
    problems = []
    for name in PORTAL_TEXTS:
        line, col = portal.where.of(name)
        value = getattr(portal, name)
        below = "\n" in value  # a text of several lines starts on the line after its key (`intro: |`)
        for found in in_text(value):
            problems.append(_problem(file, line + found.line - (0 if below else 1), col, name, found))
    for group in ("contacts", "support_lines"):
        for number, entry in enumerate(getattr(portal, group), start=1):
            for name in LINE_TEXTS:
                for found in in_text(getattr(entry, name)):
                    line, col = entry.where.of(name)
                    problems.append(_problem(file, line, col, f"{group}[{number}].{name}", found))
    return problems if portal.where.file else []  # the defaults are finished text


def in_pages(content: Path, generated: Iterable[str]) -> list[Problem]:
    """Placeholders in the hand-written pages of content/ (every Markdown page the generator did
    not write)."""
    ours = set(generated)
    problems = []
    for file in sorted(content.rglob("*.md")):
        path = file.relative_to(content).as_posix()
        if path in ours or any(part.startswith(".") for part in file.relative_to(content).parts):
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # MkDocs will say what is wrong with it
        for found in in_text(text):
            problems.append(_problem(f"content/{path}", found.line, found.col, None, found))
    return problems
