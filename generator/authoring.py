"""Templates for new input files (`python -m generator new review|bulletin`), made from the formats.

Every field of the format is in the template, with its help text, in the order the format lists
them, so a template never drifts from what `check` accepts. Required fields are marked
`# required`; optional ones are left blank (a blank field counts as not given); lists of records
and sets of fields (learning points, the briefing) are shown as examples commented out with `# `.
A template whose required fields are filled in passes `check`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from .formats import BULLETIN, REVIEW_FIELDS
from .model import Theme
from .schema import Choice, Date, Field, Kind, ListOf, Record, Slug, Text, ThemeRef, Url

WIDTH = 99
SCHEMA_LINE = "# yaml-language-server: $schema=schema.json"

HOW_TO = """\
1. Fill in every field marked "required". Dates are YYYY-MM-DD, YYYY-MM or YYYY.
2. Fill in the other fields that apply; leave the rest blank, or delete them.
3. Lines that start with "# " are notes and examples. To use an example (such as {block}:),
   remove the "# " from the start of each of its lines (in VS Code: select them, press Ctrl+/).
4. Text is Markdown. For text over several lines, write | after the colon and indent the lines
   below it by two spaces:
     {text}: |
       First paragraph.

       Second paragraph.
5. Then run: make check
The site decides what is overdue and when an embargo ends from the day it is built; to build as
of another day, say it: make site AS_OF=2026-12-01"""


def _is_records(kind: Kind) -> bool:
    return isinstance(kind, ListOf) and isinstance(kind.item, Record)


def _is_block(kind: Kind) -> bool:
    """Records and lists of records are shown as a commented-out example, not a blank field."""
    return isinstance(kind, Record) or _is_records(kind)


def _choices(kind: Choice) -> str:
    return ", ".join(kind.values)


def _hint(kind: Kind, themes: Sequence[Theme], brief: bool) -> str:
    """What a value of this kind looks like, for the note on a field; `brief` inside examples."""
    if isinstance(kind, Choice):
        return f"One of: {_choices(kind)}."
    if isinstance(kind, Date):
        return "YYYY-MM-DD, YYYY-MM or YYYY."
    if isinstance(kind, Url):
        return "A web address starting https://."
    if brief:
        return ""  # the notes on lists would crowd an example's lines
    if isinstance(kind, ListOf) and isinstance(kind.item, Choice):
        first = ", ".join(kind.item.values[:2])
        return f"One, or a list like [{first}], of: {_choices(kind.item)}."
    if isinstance(kind, ListOf) and isinstance(kind.item, ThemeRef):
        known = ", ".join(theme.slug for theme in themes)
        return f"A list like [neglect, early-help]. The themes are: {known}."
    if isinstance(kind, ListOf) and isinstance(kind.item, Slug):
        return "A list like [child-a, old-name]."
    if isinstance(kind, ListOf):
        return 'A list: one line per item below this one, each starting "  - ".'
    return ""


def _described(field: Field, themes: Sequence[Theme], brief: bool = False) -> str:
    """The field's help and, unless the help says it already, what its value looks like."""
    hint = _hint(field.kind, themes, brief)
    said = hint.rstrip(".").removeprefix("One of: ").split(", ")
    if isinstance(field.kind, Url):
        said = ["https://"]
    if not hint or all(word in field.help for word in said):
        return field.help
    return f"{field.help} {hint}"


def _note(field: Field, themes: Sequence[Theme]) -> list[str]:
    text = _described(field, themes)
    return [f"# {line}" for line in textwrap.wrap(text, WIDTH - 2, break_on_hyphens=False)]


def _example_lines(record: Record, indent: int, first_prefix: str = "") -> list[str]:
    """The record's fields as YAML lines, each with its help; nested records are expanded."""
    lines = []
    for index, field in enumerate(record.fields):
        lead = " " * indent + (first_prefix if index == 0 else " " * len(first_prefix))
        mark = "required. " if field.required else ""
        lines.append(f"{lead}{field.name}:  # {mark}{_described(field, (), brief=True)}".rstrip())
        lines.extend(_nested(field.kind, len(lead) + 2))
    return lines


def _nested(kind: Kind, indent: int) -> list[str]:
    if isinstance(kind, Record):
        return _example_lines(kind, indent)
    if isinstance(kind, ListOf) and isinstance(kind.item, Record):
        return _example_lines(kind.item, indent, "- ")
    return []


# What a required field left blank in a template says on its own line, where the author looks.
REQUIRED_NOTES = {
    "published": "the date the review was published: YYYY-MM-DD, YYYY-MM or YYYY",
    "date": "the issue's date: YYYY-MM-DD or YYYY-MM",
}


def _field(field: Field, value: str, themes: Sequence[Theme]) -> list[str]:
    """One top-level field: its note, then the field (blank, pre-filled or as an example)."""
    if _is_block(field.kind) and not field.required:
        example = [f"{field.name}:  # {field.help}", *_nested(field.kind, 2)]
        return [f"# {line}" for line in example]
    line = f"{field.name}: {value}".rstrip()
    if field.required:
        note = REQUIRED_NOTES.get(field.name) if not value else None
        line += f"  # required: {note}" if note else "  # required"
    return [*_note(field, themes), line]


def _template(intro: str, fields: Sequence[Field], values: dict[str, str], themes: Sequence[Theme]) -> str:
    # The how-to's examples name fields of this format: the last list of records, the first text.
    block = next(field.name for field in reversed(fields) if _is_records(field.kind))
    text = next(f.name for f in fields if isinstance(f.kind, Text) and not f.kind.plain)
    how_to = HOW_TO.format(block=block, text=text)
    lines = [SCHEMA_LINE, f"# {intro}", "#", *(f"# {line}".rstrip() for line in how_to.splitlines())]
    for field in fields:
        lines += ["", *_field(field, values.get(field.name, ""), themes)]
    return "\n".join(lines) + "\n"


def review_template(slug: str, themes: Sequence[Theme]) -> str:
    intro = f"A review. The file name is its address: this one will be /reviews/{slug}/"
    # Not today's date: the author writes the date the review was published (check says if not).
    return _template(intro, REVIEW_FIELDS, {}, themes)


def bulletin_template(issue: int) -> str:
    intro = f"Learning bulletin issue {issue}. It will be /bulletins/{issue}/"
    values = {"issue": str(issue)}  # the date is the author's to write, as a review's is
    return _template(intro, BULLETIN.fields, values, ())
