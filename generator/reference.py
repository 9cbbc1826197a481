"""docs/format.md: the reference for every input file, made from the formats that `check` and the
JSON Schemas are made from, so it cannot say a key exists that `check` refuses or miss one it
takes. `python -m generator schema` (make schema) writes it with the schema files.

Each format is shown as one complete example (every key, with a value that passes `check`) and a
table of its keys. A value's example comes from its kind (a date, a choice, a web address) unless
EXAMPLES gives one; text has no example of its own, so every text key is in EXAMPLES, which a
test checks both ways.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .formats import BULLETIN, PORTAL, REVIEW_TYPES, Stages, ThemeTable, review_record
from .schema import (
    Choice,
    Count,
    Date,
    Field,
    Flag,
    Identifier,
    Kind,
    ListOf,
    Record,
    Slug,
    Text,
    ThemeRef,
    Url,
)
from .themes import DEFAULT_THEMES

PATH = "docs/format.md"

# The example value of each key whose kind has none of its own (text), and of a few keys whose
# kind's example would not read well beside the others: by what the record is and the key's name
# ("an action.owner"), as YAML.
EXAMPLES: dict[str, str] = {
    "a review.title": "Child T",
    "a review.partnership": "Testshire Safeguarding Children Partnership",
    "a review.published": "2016-05",
    "a review.summary": "|\n  T, a baby, was seriously harmed. The review looked at how agencies"
    "\n  worked with T's family in the year before, and what each will change.",
    "a review.child": "T",
    "a review.age_group": "infant",
    "a review.content_note": "neglect",
    "a review.themes": "[neglect, supervision]",
    "a review.embargo_until": "2016-05-27",
    "a review.aliases": "[testshire-child-t]",
    "a review.progress_as_of": "2016-09",
    "a review.methodology": "A systems review, with a practitioner learning event in March 2015.",
    "a review.worked_well": "[The health visitor saw the family every week.]",
    "a review.could_be_better": "[Nobody asked the father what he knew.]",
    "a source.title": "Action plan update to the board",
    "the action plan's status.date": "2018-03",
    "the action plan's status.note": "The remaining actions moved to the neglect strategy.",
    "a scrutiny entry.by": "Children's Services Overview and Scrutiny Committee",
    "a scrutiny entry.note": "Asked to see the action plan with a RAG rating in future reports.",
    "a key date.event": "The board endorsed the review's findings",
    "a response.id": '"4.5.1"',
    "a response.text": "SMART planning training delivered to 9 groups.",
    "a response.date": "2015-07",
    "a response.owner": "Early Intervention Team",
    "a response.status": "complete",
    "a response.rating": "green",
    "a next step.id": '"4.5.2"',
    "a next step.text": "Audit of child protection plans.",
    "a next step.date": "2016-11",
    "a next step.due": "2016-08",
    "a next step.owner": "[Early Help, Education Welfare]",
    "a next step.status": "complete",
    "a next step.rating": "green",
    "a progress update.status": "complete",
    "a progress update.rating": "green",
    "a progress update.date": "2015-09",
    "a progress update.note": "All 9 groups trained; the feedback was good.",
    "a progress update.source": "Board meeting, 14 September 2015",
    "a recommendation.text": "The board should audit the quality of child protection plans.",
    "a recommendation.points": "[Plans name who does what, by when.]",
    "a recommendation.to": "Testshire Integrated Care Board",
    "a recommendation.impact": "[A re-audit found every plan had outcomes.]",
    "a learning point.title": "Patterns in assessments and decision-making",
    "a learning point.text": "Each assessment started again, so the pattern of neglect was not seen.",
    "a learning point.summary": "Each assessment started afresh, so no one saw the neglect build up.",
    "a learning point.points": "[Read the history before you assess.]",
    "a learning point.findings": '["1", "5", "10"]',
    "a learning point.agency": "Testshire Community Health Services",
    "a learning point.themes": "[supervision]",
    "a learning point.board_view": "The board accepts this learning in full.",
    "a learning point.impact": "[Chronologies are now part of every assessment.]",
    "the briefing's sections.background": "A baby was harmed after months of neglect seen in parts.",
    "the briefing's sections.why_it_matters": "Neglect builds slowly, and each visit looked fine on its own.",
    "the briefing's sections.information": "A systems review of the year before T was harmed.",
    "the briefing's sections.key_learning": "Look at the whole history, not the latest incident.",
    "the briefing's sections.what_to_do": "Write a chronology before each assessment.",
    "the briefing's sections.questions": "[When did you last read a family's whole history?]",
    "a link.title": "The full report",
    "a briefing section.title": "What happened",
    "a briefing section.text": "A baby was harmed after months of neglect seen in parts.",
    "the publication check's settings.allow": "[the exact words you checked]",
    "a bulletin.title": "Safeguarding update",
    "a bulletin.date": "2017-02",
    "a bulletin.partnership": "Testshire Safeguarding Children Partnership",
    "a bulletin.intro": "Learning from the reviews published this winter.",
    "a bulletin.feedback": "Tell us what you changed by 31 March.",
    "a bulletin item.learning": '["1"]',
    "a bulletin item.heading": "Learning from Child T",
    "a bulletin item.text": "What practitioners told us about neglect.",
    "a bulletin item.points": "[Read the history first.]",
    "the portal settings.name": "Testshire Safeguarding Children Partnership",
    "the portal settings.site_url": "https://learning.example.org/",
    "the portal settings.quick_exit_url": "https://www.bbc.co.uk/weather",
    "the portal settings.intro": "What we learned from reviews, and what we changed.",
    "the portal settings.worried_text": "If you are worried about a child, call the number below.",
    "the portal settings.themes": "\n  county-lines:\n    title: County lines\n"
    "    description: Children exploited to carry drugs.",
    "the portal settings.school_names": "[Testshire Academy]",
    "the portal settings.briefing_questions": "[What will you do differently on Monday?]",
    "the portal settings.stale_after_months": "12",
    "a phone line.name": "Children's Services front door",
    "a phone line.number": "01234 567890",
    "a phone line.note": "Monday to Friday, 9am to 5pm",
}


@dataclass(frozen=True)
class Format:
    key: str  # the first part of each key's path in EXAMPLES
    title: str
    file: str
    record: Record


FORMATS = (
    Format("review", "Review file", "reviews/<slug>.yaml", review_record("child-t")),
    Format("bulletin", "Bulletin file", "bulletins/<number>.yaml", BULLETIN),
    Format("portal", "Portal settings", "portal.yaml", PORTAL),
)


def _inner(kind: Kind) -> Kind:
    return kind.item if isinstance(kind, ListOf) else kind


def _kind_example(kind: Kind) -> str | None:
    """What a value of this kind looks like, when the kind alone says (None for text)."""
    if isinstance(kind, Stages):
        return "serious-case-review"
    if isinstance(kind, ListOf):
        item = _kind_example(kind.item)
        if item is None:
            return None
        return item if kind.one_allowed else f"[{item}]"
    if isinstance(kind, Choice):
        return kind.values[0]
    if isinstance(kind, Date):
        return "2016-08-31"
    if isinstance(kind, Url):
        return "https://example.org/full-report.pdf"
    if isinstance(kind, Identifier):
        return '"1"'
    if isinstance(kind, Slug):
        return "child-t"
    if isinstance(kind, Count):
        return "1"
    if isinstance(kind, Flag):
        return "false"
    if isinstance(kind, ThemeRef):
        return "neglect"
    return None


def example(record: Record, field: Field) -> str | None:
    """The example value of a key: EXAMPLES', else its kind's."""
    return EXAMPLES.get(f"{record.what}.{field.name}", _kind_example(field.kind))


def leaves(record: Record, path: str) -> Iterator[tuple[str, Field]]:
    """Every key that holds a value (not a set of keys), with its path."""
    for field in record.fields:
        inner = _inner(field.kind)
        if isinstance(inner, Record):
            yield from leaves(inner, f"{path}.{field.name}")
        else:
            yield f"{path}.{field.name}", field


def _places(record: Record, path: str, depth: int = 0) -> Iterator[tuple[str, str, int]]:
    """Where each kind of record is used: (what it is, its path, how deep), in file order."""
    for field in record.fields:
        inner = _inner(field.kind)
        if isinstance(inner, Record):
            child = f"{path}.{field.name}"
            yield inner.what, child, depth + 1
            yield from _places(inner, child, depth + 1)


def _shown_at(record: Record, path: str) -> dict[str, str]:
    """Where the example shows each kind of record in full: its deepest place (the first of
    those), so that a learning point's recommendations, and their responses and next steps,
    are shown where they are most often written, and each only once."""
    best: dict[str, tuple[int, str]] = {}
    for what, place, depth in _places(record, path):
        if what not in best or depth > best[what][0]:
            best[what] = (depth, place)
    return {what: place for what, (_, place) in best.items()}


def _written(path: str) -> str:
    """`learning[].recommendations[].next_steps` for the path review.learning.recommendations.next_steps."""
    return path.split(".", 1)[1].replace(".", "[].")


def _yaml(record: Record, path: str, indent: int, shown_at: dict[str, str], first: str = "") -> list[str]:
    """The record's keys as YAML lines; `first`: what starts its first line ("- " in a list)."""
    lines = []
    for index, field in enumerate(record.fields):
        lead = " " * indent + (first if index == 0 else " " * len(first))
        inner = _inner(field.kind)
        child = f"{path}.{field.name}"
        if isinstance(inner, Record) and shown_at[inner.what] != child:
            lines.append(f"{lead}{field.name}: []  # each as in {_written(shown_at[inner.what])}")
            continue
        if isinstance(inner, Record):
            lines.append(f"{lead}{field.name}:")
            nested = "- " if isinstance(field.kind, ListOf) else ""
            lines += _yaml(inner, child, len(lead) + 2, shown_at, nested)
            continue
        value = example(record, field)
        if value is None:
            raise ValueError(f"{child}: no example (add '{record.what}.{field.name}' to reference.EXAMPLES)")
        separator = "" if value.startswith("\n") else " "
        lines.append(f"{lead}{field.name}:{separator}" + value.replace("\n", "\n" + " " * len(lead)))
    return lines


def example_file(fmt: Format) -> str:
    """A complete file of this format: every key, each with its example."""
    return "\n".join(_yaml(fmt.record, fmt.key, 0, _shown_at(fmt.record, fmt.key))) + "\n"


def _value(kind: Kind) -> str:
    """What a key holds, in words."""
    if isinstance(kind, Stages):
        return "a review type, or a list of them (the stages, main one first)"
    if isinstance(kind, ThemeTable):
        return "theme slugs, each with a `title` and an optional `description`"
    if isinstance(kind, ListOf):
        inner = kind.item
        if isinstance(inner, Record):
            return f"a list: each item is {inner.what} (below)"
        words = _value(inner)
        return f"{words}, or a list of them" if kind.one_allowed else f"a list; each item: {words}"
    if isinstance(kind, Record):
        return f"{kind.what} (below)"
    if isinstance(kind, Choice):
        return "one of " + ", ".join(f"`{value}`" for value in kind.values)
    if isinstance(kind, Date):
        return "a date: YYYY-MM-DD, YYYY-MM or YYYY"
    if isinstance(kind, Url):
        return "a web address: https://, http:// or mailto:"
    if isinstance(kind, Identifier):
        return 'an id: letters, digits, dots ("1", "L2", "14.3"); quote it'
    if isinstance(kind, Slug):
        return "a slug: lower-case words joined by hyphens"
    if isinstance(kind, Count):
        return "a whole number"
    if isinstance(kind, Flag):
        return "true or false"
    if isinstance(kind, ThemeRef):
        return "a theme slug (see Themes)"
    if isinstance(kind, Text):
        return "text" if kind.plain else "text (Markdown)"
    raise ValueError(f"no words for {type(kind).__name__}")


def _records(record: Record, path: str) -> Iterator[tuple[str, Record]]:
    """This record and every record inside it, each once (by what it is), outermost first."""
    yield path, record
    for field in record.fields:
        inner = _inner(field.kind)
        if isinstance(inner, Record):
            yield from _records(inner, f"{path}.{field.name}")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(record: Record) -> list[str]:
    lines = ["| key | required | value | what it holds |", "|---|---|---|---|"]
    for field in record.fields:
        required = "required" if field.required else ""
        lines.append(f"| `{field.name}` | {required} | {_cell(_value(field.kind))} | {_cell(field.help)} |")
    return lines


def render() -> bytes:
    """The whole of docs/format.md."""
    out = [
        "# File formats",
        "",
        "<!-- made by `make schema` from generator/formats.py, the declarations `check` uses: "
        "edit those, not this file -->",
        "",
        "Every key of every file the portal reads, with an example. Each file is YAML. A key left "
        "blank (`key:` with nothing after it) counts as not given. Text marked Markdown may use "
        "*emphasis*, [links](https://example.org) and lists; HTML in it is shown as text. "
        "Every key below is checked by `make check`, which names the file, line and key of each "
        "problem.",
        "",
    ]
    for fmt in FORMATS:
        out += [f"## {fmt.title} (`{fmt.file}`)", "", "Every key, with an example value:", "", "```yaml"]
        out += example_file(fmt).rstrip("\n").splitlines()
        out += ["```", ""]
        seen: set[str] = set()
        for path, record in _records(fmt.record, fmt.key):
            if record.what in seen:
                continue
            seen.add(record.what)
            where = "the file" if path == fmt.key else f"`{path.split('.', 1)[1]}`"
            out += [f"### {record.what[:1].upper()}{record.what[1:]} ({where})", "", *_table(record), ""]
    out += [
        "## Values",
        "",
        "Review types: " + ", ".join(f"`{kind}`" for kind in REVIEW_TYPES) + ".",
        "",
        "Themes (`portal.yaml` may add more under `themes:`): "
        + ", ".join(f"`{theme.slug}`" for theme in sorted(DEFAULT_THEMES, key=lambda theme: theme.slug))
        + ".",
        "",
    ]
    return "\n".join(out).encode("utf-8")
