"""docs/format.md, the format reference in the repository (issue 19): up to date, every key of
every format in it, and its examples are files `check` accepts."""

from __future__ import annotations

import re
from collections.abc import Iterator

from conftest import REPO, Project

from generator import reference
from generator.formats import BULLETIN, PORTAL, review_record
from generator.schema import ListOf, Record

DOC = REPO / "docs/format.md"


def records(record: Record) -> Iterator[Record]:
    """Every record of a format, walking the declarations (not the reference's own walk)."""
    yield record
    for field in record.fields:
        inner = field.kind.item if isinstance(field.kind, ListOf) else field.kind
        if isinstance(inner, Record):
            yield from records(inner)


FORMATS = (review_record("child-t"), BULLETIN, PORTAL)


def test_the_committed_reference_is_up_to_date() -> None:
    """Run: make schema (python -m generator schema) after changing the formats."""
    assert DOC.read_bytes() == reference.render()


def test_every_key_of_every_format_is_documented_with_what_it_holds() -> None:
    text = DOC.read_text(encoding="utf-8")
    sections = {
        match["what"].lower(): match["body"]
        for match in re.finditer(r"^### (?P<what>.+?) \(.*?\)\n\n(?P<body>(?:\|.*\n)+)", text, re.M)
    }
    checked = 0
    for fmt in FORMATS:
        for record in records(fmt):
            body = sections[record.what.lower()]
            rows = {m[1]: m[2] for m in re.finditer(r"^\| `([a-z_]+)` \|[^|]*\|[^|]*\| (.+) \|$", body, re.M)}
            for field in record.fields:
                assert field.help and rows.get(field.name) == field.help.replace("|", "\\|"), (
                    record.what,
                    field.name,
                )
                checked += 1
    assert checked > 100  # every key of three formats, not a handful


def test_every_key_appears_in_its_format_example() -> None:
    text = DOC.read_text(encoding="utf-8")
    examples = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert len(examples) == 3
    for fmt, example in zip(FORMATS, examples, strict=True):
        for record in records(fmt):
            for field in record.fields:
                assert re.search(rf"^\s*(- )?{field.name}:", example, re.M), (record.what, field.name)


def test_every_example_is_used() -> None:
    """An example for a key that no longer exists would be a stale line of the reference."""
    keys = {
        f"{record.what}.{field.name}" for fmt in FORMATS for record in records(fmt) for field in record.fields
    }
    assert set(reference.EXAMPLES) <= keys, set(reference.EXAMPLES) - keys


def test_the_examples_pass_check(project: Project) -> None:
    """The three examples, as files, have no error: what the reference shows, check takes."""
    text = DOC.read_text(encoding="utf-8")
    review, bulletin, portal = re.findall(r"```yaml\n(.*?)```", text, re.S)
    project.write("reviews/child-t.yaml", review)
    project.write("bulletins/1.yaml", bulletin)
    project.write("portal.yaml", portal)
    result = project.run("check", "--as-of", "2026-11-29")
    errors = [
        line for line in result.lines if re.match(r"^\S+:\d+:\d+: ", line) and ": warning: " not in line
    ]
    assert errors == []
    assert result.code == 0


def test_the_readme_points_to_the_reference_and_nothing_outside_the_repository() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "[docs/format.md](docs/format.md)" in readme
    assert "../" not in re.sub(r"`[^`]*`", "", readme)  # no link out of the repository
    assert "DESIGN.md" not in readme
