"""JSON Schema files for editors (`python -m generator schema`), made from the validator's formats.

An editor that reads `# yaml-language-server: $schema=schema.json` (VS Code with the YAML
extension, and others) then completes field names and flags mistakes while the file is typed.
The schema is built from the same Record and Kind objects that `check` uses, so the two cannot
drift apart. `check` stays the judge: a schema cannot see across files (unique ids, a bulletin's
review slug), and it says less than `check` does about what to do.

The schemas use only keywords that mean the same in draft-07 and 2020-12, because editors lag
behind the standard.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .formats import BULLETIN, PORTAL, review_record
from .model import Theme
from .schema import THEME_REF, Record

DRAFT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class SchemaFile:
    path: str  # relative to the project root
    record: Record
    title: str
    description: str


SCHEMA_FILES = (
    SchemaFile(
        "reviews/schema.json",
        review_record("schema"),
        "Review file (reviews/<slug>.yaml)",
        "One review of the safeguarding learning portal. The file name is the review's slug.",
    ),
    SchemaFile(
        "bulletins/schema.json",
        BULLETIN,
        "Bulletin file (bulletins/<number>.yaml)",
        "One issue of the learning bulletin. The file name is the issue number.",
    ),
    SchemaFile(
        "portal.schema.json",
        PORTAL,
        "Portal settings (portal.yaml)",
        "The partnership's own settings. Every field is optional.",
    ),
)


def theme_schema(themes: Sequence[Theme]) -> dict[str, Any]:
    return {
        "description": "A theme from the vocabulary: the default themes plus those in portal.yaml.",
        "enum": [theme.slug for theme in themes],
        # Not JSON Schema, but shown by VS Code's completion list; validators ignore it.
        "enumDescriptions": [f"{theme.title}: {theme.description}" for theme in themes],
    }


def _refers_to(schema: Any, ref: str) -> bool:
    if isinstance(schema, dict):
        return schema.get("$ref") == ref or any(_refers_to(v, ref) for v in schema.values())
    if isinstance(schema, list):
        return any(_refers_to(item, ref) for item in schema)
    return False


def document_schema(file: SchemaFile, themes: Sequence[Theme]) -> dict[str, Any]:
    """The whole schema document for one kind of input file."""
    schema = file.record.json_schema()
    document: dict[str, Any] = {
        "$schema": DRAFT,
        "title": file.title,
        "description": file.description,
        **schema,
    }
    if _refers_to(schema, THEME_REF):
        document["$defs"] = {"theme": theme_schema(themes)}
    return document


def render(document: dict[str, Any]) -> bytes:
    """Deterministic text: sorted keys, two-space indent, a final newline."""
    return (json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def schemas(themes: Sequence[Theme]) -> dict[str, bytes]:
    """Every schema file: path under the project root → contents."""
    return {file.path: render(document_schema(file, themes)) for file in SCHEMA_FILES}


def write(root: Path, files: dict[str, bytes]) -> list[str]:
    """Write the files whose contents changed; returns the paths written."""
    written = []
    for path, data in sorted(files.items()):
        target = root / path
        try:
            if target.read_bytes() == data:
                continue
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(path)
    return written
